/*
** Internal interfaces of analysis/. Not installed; included only by the
** files of this directory and by their unit tests.
*/
#ifndef WARTA_ANALYSIS_INT_H
#define WARTA_ANALYSIS_INT_H

#include "analysis.h"
#include "common/buf.h"

/**************************************************************************
** Interface to code in fold.c
*/
typedef struct warta_folder warta_folder;

/* Returns a new folder or NULL when out of memory or ICU has no data. */
warta_folder *warta_folder_new(void);
void warta_folder_free(warta_folder *f);

/*
** Fold the word s[0..n) into out (replacing its contents): NFKC casefold,
** combining marks removed, apostrophes and a trailing possessive 's removed.
** Returns WARTA_OK or WARTA_NOMEM. out->n may be 0 when the word folds to
** nothing (e.g. a lone apostrophe).
*/
int warta_fold(warta_folder *f, const char *s, int n, warta_buf *out);

/*
** Normalize a number p[0..n) of ASCII digits, '.' and ',' in place: digit
** groups "10.000" / "10,000" / "1.250.000" lose their separators, leading
** zeros go ("08" -> "8"); "3,5" is left alone. Returns the new length.
*/
size_t warta_fold_number(char *p, size_t n);

/**************************************************************************
** Interface to code in lang.c
*/
typedef struct warta_lang_info {
  const char *code;     /* ISO 639-1 code, as stored in the index */
  const char *profile;  /* the code of the language analyzed alike ("id"
                        ** for Malay: same rules, same dictionary) */
  const char *snowball; /* Snowball algorithm, or NULL */
  const char *hunspell; /* hunspell dictionary name, or NULL */
  int dict_roots;       /* 1: the dictionary's roots come first and are never
                        ** cut (Indonesian, where the rules mangle words);
                        ** 0: the rules stem, the dictionary only protects
                        ** names (English, where the rules are sound) */
} warta_lang_info;

/* The entry for code, or NULL when warta knows no stemming for it. */
const warta_lang_info *warta_lang_find(const char *code);

/**************************************************************************
** Interface to code in dict.c: hunspell dictionaries shared by the process
*/
typedef struct warta_dict warta_dict;
struct Hunhandle;

/* Open (or share) dictionary name ("id_ID") from $WARTA_HUNSPELL_DIR or the
** configured directory. Returns WARTA_OK and *out, WARTA_NOTFOUND with *err
** set (free() it), or WARTA_NOMEM. */
int warta_dict_open(const char *name, warta_dict **out, char **err);
/* WARTA_OK when dictionary name can be opened (without loading it), else
** WARTA_NOTFOUND with *err set (free() it; err may be NULL). */
int warta_dict_exists(const char *name, char **err);
/* Drop one use; the last frees the dictionary. NULL-safe. */
void warta_dict_close(warta_dict *d);
/* The hunspell handle, locked for the caller until warta_dict_release(). */
struct Hunhandle *warta_dict_acquire(warta_dict *d);
void warta_dict_release(warta_dict *d);
/* 1 when the dictionary wants ISO-8859-1 words, 0 for UTF-8. */
int warta_dict_latin1(const warta_dict *d);

/**************************************************************************
** Interface to code in stem.c
*/
typedef struct warta_stemmer warta_stemmer;

/* Up to this many terms come out of one word (a compound's parts). */
#define WARTA_STEM_MAXPARTS 4

typedef struct warta_stem_result {
  const char *part[WARTA_STEM_MAXPARTS]; /* owned by the stemmer; valid until
                                         ** the next call or its free */
  int n[WARTA_STEM_MAXPARTS];            /* bytes in each part */
  int nparts;                            /* 1, or more for a compound */
  warta_how how;                         /* how the root was found */
} warta_stem_result;

/*
** Create a stemmer for the language (NULL: none) with the given stemming.
** Returns WARTA_OK, or an error code with *err set (free() it).
*/
int warta_stemmer_new(const warta_lang_info *lang, warta_stemming stemming, warta_stemmer **out,
                      char **err);
void warta_stemmer_free(warta_stemmer *s);

/* Stem the folded word w[0..n). Returns WARTA_OK or WARTA_NOMEM. */
int warta_stem(warta_stemmer *s, const char *w, int n, warta_stem_result *r);

/* Answers remembered elsewhere (the index), asked before the stemmer works
** out a word itself: 1 and *r filled (parts valid until the next call),
** or 0 when unknown. */
typedef int (*warta_stem_lookup_fn)(void *ctx, const char *w, int n, warta_stem_result *r);
void warta_stemmer_set_lookup(warta_stemmer *s, warta_stem_lookup_fn fn, void *ctx);

/* Told of every word stemmed, with the answer (valid during the call). */
typedef void (*warta_stem_record_fn)(void *ctx, const char *w, int n, const warta_stem_result *r);
void warta_stemmer_set_record(warta_stemmer *s, warta_stem_record_fn fn, void *ctx);

/**************************************************************************
** Interface to code in lexicon.c: curated word lists (sorted, searched by
** bisection). Words are folded; lists are per language where it matters.
*/

/* 1 when w[0..n) is a protected word of lang: a name, acronym or root the
** stemmer must never cut. */
int warta_lexicon_protected(const char *lang, const char *w, int n);

/* When w[0..n) is a closed compound of lang (kerjasama, tandatangan), its
** parts as a static space-separated string ("kerja sama"); else NULL. */
const char *warta_lexicon_compound(const char *lang, const char *w, int n);

/* 1 when the reduplication of w[0..n) has a meaning of its own
** (undang-undang, rata-rata): it is indexed whole, not as w. */
int warta_lexicon_lexical_redup(const char *lang, const char *w, int n);

/* 1 when w[0..n) is a function or question word of lang (yang, apakah,
** the, what): such words weigh little in a query. */
int warta_lexicon_function_word(const char *lang, const char *w, int n);

/* For the unit tests: 1 when every list is sorted and free of duplicates. */
int warta_lexicon_check(void);

#endif
