/*
** warta-serve: the newsroom's search page and HTTP API on a warta index.
**
** Modules (each header says more):
**   options.c  the command line
**   http.c     the HTTP server (libmicrohttpd): limits, routing, headers
**   conns.c    connections at once, and the deadline of each request
**   api.c      /api/search, /api/article/KEY, /healthz (JSON), /feed
**   atom.c     a search's results as an Atom feed
**   page.c     the search page and the article view (HTML)
**   timeline.c the page's timeline: a bar chart as inline SVG
**   export.c   a search's hits as a CSV file (format=csv)
**   params.c   search parameters into a typed request
**   session.c  the pool of open indexes, one per busy worker thread
**   outlets.c  the index's outlets for the page's pick-list, cached
**   html.c     escaping and highlighting for HTML
**   lang.c     the interface language and its strings
*/
#ifndef WARTA_SERVE_H
#define WARTA_SERVE_H

#include "common/buf.h"
#include "session.h"

#define SERVE_DEFAULT_PORT 8378

typedef struct serve_opts {
  const char *db;      /* the index */
  const char *listen;  /* ADDR:PORT as given [default: 127.0.0.1:8378] */
  int threads;         /* worker threads */
  int max_connections; /* connections at once, in all */
  int per_ip;          /* connections at once from one address (0: no limit) */
  int timeout;         /* seconds a request (or answer) may take */
  int verbosity;       /* -1 quiet, 0 normal, 1 verbose (a line per request) */
  int partial;         /* searches answer from the shards that answer, unless
                       ** a request says partial=0 */

  /* --synonyms FILE, or NULL: the built-in list */
  const char *synonyms;
} serve_opts;

/* What every handler sees. */
typedef struct server {
  const serve_opts *o; /* options */
  pool pool;           /* open indexes */
} server;

/* A request as the handlers see it. */
typedef struct http_req {
  void *conn;       /* the connection (http.c's business) */
  const char *path; /* the decoded path */
  const char *rest; /* the part after a route's prefix ("" if none) */
  double t0;        /* when its handling began (serve_now_ms()) */
} http_req;

/* A response being made. */
typedef struct http_resp {
  int status;        /* HTTP status */
  const char *type;  /* Content-Type */
  char *body;        /* malloc'ed */
  size_t n;          /* its bytes */
  const char *cache; /* Cache-Control, or NULL for no-store */

  /* Content-Disposition: the file name of an attachment, or "" */
  char disposition[96];
} http_resp;

/* A monotonic clock in milliseconds, for the time spent on a request. */
double serve_now_ms(void);

/* A request's query parameter or header (NULL when absent); valid during
** the request. */
const char *http_arg(const http_req *rq, const char *name);
const char *http_header(const http_req *rq, const char *name);
/* http_arg() as a params_get_fn (ctx: the http_req). */
const char *http_arg_fn(void *ctx, const char *name);

/* Set out to JSON o (the reference is taken) or HTML b (its bytes are
** taken); when out of memory, a plain 500. */
void http_json(http_resp *out, int status, void *o);
void http_html(http_resp *out, int status, warta_buf *b);
/* Set out to CSV b (its bytes are taken), a file to save as filename
** (ASCII without quotes: export_filename()); when out of memory, a plain
** 500. */
void http_csv(http_resp *out, int status, warta_buf *b, const char *filename);
/* A JSON error: {"error": {"status": status, "message": msg}}. */
void http_error(http_resp *out, int status, const char *msg);

/* A line on stderr, "warta-serve: ..." with whatever it quotes escaped:
** warta_say() of common/escape.h. */
void serve_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run the server until SIGINT or SIGTERM. Returns a warta_exit code. */
int serve_run(const serve_opts *o);

/* The handlers (api.c, page.c). */
void api_search(server *sv, const http_req *rq, http_resp *out);
void api_article(server *sv, const http_req *rq, http_resp *out);
void api_health(server *sv, const http_req *rq, http_resp *out);
/* /feed: the search as an Atom feed (atom.h). */
void api_feed(server *sv, const http_req *rq, http_resp *out);
void page_search(server *sv, const http_req *rq, http_resp *out);
void page_article(server *sv, const http_req *rq, http_resp *out);
void page_style(server *sv, const http_req *rq, http_resp *out);
/* An HTML page for an error status (404, 405, 413, 414, ...). */
void page_error(server *sv, const http_req *rq, http_resp *out, int status);

/* The status and message of an index error rc for a client: 503 and a
** fixed message (the engine's own goes to the log). */
int serve_index_status(int rc);

/* Whether a request takes an answer without the shards that do not
** answer: asked (its partial=: 1 or 0; -1 when not given), else the
** server's --partial. */
int serve_partial(const server *sv, int asked);

#endif
