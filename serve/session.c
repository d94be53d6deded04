/*
** Sessions and their pool (session.h).
*/
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "search/names.h"
#include "search/suggest.h"

static void session_close(session *se) {
  if (!se) return;
  planner_close(&se->plan);
  warta_searcher_close(se->s);
  free(se);
}

static int session_open(const char *db, const names_table *names, session **out, char **err) {
  session *se = calloc(1, sizeof *se);
  *out = NULL;
  *err = NULL;
  if (!se) return WARTA_NOMEM;
  /* shards that do not answer are left out here, and each request decides
  ** whether it takes such an answer (partial) or refuses it (503): one
  ** session serves both, and the server starts while a shard is down */
  int rc = warta_searcher_open_with(db, WARTA_OPEN_PARTIAL, &se->s, err);
  if (rc) {
    free(se);
    return rc;
  }
  if ((rc = planner_open(&se->plan, se->s, err))) {
    warta_searcher_close(se->s);
    free(se);
    return rc;
  }
  planner_set_synonyms(&se->plan, names);
  *out = se;
  return WARTA_OK;
}

int pool_init(pool *p, const char *db, const names_table *names, char **err) {
  session *se = NULL;
  memset(p, 0, sizeof *p);
  p->db = db;
  p->names = names;
  if (pthread_mutex_init(&p->mu, NULL)) return WARTA_NOMEM;
  int rc = session_open(db, names, &se, err);
  if (rc) {
    pthread_mutex_destroy(&p->mu);
    memset(p, 0, sizeof *p);
    return rc;
  }
  p->open = 1;
  pool_put(p, se, 0);
  if (p->nidle != 1) {
    pool_free(p);
    return WARTA_NOMEM;
  }
  return WARTA_OK;
}

void pool_free(pool *p) {
  if (!p || !p->db) return;
  for (int i = 0; i < p->nidle; i++)
    session_close(p->idle[i]);
  free(p->idle);
  pthread_mutex_destroy(&p->mu);
  memset(p, 0, sizeof *p);
}

session *pool_get(pool *p, int *rc, char **err) {
  session *se = NULL;
  *rc = WARTA_OK;
  *err = NULL;
  pthread_mutex_lock(&p->mu);
  if (p->nidle > 0)
    se = p->idle[--p->nidle];
  else
    p->open++; /* counted now: opened below, outside the lock */
  pthread_mutex_unlock(&p->mu);
  if (se) return se;
  if ((*rc = session_open(p->db, p->names, &se, err))) {
    pthread_mutex_lock(&p->mu);
    p->open--;
    pthread_mutex_unlock(&p->mu);
    return NULL;
  }
  return se;
}

char **session_missing(session *se) {
  char **missing = NULL;
  warta_searcher_missing(se->s, &missing);
  return missing;
}

int pool_missing(pool *p, char ***names) {
  int rc;
  char *err = NULL;
  *names = NULL;
  session *se = pool_get(p, &rc, &err);
  free(err);
  if (!se) return rc;
  rc = warta_searcher_missing(se->s, names);
  pool_put(p, se, 0);
  return rc;
}

void pool_put(pool *p, session *se, int broken) {
  if (!se) return;
  pthread_mutex_lock(&p->mu);
  if (!broken && p->nidle == p->cap) {
    int cap = p->cap ? p->cap * 2 : 8;
    session **v = realloc(p->idle, sizeof *v * (size_t)cap);
    if (v) {
      p->idle = v;
      p->cap = cap;
    }
  }
  if (!broken && p->nidle < p->cap) {
    p->idle[p->nidle++] = se;
    se = NULL;
  } else {
    p->open--;
  }
  pthread_mutex_unlock(&p->mu);
  session_close(se); /* broken, or no room to keep it */
}

int session_search(session *se, const request *r, search_out *o) {
  memset(o, 0, sizeof *o);
  int rc = request_build(&se->plan, r, &o->q, &o->syn, &o->notes);
  if (rc == WARTA_TOOBIG)
    snprintf(o->toobig, sizeof o->toobig, "more than %d words", WARTA_MAX_QUERY_WORDS);
  if (rc) return rc;
  if (o->notes.nothing) {
    o->nothing = 1;
    return WARTA_OK;
  }
  rc = warta_search(se->s, &o->q, &o->r);
  if (rc == WARTA_TOOBIG) snprintf(o->toobig, sizeof o->toobig, "%s", warta_searcher_errmsg(se->s));
  if (rc) return rc;
  if (!r->count) {
    int serr = 0;
    o->suggestion =
        suggest_query(&se->plan, r->text ? r->text : "", &o->syn, o->r.total < o->q.limit, &serr);
  }
  return WARTA_OK;
}

void search_out_free(search_out *o) {
  planner_clear(&o->q);
  qsyntax_free(&o->syn);
  warta_results_free(&o->r);
  free(o->suggestion);
  memset(o, 0, sizeof *o);
}

int session_article(session *se, const char *key, const char *text, warta_full_article *a) {
  request r;
  warta_query q;
  qsyntax syn;
  plan_notes notes;
  int rc = WARTA_OK, planned = 0;
  memset(a, 0, sizeof *a);
  memset(&syn, 0, sizeof syn);
  memset(&q, 0, sizeof q);
  if (text && *text) {
    request_init(&r);
    r.text = text;
    rc = request_build(&se->plan, &r, &q, &syn, &notes);
    planned = rc == WARTA_OK && q.ngroup > 0;
  }
  if (rc == WARTA_OK) rc = warta_article_fetch(se->s, key, planned ? &q : NULL, a);
  planner_clear(&q);
  qsyntax_free(&syn);
  return rc;
}
