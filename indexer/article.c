/*
** Analyzing one article for the index (article.h).
*/
#include "article.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/acronym.h"
#include "common/grow.h"
#include "common/rc.h"

struct surf_ent {
  uint32_t wdf; /* occurrences */
  size_t enc;   /* offset of its own profile's parts in b->enc ("" when
                ** the word itself) */
};

static int cmp_str(const void *a, const void *b) { return strcmp(a, b); }

char *article_profiles_of(const char *langs) {
  char seen[ARTICLE_MAX_PROFILES][16];
  int n = 0;
  const char *p = langs ? langs : "";
  while (*p) {
    size_t len = strcspn(p, ",");
    char code[16];
    if (len > 0 && len < sizeof code) {
      memcpy(code, p, len);
      code[len] = 0;
      const char *prof = warta_profile(code);
      int dup = 0;
      for (int i = 0; i < n; i++)
        dup |= strcmp(seen[i], prof) == 0;
      if (!dup && n < ARTICLE_MAX_PROFILES && *prof) {
        strncpy(seen[n], prof, sizeof seen[0] - 1);
        seen[n][sizeof seen[0] - 1] = 0;
        n++;
      }
    }
    p += len + (p[len] == ',');
  }
  qsort(seen, (size_t)n, sizeof seen[0], cmp_str);
  warta_buf b = WARTA_BUF_INIT;
  for (int i = 0; i < n; i++) {
    if (i) warta_buf_putc(&b, ',');
    warta_buf_puts(&b, seen[i]);
  }
  if (b.n == 0) warta_buf_puts(&b, "");
  char *r = warta_buf_take(&b);
  return r ? r : strdup("");
}

static warta_analyzer *analyzer_for(article_builder *b, const char *lang, char **err) {
  for (int i = 0; i < b->nan; i++) {
    if (strcmp(b->an[i].lang, lang) == 0) return b->an[i].an;
  }
  if (b->nan == ARTICLE_MAX_LANGS) return b->an[0].an; /* absurdly many: reuse the first */
  warta_analyzer *a = NULL;
  if (warta_analyzer_new(lang, b->stemming, &a, err)) return NULL;
  strncpy(b->an[b->nan].lang, lang, sizeof b->an[0].lang - 1);
  b->an[b->nan].an = a;
  b->nan++;
  return a;
}

int article_builder_init(article_builder *b, warta_stemming stemming, const char *profiles,
                         const warta_passage_opts *popts, char **err) {
  memset(b, 0, sizeof *b);
  b->stemming = stemming;
  b->popts = *popts;
  if (err) *err = NULL;
  if (warta_splitter_new(&b->splitter)) return WARTA_NOMEM;
  int frc = warta_analyzer_new("", WARTA_STEM_NONE, &b->folder, err);
  if (frc) return frc;
  const char *p = profiles ? profiles : "";
  while (*p && b->nprofiles < ARTICLE_MAX_PROFILES) {
    size_t len = strcspn(p, ",");
    if (len > 0 && len < sizeof b->profile[0]) {
      memcpy(b->profile[b->nprofiles], p, len);
      b->profile[b->nprofiles][len] = 0;
      int rc = warta_analyzer_new(b->profile[b->nprofiles], stemming, &b->pan[b->nprofiles], err);
      if (rc) return rc;
      b->nprofiles++;
    }
    p += len + (p[len] == ',');
  }
  return WARTA_OK;
}

void article_builder_free(article_builder *b) {
  warta_splitter_free(b->splitter);
  warta_analyzer_free(b->folder);
  for (int i = 0; i < b->nan; i++)
    warta_analyzer_free(b->an[i].an);
  for (int i = 0; i < b->nprofiles; i++)
    warta_analyzer_free(b->pan[i]);
  warta_hmap_free(&b->words);
  warta_buf_free(&b->enc);
  warta_buf_free(&b->senc);
  free(b->ent);
  free(b->surf);
  memset(b, 0, sizeof *b);
}

/**************************************************************************
** surface forms, as the stemmer meets them
*/
/* A new surface form past the store's limit is counted, not recorded;
** one met already is counted in. */
static void record_past_limit(article_builder *b, const char *w, int n) {
  size_t i = warta_hmap_get(&b->words, w, (size_t)n);
  if (i == WARTA_HMAP_NONE)
    b->surfaces_left_out++;
  else
    b->ent[i].wdf++;
}

static void record(void *ctx, const char *w, int n, const warta_parts *p) {
  article_builder *b = ctx;
  if (n <= 0 || b->nomem) return;
  if (b->max_surfaces && b->words.n >= b->max_surfaces) {
    record_past_limit(b, w, n);
    return;
  }
  size_t i;
  int added = -1;
  if (!WARTA_GROW(b->ent, b->capent, b->words.n + 1))
    added = warta_hmap_put(&b->words, w, (size_t)n, &i);
  if (added <= 0) {
    if (added < 0) b->nomem = 1;
    if (added == 0) b->ent[i].wdf++;
    return;
  }
  surf_ent *e = &b->ent[i];
  e->wdf = 1;
  /* its own profile's parts: kept now, they are valid only during the call */
  e->enc = b->enc.n;
  size_t before = b->enc.n;
  warta_buf tmp = WARTA_BUF_INIT;
  warta_lexicon_encode_add(&tmp, b->profile_now, w, n, p);
  int bad = tmp.err;
  if (tmp.n) warta_buf_append(&b->enc, tmp.p, tmp.n);
  warta_buf_free(&tmp);
  warta_buf_putc(&b->enc, 0);
  if (b->enc.err || bad) {
    b->nomem = 1;
    b->enc.n = before;
  }
}

/* The analyses of every surface form under every recorded profile. */
static int encode_surfaces(article_builder *b, warta_buf *all) {
  warta_buf_reset(all);
  size_t nent = b->words.n;
  size_t *at = malloc(sizeof *at * (nent ? nent : 1));
  if (!at) return WARTA_NOMEM;
  for (size_t i = 0; i < nent; i++) {
    const surf_ent *e = &b->ent[i];
    size_t wn;
    const char *w = warta_hmap_key(&b->words, i, &wn);
    size_t start = all->n;
    int own_done = 0;
    warta_buf one = WARTA_BUF_INIT;
    for (int k = 0; k < b->nprofiles; k++) {
      if (strcmp(b->profile[k], b->profile_now) == 0) {
        const char *own = b->enc.p + e->enc;
        if (*own) {
          if (one.n) warta_buf_putc(&one, ';');
          warta_buf_puts(&one, own);
        }
        own_done = 1;
        continue;
      }
      warta_parts parts;
      if (warta_analyzer_stem_word(b->pan[k], w, (int)wn, &parts)) {
        warta_buf_free(&one);
        free(at);
        return WARTA_NOMEM;
      }
      warta_lexicon_encode_add(&one, b->profile[k], w, (int)wn, &parts);
    }
    if (!own_done && *(b->enc.p + e->enc)) {
      if (one.n) warta_buf_putc(&one, ';');
      warta_buf_puts(&one, b->enc.p + e->enc);
    }
    if (one.n) warta_buf_append(all, one.p, one.n);
    warta_buf_putc(all, 0);
    warta_buf_free(&one);
    at[i] = start;
    if (all->err || one.err) {
      free(at);
      return WARTA_NOMEM;
    }
  }
  if (WARTA_GROW(b->surf, b->capsurf, nent)) {
    free(at);
    return WARTA_NOMEM;
  }
  for (size_t i = 0; i < nent; i++) {
    size_t wn;
    b->surf[i].word = warta_hmap_key(&b->words, i, &wn);
    b->surf[i].n = (int)wn;
    b->surf[i].wdf = b->ent[i].wdf;
    b->surf[i].analyses = all->p[at[i]] ? all->p + at[i] : NULL;
  }
  free(at);
  return WARTA_OK;
}

/**************************************************************************
** tokens and passages, straight to the store
*/
/* A store call's outcome, remembered: its errors are reported as the
** store's. */
static int stored(article_builder *b, int rc) {
  if (rc) b->store_failed = 1;
  return rc;
}

static int add_token(void *ctx, const warta_token *t) {
  article_builder *b = ctx;
  warta_tok k = {.term = t->term,
                 .n = t->n_term,
                 .start = t->start,
                 .end = t->end,
                 .colocated = t->colocated,
                 .surface = t->surface,
                 .n_surface = t->n_surface};
  return stored(b, warta_store_put_token(b->st, &k));
}

typedef struct split_ctx {
  article_builder *b;
  const char *body;
  warta_analyzer *an;
} split_ctx;

/* warta_acronym_fn: a pair the text writes out goes to the store. */
static int add_name(void *ctx, const char *acr, int na, const char *name, int nn) {
  article_builder *b = ctx;
  return stored(b, warta_store_put_name(b->st, acr, (size_t)na, name, (size_t)nn));
}

/* The acronyms text[0..n) writes out (analysis/acronym.h). */
static int find_names(article_builder *b, const char *text, size_t n) {
  return warta_acronyms_find(b->folder, text, (int)n, add_name, b);
}

static int on_passage(void *ctx, size_t start, size_t end) {
  split_ctx *c = ctx;
  int rc = stored(c->b, warta_store_put_passage(c->b->st, c->body + start, end - start));
  c->b->npas++;
  if (rc == WARTA_OK)
    rc = warta_analyze(c->an, c->body + start, (int)(end - start), 0, add_token, c->b);
  if (rc == WARTA_OK) rc = find_names(c->b, c->body + start, end - start);
  return rc;
}

/* Scratch grown for a huge article goes back: what one article needed
** must not stay held for the rest of the run. */
#define SCRATCH_KEPT (1 << 20)

static void trim_buf(warta_buf *w) {
  if (w->cap > SCRATCH_KEPT) warta_buf_free(w);
}

static void trim(article_builder *b) {
  trim_buf(&b->enc);
  trim_buf(&b->senc);
  /* the surface forms cost some 80 bytes each, map included: this lets
  ** go of the table past about 25,000 of them */
  if (b->capent * sizeof *b->ent + warta_hmap_bytes(&b->words) > 2 * SCRATCH_KEPT) {
    warta_hmap_free(&b->words);
    free(b->ent);
    free(b->surf);
    b->ent = NULL;
    b->surf = NULL;
    b->capent = b->capsurf = 0;
  }
}

int article_put(article_builder *b, const warta_article *a, const warta_article_in *in,
                warta_store *st, char **err) {
  int rc;
  warta_analyzer *an = analyzer_for(b, in->lang, err);
  if (!an) return WARTA_ERROR;
  warta_hmap_clear(&b->words);
  warta_buf_reset(&b->enc);
  b->st = st;
  b->npas = 0;
  b->nomem = b->store_failed = 0;
  b->surfaces_left_out = 0;
  b->profile_now = warta_profile(in->lang);
  if ((rc = stored(b, warta_store_put_begin(st, in)))) return rc;
  warta_analyzer_set_recorder(an, record, b);
  const char *title = a->title ? a->title : "";
  rc = warta_analyze(an, title, (int)strlen(title), 0, add_token, b);
  if (rc == WARTA_OK) rc = find_names(b, title, strlen(title));
  split_ctx c = {b, a->body ? a->body : "", an};
  if (rc == WARTA_OK)
    rc = warta_split_passages(b->splitter, c.body, a->n_body, &b->popts, on_passage, &c);
  if (rc == WARTA_OK && b->npas == 0) /* a title only */
    rc = stored(b, warta_store_put_passage(st, "", 0));
  warta_analyzer_set_recorder(an, NULL, NULL);
  if (rc == WARTA_OK && b->nomem) rc = WARTA_NOMEM;
  if (rc == WARTA_OK) rc = encode_surfaces(b, &b->senc);
  /* the text is in the document: the reader may let it go before the
  ** store writes the document */
  if (rc == WARTA_OK && a->drop) a->drop(a->drop_ctx);
  if (rc == WARTA_OK) rc = stored(b, warta_store_put_end(st, b->surf, (int)b->words.n));
  if (rc) warta_store_put_cancel(st);
  if (rc && !b->store_failed && err && !*err) *err = strdup("out of memory");
  trim(b);
  return rc;
}

void article_in_of(const warta_article *a, const char *lang, warta_article_in *in) {
  memset(in, 0, sizeof *in);
  in->lang = lang;
  in->title = a->title;
  in->date = a->date;
  in->source = a->source;
  in->url = a->url;
}
