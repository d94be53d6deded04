/*
** Internal interfaces of the reading half of store/.
*/
#ifndef WARTA_SEARCH_INT_H
#define WARTA_SEARCH_INT_H

#include "schema.h"
#include "common/hmap.h"
#include "store.h"
#include "stub.h"
#include "xdb.h"

struct stub_sig {
  unsigned long long ino; /* the stub's inode */
  long long mtime;        /* and modification time, ns */
};

struct warta_searcher {
  char *path;                /* as given */
  int is_dir;                /* an index directory (else a stub file) */
  int flags;                 /* WARTA_OPEN_* */
  stub_list stub;            /* a stub file's shards (none: Xapian reads it) */
  unsigned char *down;       /* per shard: 1 when left out (did not answer) */
  long long retry_ms;        /* when the shards left out are tried again
                             ** (CLOCK_MONOTONIC, ms) */
  int lexicon;               /* the synonym table holds the lexicon (not
                             ** over remote shards, which do not serve it) */
  xdb *x;                    /* the engine */
  struct stub_sig sig;       /* the stub when the engine was opened */
  warta_stemming stemming;   /* the index's */
  char *analysis, *profiles; /* from the engine's metadata */
  warta_analyzer *scanner;   /* folds words, for wildcard highlights */
  char *err;                 /* the last error */
  int named;                 /* err names a shard that does not answer */
  char **langs;              /* the articles' languages as last read (match.c:
                             ** NULL until asked, dropped when the index
                             ** changes) */
  struct {
    warta_hmap known;  /* terms whose frequency this query asked (freqs.c) */
    uint32_t *freq;    /* by their index in known */
    size_t cap;        /* of freq */
    warta_hmap wanted; /* running dry: terms asked that are not known */
    int dry;           /* 1: lookups note what they miss and answer 0 */
  } freqs;
};

/* Keep the engine's message; returns rc. */
int searcher_xfail(warta_searcher *s, int rc);

/* The index's languages (NULL-terminated, most articles first) into
** *langs: read once and kept by s until the index changes (s->langs).
** WARTA_OK, WARTA_NOMEM, or the engine's code (its message kept in s). */
int searcher_languages(warta_searcher *s, char *const **langs);
/* Forget the languages read (the index changed): the next query reads
** them again. */
void searcher_langs_drop(warta_searcher *s);

/* Reopen after the writer discarded the revision being read, or after a
** shard's connection failed (the shard left out with WARTA_OPEN_PARTIAL,
** or connected to again: searcher_shards_failed()), for the caller to try
** again (*tries counts the tries: at most 5). Returns 1 when it is worth
** trying again (the remembered frequencies are then dropped), else 0. */
int reopen_for_retry(warta_searcher *s, int rc, int *tries);

/* The frequencies of terms t[i] (n[i] bytes) into freq[i], i < k: those
** this query asked already as remembered, the others asked at once (one
** exchange with a remote shard) and remembered; running dry, the others
** are 0 and noted as wanted (freqs.c). Returns WARTA_OK, WARTA_NOMEM, or
** the engine's code (its message kept in s). */
int searcher_term_freqs(warta_searcher *s, const char *const *t, const size_t *n, int k,
                        uint32_t *freq);
/* Forget the remembered frequencies and the wanted terms (not whether the
** searcher runs dry): the index changed. */
void searcher_freqs_drop(warta_searcher *s);
/* Free what freqs.c holds (warta_searcher_close()). */
void searcher_freqs_free(warta_searcher *s);
/* Keep msg as the error; returns rc. */
int searcher_fail(warta_searcher *s, int rc, const char *msg);

/* After a search failed with rc: find the shards that do not answer. With
** WARTA_OPEN_PARTIAL and another shard answering, they are left out and
** WARTA_OK says "search again"; otherwise an error naming them (or rc as
** it was when every shard answers). */
int searcher_shards_failed(warta_searcher *s, int rc);

/* After an attempt to read failed with rc: 1 when it is worth trying
** again (a shard was left out or connected to again, or the index changed
** underneath: reopened), else 0 (rc stands; its message is kept). */
int searcher_try_again(warta_searcher *s, int rc);

/**************************************************************************
** Interface to code in match.c: the typed query as engine queries
*/
/* A distinct text term of the query (a text term, or a surface form with
** its prefix). */
typedef struct qterm {
  char *t;     /* the term */
  int n;       /* its bytes */
  uint32_t df; /* articles holding it */
} qterm;

/* One alternative of a group: terms in sequence. */
typedef struct qseq {
  int *term; /* indexes into match.term */
  int n;
  double idf;        /* of the alternative (its rarest term) */
  double w;          /* its weight: 1, or rank.expand for a name standing
                     ** for the group */
  const char *label; /* that name (the query's), or NULL */
} qseq;

/* A group as the ranking sees it. */
typedef struct xmatch_group {
  qseq *seq; /* every alternative of every form */
  int nseq;
  double idf;         /* the greatest of its alternatives that occur */
  double weight;      /* the group's weight */
  int content;        /* counts toward "all words" and proximity */
  int title;          /* title field only */
  const char *prefix; /* wildcard prefix, or NULL */
} xmatch_group;

/* The index's languages this query, for restricting a word's forms to
** their profile's languages cheaply (match.c). */
typedef struct lang_census {
  char *const *code; /* the searcher's languages (borrowed) */
  uint32_t *freq;    /* articles holding each */
  int n;
  int whole; /* every article holds exactly one of code[], in one database */
} lang_census;

typedef struct xmatch {
  xq *tier1;     /* articles holding every content word (or all) */
  xq *tier2;     /* the others that match, or NULL when there are none */
  xq *all;       /* every match, for counts and facets (unweighted) */
  xq *all_words; /* tier 1's matches, for its count (unweighted) */
  long tier1_n;  /* tier 1's matches (articles), counted exactly by its
                 ** ranked match (rank.c), or -1: count_match() counts them */
  qterm *term;   /* the distinct text terms */
  int nterm;
  xmatch_group *g; /* per query group (excluded ones have no entry) */
  int ng;
  int ncontent;      /* content groups */
  int nfunction;     /* groups of function or question words */
  double n_articles; /* articles in the index */
  lang_census langs;
} xmatch;

/* Pseudo-relevance feedback: the best nterms terms of the articles
** rel[0..nrel) (their terms as xdb_expand() takes them), each scaled by its weight over the
** best one's, times weight, added to p's tiers as terms that weigh but
** never match on their own. WARTA_OK (nothing to add: p unchanged),
** WARTA_NOMEM, or the engine's code (its message kept in s). */
int match_feedback(warta_searcher *s, xmatch *p, const xrel *rel, int nrel, int nterms,
                   double weight);

/* Build the match of q. WARTA_NOTFOUND: --like names no article. */
int match_build(warta_searcher *s, const warta_query *q, xmatch *p);

/* The prefix of the index terms of g's forms: surface forms for a quoted
** phrase ("U"), else none (static string). */
const char *qgroup_prefix(const warta_qgroup *g);
void match_clear(xmatch *p);

/* The document of the article named key (its record key, or its file's
** path) into *did (fetch.c). WARTA_OK; WARTA_NOTFOUND with a message
** naming key; WARTA_NOMEM; or an index error (message kept by s). */
int searcher_article(warta_searcher *s, const char *key, xdocid *did);

/**************************************************************************
** Interface to code in count.c: exact counts
*/
/* The articles matching p exactly into r->total, those holding every word
** (tier 1) into r->all_words (p->tier1_n when a ranked page counted them,
** else by a match of its own); with fold, the stories they make into
** r->stories (else -1); with facets, the matches (articles) counted per
** source, month (in order) and language too; with days, per date into
** r->days (in order). *units1 (may be NULL): what tier 1 lists, stories
** with fold, else articles. Returns WARTA_OK, WARTA_NOMEM or an index
** error (message kept by s). */
int count_match(warta_searcher *s, const xmatch *p, int facets, int days, int fold,
                warta_results *r, long *units1);

/* *x as an unweighted search of no page that looks at every match of a
** database of doccount documents: exact bounds (and spies that see all). */
void exact_search(xsearch *x, uint32_t doccount);

#endif
