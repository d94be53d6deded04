/*
** From an article read from the corpus to what the index stores of it
** (store.h's warta_store_put_*): the title's and each passage's tokens,
** handed to the store as the analyzer makes them, and the article's
** surface forms with what every analysis profile of the index makes of
** them (the lexicon that lets queries skip dictionaries).
*/
#ifndef WARTA_ARTICLE_H
#define WARTA_ARTICLE_H

#include "analysis/analysis.h"
#include "analysis/passage.h"
#include "common/buf.h"
#include "common/hmap.h"
#include "readers/reader.h"
#include "store/store.h"

#define ARTICLE_MAX_LANGS 16   /* analyzers kept, by language */
#define ARTICLE_MAX_PROFILES 8 /* profiles recorded for every word */

typedef struct surf_ent surf_ent;

typedef struct article_builder {
  warta_stemming stemming;  /* of the index */
  warta_passage_opts popts; /* passage sizes */
  warta_splitter *splitter; /* passages */
  struct {
    char lang[16];      /* a language */
    warta_analyzer *an; /* its analyzer */
  } an[ARTICLE_MAX_LANGS];
  int nan;
  char profile[ARTICLE_MAX_PROFILES][16];    /* profiles recorded, sorted */
  warta_analyzer *pan[ARTICLE_MAX_PROFILES]; /* an analyzer of each */
  int nprofiles;
  warta_analyzer *folder; /* folds without stemming: acronyms written out */
  /* scratch for one article, reused */
  warta_store *st;          /* the store it goes to */
  int npas;                 /* its passages */
  int store_failed;         /* the store refused something */
  size_t max_surfaces;      /* distinct surface forms recorded at most (0:
                            ** no limit; the store's max_terms) */
  size_t surfaces_left_out; /* occurrences of new words past it */
  warta_hmap words;         /* the surface forms, in the order met */
  warta_buf enc;            /* their own profile's analyses, NUL-separated */
  warta_buf senc;           /* every profile's, NUL-separated (surf[]) */
  surf_ent *ent;            /* ent[i]: what is known of surface form i */
  size_t capent;            /* entries allocated */
  warta_surface *surf;      /* the output view of ent */
  size_t capsurf;           /* entries allocated */
  const char *profile_now;  /* the article's own profile */
  int nomem;                /* an allocation failed in a callback */
} article_builder;

/*
** Prepare a builder for an index with this stemming that records the
** comma-separated profiles ("en,id"). Returns WARTA_OK, or an error with
** *err set (free() it).
*/
int article_builder_init(article_builder *b, warta_stemming stemming, const char *profiles,
                         const warta_passage_opts *popts, char **err);
void article_builder_free(article_builder *b);

/*
** Analyze article a in language in->lang into the store st as the
** article in describes (its file_id, path, key, line, hash and lang;
** title, date, source and url as they are to be stored), passage by passage:
** each token goes to the store as the analyzer makes it. When a->drop is
** set, it is called once the text is analyzed, before the store writes
** the article, so that the reader's copy of a huge text is gone by then.
** An article without text gets one empty passage. Returns WARTA_OK; the
** store's error, with *err NULL (warta_store_errmsg() says why); or
** another error (an analyzer's, WARTA_NOMEM) with *err set (free() it).
** On error the article is not in the store.
*/
int article_put(article_builder *b, const warta_article *a, const warta_article_in *in,
                warta_store *st, char **err);

/* *in for article a in language lang: its title, date, source and url as
** read (pointing into a), lang, and nothing else (zero) for the caller to
** fill. */
void article_in_of(const warta_article *a, const char *lang, warta_article_in *in);

/* The profiles of the comma-separated languages, sorted and unique, as a
** comma-separated list (malloc'ed). */
char *article_profiles_of(const char *langs);

#endif
