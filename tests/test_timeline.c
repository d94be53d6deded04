/*
** Unit tests of the timeline and the exports without an index: buckets of
** days, weeks and months (search/histogram.h) at a year's end, on a leap
** day and for dates the calendar does not hold; CSV cells (search/csv.h);
** the export's file name (serve/export.h).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "search/csv.h"
#include "search/histogram.h"
#include "serve/export.h"

/* days[] of "YYYYMMDD:n" strings, bucketed by unit into *h. */
static void make(const char *const *spec, int n, long total, hist_unit unit, histogram *h) {
  warta_facet days[16];
  char values[16][9];
  assert_true(n <= 16);
  for (int i = 0; i < n; i++) {
    memcpy(values[i], spec[i], 8);
    values[i][8] = 0;
    days[i].value = values[i];
    days[i].n = atol(spec[i] + 9);
  }
  assert_int_equal(histogram_make(days, n, total, unit, h), 0);
}

static void weeks_from_monday(void **state) {
  (void)state;
  static const char *const d[] = {"20221225:1", "20221226:2", "20230101:3", "20230102:4"};
  histogram h;
  make(d, 4, 12, HIST_WEEK, &h);
  assert_int_equal(h.unit, HIST_WEEK);
  assert_int_equal(h.n, 3);
  /* 2022-12-25 is a Sunday: the week of Monday 2022-12-19 */
  assert_string_equal(h.b[0].since, "2022-12-19");
  assert_string_equal(h.b[0].until, "2022-12-25");
  assert_string_equal(h.b[1].label, "2022-12-26");
  assert_string_equal(h.b[1].until, "2023-01-01");
  assert_int_equal(h.b[1].n, 5);
  assert_int_equal(h.b[2].index, h.b[1].index + 1);
  assert_int_equal(h.undated, 2);
  assert_int_equal(h.max, 5);
  histogram_free(&h);
}

static void months_and_days(void **state) {
  (void)state;
  static const char *const d[] = {"20240131:1", "20240201:1", "20240229:2", "20240401:1"};
  histogram h;
  make(d, 4, 5, HIST_MONTH, &h);
  assert_int_equal(h.n, 3);
  assert_string_equal(h.b[1].label, "2024-02");
  assert_string_equal(h.b[1].until, "2024-02-29"); /* a leap year */
  assert_int_equal(h.b[1].n, 3);
  assert_int_equal(h.b[2].index - h.b[1].index, 2); /* March is empty */
  hist_bucket march;
  histogram_bucket_at(HIST_MONTH, h.b[1].index + 1, &march);
  assert_string_equal(march.since, "2024-03-01");
  assert_string_equal(march.until, "2024-03-31");
  histogram_free(&h);
  make(d, 4, 5, HIST_DAY, &h);
  assert_int_equal(h.n, 4);
  assert_string_equal(h.b[2].since, "2024-02-29");
  assert_int_equal(h.b[1].index - h.b[0].index, 1);
  histogram_free(&h);
}

static void not_in_the_calendar(void **state) {
  (void)state;
  static const char *const d[] = {"20230229:1", "20231301:1", "20230415:2", "2023041:1"};
  histogram h;
  make(d, 4, 6, HIST_DAY, &h);
  assert_int_equal(h.n, 1);
  assert_int_equal(h.b[0].n, 2);
  assert_int_equal(h.undated, 4);
  histogram_free(&h);
}

static void auto_unit(void **state) {
  (void)state;
  static const char *const span[][2] = {
      {"20230101:1", "20230403:1"}, /* 92 days */
      {"20230101:1", "20230404:1"}, /* 93 */
      {"20230101:1", "20250101:1"}, /* 731 */
      {"20230101:1", "20250102:1"}, /* 732 */
  };
  static const hist_unit want[] = {HIST_DAY, HIST_WEEK, HIST_WEEK, HIST_MONTH};
  for (int i = 0; i < 4; i++) {
    histogram h;
    make(span[i], 2, 2, HIST_AUTO, &h);
    assert_int_equal(h.unit, want[i]);
    histogram_free(&h);
  }
  hist_unit u;
  assert_int_equal(histogram_unit("week", &u), 0);
  assert_int_equal(u, HIST_WEEK);
  assert_int_equal(histogram_unit("year", &u), -1);
  assert_int_equal(histogram_unit("", &u), -1);
}

static void check_cell(const char *in, size_t n, const char *want) {
  warta_buf b = WARTA_BUF_INIT;
  csv_cell(&b, in, n);
  assert_int_equal(b.err, 0);
  assert_string_equal(b.p ? b.p : "", want);
  warta_buf_free(&b);
}

static void csv_cells(void **state) {
  (void)state;
  check_cell("a, \"b\"", 6, "\"a, \"\"b\"\"\"");
  check_cell("two\r\nlines\n", 11, "\"two\r\nlines\n\"");
  check_cell("=1+2", 4, "\"'=1+2\"");
  check_cell("+62 21", 6, "\"'+62 21\"");
  check_cell("-5", 2, "\"'-5\"");
  check_cell("@x", 2, "\"'@x\"");
  check_cell("\tx", 2, "\"'\tx\"");
  check_cell("a=b", 3, "\"a=b\"");
  check_cell("esc\x1b[2J\x7f\xc2\x85.", 11, "\"esc [2J  .\"");
  check_cell("bad\xff", 4, "\"bad\xef\xbf\xbd\"");
  check_cell("", 0, "\"\"");
  check_cell(NULL, 0, "");
}

static void file_names(void **state) {
  (void)state;
  char out[80];
  export_filename("Putin undangan", out, sizeof out);
  assert_string_equal(out, "warta-putin-undangan.csv");
  export_filename("\"; rm -rf / — Président *", out, sizeof out);
  assert_string_equal(out, "warta-rm-rf-pr-sident.csv");
  export_filename("—", out, sizeof out);
  assert_string_equal(out, "warta-export.csv");
  export_filename(NULL, out, sizeof out);
  assert_string_equal(out, "warta-export.csv");
  export_filename("aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee", out, sizeof out);
  assert_string_equal(out, "warta-aaaaaaaaaa-bbbbbbbbbb-cccccccccc-ddddddd.csv");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(weeks_from_monday),   cmocka_unit_test(months_and_days),
      cmocka_unit_test(not_in_the_calendar), cmocka_unit_test(auto_unit),
      cmocka_unit_test(csv_cells),           cmocka_unit_test(file_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
