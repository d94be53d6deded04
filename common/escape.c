#include "escape.h"

#include <stdio.h>

#include "rc.h"
#include "utf8.h"

static const char hex[] = "0123456789abcdef";

/* Characters above ASCII that a terminal acts on, or draws as nothing while
** they reorder, break or hide text: sorted, first and last of each range.
** Left out on purpose: the joiners U+200C-U+200D (Persian, Indic scripts,
** emoji sequences), the soft hyphen (drawn), the variation selectors. */
static const unsigned hidden[][2] = {
    {0x0080, 0x009f},   /* C1 controls (CSI is U+009B) */
    {0x061c, 0x061c},   /* Arabic letter mark */
    {0x180e, 0x180e},   /* Mongolian vowel separator */
    {0x200b, 0x200b},   /* zero width space */
    {0x200e, 0x200f},   /* left-to-right and right-to-left marks */
    {0x2028, 0x202e},   /* line, paragraph separators; embeddings, overrides */
    {0x2060, 0x206f},   /* word joiner, invisible operators, isolates, ... */
    {0xfeff, 0xfeff},   /* zero width no-break space (byte order mark) */
    {0xfff9, 0xfffb},   /* interlinear annotation */
    {0x1bca0, 0x1bca3}, /* shorthand format controls */
    {0x1d173, 0x1d17a}, /* musical format controls */
    {0xe0000, 0xe007f}, /* tags: they can carry a whole invisible text */
};

static int is_hidden(unsigned cp) {
  for (size_t i = 0; i < sizeof hidden / sizeof hidden[0] && cp >= hidden[i][0]; i++)
    if (cp <= hidden[i][1]) return 1;
  return 0;
}

static void put_hex_byte(warta_buf *b, unsigned char c) {
  char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
  warta_buf_append(b, e, 4);
}

/* \uHHHH, or \UHHHHHHHH above the BMP: every code point reads back. */
static void put_u(warta_buf *b, unsigned cp) {
  char e[10];
  int digits = cp > 0xffff ? 8 : 4;
  e[0] = '\\';
  e[1] = cp > 0xffff ? 'U' : 'u';
  for (int k = 0; k < digits; k++)
    e[2 + k] = hex[(cp >> (4 * (digits - 1 - k))) & 15];
  warta_buf_append(b, e, (size_t)(2 + digits));
}

void warta_escape(warta_buf *b, const char *s, size_t n, int flags) {
  size_t i = 0, run = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    unsigned cp = c;
    size_t len = 1;
    if (c >= 0x20 && c < 0x7f && (c != '\\' || !(flags & WARTA_ESC_BACKSLASH))) {
      i++;
      continue;
    }
    if (c >= 0x80) {
      len = warta_utf8_decode(s + i, n - i, &cp);
      if (len && !is_hidden(cp)) {
        i += len;
        continue;
      }
    }
    warta_buf_append(b, s + run, i - run);
    if (c == '\n')
      warta_buf_puts(b, "\\n");
    else if (c == '\r')
      warta_buf_puts(b, "\\r");
    else if (c == '\t')
      warta_buf_puts(b, "\\t");
    else if (c == '\\')
      warta_buf_puts(b, "\\\\");
    else if (len == 0 || c < 0x80)
      put_hex_byte(b, c);
    else
      put_u(b, cp);
    i += len ? len : 1;
    run = i;
  }
  warta_buf_append(b, s + run, n - run);
}

int warta_escape_write(FILE *f, const char *s, size_t n, int flags) {
  warta_buf b = WARTA_BUF_INIT;
  warta_escape(&b, s, n, flags);
  int rc = b.err ? WARTA_NOMEM : WARTA_OK;
  if (!rc && b.n && fwrite(b.p, 1, b.n, f) != b.n) rc = WARTA_IOERR;
  warta_buf_free(&b);
  return rc;
}

void warta_vsay(const char *prog, const char *fmt, va_list ap) {
  warta_buf msg = WARTA_BUF_INIT, out = WARTA_BUF_INIT;
  warta_buf_vprintf(&msg, fmt, ap);
  size_t n = msg.n;
  while (n && msg.p[n - 1] == '\n')
    n--;
  if (n > WARTA_SAY_MAX) n = warta_utf8_cut(msg.p, WARTA_SAY_MAX);
  warta_buf_puts(&out, prog);
  warta_buf_puts(&out, ": ");
  warta_escape(&out, msg.p ? msg.p : "", n, 0);
  warta_buf_putc(&out, '\n');
  if (msg.err || out.err)
    fprintf(stderr, "%s: out of memory\n", prog);
  else
    fwrite(out.p, 1, out.n, stderr);
  warta_buf_free(&msg);
  warta_buf_free(&out);
}

void warta_say(const char *prog, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  warta_vsay(prog, fmt, ap);
  va_end(ap);
}

void warta_escape_json(warta_buf *b, const char *s, size_t n) {
  size_t i = 0, run = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    unsigned cp;
    size_t len = 1;
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0x80 && (len = warta_utf8_decode(s + i, n - i, &cp)) != 0) {
      i += len;
      continue;
    }
    warta_buf_append(b, s + run, i - run);
    if (c == '"')
      warta_buf_puts(b, "\\\"");
    else if (c == '\\')
      warta_buf_puts(b, "\\\\");
    else if (c == '\n')
      warta_buf_puts(b, "\\n");
    else if (c == '\r')
      warta_buf_puts(b, "\\r");
    else if (c == '\t')
      warta_buf_puts(b, "\\t");
    else if (c < 0x80)
      put_u(b, c);
    else
      warta_buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD for a byte that is not UTF-8 */
    i++;
    run = i;
  }
  warta_buf_append(b, s + run, n - run);
}
