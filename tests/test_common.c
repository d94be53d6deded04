/*
** Unit tests of common/: escaping for terminals and JSON, UTF-8 decoding,
** the index's clock.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/clock.h"
#include "common/escape.h"
#include "common/utf8.h"

static void check_escape(const char *in, size_t n, int flags, const char *want) {
  warta_buf b = WARTA_BUF_INIT;
  warta_escape(&b, in, n, flags);
  assert_int_equal(b.err, 0);
  assert_string_equal(b.p ? b.p : "", want);
  warta_buf_free(&b);
}

static void escape_terminal(void **state) {
  (void)state;
  check_escape("plain caf\xc3\xa9 \xe2\x80\x94 ok", 18, 0, "plain caf\xc3\xa9 \xe2\x80\x94 ok");
  check_escape("a\nwarta-index: b", 16, 0, "a\\nwarta-index: b");
  check_escape("\x1b[31mred\x1b[0m\r\t\x7f", 15, 0, "\\x1b[31mred\\x1b[0m\\r\\t\\x7f");
  check_escape("nul\0x", 5, 0, "nul\\x00x");
  /* bytes that are not UTF-8, one \x each; a cut character too */
  check_escape("bad\xff\xfe.txt", 9, 0, "bad\\xff\\xfe.txt");
  check_escape("cut\xc3", 4, 0, "cut\\xc3");
  check_escape("\xed\xa0\x80", 3, 0, "\\xed\\xa0\\x80"); /* a surrogate */
  /* C1 controls (CSI is U+009B), separators, bidirectional overrides */
  check_escape("\xc2\x9b"
               "31m",
               5, 0, "\\u009b31m");
  check_escape("rtl\xe2\x80\xaetxt.exe", 13, 0, "rtl\\u202etxt.exe");
  check_escape("a\xe2\x80\xa8"
               "b",
               5, 0, "a\\u2028b");
  /* isolates, zero-width and other invisible format characters, and the
  ** tags beyond the BMP, which could carry a hidden text */
  check_escape("\xe2\x81\xa6x\xe2\x81\xa9", 7, 0, "\\u2066x\\u2069");
  check_escape("ad\xe2\x80\x8bmin\xef\xbb\xbf", 11, 0, "ad\\u200bmin\\ufeff");
  check_escape("a\xe2\x81\xa0"
               "b",
               5, 0, "a\\u2060b");
  check_escape("\xf3\xa0\x81\x81", 4, 0, "\\U000e0041");
  check_escape("\xc2\xa0\xc2\x80", 4, 0, "\xc2\xa0\\u0080"); /* NBSP shown, PAD not */
  /* what a reader should see is kept: Indonesian, other scripts, the
  ** joiners of Persian and emoji, the soft hyphen, variation selectors */
  check_escape("Presiden menerima undangan", 26, 0, "Presiden menerima undangan");
  check_escape("\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xe4\xb8\xad\xe6\x96\x87", 17, 0,
               "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xe4\xb8\xad\xe6\x96\x87");
  check_escape("\xd9\x85\xe2\x80\x8c\xd8\xa7 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 19, 0,
               "\xd9\x85\xe2\x80\x8c\xd8\xa7 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
  check_escape("se\xc2\xadkolah \xe8\xbe\xbb\xf3\xa0\x84\x80", 17, 0,
               "se\xc2\xadkolah \xe8\xbe\xbb\xf3\xa0\x84\x80");
  /* backslashes only when asked */
  check_escape("a\\nb", 4, 0, "a\\nb");
  check_escape("a\\nb", 4, WARTA_ESC_BACKSLASH, "a\\\\nb");
}

/* A diagnostic line: "PROG: " and the message escaped, one line, cut at
** WARTA_SAY_MAX bytes on a character boundary. */
static void say_line(void **state) {
  char big[WARTA_SAY_MAX + 8], line[2 * WARTA_SAY_MAX];
  FILE *f = tmpfile(), *saved = stderr;
  (void)state;
  assert_non_null(f);
  stderr = f;
  warta_say("prog", "%s: %s\n\n", "rtl\xe2\x80\xae", "a\nb");
  memset(big, 'x', sizeof big);
  memcpy(big + WARTA_SAY_MAX - 1, "\xc3\xa9", 2); /* a character across the cut */
  big[sizeof big - 1] = 0;
  warta_say("prog", "%s", big);
  stderr = saved;
  rewind(f);
  assert_non_null(fgets(line, sizeof line, f));
  assert_string_equal(line, "prog: rtl\\u202e: a\\nb\n");
  assert_non_null(fgets(line, sizeof line, f));
  assert_int_equal(strlen(line), strlen("prog: ") + WARTA_SAY_MAX - 1 + 1);
  assert_int_equal(line[strlen(line) - 2], 'x');
  assert_null(fgets(line, sizeof line, f));
  fclose(f);
}

static void escape_json(void **state) {
  warta_buf b = WARTA_BUF_INIT;
  (void)state;
  warta_buf_json_value(&b, "\"q\" \\ \n\x01\x7f caf\xc3\xa9 bad\xff!");
  assert_string_equal(b.p, "\"\\\"q\\\" \\\\ \\n\\u0001\\u007f caf\xc3\xa9 bad\xef\xbf\xbd!\"");
  warta_buf_reset(&b);
  warta_buf_json_str(&b, "\xc3", 1); /* a cut character */
  assert_string_equal(b.p, "\xef\xbf\xbd");
  warta_buf_free(&b);
}

static void utf8_decode(void **state) {
  unsigned cp = 0;
  (void)state;
  assert_int_equal(warta_utf8_decode("A", 1, &cp), 1);
  assert_int_equal(cp, 'A');
  assert_int_equal(warta_utf8_decode("\xe2\x80\x94", 3, &cp), 3);
  assert_int_equal(cp, 0x2014);
  assert_int_equal(warta_utf8_decode("\xe2\x80", 2, &cp), 0);
  assert_int_equal(warta_utf8_decode("\xc0\xaf", 2, &cp), 0); /* overlong */
  assert_int_equal(warta_utf8_decode("", 0, &cp), 0);
  assert_int_equal(warta_utf8_invalid("ok\xf0\x9f\x98\x80 \xff", 8), 7);
}

/* t as --added-since takes it, back as the index records it ("" when refused). */
static const char *since(const char *s, int64_t now) {
  static char out[WARTA_TIME_LEN + 1];
  int64_t t;
  if (warta_time_parse(s, now, &t)) return "";
  return warta_time_iso(t, out);
}

static void time_forms(void **state) {
  const int64_t now = 1764637200; /* 2025-12-02T01:00:00Z */
  (void)state;
  setenv("TZ", "Asia/Jakarta", 1); /* UTC+7, no summer time */
  tzset();
  assert_string_equal(since("24h", now), "2025-12-01T01:00:00Z");
  assert_string_equal(since("90m", now), "2025-12-01T23:30:00Z");
  assert_string_equal(since("7d", now), "2025-11-25T01:00:00Z");
  assert_string_equal(since("2w", now), "2025-11-18T01:00:00Z");
  assert_string_equal(since("2025-12-01T06:00:00Z", now), "2025-12-01T06:00:00Z");
  assert_string_equal(since("2025-12-01T06:00:00+07:00", now), "2025-11-30T23:00:00Z");
  assert_string_equal(since("2025-12-01 06:00-0530", now), "2025-12-01T11:30:00Z");
  /* without a zone: local time (here Jakarta's) */
  assert_string_equal(since("2025-12-01", now), "2025-11-30T17:00:00Z");
  assert_string_equal(since("2025-12-01T07:30", now), "2025-12-01T00:30:00Z");
  assert_string_equal(since("2024-02-29", now), "2024-02-28T17:00:00Z");
  static const char *const bad[] = {
      "",
      "yesterday",
      "24",
      "h",
      "24hours",
      "-1d",
      "2025-02-29",
      "2025-13-01",
      "2025-12-1",
      "2025-12-01T24:00",
      "2025-12-01T06",
      "2025-12-01T06:00+15:00",
      "2025-12-01T06:00 +07:00",
      "20251201",
      "1d ",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_string_equal(since(bad[i], now), "");
  setenv("WARTA_NOW", "1764637200", 1);
  assert_int_equal(warta_now(), now);
  setenv("WARTA_NOW", "soon", 1); /* not a number: the system clock */
  assert_true(warta_now() > now);
  unsetenv("WARTA_NOW");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(escape_terminal), cmocka_unit_test(say_line),
      cmocka_unit_test(escape_json),     cmocka_unit_test(utf8_decode),
      cmocka_unit_test(time_forms),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
