/*
** store/ — the SQLite index file: schema, the FTS5 tokenizer glue that wraps
** analysis/, the ranking and highlighting functions, and searching. Serves
** warta-index and warta-query and knows neither.
**
** Layout (see docs/index-format.md):
**   meta(key, value)                 schema and analyzer versions, settings
**   files(id, path, size, mtime_ns, hash, ...)      one row per source file
**   documents(id, file_id, key, ..., lang, title, date, source, url)
**   passages(id, doc_id, ordinal, text)
**   content_<lang>  view: passages of documents in <lang> with their title
**   fts_<lang>      FTS5(title, body), external content content_<lang>,
**                   tokenize = 'warta <lang> <stemming>'
**
** Every function returns WARTA_OK or an error code; where a message is
** available it is kept by the store and returned by warta_store_errmsg()
** until the next call.
*/
#ifndef WARTA_STORE_H
#define WARTA_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"

typedef struct warta_store warta_store;

#define WARTA_SCHEMA_VERSION 1

/* Flags for warta_store_open(). */
#define WARTA_STORE_READONLY 0x01 /* open for queries only */
#define WARTA_STORE_CREATE 0x02   /* create the file and schema if missing */

/*
** Open the index at path. With WARTA_STORE_CREATE a missing file is created
** with the given stemming (ignored for an existing index, which keeps its
** own). Registers the warta tokenizer and functions on the connection.
** Returns WARTA_OK and *out, or an error with *err set (free() it) and *out
** NULL. An index written by another schema version is WARTA_MISMATCH.
*/
int warta_store_open(const char *path, int flags, warta_stemming stemming, warta_store **out,
                     char **err);

/* Close the store (NULL-safe); pending transactions are rolled back. */
void warta_store_close(warta_store *st);

/* The underlying connection, owned by the store. */
sqlite3 *warta_store_db(warta_store *st);

/* The last error message (owned by the store). */
const char *warta_store_errmsg(warta_store *st);

/* The stemming the index was built with. */
warta_stemming warta_store_stemming(const warta_store *st);

/* Register the warta tokenizer and the warta_rank/warta_highlights
** functions on db. Used by warta_store_open() and the loadable extension.
** Returns an SQLite result code. */
int warta_store_register(sqlite3 *db);

/*************************************************************************
** meta
*/
/* Value of a meta key as a new string (free() it), or NULL when absent. */
char *warta_store_meta_get(warta_store *st, const char *key);
int warta_store_meta_set(warta_store *st, const char *key, const char *value);

/*************************************************************************
** transactions
*/
int warta_store_begin(warta_store *st);
int warta_store_commit(warta_store *st);
int warta_store_rollback(warta_store *st);

/*************************************************************************
** writing
*/
typedef struct warta_doc {
  int64_t file_id;                         /* the file holding it */
  const char *key;                         /* record key inside the file, or NULL */
  long line;                               /* line of the record (JSON Lines), or 0 */
  uint64_t hash;                           /* content hash of the record */
  const char *lang;                        /* language code */
  const char *title, *date, *source, *url; /* NUL-terminated or NULL */
} warta_doc;

/* Insert a file row (path must be new) and return its id. */
int warta_store_add_file(warta_store *st, const char *path, int64_t size, int64_t mtime_ns,
                         uint64_t hash, int64_t *id);
/* Update a file row's stat data and hash. */
int warta_store_update_file(warta_store *st, int64_t id, int64_t size, int64_t mtime_ns,
                            uint64_t hash);

/* Insert a document; returns its id. Creates the language's tables on
** first use. */
int warta_store_add_document(warta_store *st, const warta_doc *d, int64_t *id);

/* Insert a passage of document doc_id (language lang, title as stored for
** the document) and index it. */
int warta_store_add_passage(warta_store *st, int64_t doc_id, int ordinal, const char *lang,
                            const char *title, const char *text, size_t n);

/* Remove a document, its passages and their index entries. */
int warta_store_delete_document(warta_store *st, int64_t doc_id);

/* Remove every document of a file, and the file row when drop_file. */
int warta_store_delete_file(warta_store *st, int64_t file_id, int drop_file);

/*************************************************************************
** files and documents, for incremental runs
*/
typedef struct warta_file_rec {
  int64_t id;       /* files.id */
  int64_t size;     /* bytes on disk when last indexed (-1: never finished) */
  int64_t mtime_ns; /* modification time then */
  uint64_t hash;    /* content hash then */
} warta_file_rec;

/* Look up a file by path: WARTA_OK and *r, or WARTA_NOTFOUND. */
int warta_store_file_get(warta_store *st, const char *path, warta_file_rec *r);

/* Call fn for each file with this content hash (id, path); a non-zero
** return stops and is returned. */
int warta_store_files_by_hash(warta_store *st, uint64_t hash,
                              int (*fn)(void *ctx, int64_t id, const char *path), void *ctx);

/* Call fn for each file whose path is root or lies below root/. */
int warta_store_files_under(warta_store *st, const char *root,
                            int (*fn)(void *ctx, int64_t id, const char *path), void *ctx);

/* Number of documents of a file. */
int warta_store_file_doc_count(warta_store *st, int64_t file_id, long *n);

/* Give file id a new path (a rename with unchanged content). */
int warta_store_rename_file(warta_store *st, int64_t id, const char *path);

/* Call fn for each document of a file: its key ("" when NULL), id, hash. */
int warta_store_file_documents(warta_store *st, int64_t file_id,
                               int (*fn)(void *ctx, const char *key, int64_t id, uint64_t hash),
                               void *ctx);

/*************************************************************************
** reading
*/
/* 1 when lang can name a language table: 2 to 8 letters a-z. */
int warta_store_lang_ok(const char *lang);

/* The languages that have an FTS table, as a NULL-terminated array of
** strings (free with warta_store_free_list()). */
int warta_store_languages(warta_store *st, char ***langs);
void warta_store_free_list(char **list);

typedef struct warta_hit {
  int64_t passage_id; /* passage rowid */
  int64_t doc_id;     /* its document */
  double rank;        /* the sort key from warta_rank() */
  double score;       /* BM25 + proximity, higher is better */
  int matched;        /* content groups the passage holds (body or title);
                      ** set by warta_store_highlights() */
  int phrase;         /* 1: it holds the query as a phrase */
  char lang[16];      /* language table the hit came from */
} warta_hit;

typedef struct warta_search {
  const char *match; /* FTS5 MATCH expression */
  const char *spec;  /* warta_rank spec string, or NULL */
  const char *lang;  /* search only this language, or NULL for all */
  int limit;         /* how many hits to return */
  int per_doc;       /* at most this many passages per document (0: any) */
} warta_search;

/*
** Run a search over every language table (or q->lang only) and merge the
** hits, best first. *hits is malloc'ed (free() it), *nhits its length.
*/
int warta_store_search(warta_store *st, const warta_search *q, warta_hit **hits, int *nhits);

/* What a hit shows. Strings are malloc'ed (NULL when absent); free the
** whole with warta_hit_info_free(). */
typedef struct warta_hit_info {
  char *text;  /* the passage */
  int ordinal; /* its place in the document (0-based) */
  char *title, *date, *source, *url, *key, *lang;
  char *path; /* the file, as stored (absolute) */
  long line;  /* line of the record, or 0 */
} warta_hit_info;

int warta_store_hit_info(warta_store *st, int64_t passage_id, warta_hit_info *out);
void warta_hit_info_free(warta_hit_info *h);

/* Byte ranges of the matches of q->match in the passage of hit h, as pairs
** start,end in a malloc'ed array (free() it) of 2 * *n ints; also fills
** h->matched (search leaves it 0: it is counted for shown hits only). */
int warta_store_highlights(warta_store *st, const warta_search *q, warta_hit *h, int **ranges,
                           int *n);

/*************************************************************************
** compounds mined from the vocabulary (compounds.c)
*/
/* Find the compounds of fts_<lang>: terms T = A + B (each part a term of at
** least 3 letters) whose open form "A B" also occurs in two rows or more;
** they replace the language's previous list. *found gets their number. */
int warta_store_mine_compounds(warta_store *st, const char *lang, long *found);

/* The parts of a mined closed compound, "a b", or NULL (also when the index
** has no list). malloc'ed: free() it. */
char *warta_store_compound_parts(warta_store *st, const char *term);
/* The closed form of the parts a and b, or NULL; malloc'ed. */
char *warta_store_compound_closed(warta_store *st, const char *a, const char *b);

/*************************************************************************
** what the index holds
*/
typedef struct warta_count {
  char *name; /* a language, source or month (YYYY-MM) */
  long n;     /* documents */
} warta_count;

typedef struct warta_stats {
  long files, documents, passages; /* rows */
  long dated;                      /* documents with an ISO date */
  char *date_min, *date_max;       /* their range, or NULL */
  warta_count *langs;              /* documents per language, most first */
  int nlangs;
  warta_count *sources; /* documents per source, most first */
  int nsources;
  warta_count *months; /* documents per month, in order */
  int nmonths;
  char *schema_version, *analysis_version, *stemming; /* from meta */
  char *last_run;                                     /* the last run's summary (JSON) */
} warta_stats;

/* Fill *o (everything malloc'ed: free with warta_stats_free()). */
int warta_store_stats(warta_store *st, warta_stats *o);
void warta_stats_free(warta_stats *o);

#endif
