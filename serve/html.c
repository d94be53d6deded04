/*
** Writing HTML from untrusted bytes (html.h).
*/
#include "html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"
#include "search/excerpt.h"

/* One character of s[0..n) escaped; returns the bytes it took. */
static size_t put_char(warta_buf *b, const char *s, size_t n) {
  unsigned cp = 0;
  size_t len = warta_utf8_decode(s, n, &cp);
  if (len == 0) {
    warta_buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD for the stray byte */
    return 1;
  }
  switch (cp) {
  case '&': warta_buf_puts(b, "&amp;"); break;
  case '<': warta_buf_puts(b, "&lt;"); break;
  case '>': warta_buf_puts(b, "&gt;"); break;
  case '"': warta_buf_puts(b, "&quot;"); break;
  case '\'': warta_buf_puts(b, "&#39;"); break;
  case '\t':
  case '\n': warta_buf_putc(b, (char)cp); break;
  default:
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
      warta_buf_putc(b, ' ');
    else
      warta_buf_append(b, s, len);
  }
  return len;
}

void html_text(warta_buf *b, const char *s, size_t n) {
  size_t i = 0;
  if (!s) return;
  while (i < n) {
    /* runs of plain bytes in one append */
    size_t k = i;
    while (k < n && (unsigned char)s[k] >= 0x20 && (unsigned char)s[k] < 0x7f && s[k] != '&' &&
           s[k] != '<' && s[k] != '>' && s[k] != '"' && s[k] != '\'')
      k++;
    if (k > i) warta_buf_append(b, s + i, k - i);
    if (k < n) k += put_char(b, s + k, n - k);
    i = k;
  }
}

void html_str(warta_buf *b, const char *s) { html_text(b, s, s ? strlen(s) : 0); }

int html_url_ok(const char *url) {
  size_t skip = 0;
  if (!url) return 0;
  if (strncasecmp(url, "http://", 7) == 0)
    skip = 7;
  else if (strncasecmp(url, "https://", 8) == 0)
    skip = 8;
  else
    return 0;
  if (!url[skip] || url[skip] == '/') return 0; /* no host */
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    if (*p <= 0x20 || *p == 0x7f) return 0;
  }
  return 1;
}

void html_url_param(warta_buf *b, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    unsigned char c = *p;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      warta_buf_putc(b, (char)c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      warta_buf_append(b, e, 3);
    }
  }
}

void html_marked(warta_buf *b, const char *text, size_t n, const warta_span *hl, int nhl,
                 int whole) {
  const char *t = text ? text : "";
  const warta_span *m = hl;
  int nm = hl ? nhl : 0;
  size_t from, to, i;
  int r = 0, open = 0, space = 0, started = 0;
  excerpt_window(t, n, m, nm, whole, &from, &to);
  if (from > 0) warta_buf_puts(b, "… ");
  for (i = from; i < to;) {
    while (!open && r < nm && (size_t)m[r].end <= i)
      r++; /* a range before the window */
    if (!open && r < nm && i >= (size_t)m[r].start) {
      if (space) warta_buf_putc(b, ' ');
      space = 0;
      warta_buf_puts(b, "<mark>");
      open = 1;
    }
    if (excerpt_space(t[i])) {
      space = started;
      i++;
    } else {
      if (space) warta_buf_putc(b, ' ');
      space = 0;
      i += put_char(b, t + i, to - i);
      started = 1;
    }
    if (open && i >= (size_t)m[r].end) {
      warta_buf_puts(b, "</mark>");
      open = 0;
      r++;
    }
  }
  if (open) warta_buf_puts(b, "</mark>");
  if (to < n) warta_buf_puts(b, " …");
}
