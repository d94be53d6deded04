/*
** Acronyms written out in the text (acronym.h).
**
** The search looks at each '(' with a ')' close after it on the same line:
** one word inside after words outside is "Long Name (ACR)"; words inside
** after one word outside is "ACR (Long Name)". Only a window of bytes
** around the parentheses is analyzed (folded, not stemmed), so that the
** cost follows the parentheses, not the text.
*/
#include "acronym.h"

#include <stdlib.h>
#include <string.h>

#include "common/rc.h"

#define BEFORE 240 /* bytes before '(' analyzed: a long name's words */
#define INSIDE 160 /* bytes from '(' to ')' at most */

/* Words that may give no letter to an acronym (Indonesian, English). */
static const char *const function_words[] = {
    "dan",   "dari", "untuk", "di", "ke",  "yang", "atau", "serta", "pada", "bagi", "dengan",
    "dalam", "oleh", "the",   "of", "and", "for",  "on",   "in",    "to",   "at",
};

static int is_function(const char *w, int n) {
  for (size_t i = 0; i < sizeof function_words / sizeof function_words[0]; i++) {
    if ((int)strlen(function_words[i]) == n && memcmp(function_words[i], w, (size_t)n) == 0)
      return 1;
  }
  return 0;
}

typedef struct fit_state {
  const char *a;                                                          /* the acronym */
  int na;                                                                 /* its letters */
  const char *const *w;                                                   /* the words */
  const int *wn;                                                          /* their bytes */
  int nw;                                                                 /* words used */
  unsigned char memo[WARTA_LONGNAME_WORDS + 1][WARTA_ACRONYM_MAX + 1][3]; /* 1 no, 2 yes */
} fit_state;

/* Whether words i.. spell letters j.. with `given` words having given
** letters so far (counted up to 2). */
static int fit_from(fit_state *s, int i, int j, int given) {
  if (i == s->nw) return j == s->na && given >= 2;
  unsigned char *m = &s->memo[i][j][given];
  if (*m) return *m == 2;
  int ok = 0, g = given < 2 ? given + 1 : 2;
  /* a function word between the first and the last may give nothing */
  if (i > 0 && i + 1 < s->nw && is_function(s->w[i], s->wn[i])) ok = fit_from(s, i + 1, j, given);
  for (int c = 1; !ok && c <= s->wn[i] && j + c <= s->na; c++) {
    if (s->w[i][c - 1] != s->a[j + c - 1]) break;
    ok = fit_from(s, i + 1, j + c, g);
  }
  *m = (unsigned char)(ok ? 2 : 1);
  return ok;
}

static int fits_exactly(const char *acr, int nacr, const char *const *w, const int *wn, int nw) {
  if (nw < 2 || nw > WARTA_LONGNAME_WORDS || nacr < 2 || nacr > WARTA_ACRONYM_MAX) return 0;
  fit_state *s = calloc(1, sizeof *s);
  if (!s) return 0;
  s->a = acr;
  s->na = nacr;
  s->w = w;
  s->wn = wn;
  s->nw = nw;
  int ok = fit_from(s, 0, 0, 0);
  free(s);
  return ok;
}

static int word_is(const char *w, int n, const char *s) {
  return (int)strlen(s) == n && memcmp(w, s, (size_t)n) == 0;
}

int warta_acronym_fits(const char *acr, int nacr, const char *const *w, const int *wn, int nw) {
  if (fits_exactly(acr, nacr, w, wn, nw)) return nw;
  /* Dewan Perwakilan Rakyat Republik Indonesia (DPR) */
  if (nw >= 4 && word_is(w[nw - 2], wn[nw - 2], "republik") &&
      word_is(w[nw - 1], wn[nw - 1], "indonesia") && fits_exactly(acr, nacr, w, wn, nw - 2))
    return nw - 2;
  return 0;
}

/**************************************************************************
** the search
*/
typedef struct wtok {
  int start, end; /* in the window */
  int so, sn;     /* its folded surface in the buffer */
} wtok;

typedef struct window {
  wtok *v;
  int n, cap;
  char *buf; /* folded surfaces, one after the other */
  int nbuf, capbuf;
  int nomem;
} window;

static int collect(void *ctx, const warta_token *t) {
  window *w = ctx;
  if (t->colocated) return 0;
  if (w->n == w->cap) {
    int cap = w->cap ? w->cap * 2 : 64;
    wtok *v = realloc(w->v, sizeof *v * (size_t)cap);
    if (!v) return WARTA_NOMEM;
    w->v = v;
    w->cap = cap;
  }
  if (w->nbuf + t->n_surface > w->capbuf) {
    int cap = (w->capbuf ? w->capbuf * 2 : 1024) + t->n_surface;
    char *b = realloc(w->buf, (size_t)cap);
    if (!b) return WARTA_NOMEM;
    w->buf = b;
    w->capbuf = cap;
  }
  memcpy(w->buf + w->nbuf, t->surface, (size_t)t->n_surface);
  w->v[w->n++] = (wtok){t->start, t->end, w->nbuf, t->n_surface};
  w->nbuf += t->n_surface;
  return 0;
}

/* Only blanks in s[0..n). */
static int blank(const char *s, int n) {
  for (int i = 0; i < n; i++) {
    if (s[i] != ' ' && s[i] != '\t') return 0;
  }
  return 1;
}

/* Between two words of a long name: blanks, or a comma and blanks (Badan
** Meteorologi, Klimatologi, dan Geofisika). */
static int name_gap(const char *s, int n) {
  if (n > 0 && s[0] == ',') return blank(s + 1, n - 1);
  return blank(s, n);
}

/* An acronym as written: ASCII letters, the first a capital, and more
** capitals or four letters at least (KPK, Bappenas, not "Ini"). */
static int acronym_shape(const char *s, int n) {
  int caps = 0;
  if (n < 2 || n > WARTA_ACRONYM_MAX || !(s[0] >= 'A' && s[0] <= 'Z')) return 0;
  for (int i = 0; i < n; i++) {
    int up = s[i] >= 'A' && s[i] <= 'Z', low = s[i] >= 'a' && s[i] <= 'z';
    if (!up && !low) return 0;
    caps += up;
  }
  return caps >= 2 || n >= 4;
}

/* Tell fn of acr and the words t[0..nw) (their first `used`). */
static int report(const window *w, const wtok *acr, const wtok *t, int used, warta_acronym_fn fn,
                  void *ctx) {
  char name[WARTA_LONGNAME_WORDS * (WARTA_MAX_TERM + 1)];
  int n = 0;
  for (int i = 0; i < used; i++) {
    if (i) name[n++] = ' ';
    memcpy(name + n, w->buf + t[i].so, (size_t)t[i].sn);
    n += t[i].sn;
  }
  return fn(ctx, w->buf + acr->so, acr->sn, name, n);
}

/* The words t[0..nw) as fits() takes them. */
static int fits_tokens(const window *w, const wtok *acr, const wtok *t, int nw) {
  const char *words[WARTA_LONGNAME_WORDS];
  int lens[WARTA_LONGNAME_WORDS];
  if (nw > WARTA_LONGNAME_WORDS) return 0;
  for (int i = 0; i < nw; i++) {
    words[i] = w->buf + t[i].so;
    lens[i] = t[i].sn;
  }
  return warta_acronym_fits(w->buf + acr->so, acr->sn, words, lens, nw);
}

/* The pairs around the parentheses text[open] .. text[close] (the window
** starting at text[ws]). */
static int around(window *w, const char *text, int ws, int open, int close, warta_acronym_fn fn,
                  void *ctx) {
  int lo = ws > 0; /* the window's first word may be cut */
  const char *s = text + ws;
  int o = open - ws, c = close - ws;
  int before = 0; /* tokens before '(' */
  while (before < w->n && w->v[before].end <= o)
    before++;
  int in = 0;
  while (before + in < w->n && w->v[before + in].end <= c)
    in++;
  const wtok *inside = w->v + before;
  if (in == 0 || before <= lo) return 0;
  /* the inside is its words and blanks alone */
  if (!blank(s + o + 1, inside[0].start - o - 1) ||
      !blank(s + inside[in - 1].end, c - inside[in - 1].end))
    return 0;
  for (int i = 1; i < in; i++) {
    if (!name_gap(s + inside[i - 1].end, inside[i].start - inside[i - 1].end)) return 0;
  }
  const wtok *last = &w->v[before - 1];
  if (!blank(s + last->end, o - last->end)) return 0;
  if (in == 1) {
    /* Long Name (ACR): the fewest words before it that fit */
    if (!acronym_shape(s + inside->start, inside->end - inside->start)) return 0;
    int run = 1; /* words before '(' with blanks (or a comma) between them */
    while (run < before - lo && run < WARTA_LONGNAME_WORDS &&
           name_gap(s + w->v[before - run - 1].end,
                    w->v[before - run].start - w->v[before - run - 1].end))
      run++;
    for (int k = 2; k <= run; k++) {
      int used = fits_tokens(w, inside, w->v + before - k, k);
      if (used) return report(w, inside, w->v + before - k, used, fn, ctx);
    }
    return 0;
  }
  /* ACR (Long Name) */
  if (!acronym_shape(s + last->start, last->end - last->start)) return 0;
  int used = fits_tokens(w, last, inside, in);
  return used ? report(w, last, inside, used, fn, ctx) : 0;
}

int warta_acronyms_find(warta_analyzer *folder, const char *text, int n, warta_acronym_fn fn,
                        void *ctx) {
  window w = {0};
  int rc = WARTA_OK;
  for (const char *p = text; rc == WARTA_OK && p < text + n;) {
    p = memchr(p, '(', (size_t)(text + n - p));
    if (!p) break;
    int open = (int)(p - text), close = -1;
    for (int i = open + 1; i < n && i - open <= INSIDE; i++) {
      if (text[i] == ')') {
        close = i;
        break;
      }
      if (text[i] == '(' || text[i] == '\n') break;
    }
    p++;
    if (close < 0) continue;
    int ws = open > BEFORE ? open - BEFORE : 0;
    while (ws < open && (text[ws] & 0xC0) == 0x80) /* a character's first byte */
      ws++;
    w.n = w.nbuf = 0;
    rc = warta_analyze(folder, text + ws, close + 1 - ws, 0, collect, &w);
    if (rc == WARTA_OK) rc = around(&w, text, ws, open, close, fn, ctx);
    p = text + close + 1;
  }
  free(w.v);
  free(w.buf);
  return rc;
}
