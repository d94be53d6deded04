/*
** The project's C interface to Xapian (implemented in xdb.cc and its value
** tables, xvalues.cc: the only C++ in the tree). Internal to store/: the
** tools never see Xapian.
**
** Every function catches every exception: none ever crosses into C. A
** failing call returns a WARTA_ code and leaves a message that xdb_errmsg()
** returns until the next call on the same handle. Xapian errors map to:
**   DatabaseModifiedError          WARTA_STALE  (reopen and retry)
**   DatabaseLockError              WARTA_BUSY
**   DatabaseCorruptError           WARTA_CORRUPT
**   DatabaseVersionError           WARTA_MISMATCH
**   DatabaseOpeningError, DatabaseNotFoundError  WARTA_NOTFOUND
**   NetworkError, NetworkTimeoutError            WARTA_IOERR (the message
**                                  names the remote end)
**   std::bad_alloc                 WARTA_NOMEM
**   anything else                  WARTA_ERROR
**
** Handles are not thread-safe; one handle (and the documents and queries
** built for it) may be used by one thread at a time, and may be handed from
** one thread to another.
*/
#ifndef WARTA_XDB_H
#define WARTA_XDB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xdb xdb;   /* a database, read-only or writable */
typedef struct xdoc xdoc; /* a document being built */
typedef struct xq xq;     /* a query (tree); immutable once built */

typedef uint32_t xdocid; /* a document id (0: none) */

/**************************************************************************
** databases
*/
#define XDB_WRITE 0x01    /* open for writing (else read-only) */
#define XDB_CREATE 0x02   /* with XDB_WRITE: create when missing */
#define XDB_NOSYNC 0x04   /* with XDB_WRITE: do not fsync at commit */
#define XDB_FULLSYNC 0x08 /* with XDB_WRITE: F_FULLFSYNC where it exists */

/*
** Open the database at path: a Xapian database directory or a stub file
** (which may list remote shards). Returns WARTA_OK and *out, or an error
** with *out NULL and *err a message (free() it; err may be NULL).
*/
int xdb_open(const char *path, int flags, xdb **out, char **err);

/* One shard of a database opened from its parts: a local database (path)
** or a remote one served by xapian-tcpsrv (host and port). */
typedef struct xdb_part {
  const char *path; /* a local database or stub, or NULL */
  const char *host; /* with path NULL: the remote host */
  unsigned port;    /* and its port */
} xdb_part;

/*
** Open parts[0..n) read-only as one database, in that order; a remote part
** waits timeout_ms at most for each answer (0: Xapian's default). On error
** *failed (may be NULL) is the index of the part that could not be opened
** (-1 when none in particular), *out is NULL and *err the message.
*/
int xdb_open_parts(const xdb_part *parts, int n, unsigned timeout_ms, xdb **out, int *failed,
                   char **err);

/* Close (NULL-safe). A writable database is committed unless a
** transaction is open, which is cancelled. */
void xdb_close(xdb *db);

/* The last error message (owned by db; "" when none). */
const char *xdb_errmsg(const xdb *db);

/* Read-only: move to the newest committed revision (after WARTA_STALE).
** *changed (may be NULL) is set to 1 when the revision changed. */
int xdb_reopen(xdb *db, int *changed);

/* Statistics of the whole database (all shards). */
uint32_t xdb_doccount(xdb *db);

/* 1 when a part of db is a remote shard, else 0. */
int xdb_is_remote(const xdb *db);
/* The number of databases db reads (1 for one database, local or remote). */
int xdb_parts(xdb *db);
xdocid xdb_lastdocid(xdb *db);

/**************************************************************************
** documents
*/
/* A new empty document, or NULL when out of memory. */
xdoc *xdoc_new(void);
void xdoc_free(xdoc *d);

/* Add term t[0..n) at position pos (>= 1), adding wdfinc to its wdf. */
int xdoc_posting(xdoc *d, const char *t, size_t n, uint32_t pos, uint32_t wdfinc);
/* Add term t[0..n) without a position, adding wdfinc to its wdf. */
int xdoc_term(xdoc *d, const char *t, size_t n, uint32_t wdfinc);
/* Add a boolean term (wdf 0). */
int xdoc_boolean(xdoc *d, const char *t, size_t n);
/* Set value slot to v[0..n). */
int xdoc_value(xdoc *d, unsigned slot, const void *v, size_t n);
/* Set the document data to p[0..n). */
int xdoc_data(xdoc *d, const void *p, size_t n);

/* The distinct terms of d (0 when it cannot tell). */
uint32_t xdoc_termcount(xdoc *d);
/* Call fn(ctx, term, bytes) for each term of d, in order, until fn
** returns non-zero (returned). */
int xdoc_terms(xdoc *d, int (*fn)(void *ctx, const char *t, size_t n), void *ctx);

/* Remove term t from d (absent: not an error). */
int xdoc_remove_term(xdoc *d, const char *t, size_t n);
/* The data of d (malloc'ed, NUL-terminated) and its length. */
int xdoc_get_data(xdoc *d, char **p, size_t *n);
/* The value in slot of d into *p (malloc'ed, NUL-terminated; "" when
** empty), its bytes in *n. */
int xdoc_get_value(xdoc *d, unsigned slot, char **p, size_t *n);

/* A modifiable copy of stored document did (xdoc_free() it). */
int xdb_fetch(xdb *db, xdocid did, xdoc **out);

/* Writing (XDB_WRITE). */
int xdb_add(xdb *db, xdoc *d, xdocid *did);
/* Replace document did with d, in place: a document fetched from db and
** changed (xdb_fetch) rewrites only what changed. */
int xdb_replace_id(xdb *db, xdocid did, xdoc *d);
/* Replace the document indexed by unique term t (or add it). */
int xdb_replace(xdb *db, const char *t, size_t n, xdoc *d);
/* Delete every document indexed by term t (none: not an error). */
int xdb_delete_term(xdb *db, const char *t, size_t n);
/* Transactions: changes between begin and commit_txn become visible (and
** durable) together, and are never committed half-way; cancel drops them. */
int xdb_begin(xdb *db);
int xdb_commit_txn(xdb *db);
int xdb_cancel_txn(xdb *db);
/* Commit what is pending outside a transaction. */
int xdb_commit(xdb *db);
int xdb_set_metadata(xdb *db, const char *key, const char *value);
/* Record syn as a synonym of key. */
int xdb_add_synonym(xdb *db, const char *key, size_t nk, const char *syn, size_t ns);

/* Call fn(ctx, syn, len) for each synonym of key (none from remote shards),
** until fn returns non-zero (returned verbatim). */
int xdb_synonyms(xdb *db, const char *key, size_t nk,
                 int (*fn)(void *ctx, const char *syn, size_t len), void *ctx);

/* The metadata value of key (of the first shard) as a malloc'ed string
** (free() it); NULL and WARTA_OK when absent. */
int xdb_get_metadata(xdb *db, const char *key, char **value);

/**************************************************************************
** reading
*/
/* The number of documents term t[0..n) indexes (0 when none). */
int xdb_termfreq(xdb *db, const char *t, size_t n, uint32_t *tf);

/* The term frequencies of t[i] (n[i] bytes), i < nterm, into tf[i]: one
** exchange with each shard, however many terms. */
int xdb_termfreqs(xdb *db, const char *const *t, const size_t *n, int nterm, uint32_t *tf);

/* Call fn(ctx, term, len, termfreq) for each term starting with prefix,
** in byte order, until fn returns non-zero (returned verbatim). */
int xdb_allterms(xdb *db, const char *prefix, size_t nprefix,
                 int (*fn)(void *ctx, const char *t, size_t n, uint32_t tf), void *ctx);

/* Call fn(ctx, docid) for each document term t indexes, in docid order,
** until fn returns non-zero (returned verbatim). */
int xdb_postings(xdb *db, const char *t, size_t n, int (*fn)(void *ctx, xdocid did), void *ctx);

/* The data of document did (malloc'ed, NUL-terminated; *n its length).
** Its data and values together: xdb_read(). */
int xdb_document(xdb *db, xdocid did, char **data, size_t *n);

/* Value slot of document did (malloc'ed; NULL and *n 0 when empty). */
int xdb_value(xdb *db, xdocid did, unsigned slot, char **val, size_t *n);

/* Call fn(ctx, term, len, wdf) for each term of document did starting
** with prefix, until fn returns non-zero. */
int xdb_termlist(xdb *db, xdocid did, const char *prefix,
                 int (*fn)(void *ctx, const char *t, size_t n, uint32_t wdf), void *ctx);

/* A consistency check of the database at path (Xapian's own checker);
** the report, if any, goes to *report (malloc'ed). */
int xdb_check(const char *path, char **report, char **err);

/* Compact the database at src into the new directory dst. */
int xdb_compact(const char *src, const char *dst, char **err);

/* The revision of the database at path (its last commit). */
int xdb_revision(const char *path, uint64_t *rev, char **err);

/**************************************************************************
** queries
*/
typedef enum xq_kind {
  XQ_AND,       /* all */
  XQ_OR,        /* any */
  XQ_AND_NOT,   /* the first but none of the others */
  XQ_AND_MAYBE, /* the first; the others only add weight */
  XQ_FILTER,    /* the first, restricted by the others, which add no weight */
  XQ_PHRASE,    /* the terms in order, within param positions (0: exact) */
  XQ_NEAR,      /* the terms in any order within param positions */
  XQ_SYNONYM,   /* any, weighted as one term */
  XQ_MAX,       /* any; the weight of the best */
  XQ_ELITE_SET  /* any of the param subqueries that weigh most */
} xq_kind;

/* Leaves and nodes. Each returns a new query the caller owns (xq_free()),
** or NULL when out of memory. Node constructors do not take over their
** subqueries: the caller still frees them. */
xq *xq_term(const char *t, size_t n, uint32_t wqf);
xq *xq_op(xq_kind op, xq *const *sub, int nsub, unsigned param);
xq *xq_scale(const xq *sub, double factor);
/* Documents whose value in slot lies in [lo, hi] (byte order); lo or hi
** NULL: open on that side. */
xq *xq_value_range(unsigned slot, const char *lo, const char *hi);
/* The terms of db beginning with prefix as one synonym (the max that
** index the most documents, over every shard): expanded here rather than
** by each shard, so that local, sharded and remote databases weigh it the
** same. *out is the query (match nothing when there is no such term).
** *budget (NULL: none) is the number of terms the caller's expansions may
** still take: this one's are subtracted from it, or, when they would not
** fit, WARTA_TOOBIG is returned (with no message), *out NULL, as soon as
** the scan knows. */
int xdb_prefix_query(xdb *db, const char *prefix, size_t n, unsigned max, unsigned *budget,
                     xq **out);
xq *xq_match_all(void);
xq *xq_match_nothing(void);
void xq_free(xq *q);
/* Xapian's description of q (malloc'ed), for -v and tests. */
char *xq_describe(const xq *q);

/* A weighting scheme for xdb_search(). */
typedef struct xweight {
  double k1, b, min_normlen; /* BM25 parameters */
  int boolean;               /* 1: no weights at all (BoolWeight) */
} xweight;

#define XDB_MAX_SPIES 4

typedef struct xsearch {
  int offset, limit;       /* the page of results */
  uint32_t check_at_least; /* look at this many matches at least (exact
                            ** counts when the matches are fewer) */
  int collapse_slot;       /* collapse on this value slot, or -1 */
  int collapse_max;        /* keep this many per collapse key */
  int sort_slot;           /* sort by this value slot (then relevance), or -1 */
  int sort_descending;     /* with sort_slot: greatest first (documents
                            ** without a value sort as the smallest) */
  int carry;               /* with relevance order (sort_slot -1): each hit
                            ** carries the value of carry_slot (a remote
                            ** shard sends it with the match); weight ties
                            ** then go by that value before the docid */
  unsigned carry_slot;
  xweight weight; /* how to weigh */
  int nspies;     /* value slots counted over the matches seen */
  unsigned spy_slot[XDB_MAX_SPIES];
  int distinct; /* count the distinct values of distinct_slot over
                ** the matches seen (a match without one counts
                ** as its own) into xresult.distinct, from a value
                ** table only: one local database, once the slot
                ** has been counted over as many matches as it
                ** holds values */
  unsigned distinct_slot;
  int seen; /* count the matches the match looks at into xresult.seen
            ** (before collapsing; with check_at_least above the matches,
            ** every match): databases of local shards only */
} xsearch;

typedef struct xhit {
  xdocid did;              /* the document */
  double weight;           /* its weight */
  uint32_t collapse_count; /* documents collapsed into it (a lower bound) */
  char *key;               /* collapse key (malloc'ed), or NULL */
  char *value;             /* with carry: the value (malloc'ed), or NULL */
  size_t nvalue;           /* its bytes */
} xhit;

typedef struct xcount {
  char *value; /* a value (malloc'ed) */
  uint32_t n;  /* documents */
} xcount;

typedef struct xresult {
  xhit *hit;                     /* the page, best first (malloc'ed) */
  int nhit;                      /* entries in hit[] */
  uint32_t lower, est, upper;    /* how many match: bounds and estimate */
  uint32_t all_lower, all_upper; /* the same bounds before collapsing (every
                                 ** matching document; without collapsing
                                 ** lower and upper) */
  double max_possible;           /* the greatest weight any match could have */
  xcount *count[XDB_MAX_SPIES];  /* per spy: values and counts, most first */
  int ncount[XDB_MAX_SPIES];
  uint32_t spied; /* documents the spies saw */
  int tabled;     /* spies that counted from the value tables (xvalues.h) */
  long distinct;  /* with xsearch.distinct: the distinct values, or -1 when
                  ** no table counted them (the caller counts otherwise) */
  long seen;      /* with xsearch.seen: the matches looked at, or -1 when
                  ** a shard is remote */
} xresult;

/* Run q. The result is the caller's (xresult_free()). */
int xdb_search(xdb *db, const xq *q, const xsearch *s, xresult *r);
void xresult_free(xresult *r);

/* A relevant document for expansion: with listed 1, its terms and their
** wdf as the caller has them (the caller's): nterm terms, term j len[j]
** bytes, one after the other in bytes, with wdf[j]; with listed 0, its
** term list is read from the engine, which a remote shard sends one
** message per term. */
typedef struct xrel {
  xdocid did;
  int listed;
  const char *bytes;
  const size_t *len;
  const uint32_t *wdf;
  int nterm;
} xrel;

/* Terms to expand a query with: the best n terms (not starting with an
** uppercase ASCII letter, no shorter than minlen bytes) of the documents
** rel[0..nrel). fn gets each with its weight, best first; its non-zero
** return stops and is returned. Returns XDB_OK, or an error. */
int xdb_expand(xdb *db, const xrel *rel, int nrel, int n, size_t minlen,
               int (*fn)(void *ctx, const char *t, size_t len, double w), void *ctx);

/**************************************************************************
** added later (kept at the end)
*/
/* The revision of the open database db (a number each commit raises), as
** xdb_revision() gives it for a path; 0 for a database of several shards,
** which has none. */
int xdb_open_revision(xdb *db, uint64_t *rev);

/* A document being read: its values and data are read as they are asked
** for from a local database (nothing before), and all come with one round
** trip from a remote shard (when it is opened). */
typedef struct xread xread;

/* Open document did (a match's: its existence is not checked again) into
** *out (free with xread_free()). WARTA_OK, WARTA_NOMEM or the engine's
** code (message kept in db). */
int xdb_read(xdb *db, xdocid did, xread **out);
/* Open documents did[0..n) (a match's) into out[0..n), each as xdb_read()
** opens one (the caller frees each with xread_free()). Over remote shards
** each shard's documents are read on a thread of their own, over that
** shard's connection, so that the shards' round trips overlap; and a
** shard with two or more documents whose value in slot the caller knows
** (known[i], nknown[i] bytes; known NULL, or known[i] NULL: not known)
** reads half of those over a second connection, keeping a document only
** when it has that value (xdb.cc says why). On an error every out[i] is
** NULL: WARTA_NOMEM or the engine's code (the first shard's error, message
** kept in db). */
int xdb_read_many(xdb *db, const xdocid *did, int n, unsigned slot, const char *const *known,
                  const size_t *nknown, xread **out);
/* Tests: a local shard of db (opened by xdb_open_parts()) reads with a
** second reader too, as a remote one does (everywhere 1), or not (0, as
** opened). */
void xdb_second_readers(xdb *db, int everywhere);
/* How many documents second readers gave xdb_read_many() since db was
** opened. */
long xdb_second_reads(const xdb *db);
/* Its value in slot (malloc'ed, NUL-terminated; NULL and *n 0 when empty),
** or its data (malloc'ed, NUL-terminated). WARTA_OK, WARTA_NOMEM or the
** engine's code (message kept in db). */
int xread_value(xdb *db, xread *r, unsigned slot, char **v, size_t *n);
int xread_data(xdb *db, xread *r, char **data, size_t *n);
void xread_free(xread *r);

/* Documents whose value in slot lies in [lo, hi] (byte order; lo or hi
** NULL: open), as xq_value_range() gives them (with calendar, lo and hi
** days: as the date terms of the closed range give them, an article dated
** on no calendar day only in a range of its whole month or year), checked
** against db's table of the slot (an array by document id, xvalues.h;
** built now when not yet), where a value range decodes the slot's stream
** up to each candidate: for a database of one local shard, read-only.
** Into *out (the caller's: xq_free()); NULL when db is none such (the
** caller matches the range otherwise). When the range holds more than half
** of the documents, *out lists the others instead (those without a value
** too) and *outside is 1: the caller leaves them out (AND_NOT), a cheaper
** match than a filter that keeps most (else *outside is 0). WARTA_OK, or
** WARTA_NOMEM / the engine's code (message kept in db) with *out NULL. */
int xdb_value_filter(xdb *db, unsigned slot, const char *lo, const char *hi, int calendar, xq **out,
                     int *outside);
/* Tests: xdb_value_filter() gives its filter (on 1, as opened) or none
** (0: the caller's other ways are tested on one local database). */
void xdb_value_filters(xdb *db, int on);

#ifdef __cplusplus
}
#endif

#endif
