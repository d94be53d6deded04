/*
** The page's timeline as inline SVG (timeline.h). The chart is drawn in
** a box of VIEW_W by VIEW_H units that the style sheet stretches to the
** column's width: every bucket from the first to the last has a slot of
** the same width, so that time runs evenly and gaps show; only the
** buckets holding articles get a bar (and a link).
*/
#include "timeline.h"

#include "html.h"

#define VIEW_W 600  /* units of the chart's width */
#define VIEW_H 100  /* and height */
#define MIN_BAR 2.0 /* height of the smallest bar that is not empty */

/* The timeline's strings, per interface language (lang.h's order). */
static const char *const caption[][2] = {
    [HIST_DAY] = {"Artikel per hari", "Articles per day"},
    [HIST_WEEK] = {"Artikel per minggu (Senin–Minggu)", "Articles per week (Monday–Sunday)"},
    [HIST_MONTH] = {"Artikel per bulan", "Articles per month"},
};
static const char *const most[2] = {"tertinggi", "highest"};
static const char *const articles[2] = {"artikel", "articles"};
static const char *const article[2] = {"artikel", "article"};
static const char *const undated[2] = {"tanpa tanggal, tidak ada di grafik",
                                       "undated, not in the chart"};

/* "2023-09-11 – 2023-09-17: 3 articles" (a day or a month: its label). */
static void bar_name(warta_buf *b, const hist_bucket *k, hist_unit unit, ui_lang ui) {
  if (unit == HIST_WEEK)
    warta_buf_printf(b, "%s – %s", k->since, k->until);
  else
    warta_buf_puts(b, k->label);
  warta_buf_printf(b, ": %ld %s", k->n, k->n == 1 ? article[ui] : articles[ui]);
}

static void bar(warta_buf *b, const histogram *h, const hist_bucket *k, double slot, ui_lang ui,
                timeline_href_fn href, void *ctx) {
  double x = (double)(k->index - h->b[0].index) * slot;
  double height = (double)k->n / (double)h->max * VIEW_H;
  double w = slot >= 3 ? slot * 0.8 : slot;
  warta_buf name = WARTA_BUF_INIT;
  if (height < MIN_BAR) height = MIN_BAR;
  bar_name(&name, k, h->unit, ui);
  warta_buf_puts(b, "<a href=\"");
  href(b, ctx, k);
  warta_buf_puts(b, "\" aria-label=\"");
  html_text(b, name.p, name.n);
  warta_buf_puts(b, "\"><title>");
  html_text(b, name.p, name.n);
  /* the whole slot's height takes the pointer, so that a low bar is easy
  ** to hit; the bar is drawn in the text's colour (currentColor) */
  warta_buf_printf(b,
                   "</title><rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"%d\" "
                   "fill=\"currentColor\" fill-opacity=\"0\"/>"
                   "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                   "fill=\"currentColor\"/></a>\n",
                   x, slot, VIEW_H, x, VIEW_H - height, w, height);
  if (name.err) b->err = name.err;
  warta_buf_free(&name);
}

void timeline_put(warta_buf *b, const histogram *h, ui_lang ui, timeline_href_fn href, void *ctx) {
  if (h->n == 0 || h->max <= 0) return;
  hist_unit unit = h->unit == HIST_DAY || h->unit == HIST_WEEK ? h->unit : HIST_MONTH;
  long slots = h->b[h->n - 1].index - h->b[0].index + 1;
  double slot = (double)VIEW_W / (double)slots;
  warta_buf_puts(b, "<figure class=\"timeline\">\n<figcaption>");
  html_str(b, caption[unit][ui]);
  warta_buf_printf(b, " · %s %ld</figcaption>\n", most[ui], h->max);
  warta_buf_printf(b,
                   "<svg viewBox=\"0 0 %d %d\" width=\"100%%\" height=\"96\" "
                   "preserveAspectRatio=\"none\" role=\"group\" aria-label=\"",
                   VIEW_W, VIEW_H);
  html_str(b, caption[unit][ui]);
  warta_buf_puts(b, "\">\n");
  for (int i = 0; i < h->n; i++)
    bar(b, h, &h->b[i], slot, ui, href, ctx);
  warta_buf_puts(b, "</svg>\n<p class=\"axis\"><span>");
  html_str(b, h->b[0].label);
  warta_buf_puts(b, "</span><span>");
  html_str(b, h->b[h->n - 1].label);
  warta_buf_puts(b, "</span></p>\n");
  if (h->undated > 0)
    warta_buf_printf(b, "<p class=\"undated\">%ld %s %s</p>\n", h->undated,
                     h->undated == 1 ? article[ui] : articles[ui], undated[ui]);
  warta_buf_puts(b, "</figure>\n");
}
