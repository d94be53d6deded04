/*
** Hits as CSV (csv.h).
*/
#include "csv.h"

#include <string.h>

#include "common/path.h"
#include "common/utf8.h"

void csv_header(warta_buf *b, int with_id) {
  warta_buf_printf(b, "%s" CSV_COLUMNS "\r\n", with_id ? "query_id," : "");
}

/* A spreadsheet runs a cell that starts with one of these as a formula. */
static int formula_start(const char *s, size_t n) {
  return n > 0 && strchr("=+-@\t\r", s[0]) && s[0] != 0;
}

void csv_cell(warta_buf *b, const char *s, size_t n) {
  if (!s) return;
  warta_buf_putc(b, '"');
  if (formula_start(s, n)) warta_buf_putc(b, '\'');
  for (size_t i = 0; i < n;) {
    unsigned cp;
    size_t len = warta_utf8_decode(s + i, n - i, &cp);
    if (len == 0) {
      warta_buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD, as JSON has it */
      i++;
      continue;
    }
    if (cp == '"')
      warta_buf_puts(b, "\"\"");
    else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp < 0xA0))
      warta_buf_putc(b, ' ');
    else
      warta_buf_append(b, s + i, len);
    i += len;
  }
  warta_buf_putc(b, '"');
}

static void cell(warta_buf *b, const char *s, int last) {
  csv_cell(b, s, s ? strlen(s) : 0);
  warta_buf_puts(b, last ? "\r\n" : ",");
}

void csv_hit(warta_buf *b, const render_ctx *c, const warta_hit *h, int rank) {
  const char *path = h->path && c->cwd ? warta_relpath(h->path, c->cwd) : h->path;
  if (c->query_id) cell(b, c->query_id, 0);
  /* the score as JSON writes it (12 significant digits): the same number */
  warta_buf_printf(b, "%d,%.12g,", rank, h->score);
  cell(b, h->date, 0);
  cell(b, h->source, 0);
  cell(b, h->title, 0);
  cell(b, h->url, 0);
  cell(b, h->key, 0);
  cell(b, path, 0);
  csv_cell(b, h->text ? h->text : "", h->text ? h->ntext : 0);
  warta_buf_puts(b, "\r\n");
}
