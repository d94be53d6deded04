#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

#define BOLD "\033[1m"
#define PLAIN "\033[0m"

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Highlight ranges with only white space between them become one, so that
** a phrase gets one mark. Returns the number of merged pairs in m. */
static int merge_ranges(const char *t, const int *r, int n, int *m) {
  int k = 0;
  for (int i = 0; i < n; i++) {
    int gap = k > 0 && r[2 * i] >= m[2 * k - 1];
    for (int j = k > 0 ? m[2 * k - 1] : 0; gap && j < r[2 * i]; j++)
      gap = is_space(t[j]);
    if (gap) {
      m[2 * k - 1] = r[2 * i + 1];
    } else {
      m[2 * k] = r[2 * i];
      m[2 * k + 1] = r[2 * i + 1];
      k++;
    }
  }
  return k;
}

/* Passage text on one line: runs of white space become one space, and the
** highlighted ranges are marked with open/close. */
static void put_passage(FILE *out, const out_hit *h, const char *open, const char *close) {
  const char *t = h->info->text;
  int n = (int)strlen(t), r = 0, space = 0, started = 0, marked = 0;
  int *m = malloc(sizeof(int) * 2 * (size_t)(h->nranges + 1));
  int nm = m ? merge_ranges(t, h->ranges, h->nranges, m) : 0;
  for (int i = 0; i < n; i++) {
    if (is_space(t[i])) {
      space = started;
      continue;
    }
    while (!marked && r < nm && m[2 * r + 1] <= i)
      r++; /* a range we stepped over */
    if (space) fputc(' ', out);
    space = 0;
    if (!marked && r < nm && i >= m[2 * r]) fputs(open, out), marked = 1;
    fputc(t[i], out);
    started = 1;
    if (marked && i + 1 >= m[2 * r + 1]) fputs(close, out), marked = 0, r++;
  }
  if (marked) fputs(close, out);
  free(m);
}

static void put_text(FILE *out, const out_hit *h, int bold) {
  const warta_hit_info *in = h->info;
  fprintf(out, "%d. %s%s%s\n", h->rank, bold ? BOLD : "", in->title ? in->title : "(untitled)",
          bold ? PLAIN : "");
  fprintf(out, "   %s", h->path);
  if (in->key) fprintf(out, " [%s]", in->key);
  if (in->date) fprintf(out, " | %s", in->date);
  if (in->source) fprintf(out, " | %s", in->source);
  fprintf(out, " | %s | score %.2f\n   ", in->lang ? in->lang : "?", h->hit->score);
  put_passage(out, h, bold ? BOLD : "[", bold ? PLAIN : "]");
  fputs("\n\n", out);
}

static void json_field(warta_buf *b, const char *name, const char *v) {
  warta_buf_printf(b, ",\"%s\":", name);
  warta_buf_json_value(b, v);
}

static void put_json(FILE *out, const out_hit *h) {
  const warta_hit_info *in = h->info;
  warta_buf b = WARTA_BUF_INIT;
  warta_buf_putc(&b, '{');
  if (h->query_id) {
    warta_buf_puts(&b, "\"query_id\":\"");
    warta_buf_json_str(&b, h->query_id, strlen(h->query_id));
    warta_buf_puts(&b, "\",");
  }
  warta_buf_printf(&b,
                   "\"rank\":%d,\"score\":%.4f,\"matched\":%d,\"phrase\":%s,\"doc_id\":%lld,"
                   "\"passage_id\":%lld",
                   h->rank, h->hit->score, h->hit->matched, h->hit->phrase ? "true" : "false",
                   (long long)h->hit->doc_id, (long long)h->hit->passage_id);
  json_field(&b, "title", in->title);
  json_field(&b, "path", h->path);
  json_field(&b, "key", in->key);
  if (in->line > 0)
    warta_buf_printf(&b, ",\"line\":%ld", in->line);
  else
    warta_buf_puts(&b, ",\"line\":null");
  json_field(&b, "date", in->date);
  json_field(&b, "source", in->source);
  json_field(&b, "url", in->url);
  json_field(&b, "lang", in->lang);
  warta_buf_printf(&b, ",\"ordinal\":%d", in->ordinal);
  json_field(&b, "passage", in->text);
  warta_buf_puts(&b, ",\"highlights\":[");
  for (int i = 0; i < h->nranges; i++) {
    warta_buf_printf(&b, "%s[%d,%d]", i ? "," : "", h->ranges[2 * i], h->ranges[2 * i + 1]);
  }
  warta_buf_puts(&b, "]}\n");
  if (!b.err) fwrite(b.p, 1, b.n, out);
  warta_buf_free(&b);
}

/* A TSV field: tabs and line breaks become spaces. */
static void tsv_field(FILE *out, const char *v, int last) {
  for (const char *p = v ? v : ""; *p; p++)
    fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, out);
  fputc(last ? '\n' : '\t', out);
}

static void put_tsv(FILE *out, const out_hit *h) {
  const warta_hit_info *in = h->info;
  char num[64];
  if (h->query_id) tsv_field(out, h->query_id, 0);
  snprintf(num, sizeof num, "%d", h->rank);
  tsv_field(out, num, 0);
  snprintf(num, sizeof num, "%.4f", h->hit->score);
  tsv_field(out, num, 0);
  tsv_field(out, h->path, 0);
  tsv_field(out, in->key, 0);
  tsv_field(out, in->date, 0);
  tsv_field(out, in->lang, 0);
  tsv_field(out, in->title, 0);
  tsv_field(out, in->text, 1);
}

void output_hit(FILE *out, query_format f, int bold, const out_hit *h) {
  switch (f) {
  case FORMAT_JSON: put_json(out, h); break;
  case FORMAT_TSV: put_tsv(out, h); break;
  default: put_text(out, h, bold); break;
  }
}
