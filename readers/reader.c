/*
** Format detection and dispatch.
*/
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/rc.h"
#include "common/utf8.h"
#include "charset.h"
#include "reader.h"

static const struct {
  const char *ext;
  warta_format format;
} exts[] = {
    {".txt", WARTA_FORMAT_TEXT},    {".text", WARTA_FORMAT_TEXT},
    {".jsonl", WARTA_FORMAT_JSONL}, {".ndjson", WARTA_FORMAT_JSONL},
    {".md", WARTA_FORMAT_MARKDOWN}, {".markdown", WARTA_FORMAT_MARKDOWN},
    {".html", WARTA_FORMAT_HTML},   {".htm", WARTA_FORMAT_HTML},
};

warta_format warta_format_of(const char *path, int *gzip) {
  size_t n = strlen(path);
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (gzip) *gzip = 0;
  if (n > 3 && strcasecmp(path + n - 3, ".gz") == 0) {
    n -= 3;
    if (gzip) *gzip = 1;
  }
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
    size_t k = strlen(exts[i].ext);
    if (n > k && (size_t)(path + n - base) > k && strncasecmp(path + n - k, exts[i].ext, k) == 0) {
      return exts[i].format;
    }
  }
  return WARTA_FORMAT_UNKNOWN;
}

const char *warta_format_name(warta_format f) {
  switch (f) {
  case WARTA_FORMAT_TEXT: return "text";
  case WARTA_FORMAT_JSONL: return "jsonl";
  case WARTA_FORMAT_MARKDOWN: return "markdown";
  case WARTA_FORMAT_HTML: return "html";
  default: return "unknown";
  }
}

int warta_read(warta_format f, const char *data, size_t n, const warta_read_opts *o,
               warta_article_fn fn, warta_problem_fn problem, void *ctx) {
  switch (f) {
  case WARTA_FORMAT_TEXT: return warta_read_text(data, n, o, fn, problem, ctx);
  case WARTA_FORMAT_JSONL: return warta_read_jsonl(data, n, o, fn, problem, ctx);
  case WARTA_FORMAT_MARKDOWN: return warta_read_markdown(data, n, o, fn, problem, ctx);
  case WARTA_FORMAT_HTML: return warta_read_html(data, n, o, fn, problem, ctx);
  default: problem(ctx, 0, "unsupported format"); return WARTA_MISMATCH;
  }
}

int warta_name_date(const char *name, char out[11]) {
  static const char shape[] = "dddd-dd-dd";
  char head[11];
  if (!name) return 0;
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  for (int i = 0; i < 10; i++) {
    int digit = base[i] >= '0' && base[i] <= '9';
    if (shape[i] == 'd' ? !digit : base[i] != '-') return 0; /* also stops at the NUL */
  }
  /* "2023-09-130" is not a date followed by a name */
  if (base[10] >= '0' && base[10] <= '9') return 0;
  memcpy(head, base, 10);
  head[10] = 0;
  return warta_date_iso(head, out);
}

int warta_check_utf8(const char *data, size_t n, warta_problem_fn problem, void *ctx) {
  char msg[128];
  long line, col;
  size_t bad = warta_utf8_invalid(data, n);
  if (bad == n) return WARTA_OK;
  warta_utf8_linecol(data, bad, &line, &col);
  snprintf(msg, sizeof msg, "invalid UTF-8 (byte 0x%02x at column %ld)", (unsigned char)data[bad],
           col);
  problem(ctx, line, msg);
  return WARTA_CORRUPT;
}

const char *warta_without_nul(const char *data, size_t n, warta_buf *buf) {
  if (!memchr(data, 0, n)) return data;
  warta_buf_reset(buf);
  if (warta_buf_reserve(buf, n)) return NULL;
  for (size_t i = 0; i < n; i++)
    buf->p[i] = data[i] ? data[i] : ' ';
  buf->n = n;
  buf->p[n] = 0;
  return buf->p;
}

/* Say what text that is not UTF-8 was read as; or why it is unusable. */
static void charset_note(const char *data, size_t n, const warta_read_opts *o,
                         warta_problem_fn problem, void *ctx, const char *from, size_t stray) {
  char msg[160];
  long line, col;
  size_t bad = warta_utf8_invalid(data, n);
  int k =
      snprintf(msg, sizeof msg, "invalid UTF-8 (byte 0x%02x at column ", (unsigned char)data[bad]);
  warta_utf8_linecol(data, bad, &line, &col);
  if (!from) {
    snprintf(msg + k, sizeof msg - (size_t)k, "%ld), and not text in a legacy charset either", col);
    problem(ctx, line, msg);
  } else if (o && o->warn && stray) {
    snprintf(msg + k, sizeof msg - (size_t)k, "%ld): %zu stray byte%s read as %s", col, stray,
             stray == 1 ? "" : "s", from);
    o->warn(ctx, line, msg);
  } else if (o && o->warn) {
    snprintf(msg + k, sizeof msg - (size_t)k, "%ld): read as %s", col, from);
    o->warn(ctx, line, msg);
  }
}

int warta_legacy_text(const char *data, size_t n, int markup, const warta_read_opts *o,
                      warta_problem_fn problem, void *ctx, warta_buf *out) {
  const char *from = NULL;
  size_t stray = 0;
  int rc = warta_to_utf8(data, n, markup, out, &from, &stray);
  if (rc == WARTA_MISMATCH || rc == WARTA_NOMEM) return rc;
  charset_note(data, n, o, problem, ctx, rc ? NULL : from, stray);
  return rc ? WARTA_CORRUPT : WARTA_OK;
}

int warta_text_prepare(const char *data, size_t n, const warta_read_opts *o,
                       warta_problem_fn problem, void *ctx, warta_buf *buf, const char **text,
                       size_t *ntext) {
  *text = data;
  *ntext = n;
  int rc = warta_legacy_text(data, n, 0, o, problem, ctx, buf);
  if (rc == WARTA_MISMATCH) {
    /* UTF-8 already; a NUL is white space: downstream code treats strings
    ** as C strings */
    return (*text = warta_without_nul(data, n, buf)) ? WARTA_OK : WARTA_NOMEM;
  }
  if (rc) return rc;
  for (size_t i = 0; i < buf->n; i++)
    if (!buf->p[i]) buf->p[i] = ' ';
  *text = buf->p;
  *ntext = buf->n;
  return WARTA_OK;
}
