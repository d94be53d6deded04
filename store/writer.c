/*
** The thread that writes to Xapian, so that reading and analysis (the
** caller's thread) run on one core while the engine writes on the other.
**
** The caller builds the documents and queues changes; the thread applies
** them in order inside an engine transaction. A commit is a change like
** the others: the caller waits until the thread has committed everything
** queued before it. The first error sticks: later changes are dropped and
** every call returns it, so the caller learns of it at its next call.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rc.h"
#include "store_int.h"
#include "story.h"

#define LOCAL_BATCH 64                /* changes handed to the thread at once */
#define LOCAL_BYTES (4 * 1024 * 1024) /* or documents of so many bytes */

/* W_SYNC: a barrier that commits nothing (a big document was written) */
typedef enum wop_kind { W_DELETE, W_ADD, W_SYNONYM, W_RENAME, W_COMMIT, W_SYNC, W_STOP } wop_kind;

struct wop {
  wop_kind kind;
  xdb *x;    /* the database changed (a shard) */
  xdb **all; /* W_COMMIT: every database to commit */
  int nall;
  char aid[AID_LEN + 1];     /* W_DELETE, W_RENAME: the article */
  char new_aid[AID_LEN + 1]; /* W_RENAME */
  docs_out docs;             /* W_ADD */
  char *a, *b;               /* W_SYNONYM: word, encoding; W_RENAME: paths */
  int na;                    /* W_SYNONYM: bytes of the word */
  wop *next;
};

static void op_free(wop *op) {
  if (!op) return;
  docs_free(&op->docs);
  free(op->all);
  free(op->a);
  free(op->b);
  free(op);
}

static void fail(writer *w, int rc, const char *msg) {
  pthread_mutex_lock(&w->mu);
  if (!w->rc) {
    w->rc = rc;
    w->msg = strdup(msg && *msg ? msg : "cannot write to the index");
  }
  pthread_mutex_unlock(&w->mu);
}

/**************************************************************************
** the thread's side
*/
static int term_of(char *buf, size_t n, const char *prefix, const char *v) {
  size_t k = strlen(prefix), m = strlen(v);
  if (k + m + 1 > n) return -1;
  memcpy(buf, prefix, k);
  memcpy(buf + k, v, m + 1);
  return (int)(k + m);
}

typedef struct idlist {
  xdocid *v;
  int n, cap;
} idlist;

static int collect(void *ctx, xdocid did) {
  idlist *l = ctx;
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 16;
    xdocid *v = realloc(l->v, sizeof *v * (size_t)cap);
    if (!v) return WARTA_NOMEM;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = did;
  return 0;
}

/* A whole-file article's V_COPY names it by its path: the new one. */
static int move_copy_value(xdoc *d, const char *path) {
  char *v = NULL;
  size_t n = 0;
  int rc = xdoc_get_value(d, V_COPY, &v, &n);
  char *tab = rc ? NULL : strchr(v, '\t');
  char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
  if (tab2) {
    warta_buf b = WARTA_BUF_INIT;
    *tab = *tab2 = 0;
    story_copy_value(&b, v, tab + 1, path);
    rc = b.err ? WARTA_NOMEM : xdoc_value(d, V_COPY, b.p, b.n);
    warta_buf_free(&b);
  }
  free(v);
  return rc;
}

/* Give a copied article its new path in its data, and its new key term
** when it has no key of its own (a whole-file article: the path is its
** key). */
static int move_article(xdoc *d, const wop *op) {
  char *data = NULL, *moved = NULL;
  size_t nd = 0, nj = 0, nt = 0;
  const unsigned char *tail = NULL;
  warta_buf k = WARTA_BUF_INIT, out = WARTA_BUF_INIT;
  int rc = xdoc_get_data(d, &data, &nd);
  if (!rc && data_split(data, nd, &nj, &tail, &nt)) rc = WARTA_CORRUPT;
  json_t *o = rc ? NULL : json_loadb(data, nj, 0, NULL);
  if (!rc && !o) rc = WARTA_CORRUPT;
  if (!rc && json_is_null(json_object_get(o, "key"))) {
    key_term(&k, op->a);
    if (!k.err) rc = xdoc_remove_term(d, k.p, k.n);
    warta_buf_reset(&k);
    key_term(&k, op->b);
    if (!rc && !k.err) rc = xdoc_boolean(d, k.p, k.n);
  }
  if (!rc && json_is_null(json_object_get(o, "key"))) rc = move_copy_value(d, op->b);
  if (!rc) json_object_set_new(o, "path", json_string(op->b));
  if (!rc && !(moved = json_dumps(o, JSON_COMPACT))) rc = WARTA_NOMEM;
  if (!rc) {
    /* the byte ranges stay as they were */
    warta_buf_puts(&out, moved);
    warta_buf_putc(&out, 0);
    warta_buf_append(&out, tail, nt);
    rc = out.err ? WARTA_NOMEM : xdoc_data(d, out.p, out.n);
  }
  if (!rc && k.err) rc = WARTA_NOMEM;
  json_decref(o);
  free(data);
  free(moved);
  warta_buf_free(&k);
  warta_buf_free(&out);
  return rc;
}

/* Give the article did its new id and path. */
static int copy_doc(xdb *x, xdocid did, const wop *op) {
  char t[64];
  xdoc *d = NULL;
  int rc = xdb_fetch(x, did, &d), n;
  if (rc) return rc;
  n = term_of(t, sizeof t, P_ID, op->aid);
  rc = xdoc_remove_term(d, t, (size_t)n);
  n = term_of(t, sizeof t, P_ID, op->new_aid);
  if (!rc) rc = xdoc_boolean(d, t, (size_t)n);
  if (!rc) rc = move_article(d, op);
  /* in place: the terms and positions stay, only the id term and the data
  ** (its path) change */
  if (!rc) rc = xdb_replace_id(x, did, d);
  xdoc_free(d);
  return rc;
}

/* A rename: the article under its new id, once. */
static int rename_article(xdb *x, const wop *op) {
  char t[64];
  uint32_t tf = 0;
  idlist l = {NULL, 0, 0};
  int n = term_of(t, sizeof t, P_ID, op->new_aid);
  int rc = xdb_termfreq(x, t, (size_t)n, &tf);
  if (!rc && tf == 0) {
    n = term_of(t, sizeof t, P_ID, op->aid);
    rc = xdb_postings(x, t, (size_t)n, collect, &l);
    for (int i = 0; !rc && i < l.n; i++)
      rc = copy_doc(x, l.v[i], op);
  }
  n = term_of(t, sizeof t, P_ID, op->aid);
  if (!rc) rc = xdb_delete_term(x, t, (size_t)n);
  free(l.v);
  return rc;
}

/* Apply op; on failure *failed_on is the database whose message tells. */
static int apply(wop *op, xdb **failed_on) {
  char t[64];
  int rc = WARTA_OK, n;
  *failed_on = op->x;
  switch (op->kind) {
  case W_DELETE:
    n = term_of(t, sizeof t, P_ID, op->aid);
    rc = xdb_delete_term(op->x, t, (size_t)n);
    break;
  case W_ADD:
    /* the engine copies the data: ours goes at once, so that the two
    ** copies meet only here */
    rc = xdoc_data(op->docs.article, op->docs.data, op->docs.ndata);
    free(op->docs.data);
    op->docs.data = NULL;
    if (!rc) rc = xdb_add(op->x, op->docs.article, NULL);
    xdoc_free(op->docs.article);
    op->docs.article = NULL;
    break;
  case W_SYNONYM: rc = xdb_add_synonym(op->x, op->a, (size_t)op->na, op->b, strlen(op->b)); break;
  case W_RENAME: rc = rename_article(op->x, op); break;
  case W_COMMIT:
    /* shard by shard: a kill between two leaves what write.c repairs */
    for (int i = 0; rc == WARTA_OK && i < op->nall; i++) {
      *failed_on = op->all[i];
      rc = xdb_commit_txn(op->all[i]);
      if (rc == WARTA_OK) rc = xdb_begin(op->all[i]);
    }
    break;
  case W_SYNC:
  case W_STOP: break;
  }
  return rc;
}

static void *run(void *arg) {
  writer *w = arg;
  for (;;) {
    /* take everything queued at once: one hand-over per batch of changes */
    pthread_mutex_lock(&w->mu);
    while (!w->head) {
      w->idle = 1;
      pthread_cond_wait(&w->cv, &w->mu);
    }
    w->idle = 0;
    wop *list = w->head;
    w->head = w->tail = NULL;
    w->len = 0;
    int failed = w->rc;
    if (w->full) pthread_cond_broadcast(&w->cv); /* a producer waits for room */
    pthread_mutex_unlock(&w->mu);
    int stop = 0;
    while (list) {
      wop *op = list;
      list = op->next;
      xdb *on = NULL;
      int rc = failed ? WARTA_OK : apply(op, &on);
      if (rc) {
        fail(w, rc, xdb_errmsg(on));
        failed = rc;
      }
      wop_kind kind = op->kind;
      size_t bytes = op->docs.bytes;
      op_free(op);
      if (bytes || kind == W_COMMIT || kind == W_SYNC || kind == W_STOP) {
        pthread_mutex_lock(&w->mu);
        w->bytes -= bytes;
        if (kind == W_COMMIT || kind == W_SYNC || kind == W_STOP) w->done++;
        if (kind != W_ADD || w->full) pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
      }
      stop |= kind == W_STOP;
    }
    if (stop) {
      struct timespec t;
      if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0)
        w->cpu = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
      return NULL;
    }
  }
}

/**************************************************************************
** the caller's side
*/
int writer_start(writer *w) {
  memset(w, 0, sizeof *w);
  pthread_mutex_init(&w->mu, NULL);
  pthread_cond_init(&w->cv, NULL);
  if (pthread_create(&w->thread, NULL, run, w) != 0) {
    fail(w, WARTA_ERROR, "cannot start the writing thread");
    return WARTA_ERROR;
  }
  w->running = 1;
  return WARTA_OK;
}

/* Hand the caller's local batch to the thread, once there is room: the
** documents waiting to be written stay under WRITER_QUEUE_BYTES, or are
** a single batch. */
static int flush(writer *w) {
  pthread_mutex_lock(&w->mu);
  while ((w->len >= WRITER_QUEUE_MAX ||
          (w->bytes > 0 && w->bytes + w->local_bytes > WRITER_QUEUE_BYTES)) &&
         !w->rc) {
    w->full = 1;
    pthread_cond_wait(&w->cv, &w->mu);
  }
  w->full = 0;
  int rc = w->rc;
  if (!rc && w->running && w->local) {
    if (w->tail)
      w->tail->next = w->local;
    else
      w->head = w->local;
    w->tail = w->local_tail;
    w->len += w->nlocal;
    w->bytes += w->local_bytes;
    w->local = w->local_tail = NULL;
    w->nlocal = 0;
    w->local_bytes = 0;
    if (w->idle) pthread_cond_broadcast(&w->cv);
  }
  pthread_mutex_unlock(&w->mu);
  while (w->local) { /* after an error: dropped */
    wop *op = w->local;
    w->local = op->next;
    op_free(op);
  }
  w->local_tail = NULL;
  w->nlocal = 0;
  w->local_bytes = 0;
  return rc;
}

/* Queue op (taken over); returns the sticky error. Changes are handed
** over in batches of LOCAL_BATCH changes or LOCAL_BYTES, and at every
** barrier. */
static int push(writer *w, wop *op) {
  if (!op) {
    fail(w, WARTA_NOMEM, "out of memory");
    return WARTA_NOMEM;
  }
  op->next = NULL;
  if (w->local_tail)
    w->local_tail->next = op;
  else
    w->local = op;
  w->local_tail = op;
  w->nlocal++;
  w->local_bytes += op->docs.bytes;
  if (w->nlocal >= LOCAL_BATCH || w->local_bytes >= LOCAL_BYTES || op->kind == W_COMMIT ||
      op->kind == W_SYNC || op->kind == W_STOP)
    return flush(w);
  pthread_mutex_lock(&w->mu);
  int rc = w->rc;
  pthread_mutex_unlock(&w->mu);
  return rc;
}

static wop *new_op(wop_kind kind, xdb *x, const char *aid) {
  wop *op = calloc(1, sizeof *op);
  if (op) {
    op->kind = kind;
    op->x = x;
    if (aid) memcpy(op->aid, aid, AID_LEN + 1);
  }
  return op;
}

int writer_delete(writer *w, xdb *x, const char *aid) { return push(w, new_op(W_DELETE, x, aid)); }

static int barrier(writer *w, wop *op);

int writer_add(writer *w, xdb *x, docs_out *docs) {
  wop *op = new_op(W_ADD, x, NULL);
  size_t bytes = docs->bytes;
  if (op) {
    op->docs = *docs;
    memset(docs, 0, sizeof *docs);
  } else {
    docs_free(docs);
  }
  int rc = push(w, op);
  /* a big document is written now, while the caller holds nothing else
  ** of its article: the engine's copies of its data (four while it is
  ** added, the document's own with them) must not meet the next
  ** article's */
  if (rc == WARTA_OK && bytes >= WRITER_BIG_DOC) rc = barrier(w, new_op(W_SYNC, NULL, NULL));
  return rc;
}

int writer_synonym(writer *w, xdb *x, const char *word, int n, const char *enc) {
  wop *op = new_op(W_SYNONYM, x, NULL);
  if (op) {
    op->a = malloc((size_t)n + 1);
    op->b = strdup(enc);
    op->na = n;
    if (!op->a || !op->b) {
      op_free(op);
      op = NULL;
    } else {
      memcpy(op->a, word, (size_t)n);
      op->a[n] = 0;
    }
  }
  return push(w, op);
}

int writer_rename(writer *w, xdb *x, const char *old_aid, const char *new_aid, const char *old_path,
                  const char *new_path) {
  wop *op = new_op(W_RENAME, x, old_aid);
  if (op) {
    memcpy(op->new_aid, new_aid, AID_LEN + 1);
    op->a = strdup(old_path);
    op->b = strdup(new_path);
    if (!op->a || !op->b) {
      op_free(op);
      op = NULL;
    }
  }
  return push(w, op);
}

/* Queue a barrier and wait until the thread has passed it. */
static int barrier(writer *w, wop *op) {
  wop_kind kind = op ? op->kind : W_COMMIT;
  pthread_mutex_lock(&w->mu);
  unsigned long target = w->done + 1;
  pthread_mutex_unlock(&w->mu);
  int rc = push(w, op);
  if (rc && kind != W_STOP) return rc;
  pthread_mutex_lock(&w->mu);
  while (w->running && w->done < target && !(rc && kind == W_STOP))
    pthread_cond_wait(&w->cv, &w->mu);
  rc = w->rc;
  pthread_mutex_unlock(&w->mu);
  return rc;
}

int writer_commit(writer *w, xdb *const *all, int n) {
  if (!w->running) return w->rc ? w->rc : WARTA_ERROR;
  wop *op = new_op(W_COMMIT, NULL, NULL);
  if (op && n > 0) {
    if (!(op->all = malloc(sizeof *op->all * (size_t)n))) {
      free(op);
      op = NULL;
    } else {
      memcpy(op->all, all, sizeof *op->all * (size_t)n);
      op->nall = n;
    }
  }
  return barrier(w, op);
}

void writer_stop(writer *w) {
  if (w->running) {
    pthread_mutex_lock(&w->mu);
    int failed = w->rc;
    pthread_mutex_unlock(&w->mu);
    if (failed) {
      /* the thread drops what is queued; it still needs the stop */
      pthread_mutex_lock(&w->mu);
      wop *op = new_op(W_STOP, NULL, NULL);
      if (op) {
        if (w->tail)
          w->tail->next = op;
        else
          w->head = op;
        w->tail = op;
        w->len++;
        pthread_cond_broadcast(&w->cv);
      }
      pthread_mutex_unlock(&w->mu);
      while (w->local) {
        wop *x = w->local;
        w->local = x->next;
        op_free(x);
      }
      w->local_tail = NULL;
    } else {
      barrier(w, new_op(W_STOP, NULL, NULL));
    }
    pthread_join(w->thread, NULL);
    w->running = 0;
  }
  while (w->head) {
    wop *op = w->head;
    w->head = op->next;
    op_free(op);
  }
  w->tail = NULL;
  pthread_mutex_destroy(&w->mu);
  pthread_cond_destroy(&w->cv);
  free(w->msg);
  w->msg = NULL;
}

const char *writer_errmsg(writer *w) { return w->msg ? w->msg : "cannot write to the index"; }

/**************************************************************************
** word sets
*/
int wordset_add(wordset *s, const char *w, int n) {
  int added = warta_hmap_put(&s->words, w, (size_t)n, NULL);
  return added < 0 ? -1 : !added;
}

void wordset_free(wordset *s) { warta_hmap_free(&s->words); }
