/*
** Verifying an index: the engine's own check of its database, then the
** agreement of the engine with the indexer's state: every article the
** state records is in the engine with as many passages, and the engine
** holds no article the state does not know.
*/
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/grow.h"
#include "common/rc.h"
#include "dir.h"
#include "search_int.h"
#include "state.h"

typedef struct checker {
  warta_check_fn fn; /* the caller's */
  void *ctx;
  xdb *x;        /* the engine */
  long problems; /* found so far */
  long pending;  /* state rows of an interrupted run */
  long reread;   /* articles a recovery left for the next run to index */
  long articles; /* in the state */
  char **aids;   /* the state's article ids, sorted (for the reverse check) */
  size_t naids, capaids;
} checker;

static void problem(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(checker *c, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  c->problems++;
  if (c->problems <= 20)
    c->fn(c->ctx, msg);
  else if (c->problems == 21)
    c->fn(c->ctx, "(more problems not shown)");
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int first_doc(void *ctx, xdocid did) {
  *(xdocid *)ctx = did;
  return 1;
}

/* One state article against the engine. */
static int check_article(void *ctx, const char *key, const char *aid, uint64_t hash, int state,
                         int64_t file_id, int passages) {
  checker *c = ctx;
  char t[64];
  uint32_t tf = 0;
  if (WARTA_GROW(c->aids, c->capaids, c->naids + 1)) return WARTA_NOMEM;
  if (!(c->aids[c->naids] = strdup(aid))) return WARTA_NOMEM;
  c->naids++;
  if (state != 0) {
    /* an interrupted run: in the engine or not, the next run decides */
    c->pending++;
    return 0;
  }
  c->articles++;
  int n = snprintf(t, sizeof t, "%s%s", P_ID, aid);
  int rc = xdb_termfreq(c->x, t, (size_t)n, &tf);
  if (rc) return rc;
  if (tf == 0 && hash == 0) {
    /* the recovery after a killed run took it out of the engine and left
    ** it (hash 0, its file unfinished) to be read again; killed again
    ** before that, it waits for the next run, which indexes it */
    c->reread++;
    return 0;
  }
  if (tf != 1) {
    problem(c, "article %s (file %lld, key '%s') is %s in the engine", aid, (long long)file_id, key,
            tf ? "more than once" : "missing");
    return 0;
  }
  /* its data: the JSON with as many passages, and a byte range segment for
  ** the title and each passage */
  xdocid did = 0;
  rc = xdb_postings(c->x, t, (size_t)n, first_doc, &did);
  if (rc && *xdb_errmsg(c->x)) return rc;
  if (!did) return 0;
  char *data = NULL;
  size_t nd = 0, nj = 0, nt = 0, ns = 0;
  const unsigned char *tail = NULL, *seg = NULL;
  if ((rc = xdb_document(c->x, did, &data, &nd))) return rc;
  json_t *o = NULL;
  if (data_split(data, nd, &nj, &tail, &nt) || !(o = json_loadb(data, nj, 0, NULL)) ||
      data_segment(tail, nt, passages, &seg, &ns)) {
    problem(c, "article %s has damaged data in the engine", aid);
  } else if ((int)json_array_size(json_object_get(o, "passages")) != passages) {
    problem(c, "article %s has %zu passages in the engine, %d in the state", aid,
            json_array_size(json_object_get(o, "passages")), passages);
  }
  json_decref(o);
  free(data);
  return 0;
}

static int check_engine_article(void *ctx, const char *t, size_t n, uint32_t tf) {
  checker *c = ctx;
  char aid[AID_LEN + 1];
  (void)tf;
  if (n != 1 + AID_LEN) {
    problem(c, "a malformed article id term in the engine");
    return 0;
  }
  memcpy(aid, t + 1, AID_LEN);
  aid[AID_LEN] = 0;
  char *key = aid;
  if (!bsearch(&key, c->aids, c->naids, sizeof *c->aids, cmp_str))
    problem(c, "article %s is in the engine but not in the state", aid);
  return 0;
}

/* The schema version markers of the state and of the engine: an index of
** another schema is not checked as one of this schema. */
static int check_versions(checker *c, wstate *st) {
  char msg[300], *v = state_meta_get(st, "schema_version");
  int rc = schema_version_check(v, "the state", msg, sizeof msg);
  free(v);
  v = NULL;
  if (rc == WARTA_OK && (rc = xdb_get_metadata(c->x, "warta.schema_version", &v)))
    snprintf(msg, sizeof msg, "the engine cannot be read: %s", xdb_errmsg(c->x));
  else if (rc == WARTA_OK)
    rc = schema_version_check(v, "the engine", msg, sizeof msg);
  free(v);
  if (rc) problem(c, "%s", msg);
  return rc == WARTA_NOMEM || rc == WARTA_TOONEW || rc == WARTA_MISMATCH ? rc
         : rc                                                            ? WARTA_CORRUPT
                                                                         : WARTA_OK;
}

/* The engine's own check of one database of generation gen. Returns
** WARTA_OK, WARTA_CORRUPT (a problem told), or WARTA_IOERR when it cannot
** be checked here (told, not a problem of the index). */
static int check_database(checker *c, const char *dir, int gen, const char *db) {
  char p[4096], msg[4600], table[4200], *err = NULL, *report = NULL;
  struct stat sb;
  if (dir_path(p, sizeof p, dir, gen, db)) {
    problem(c, "path too long");
    return WARTA_CORRUPT;
  }
  if (stat(p, &sb) != 0) {
    snprintf(msg, sizeof msg,
             "the stub XAPIANDB names generation g%d, whose database %s is missing", gen, p);
    c->fn(c->ctx, msg);
    c->problems++;
    return WARTA_CORRUPT;
  }
  /* Xapian's check opens the tables for writing */
  snprintf(table, sizeof table, "%s/postlist.glass", p);
  if (access(table, W_OK) != 0 && errno != ENOENT) {
    snprintf(msg, sizeof msg,
             "cannot check: Xapian's check opens the database for writing, and %s is not "
             "writable here (%s): run --check as the index's owner, on a writable mount",
             p, strerror(errno));
    c->fn(c->ctx, msg);
    return WARTA_IOERR;
  }
  int rc = xdb_check(p, &report, &err);
  free(report);
  if (rc) problem(c, "the engine's check of %s: %s", db, err ? err : "failed");
  free(err);
  return rc ? WARTA_CORRUPT : WARTA_OK;
}

/* The stub names a generation, and the engine's own check passes each of
** its databases: WARTA_OK, or what warta_store_check() returns. */
static int check_databases(checker *c, const char *dir, int *gen) {
  if (dir_kind_of(dir) != DIR_INDEX) {
    c->fn(c->ctx, "not a warta index (no XAPIANDB stub)");
    c->problems++;
    return WARTA_NOTFOUND;
  }
  char **dbs = dir_databases(dir, gen);
  int rc = WARTA_OK;
  if (!dbs || !dbs[0]) {
    c->fn(c->ctx, "the stub XAPIANDB names no generation");
    c->problems++;
    rc = WARTA_CORRUPT;
  }
  for (int i = 0; rc == WARTA_OK && dbs[i]; i++)
    rc = check_database(c, dir, *gen, dbs[i]);
  warta_list_free(dbs);
  return rc;
}

/* The state against the engine, both of them open: articles one by one,
** then the engine's article ids, then the counts; notes on what the next
** run completes. Returns WARTA_OK (problems counted in c) or an error
** reading either. */
static int check_agreement(checker *c, wstate *st) {
  int rc = state_all_articles(st, check_article, c);
  if (rc && st->err) problem(c, "the state cannot be read: %s", state_errmsg(st));
  if (rc == WARTA_OK) {
    qsort(c->aids, c->naids, sizeof *c->aids, cmp_str);
    rc = xdb_allterms(c->x, P_ID, strlen(P_ID), check_engine_article, c);
    if (rc) problem(c, "the engine cannot be read: %s", xdb_errmsg(c->x));
  }
  if (rc == WARTA_OK) {
    uint32_t tf = 0;
    rc = xdb_termfreq(c->x, T_ARTICLE, strlen(T_ARTICLE), &tf);
    if (rc == WARTA_OK && !c->pending && (long)tf != c->articles - c->reread)
      problem(c, "the engine holds %u articles, the state %ld", tf, c->articles);
  }
  if (rc == WARTA_OK && c->pending) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "%ld articles of an interrupted run are not confirmed: the next run completes them",
             c->pending);
    c->fn(c->ctx, msg);
  }
  if (rc == WARTA_OK && c->reread) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "%ld articles are out of the engine until the next run indexes them again "
             "(a run was killed while recovering from an earlier kill): recoverable by the "
             "next run",
             c->reread);
    c->fn(c->ctx, msg);
  }
  return rc;
}

int warta_store_check(const char *dir, warta_check_fn fn, void *ctx, long *problems) {
  char p[4096], *err = NULL;
  checker c;
  wstate st;
  memset(&c, 0, sizeof c);
  c.fn = fn;
  c.ctx = ctx;
  int gen = 0;
  int rc = check_databases(&c, dir, &gen);
  *problems = c.problems;
  if (rc) return rc;
  if (dir_path(p, sizeof p, dir, gen, DIR_STATE) ||
      (rc = state_open(&st, p, 0, STATE_READ_REPAIR))) {
    char msg[600];
    snprintf(msg, sizeof msg, "the state cannot be read: %s", state_errmsg(&st));
    fn(ctx, msg);
    state_close(&st);
    *problems = 1;
    return rc == WARTA_BUSY ? WARTA_BUSY : WARTA_CORRUPT;
  }
  if ((rc = xdb_open(dir, 0, &c.x, &err))) {
    problem(&c, "cannot open the engine: %s", err ? err : "?");
    free(err);
    state_close(&st);
    *problems = c.problems;
    return rc;
  }
  rc = check_versions(&c, &st);
  if (rc == WARTA_OK) rc = check_agreement(&c, &st);
  for (size_t i = 0; i < c.naids; i++)
    free(c.aids[i]);
  free(c.aids);
  xdb_close(c.x);
  state_close(&st);
  *problems = c.problems;
  if (rc) return rc;
  return c.problems ? WARTA_CORRUPT : WARTA_OK;
}
