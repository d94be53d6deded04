/*
** Text that is not UTF-8: converted with ICU from the legacy charset it is
** most likely in.
**
** Two kinds of such text occur in news archives. Text in a legacy charset
** throughout (an old article saved as Latin-1 or Windows-1252, a page in
** Shift_JIS) is converted whole, from the charset ICU's detector names when
** it is sure enough (and the text converts cleanly), else from
** Windows-1252, which browsers use for Latin-1 too. UTF-8 text with a few
** stray legacy bytes (pasted from elsewhere) keeps its UTF-8, and each
** stray byte alone is read as Windows-1252: converting the whole of it
** would garble every correct character. Valid multi-byte UTF-8 sequences
** rarely occur by chance in legacy text, so the two are told apart by
** counting them against the invalid bytes: at least as many valid
** sequences as invalid bytes is UTF-8 with stray bytes.
*/
#include "charset.h"

#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "common/rc.h"
#include "common/utf8.h"

#define DETECT_MAX (1 << 20) /* bytes the detector looks at */
#define SURE 50              /* detector confidence taken without question */

/* Windows-1252 0x80-0x9F (0 where it has no character); 0xA0-0xFF are
** U+00A0-U+00FF. */
static const unsigned short cp1252_high[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017d, 0,      0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

static void put_utf8(warta_buf *b, unsigned cp) {
  char u[3];
  if (cp < 0x80) {
    warta_buf_putc(b, (char)cp);
  } else if (cp < 0x800) {
    u[0] = (char)(0xc0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3f));
    warta_buf_append(b, u, 2);
  } else {
    u[0] = (char)(0xe0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    u[2] = (char)(0x80 | (cp & 0x3f));
    warta_buf_append(b, u, 3);
  }
}

/* One byte that is not UTF-8, read as Windows-1252 (U+FFFD for the five
** bytes it leaves undefined). */
static void put_cp1252(warta_buf *b, unsigned char c) {
  unsigned cp = c >= 0xa0 ? c : c >= 0x80 ? cp1252_high[c - 0x80] : c;
  put_utf8(b, cp ? cp : 0xfffd);
}

/* Valid multi-byte UTF-8 sequences, against bytes that are not UTF-8. */
static void census(const char *s, size_t n, size_t *valid, size_t *invalid) {
  unsigned cp;
  *valid = *invalid = 0;
  for (size_t i = 0; i < n;) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    size_t len = warta_utf8_decode(s + i, n - i, &cp);
    if (len)
      ++*valid, i += len;
    else
      ++*invalid, i++;
  }
}

/* UTF-8 with stray bytes: each of them as Windows-1252. */
static int repair(const char *s, size_t n, warta_buf *out) {
  unsigned cp;
  for (size_t i = 0, run = 0; i <= n;) {
    size_t len = i < n ? warta_utf8_decode(s + i, n - i, &cp) : 0;
    if (len) {
      i += len;
      continue;
    }
    warta_buf_append(out, s + run, i - run);
    if (i < n) put_cp1252(out, (unsigned char)s[i]);
    run = ++i;
  }
  return out->err;
}

int warta_charset_convert(const char *charset, const char *data, size_t n, warta_buf *out) {
  UErrorCode err = U_ZERO_ERROR;
  if (n > INT32_MAX / 3) return WARTA_TOOBIG;
  UConverter *cnv = ucnv_open(charset, &err);
  if (U_FAILURE(err)) return err == U_MEMORY_ALLOCATION_ERROR ? WARTA_NOMEM : WARTA_NOTFOUND;
  /* a byte the charset does not have is an error, not a U+FFFD */
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
  size_t at = out->n;
  int32_t cap = (int32_t)(n * 3 + 16), len = 0; /* enough for any charset */
  if (U_SUCCESS(err) && warta_buf_reserve(out, (size_t)cap) == 0) {
    len = ucnv_toAlgorithmic(UCNV_UTF8, cnv, out->p + at, cap, data, (int32_t)n, &err);
  }
  ucnv_close(cnv);
  if (out->err) return out->err;
  if (U_FAILURE(err)) return err == U_MEMORY_ALLOCATION_ERROR ? WARTA_NOMEM : WARTA_CORRUPT;
  /* ICU maps the bytes Windows-1252 leaves undefined, and ISO-8859's
  ** 0x80-0x9F, to C1 controls: no text has them */
  for (int32_t i = 0; i + 1 < len; i++) {
    unsigned char c = (unsigned char)out->p[at + (size_t)i];
    if (c == 0xc2 && (unsigned char)out->p[at + (size_t)i + 1] < 0xa0) return WARTA_CORRUPT;
  }
  out->n = at + (size_t)len;
  out->p[out->n] = 0;
  return WARTA_OK;
}

/* ICU's best guess when it is sure of it, else NULL; ISO-8859-1 is read as
** Windows-1252, as browsers do. */
static const char *detect(const char *data, size_t n, int markup) {
  UErrorCode err = U_ZERO_ERROR;
  const char *name = NULL;
  UCharsetDetector *d = ucsdet_open(&err);
  ucsdet_enableInputFilter(d, markup);
  ucsdet_setText(d, data, (int32_t)(n < DETECT_MAX ? n : DETECT_MAX), &err);
  const UCharsetMatch *m = ucsdet_detect(d, &err);
  if (U_SUCCESS(err) && m && ucsdet_getConfidence(m, &err) >= SURE) name = ucsdet_getName(m, &err);
  if (U_FAILURE(err) || (name && strncmp(name, "UTF-", 4) == 0)) name = NULL;
  if (name && strcmp(name, "ISO-8859-1") == 0) name = "windows-1252";
  ucsdet_close(d); /* the name is static in ICU */
  return name;
}

int warta_to_utf8(const char *data, size_t n, int markup, warta_buf *out, const char **from,
                  size_t *stray) {
  size_t valid, invalid;
  *from = NULL;
  *stray = 0;
  warta_buf_reset(out);
  census(data, n, &valid, &invalid);
  if (invalid == 0) return WARTA_MISMATCH;
  if (valid >= invalid) {
    *from = "windows-1252";
    *stray = invalid;
    return repair(data, n, out);
  }
  const char *guess = detect(data, n, markup);
  const char *tries[2] = {guess, "windows-1252"};
  for (int i = 0; i < 2; i++) {
    if (!tries[i] || (i == 1 && guess && strcmp(guess, tries[1]) == 0)) continue;
    warta_buf_reset(out);
    int rc = warta_charset_convert(tries[i], data, n, out);
    if (rc == WARTA_OK) *from = tries[i];
    if (rc != WARTA_CORRUPT && rc != WARTA_NOTFOUND) return rc;
  }
  return WARTA_CORRUPT;
}
