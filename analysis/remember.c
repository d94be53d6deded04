/*
** The lexicon's encoding of what the analysis profiles make of one word,
** kept by the index so that a query rarely needs a dictionary: profiles
** sorted by code, "P=part part" each, separated by ';'. A profile whose
** analysis is the word itself is left out, so most words need no entry.
*/
#include <string.h>

#include "analysis.h"
#include "common/buf.h"

static int is_identity(const char *w, int n, const warta_parts *p) {
  return p->nparts == 1 && p->n[0] == n && memcmp(p->part[0], w, (size_t)n) == 0;
}

void warta_lexicon_encode_add(warta_buf *b, const char *profile, const char *w, int n,
                              const warta_parts *p) {
  if (is_identity(w, n, p) || p->nparts < 1) return;
  if (b->n) warta_buf_putc(b, ';');
  warta_buf_puts(b, profile);
  warta_buf_putc(b, '=');
  for (int i = 0; i < p->nparts; i++) {
    if (i) warta_buf_putc(b, ' ');
    warta_buf_append(b, p->part[i], (size_t)p->n[i]);
  }
}

int warta_lexicon_decode(const char *enc, size_t len, const char *profile, warta_parts *out) {
  size_t np = strlen(profile), i = 0;
  while (i < len) {
    const char *e = memchr(enc + i, ';', len - i);
    size_t end = e ? (size_t)(e - enc) : len;
    if (end - i > np && memcmp(enc + i, profile, np) == 0 && enc[i + np] == '=') {
      size_t j = i + np + 1;
      out->nparts = 0;
      while (j < end && out->nparts < WARTA_MAX_PARTS) {
        const char *sp = memchr(enc + j, ' ', end - j);
        size_t k = sp ? (size_t)(sp - enc) : end;
        if (k > j) {
          out->part[out->nparts] = enc + j;
          out->n[out->nparts++] = (int)(k - j);
        }
        j = k + 1;
      }
      return out->nparts > 0;
    }
    i = end + 1;
  }
  return 0;
}
