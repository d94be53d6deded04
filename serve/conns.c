/*
** The connection policy: a count for refusing past the limit, and a clock
** per connection that a watcher thread reads (see conns.h).
*/
#include "conns.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "serve.h"

#define TICK_MS 200        /* how often the watcher looks */
#define LOG_EVERY_MS 10000 /* at most one line of refusals or cuts this often */

/* One connection as the watcher sees it. */
typedef struct clock_ent {
  struct clock_ent *prev, *next; /* in the policy's list */
  int fd;                        /* the connection's socket */
  double since;                  /* ms: when the current wait began */
  int busy;                      /* 1: a handler runs (no deadline) */
  int cut;                       /* 1: shut down already */
} clock_ent;

struct conns {
  pthread_mutex_t mu;  /* guards everything below */
  pthread_cond_t wake; /* signalled to stop the watcher */
  pthread_t watcher;   /* the watcher thread */
  clock_ent *head;     /* open connections */
  int open;            /* how many */
  int max;             /* refuse past this many */
  double limit;        /* ms a wait may last */
  int verbosity;       /* -1: errors only */
  int stop;            /* 1: the watcher ends */
  long refused, cuts;  /* since the start */
  long refused_logged; /* refusals already in the log */
  long cuts_logged;    /* cuts already in the log */
  double logged_at;    /* ms: the last such line */
};

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Under the lock: a line about refusals and cuts, at most every
** LOG_EVERY_MS, so that a flood cannot flood the log too. */
static void log_counts(conns *cs, double now) {
  if (cs->verbosity < 0 || now - cs->logged_at < LOG_EVERY_MS) return;
  if (cs->refused > cs->refused_logged)
    serve_log("all %d connections at once in use: refused %ld (%ld so far)", cs->max,
              cs->refused - cs->refused_logged, cs->refused);
  if (cs->cuts > cs->cuts_logged)
    serve_log("a request or answer took over %.0f s: cut %ld connection%s (%ld so far)",
              cs->limit / 1e3, cs->cuts - cs->cuts_logged,
              cs->cuts - cs->cuts_logged == 1 ? "" : "s", cs->cuts);
  if (cs->refused > cs->refused_logged || cs->cuts > cs->cuts_logged) cs->logged_at = now;
  cs->refused_logged = cs->refused;
  cs->cuts_logged = cs->cuts;
}

static void *watch(void *arg) {
  conns *cs = arg;
  pthread_mutex_lock(&cs->mu);
  while (!cs->stop) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += TICK_MS * 1000000L;
    if (t.tv_nsec >= 1000000000L) t.tv_sec++, t.tv_nsec -= 1000000000L;
    pthread_cond_timedwait(&cs->wake, &cs->mu, &t);
    double now = now_ms();
    for (clock_ent *e = cs->head; e; e = e->next) {
      if (e->busy || e->cut || now - e->since <= cs->limit) continue;
      /* the next read or write of libmicrohttpd fails, and it closes the
      ** connection itself */
      shutdown(e->fd, SHUT_RDWR);
      e->cut = 1;
      cs->cuts++;
    }
    log_counts(cs, now);
  }
  pthread_mutex_unlock(&cs->mu);
  return NULL;
}

int conns_start(int max, int timeout, int verbosity, conns **out) {
  conns *cs = calloc(1, sizeof *cs);
  *out = NULL;
  if (!cs) return -1;
  cs->max = max;
  cs->limit = timeout * 1e3;
  cs->verbosity = verbosity;
  cs->logged_at = -LOG_EVERY_MS;
  pthread_mutex_init(&cs->mu, NULL);
  pthread_cond_init(&cs->wake, NULL);
  if (pthread_create(&cs->watcher, NULL, watch, cs)) {
    pthread_cond_destroy(&cs->wake);
    pthread_mutex_destroy(&cs->mu);
    free(cs);
    return -1;
  }
  *out = cs;
  return 0;
}

void conns_stop(conns *cs) {
  if (!cs) return;
  pthread_mutex_lock(&cs->mu);
  cs->stop = 1;
  pthread_cond_signal(&cs->wake);
  pthread_mutex_unlock(&cs->mu);
  pthread_join(cs->watcher, NULL);
  while (cs->head) {
    clock_ent *e = cs->head;
    cs->head = e->next;
    free(e);
  }
  pthread_cond_destroy(&cs->wake);
  pthread_mutex_destroy(&cs->mu);
  free(cs);
}

enum MHD_Result conns_accept(void *cls, const struct sockaddr *addr, socklen_t len) {
  conns *cs = cls;
  (void)addr, (void)len;
  pthread_mutex_lock(&cs->mu);
  int ok = cs->open < cs->max;
  if (!ok) cs->refused++;
  pthread_mutex_unlock(&cs->mu);
  return ok ? MHD_YES : MHD_NO;
}

void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code) {
  conns *cs = cls;
  clock_ent *e = *socket_context;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    /* out of memory: the connection is counted by libmicrohttpd's own
    ** limit only, and waits under its idle timeout */
    if (!fd || !(e = calloc(1, sizeof *e))) return;
    e->fd = fd->connect_fd;
    pthread_mutex_lock(&cs->mu);
    e->since = now_ms();
    e->next = cs->head;
    if (cs->head) cs->head->prev = e;
    cs->head = e;
    cs->open++;
    pthread_mutex_unlock(&cs->mu);
    *socket_context = e;
  } else if (e) {
    pthread_mutex_lock(&cs->mu);
    if (e->prev)
      e->prev->next = e->next;
    else
      cs->head = e->next;
    if (e->next) e->next->prev = e->prev;
    cs->open--;
    pthread_mutex_unlock(&cs->mu);
    free(e);
    *socket_context = NULL;
  }
}

/* The connection's clock, or NULL. */
static clock_ent *clock_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *i =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return i ? i->socket_context : NULL;
}

void conns_busy(conns *cs, struct MHD_Connection *c, int busy) {
  clock_ent *e = clock_of(c);
  if (!e) return;
  pthread_mutex_lock(&cs->mu);
  e->busy = busy;
  e->since = now_ms();
  pthread_mutex_unlock(&cs->mu);
}

void conns_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                     enum MHD_RequestTerminationCode toe) {
  (void)con_cls, (void)toe;
  conns_busy(cls, c, 0);
}
