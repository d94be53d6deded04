/*
** Stemming: from a folded word to its root.
**
** WARTA_STEM_FULL asks the hunspell dictionary first, because its roots are
** validated (menegaskan -> tegas where Snowball says egas), and falls back to
** Snowball only under a guard: a word the dictionary knows as a root, a name
** it knows capitalized, or a word on the protected list is never cut, and a
** Snowball root is accepted only when the dictionary knows it as a root.
** Clitics (-nya -lah -kah -pun -ku -mu) come off before the dictionary is
** asked again. Closed compounds (kerjasama, tandatangan) come out as their
** parts, so the open and the closed form index alike.
**
** News vocabulary is Zipfian, so every answer is cached: the dictionary and
** Snowball see each distinct word once per stemmer.
*/
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hunspell/hunspell.h>

#include "analysis_int.h"
#include "common/grow.h"
#include "common/hmap.h"
#include "common/rc.h"

/* A cached answer: its parts live in one allocation after the struct. */
typedef struct cache_entry {
  unsigned char nparts;                 /* parts in the result */
  unsigned char how;                    /* a warta_how */
  unsigned char n[WARTA_STEM_MAXPARTS]; /* bytes in each part (<= 255) */
  char data[];                          /* the parts, back to back */
} cache_entry;

#define CACHE_MAX_ENTRIES (1u << 20) /* beyond this the cache starts over */

struct warta_stemmer {
  const warta_lang_info *lang;      /* language, or NULL for none */
  warta_stemming stemming;          /* how hard to work */
  struct sb_stemmer *snowball;      /* rule stemmer, or NULL */
  const char *dict_name;            /* dictionary to use ("id_ID"), or NULL */
  warta_dict *dict;                 /* it, once loaded (shared), or NULL */
  int dict_tried;                   /* loading it was tried */
  int dict_latin1;                  /* dictionary wants ISO-8859-1, not UTF-8 */
  warta_stem_lookup_fn lookup;      /* remembered answers, asked first */
  void *lookup_ctx;                 /* its context */
  warta_stem_record_fn record;      /* told of every word stemmed */
  void *record_ctx;                 /* its context */
  int clitics;                      /* strip Indonesian clitics and particles */
  warta_hmap words;                 /* the words answered, in the cache */
  cache_entry **answer;             /* answer[i]: that of word i (owned) */
  size_t capanswer;                 /* entries allocated */
  warta_buf tmp;                    /* scratch for dictionary conversions */
  char work[2][WARTA_MAX_TERM + 8]; /* scratch words */
};

/*************************************************************************
** The cache
*/
static void cache_clear(warta_stemmer *s) {
  for (size_t i = 0; i < s->words.n; i++)
    free(s->answer[i]);
  warta_hmap_clear(&s->words);
}

static cache_entry *cache_find(warta_stemmer *s, const char *w, int n) {
  size_t i = warta_hmap_get(&s->words, w, (size_t)n);
  return i == WARTA_HMAP_NONE ? NULL : s->answer[i];
}

/* Cache the answer r for w (not cached yet): the entry, or NULL when out
** of memory. */
static cache_entry *cache_add(warta_stemmer *s, const char *w, int n, const warta_stem_result *r) {
  size_t size = sizeof(cache_entry);
  if (s->words.n >= CACHE_MAX_ENTRIES) cache_clear(s);
  if (WARTA_GROW(s->answer, s->capanswer, s->words.n + 1)) return NULL;
  for (int i = 0; i < r->nparts; i++)
    size += (size_t)r->n[i];
  cache_entry *e = malloc(size);
  if (!e) return NULL;
  e->nparts = (unsigned char)r->nparts;
  e->how = (unsigned char)r->how;
  char *p = e->data;
  for (int i = 0; i < r->nparts; i++) {
    e->n[i] = (unsigned char)r->n[i];
    memcpy(p, r->part[i], (size_t)r->n[i]);
    p += r->n[i];
  }
  size_t i;
  if (warta_hmap_put(&s->words, w, (size_t)n, &i) < 0) {
    free(e);
    return NULL;
  }
  s->answer[i] = e;
  return e;
}

static void entry_result(const cache_entry *e, warta_stem_result *r) {
  const char *p = e->data;
  r->nparts = e->nparts;
  r->how = (warta_how)e->how;
  for (int i = 0; i < e->nparts; i++) {
    r->part[i] = p;
    r->n[i] = e->n[i];
    p += e->n[i];
  }
}

/*************************************************************************
** The dictionary
*/

/* Convert UTF-8 w[0..n) to the dictionary's encoding, NUL-terminated, in
** s->tmp. Returns 0, or -1 when a character has no Latin-1 form. */
static int to_dict(warta_stemmer *s, const char *w, int n) {
  warta_buf_reset(&s->tmp);
  if (!s->dict_latin1) {
    warta_buf_append(&s->tmp, w, (size_t)n);
    return s->tmp.err ? -1 : 0;
  }
  for (int i = 0; i < n; i++) {
    unsigned char c = (unsigned char)w[i];
    if (c < 0x80) {
      warta_buf_putc(&s->tmp, (char)c);
    } else if ((c == 0xc2 || c == 0xc3) && i + 1 < n) {
      warta_buf_putc(&s->tmp, (char)(((c & 0x03) << 6) | (w[++i] & 0x3f)));
    } else {
      return -1;
    }
  }
  return s->tmp.err ? -1 : 0;
}

/* Convert a dictionary string back to UTF-8 into out[0..cap); returns the
** length, or -1 when it does not fit. */
static int from_dict(const warta_stemmer *s, const char *d, char *out, int cap) {
  int k = 0;
  for (const unsigned char *p = (const unsigned char *)d; *p; p++) {
    if (!s->dict_latin1 || *p < 0x80) {
      if (k + 1 > cap) return -1;
      out[k++] = (char)*p;
    } else {
      if (k + 2 > cap) return -1;
      out[k++] = (char)(0xc0 | (*p >> 6));
      out[k++] = (char)(0x80 | (*p & 0x3f));
    }
  }
  return k;
}

enum { DICT_UNKNOWN, DICT_ROOT, DICT_DERIVED, DICT_NAME };

/*
** Ask the dictionary about w[0..n). DICT_ROOT: w is a root itself.
** DICT_DERIVED: w is an inflected form; its preferred root is copied to
** root[] (UTF-8, *nroot bytes). DICT_NAME: only the capitalized form is a
** word (a proper noun). DICT_UNKNOWN: none of these.
*/
static int dict_lookup(warta_stemmer *s, const char *w, int n, char *root, int *nroot) {
  char **stems = NULL;
  int best = -1, bestlen = -1, kind = DICT_UNKNOWN;
  if (!s->dict && s->dict_name && !s->dict_tried) {
    /* loaded on first need: a query whose words the index remembers never
    ** pays for it (existence was checked when the stemmer was made) */
    s->dict_tried = 1;
    if (warta_dict_open(s->dict_name, &s->dict, NULL) == WARTA_OK)
      s->dict_latin1 = warta_dict_latin1(s->dict);
  }
  if (!s->dict || to_dict(s, w, n)) return DICT_UNKNOWN;
  Hunhandle *h = warta_dict_acquire(s->dict);
  if (!Hunspell_spell(h, s->tmp.p)) {
    /* a proper noun: the dictionary knows "Jakarta", not "jakarta" */
    if (s->tmp.p[0] >= 'a' && s->tmp.p[0] <= 'z') {
      s->tmp.p[0] = (char)(s->tmp.p[0] - 32);
      if (Hunspell_spell(h, s->tmp.p)) kind = DICT_NAME;
    }
    warta_dict_release(s->dict);
    return kind;
  }
  int k = Hunspell_stem(h, &stems, s->tmp.p);
  for (int i = 0; i < k; i++) {
    char u[WARTA_MAX_TERM + 8];
    int m = from_dict(s, stems[i], u, (int)sizeof u);
    if (m <= 0) continue;
    if (m == n && memcmp(u, w, (size_t)n) == 0) {
      kind = DICT_ROOT;
      break;
    }
    /* Several roots: prefer one spelled inside the word (mengundang ->
    ** undang, not kundang), then the longest. */
    int inside = 0;
    for (int j = 0; j + m <= n && !inside; j++)
      inside = memcmp(w + j, u, (size_t)m) == 0;
    int score = m + (inside ? 1000 : 0);
    if (score > bestlen && strchr(stems[i], ' ') == NULL) {
      bestlen = score;
      best = i;
      memcpy(root, u, (size_t)m);
      *nroot = m;
    }
  }
  if (kind != DICT_ROOT && best >= 0) kind = DICT_DERIVED;
  if (k > 0) Hunspell_free_list(h, &stems, k);
  warta_dict_release(s->dict);
  return kind;
}

/*************************************************************************
** The stemmer
*/
int warta_stemmer_new(const warta_lang_info *lang, warta_stemming stemming, warta_stemmer **out,
                      char **err) {
  int rc = WARTA_OK;
  warta_stemmer *s = calloc(1, sizeof *s);
  *out = NULL;
  if (err) *err = NULL;
  if (!s) return WARTA_NOMEM;
  s->lang = lang;
  s->stemming = stemming;
  if (lang && stemming != WARTA_STEM_NONE && lang->snowball) {
    s->snowball = sb_stemmer_new(lang->snowball, "UTF_8");
    if (!s->snowball) rc = WARTA_NOMEM;
  }
  if (rc == WARTA_OK && lang && stemming == WARTA_STEM_FULL && lang->hunspell) {
    rc = warta_dict_exists(lang->hunspell, err);
    s->dict_name = lang->hunspell;
  }
  s->clitics = lang && lang->snowball && strcmp(lang->snowball, "indonesian") == 0;
  if (rc) {
    warta_stemmer_free(s);
    return rc;
  }
  *out = s;
  return WARTA_OK;
}

void warta_stemmer_free(warta_stemmer *s) {
  if (!s) return;
  cache_clear(s);
  warta_hmap_free(&s->words);
  free(s->answer);
  if (s->snowball) sb_stemmer_delete(s->snowball);
  warta_dict_close(s->dict);
  warta_buf_free(&s->tmp);
  free(s);
}

/* Run Snowball on w; the result is owned by the Snowball stemmer. */
static const char *snowball(warta_stemmer *s, const char *w, int n, int *nout) {
  const sb_symbol *r = sb_stemmer_stem(s->snowball, (const sb_symbol *)w, n);
  if (!r) return NULL;
  *nout = sb_stemmer_length(s->snowball);
  return (const char *)r;
}

static void set_one(warta_stem_result *r, const char *p, int n, warta_how how) {
  r->nparts = 1;
  r->part[0] = p;
  r->n[0] = n;
  r->how = how;
}

/* If w[0..n) is a closed compound, fill r with its parts. */
static int compound(warta_stemmer *s, const char *w, int n, warta_stem_result *r) {
  const char *parts = warta_lexicon_compound(s->lang->code, w, n);
  if (!parts) return 0;
  r->nparts = 0;
  r->how = WARTA_HOW_COMPOUND;
  while (*parts && r->nparts < WARTA_STEM_MAXPARTS) {
    const char *sp = strchr(parts, ' ');
    int len = sp ? (int)(sp - parts) : (int)strlen(parts);
    r->part[r->nparts] = parts;
    r->n[r->nparts++] = len;
    parts += len + (sp ? 1 : 0);
  }
  return 1;
}

/* Try the dictionary on w: returns 1 and fills r when it knows w. Roots are
** copied into buf, which must outlive r. */
static int from_dictionary(warta_stemmer *s, const char *w, int n, char *buf,
                           warta_stem_result *r) {
  int nroot = 0;
  switch (dict_lookup(s, w, n, buf, &nroot)) {
  case DICT_ROOT:
    if (!compound(s, w, n, r)) set_one(r, w, n, WARTA_HOW_DICT);
    return 1;
  case DICT_NAME: set_one(r, w, n, WARTA_HOW_PROTECTED); return 1;
  case DICT_DERIVED:
    if (!compound(s, buf, nroot, r)) set_one(r, buf, nroot, WARTA_HOW_DICT);
    return 1;
  default: return 0;
  }
}

static int ends_with(const char *w, int n, const char *suf) {
  int k = (int)strlen(suf);
  return n > k && memcmp(w + n - k, suf, (size_t)k) == 0;
}

/* Full stemming where the rules are sound: protected words and names stay,
** the rest gets Snowball's stem. */
static void stem_rules_guarded(warta_stemmer *s, const char *w, int n, warta_stem_result *r) {
  char *buf = s->work[0];
  int nroot = 0, m = 0;
  set_one(r, w, n, WARTA_HOW_NONE);
  if (warta_lexicon_protected(s->lang->code, w, n) ||
      dict_lookup(s, w, n, buf, &nroot) == DICT_NAME) {
    r->how = WARTA_HOW_PROTECTED;
    return;
  }
  const char *sb = snowball(s, w, n, &m);
  if (sb && m > 0 && m <= WARTA_MAX_TERM && (m != n || memcmp(sb, w, (size_t)n))) {
    memcpy(s->work[1], sb, (size_t)m);
    set_one(r, s->work[1], m, WARTA_HOW_RULE);
  }
}

/* The guarded pipeline of WARTA_STEM_FULL; w is NUL-free, n <= MAX_TERM. */
static void stem_full(warta_stemmer *s, const char *w, int n, warta_stem_result *r) {
  static const char *const clitics[] = {"nya", "lah", "kah", "pun", "ku", "mu"};
  char *buf = s->work[0];
  set_one(r, w, n, WARTA_HOW_NONE);
  if (warta_lexicon_protected(s->lang->code, w, n)) {
    r->how = WARTA_HOW_PROTECTED;
    return;
  }
  if (compound(s, w, n, r)) return;
  if (n < 3) return;
  if (from_dictionary(s, w, n, buf, r)) return;
  if (s->clitics) {
    for (size_t i = 0; i < sizeof clitics / sizeof clitics[0]; i++) {
      int m = n - (int)strlen(clitics[i]);
      if (m < 3 || !ends_with(w, n, clitics[i])) continue;
      if (compound(s, w, m, r)) return;
      if (warta_lexicon_protected(s->lang->code, w, m)) {
        set_one(r, w, m, WARTA_HOW_PROTECTED);
        return;
      }
      if (from_dictionary(s, w, m, buf, r)) return;
    }
  }
  if (s->snowball) {
    int m = 0;
    const char *sb = snowball(s, w, n, &m);
    if (sb && m > 0 && m <= WARTA_MAX_TERM && (m != n || memcmp(sb, w, (size_t)n))) {
      char *root = s->work[1];
      int nroot = 0;
      memcpy(root, sb, (size_t)m);
      if (compound(s, root, m, r)) return;
      if (dict_lookup(s, root, m, buf, &nroot) == DICT_ROOT) {
        set_one(r, root, m, WARTA_HOW_RULE);
        return;
      }
    }
  }
  /* An unknown word with -nya (a name, a new word): the clitic still goes. */
  if (s->clitics && ends_with(w, n, "nya") && n - 3 >= 4) set_one(r, w, n - 3, WARTA_HOW_RULE);
}

static void stem_uncached(warta_stemmer *s, const char *w, int n, warta_stem_result *r) {
  set_one(r, w, n, WARTA_HOW_NONE);
  if (!s->snowball || s->stemming == WARTA_STEM_NONE) return;
  if (s->stemming == WARTA_STEM_FULL) {
    if (s->lang->dict_roots)
      stem_full(s, w, n, r);
    else
      stem_rules_guarded(s, w, n, r);
    return;
  }
  int m = 0;
  const char *sb = snowball(s, w, n, &m);
  if (sb && m > 0 && m <= WARTA_MAX_TERM && (m != n || memcmp(sb, w, (size_t)n))) {
    set_one(r, sb, m, WARTA_HOW_RULE);
  }
}

void warta_stemmer_set_lookup(warta_stemmer *s, warta_stem_lookup_fn fn, void *ctx) {
  s->lookup = fn;
  s->lookup_ctx = ctx;
}

void warta_stemmer_set_record(warta_stemmer *s, warta_stem_record_fn fn, void *ctx) {
  s->record = fn;
  s->record_ctx = ctx;
}

/* A remembered answer for w, when the lookup knows one. */
static int remembered(warta_stemmer *s, const char *w, int n, warta_stem_result *r) {
  if (!s->lookup || !s->lookup(s->lookup_ctx, w, n, r)) return 0;
  if (r->nparts < 1 || r->nparts > WARTA_STEM_MAXPARTS) return 0;
  for (int i = 0; i < r->nparts; i++) {
    if (r->n[i] <= 0 || r->n[i] > WARTA_MAX_TERM) return 0;
  }
  return 1;
}

int warta_stem(warta_stemmer *s, const char *w, int n, warta_stem_result *r) {
  if (!s->snowball || s->stemming == WARTA_STEM_NONE || n > WARTA_MAX_TERM) {
    set_one(r, w, n, WARTA_HOW_NONE);
  } else {
    cache_entry *e = cache_find(s, w, n);
    if (!e) {
      warta_stem_result fresh;
      if (!remembered(s, w, n, &fresh)) stem_uncached(s, w, n, &fresh);
      e = cache_add(s, w, n, &fresh);
      if (!e) return WARTA_NOMEM;
    }
    entry_result(e, r);
  }
  if (s->record) s->record(s->record_ctx, w, n, r);
  return WARTA_OK;
}
