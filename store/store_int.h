/*
** Internal interfaces of store/.
*/
#ifndef WARTA_STORE_INT_H
#define WARTA_STORE_INT_H

#include <pthread.h>

#include "docs.h"
#include "schema.h"
#include "state.h"
#include "store.h"
#include "xdb.h"

/**************************************************************************
** Interface to code in writer.c: the thread that writes to Xapian
*/
typedef struct wop wop; /* one change, queued */

typedef struct writer {
  xdb *x;                  /* the database it writes */
  pthread_t thread;        /* the thread */
  int running;             /* the thread was started */
  pthread_mutex_t mu;      /* guards everything below */
  pthread_cond_t cv;       /* signalled on every change of the queue */
  wop *head, *tail;        /* the queue */
  int len;                 /* ops queued */
  int idle;                /* the thread waits for work */
  int full;                /* the caller waits for room */
  wop *local, *local_tail; /* the caller's batch, not handed over yet */
  int nlocal;              /* ops in it */
  unsigned long done;      /* commits done */
  int rc;                  /* the first error (sticky) */
  double cpu;              /* CPU seconds the thread used (when stopped) */
  char *msg;               /* its message */
} writer;

/* Start the writer on x, inside an engine transaction. */
int writer_start(writer *w, xdb *x);
/* Queue: delete the group G<aid>; add documents (taken over); record a
** synonym; copy the group of old to new (a rename). Blocks while the
** queue is full. Returns the writer's sticky error, if any. */
int writer_delete(writer *w, const char *aid);
int writer_add(writer *w, docs_out *docs);
int writer_synonym(writer *w, const char *word, int n, const char *enc);
int writer_rename(writer *w, const char *old_aid, const char *new_aid, const char *old_path,
                  const char *new_path);
/* Commit everything queued so far (the engine's transaction), wait for
** it, and open the next transaction. */
int writer_commit(writer *w);
/* Stop the thread (what is queued is written, not committed). */
void writer_stop(writer *w);
const char *writer_errmsg(writer *w);

/* A word set (open addressing), for synonyms recorded in this run. */
typedef struct wordset {
  char **slot;  /* NULL = empty */
  size_t nslot; /* a power of two */
  size_t n;     /* words held */
} wordset;

/* 1 when w was already there, 0 when added, -1 when out of memory. */
int wordset_add(wordset *s, const char *w, int n);
void wordset_free(wordset *s);

/**************************************************************************
** The writer's handle (write.c)
*/
typedef enum fileop_kind { FOP_DONE, FOP_DROP, FOP_RENAME } fileop_kind;

/* A change to a file's record, applied once the engine has committed. */
typedef struct fileop {
  fileop_kind kind; /* what */
  int64_t id;       /* the file */
  int64_t size, mtime_ns;
  uint64_t hash;
  char *path; /* FOP_RENAME: the new path */
} fileop;

struct warta_store {
  char *dir;               /* the index as given */
  char *target;            /* the directory written (dir, or a new one replacing
                           ** a warta 1 file) */
  int gen;                 /* the generation written */
  int old_gen;             /* the current one when a rebuild started, or 0 */
  long old_articles;       /* the articles it holds */
  int rebuild;             /* a new generation, published at the end */
  int convert;             /* target replaces a warta 1 file at dir */
  int fresh;               /* the generation is new: written without fsync,
                           ** synced as a whole at the end */
  int dry_run;             /* nothing is written */
  int published;           /* warta_store_publish() ran */
  int finished;            /* warta_store_finish() ran */
  int lockfd;              /* the writer's lock, or -1 */
  wstate state;            /* the state */
  xdb *x;                  /* the engine */
  writer w;                /* its writing thread */
  warta_stemming stemming; /* the index's */
  char *profiles;          /* profiles recorded for every word */
  int batch;               /* articles per commit */
  int pending;             /* articles put since the last commit */
  fileop *ops;             /* file changes waiting for the engine's commit */
  int nops, capops;
  wordset recorded;  /* words whose analyses were queued this run */
  double writer_cpu; /* CPU seconds of the writing thread, once stopped */
  char *err;         /* the last error */
};

/* Keep a message; returns rc. */
int store_fail(warta_store *st, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
