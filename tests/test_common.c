/*
** Unit tests of common/: escaping for terminals and JSON, UTF-8 decoding.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
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
  /* backslashes only when asked */
  check_escape("a\\nb", 4, 0, "a\\nb");
  check_escape("a\\nb", 4, WARTA_ESC_BACKSLASH, "a\\\\nb");
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(escape_terminal),
      cmocka_unit_test(escape_json),
      cmocka_unit_test(utf8_decode),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
