#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/escape.h"
#include "common/path.h"
#include "search/csv.h"
#include "search/excerpt.h"
#include "search/histogram.h"
#include "search/render.h"

#define BOLD "\033[1m"
#define PLAIN "\033[0m"
#define UNDERLINE "\033[4m" /* the query's words in a (bold) title */
#define NO_UNDERLINE "\033[24m"
/* Print s escaped (common/escape.h): nothing from the data acts on the
** terminal; a failed write shows in ferror(), checked before exit. */
static void put_esc(FILE *f, const char *s) {
  if (s) warta_escape_write(f, s, strlen(s), 0);
}

/* The passage on one line: runs of white space become one space, the
** highlighted ranges are marked with open/close, and a cut passage gets
** an ellipsis at the cut. */
static void put_passage(FILE *f, const warta_hit *h, int full, const char *open,
                        const char *close) {
  const char *t = h->text ? h->text : "";
  size_t from, to;
  int r = 0, space = 0, started = 0, marked = 0;
  excerpt_window(t, h->ntext, h->hl, h->nhl, full, &from, &to);
  warta_buf b = WARTA_BUF_INIT;
  if (from > 0) warta_buf_puts(&b, "… ");
  for (size_t i = from; i < to; i++) {
    if (excerpt_space(t[i])) {
      space = started;
      continue;
    }
    while (!marked && r < h->nhl && (size_t)h->hl[r].end <= i)
      r++; /* a range we stepped over */
    if (space) warta_buf_putc(&b, ' ');
    space = 0;
    if (!marked && r < h->nhl && i >= (size_t)h->hl[r].start) warta_buf_puts(&b, open), marked = 1;
    /* escape byte by byte, but keep UTF-8 sequences whole */
    size_t len = 1;
    unsigned char c = (unsigned char)t[i];
    if (c >= 0xc0) len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (i + len > to) len = to - i;
    warta_escape(&b, t + i, len, 0);
    i += len - 1;
    started = 1;
    if (marked && i + 1 >= (size_t)h->hl[r].end) warta_buf_puts(&b, close), marked = 0, r++;
  }
  if (marked) warta_buf_puts(&b, close);
  if (to < h->ntext) warta_buf_puts(&b, " …");
  if (!b.err && b.n) fwrite(b.p, 1, b.n, f);
  warta_buf_free(&b);
}

/* The title on one line, runs of white space made one space, the query's
** words in it marked as in the passage (underlined in a bold title), so
** that a hit matched in its title alone says so in every output. */
static void put_title(out_ctx *c, const warta_hit *h) {
  const char *t = h->title ? h->title : "";
  size_t n = strlen(t), i = 0;
  while (i < n && excerpt_space(t[i]))
    i++;
  if (i == n) {
    fputs("(untitled)", c->f);
    return;
  }
  warta_hit title = {0};
  title.text = (char *)t;
  title.ntext = n;
  title.hl = h->title_hl;
  title.nhl = h->ntitle_hl;
  put_passage(c->f, &title, 1, c->bold ? UNDERLINE : "[", c->bold ? NO_UNDERLINE : "]");
}

/* "also in 2 outlets: kompas.com, tempo.co" (or "also 2 copies" when
** they have no outlet), for a story folded into h. */
static void put_copies(out_ctx *c, const warta_hit *h) {
  const char *names[5];
  if (h->ncopy == 0) return;
  int n = render_copy_outlets(h, names, 5);
  if (n == 0) {
    fprintf(c->f, "   also %d cop%s\n", h->ncopy, h->ncopy == 1 ? "y" : "ies");
    return;
  }
  fprintf(c->f, "   also in %d outlet%s:", n, n == 1 ? "" : "s");
  for (int i = 0; i < n && i < 5; i++) {
    fputs(i ? ", " : " ", c->f);
    put_esc(c->f, names[i]);
  }
  fputs(n > 5 ? ", ...\n" : "\n", c->f);
}

static void put_text(out_ctx *c, const warta_hit *h, int rank) {
  const char *path = h->path ? warta_relpath(h->path, c->cwd) : "";
  fprintf(c->f, "%d. %s", rank, c->bold ? BOLD : "");
  put_title(c, h);
  fprintf(c->f, "%s\n   ", c->bold ? PLAIN : "");
  put_esc(c->f, path);
  if (h->key && h->path && strcmp(h->key, h->path) != 0) {
    fputs(" [", c->f);
    put_esc(c->f, h->key);
    fputc(']', c->f);
  }
  if (h->date) fputs(" | ", c->f), put_esc(c->f, h->date);
  if (h->source) fputs(" | ", c->f), put_esc(c->f, h->source);
  fputs(" | ", c->f);
  put_esc(c->f, h->lang ? h->lang : "?");
  fprintf(c->f, " | score %.2f\n   ", h->score);
  put_passage(c->f, h, c->full, c->bold ? BOLD : "[", c->bold ? PLAIN : "]");
  fputc('\n', c->f);
  put_copies(c, h);
  if (h->explain) {
    fputs("   explain: ", c->f);
    put_esc(c->f, h->explain);
    fputc('\n', c->f);
  }
  fputc('\n', c->f);
}

/* A TSV field: tabs and line breaks become spaces, other controls are
** escaped. */
static void tsv_field(FILE *f, const char *v, int last) {
  warta_buf b = WARTA_BUF_INIT, e = WARTA_BUF_INIT;
  for (const char *p = v ? v : ""; *p; p++)
    warta_buf_putc(&b, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
  warta_escape(&e, b.p ? b.p : "", b.n, 0);
  if (!e.err && e.n) fwrite(e.p, 1, e.n, f);
  warta_buf_free(&b);
  warta_buf_free(&e);
  fputc(last ? '\n' : '\t', f);
}

/* The title as a TSV field: trimmed, each run of white space (tabs and
** line breaks included) one space, so that a title is one short cell. */
static void tsv_title(FILE *f, const char *t) {
  warta_buf b = WARTA_BUF_INIT;
  int space = 0;
  for (const char *p = t ? t : ""; *p; p++) {
    if (excerpt_space(*p)) {
      space = b.n > 0;
      continue;
    }
    if (space) warta_buf_putc(&b, ' ');
    space = 0;
    warta_buf_putc(&b, *p);
  }
  tsv_field(f, b.p ? b.p : "", 0);
  warta_buf_free(&b);
}

static void put_tsv(out_ctx *c, const warta_hit *h, int rank) {
  char num[64];
  if (!c->header_done) {
    /* outlet and url came later: after the others, which keep their places */
    fprintf(c->f, "%srank\tscore\tpath\tkey\tdate\tlang\ttitle\tpassage\toutlet\turl\n",
            c->query_id ? "query_id\t" : "");
    c->header_done = 1;
  }
  if (c->query_id) tsv_field(c->f, c->query_id, 0);
  snprintf(num, sizeof num, "%d", rank);
  tsv_field(c->f, num, 0);
  snprintf(num, sizeof num, "%.4f", h->score);
  tsv_field(c->f, num, 0);
  tsv_field(c->f, h->path ? warta_relpath(h->path, c->cwd) : "", 0);
  tsv_field(c->f, h->key, 0);
  tsv_field(c->f, h->date, 0);
  tsv_field(c->f, h->lang, 0);
  tsv_title(c->f, h->title);
  tsv_field(c->f, h->text, 0);
  tsv_field(c->f, h->source, 0);
  tsv_field(c->f, h->url, 1);
}

/* CSV rows (search/csv.h), the header before the first query's. */
static void put_csv(out_ctx *c, const warta_query *q, const warta_results *r) {
  render_ctx rc = {c->query_id, c->cwd, c->alert};
  warta_buf b = WARTA_BUF_INIT;
  if (!c->header_done) csv_header(&b, c->query_id != NULL);
  c->header_done = 1;
  for (int i = 0; i < r->nhit; i++)
    csv_hit(&b, &rc, &r->hit[i], q->offset + i + 1);
  if (b.err)
    warta_say("warta-query", "out of memory: rows left out");
  else if (b.n)
    fwrite(b.p, 1, b.n, c->f);
  warta_buf_free(&b);
}

/* The timeline (--histogram) as text. */
static void put_histogram(out_ctx *c, const warta_query *q, const warta_results *r) {
  histogram h;
  warta_buf b = WARTA_BUF_INIT;
  if (histogram_make(r->days, r->ndays, r->total, (hist_unit)q->histogram, &h) == 0)
    histogram_text(&b, &h);
  histogram_free(&h);
  if (!b.err && b.n) fwrite(b.p, 1, b.n, c->f);
  warta_buf_free(&b);
}

static void put_json(FILE *f, json_t *o) {
  if (!o) return;
  char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12));
  if (s) {
    fputs(s, f);
    fputc('\n', f);
  }
  free(s);
  json_decref(o);
}

/* "12 articles", "3 articles with all words, 9 more with some", or "no
** article with all words, 9 with some". */
static void put_count_line(out_ctx *c, const warta_results *r) {
  long all = r->all_words < r->total ? r->all_words : r->total;
  if (all == 0 && r->total > 0)
    fprintf(c->f, "no article with all words, %ld with some", r->total);
  else
    fprintf(c->f, "%s%ld article%s", r->estimated ? "about " : "", all, all == 1 ? "" : "s");
  if (all > 0 && all < r->total)
    fprintf(c->f, " with all words, %ld more with some", r->total - all);
  /* copies folded: the hits list stories */
  if (r->stories >= 0 && r->stories < r->total)
    fprintf(c->f, " (%ld stor%s: copies folded)", r->stories, r->stories == 1 ? "y" : "ies");
  fputc('\n', c->f);
}

static void put_facets(out_ctx *c, const warta_results *r) {
  static const char *const names[] = {"sources", "months", "languages"};
  for (int f = 0; f < 3; f++) {
    fprintf(c->f, "%-10s", names[f]);
    for (int i = 0; i < r->nfacet[f]; i++) {
      fputs(i ? ", " : " ", c->f);
      put_esc(c->f, r->facet[f][i].value);
      fprintf(c->f, " %ld", r->facet[f][i].n);
    }
    fputs(r->nfacet[f] ? "\n" : " none\n", c->f);
  }
}

void output_results(out_ctx *c, const warta_query *q, const warta_results *r,
                    const char *suggestion) {
  render_ctx rc = {c->query_id, c->cwd, c->alert};
  if (c->format == FORMAT_JSON) {
    for (int i = 0; i < r->nhit; i++)
      put_json(c->f, render_hit(&rc, &r->hit[i], q->offset + i + 1));
    put_json(c->f, render_summary(&rc, r, q, suggestion));
    return;
  }
  if (c->format == FORMAT_TSV) {
    for (int i = 0; i < r->nhit; i++)
      put_tsv(c, &r->hit[i], q->offset + i + 1);
    return;
  }
  if (c->format == FORMAT_CSV) {
    put_csv(c, q, r);
    return;
  }
  if (c->query_id || c->alert) {
    fputs("## ", c->f);
    put_esc(c->f, c->alert ? c->alert : c->query_id);
    fputc('\n', c->f);
  }
  put_count_line(c, r);
  if (suggestion && r->nhit > 0) {
    fputs("did you mean: ", c->f);
    put_esc(c->f, suggestion);
    fputc('\n', c->f);
  }
  if (q->facets) put_facets(c, r);
  if (q->histogram) put_histogram(c, q, r);
  fputc('\n', c->f);
  for (int i = 0; i < r->nhit; i++)
    put_text(c, &r->hit[i], q->offset + i + 1);
}

void output_count(out_ctx *c, const warta_query *q, const warta_results *r) {
  render_ctx rc = {c->query_id, c->cwd, c->alert};
  if (c->format == FORMAT_JSON) {
    put_json(c->f, render_summary(&rc, r, q, NULL));
  } else if (c->format == FORMAT_TSV) {
    if (c->query_id) tsv_field(c->f, c->query_id, 0);
    fprintf(c->f, "%ld\n", r->total);
  } else {
    if (c->query_id || c->alert)
      put_esc(c->f, c->alert ? c->alert : c->query_id), fputc('\t', c->f);
    fprintf(c->f, "%ld\n", r->total);
    if (q->facets) put_facets(c, r);
    if (q->histogram) put_histogram(c, q, r);
  }
}
