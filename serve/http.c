/*
** The HTTP server on libmicrohttpd: a pool of worker threads, each
** request routed to its handler, bounded in size and time, every response
** with the same safety headers.
**
** Limits: connections at once (in all and per address) and a deadline
** for each request and answer (conns.h), a memory pool per connection
** (request line and headers must fit: libmicrohttpd answers 414 or 431
** itself otherwise), MAX_PARAMS parameters, no request body and one
** unambiguous length (no request can hide inside another), the query and
** key byte caps of params.h. Only GET and HEAD; only the routes below: no
** file is ever served.
**
** libmicrohttpd 0.9.75 answers a few malformed requests itself, before any
** handler runs, and those answers carry none of our headers: a request
** line or headers past the memory pool (414, 431), a request line it
** cannot parse or an invalid Content-Length (400), HTTP/0.x or 2 and later
** (505). Their bodies are fixed text and the connection is closed after.
** Every other answer is made in respond() below.
*/
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "common/escape.h"
#include "common/exitcode.h"
#include "common/rc.h"
#include "conns.h"
#include "outlets.h"
#include "search/names.h"
#include "serve.h"

#define MEMORY_LIMIT (64 * 1024) /* per connection: request line and headers */
#define MAX_PATH 8192            /* bytes of a decoded path */
#define MAX_PARAMS 256           /* query parameters of a request */

/* On every response: no script runs, nothing is sniffed or framed, and
** the searched words do not leak to the outlets through Referer. */
#define CSP                                                                                        \
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "               \
  "base-uri 'none'; frame-ancestors 'none'"

void serve_log(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  warta_vsay("warta-serve", fmt, ap);
  va_end(ap);
}

const char *http_arg(const http_req *rq, const char *name) {
  return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_arg_fn(void *ctx, const char *name) { return http_arg(ctx, name); }

const char *http_header(const http_req *rq, const char *name) {
  return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

static void set_body(http_resp *out, int status, const char *type, char *body, size_t n) {
  free(out->body);
  out->status = status;
  out->type = type;
  out->body = body;
  out->n = n;
}

void http_json(http_resp *out, int status, void *o) {
  char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
  json_decref(o);
  if (!s) {
    set_body(out, 500, "text/plain; charset=utf-8", NULL, 0);
    return;
  }
  set_body(out, status, "application/json; charset=utf-8", s, strlen(s));
}

/* Set out to the bytes of b (taken) as type; when out of memory, a plain
** 500. */
static void take_body(http_resp *out, int status, const char *type, warta_buf *b) {
  size_t n = b->n;
  char *s = b->err ? NULL : warta_buf_take(b);
  warta_buf_free(b);
  if (!s) {
    set_body(out, 500, "text/plain; charset=utf-8", NULL, 0);
    return;
  }
  set_body(out, status, type, s, n);
}

void http_html(http_resp *out, int status, warta_buf *b) {
  take_body(out, status, "text/html; charset=utf-8", b);
}

void http_csv(http_resp *out, int status, warta_buf *b, const char *filename) {
  take_body(out, status, "text/csv; charset=utf-8", b);
  if (out->status == status) snprintf(out->disposition, sizeof out->disposition, "%s", filename);
}

void http_error(http_resp *out, int status, const char *msg) {
  http_json(out, status, json_pack("{s:{s:i, s:s}}", "error", "status", status, "message", msg));
}

/**************************************************************************
** routing
*/
typedef void (*handler_fn)(server *, const http_req *, http_resp *);

static const struct route {
  const char *path; /* the path, or its prefix */
  int prefix;       /* 1: the path continues (rest) */
  handler_fn fn;
} routes[] = {
    {"/", 0, page_search},
    {"/article", 0, page_article},
    {"/style.css", 0, page_style},
    {"/api/search", 0, api_search},
    {"/api/article/", 1, api_article},
    {"/healthz", 0, api_health},
    {"/feed", 0, api_feed},
};

/* A path of the API answers errors in JSON, the others in HTML. */
static int is_api(const char *path) {
  return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
         strcmp(path, "/healthz") == 0;
}

static void route(server *sv, http_req *rq, http_resp *out) {
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    const struct route *r = &routes[i];
    size_t n = strlen(r->path);
    if (r->prefix ? strncmp(rq->path, r->path, n) == 0 : strcmp(rq->path, r->path) == 0) {
      rq->rest = rq->path + (r->prefix ? n : strlen(rq->path));
      r->fn(sv, rq, out);
      return;
    }
  }
  if (is_api(rq->path))
    http_error(out, 404, "no such resource");
  else
    page_error(sv, rq, out, 404);
}

static void fail(server *sv, http_req *rq, http_resp *out, int status, const char *msg) {
  if (is_api(rq->path))
    http_error(out, status, msg);
  else
    page_error(sv, rq, out, status);
}

double serve_now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* What respond() adds to an answer. */
enum { ALLOW = 1, CLOSE = 2 };

static enum MHD_Result respond(struct MHD_Connection *c, http_resp *out, int flags) {
  struct MHD_Response *resp;
  if (out->body)
    resp = MHD_create_response_from_buffer(out->n, out->body, MHD_RESPMEM_MUST_FREE);
  else
    resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  if (!resp) {
    free(out->body);
    return MHD_NO;
  }
  out->body = NULL;
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                          out->type ? out->type : "text/plain; charset=utf-8");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, CSP);
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                          out->cache ? out->cache : "no-store");
  if (flags & ALLOW) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  if (out->disposition[0]) {
    char d[sizeof out->disposition + 32];
    snprintf(d, sizeof d, "attachment; filename=\"%s\"", out->disposition);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, d);
  }
  /* libmicrohttpd closes the connection after an answer that says so:
  ** whatever followed the request is never read as another */
  if (flags & CLOSE) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
  enum MHD_Result r = MHD_queue_response(c, (unsigned)out->status, resp);
  MHD_destroy_response(resp);
  return r;
}

/* The request's framing headers, counted. */
typedef struct framing {
  int lengths;   /* Content-Length headers */
  int bad;       /* 1: one is not a plain number */
  int nonzero;   /* 1: one announces a body */
  int encodings; /* Transfer-Encoding headers */
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value) {
  framing *f = cls;
  (void)kind;
  if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
    size_t digits = value ? strspn(value, "0123456789") : 0;
    f->lengths++;
    f->bad |= digits == 0 || value[digits] != 0;
    f->nonzero |= value && strspn(value, "0") != strlen(value);
  } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
    f->encodings++;
  }
  return MHD_YES;
}

/* 400 when the request's length could be read two ways (so that a proxy
** before us and libmicrohttpd could split the stream into different
** requests); 413 when it announces a body, which no route takes; else 0. */
static int framing_status(struct MHD_Connection *c) {
  framing f = {0, 0, 0, 0};
  MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
  if (f.lengths > 1 || f.bad || (f.lengths && f.encodings)) return 400;
  return f.nonzero || f.encodings ? 413 : 0;
}

/* libmicrohttpd's URI callback, called with the raw request target before
** it splits the parameters into its per-connection pool, which a few
** thousand of them would exhaust (the request was then never answered).
** Past MAX_PARAMS the target is cut at the next '&' (the target lies in
** that connection's read buffer, which libmicrohttpd itself rewrites as
** it parses), and the request is marked for a 400. The result is the
** request's first *state in handle(). */
static int fresh, too_many;
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls, (void)c;
  const char *q = strchr(uri, '?');
  for (int n = 0; q; n++) {
    q = strchr(q + 1, '&');
    if (q && n + 1 >= MAX_PARAMS) {
      *(char *)q = 0;
      return &too_many;
    }
  }
  return &fresh;
}

/* What the handler needs of the daemon. */
typedef struct http_ctx {
  server *sv; /* the handlers' server */
  conns *cs;  /* the connection policy */
} http_ctx;

/* The answer to a request whose headers are in, before any body, or 0 to
** read on. */
static int first_look(server *sv, http_req *rq, const char *method, const char *version,
                      void *state, http_resp *out) {
  struct MHD_Connection *c = rq->conn;
  int framed = framing_status(c);
  if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
    fail(sv, rq, out, 405, "only GET and HEAD are served");
  else if (framed == 400)
    fail(sv, rq, out, 400, "the request's length is ambiguous");
  else if (framed)
    /* answered before the body is read; the connection is closed after */
    fail(sv, rq, out, 413, "a request body is not accepted");
  else if (strcmp(version, MHD_HTTP_VERSION_1_0) != 0 &&
           !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
    fail(sv, rq, out, 400, "a request without Host");
  else if (state == &too_many) {
    char msg[64];
    snprintf(msg, sizeof msg, "more than %d parameters", MAX_PARAMS);
    fail(sv, rq, out, 400, msg);
  } else
    return 0;
  return out->status;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state) {
  /* per request, *state: &fresh or &too_many at the first call (the
  ** headers are in, uri_seen() set it), then &started, or &discarding
  ** once an unannounced body arrived */
  static int started, discarding;
  http_ctx *ctx = cls;
  server *sv = ctx->sv;
  http_resp out = {.status = 500};
  double t0 = serve_now_ms();
  http_req rq = {c, url ? url : "", "", t0};
  int flags = 0, first = *state != &started && *state != &discarding;
  (void)upload;
  if (first && first_look(sv, &rq, method, version ? version : "", *state, &out)) {
    flags = (out.status == 405 ? ALLOW : 0) | CLOSE;
  } else if (first) {
    *state = &started;
    return MHD_YES;
  } else if (*upload_size) {
    *upload_size = 0; /* dropped; answered 413 once it is over */
    *state = &discarding;
    return MHD_YES;
  } else if (*state == &discarding) {
    fail(sv, &rq, &out, 413, "a request body is not accepted");
    flags = CLOSE;
  } else if (strlen(rq.path) > MAX_PATH) {
    fail(sv, &rq, &out, 414, "the path is too long");
  } else {
    conns_busy(ctx->cs, c, 1);
    route(sv, &rq, &out);
  }
  int status = out.status;
  enum MHD_Result r = respond(c, &out, flags);
  conns_busy(ctx->cs, c, 0);
  if (sv->o->verbosity > 0)
    serve_log("%s %s %d %.1f ms", method, rq.path, status, serve_now_ms() - t0);
  return r;
}

static void mhd_log(void *cls, const char *fmt, va_list ap) {
  char msg[1024];
  (void)cls;
  vsnprintf(msg, sizeof msg, fmt, ap);
  serve_log("%s", msg);
}

/**************************************************************************
** running
*/
/* Split ADDR:PORT ([V6]:PORT for IPv6) and resolve it: 0 and *ai, or -1
** with a message in why. */
static int resolve(const char *listen, struct addrinfo **ai, char *why, size_t n) {
  char host[256];
  const char *colon = strrchr(listen, ':');
  if (!colon || colon == listen || !colon[1] || (size_t)(colon - listen) >= sizeof host) {
    snprintf(why, n, "bad --listen '%s' (ADDR:PORT)", listen);
    return -1;
  }
  const char *h = listen;
  size_t hn = (size_t)(colon - listen);
  if (h[0] == '[' && hn >= 2 && h[hn - 1] == ']') h++, hn -= 2;
  memcpy(host, h, hn);
  host[hn] = 0;
  const char *port = colon + 1;
  if (strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 || atoi(port) > 65535) {
    snprintf(why, n, "bad port in --listen '%s' (0 to 65535)", listen);
    return -1;
  }
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  int rc = getaddrinfo(host, port, &hints, ai);
  if (rc) {
    snprintf(why, n, "cannot resolve '%s': %s", host, gai_strerror(rc));
    return -1;
  }
  return 0;
}

/* The address and port the daemon listens on, for the first line. */
static void announce(struct MHD_Daemon *d, const struct addrinfo *ai, const char *db,
                     int verbosity) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  char host[NI_MAXHOST] = "?";
  getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
  unsigned port = info ? info->port : 0;
  int v6 = ai->ai_family == AF_INET6;
  /* stdout: the address, for scripts and tests that bind port 0 */
  printf("http://%s%s%s:%u/\n", v6 ? "[" : "", host, v6 ? "]" : "", port);
  fflush(stdout);
  if (verbosity >= 0)
    serve_log("serving %s on http://%s%s%s:%u/", db, v6 ? "[" : "", host, v6 ? "]" : "", port);
}

/* Shards of a stub that do not answer at the start: named in the log, with
** what searches get until they do. */
static void warn_missing(pool *p, const serve_opts *o) {
  char **missing = NULL;
  if (o->verbosity < 0 || pool_missing(p, &missing)) return;
  for (int i = 0; missing && missing[i]; i++)
    serve_log("warning: shard %s does not answer: %s", missing[i],
              o->partial ? "searches leave it out until it does"
                         : "searches without partial=1 get 503 until it does");
  warta_list_free(missing);
}

/* The names table and the searchers' pool of o into sv and *names:
** WARTA_EXIT_OK, or the exit status, said in the log. */
static int open_index(const serve_opts *o, server *sv, names_table **names) {
  char *err = NULL;
  int rc = names_open(o->synonyms, names, &err);
  if (rc) {
    /* a malformed line names the file and the line */
    serve_log("%s", err ? err : "out of memory");
    free(err);
    return rc == WARTA_NOMEM ? WARTA_EXIT_INTERNAL : WARTA_EXIT_USAGE;
  }
  rc = pool_init(&sv->pool, o->db, *names, &err);
  if (rc) {
    names_free(*names);
    *names = NULL;
    serve_log("%s: %s", o->db, err ? err : "cannot open the index");
    free(err);
    return rc == WARTA_MISMATCH ? WARTA_EXIT_REBUILD
           : rc == WARTA_NOMEM  ? WARTA_EXIT_INTERNAL
                                : WARTA_EXIT_DB;
  }
  warn_missing(&sv->pool, o);
  return WARTA_EXIT_OK;
}

/* libmicrohttpd listening on ai with o's limits, ctx's handlers and
** connection policy; NULL (errno set, or 0) when it cannot. */
static struct MHD_Daemon *start_daemon(const serve_opts *o, const struct addrinfo *ai,
                                       http_ctx *ctx) {
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
  if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
  /* libmicrohttpd's own limit only backs ours up (conns.h): at it, it
  ** stops accepting and further connections wait unanswered; the slack
  ** covers the workers' accepts racing past our count */
  unsigned mhd_limit = (unsigned)(o->max_connections + 2 * o->threads + 8);
  return MHD_start_daemon(
      flags, 0, conns_accept, ctx->cs, handle, ctx, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
      MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
      MHD_OPTION_CONNECTION_LIMIT, mhd_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)o->per_ip, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT, MHD_OPTION_NOTIFY_CONNECTION,
      conns_notify, ctx->cs, MHD_OPTION_NOTIFY_COMPLETED, conns_completed, ctx->cs,
      MHD_OPTION_URI_LOG_CALLBACK, uri_seen, NULL, MHD_OPTION_END);
}

int serve_run(const serve_opts *o) {
  server sv;
  http_ctx ctx = {&sv, NULL};
  char why[512];
  struct addrinfo *ai = NULL;
  sigset_t stop;
  int sig = 0;
  memset(&sv, 0, sizeof sv);
  sv.o = o;
  if (resolve(o->listen, &ai, why, sizeof why)) {
    serve_log("%s", why);
    return WARTA_EXIT_USAGE;
  }
  names_table *names = NULL;
  int code = open_index(o, &sv, &names);
  if (code != WARTA_EXIT_OK) {
    freeaddrinfo(ai);
    return code;
  }
  /* the workers inherit the mask: only this thread takes the signals */
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  struct MHD_Daemon *d = NULL;
  if (conns_start(o->max_connections, o->timeout, o->verbosity, &ctx.cs)) {
    serve_log("out of memory");
    code = WARTA_EXIT_INTERNAL;
  } else if (!(d = start_daemon(o, ai, &ctx))) {
    serve_log("cannot listen on %s: %s", o->listen,
              errno ? strerror(errno) : "libmicrohttpd refused the options");
    conns_stop(ctx.cs);
    code = WARTA_EXIT_LISTEN;
  }
  if (d) {
    announce(d, ai, o->db, o->verbosity);
    freeaddrinfo(ai);
    ai = NULL;
    sigwait(&stop, &sig);
    if (o->verbosity >= 0) serve_log("stopping (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
    MHD_stop_daemon(d);
    conns_stop(ctx.cs);
  }
  if (ai) freeaddrinfo(ai);
  pool_free(&sv.pool);
  names_free(names);
  outlets_clear();
  return code;
}
