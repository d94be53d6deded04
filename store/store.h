/*
** store/ — the index: a directory that store/ owns completely. Serves
** warta-index (writing), warta-query and warta-serve (reading), and knows
** none of them. Nothing outside store/ calls Xapian or SQLite.
**
** Layout (docs/index-format.md says it all):
**   DIR/XAPIANDB          a Xapian stub naming the current generation, so
**                         that `xapian-delve DIR` and python3-xapian open DIR
**   DIR/gN/xapian/        the Xapian database of generation N
**   DIR/gN/state.sqlite   the indexer's state: files, articles, runs, meta
**   DIR/writer.lock       the writer's lock (who holds it, since when)
** A rebuild writes generation N+1 beside the current one and makes it
** current by replacing the stub atomically.
**
** In Xapian, an article is a document holding every searchable term: its
** analyzed words with positions (title first, then each passage in a
** range of its own), title terms again with prefix S, the surface forms
** (prefix U) for wildcards and suggestions, boolean terms for the type,
** language, sources and date parts, the sortable date and other values.
** Each passage is a document holding what a hit shows of it (its text and
** the byte offsets of its positions) under its article's group term.
**
** Every function returns WARTA_OK or a WARTA_ code (common/rc.h). Where a
** message is available it is kept by the handle until the next call and
** returned by warta_store_errmsg() / warta_searcher_errmsg(); open
** functions hand it back through char **err (free() it).
*/
#ifndef WARTA_STORE_H
#define WARTA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"

#define WARTA_SCHEMA_VERSION 5 /* of the index directory and its contents */

/*************************************************************************
** Writing (warta-index)
*/
typedef struct warta_store warta_store;

typedef struct warta_store_opts {
  warta_stemming stemming; /* for a new index */
  int dry_run;             /* look only: no lock, nothing written; a missing
                           ** index reads as an empty one */
  int rebuild;             /* write a new generation; warta_store_publish()
                           ** makes it current */
  int batch;               /* articles per commit; 0: 2000 (warta-index
                           ** passes its --batch, default 1000) */
  size_t batch_bytes;      /* and bytes of documents per commit: a batch is
                           ** committed early when its documents pass this
                           ** (the engine holds their postings until then)
                           ** [0: 64 MiB] */
  size_t max_terms;        /* distinct terms an article's text may give:
                           ** past them, tokens of new terms are left out,
                           ** and surface forms past this many too; what an
                           ** engine's document costs (some hundred bytes
                           ** a term) stays bounded [0: no limit] */
  const char *profiles;    /* analysis profiles recorded for every word of a
                           ** new index, comma-separated ("en,id") */
  const char *shard_by;    /* a new index: one database per "year" or
                           ** "month" of the articles' dates, or "none"
                           ** [NULL: none]; an existing one: NULL, or the
                           ** same as it has (else WARTA_MISMATCH) */
} warta_store_opts;

/*
** Open (creating when missing) the index directory dir for writing and take
** its lock. Returns WARTA_OK and *out, or with *out NULL and *err set:
**   WARTA_BUSY      another writer holds the lock (*err names it);
**   WARTA_MISMATCH  dir was written by another version of warta (an index
**                   of warta 1 is a single SQLite file) or by another
**                   analysis: *err says so; rebuild with o->rebuild;
**   WARTA_TOONEW    dir was written by a newer warta (a schema version
**                   above WARTA_SCHEMA_VERSION in the state or the engine):
**                   never read as this one; o->rebuild builds it anew;
**   WARTA_CORRUPT   the index is damaged (also: its engine and its state
**                   disagree on how many articles it holds);
**   WARTA_IOERR, WARTA_NOMEM, WARTA_ERROR otherwise.
** A work that was killed is recovered here (see docs/index-format.md).
*/
int warta_store_open(const char *dir, const warta_store_opts *o, warta_store **out, char **err);

/*
** Commit what is pending and close; releases the lock. An open rebuild that
** was not published is thrown away. NULL-safe. Returns the commit's code,
** with *err (may be NULL) set to its message on failure (free() it).
*/
int warta_store_close(warta_store *st, char **err);

/* Commit everything and stop writing (with o->rebuild: publish). After
** it, only warta_store_engine_cpu() and warta_store_close() are useful. */
int warta_store_finish(warta_store *st);

/* CPU seconds the engine's writing thread used, once writing is finished
** (warta_store_finish() or warta_store_publish()). */
double warta_store_engine_cpu(const warta_store *st);

/* Close without committing: whatever is pending is lost (as when killed). */
void warta_store_abandon(warta_store *st);

const char *warta_store_errmsg(const warta_store *st);
warta_stemming warta_store_stemming(const warta_store *st);

/* The analysis profiles the index records for every word ("en,id"), owned
** by the store. */
const char *warta_store_profiles(const warta_store *st);

/* Values of the indexer's state (meta table); malloc'ed, NULL when absent. */
char *warta_store_meta_get(warta_store *st, const char *key);
int warta_store_meta_set(warta_store *st, const char *key, const char *value);

/*
** Make everything written so far durable and visible to readers: the
** engine's commit first, then the state's (see docs/index-format.md).
*/
int warta_store_commit(warta_store *st);

/* With o->rebuild: the articles of the index being replaced (0 when there
** was none, or it could not be read). */
long warta_store_replaced_articles(const warta_store *st);

/* With o->rebuild: commit, then make the new generation current and remove
** the old one. */
int warta_store_publish(warta_store *st);

/* --- files and articles, as recorded by earlier runs ------------------ */
typedef struct warta_file_rec {
  int64_t id;       /* the file's id in the state */
  int64_t size;     /* bytes on disk when last indexed (-1: never finished) */
  int64_t mtime_ns; /* modification time then */
  uint64_t hash;    /* content hash then */
} warta_file_rec;

/* Look a path up: WARTA_OK and *r, or WARTA_NOTFOUND. */
int warta_store_file_get(warta_store *st, const char *path, warta_file_rec *r);

/* Record a new file (path must be new), not finished yet; returns its id. */
int warta_store_add_file(warta_store *st, const char *path, int64_t *id);

/* The file was read completely: record its stat data and hash. */
int warta_store_file_done(warta_store *st, int64_t id, int64_t size, int64_t mtime_ns,
                          uint64_t hash);

/* Call fn(ctx, id, path) for each file with this hash, or below root (a
** file or a directory); a non-zero return stops and is returned. */
int warta_store_files_by_hash(warta_store *st, uint64_t hash,
                              int (*fn)(void *ctx, int64_t id, const char *path), void *ctx);
int warta_store_files_under(warta_store *st, const char *root,
                            int (*fn)(void *ctx, int64_t id, const char *path), void *ctx);

/* Articles of a file (*n), or of the whole index (file_id 0). */
int warta_store_article_count(warta_store *st, int64_t file_id, long *n);

/* Call fn(ctx, key, hash, line) for each article of a file (key "" and
** line 0 for the single article of a whole-file format). */
int warta_store_file_articles(warta_store *st, int64_t file_id,
                              int (*fn)(void *ctx, const char *key, uint64_t hash, long line),
                              void *ctx);

/* --- changes ---------------------------------------------------------- */
/* One token of an analyzed text, as the indexer hands it over. */
typedef struct warta_tok {
  const char *term;    /* the term (not NUL-terminated) */
  int n;               /* its bytes */
  int start, end;      /* the surface's byte range in its text */
  int colocated;       /* 1: at the position of the previous token */
  const char *surface; /* the word as written, folded, unstemmed (not
                       ** NUL-terminated) */
  int n_surface;       /* its bytes */
} warta_tok;

/* A surface form of the article and what each analysis profile makes of
** it (analysis/lexicon's encoding; see warta_lexicon_encode()). */
typedef struct warta_surface {
  const char *word;     /* the folded word */
  int n;                /* its bytes */
  uint32_t wdf;         /* occurrences in the article */
  const char *analyses; /* encoded analyses (NUL-terminated), or NULL */
} warta_surface;

/* What an article is; its text comes in pieces (warta_store_put_begin()). */
typedef struct warta_article_in {
  int64_t file_id;                         /* its file */
  const char *path;                        /* the file's path (absolute) */
  const char *key;                         /* record key in the file; "" for whole-file formats */
  long line;                               /* line of the record, or 0 */
  uint64_t hash;                           /* content hash of the record */
  const char *lang;                        /* language code */
  const char *title, *date, *source, *url; /* NUL-terminated or NULL */
} warta_article_in;

/*
** Add an article, replacing the one with the same file and key, streamed
** as the indexer analyzes it: warta_store_put_begin(), the title's tokens
** (warta_store_put_token()), then for each passage warta_store_put_passage()
** and its tokens, then warta_store_put_end() with the article's distinct
** surface forms. Tokens go into the engine's document as they come and a
** passage's text into the document's data, so no list of tokens is held
** and the caller may free a passage once its tokens are in: an article
** costs the engine's document (its data, about the size of the text, and
** its positions), never copies of the text per token.
**
** a (and its strings) must stay valid until warta_store_put_end(); token
** terms and passage texts only during the call. One article at a time: a
** begin while one is open drops that one. An error from any of these
** drops the article (no end is needed); warta_store_put_cancel() drops it
** otherwise (nothing open: a no-op).
**
** The engine's documents are built in the caller's thread and written in
** a thread of its own; nothing is visible before warta_store_commit(),
** which runs by itself every o->batch articles and whenever the
** documents since the last one pass o->batch_bytes. A document larger
** than 1 MiB is written before warta_store_put_end() returns, so that the
** engine's copies of it never meet the caller's next article.
*/
int warta_store_put_begin(warta_store *st, const warta_article_in *a);
int warta_store_put_token(warta_store *st, const warta_tok *t);
int warta_store_put_passage(warta_store *st, const char *text, size_t n);
int warta_store_put_end(warta_store *st, const warta_surface *surface, int nsurface);
void warta_store_put_cancel(warta_store *st);

/* Between begin and end: the article writes out the acronym acr[0..na)
** as name[0..nn) (both folded, analysis/acronym.h). Recorded once per
** article however often it is written (a boolean term: docs/index-format.md).
** Returns as warta_store_put_token(). */
int warta_store_put_name(warta_store *st, const char *acr, size_t na, const char *name, size_t nn);

/* Tokens of the last article put that o->max_terms left out (0: all of
** them are in). */
size_t warta_store_put_left_out(const warta_store *st);

/* Remove the article (file_id, key). */
int warta_store_delete(warta_store *st, int64_t file_id, const char *key);

/* Remove every article of a file and the file's record. */
int warta_store_delete_file(warta_store *st, int64_t file_id);

/* The file id now lives at path (a rename with unchanged content): its
** articles get the new path without being analyzed again. */
int warta_store_rename_file(warta_store *st, int64_t id, const char *path);

/* Record a run's summary (JSON, kept in the state's runs table). */
int warta_store_add_run(warta_store *st, const char *json);

/*
** Compact the databases of the index at dir whose period is closed (a
** year or month before the current one; every database of an index that
** is not sharded) into new directories, swapped in through the stub while
** queries run. Takes the writer's lock. fn(ctx, shard, bytes before, bytes
** after, skipped) is told of each: shard "" for an unsharded index;
** skipped when it was compacted before and not written since. Returns
** WARTA_OK, or an error with *err set (free() it) as for warta_store_open().
*/
typedef void (*warta_compact_fn)(void *ctx, const char *shard, long long before, long long after,
                                 int skipped);
int warta_store_compact(const char *dir, warta_compact_fn fn, void *ctx, char **err);

/*************************************************************************
** Reading (warta-query, warta-serve, warta-index --status)
*/
typedef struct warta_searcher warta_searcher;

/*
** Open the index at path for reading: an index directory, or a stub file
** (which may list shards, local or remote). Never writes anything, so a
** read-only mount or another user's index works. Errors as for
** warta_store_open(); WARTA_NOTFOUND when there is no index at path.
*/
int warta_searcher_open(const char *path, warta_searcher **out, char **err);

/* Flags of warta_searcher_open_with(). */
#define WARTA_OPEN_PARTIAL                                                                         \
  0x01 /* a shard of a stub that does not answer is                                                \
       ** left out (warta_results.missing names it)                                                \
       ** rather than failing every search */

/* A shard left out is tried again by the first search or refresh this many
** seconds after it was left out (or last tried), and used again as soon as
** it answers: a long-lived reader needs no restart when a shard comes back. */
#define WARTA_SHARD_RETRY_S 5

/*
** As warta_searcher_open(), with flags. A stub file's shards are opened one
** by one, so that one that does not answer is named in the error (WARTA_IOERR
** for a remote one: "shard remote HOST:PORT does not answer: ..."), or with
** WARTA_OPEN_PARTIAL left out while at least one other answers.
*/
int warta_searcher_open_with(const char *path, int flags, warta_searcher **out, char **err);
void warta_searcher_close(warta_searcher *s);
const char *warta_searcher_errmsg(const warta_searcher *s);

/*
** The shards of a stub that are left out because they did not answer
** (with WARTA_OPEN_PARTIAL), by their names in the stub ("remote
** 10.0.0.12:7019"), into *names: NULL-terminated and malloc'ed (free with
** warta_list_free()), or NULL when none is. Returns WARTA_OK or WARTA_NOMEM
** (then *names is NULL).
*/
int warta_searcher_missing(const warta_searcher *s, char ***names);

/* Pick up the newest committed state (a nightly run's changes, or a
** rebuild swapped in). *changed (may be NULL) tells whether it changed. */
int warta_searcher_refresh(warta_searcher *s, int *changed);

/* The stemming and analysis version the index was built with, and the
** profiles it records for every word (owned by the searcher). */
warta_stemming warta_searcher_stemming(const warta_searcher *s);
const char *warta_searcher_analysis_version(const warta_searcher *s);
const char *warta_searcher_profiles(const warta_searcher *s);

/* Number of articles. */
long warta_searcher_articles(warta_searcher *s);

/*
** What the index recorded for the folded word w[0..n): fn(ctx, analyses)
** for each encoding stored (see analysis/lexicon). Returns WARTA_NOTFOUND
** when the index never saw the word.
*/
int warta_searcher_lexicon(warta_searcher *s, const char *w, int n,
                           int (*fn)(void *ctx, const char *analyses, size_t len), void *ctx);

/*
** The acronyms the articles write out (analysis/acronym.h), as the index
** counts them: fn(ctx, acr, na, name, nn, articles) for each pair written
** out by at least min articles (over every shard, local or remote), in
** byte order of the acronym, until fn returns non-zero (returned
** verbatim). The strings are folded and valid during the call. Returns
** WARTA_OK, or an index error (message from warta_searcher_errmsg()).
*/
typedef int (*warta_acronym_pair_fn)(void *ctx, const char *acr, size_t na, const char *name,
                                     size_t nn, uint32_t articles);
int warta_searcher_acronyms(warta_searcher *s, uint32_t min, warta_acronym_pair_fn fn, void *ctx);

/* Number of articles holding the surface form w (0 when none). Like every
** frequency below, remembered for the rest of the query (see
** warta_searcher_freqs_forget()). */
int warta_searcher_surface_freq(warta_searcher *s, const char *w, int n, uint32_t *freq);

/* Call fn for each surface form starting with prefix, with its article
** count, in byte order, until fn returns non-zero. */
int warta_searcher_surfaces(warta_searcher *s, const char *prefix, int n,
                            int (*fn)(void *ctx, const char *w, size_t len, uint32_t freq),
                            void *ctx);

/* Number of articles holding term t (0 when none). */
int warta_searcher_term_freq(warta_searcher *s, const char *t, int n, uint32_t *freq);

/* Numbers of articles holding t[i] (n[i] bytes) into freq[i], i < k, asked
** at once: one exchange with a remote shard however many terms. Returns
** WARTA_OK, or an error (freq all 0; message kept by s). */
int warta_searcher_term_freqs(warta_searcher *s, const char *const *t, const size_t *n, int k,
                              uint32_t *freq);

/* A new query begins: forget the term frequencies remembered for the last
** one, and stop running dry. A frequency is remembered from when it is
** first asked until then, or until the index changes, so that a query
** asks each term once and costs what it costs whatever came before it. */
void warta_searcher_freqs_forget(warta_searcher *s);

/* Running dry (dry 1): the frequency calls above answer 0 for the terms
** not remembered, without asking the engine, and note them as wanted; dry
** 0 ends it. For a caller that learns which terms it will need by a dry
** run of its own work. */
void warta_searcher_freqs_dry(warta_searcher *s, int dry);

/* Ask for the frequencies of the wanted terms at once (one exchange with
** each remote shard) and remember them; *asked is their number. Returns
** WARTA_OK, or an error (message from warta_searcher_errmsg()). */
int warta_searcher_freqs_fetch(warta_searcher *s, int *asked);

/* 1 when a shard of the index is remote (each exchange is a round trip),
** else 0. */
int warta_searcher_remote(const warta_searcher *s);

/* Number of articles holding the terms t[0..n) as a phrase, counted up to
** max at least (exact when fewer); 0 running dry (no match is run). */
int warta_searcher_phrase_freq(warta_searcher *s, const char *const *t, int n, uint32_t max,
                               uint32_t *freq);

/* The languages of the index's articles (NULL-terminated, malloc'ed: free
** with warta_list_free()), most articles first; read once, and again after
** the index changes. WARTA_OK, WARTA_NOMEM, or the engine's code (its
** message kept in s). */
int warta_searcher_languages(warta_searcher *s, char ***langs);
void warta_list_free(char **list);

/* Number of articles of the outlet name (a name or domain, folded as the
** source filter folds it) or of the language code (lowercase); 0 when
** none. */
int warta_searcher_source_freq(warta_searcher *s, const char *name, uint32_t *freq);
int warta_searcher_lang_freq(warta_searcher *s, const char *code, uint32_t *freq);

/* The outlets of the index's articles as shown (NULL-terminated,
** malloc'ed: free with warta_list_free()), most articles first. */
int warta_searcher_sources(warta_searcher *s, char ***names);

/* --- the typed query ------------------------------------------------- */
#define WARTA_MAX_PROFILES 8

/* One way to match a query word: a term, or a phrase of terms. */
typedef struct warta_qalt {
  char **term; /* terms (malloc'ed strings), in order */
  int nterm;   /* 1, or more for a phrase */
} warta_qalt;

/* A query word as one analysis profile sees it. */
typedef struct warta_qform {
  char **langs;    /* the languages this analysis applies to (NULL-terminated);
                   ** NULL: every language */
  warta_qalt *alt; /* alternatives (compound variants), any of which matches */
  int nalt;
} warta_qform;

typedef enum warta_qfield {
  WARTA_QF_TEXT = 0, /* title or body */
  WARTA_QF_TITLE     /* title only */
} warta_qfield;

/* A name standing for a group (or a run of groups): Joko Widodo for
** Jokowi, KPK for Komisi Pemberantasan Korupsi. */
typedef struct warta_qexp {
  char *text;        /* the name, folded ("joko widodo"), for explain */
  char *why;         /* where it comes from ("synonyms", "learned from 57
                     ** articles"), for explain */
  warta_qform *form; /* analyzed as a group's words (a phrase when several) */
  int nform;
} warta_qexp;

typedef struct warta_qgroup {
  warta_qform *form; /* per profile; one when all agree */
  int nform;
  char *surface; /* the word or phrase as typed (for explain) */
  char *prefix;  /* word*: the folded prefix of surface forms (then
                 ** form is empty) */
  char *exact;   /* a single word as typed, folded and unstemmed: the
                 ** surface form it names (weighs with rank.exact), or NULL */
  warta_qfield field;
  int verbatim;    /* 1: form's terms are words as written, folded, not
                   ** stemmed (a quoted phrase): matched as surface forms */
  double weight;   /* 1, or less for a function word */
  int content;     /* 1: counts toward "all words first" */
  int required;    /* 1: must match (a quoted phrase) */
  int excluded;    /* 1: articles holding it are excluded */
  int or_next;     /* 1: "this OR the next group" */
  warta_qalt join; /* a closed compound standing for this group and the
                   ** next (nterm 0: none): either both or it */
  warta_qexp *exp; /* names standing for this group and the span - 1
                   ** next: added alternatives weighing rank.expand */
  int nexp;
  int span; /* groups the names stand for (content groups, or
            ** function words between them) */
} warta_qgroup;

typedef struct warta_date_range {
  char lo[9], hi[9]; /* YYYYMMDD bounds, inclusive; "" for an open end */
} warta_date_range;

typedef enum warta_sort {
  WARTA_SORT_RELEVANCE = 0,
  WARTA_SORT_NEWEST,
  WARTA_SORT_OLDEST,
  WARTA_SORT_ADDED /* newest added to the index first (value slot 7) */
} warta_sort;

/* Ranking parameters. Their names, bounds, defaults and meanings are one
** table (warta_rank_params(), store/params.c), where each default says
** the figure that chose it. */
typedef struct warta_rank {
  double k1, b;   /* BM25 of articles */
  double title;   /* extra weight of title matches (articles) */
  double apart;   /* weight of a compound's words apart, against the
                  ** compound (kerja sama) as a phrase */
  int tiers;      /* 1: all words first; 0: plain BM25 order */
  int block;      /* articles re-ranked together with positions */
  double passage; /* weight of the best passage's evidence, normalized by
                  ** the block's best, times the block's best article */
  double near;    /* query words near each other anywhere in the article */
  double prf;     /* weight of pseudo-relevance feedback terms (0: none) */
  int prfdocs;    /* the best articles feedback reads */
  int prfterms;   /* the terms it adds */
  int prfwords;   /* only for queries of at most this many content words */
  double exact;   /* extra weight of a word in the form typed */
  double expand;  /* weight of names standing for query words (synonyms,
                  ** acronyms; 0: none) */
  int acrmin;     /* articles that must write an acronym out */
  double pk1, pb; /* BM25 of passages */
  double plen;    /* a passage's typical length, in positions */
  double ptitle;  /* weight of the title in a passage's BM25 */
  double prox;    /* proximity of content words in a passage */
  double phrase;  /* the query as a phrase in a passage or title */
  double lead;    /* query words among an untitled article's first words */
  int leadpos;    /* "first words": the decay of the lead bonus */
} warta_rank;

/* One row of the table of ranking parameters. */
typedef struct warta_rank_param {
  const char *name;    /* as --rank takes it */
  size_t offset;       /* of the field in warta_rank */
  int integer;         /* 1: an int field taking whole numbers; 0: a double */
  double lo, hi;       /* the values allowed, inclusive */
  double def;          /* the default */
  const char *meaning; /* one line, for --help and the man page */
} warta_rank_param;

/* The table (static, never freed), its rows in *n. */
const warta_rank_param *warta_rank_params(int *n);

/* Every parameter at its default. */
void warta_rank_defaults(warta_rank *r);

/* Apply "NAME=VALUE,..." to r, in order. WARTA_OK; WARTA_ERROR with *why
** (malloc'ed, the caller frees it) naming the unknown name or the bad or
** out-of-range value (r may then hold the items before it); WARTA_NOMEM. */
int warta_rank_parse(warta_rank *r, const char *spec, char **why);

typedef struct warta_query {
  warta_qgroup *group; /* the words, phrases and operators, in order */
  int ngroup;
  const char *const *langs;   /* only these languages (NULL-terminated), or NULL */
  const char *const *sources; /* only these sources (folded), or NULL */
  warta_date_range *dates;    /* each must hold (AND) */
  int ndates;
  const char *like;     /* articles like this one (key or path), or NULL */
  char added_since[21]; /* only articles added to the index at or after
                        ** this time ("YYYY-MM-DDTHH:MM:SSZ", UTC), or "" */
  warta_sort sort;
  int offset, limit; /* the page */
  int per_article;   /* passages per article [default 1]; 0: all that match */
  int fold;          /* 1: one hit per story, its best-ranked copy, naming
                     ** the others (warta_hit.copy); 0: every copy of a
                     ** story is a hit of its own */
  const char *story; /* only the copies of the story of this article (its
                     ** key or path), or NULL */
  int count_only;    /* only count the matching articles (exactly) */
  int facets;        /* count matching articles per source, month, language */
  int explain;       /* keep how each score was made */
  int want_text;     /* fetch passages and highlights (else ids only) */
  int exact;         /* 1: the words alone, no names standing for them
                     ** (the planner adds none) */
  warta_rank rank;
  int histogram; /* non-zero: count the matching articles per date
                 ** (warta_results.days); the value is the caller's
                 ** (search/ keeps the bucket size in it) */
} warta_query;

/* Free everything a warta_query's groups own (not the query itself). */
void warta_query_free_groups(warta_query *q);

/* Ask the frequencies of the terms that the match of q (warta_search())
** will weigh with: running dry, they are noted as wanted, to be fetched
** with the others. Returns WARTA_OK, WARTA_NOMEM, or an index error. */
int warta_searcher_want_terms(warta_searcher *s, const warta_query *q);

/* --- results ---------------------------------------------------------- */
typedef struct warta_span {
  int start, end; /* a byte range in the passage text */
} warta_span;

/* Another copy of a hit's story. */
typedef struct warta_copy {
  char *key;    /* its record key, or its file's path (malloc'ed) */
  char *source; /* its outlet as shown (malloc'ed), or NULL */
} warta_copy;

typedef struct warta_hit {
  double score;    /* the shown score: never rises down the list */
  double article;  /* the article's BM25 part */
  double evidence; /* the passage part */
  int tier;        /* 1: holds every content word; 0: some */
  int matched;     /* content words it holds */
  int phrase;      /* 1: its passage holds the query as a phrase */
  /* the article */
  char *key, *title, *url, *path, *date, *source, *lang; /* malloc'ed, or NULL */
  long line;                                             /* line of the record, or 0 */
  char *added, *changed; /* when it entered the index and last changed
                         ** ("YYYY-MM-DDTHH:MM:SSZ", malloc'ed), or NULL:
                         ** indexed before warta recorded it */
  /* the passage */
  int ordinal; /* its place in the article (0-based) */
  char *text;  /* its text (malloc'ed) */
  size_t ntext;
  warta_span *hl; /* highlighted ranges, in order (malloc'ed) */
  int nhl;
  warta_span *title_hl; /* highlighted ranges in the title */
  int ntitle_hl;
  char *explain;    /* how the score was made (malloc'ed), or NULL */
  char *story;      /* the id of its story (malloc'ed), or NULL */
  warta_copy *copy; /* the story's other copies (folded results only),
                    ** by outlet then key (malloc'ed), or NULL */
  int ncopy;
} warta_hit;

typedef struct warta_facet {
  char *value; /* a source, month (YYYY-MM) or language */
  long n;      /* matching articles */
} warta_facet;

typedef struct warta_results {
  warta_hit *hit; /* the page */
  int nhit;
  long total;            /* matching articles, exactly */
  long all_words;        /* of which hold every word (tier 1), exactly */
  int estimated;         /* 1: total is an estimate (counts are exact: 0) */
  long stories;          /* folded results: the stories the matches make,
                         ** exactly (what the hits list one each); -1
                         ** when not counted (without q->fold) */
  warta_facet *facet[3]; /* per source, month, language (with q->facets) */
  int nfacet[3];
  double took_ms; /* time spent */
  char **missing; /* shards left out because they did not answer (with
                  ** WARTA_OPEN_PARTIAL): NULL-terminated names, or NULL */

  warta_facet *days; /* with q->histogram: matching articles per date
                     ** (YYYYMMDD, the sortable date), in order, exactly;
                     ** articles without one are total minus their sum */
  int ndays;
} warta_results;

#define WARTA_FACET_SOURCE 0
#define WARTA_FACET_MONTH 1
#define WARTA_FACET_LANG 2

/*
** Run q. Reopens and retries when the index changed underneath. Fills *r
** (free with warta_results_free()). A query that cannot match (nothing to
** search) returns WARTA_OK with no hits.
*/
int warta_search(warta_searcher *s, const warta_query *q, warta_results *r);
void warta_results_free(warta_results *r);

/* --- what the index holds -------------------------------------------- */
typedef struct warta_count {
  char *name; /* a language, source or month (YYYY-MM) */
  long n;     /* articles */
} warta_count;

typedef struct warta_shard_stat {
  char *name;      /* "undated", "2019", "2019-09" */
  long articles;   /* live articles in it */
  long long bytes; /* its database's size on disk */
} warta_shard_stat;

typedef struct warta_stats {
  long files, articles, passages; /* what the index holds */
  long dated;                     /* articles with an ISO date */
  char *date_min, *date_max;      /* their range, or NULL */
  warta_count *langs;             /* articles per language, most first */
  int nlangs;
  warta_count *sources; /* per source, most first */
  int nsources;
  warta_count *months; /* per month, in order */
  int nmonths;
  char *schema_version, *analysis_version, *stemming; /* versions */
  char *last_run;                                     /* the last run (JSON), or NULL */
  int64_t bytes;                                      /* size on disk */
  char *shard_by;                                     /* "year" or "month"; NULL when not sharded */
  warta_shard_stat *shards; /* its period shards that hold articles, in order */
  int nshards;
} warta_stats;

/*
** Verify the index at dir without changing it (SQLite may roll back the
** state's journal that a run killed in the middle of a commit left): the
** engine's own check of each database, then the agreement of the engine
** with the state. fn gets
** each problem (and notes such as an interrupted run) as one line.
** Returns WARTA_OK with *problems 0 when all is well, WARTA_CORRUPT when
** something is wrong, WARTA_TOONEW or WARTA_MISMATCH when the index is of
** another schema (not checked further), another code when the check could
** not be made.
*/
typedef void (*warta_check_fn)(void *ctx, const char *msg);
int warta_store_check(const char *dir, warta_check_fn fn, void *ctx, long *problems);

/* What the index at dir holds (reads its state; never writes), into *o
** (owned by the caller: warta_stats_free()). Returns WARTA_OK, else an
** error code with a message in *err (malloc'ed). */
int warta_store_stats(const char *dir, warta_stats *o, char **err);
void warta_stats_free(warta_stats *o);

/* --- one article, whole (fetch.c) ------------------------------------- */
typedef struct warta_full_passage {
  int ordinal;    /* its place in the article (0-based) */
  char *text;     /* its text (malloc'ed, NUL-terminated) */
  size_t ntext;   /* its bytes */
  warta_span *hl; /* where the query's words are in it (malloc'ed), in order */
  int nhl;
} warta_full_passage;

typedef struct warta_full_article {
  char *key, *title, *url, *path, *date, *source, *lang; /* malloc'ed, or NULL */
  long line;                                             /* line of the record, or 0 */
  warta_span *title_hl;                                  /* the query's words in the title */
  int ntitle_hl;
  warta_full_passage *passage; /* every passage, in order (malloc'ed) */
  int npassage;
} warta_full_article;

/*
** The article whose record key is key (for an article of a whole-file
** format, which has none: its file's path as stored), with all its
** passages, into *a (free with warta_full_article_free(); emptied on error).
** With q (may be NULL), the words of q's groups that are not excluded are
** highlighted in the title and the passages as in hits; q's filters, page
** and sort are not used. Picks up the newest committed state first, as
** warta_search() does. Returns WARTA_OK; WARTA_NOTFOUND when no article
** has that key (the message names it); WARTA_NOMEM; or an index error
** (message from warta_searcher_errmsg()).
*/
int warta_article_fetch(warta_searcher *s, const char *key, const warta_query *q,
                        warta_full_article *a);
void warta_full_article_free(warta_full_article *a);

/*
** Which state of the index s reads: *generation (the current generation
** of an index directory, 0 for a stub file of shards) and *revision (the
** engine's revision, raised by every commit; 0 for several shards). Both
** change when a nightly run commits or a rebuild is swapped in, once s
** has been refreshed. Returns WARTA_OK or an index error.
*/
int warta_searcher_version(warta_searcher *s, int *generation, unsigned long long *revision);

#endif
