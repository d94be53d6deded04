/*
** analysis/ — turns text into index terms. Knows no files and no index.
**
** An analyzer breaks UTF-8 text into words with ICU (UAX #29) directly on the
** bytes, so every token carries exact byte offsets into the caller's text; it
** folds each word (NFKC casefold, diacritics removed, apostrophes dropped,
** thousands separators removed) and reduces it to a root with the stemming of
** its language. The same analyzer serves indexing and querying, so a query is
** always analyzed the way the text it is matched against was.
**
** An analyzer is not thread-safe: use one per thread (or per FTS5 table).
*/
#ifndef WARTA_ANALYSIS_H
#define WARTA_ANALYSIS_H

#include <stddef.h>

typedef struct warta_analyzer warta_analyzer;

/* How hard an analyzer works at finding roots. */
typedef enum warta_stemming {
  WARTA_STEM_FULL = 0, /* dictionary + guarded rules + compounds (default) */
  WARTA_STEM_RULES,    /* plain Snowball on every word, as peers do it */
  WARTA_STEM_NONE      /* fold only: no stemming at all */
} warta_stemming;

/* How a token's term was found (shown by warta-query --analyze). */
typedef enum warta_how {
  WARTA_HOW_NONE = 0,  /* the folded word itself: no root found or needed */
  WARTA_HOW_DICT,      /* a root validated by the hunspell dictionary */
  WARTA_HOW_RULE,      /* a root from the Snowball rules */
  WARTA_HOW_COMPOUND,  /* part of a compound, or a hyphenated word joined */
  WARTA_HOW_PROTECTED, /* a protected name, acronym or root: never cut */
  WARTA_HOW_NUMBER     /* a number, normalized */
} warta_how;

/* One token handed to a warta_token_fn. */
typedef struct warta_token {
  const char *term;    /* the index term; owned by the analyzer, valid only
                       ** during the callback; not NUL-terminated */
  int n_term;          /* bytes in term (1..WARTA_MAX_TERM) */
  int start, end;      /* byte offsets of the surface form in the input */
  int colocated;       /* 1: same position as the previous token (a synonym) */
  warta_how how;       /* how the term was found */
  const char *surface; /* the word the term comes from, folded and not
                       ** stemmed (the term itself for a number); owned
                       ** and valid as term; not NUL-terminated */
  int n_surface;       /* bytes in surface (1..WARTA_MAX_TERM) */
} warta_token;

/* Terms are cut (on a character boundary) to this many bytes; such long
** tokens are never stemmed. */
#define WARTA_MAX_TERM 255

/* Called once per token, in text order. A non-zero return stops the
** analysis and is returned by warta_analyze() verbatim. */
typedef int (*warta_token_fn)(void *ctx, const warta_token *tok);

/* Flags for warta_analyze(). */
#define WARTA_ANALYZE_QUERY                                                                        \
  0x01 /* the text is a query (no difference yet                                                   \
       ** in the terms; kept for the FTS5 glue) */

/*
** Create an analyzer for language lang (a code such as "id", "en", "ms";
** unknown codes get folding without stemming) with the given stemming.
** On success returns WARTA_OK and sets *out. On failure returns an error code,
** sets *out to NULL and, when err is not NULL, *err to a message the caller
** frees with free().
*/
int warta_analyzer_new(const char *lang, warta_stemming stemming, warta_analyzer **out, char **err);

/* Free an analyzer. NULL is a no-op. */
void warta_analyzer_free(warta_analyzer *a);

/* The language the analyzer was created for (owned by the analyzer). */
const char *warta_analyzer_lang(const warta_analyzer *a);

/*
** Analyze text[0..n) (UTF-8; invalid bytes are treated as separators) and
** call fn for each token. Returns WARTA_OK, the callback's non-zero return
** code, or WARTA_NOMEM.
*/
int warta_analyze(warta_analyzer *a, const char *text, int n, int flags, warta_token_fn fn,
                  void *ctx);

/* 1 when term[0..n), as this analyzer produces terms, is a function or
** question word of its language (yang, apakah -> apa, the, what): words that
** should weigh little in a query. */
int warta_analyzer_is_function_term(const warta_analyzer *a, const char *term, int n);

/*************************************************************************
** Remembered analyses
**
** Loading a hunspell dictionary costs more than a whole query, so the index
** keeps what the analyzer made of every word it saw (the lexicon) and a
** query asks it first: the dictionary is loaded only for a word the index
** never saw. Languages analyzed alike share a profile (Malay uses
** Indonesian's rules and dictionary: both are profile "id").
*/
#define WARTA_MAX_PARTS 4 /* terms one word can yield (a compound's parts) */

typedef struct warta_parts {
  const char *part[WARTA_MAX_PARTS]; /* the terms (not NUL-terminated) */
  int n[WARTA_MAX_PARTS];            /* their bytes */
  int nparts;                        /* 1, or more for a compound */
} warta_parts;

/* The profile of language lang (a static string; lang itself when no other
** language shares its analysis, "" for NULL). */
const char *warta_profile(const char *lang);
/* The profile of an analyzer (owned by it). */
const char *warta_analyzer_profile(const warta_analyzer *a);

/* Asked for the folded word w[0..n) under profile before the stemmer works
** it out: return 1 and fill *out (parts must stay valid until the next
** call), or 0 when unknown. */
typedef int (*warta_lexicon_fn)(void *ctx, const char *profile, const char *w, int n,
                                warta_parts *out);
void warta_analyzer_set_lexicon(warta_analyzer *a, warta_lexicon_fn fn, void *ctx);

/* Told of every word the stemmer was asked about, with its parts (valid
** during the call): the surface forms of a text and their analyses. */
typedef void (*warta_record_fn)(void *ctx, const char *w, int n, const warta_parts *p);
void warta_analyzer_set_recorder(warta_analyzer *a, warta_record_fn fn, void *ctx);

/* What the analyzer makes of the folded word w[0..n) on its own (parts
** owned by the analyzer, valid until its next call). */
int warta_analyzer_stem_word(warta_analyzer *a, const char *w, int n, warta_parts *out);

/* When the folded word w[0..n) is a closed compound that the analyzer's
** language lists (kerjasama), its parts as a static space-separated string
** ("kerja sama"); else NULL. Reads no dictionary. */
const char *warta_analyzer_compound(const warta_analyzer *a, const char *w, int n);

/*
** The lexicon's encoding of a word's analyses under several profiles:
** "en=meet;id=tegas", parts joined by spaces; a profile whose analysis is
** the word itself is left out. encode_add appends one profile's analysis
** (nothing when it is the word itself); decode finds profile in enc[0..len)
** and returns 1 with *out pointing into enc, or 0 when it is not listed.
*/
struct warta_buf;
void warta_lexicon_encode_add(struct warta_buf *b, const char *profile, const char *w, int n,
                              const warta_parts *p);
int warta_lexicon_decode(const char *enc, size_t len, const char *profile, warta_parts *out);

/* Name of a warta_how value ("dictionary", "rule", ...); static storage. */
const char *warta_how_name(warta_how how);

/* Parse "full", "rules"/"snowball" or "none"; returns -1 for anything else. */
int warta_stemming_parse(const char *s);
const char *warta_stemming_name(warta_stemming s);

/*
** Version of the analysis: the terms an analyzer produces for a given text
** depend only on this string and the analyzer's language and stemming. The
** index records it; a different value means the index must be rebuilt.
*/
const char *warta_analysis_version(void);

#endif
