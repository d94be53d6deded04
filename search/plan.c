/*
** The planner (plan.h).
*/
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "names.h"
#include "suggest.h"

#define SPLIT_MIN 3    /* bytes in each part of a compound */
#define SPLIT_MAX 256  /* bytes of a word looked at for a split (longer: none) */
#define COMPOUND_MIN 2 /* articles the phrase of a compound's parts needs */

/**************************************************************************
** the lexicon, as the analyzers' memory
*/
typedef struct lex_answer {
  planner *p;
  const char *profile;
  int found;       /* the word is known */
  int listed;      /* the profile has an entry */
  warta_parts out; /* its parts (pointing into p->parts) */
} lex_answer;

static int on_encoding(void *ctx, const char *enc, size_t len) {
  lex_answer *a = ctx;
  warta_parts parts;
  a->found = 1;
  if (warta_lexicon_decode(enc, len, a->profile, &parts)) {
    /* copy: the encoding is valid only during the call */
    warta_buf_reset(&a->p->parts);
    size_t off[WARTA_MAX_PARTS];
    for (int i = 0; i < parts.nparts; i++) {
      off[i] = a->p->parts.n;
      warta_buf_append(&a->p->parts, parts.part[i], (size_t)parts.n[i]);
    }
    if (a->p->parts.err) return WARTA_NOMEM;
    a->out.nparts = parts.nparts;
    for (int i = 0; i < parts.nparts; i++) {
      a->out.part[i] = a->p->parts.p + off[i];
      a->out.n[i] = parts.n[i];
    }
    a->listed = 1;
    return 1;
  }
  return 0;
}

static int recorded(const planner *p, const char *profile) {
  size_t n = strlen(profile);
  for (const char *r = p->recorded ? p->recorded : ""; *r;) {
    size_t k = strcspn(r, ",");
    if (k == n && memcmp(r, profile, n) == 0) return 1;
    r += k + (r[k] == ',');
  }
  return 0;
}

/* warta_lexicon_fn: what the index recorded for w under profile. */
static int lexicon(void *ctx, const char *profile, const char *w, int n, warta_parts *out) {
  planner *p = ctx;
  lex_answer a = {p, profile, 0, 0, {{0}, {0}, 0}};
  if (!recorded(p, profile)) return 0;
  p->lookups++;
  int rc = warta_searcher_lexicon(p->s, w, n, on_encoding, &a);
  /* WARTA_OK without an entry: the index holds the word, and no profile
  ** changed it (only changed analyses are recorded) */
  if (rc == WARTA_OK) a.found = 1;
  if ((rc && rc != 1) || !a.found) {
    p->misses++;
    return 0;
  }
  if (a.listed) {
    *out = a.out;
  } else {
    /* known, and this profile left it as it is */
    out->nparts = 1;
    out->part[0] = w;
    out->n[0] = n;
  }
  return 1;
}

/**************************************************************************
** opening
*/
/* A long name needs this share of its acronym's most written one: what
** articles write once in a hundred times is a misspelling (KPK: "komisi
** pemberatansan korupsi", 5 articles beside 736 on click-id), while an
** acronym of two meanings keeps both. */
#define LEARNED_SHARE 10

/* The pairs of one acronym, as the index lists them (together). */
typedef struct learn_ctx {
  names_table *t;
  warta_buf acr;   /* the acronym */
  warta_buf names; /* its long names, NUL-terminated one after the other */
  uint32_t counts[64];
  int n;
} learn_ctx;

static int learn_flush(learn_ctx *c) {
  uint32_t best = 0;
  for (int i = 0; i < c->n; i++)
    best = c->counts[i] > best ? c->counts[i] : best;
  const char *name = c->names.p;
  for (int i = 0; i < c->n; i++) {
    size_t len = strlen(name);
    if ((uint64_t)c->counts[i] * LEARNED_SHARE >= best &&
        names_add_pair(c->t, c->acr.p, c->acr.n, name, len, c->counts[i]))
      return -1;
    name += len + 1;
  }
  c->n = 0;
  warta_buf_reset(&c->names);
  return 0;
}

/* warta_acronym_pair_fn: a pair the index counts. */
static int learn(void *ctx, const char *acr, size_t na, const char *name, size_t nn,
                 uint32_t articles) {
  learn_ctx *c = ctx;
  if (c->n && (c->acr.n != na || memcmp(c->acr.p, acr, na) != 0) && learn_flush(c)) return -1;
  if (c->n == 0) {
    warta_buf_reset(&c->acr);
    warta_buf_append(&c->acr, acr, na);
  }
  if (c->n == (int)(sizeof c->counts / sizeof c->counts[0])) return 0; /* the rest: noise */
  warta_buf_append(&c->names, name, nn);
  warta_buf_putc(&c->names, 0);
  c->counts[c->n++] = articles;
  return c->acr.err || c->names.err ? -1 : 0;
}

/* The acronyms the index learned, every count (a query's rank.acrmin
** chooses): read once, through every shard. */
static int load_learned(planner *p, char **err) {
  p->learned_at = warta_searcher_articles(p->s);
  if (!(p->learned = names_new())) return WARTA_NOMEM;
  learn_ctx c = {p->learned, WARTA_BUF_INIT, WARTA_BUF_INIT, {0}, 0};
  int rc = warta_searcher_acronyms(p->s, 1, learn, &c);
  if (rc == WARTA_OK && c.n && learn_flush(&c)) rc = -1;
  warta_buf_free(&c.acr);
  warta_buf_free(&c.names);
  if (rc < 0) return WARTA_NOMEM;
  if (rc) {
    if (err) *err = strdup(warta_searcher_errmsg(p->s));
    return rc;
  }
  return names_ready(p->learned);
}

void planner_set_synonyms(planner *p, const names_table *t) { p->synonyms = t; }

int planner_open(planner *p, warta_searcher *s, char **err) {
  char **langs = NULL;
  memset(p, 0, sizeof *p);
  p->s = s;
  if (err) *err = NULL;
  p->recorded = strdup(warta_searcher_profiles(s));
  if (!p->recorded) return WARTA_NOMEM;
  int rc = warta_searcher_languages(s, &langs);
  if (rc) {
    if (err) *err = strdup(warta_searcher_errmsg(s));
    planner_close(p);
    return rc;
  }
  for (int i = 0; langs[i] && rc == WARTA_OK; i++) {
    const char *prof = warta_profile(langs[i]);
    int k = 0;
    while (k < p->nprof && strcmp(p->prof[k].code, prof) != 0)
      k++;
    if (k == p->nprof) {
      if (p->nprof == WARTA_MAX_PROFILES) continue;
      strncpy(p->prof[k].code, prof, sizeof p->prof[k].code - 1);
      rc = warta_analyzer_new(prof, warta_searcher_stemming(s), &p->prof[k].an, err);
      if (rc) break;
      warta_analyzer_set_lexicon(p->prof[k].an, lexicon, p);
      p->nprof++;
    }
    int nl = 0;
    while (p->prof[k].langs && p->prof[k].langs[nl])
      nl++;
    char **v = realloc(p->prof[k].langs, sizeof *v * (size_t)(nl + 2));
    if (!v) {
      rc = WARTA_NOMEM;
      break;
    }
    p->prof[k].langs = v;
    v[nl] = strdup(langs[i]);
    v[nl + 1] = NULL;
    if (!v[nl]) rc = WARTA_NOMEM;
  }
  warta_list_free(langs);
  if (rc == WARTA_OK && p->nprof == 0) {
    /* an empty index: analyze as the default language would */
    rc = warta_analyzer_new("id", warta_searcher_stemming(s), &p->prof[0].an, err);
    if (rc == WARTA_OK) {
      strcpy(p->prof[0].code, "id");
      warta_analyzer_set_lexicon(p->prof[0].an, lexicon, p);
      p->nprof = 1;
    }
  }
  if (rc == WARTA_OK) rc = warta_analyzer_new("", WARTA_STEM_NONE, &p->folder, err);
  if (rc == WARTA_OK) rc = load_learned(p, err);
  if (rc) planner_close(p);
  return rc;
}

void planner_close(planner *p) {
  for (int i = 0; i < p->nprof; i++) {
    warta_analyzer_free(p->prof[i].an);
    warta_list_free(p->prof[i].langs);
  }
  warta_analyzer_free(p->folder);
  names_free(p->learned);
  warta_buf_free(&p->parts);
  free(p->recorded);
  memset(p, 0, sizeof *p);
}

/**************************************************************************
** analysis of one item
*/
typedef struct tok {
  char *term;
  char *surface; /* the word it comes from, as written (folded) */
  int start, end;
  int colocated;
} tok;

typedef struct toks {
  tok *v;
  int n, cap;
  int function; /* primary tokens that are function words */
  int primary;  /* tokens not colocated */
  warta_analyzer *an;
} toks;

static int collect(void *ctx, const warta_token *t) {
  toks *k = ctx;
  if (k->n == k->cap) {
    int cap = k->cap ? k->cap * 2 : 16;
    tok *v = realloc(k->v, sizeof *v * (size_t)cap);
    if (!v) return WARTA_NOMEM;
    k->v = v;
    k->cap = cap;
  }
  tok *x = &k->v[k->n];
  x->term = malloc((size_t)t->n_term + 1);
  if (!x->term) return WARTA_NOMEM;
  memcpy(x->term, t->term, (size_t)t->n_term);
  x->term[t->n_term] = 0;
  if (!(x->surface = malloc((size_t)t->n_surface + 1))) {
    free(x->term);
    return WARTA_NOMEM;
  }
  memcpy(x->surface, t->surface, (size_t)t->n_surface);
  x->surface[t->n_surface] = 0;
  x->start = t->start;
  x->end = t->end;
  x->colocated = t->colocated;
  k->n++;
  if (!t->colocated) {
    k->primary++;
    k->function += warta_analyzer_is_function_term(k->an, t->term, t->n_term);
  }
  return WARTA_OK;
}

static void toks_free(toks *k) {
  for (int i = 0; i < k->n; i++) {
    free(k->v[i].term);
    free(k->v[i].surface);
  }
  free(k->v);
  memset(k, 0, sizeof *k);
}

static int add_alt(warta_qform *f, char **terms, int n) {
  warta_qalt *v = realloc(f->alt, sizeof *v * (size_t)(f->nalt + 1));
  if (!v) {
    for (int i = 0; i < n; i++)
      free(terms[i]);
    free(terms);
    return WARTA_NOMEM;
  }
  f->alt = v;
  v[f->nalt].term = terms;
  v[f->nalt].nterm = n;
  f->nalt++;
  return WARTA_OK;
}

/* The primary tokens of k, with the colocated token c (or -1) standing for
** the primary tokens its span covers: their terms, or with surface their
** words as written (the parts of one word are one word). */
static int alt_of(const toks *k, int c, int surface, warta_qform *f) {
  char **terms = malloc(sizeof *terms * (size_t)(k->n ? k->n : 1));
  int n = 0;
  if (!terms) return WARTA_NOMEM;
  int placed = 0;
  const tok *prev = NULL;
  for (int i = 0; i < k->n; i++) {
    const tok *t = &k->v[i];
    if (t->colocated) continue;
    if (surface && prev && prev->start == t->start && prev->end == t->end) continue;
    prev = t;
    if (c >= 0 && t->start >= k->v[c].start && t->end <= k->v[c].end) {
      if (placed) continue;
      placed = 1;
      t = &k->v[c];
    }
    if (!(terms[n] = strdup(surface ? t->surface : t->term))) {
      for (int j = 0; j < n; j++)
        free(terms[j]);
      free(terms);
      return WARTA_NOMEM;
    }
    n++;
  }
  if (n == 0) {
    free(terms);
    return WARTA_OK;
  }
  return add_alt(f, terms, n);
}

static int alt_equal(const warta_qalt *a, const warta_qalt *b) {
  if (a->nterm != b->nterm) return 0;
  for (int i = 0; i < a->nterm; i++) {
    if (strcmp(a->term[i], b->term[i]) != 0) return 0;
  }
  return 1;
}

static int form_equal(const warta_qform *a, const warta_qform *b) {
  if (a->nalt != b->nalt) return 0;
  for (int i = 0; i < a->nalt; i++) {
    if (!alt_equal(&a->alt[i], &b->alt[i])) return 0;
  }
  return 1;
}

static void form_free(warta_qform *f) {
  for (int a = 0; a < f->nalt; a++) {
    for (int t = 0; t < f->alt[a].nterm; t++)
      free(f->alt[a].term[t]);
    free(f->alt[a].term);
  }
  free(f->alt);
  warta_list_free(f->langs);
  memset(f, 0, sizeof *f);
}

static char **copy_list(char *const *l) {
  int n = 0;
  while (l && l[n])
    n++;
  char **v = calloc((size_t)n + 1, sizeof *v);
  for (int i = 0; v && i < n; i++) {
    if (!(v[i] = strdup(l[i]))) {
      warta_list_free(v);
      return NULL;
    }
  }
  return v;
}

/* The closed compound of two parts: a term the index holds, whose parts
** also occur as a phrase. */
static int closed_form(planner *p, const char *a, const char *b, char **out) {
  warta_buf j = WARTA_BUF_INIT;
  uint32_t tf = 0, pf = 0;
  const char *pair[2] = {a, b};
  *out = NULL;
  warta_buf_puts(&j, a);
  warta_buf_puts(&j, b);
  if (j.err) return WARTA_NOMEM;
  int rc = warta_searcher_term_freq(p->s, j.p, (int)j.n, &tf);
  if (rc == WARTA_OK && tf >= COMPOUND_MIN)
    rc = warta_searcher_phrase_freq(p->s, pair, 2, COMPOUND_MIN, &pf);
  if (rc == WARTA_OK && tf >= COMPOUND_MIN && pf >= COMPOUND_MIN) *out = warta_buf_take(&j);
  warta_buf_free(&j);
  return rc;
}

static int letters(const char *t) {
  for (; *t; t++) {
    if (*t >= '0' && *t <= '9') return 0;
  }
  return 1;
}

/* A closed word T that the index also holds split in two as a phrase
** (sepakbola, sepak bola): its parts become an alternative. */
static int add_splits(planner *p, warta_qform *f) {
  int nalt = f->nalt;
  for (int a = 0; a < nalt; a++) {
    if (f->alt[a].nterm != 1) continue;
    const char *t = f->alt[a].term[0];
    size_t n = strlen(t);
    if (n < 2 * SPLIT_MIN || !letters(t) || n >= SPLIT_MAX) continue;
    /* the frequencies of every head and tail, asked at once (a remote
    ** shard answers them in one exchange) */
    const char *part[2 * SPLIT_MAX];
    size_t len[2 * SPLIT_MAX];
    uint32_t freq[2 * SPLIT_MAX];
    int k = 0;
    for (size_t cut = SPLIT_MIN; cut + SPLIT_MIN <= n; cut++) {
      part[k] = t, len[k++] = cut;
      part[k] = t + cut, len[k++] = n - cut;
    }
    int rc = warta_searcher_term_freqs(p->s, part, len, k, freq);
    if (rc) return rc;
    for (size_t cut = SPLIT_MIN, i = 0; cut + SPLIT_MIN <= n; cut++, i += 2) {
      char head[SPLIT_MAX], *closed = NULL;
      memcpy(head, t, cut);
      head[cut] = 0;
      if (!freq[i] || !freq[i + 1]) continue;
      if ((rc = closed_form(p, head, t + cut, &closed))) return rc;
      if (!closed) continue;
      free(closed);
      char **terms = malloc(sizeof *terms * 2);
      if (!terms) return WARTA_NOMEM;
      terms[0] = strdup(head);
      terms[1] = strdup(t + cut);
      if (!terms[0] || !terms[1]) {
        free(terms[0]);
        free(terms[1]);
        free(terms);
        return WARTA_NOMEM;
      }
      if ((rc = add_alt(f, terms, 2))) return rc;
    }
  }
  return WARTA_OK;
}

/* A quoted phrase's words: each word as written, and its parts when the
** analyzer splits it into terms that, joined, are the word (kerjasama:
** kerja, sama); a word's parts are the primary tokens of one span. */
typedef struct vword {
  const char *surface; /* the word as written (k's) */
  int first, n;        /* its primary tokens k->v[first..] (n of them) */
} vword;

static int vwords(const toks *k, vword **out) {
  vword *v = malloc(sizeof *v * (size_t)(k->n ? k->n : 1));
  int m = 0;
  if (!v) return -1;
  for (int i = 0; i < k->n; i++) {
    const tok *t = &k->v[i];
    if (t->colocated) continue;
    if (m && k->v[v[m - 1].first].start == t->start && k->v[v[m - 1].first].end == t->end) {
      v[m - 1].n++;
      continue;
    }
    v[m++] = (vword){t->surface, i, 1};
  }
  *out = v;
  return m;
}

/* The terms of word w's parts when they spell it, else 0 parts. */
static int spelled_parts(const toks *k, const vword *w) {
  size_t len = 0, n = strlen(w->surface);
  int j = w->first;
  for (int c = 0; c < w->n; j++) {
    if (k->v[j].colocated) continue;
    size_t l = strlen(k->v[j].term);
    if (len + l > n || memcmp(w->surface + len, k->v[j].term, l) != 0) return 0;
    len += l;
    c++;
  }
  return w->n > 1 && len == n ? w->n : 0;
}

/* Add the alternative: words w[0..m) as written, word `split` (or -1)
** as its parts, words `close` and close + 1 (or -1) as one word. */
static int verbatim_alt(const toks *k, const vword *w, int m, int split, int close,
                        warta_qform *f) {
  char **terms = calloc((size_t)k->n + 1, sizeof *terms);
  int n = 0, nomem = !terms;
  for (int i = 0; !nomem && i < m; i++) {
    if (i == split) {
      for (int j = w[i].first, c = 0; !nomem && c < w[i].n; j++) {
        if (k->v[j].colocated) continue;
        nomem = !(terms[n++] = strdup(k->v[j].term));
        c++;
      }
    } else if (i == close) {
      nomem = !(terms[n++] = warta_strdupf("%s%s", w[i].surface, w[i + 1].surface));
      i++;
    } else {
      nomem = !(terms[n++] = strdup(w[i].surface));
    }
  }
  if (nomem) {
    for (int i = 0; terms && i < n; i++)
      free(terms[i]);
    free(terms);
    return WARTA_NOMEM;
  }
  return add_alt(f, terms, n);
}

/* Whether the analyzer takes the two words a and b written as one for
** the same terms as apart (kerja sama, kerjasama), so that the index
** holds the closed word at their positions. */
static int closes(const toks *k, const vword *a, const vword *b, int *yes) {
  *yes = 0;
  if (a->n != 1 || b->n != 1) return WARTA_OK;
  char *joined = warta_strdupf("%s%s", a->surface, b->surface);
  if (!joined) return WARTA_NOMEM;
  toks t = {0};
  t.an = k->an;
  int rc = warta_analyze(t.an, joined, (int)strlen(joined), WARTA_ANALYZE_QUERY, collect, &t);
  if (rc == WARTA_OK && t.n == 2 && !t.v[1].colocated && t.v[0].start == t.v[1].start)
    *yes = strcmp(t.v[0].term, k->v[a->first].term) == 0 &&
           strcmp(t.v[1].term, k->v[b->first].term) == 0;
  toks_free(&t);
  free(joined);
  return rc;
}

/* A quoted phrase: its words as written (store's match.c matches them as surface
** forms), and as alternatives each compound in it written the other way
** (kerja sama: kerjasama; kerjasama: kerja sama), as the index analyzed
** them alike, so that compounds still match. */
static int verbatim_form(const toks *k, warta_qform *f) {
  vword *w;
  int m = vwords(k, &w), rc = WARTA_OK;
  if (m < 0) return WARTA_NOMEM;
  if (m > 0) rc = verbatim_alt(k, w, m, -1, -1, f);
  for (int i = 0; rc == WARTA_OK && i < m; i++) {
    if (spelled_parts(k, &w[i])) rc = verbatim_alt(k, w, m, i, -1, f);
  }
  for (int i = 0; rc == WARTA_OK && i + 1 < m; i++) {
    int yes;
    rc = closes(k, &w[i], &w[i + 1], &yes);
    if (rc == WARTA_OK && yes) rc = verbatim_alt(k, w, m, -1, i, f);
  }
  /* a hyphenated compound the analyzer joined (kerja-sama) */
  for (int i = 0; rc == WARTA_OK && i < k->n; i++) {
    if (k->v[i].colocated) rc = alt_of(k, i, 1, f);
  }
  free(w);
  return rc;
}

/* Analyze text into the group's forms (one per profile, merged when they
** agree). *function: every profile sees only function words. Returns
** WARTA_OK; g->nform 0 when nothing searchable remains. */
static int analyze_item(planner *p, const char *text, int phrase, int as_written, warta_qgroup *g,
                        int *function) {
  int verbatim = as_written && phrase && g->field == WARTA_QF_TEXT;
  warta_qform forms[WARTA_MAX_PROFILES];
  int nforms = 0, rc = WARTA_OK, any_function = 0, all_tokens = 0;
  memset(forms, 0, sizeof forms);
  for (int k = 0; k < p->nprof && rc == WARTA_OK; k++) {
    toks t = {0};
    t.an = p->prof[k].an;
    rc = warta_analyze(t.an, text, (int)strlen(text), WARTA_ANALYZE_QUERY, collect, &t);
    warta_qform *f = &forms[nforms];
    if (rc == WARTA_OK && t.primary > 0) {
      all_tokens = 1;
      if (t.function == t.primary) any_function = 1;
      if (verbatim) {
        rc = verbatim_form(&t, f);
      } else {
        rc = alt_of(&t, -1, 0, f);
        for (int i = 0; rc == WARTA_OK && i < t.n; i++) {
          if (t.v[i].colocated) rc = alt_of(&t, i, 0, f);
        }
      }
      if (rc == WARTA_OK && !phrase && t.primary == 1) rc = add_splits(p, f);
      if (rc == WARTA_OK && phrase && !verbatim && t.primary == 2 && f->nalt > 0 &&
          f->alt[0].nterm == 2) {
        char *closed = NULL;
        rc = closed_form(p, f->alt[0].term[0], f->alt[0].term[1], &closed);
        if (rc == WARTA_OK && closed) {
          char **terms = malloc(sizeof *terms);
          if (!terms) {
            free(closed);
            rc = WARTA_NOMEM;
          } else {
            terms[0] = closed;
            rc = add_alt(f, terms, 1);
          }
        }
      }
      if (rc == WARTA_OK) {
        f->langs = copy_list(p->prof[k].langs);
        if (!f->langs) rc = WARTA_NOMEM;
        nforms++;
      }
    }
    if (rc) form_free(f);
    toks_free(&t);
  }
  *function = any_function;
  if (rc || !all_tokens) {
    for (int i = 0; i < nforms; i++)
      form_free(&forms[i]);
    return rc;
  }
  /* one form when every profile agrees */
  int same = 1;
  for (int i = 1; i < nforms; i++)
    same &= form_equal(&forms[0], &forms[i]);
  g->verbatim = verbatim;
  if (same) {
    for (int i = 1; i < nforms; i++)
      form_free(&forms[i]);
    warta_list_free(forms[0].langs);
    forms[0].langs = NULL;
    nforms = 1;
  }
  g->form = malloc(sizeof *g->form * (size_t)nforms);
  if (!g->form) {
    for (int i = 0; i < nforms; i++)
      form_free(&forms[i]);
    return WARTA_NOMEM;
  }
  memcpy(g->form, forms, sizeof *g->form * (size_t)nforms);
  g->nform = nforms;
  return WARTA_OK;
}

/* The first token of text folded without stemming (a wildcard prefix). */
static int fold_first(void *ctx, const warta_token *t) {
  char **out = ctx;
  if (*out) return 0;
  *out = malloc((size_t)t->n_term + 1);
  if (!*out) return WARTA_NOMEM;
  memcpy(*out, t->term, (size_t)t->n_term);
  (*out)[t->n_term] = 0;
  return 0;
}

/* A text's only token folded without stemming (its surface form); none
** when it has several. */
typedef struct single_ctx {
  char *word; /* malloc'ed */
  int n;      /* tokens seen */
} single_ctx;

static int fold_single(void *ctx, const warta_token *t) {
  single_ctx *c = ctx;
  if (c->n++ == 0) return fold_first(&c->word, t);
  return 0;
}

/**************************************************************************
** the plan
*/
static int push_str(const char ***list, const char *s) {
  int n = 0;
  while (*list && (*list)[n])
    n++;
  const char **v = realloc((void *)*list, sizeof *v * (size_t)(n + 2));
  if (!v) return WARTA_NOMEM;
  v[n] = strdup(s);
  v[n + 1] = NULL;
  *list = v;
  return v[n] ? WARTA_OK : WARTA_NOMEM;
}

static int push_group(warta_query *q, warta_qgroup **out) {
  warta_qgroup *v = realloc(q->group, sizeof *v * (size_t)(q->ngroup + 1));
  if (!v) return WARTA_NOMEM;
  q->group = v;
  *out = &v[q->ngroup++];
  memset(*out, 0, sizeof **out);
  return WARTA_OK;
}

/* 1 in *yes when the words a and b written together are a compound the
** analysis splits into their terms ta tb (kerja sama: kerjasama). */
static int curated_compound(planner *p, const char *a, const char *b, const char *ta,
                            const char *tb, int *yes) {
  warta_buf j = WARTA_BUF_INIT;
  toks t = {0};
  *yes = 0;
  warta_buf_puts(&j, a);
  warta_buf_puts(&j, b);
  if (j.err) return WARTA_NOMEM;
  /* only a listed compound is split: what is not listed needs no analysis
  ** (which would read the dictionaries for a word the index never saw) */
  char *folded = NULL;
  int rc = warta_analyze(p->folder, j.p, (int)j.n, 0, fold_first, &folded);
  const char *parts = rc == WARTA_OK && folded
                          ? warta_analyzer_compound(p->prof[0].an, folded, (int)strlen(folded))
                          : NULL;
  free(folded);
  if (rc || !parts) {
    warta_buf_free(&j);
    return rc;
  }
  t.an = p->prof[0].an;
  rc = warta_analyze(t.an, j.p, (int)j.n, WARTA_ANALYZE_QUERY, collect, &t);
  /* one word that the analysis splits in two (its parts share its span):
  ** gempa, + Jakarta is two words that a comma kept apart */
  if (rc == WARTA_OK && t.n == 2 && !t.v[1].colocated && strcmp(t.v[0].term, ta) == 0 &&
      strcmp(t.v[1].term, tb) == 0 && t.v[0].start == t.v[1].start && t.v[0].end == t.v[1].end)
    *yes = 1;
  toks_free(&t);
  warta_buf_free(&j);
  return rc;
}

/* Adjacent words that the index also holds closed (Ahmad-Nagita written
** ahmadnagita): the closed form stands for both, beside the two words. */
static int add_joins(planner *p, warta_query *q) {
  for (int i = 0; i + 1 < q->ngroup; i++) {
    warta_qgroup *a = &q->group[i], *b = &q->group[i + 1];
    /* planned already (q is planned again when filters are added) */
    if (a->join.nterm > 0) continue;
    if (!a->content || !b->content || a->required || b->required || a->excluded || b->excluded ||
        a->or_next || b->prefix || a->prefix || a->field != b->field)
      continue;
    if (a->nform != 1 || b->nform != 1 || a->form[0].nalt < 1 || b->form[0].nalt < 1) continue;
    if (a->form[0].alt[0].nterm != 1 || b->form[0].alt[0].nterm != 1) continue;
    char *closed = NULL;
    const char *ta = a->form[0].alt[0].term[0], *tb = b->form[0].alt[0].term[0];
    int rc = closed_form(p, ta, tb, &closed);
    if (rc) return rc;
    if (closed) {
      a->join.term = malloc(sizeof *a->join.term);
      if (!a->join.term) {
        free(closed);
        return WARTA_NOMEM;
      }
      a->join.term[0] = closed;
      a->join.nterm = 1;
      continue;
    }
    /* a compound the analysis knows (kerjasama is indexed as kerja sama):
    ** the two words as a phrase are an alternative of their own, so that
    ** articles holding the compound weigh more than those holding the
    ** words apart */
    int compound = 0;
    if ((rc = curated_compound(p, a->surface, b->surface, ta, tb, &compound))) return rc;
    if (!compound) continue;
    a->join.term = malloc(sizeof *a->join.term * 2);
    if (!a->join.term) return WARTA_NOMEM;
    a->join.term[0] = strdup(ta);
    a->join.term[1] = strdup(tb);
    a->join.nterm = 2;
    if (!a->join.term[0] || !a->join.term[1]) return WARTA_NOMEM;
  }
  return WARTA_OK;
}

/**************************************************************************
** names standing for query words (names.h)
*/
#define EXPANSIONS_MAX 4 /* names added for one run of words, at most */

/* Whether group i may be part of a run that a name stands for: a word
** typed alone, matched in the text, neither required, excluded, a prefix,
** in an OR chain nor part of a closed compound. */
static int nameable(const warta_query *q, int i) {
  const warta_qgroup *g = &q->group[i];
  return g->exact && !g->excluded && !g->required && !g->prefix && !g->verbatim &&
         g->field == WARTA_QF_TEXT && !g->or_next && !(i > 0 && q->group[i - 1].or_next) &&
         g->join.nterm == 0 && !(i > 0 && q->group[i - 1].join.nterm > 0) && g->nexp == 0;
}

typedef struct names_ctx {
  planner *p;
  warta_qgroup *g; /* the run's first group */
  const char *why; /* the table's */
  int rc;
} names_ctx;

/* names_fn: another name of the run's, analyzed as a phrase of words. */
static int add_other(void *ctx, const char *other, uint32_t articles) {
  names_ctx *c = ctx;
  warta_qgroup tmp;
  int function = 0;
  if (c->g->nexp >= EXPANSIONS_MAX) return 0;
  for (int e = 0; e < c->g->nexp; e++) {
    if (strcmp(c->g->exp[e].text, other) == 0) return 0; /* in both tables */
  }
  memset(&tmp, 0, sizeof tmp);
  tmp.field = WARTA_QF_TEXT;
  int rc = analyze_item(c->p, other, strchr(other, ' ') != NULL, 0, &tmp, &function);
  if (rc == WARTA_OK && tmp.nform > 0) {
    warta_qexp *v = realloc(c->g->exp, sizeof *v * (size_t)(c->g->nexp + 1));
    if (v) {
      c->g->exp = v;
      warta_qexp *x = &v[c->g->nexp++];
      x->form = tmp.form;
      x->nform = tmp.nform;
      x->text = strdup(other);
      x->why =
          articles ? warta_strdupf("learned from %u articles", (unsigned)articles) : strdup(c->why);
      tmp.form = NULL;
      tmp.nform = 0;
      if (!x->text || !x->why) rc = WARTA_NOMEM;
    } else {
      rc = WARTA_NOMEM;
    }
  }
  for (int f = 0; f < tmp.nform; f++) /* not taken: out of memory */
    form_free(&tmp.form[f]);
  free(tmp.form);
  if (rc) c->rc = rc;
  return rc ? -1 : 0;
}

/* The names standing for runs of the query's words: the longest run
** first, from the left. */
static int add_names(planner *p, warta_query *q) {
  const char *why[2] = {"synonyms", "learned"};
  int fresh = 0;
  for (int i = 0; i < q->ngroup; i++) {
    if (!nameable(q, i) || !q->group[i].content) continue;
    if (!fresh++) {
      /* a long-lived planner follows the index's runs: read the acronyms
      ** again once the number of articles changed (an edit that leaves
      ** it as it was is seen at the next run that changes it) */
      long n = warta_searcher_articles(p->s);
      if (n >= 0 && n != p->learned_at) {
        names_free(p->learned);
        p->learned = NULL;
        int rc = load_learned(p, NULL);
        if (rc) return rc;
      }
    }
    const names_table *tables[2] = {p->synonyms, p->learned};
    int run = 1;
    while (i + run < q->ngroup && run < NAMES_MAX_WORDS && nameable(q, i + run))
      run++;
    for (int k = run; k >= 1; k--) {
      /* a run ends on a content word */
      if (!q->group[i + k - 1].content) continue;
      warta_buf b = WARTA_BUF_INIT;
      for (int j = 0; j < k; j++) {
        if (j) warta_buf_putc(&b, ' ');
        warta_buf_puts(&b, q->group[i + j].exact);
      }
      if (b.err) return WARTA_NOMEM;
      names_ctx c = {p, &q->group[i], NULL, WARTA_OK};
      for (int t = 0; t < 2 && c.rc == WARTA_OK; t++) {
        c.why = why[t];
        names_others(tables[t], b.p, (uint32_t)q->rank.acrmin, add_other, &c);
      }
      warta_buf_free(&b);
      if (c.rc) return c.rc;
      if (q->group[i].nexp > 0) {
        q->group[i].span = k;
        i += k - 1;
        break;
      }
    }
  }
  return WARTA_OK;
}

/* A filter item (source:, lang:, date:) into q. WARTA_OK or WARTA_NOMEM. */
static int plan_filter(warta_query *q, const qitem *it) {
  if (it->kind == QI_SOURCE) return push_str((const char ***)&q->sources, it->text);
  if (it->kind == QI_LANG) {
    char lc[16];
    size_t n = strlen(it->text);
    if (n >= sizeof lc) n = sizeof lc - 1;
    for (size_t k = 0; k < n; k++)
      lc[k] = (char)(it->text[k] >= 'A' && it->text[k] <= 'Z' ? it->text[k] + 32 : it->text[k]);
    lc[n] = 0;
    return push_str((const char ***)&q->langs, lc);
  }
  warta_date_range *v = realloc(q->dates, sizeof *v * (size_t)(q->ndates + 1));
  if (!v) return WARTA_NOMEM;
  q->dates = v;
  memcpy(v[q->ndates].lo, it->lo, 9);
  memcpy(v[q->ndates].hi, it->hi, 9);
  q->ndates++;
  return WARTA_OK;
}

/* Item i of syn, a word, phrase or prefix, as q's next group (none when
** it is punctuation only: counted in notes). WARTA_OK or an error of the
** analyzers. */
static int plan_group(planner *p, const qsyntax *syn, int i, warta_query *q, plan_notes *notes) {
  const qitem *it = &syn->item[i];
  warta_qgroup *g = NULL;
  int rc = push_group(q, &g);
  if (rc) return rc;
  g->surface = strdup(it->text);
  if (!g->surface) return WARTA_NOMEM;
  g->field = it->title ? WARTA_QF_TITLE : WARTA_QF_TEXT;
  g->excluded = it->negated;
  g->or_next = it->or_next;
  g->weight = 1.0;
  g->content = 1;
  if (it->kind == QI_PREFIX) {
    rc = warta_analyze(p->folder, it->text, (int)strlen(it->text), 0, fold_first, &g->prefix);
    if (rc == WARTA_OK && (!g->prefix || strlen(g->prefix) < 3)) {
      /* too short to expand: the word itself */
      free(g->prefix);
      g->prefix = NULL;
    }
    if (rc || g->prefix) return rc;
  }
  int function = 0;
  if ((rc = analyze_item(p, it->text, it->kind == QI_PHRASE, 1, g, &function))) return rc;
  if (g->nform == 0) {
    /* punctuation only: nothing to find */
    notes->ignored++;
    if (i > 0 && q->ngroup > 1 && !it->or_next) q->group[q->ngroup - 2].or_next = 0;
    free(g->surface);
    free(g->prefix);
    q->ngroup--;
    return WARTA_OK;
  }
  if (it->kind == QI_WORD && !it->negated) {
    single_ctx one = {NULL, 0};
    rc = warta_analyze(p->folder, it->text, (int)strlen(it->text), 0, fold_single, &one);
    if (rc == WARTA_OK && one.n == 1)
      g->exact = one.word;
    else
      free(one.word);
    if (rc) return rc;
  }
  g->required = (it->kind == QI_PHRASE || it->required) && !it->negated;
  if (function && it->kind == QI_WORD) {
    g->weight = PLAN_FUNCTION_WEIGHT;
    g->content = 0;
  }
  return WARTA_OK;
}

static int plan_once(planner *p, const qsyntax *syn, warta_query *q, plan_notes *notes) {
  int rc = WARTA_OK;
  memset(notes, 0, sizeof *notes);
  for (int i = 0; i < syn->n && rc == WARTA_OK; i++) {
    qitem_kind k = syn->item[i].kind;
    if (k == QI_SOURCE || k == QI_LANG || k == QI_DATE)
      rc = plan_filter(q, &syn->item[i]);
    else
      rc = plan_group(p, syn, i, q, notes);
  }
  /* a phrase in an OR chain is one of its alternatives, not required:
  ** karhutla OR "kebakaran hutan" is the union of the two */
  for (int i = 0; i < q->ngroup; i++) {
    if (q->group[i].or_next || (i > 0 && q->group[i - 1].or_next)) q->group[i].required = 0;
  }
  if (rc == WARTA_OK) rc = add_joins(p, q);
  if (rc == WARTA_OK && !q->exact && q->rank.expand > 0) rc = add_names(p, q);
  int searchable = 0;
  for (int i = 0; i < q->ngroup; i++)
    searchable += !q->group[i].excluded;
  notes->nothing = !searchable && !q->sources && !q->langs && !q->ndates && !q->like && !q->story;
  notes->excluded_only = notes->nothing && q->ngroup > 0;
  return rc;
}

/* Over remote shards, where each exchange is a round trip, planning asks
** about many terms one at a time: each word's possible splits, closed
** compounds, and (after the search) its surface for "did you mean"; and
** the match then asks the plan's terms. So it runs dry first, asking
** nothing (warta_searcher_freqs_dry()), and fetches every term it wanted
** in one exchange; a round can want more (a split is looked at once its
** parts are known to occur), hence a few rounds. The real run then finds
** them remembered: the same plan, fewer round trips. Locally a lookup
** costs less than a dry run: none. */
#define DRY_ROUNDS 3

static int ask_ahead(planner *p, const qsyntax *syn, const warta_query *q) {
  int lookups = p->lookups, misses = p->misses, rc = WARTA_OK, asked = 1;
  for (int round = 0; round < DRY_ROUNDS && asked > 0 && rc == WARTA_OK; round++) {
    warta_query dry = *q; /* the caller's settings, none of its groups */
    dry.group = NULL;
    dry.ngroup = 0;
    dry.langs = dry.sources = NULL;
    /* the dates the caller's query has already (the options' filters,
    ** added first: search/request.c) are asked with the others */
    dry.dates = q->ndates ? malloc(sizeof *dry.dates * (size_t)q->ndates) : NULL;
    if (q->ndates && !dry.dates) return WARTA_NOMEM;
    if (q->ndates) memcpy(dry.dates, q->dates, sizeof *dry.dates * (size_t)q->ndates);
    plan_notes notes;
    warta_searcher_freqs_dry(p->s, 1);
    if (round == 0) rc = suggest_ask_ahead(p, syn);
    if (rc == WARTA_OK) rc = plan_once(p, syn, &dry, &notes);
    if (rc == WARTA_OK) rc = warta_searcher_want_terms(p->s, &dry);
    warta_searcher_freqs_dry(p->s, 0);
    planner_clear(&dry);
    if (rc == WARTA_OK) rc = warta_searcher_freqs_fetch(p->s, &asked);
  }
  p->lookups = lookups; /* what -v reports is the real run's */
  p->misses = misses;
  return rc;
}

int planner_add(planner *p, const qsyntax *syn, warta_query *q, plan_notes *notes) {
  return plan_once(p, syn, q, notes);
}

int planner_plan(planner *p, const qsyntax *syn, warta_query *q, plan_notes *notes) {
  warta_searcher_freqs_forget(p->s);
  if (warta_searcher_remote(p->s)) {
    int rc = ask_ahead(p, syn, q);
    if (rc) {
      memset(notes, 0, sizeof *notes);
      return rc;
    }
  }
  return plan_once(p, syn, q, notes);
}

void planner_clear(warta_query *q) {
  warta_query_free_groups(q);
  warta_list_free((char **)q->sources);
  warta_list_free((char **)q->langs);
  free(q->dates);
  q->sources = q->langs = NULL;
  q->dates = NULL;
  q->ndates = 0;
}

char *planner_describe(const warta_query *q) {
  warta_buf b = WARTA_BUF_INIT;
  for (int i = 0; i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (i) warta_buf_puts(&b, g[-1].or_next ? " OR " : " ");
    if (g->excluded) warta_buf_putc(&b, '-');
    if (g->required) warta_buf_putc(&b, '+');
    if (g->field == WARTA_QF_TITLE) warta_buf_puts(&b, "title:");
    warta_buf_putc(&b, '(');
    if (g->prefix) warta_buf_printf(&b, "%s*", g->prefix);
    for (int f = 0; f < g->nform; f++) {
      if (f) warta_buf_puts(&b, " | ");
      if (g->form[f].langs) {
        for (int l = 0; g->form[f].langs[l]; l++)
          warta_buf_printf(&b, "%s%s", l ? "," : "", g->form[f].langs[l]);
        warta_buf_puts(&b, ": ");
      }
      for (int a = 0; a < g->form[f].nalt; a++) {
        const warta_qalt *al = &g->form[f].alt[a];
        if (a) warta_buf_puts(&b, " OR ");
        if (al->nterm > 1) warta_buf_putc(&b, '"');
        for (int t = 0; t < al->nterm; t++)
          warta_buf_printf(&b, "%s%s", t ? " " : "", al->term[t]);
        if (al->nterm > 1) warta_buf_putc(&b, '"');
      }
    }
    if (g->join.nterm) {
      warta_buf_puts(&b, " [with the next: ");
      for (int t = 0; t < g->join.nterm; t++)
        warta_buf_printf(&b, "%s%s", t ? " " : "", g->join.term[t]);
      warta_buf_putc(&b, ']');
    }
    warta_buf_putc(&b, ')');
    if (g->weight != 1.0) warta_buf_printf(&b, "x%g", g->weight);
    for (int e = 0; e < g->nexp; e++) {
      warta_buf_printf(&b, "%s\"%s\"", e ? " | " : " [also for ", g->exp[e].text);
      if (e + 1 == g->nexp)
        warta_buf_printf(&b, "%s x%g]", g->span > 1 ? " (the words from here)" : "",
                         q->rank.expand);
    }
  }
  for (int i = 0; q->sources && q->sources[i]; i++)
    warta_buf_printf(&b, " source:%s", q->sources[i]);
  for (int i = 0; q->langs && q->langs[i]; i++)
    warta_buf_printf(&b, " lang:%s", q->langs[i]);
  for (int i = 0; i < q->ndates; i++)
    warta_buf_printf(&b, " date:%s..%s", q->dates[i].lo, q->dates[i].hi);
  return warta_buf_take(&b);
}
