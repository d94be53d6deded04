/*
** Format detection and dispatch.
*/
#include <string.h>
#include <strings.h>

#include "common/rc.h"
#include "reader.h"

static const struct {
  const char *ext;
  warta_format format;
} exts[] = {
    {".txt", WARTA_FORMAT_TEXT},      {".text", WARTA_FORMAT_TEXT},
    {".jsonl", WARTA_FORMAT_JSONL},   {".ndjson", WARTA_FORMAT_JSONL},
    {".md", WARTA_FORMAT_MARKDOWN},   {".markdown", WARTA_FORMAT_MARKDOWN},
    {".html", WARTA_FORMAT_HTML},     {".htm", WARTA_FORMAT_HTML},
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
  case WARTA_FORMAT_TEXT: return warta_read_text(data, n, fn, problem, ctx);
  case WARTA_FORMAT_JSONL: return warta_read_jsonl(data, n, o, fn, problem, ctx);
  default:
    problem(ctx, 0, "unsupported format");
    return WARTA_MISMATCH;
  }
}
