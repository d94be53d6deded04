/*
** Plain text: the first line is the headline when a blank line follows it;
** the rest (or all of it) is the body, paragraphs separated by blank lines.
*/
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"
#include "reader.h"

static int is_blank(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\f' && p[i] != '\v') return 0;
  }
  return 1;
}

static int read_text(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                     warta_problem_fn problem, void *ctx) {
  warta_article a;
  char date[11];
  if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) data += 3, n -= 3; /* BOM */
  size_t sp = 0;
  while (sp < n && (is_blank(data + sp, 1) || data[sp] == '\n'))
    sp++;
  if (sp == n) {
    problem(ctx, 0, "empty file");
    return WARTA_CORRUPT;
  }
  memset(&a, 0, sizeof a);
  /* skip leading blank lines */
  size_t at = 0;
  while (at < n) {
    const char *nl = memchr(data + at, '\n', n - at);
    size_t eol = nl ? (size_t)(nl - data) : n;
    if (!is_blank(data + at, eol - at)) break;
    at = eol + 1;
  }
  const char *nl = memchr(data + at, '\n', n - at);
  size_t eol1 = nl ? (size_t)(nl - data) : n;
  char *title = NULL;
  if (nl) {
    const char *nl2 = memchr(data + eol1 + 1, '\n', n - eol1 - 1);
    size_t eol2 = nl2 ? (size_t)(nl2 - data) : n;
    if (is_blank(data + eol1 + 1, eol2 - eol1 - 1)) {
      size_t s = at, e = eol1;
      while (s < e && (data[s] == ' ' || data[s] == '\t'))
        s++;
      while (e > s && (data[e - 1] == '\r' || data[e - 1] == ' ' || data[e - 1] == '\t'))
        e--;
      title = malloc(e - s + 1);
      if (!title) return WARTA_NOMEM;
      memcpy(title, data + s, e - s);
      title[e - s] = 0;
      at = eol2;
    }
  }
  a.title = title;
  a.date = o && warta_name_date(o->name, date) ? date : NULL;
  a.body = data + at;
  a.n_body = n - at;
  int rc = fn(ctx, &a);
  free(title);
  return rc;
}

int warta_read_text(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                    warta_problem_fn problem, void *ctx) {
  warta_buf prepared = WARTA_BUF_INIT;
  int rc = warta_text_prepare(data, n, o, problem, ctx, &prepared, &data, &n);
  if (rc == WARTA_OK) rc = read_text(data, n, o, fn, problem, ctx);
  warta_buf_free(&prepared);
  return rc;
}
