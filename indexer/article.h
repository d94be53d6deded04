/*
** From an article read from the corpus to what the index stores of it
** (store.h's warta_article_in): the title's and each passage's tokens,
** and the article's surface forms with what every analysis profile of the
** index makes of them (the lexicon that lets queries skip dictionaries).
*/
#ifndef WARTA_ARTICLE_H
#define WARTA_ARTICLE_H

#include "analysis/analysis.h"
#include "analysis/passage.h"
#include "common/buf.h"
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
  /* scratch for one article, reused */
  warta_buf terms; /* bytes of every token's term */
  warta_tok *tok;  /* every token: title, then passages */
  int ntok, captok;
  warta_passage_in *pas; /* the passages */
  int npas, cappas;
  int *pfirst;     /* first token of each passage */
  int ntitle;      /* tokens of the title */
  warta_buf words; /* bytes of the surface forms */
  warta_buf enc;   /* their own profile's analyses, NUL-separated */
  warta_buf senc;  /* every profile's, NUL-separated (surf[]) */
  surf_ent *ent;   /* surface forms */
  int nent, capent;
  int *slot; /* hash slots: index + 1 into ent */
  int nslot;
  warta_surface *surf; /* the output view of ent */
  int capsurf;
  const char *profile_now; /* the article's own profile */
  int nomem;               /* an allocation failed in a callback */
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
** Analyze article a in language lang into *out, whose strings and arrays
** point into a and into the builder (valid until the next call). The
** caller fills out->file_id, path, key, line and hash. Returns WARTA_OK,
** WARTA_NOMEM, or an analyzer's error with *err set (free() it).
*/
int article_build(article_builder *b, const warta_article *a, const char *lang,
                  warta_article_in *out, char **err);

/* The profiles of the comma-separated languages, sorted and unique, as a
** comma-separated list (malloc'ed). */
char *article_profiles_of(const char *langs);

#endif
