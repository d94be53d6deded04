/*
** Internal interfaces of store/.
*/
#ifndef WARTA_STORE_INT_H
#define WARTA_STORE_INT_H

#include <pthread.h>

#include "common/hmap.h"
#include "docs.h"
#include "schema.h"
#include "state.h"
#include "store.h"
#include "xdb.h"

/**************************************************************************
** Interface to code in writer.c: the thread that writes to Xapian
*/
typedef struct wop wop; /* one change, queued */

#define WRITER_QUEUE_MAX 512                  /* changes queued at most */
#define WRITER_QUEUE_BYTES (32 * 1024 * 1024) /* and bytes of documents */
#define WRITER_BIG_DOC (1024 * 1024)          /* a document written at once */

typedef struct writer {
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
  size_t local_bytes;      /* bytes of the documents in it */
  size_t bytes;            /* bytes of the documents handed over and not
                           ** written yet */
  unsigned long done;      /* barriers passed */
  int rc;                  /* the first error (sticky) */
  double cpu;              /* CPU seconds the thread used (when stopped) */
  char *msg;               /* its message */
} writer;

/* Start the writer. The databases it writes are named by each change;
** each is inside an engine transaction (xdb_begin()) when handed over. */
int writer_start(writer *w);
/* Queue, on database x: delete the article Q<aid>; add its document
** (taken over); record a synonym; copy the article of old to new (a rename).
** Blocks while the queue is full: WRITER_QUEUE_MAX changes, or documents
** of more than WRITER_QUEUE_BYTES (a larger one waits until the queue is
** empty). A document of WRITER_BIG_DOC bytes or more is written before
** writer_add() returns. Returns the writer's sticky error. */
int writer_delete(writer *w, xdb *x, const char *aid);
int writer_add(writer *w, xdb *x, docs_out *docs);
int writer_synonym(writer *w, xdb *x, const char *word, int n, const char *enc);
int writer_rename(writer *w, xdb *x, const char *old_aid, const char *new_aid, const char *old_path,
                  const char *new_path);
/* Commit everything queued so far in the databases all[0..n) (their
** transactions, one after the other), wait for it, and open the next
** transactions. */
int writer_commit(writer *w, xdb *const *all, int n);
/* Stop the thread (what is queued is written, not committed). */
void writer_stop(writer *w);
const char *writer_errmsg(writer *w);

/* A word set, for synonyms recorded in this run. */
typedef struct wordset {
  warta_hmap words; /* the words (the map's keys) */
} wordset;

/* 1 when w was already there, 0 when added, -1 when out of memory. */
int wordset_add(wordset *s, const char *w, int n);
void wordset_free(wordset *s);

/**************************************************************************
** Shards (shards.c): the databases of a generation. An index that is not
** sharded has one, "xapian"; one sharded by year or month has one per
** period under "shards/", "undated" first.
*/
#define SHARD_NONE 0
#define SHARD_YEAR 1
#define SHARD_MONTH 2

typedef struct shard {
  char name[16];      /* "" (not sharded), "undated", "2019", "2019-09" */
  char *dir;          /* its database inside the generation */
  xdb *x;             /* open for writing, in a transaction; or NULL */
  wordset words;      /* words whose analyses it was given this run */
  unsigned long used; /* when it was last written (st->tick) */
} shard;

/* SHARD_* of "none", "year" or "month" (NULL, "": none); -1 if unknown. */
int shard_by_parse(const char *s);
const char *shard_by_name(int by);

/* The shard an article dated date (ISO, or NULL) goes to, into out. */
void shard_name_of(int by, const char *date, char out[16]);

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
  char *dir;         /* the index as given */
  char *target;      /* the directory written (dir, or a new one replacing
                     ** a warta 1 file) */
  int gen;           /* the generation written */
  int old_gen;       /* the current one when a rebuild started, or 0 */
  long old_articles; /* the articles it holds */
  int rebuild;       /* a new generation, published at the end */
  int convert;       /* target replaces a warta 1 file at dir */
  int fresh;         /* the generation is new: written without fsync,
                     ** synced as a whole at the end */
  int dry_run;       /* nothing is written */
  int published;     /* warta_store_publish() ran */
  int finished;      /* warta_store_finish() ran */
  int lockfd;        /* the writer's lock, or -1 */
  wstate state;      /* the state */
  wstate old;        /* a rebuild: the replaced generation's state, read
                     ** for the times of its articles (when old_open) */
  int old_open;
  int shard_by;  /* SHARD_* */
  shard **shard; /* the generation's databases (all, open or not) */
  int nshard;
  int nopen;               /* shards open for writing */
  unsigned long tick;      /* counts the changes, for shard.used */
  writer w;                /* the writing thread */
  warta_stemming stemming; /* the index's */
  char *profiles;          /* profiles recorded for every word */
  int batch;               /* articles per commit */
  size_t batch_bytes;      /* bytes of documents per commit */
  int pending;             /* articles put since the last commit */
  size_t pending_bytes;    /* bytes of their documents */
  int putting;             /* an article is being put (put_a, put) */
  warta_article_in put_a;  /* what it is */
  art_times put_t;         /* when it was added and changed */
  docs_stream put;         /* its document */
  size_t max_terms;        /* distinct terms of an article's text */
  size_t left_out;         /* tokens the last article put lost to them */
  warta_buf scratch;       /* for the story's terms and values */
  fileop *ops;             /* file changes waiting for the engine's commit */
  int nops, capops;
  double writer_cpu; /* CPU seconds of the writing thread, once stopped */
  char *err;         /* the last error */
};

/* Keep a message; returns rc. */
int store_fail(warta_store *st, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The engine's metadata of a new database (versions, settings). */
int store_engine_meta(warta_store *st, xdb *x);

/* Shards of the writer's generation (shards.c). Each returns WARTA_OK or
** an error with the store's message set. */
/* A new generation's first database ("xapian", or the shard "undated"). */
int shards_create(warta_store *st);
/* The databases the current stub lists for generation st->gen. */
int shards_load(warta_store *st);
/* The shard named name, open for writing; created (and, outside a
** rebuild, published) when missing. */
int shards_get(warta_store *st, const char *name, shard **out);
/* Write the stub listing every shard of the generation. */
int shards_publish(warta_store *st);
/* The engine's commit of every open shard (step 2 of write.c). */
int shards_commit(warta_store *st);
/* Delete each article id in ids[0..n) from every shard. */
int shards_delete_everywhere(warta_store *st, char *const *ids, int n);
/* Close every shard (an open transaction is dropped); free the list. */
void shards_free(warta_store *st);

#endif
