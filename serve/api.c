/*
** The HTTP API (docs/api.md): /api/search, /api/article/KEY, /healthz,
** and /feed (the same search as Atom).
** Answers are JSON made by search/render.c; errors are
** {"error": {"status", "message"}}, and never quote the engine: its
** messages go to the log.
**
** Shards of a stub that do not answer are left out by the sessions
** (session.h) and named by their lines in the stub, the operator's words:
** in "missing_shards" of an answer that leaves them out (the request's
** partial, or the server's --partial), of the 503 that refuses such an
** answer, and of /healthz's "degraded".
*/
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "common/rc.h"
#include "common/utf8.h"
#include "atom.h"
#include "export.h"
#include "params.h"
#include "search/render.h"
#include "serve.h"

int serve_index_status(int rc) { return rc == WARTA_NOMEM ? 500 : 503; }

int serve_partial(const server *sv, int asked) { return asked >= 0 ? asked : sv->o->partial; }

/* "shards do not answer: A, B" for the shards of missing, into b. */
static void missing_text(warta_buf *b, char *const *missing) {
  warta_buf_puts(b, "shards do not answer: ");
  for (int i = 0; missing && missing[i]; i++) {
    if (i) warta_buf_puts(b, ", ");
    warta_buf_puts(b, missing[i]);
  }
}

/* 503 for an answer that would leave out the shards of missing: why (after
** their names, in the message) and missing_shards; logged. */
static void missing_refused(server *sv, const http_req *rq, char *const *missing, const char *why,
                            http_resp *out) {
  warta_buf b = WARTA_BUF_INIT;
  missing_text(&b, missing);
  warta_buf_puts(&b, why);
  const char *msg = b.err ? "shards do not answer" : b.p;
  serve_log("%s: %s: %s", rq->path, sv->o->db, msg);
  json_t *j = json_pack("{s:{s:i, s:o}, s:o}", "error", "status", 503, "message",
                        render_string(msg, strlen(msg)), "missing_shards", render_list(missing));
  http_json(out, 503, j);
  warta_buf_free(&b);
}

static const char *index_message(int rc) {
  return rc == WARTA_NOMEM ? "out of memory" : "the index cannot be read";
}

/* A session, or NULL after answering 503. */
static session *borrow(server *sv, const http_req *rq, http_resp *out) {
  int rc;
  char *err = NULL;
  session *se = pool_get(&sv->pool, &rc, &err);
  if (!se) {
    serve_log("%s: %s: %s", rq->path, sv->o->db, err ? err : index_message(rc));
    http_error(out, serve_index_status(rc), index_message(rc));
  }
  free(err);
  return se;
}

/* An index error during a request: logged, the session closed. */
static void index_failed(server *sv, const http_req *rq, session *se, int rc, http_resp *out) {
  serve_log("%s: %s: %s", rq->path, sv->o->db,
            rc == WARTA_NOMEM ? "out of memory" : warta_searcher_errmsg(se->s));
  pool_put(&sv->pool, se, rc != WARTA_NOMEM);
  http_error(out, serve_index_status(rc), index_message(rc));
}

/*
** Search r (read from rq's parameters, with x) on a session. Returns the
** session (give it back: pool_put()) with the results in *o; or NULL when
** the search failed, every failure answered into out. Free o with
** search_out_free() in both cases.
*/
static session *answer_search(server *sv, const http_req *rq, const request *r,
                              const params_extra *px, search_out *o, warta_buf *csv,
                              http_resp *out) {
  char msg[800];
  memset(o, 0, sizeof *o);
  session *se = borrow(sv, rq, out);
  if (!se) return NULL;
  int rc =
      csv ? export_csv(se, r, serve_partial(sv, px->partial), o, csv) : session_search(se, r, o);
  /* the parameter naming an article: story is looked up before like */
  const char *named = r->story ? "story" : r->like ? "like" : NULL;
  char **missing = rc == WARTA_NOTFOUND && named ? session_missing(se) : NULL;
  int ok = 0;
  if (rc == WARTA_TOOBIG) {
    snprintf(msg, sizeof msg, "bad parameter 'q': %s", o->toobig);
    http_error(out, 400, msg);
  } else if (missing) {
    snprintf(msg, sizeof msg, "; the article of '%s' may be in one of them", named);
    missing_refused(sv, rq, missing, msg, out);
  } else if (rc == WARTA_NOTFOUND && named) {
    snprintf(msg, sizeof msg, "bad parameter '%s': no article with this key or path", named);
    http_error(out, 400, msg);
  } else if (rc) {
    index_failed(sv, rq, se, rc, out);
    return NULL;
  } else if (o->r.missing && !serve_partial(sv, px->partial)) {
    missing_refused(sv, rq, o->r.missing, "; partial=1 answers from the others", out);
  } else if (o->notes.fault) {
    http_error(out, 400, request_fault_text(&o->notes, msg, sizeof msg));
  } else if (o->nothing) {
    http_error(out, 400,
               o->notes.excluded_only
                   ? "bad parameter 'q': it only excludes (-word): nothing to search for"
                   : "bad parameter 'q': nothing to search for");
  } else {
    ok = 1;
  }
  warta_list_free(missing);
  if (ok) return se;
  pool_put(&sv->pool, se, 0);
  return NULL;
}

void api_search(server *sv, const http_req *rq, http_resp *out) {
  request r;
  params_extra x;
  params_error e;
  search_out o;
  request_init(&r);
  r.copies = 1; /* every copy, as warta-query gives them; copies=0 folds */
  warta_buf csv = WARTA_BUF_INIT;
  if (params_read(http_arg_fn, (void *)rq, &r, &x, &e)) {
    http_error(out, e.status, e.msg);
    return;
  }
  if (x.csv && r.count) {
    http_error(out, 400, "bad parameter 'count': format=csv exports hits, count=1 has none");
    return;
  }
  session *se = answer_search(sv, rq, &r, &x, &o, x.csv ? &csv : NULL, out);
  if (se) {
    if (x.csv) {
      char name[80];
      export_filename(r.text, name, sizeof name);
      http_csv(out, 200, &csv, name);
    } else {
      render_ctx c = {NULL, NULL, NULL};
      json_t *j = render_response(&c, r.text, &o.r, &o.q, o.suggestion);
      http_json(out, 200, j);
    }
    pool_put(&sv->pool, se, 0);
  }
  warta_buf_free(&csv);
  search_out_free(&o);
}

/*
** /feed: the search's newest articles as Atom (atom.h). Every parameter of
** /api/search is taken and checked as there; the order is the newest
** added first unless sort says otherwise, n is FEED_N unless given, and
** one entry is made per article.
*/
void api_feed(server *sv, const http_req *rq, http_resp *out) {
  request r;
  params_extra x;
  params_error e;
  search_out o;
  warta_buf b = WARTA_BUF_INIT;
  request_init(&r);
  r.copies = 1; /* every copy, as warta-query gives them; copies=0 folds */
  r.sort = WARTA_SORT_ADDED;
  r.limit = FEED_N;
  if (params_read(http_arg_fn, (void *)rq, &r, &x, &e)) {
    http_error(out, e.status, e.msg);
    return;
  }
  r.per_doc = 1;
  r.count = r.facets = r.explain = 0;
  session *se = answer_search(sv, rq, &r, &x, &o, NULL, out);
  if (se) {
    atom_feed(&b, http_arg_fn, (void *)rq, r.text, &o.r);
    pool_put(&sv->pool, se, 0);
    if (b.err) {
      http_error(out, 500, "out of memory");
    } else {
      out->status = 200;
      out->type = "application/atom+xml; charset=utf-8";
      out->n = b.n;
      out->body = warta_buf_take(&b);
    }
  }
  warta_buf_free(&b);
  search_out_free(&o);
}

void api_article(server *sv, const http_req *rq, http_resp *out) {
  const char *key = rq->rest, *q = http_arg(rq, "q");
  size_t n = strlen(key);
  warta_full_article a;
  if (n == 0) {
    http_error(out, 404, "no article key in the path (/api/article/KEY)");
    return;
  }
  if (n > PARAMS_MAX_QUERY) {
    http_error(out, 414, "the article key is too long");
    return;
  }
  if (warta_utf8_invalid(key, n) != n) {
    http_error(out, 400, "the article key is not UTF-8");
    return;
  }
  if (q && (strlen(q) > PARAMS_MAX_QUERY || warta_utf8_invalid(q, strlen(q)) != strlen(q))) {
    http_error(out, strlen(q) > PARAMS_MAX_QUERY ? 414 : 400,
               "bad parameter 'q': too long or not UTF-8");
    return;
  }
  session *se = borrow(sv, rq, out);
  if (!se) return;
  int rc = session_article(se, key, q, &a);
  char **missing = rc == WARTA_NOTFOUND ? session_missing(se) : NULL;
  if (missing) {
    missing_refused(sv, rq, missing, "; the article may be in one of them", out);
  } else if (rc == WARTA_NOTFOUND) {
    http_error(out, 404, "no article with this key or path");
  } else if (rc == WARTA_TOOBIG) {
    http_error(out, 400, "bad parameter 'q': too many words");
  } else if (rc) {
    index_failed(sv, rq, se, rc, out);
    return;
  } else {
    render_ctx c = {NULL, NULL, NULL};
    http_json(out, 200, render_article(&c, &a));
  }
  warta_list_free(missing);
  warta_full_article_free(&a);
  pool_put(&sv->pool, se, 0);
}

void api_health(server *sv, const http_req *rq, http_resp *out) {
  session *se = borrow(sv, rq, out);
  int generation = 0;
  unsigned long long revision = 0;
  if (!se) return;
  int rc = warta_searcher_refresh(se->s, NULL);
  long articles = rc ? -1 : warta_searcher_articles(se->s);
  if (rc == WARTA_OK && articles < 0) rc = WARTA_ERROR;
  if (rc == WARTA_OK) rc = warta_searcher_version(se->s, &generation, &revision);
  /* the shards that answer are read: degraded, not down, when others do not */
  char **missing = NULL;
  if (rc == WARTA_OK) rc = warta_searcher_missing(se->s, &missing);
  if (rc) {
    index_failed(sv, rq, se, rc, out);
    return;
  }
  json_t *j =
      json_pack("{s:s, s:I, s:i, s:I, s:s}", "status", missing ? "degraded" : "ok", "articles",
                (json_int_t)articles, "generation", generation, "revision", (json_int_t)revision,
                "analysis_version", warta_searcher_analysis_version(se->s));
  if (j && missing) json_object_set_new(j, "missing_shards", render_list(missing));
  warta_list_free(missing);
  pool_put(&sv->pool, se, 0);
  http_json(out, 200, j);
}
