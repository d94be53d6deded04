/*
** Analyzing one article for the index (article.h).
*/
#include "article.h"

#include <stdlib.h>
#include <string.h>

#include "common/rc.h"

struct surf_ent {
  size_t word;   /* offset of the word in b->words */
  int n;         /* its bytes */
  uint32_t wdf;  /* occurrences */
  size_t enc;    /* offset of its own profile's parts in b->enc ("" when
                 ** the word itself), or (size_t)-1 before it is known */
  uint32_t hash; /* of the word */
};

static uint32_t hash_word(const char *w, int n) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < n; i++)
    h = (h ^ (unsigned char)w[i]) * 16777619u;
  return h;
}

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
  for (int i = 0; i < b->nan; i++)
    warta_analyzer_free(b->an[i].an);
  for (int i = 0; i < b->nprofiles; i++)
    warta_analyzer_free(b->pan[i]);
  warta_buf_free(&b->terms);
  warta_buf_free(&b->words);
  warta_buf_free(&b->enc);
  warta_buf_free(&b->senc);
  free(b->tok);
  free(b->pas);
  free(b->pfirst);
  free(b->ent);
  free(b->slot);
  free(b->surf);
  memset(b, 0, sizeof *b);
}

/**************************************************************************
** surface forms, as the stemmer meets them
*/
static int grow_slots(article_builder *b) {
  int nslot = b->nslot ? b->nslot * 2 : 1024;
  int *slot = calloc((size_t)nslot, sizeof *slot);
  if (!slot) return -1;
  for (int i = 0; i < b->nent; i++) {
    int j = (int)(b->ent[i].hash & (uint32_t)(nslot - 1));
    while (slot[j])
      j = (j + 1) & (nslot - 1);
    slot[j] = i + 1;
  }
  free(b->slot);
  b->slot = slot;
  b->nslot = nslot;
  return 0;
}

static void record(void *ctx, const char *w, int n, const warta_parts *p) {
  article_builder *b = ctx;
  uint32_t h = hash_word(w, n);
  if (n <= 0 || b->nomem) return;
  if ((b->nent + 1) * 2 > b->nslot && grow_slots(b)) {
    b->nomem = 1;
    return;
  }
  int j = (int)(h & (uint32_t)(b->nslot - 1));
  for (; b->slot[j]; j = (j + 1) & (b->nslot - 1)) {
    surf_ent *e = &b->ent[b->slot[j] - 1];
    if (e->hash == h && e->n == n && memcmp(b->words.p + e->word, w, (size_t)n) == 0) {
      e->wdf++;
      return;
    }
  }
  if (b->nent == b->capent) {
    int cap = b->capent ? b->capent * 2 : 256;
    surf_ent *v = realloc(b->ent, sizeof *v * (size_t)cap);
    if (!v) {
      b->nomem = 1;
      return;
    }
    b->ent = v;
    b->capent = cap;
  }
  surf_ent *e = &b->ent[b->nent];
  e->word = b->words.n;
  e->n = n;
  e->wdf = 1;
  e->hash = h;
  warta_buf_append(&b->words, w, (size_t)n);
  /* its own profile's parts: kept now, they are valid only during the call */
  e->enc = b->enc.n;
  size_t before = b->enc.n;
  warta_buf tmp = WARTA_BUF_INIT;
  warta_lexicon_encode_add(&tmp, b->profile_now, w, n, p);
  int bad = tmp.err;
  if (tmp.n) warta_buf_append(&b->enc, tmp.p, tmp.n);
  warta_buf_free(&tmp);
  warta_buf_putc(&b->enc, 0);
  if (b->words.err || b->enc.err || bad) {
    b->nomem = 1;
    b->enc.n = before;
    return;
  }
  b->slot[j] = ++b->nent;
}

/* The analyses of every surface form under every recorded profile. */
static int encode_surfaces(article_builder *b, warta_buf *all) {
  warta_buf_reset(all);
  size_t *at = malloc(sizeof *at * (size_t)(b->nent ? b->nent : 1));
  if (!at) return WARTA_NOMEM;
  for (int i = 0; i < b->nent; i++) {
    const surf_ent *e = &b->ent[i];
    const char *w = b->words.p + e->word;
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
      if (warta_analyzer_stem_word(b->pan[k], w, e->n, &parts)) {
        warta_buf_free(&one);
        free(at);
        return WARTA_NOMEM;
      }
      warta_lexicon_encode_add(&one, b->profile[k], w, e->n, &parts);
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
  if (b->capsurf < b->nent) {
    warta_surface *v = realloc(b->surf, sizeof *v * (size_t)b->nent);
    if (!v) {
      free(at);
      return WARTA_NOMEM;
    }
    b->surf = v;
    b->capsurf = b->nent;
  }
  for (int i = 0; i < b->nent; i++) {
    b->surf[i].word = b->words.p + b->ent[i].word;
    b->surf[i].n = b->ent[i].n;
    b->surf[i].wdf = b->ent[i].wdf;
    b->surf[i].analyses = all->p[at[i]] ? all->p + at[i] : NULL;
  }
  free(at);
  return WARTA_OK;
}

/**************************************************************************
** tokens and passages
*/
static int add_token(void *ctx, const warta_token *t) {
  article_builder *b = ctx;
  if (b->ntok == b->captok) {
    int cap = b->captok ? b->captok * 2 : 1024;
    warta_tok *v = realloc(b->tok, sizeof *v * (size_t)cap);
    if (!v) return WARTA_NOMEM;
    b->tok = v;
    b->captok = cap;
  }
  warta_tok *k = &b->tok[b->ntok++];
  /* the term's offset for now: the arena may move until the end */
  k->term = (const char *)(uintptr_t)b->terms.n;
  k->n = t->n_term;
  k->start = t->start;
  k->end = t->end;
  k->colocated = t->colocated;
  warta_buf_append(&b->terms, t->term, (size_t)t->n_term);
  /* the word as written too */
  k->n_surface = t->n_surface;
  k->surface = (const char *)(uintptr_t)b->terms.n;
  warta_buf_append(&b->terms, t->surface, (size_t)k->n_surface);
  return b->terms.err ? WARTA_NOMEM : WARTA_OK;
}

typedef struct split_ctx {
  article_builder *b;
  const char *body;
  warta_analyzer *an;
  int rc;
} split_ctx;

static int add_passage(article_builder *b, const char *text, size_t n) {
  if (b->npas == b->cappas) {
    int cap = b->cappas ? b->cappas * 2 : 16;
    warta_passage_in *v = realloc(b->pas, sizeof *v * (size_t)cap);
    int *f = realloc(b->pfirst, sizeof *f * (size_t)cap);
    if (v) b->pas = v;
    if (f) b->pfirst = f;
    if (!v || !f) return WARTA_NOMEM;
    b->cappas = cap;
  }
  b->pas[b->npas].text = text;
  b->pas[b->npas].n = n;
  b->pfirst[b->npas] = b->ntok;
  b->npas++;
  return WARTA_OK;
}

static int on_passage(void *ctx, size_t start, size_t end) {
  split_ctx *c = ctx;
  int rc = add_passage(c->b, c->body + start, end - start);
  if (rc == WARTA_OK)
    rc = warta_analyze(c->an, c->body + start, (int)(end - start), 0, add_token, c->b);
  return rc;
}

int article_build(article_builder *b, const warta_article *a, const char *lang,
                  warta_article_in *out, char **err) {
  int rc;
  warta_analyzer *an = analyzer_for(b, lang, err);
  if (!an) return WARTA_ERROR;
  memset(out, 0, sizeof *out);
  warta_buf_reset(&b->terms);
  warta_buf_reset(&b->words);
  warta_buf_reset(&b->enc);
  b->ntok = b->npas = b->nent = 0;
  b->nomem = 0;
  if (b->slot) memset(b->slot, 0, sizeof *b->slot * (size_t)b->nslot);
  b->profile_now = warta_profile(lang);
  warta_analyzer_set_recorder(an, record, b);
  const char *title = a->title ? a->title : "";
  rc = warta_analyze(an, title, (int)strlen(title), 0, add_token, b);
  b->ntitle = b->ntok;
  split_ctx c = {b, a->body ? a->body : "", an, 0};
  if (rc == WARTA_OK)
    rc = warta_split_passages(b->splitter, c.body, a->n_body, &b->popts, on_passage, &c);
  if (rc == WARTA_OK && b->npas == 0) rc = add_passage(b, "", 0); /* a title only */
  warta_analyzer_set_recorder(an, NULL, NULL);
  if (rc == WARTA_OK && b->nomem) rc = WARTA_NOMEM;
  if (rc == WARTA_OK) rc = encode_surfaces(b, &b->senc);
  if (rc) return rc;
  /* the terms' arena is final: offsets become pointers */
  for (int i = 0; i < b->ntok; i++) {
    warta_tok *k = &b->tok[i];
    k->term = b->terms.p + (uintptr_t)k->term;
    k->surface = k->n_surface ? b->terms.p + (uintptr_t)k->surface : NULL;
  }
  for (int k = 0; k < b->npas; k++) {
    int end = k + 1 < b->npas ? b->pfirst[k + 1] : b->ntok;
    b->pas[k].tok = b->tok + b->pfirst[k];
    b->pas[k].ntok = end - b->pfirst[k];
  }
  out->lang = lang;
  out->title = a->title;
  out->date = a->date;
  out->source = a->source;
  out->url = a->url;
  out->title_tok = b->tok;
  out->ntitle = b->ntitle;
  out->passage = b->pas;
  out->npassage = b->npas;
  out->surface = b->surf;
  out->nsurface = b->nent;
  return WARTA_OK;
}
