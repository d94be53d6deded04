#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"

typedef struct tokinfo {
  warta_analyzer *a;             /* analyzer */
  int tokens;                    /* tokens seen */
  int function;                  /* of which function words */
  char term[WARTA_MAX_TERM + 1]; /* the first term */
} tokinfo;

static int count_token(void *ctx, const warta_token *t) {
  tokinfo *ti = ctx;
  if (t->colocated) return 0;
  if (ti->tokens++ == 0) {
    memcpy(ti->term, t->term, (size_t)t->n_term);
    ti->term[t->n_term] = 0;
  }
  ti->function += warta_analyzer_is_function_term(ti->a, t->term, t->n_term);
  return 0;
}

static char *dupn(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = 0;
  }
  return d;
}

/* Add a phrase (taken over) to group g; NULL means out of memory. */
static int add_phrase(qgroup *g, char *phrase) {
  char **p = phrase ? realloc(g->phrase, (size_t)(g->nphrase + 1) * sizeof *p) : NULL;
  if (!p) {
    free(phrase);
    return WARTA_NOMEM;
  }
  g->phrase = p;
  g->phrase[g->nphrase++] = phrase;
  return WARTA_OK;
}

/* A group is a function word when it is one in any of the languages: the
** language of a two-word query cannot be told. Its term is the first
** analyzer's. */
static int add_group(qplan *p, warta_analyzer **a, int na, const char *s, size_t n, int quoted) {
  tokinfo ti;
  int function = 0, tokens = 0;
  char term[WARTA_MAX_TERM + 1] = "";
  if (n == 0) return WARTA_OK;
  for (int i = 0; i < na; i++) {
    ti.a = a[i];
    ti.tokens = ti.function = 0;
    if (warta_analyze(a[i], s, (int)n, WARTA_ANALYZE_QUERY, count_token, &ti)) return WARTA_NOMEM;
    if (i == 0 && ti.tokens == 1) memcpy(term, ti.term, sizeof term);
    if (ti.tokens > tokens) tokens = ti.tokens;
    if (ti.tokens > 0 && ti.function == ti.tokens) function = 1;
  }
  if (tokens == 0) return WARTA_OK; /* punctuation only: nothing to find */
  qgroup *g = realloc(p->g, (size_t)(p->n + 1) * sizeof *g);
  if (!g) return WARTA_NOMEM;
  p->g = g;
  g = &p->g[p->n++];
  memset(g, 0, sizeof *g);
  g->quoted = quoted;
  g->weight = function ? WARTA_FUNCTION_WEIGHT : 1.0;
  if (*term && !(g->term = strdup(term))) return WARTA_NOMEM;
  return add_phrase(g, dupn(s, n));
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Cut the query into groups. */
static int split(qplan *p, warta_analyzer **a, int na, const char *q) {
  int rc = WARTA_OK;
  size_t i = 0, n = strlen(q);
  while (rc == WARTA_OK && i < n) {
    if (is_space(q[i])) {
      i++;
    } else if (q[i] == '"') {
      const char *close = memchr(q + i + 1, '"', n - i - 1);
      size_t end = close ? (size_t)(close - q) : n;
      if (!close) p->unbalanced = 1;
      rc = add_group(p, a, na, q + i + 1, end - i - 1, 1);
      i = close ? end + 1 : n;
    } else {
      size_t j = i;
      while (j < n && !is_space(q[j]) && q[j] != '"')
        j++;
      rc = add_group(p, a, na, q + i, j - i, 0);
      i = j;
    }
  }
  return rc;
}

static void free_group(qgroup *g) {
  for (int i = 0; i < g->nphrase; i++)
    free(g->phrase[i]);
  free(g->phrase);
  free(g->term);
}

/* Groups i and i+1 are the open form of a compound: make them one group
** searching "a b" and the closed form. */
static int join_groups(qplan *p, int i, char *closed) {
  qgroup *g = &p->g[i], *h = &p->g[i + 1];
  warta_buf b = WARTA_BUF_INIT;
  warta_buf_puts(&b, g->phrase[0]);
  warta_buf_putc(&b, ' ');
  warta_buf_puts(&b, h->phrase[0]);
  char *open = warta_buf_take(&b);
  if (!open) {
    free(closed);
    return WARTA_NOMEM;
  }
  free(g->phrase[0]);
  g->phrase[0] = open;
  if (h->weight > g->weight) g->weight = h->weight;
  free(g->term);
  g->term = NULL;
  free_group(h);
  memmove(h, h + 1, (size_t)(p->n - i - 2) * sizeof *h);
  p->n--;
  return add_phrase(g, closed);
}

/* Compound alternatives from the index's list. */
static int compounds(qplan *p, const qlexicon *lex) {
  int rc = WARTA_OK;
  for (int i = 0; rc == WARTA_OK && i + 1 < p->n; i++) {
    qgroup *g = &p->g[i], *h = &p->g[i + 1];
    if (g->quoted || h->quoted || !g->term || !h->term) continue;
    char *closed = lex->closed(lex->ctx, g->term, h->term);
    if (closed) rc = join_groups(p, i, closed);
  }
  for (int i = 0; rc == WARTA_OK && i < p->n; i++) {
    qgroup *g = &p->g[i];
    if (g->quoted || !g->term || g->nphrase > 1) continue;
    char *parts = lex->parts(lex->ctx, g->term);
    if (parts) rc = add_phrase(g, parts);
  }
  return rc;
}

/* "text" with every '"' doubled: an FTS5 string. */
static void quoted(warta_buf *b, const char *s) {
  warta_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') warta_buf_putc(b, '"');
    warta_buf_putc(b, *s);
  }
  warta_buf_putc(b, '"');
}

int qplan_build(const char *query, warta_analyzer **a, int na, const qlexicon *lex, qplan *p) {
  warta_buf m = WARTA_BUF_INIT, s = WARTA_BUF_INIT;
  memset(p, 0, sizeof *p);
  int rc = split(p, a, na, query);
  if (rc == WARTA_OK && lex) rc = compounds(p, lex);
  for (int i = 0; rc == WARTA_OK && i < p->n; i++) {
    for (int k = 0; k < p->g[i].nphrase; k++) {
      if (m.n) warta_buf_puts(&m, " OR ");
      quoted(&m, p->g[i].phrase[k]);
      warta_buf_printf(&s, "%s%d:%g", s.n ? " " : "", i, p->g[i].weight);
    }
  }
  if (rc == WARTA_OK && (m.err || s.err)) rc = WARTA_NOMEM;
  p->match = warta_buf_take(&m);
  p->spec = warta_buf_take(&s);
  if (rc) qplan_free(p);
  return rc;
}

void qplan_free(qplan *p) {
  for (int i = 0; i < p->n; i++)
    free_group(&p->g[i]);
  free(p->g);
  free(p->match);
  free(p->spec);
  memset(p, 0, sizeof *p);
}
