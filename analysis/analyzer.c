/*
** The analyzer: ICU word breaking on the UTF-8 bytes, folding, and the rules
** that turn words into terms.
**
** Word segments come from a UAX #29 break iterator over a UText that reads
** the caller's UTF-8 in place, so offsets are byte offsets into the caller's
** text with no conversion. Each word is folded (fold.c) and then:
**
**  - reduplication (negara-negara, anak², anak2, berlari-larian) becomes one
**    token at one position spanning the whole form;
**  - a word mixing letters and digits is cut where they meet (Rp10.000 ->
**    rp 10000, covid19 -> covid 19), so that Covid-19, covid19 and COVID 19
**    index alike; numbers lose thousands separators and leading zeros;
**  - two letter words joined by a hyphen (e-KTP) keep their own positions
**    and add the joined form (ektp) as a colocated term;
**  - every letter word is stemmed (stem.c); a compound yields its parts at
**    consecutive positions.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "analysis_int.h"
#include "common/rc.h"
#include "common/utf8.h"

typedef struct rawtok {
  int start, end; /* byte offsets of the word in the input */
} rawtok;

struct warta_analyzer {
  char lang[16];           /* language code */
  warta_stemming stemming; /* stemming mode */
  UBreakIterator *words;   /* UAX #29 word iterator */
  UText *ut;               /* UTF-8 text the iterator reads */
  warta_folder *folder;    /* word folding */
  warta_stemmer *stemmer;  /* roots */
  rawtok *tok;             /* words of the current text */
  int ntok, captok;        /* used and allocated entries of tok[] */
  warta_buf fold[2];       /* folded current and neighbouring word */
  warta_buf join;          /* scratch: joined or cut forms */
  warta_token_fn fn;       /* callback of the current call */
  void *ctx;               /* its context */
  warta_lexicon_fn lex;    /* remembered analyses, or NULL */
  void *lex_ctx;           /* its context */
  warta_record_fn record;  /* told of each word stemmed, or NULL */
  void *record_ctx;        /* its context */
};

const char *warta_analysis_version(void) {
  /* Bump whenever any text may yield other terms than before. */
  return "warta-analysis-2";
}

const char *warta_how_name(warta_how how) {
  static const char *const names[] = {"none",     "dictionary", "rule",
                                      "compound", "protected",  "number"};
  return (unsigned)how < sizeof names / sizeof names[0] ? names[how] : "?";
}

int warta_stemming_parse(const char *s) {
  if (!s) return -1;
  if (strcmp(s, "full") == 0) return WARTA_STEM_FULL;
  if (strcmp(s, "rules") == 0 || strcmp(s, "snowball") == 0) return WARTA_STEM_RULES;
  if (strcmp(s, "none") == 0) return WARTA_STEM_NONE;
  return -1;
}

const char *warta_stemming_name(warta_stemming s) {
  return s == WARTA_STEM_FULL ? "full" : s == WARTA_STEM_RULES ? "rules" : "none";
}

int warta_analyzer_new(const char *lang, warta_stemming stemming, warta_analyzer **out,
                       char **err) {
  UErrorCode st = U_ZERO_ERROR;
  int rc = WARTA_OK;
  warta_analyzer *a = calloc(1, sizeof *a);
  *out = NULL;
  if (err) *err = NULL;
  if (!a) return WARTA_NOMEM;
  snprintf(a->lang, sizeof a->lang, "%s", lang ? lang : "");
  a->stemming = stemming;
  a->words = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
  a->folder = warta_folder_new();
  if (U_FAILURE(st) || !a->words || !a->folder) rc = WARTA_NOMEM;
  if (rc == WARTA_OK) {
    rc = warta_stemmer_new(warta_lang_find(a->lang), stemming, &a->stemmer, err);
  }
  if (rc) {
    warta_analyzer_free(a);
    return rc;
  }
  *out = a;
  return WARTA_OK;
}

void warta_analyzer_free(warta_analyzer *a) {
  if (!a) return;
  if (a->words) ubrk_close(a->words);
  if (a->ut) utext_close(a->ut);
  warta_folder_free(a->folder);
  warta_stemmer_free(a->stemmer);
  warta_buf_free(&a->fold[0]);
  warta_buf_free(&a->fold[1]);
  warta_buf_free(&a->join);
  free(a->tok);
  free(a);
}

const char *warta_analyzer_lang(const warta_analyzer *a) { return a->lang; }

const char *warta_profile(const char *lang) {
  const warta_lang_info *info = warta_lang_find(lang);
  return info ? info->profile : lang ? lang : "";
}

const char *warta_analyzer_profile(const warta_analyzer *a) { return warta_profile(a->lang); }

static void parts_of(const warta_stem_result *r, warta_parts *p) {
  p->nparts = r->nparts;
  for (int i = 0; i < r->nparts && i < WARTA_MAX_PARTS; i++) {
    p->part[i] = r->part[i];
    p->n[i] = r->n[i];
  }
}

/* The stemmer's lookup: the analyzer's lexicon, under its profile. */
static int lookup_word(void *ctx, const char *w, int n, warta_stem_result *r) {
  warta_analyzer *a = ctx;
  warta_parts p;
  if (!a->lex(a->lex_ctx, warta_analyzer_profile(a), w, n, &p)) return 0;
  if (p.nparts < 1 || p.nparts > WARTA_MAX_PARTS || p.nparts > WARTA_STEM_MAXPARTS) return 0;
  r->nparts = p.nparts;
  r->how = (p.nparts == 1 && p.n[0] == n && memcmp(p.part[0], w, (size_t)n) == 0) ? WARTA_HOW_NONE
           : p.nparts > 1 ? WARTA_HOW_COMPOUND
                          : WARTA_HOW_DICT;
  for (int i = 0; i < p.nparts; i++) {
    r->part[i] = p.part[i];
    r->n[i] = p.n[i];
  }
  return 1;
}

void warta_analyzer_set_lexicon(warta_analyzer *a, warta_lexicon_fn fn, void *ctx) {
  a->lex = fn;
  a->lex_ctx = ctx;
  warta_stemmer_set_lookup(a->stemmer, fn ? lookup_word : NULL, a);
}

static void record_word(void *ctx, const char *w, int n, const warta_stem_result *r) {
  warta_analyzer *a = ctx;
  warta_parts p;
  parts_of(r, &p);
  a->record(a->record_ctx, w, n, &p);
}

void warta_analyzer_set_recorder(warta_analyzer *a, warta_record_fn fn, void *ctx) {
  a->record = fn;
  a->record_ctx = ctx;
  warta_stemmer_set_record(a->stemmer, fn ? record_word : NULL, a);
}

const char *warta_analyzer_compound(const warta_analyzer *a, const char *w, int n) {
  return a->stemming == WARTA_STEM_FULL ? warta_lexicon_compound(a->lang, w, n) : NULL;
}

int warta_analyzer_stem_word(warta_analyzer *a, const char *w, int n, warta_parts *out) {
  warta_stem_result r;
  int rc = warta_stem(a->stemmer, w, n, &r);
  if (rc == WARTA_OK) parts_of(&r, out);
  return rc;
}

int warta_analyzer_is_function_term(const warta_analyzer *a, const char *term, int n) {
  return warta_lexicon_function_word(a->lang, term, n);
}

/* Collect the word segments of text into a->tok. */
static int collect(warta_analyzer *a, const char *text, int n) {
  UErrorCode st = U_ZERO_ERROR;
  a->ntok = 0;
  a->ut = utext_openUTF8(a->ut, text, n, &st);
  ubrk_setUText(a->words, a->ut, &st);
  if (U_FAILURE(st)) return WARTA_NOMEM;
  int32_t start = ubrk_first(a->words), end;
  while ((end = ubrk_next(a->words)) != UBRK_DONE) {
    if (ubrk_getRuleStatus(a->words) >= UBRK_WORD_NONE_LIMIT) {
      if (a->ntok == a->captok) {
        int cap = a->captok ? a->captok * 2 : 256;
        rawtok *t = realloc(a->tok, (size_t)cap * sizeof *t);
        if (!t) return WARTA_NOMEM;
        a->tok = t;
        a->captok = cap;
      }
      a->tok[a->ntok].start = start;
      a->tok[a->ntok].end = end;
      a->ntok++;
    }
    start = end;
  }
  return WARTA_OK;
}

/* Emit term[0..n), found in the folded word w[0..nw), over [start,end). */
static int emit(warta_analyzer *a, const char *term, int n, const char *w, int nw, int start,
                int end, int colocated, warta_how how) {
  warta_token t;
  if (n <= 0) return WARTA_OK;
  if (n > WARTA_MAX_TERM) n = (int)warta_utf8_cut(term, WARTA_MAX_TERM);
  if (nw > WARTA_MAX_TERM) nw = (int)warta_utf8_cut(w, WARTA_MAX_TERM);
  t.term = term;
  t.n_term = n;
  t.surface = w;
  t.n_surface = nw;
  t.start = start;
  t.end = end;
  t.colocated = colocated;
  t.how = how;
  return a->fn(a->ctx, &t);
}

/* Stem the letter word w[0..n) and emit its term(s) over [start,end). */
static int emit_letters(warta_analyzer *a, const char *w, int n, int start, int end,
                        int colocated) {
  warta_stem_result r;
  int rc;
  if (n > WARTA_MAX_TERM) return emit(a, w, n, w, n, start, end, colocated, WARTA_HOW_NONE);
  if ((rc = warta_stem(a->stemmer, w, n, &r))) return rc;
  if (colocated && r.nparts > 1) return WARTA_OK; /* a join that is a compound */
  for (int i = 0; rc == WARTA_OK && i < r.nparts; i++) {
    rc = emit(a, r.part[i], r.n[i], w, n, start, end, colocated, r.how);
  }
  return rc;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* A reduplication of the letter word w[0..n) over [start,end): one token,
** the root of the base, unless the reduplicated root means something else
** (undang-undang and perundang-undangan are about laws, not invitations):
** then the root twice, undangundang. */
static int emit_redup(warta_analyzer *a, char *w, int n, int start, int end) {
  warta_stem_result r;
  int rc;
  if (a->stemming != WARTA_STEM_FULL || n > WARTA_MAX_TERM)
    return emit_letters(a, w, n, start, end, 0);
  if ((rc = warta_stem(a->stemmer, w, n, &r))) return rc;
  if (r.nparts == 1 && 2 * r.n[0] <= WARTA_MAX_TERM &&
      warta_lexicon_lexical_redup(a->lang, r.part[0], r.n[0])) {
    char whole[WARTA_MAX_TERM + 1];
    memcpy(whole, r.part[0], (size_t)r.n[0]);
    memcpy(whole + r.n[0], r.part[0], (size_t)r.n[0]);
    return emit(a, whole, 2 * r.n[0], w, n, start, end, 0, WARTA_HOW_PROTECTED);
  }
  return emit_letters(a, w, n, start, end, 0);
}

/* Remove '.' from a letter run in place (U.S -> us); returns the length. */
static int drop_dots(char *p, int n) {
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (p[i] != '.') p[k++] = p[i];
  }
  return k;
}

/*
** Emit the folded word f[0..n) whose surface is [start,end). Runs of letters
** and of digits become separate terms; when the surface is plain ASCII of the
** same length as the folded form, each run gets its own offsets.
*/
static int emit_word(warta_analyzer *a, char *f, int n, int start, int end, const char *text) {
  int has_digit = 0, has_letter = 0;
  for (int i = 0; i < n; i++) {
    if (is_digit(f[i]))
      has_digit = 1;
    else if (f[i] != '.' && f[i] != ',')
      has_letter = 1;
  }
  if (!has_digit) return emit_letters(a, f, drop_dots(f, n), start, end, 0);
  int exact = (end - start) == n;
  for (int i = start; exact && i < end; i++)
    exact = (unsigned char)text[i] < 0x80;
  /* informal reduplication: anak2, orang2 */
  if (has_letter && n >= 4 && f[n - 1] == '2' && !is_digit(f[n - 2])) {
    int letters = 1;
    for (int i = 0; i < n - 1 && letters; i++)
      letters = !is_digit(f[i]) && f[i] != ',';
    if (letters) return emit_redup(a, f, drop_dots(f, n - 1), start, end);
  }
  int rc = WARTA_OK;
  for (int i = 0; rc == WARTA_OK && i < n;) {
    int j = i, digits = is_digit(f[i]);
    if (digits) {
      while (j < n &&
             (is_digit(f[j]) || ((f[j] == '.' || f[j] == ',') && j + 1 < n && is_digit(f[j + 1]))))
        j++;
    } else {
      while (j < n && !is_digit(f[j]))
        j++;
    }
    int s = exact ? start + i : start, e = exact ? start + j : end;
    int len;
    if (digits) {
      len = (int)warta_fold_number(f + i, (size_t)(j - i));
      rc = emit(a, f + i, len, f + i, len, s, e, 0, WARTA_HOW_NUMBER);
    } else {
      /* separators left at the edges of a letter run are not part of it */
      int b = i, k = j;
      while (b < k && (f[b] == '.' || f[b] == ','))
        b++;
      while (k > b && (f[k - 1] == '.' || f[k - 1] == ','))
        k--;
      len = drop_dots(f + b, k - b);
      if (len > 0) rc = emit_letters(a, f + b, len, s, e, 0);
    }
    i = j;
  }
  return rc;
}

static int fold_tok(warta_analyzer *a, const char *text, const rawtok *t, warta_buf *out) {
  return warta_fold(a->folder, text + t->start, t->end - t->start, out);
}

/* 1 when f[0..n) holds letters only (no ASCII digits). */
static int letters_only(const warta_buf *f) {
  for (size_t i = 0; i < f->n; i++) {
    if (is_digit(f->p[i])) return 0;
  }
  return f->n > 0;
}

/* The bytes between two words are exactly one hyphen. */
static int hyphen_gap(const char *text, int from, int to) {
  if (to - from == 1) return text[from] == '-';
  /* U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN */
  return to - from == 3 && memcmp(text + from, "\xe2\x80", 2) == 0 &&
         (text[from + 2] == '\x90' || text[from + 2] == '\x91');
}

/* 1 when the second word repeats the first one (full stemming only): both
** reduce to the same single root (berlari-larian, tarik-menarik), or the
** second is the end of the first (memanggil-manggil), or the second is a
** clitic written apart (Tuhan-Mu, rumah-nya). */
static int same_root(warta_analyzer *a, const warta_buf *x, const warta_buf *y) {
  static const char *const clitics[] = {"nya", "ku", "mu", "lah", "kah", "pun"};
  warta_stem_result r;
  char root[WARTA_MAX_TERM + 1];
  int nroot;
  if (a->stemming != WARTA_STEM_FULL || x->n > WARTA_MAX_TERM || y->n > WARTA_MAX_TERM) return 0;
  if (y->n >= 3 && y->n < x->n && memcmp(x->p + x->n - y->n, y->p, y->n) == 0) return 1;
  const warta_lang_info *info = warta_lang_find(a->lang);
  if (info && info->dict_roots) {
    for (size_t i = 0; i < sizeof clitics / sizeof clitics[0]; i++) {
      if (y->n == strlen(clitics[i]) && memcmp(y->p, clitics[i], y->n) == 0) return 1;
    }
  }
  if (warta_stem(a->stemmer, x->p, (int)x->n, &r) || r.nparts != 1) return 0;
  nroot = r.n[0];
  memcpy(root, r.part[0], (size_t)nroot);
  if (warta_stem(a->stemmer, y->p, (int)y->n, &r) || r.nparts != 1) return 0;
  return r.n[0] == nroot && memcmp(r.part[0], root, (size_t)nroot) == 0;
}

int warta_analyze(warta_analyzer *a, const char *text, int n, int flags, warta_token_fn fn,
                  void *ctx) {
  int rc;
  (void)flags;
  if (n <= 0) return WARTA_OK;
  if ((rc = collect(a, text, n))) return rc;
  a->fn = fn;
  a->ctx = ctx;
  warta_buf *cur = &a->fold[0], *next = &a->fold[1];
  int have_next = 0;
  for (int i = 0; rc == WARTA_OK && i < a->ntok; i++) {
    rawtok t = a->tok[i];
    if (have_next) {
      warta_buf *x = cur;
      cur = next, next = x;
      have_next = 0;
    } else if ((rc = fold_tok(a, text, &t, cur))) {
      break;
    }
    if (cur->n == 0) continue;
    int end = t.end;
    /* anak² : the superscript two of handwritten reduplication */
    if (end + 2 <= n && memcmp(text + end, "\xc2\xb2", 2) == 0 && letters_only(cur)) {
      rc = emit_redup(a, cur->p, drop_dots(cur->p, (int)cur->n), t.start, end + 2);
      continue;
    }
    int hyphen = i + 1 < a->ntok && hyphen_gap(text, end, a->tok[i + 1].start);
    if (hyphen) {
      if ((rc = fold_tok(a, text, &a->tok[i + 1], next))) break;
      have_next = 1;
      int redup = letters_only(cur) && next->n == cur->n && memcmp(next->p, cur->p, cur->n) == 0;
      if (!redup && letters_only(cur) && letters_only(next)) redup = same_root(a, cur, next);
      if (redup) {
        rc = emit_redup(a, cur->p, drop_dots(cur->p, (int)cur->n), t.start, a->tok[i + 1].end);
        i++;
        have_next = 0;
        continue;
      }
    }
    /* emit_word may rewrite cur in place; a join needs the folded form */
    int joinable =
        hyphen && letters_only(cur) && letters_only(next) && (cur->n <= 5 || next->n <= 3);
    if (joinable) {
      warta_buf_reset(&a->join);
      warta_buf_append(&a->join, cur->p, cur->n);
      warta_buf_append(&a->join, next->p, next->n);
      if (a->join.err) return WARTA_NOMEM;
    }
    rc = emit_word(a, cur->p, (int)cur->n, t.start, end, text);
    if (rc == WARTA_OK && joinable) {
      rawtok u = a->tok[i + 1];
      warta_buf *x = cur;
      cur = next, next = x;
      have_next = 0;
      i++;
      rc = emit_word(a, cur->p, (int)cur->n, u.start, u.end, text);
      if (rc == WARTA_OK) {
        int m = drop_dots(a->join.p, (int)a->join.n);
        rc = emit_letters(a, a->join.p, m, t.start, u.end, 1);
      }
    }
  }
  a->fn = NULL;
  a->ctx = NULL;
  return rc;
}
