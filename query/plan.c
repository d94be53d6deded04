#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"

typedef struct tokinfo {
  warta_analyzer *a; /* analyzer */
  int tokens;        /* tokens seen */
  int function;      /* of which function words */
} tokinfo;

static int count_token(void *ctx, const warta_token *t) {
  tokinfo *ti = ctx;
  if (t->colocated) return 0;
  ti->tokens++;
  ti->function += warta_analyzer_is_function_term(ti->a, t->term, t->n_term);
  return 0;
}

/* A group is a function word when it is one in any of the languages: the
** language of a two-word query cannot be told. */
static int add_group(qplan *p, warta_analyzer **a, int na, const char *s, size_t n, int phrase) {
  tokinfo ti = {NULL, 0, 0};
  int function = 0, tokens = 0;
  if (n == 0) return WARTA_OK;
  for (int i = 0; i < na; i++) {
    ti.a = a[i];
    ti.tokens = ti.function = 0;
    if (warta_analyze(a[i], s, (int)n, WARTA_ANALYZE_QUERY, count_token, &ti)) return WARTA_NOMEM;
    if (ti.tokens > tokens) tokens = ti.tokens;
    if (ti.tokens > 0 && ti.function == ti.tokens) function = 1;
  }
  ti.tokens = tokens;
  if (ti.tokens == 0) return WARTA_OK; /* punctuation only: nothing to find */
  qgroup *g = realloc(p->g, (size_t)(p->n + 1) * sizeof *g);
  if (!g) return WARTA_NOMEM;
  p->g = g;
  g = &p->g[p->n];
  if (!(g->text = malloc(n + 1))) return WARTA_NOMEM;
  memcpy(g->text, s, n);
  g->text[n] = 0;
  g->phrase = phrase;
  g->weight = function ? WARTA_FUNCTION_WEIGHT : 1.0;
  p->n++;
  return WARTA_OK;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

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
      while (j < n && !is_space(q[j]) && q[j] != '"') j++;
      rc = add_group(p, a, na, q + i, j - i, 0);
      i = j;
    }
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

int qplan_build(const char *query, warta_analyzer **a, int na, qplan *p) {
  warta_buf m = WARTA_BUF_INIT, s = WARTA_BUF_INIT;
  memset(p, 0, sizeof *p);
  int rc = split(p, a, na, query);
  for (int i = 0; rc == WARTA_OK && i < p->n; i++) {
    if (i) warta_buf_puts(&m, " OR ");
    quoted(&m, p->g[i].text);
    warta_buf_printf(&s, "%s%d:%g", i ? " " : "", i, p->g[i].weight);
  }
  if (rc == WARTA_OK && (m.err || s.err)) rc = WARTA_NOMEM;
  p->match = warta_buf_take(&m);
  p->spec = warta_buf_take(&s);
  if (rc) qplan_free(p);
  return rc;
}

void qplan_free(qplan *p) {
  for (int i = 0; i < p->n; i++) free(p->g[i].text);
  free(p->g);
  free(p->match);
  free(p->spec);
  memset(p, 0, sizeof *p);
}
