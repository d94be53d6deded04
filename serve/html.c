/*
** Writing HTML from untrusted bytes (html.h).
*/
#include "html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

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

static int span_cmp(const void *a, const void *b) {
  const warta_span *x = a, *y = b;
  return x->start != y->start ? (x->start > y->start) - (x->start < y->start)
                              : (x->end > y->end) - (x->end < y->end);
}

/* The ranges of hl that fit text[0..n), on character boundaries, sorted,
** merged where they overlap or only white space lies between. Returns
** their number in m (room for nhl). */
static int clean_ranges(const char *t, size_t n, const warta_span *hl, int nhl, warta_span *m) {
  int k = 0;
  for (int i = 0; i < nhl; i++) {
    long s = hl[i].start, e = hl[i].end;
    if (s < 0) s = 0;
    if (e > (long)n) e = (long)n;
    if (s >= e) continue; /* then 0 <= s < e <= n */
    while (s > 0 && ((unsigned char)t[s] & 0xC0) == 0x80)
      s--;
    while (e < (long)n && ((unsigned char)t[e] & 0xC0) == 0x80)
      e++;
    m[k].start = (int)s;
    m[k].end = (int)e;
    k++;
  }
  if (k > 1) qsort(m, (size_t)k, sizeof *m, span_cmp);
  int out = 0;
  for (int i = 0; i < k; i++) {
    if (out > 0) {
      warta_span *last = &m[out - 1];
      int gap = m[i].start >= last->end;
      for (int j = last->end; gap && j < m[i].start; j++)
        gap = is_space(t[j]);
      if (m[i].start < last->end || gap) {
        if (m[i].end > last->end) last->end = m[i].end;
        continue;
      }
    }
    m[out++] = m[i];
  }
  return out;
}

/* The window to show: around the first range, cut at white space. */
static void window(const char *t, size_t n, const warta_span *m, int nm, int whole, size_t *from,
                   size_t *to) {
  *from = 0;
  *to = n;
  if (whole || n <= HTML_WINDOW) return;
  size_t first = nm > 0 ? (size_t)m[0].start : 0;
  size_t a = first > HTML_BEFORE ? first - HTML_BEFORE : 0;
  size_t z = a + HTML_WINDOW < n ? a + HTML_WINDOW : n;
  if (z == n) a = n - HTML_WINDOW;
  while (a > 0 && !is_space(t[a - 1]))
    a--;
  while (z < n && !is_space(t[z]))
    z++;
  *from = a;
  *to = z;
}

void html_marked(warta_buf *b, const char *text, size_t n, const warta_span *hl, int nhl,
                 int whole) {
  const char *t = text ? text : "";
  warta_span *m = malloc(sizeof *m * (size_t)(nhl > 0 ? nhl : 1));
  int nm = m ? clean_ranges(t, n, hl, nhl, m) : 0;
  size_t from, to, i;
  int r = 0, open = 0, space = 0, started = 0;
  window(t, n, m, nm, whole, &from, &to);
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
    if (is_space(t[i])) {
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
  free(m);
}
