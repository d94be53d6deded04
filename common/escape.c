#include "escape.h"

#include <stdio.h>

#include "utf8.h"

static const char hex[] = "0123456789abcdef";

/* Characters that move text around or end a line without being controls:
** the line and paragraph separators and the bidirectional controls. */
static int invisible_format(unsigned cp) {
  return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

static void put_hex_byte(warta_buf *b, unsigned char c) {
  char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
  warta_buf_append(b, e, 4);
}

static void put_u(warta_buf *b, unsigned cp) {
  char e[6] = {'\\',        'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15],
               hex[cp & 15]};
  warta_buf_append(b, e, 6);
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
      if (len && !(cp >= 0x80 && cp <= 0x9f) && !invisible_format(cp)) {
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
