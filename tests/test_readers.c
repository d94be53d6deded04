/*
** Unit tests of readers/: plain text, JSON Lines, dates, formats, loading.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "common/rc.h"
#include "readers/load.h"
#include "readers/reader.h"

typedef struct got {
  int n;              /* articles */
  char title[8][128]; /* their titles ("" when NULL) */
  char body[8][512];  /* their bodies */
  char date[8][32];   /* their dates */
  char key[8][64];    /* their keys */
  char url[8][128];   /* their urls */
  long line[8];       /* their lines */
  int nproblems;      /* problems */
  long pline[8];      /* lines of the problems */
  char pmsg[8][256];  /* messages */
} got;

static void cp(char *dst, size_t n, const char *s, size_t len) {
  if (!s) s = "", len = 0;
  if (len >= n) len = n - 1;
  memcpy(dst, s, len);
  dst[len] = 0;
}

static int on_article(void *ctx, const warta_article *a) {
  got *g = ctx;
  if (g->n < 8) {
    cp(g->title[g->n], 128, a->title, a->title ? strlen(a->title) : 0);
    cp(g->body[g->n], 512, a->body, a->n_body);
    cp(g->date[g->n], 32, a->date, a->date ? strlen(a->date) : 0);
    cp(g->key[g->n], 64, a->key, a->key ? strlen(a->key) : 0);
    cp(g->url[g->n], 128, a->url, a->url ? strlen(a->url) : 0);
    g->line[g->n] = a->line;
  }
  g->n++;
  return 0;
}

static void on_problem(void *ctx, long line, const char *msg) {
  got *g = ctx;
  if (g->nproblems < 8) {
    g->pline[g->nproblems] = line;
    cp(g->pmsg[g->nproblems], 256, msg, strlen(msg));
  }
  g->nproblems++;
}

static int read_text(const char *s, got *g) {
  memset(g, 0, sizeof *g);
  return warta_read_text(s, strlen(s), NULL, on_article, on_problem, g);
}

static int read_jsonl(const char *s, const warta_read_opts *o, got *g) {
  memset(g, 0, sizeof *g);
  return warta_read_jsonl(s, strlen(s), o, on_article, on_problem, g);
}

static void text_headline(void **state) {
  got g;
  (void)state;
  assert_int_equal(read_text("Putin Undang Kim\r\n\r\nMOSKOW — Presiden.\n\nParagraf dua.\n", &g),
                   0);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.title[0], "Putin Undang Kim");
  assert_non_null(strstr(g.body[0], "MOSKOW"));
  assert_null(strstr(g.body[0], "Putin Undang"));
}

static void text_no_headline(void **state) {
  got g;
  (void)state;
  /* no blank line after the first line: all of it is body */
  assert_int_equal(read_text("Baris satu\nbaris dua\n\nparagraf.", &g), 0);
  assert_string_equal(g.title[0], "");
  assert_non_null(strstr(g.body[0], "Baris satu"));
}

static void text_bom_and_leading_blank(void **state) {
  got g;
  (void)state;
  assert_int_equal(read_text("\xef\xbb\xbf\n\nJudul\n\nIsi.", &g), 0);
  assert_string_equal(g.title[0], "Judul");
}

static void text_invalid_utf8(void **state) {
  got g;
  (void)state;
  assert_int_equal(read_text("Judul\n\nbaris dua\nCaf\xe9 au lait\n", &g), WARTA_CORRUPT);
  assert_int_equal(g.n, 0);
  assert_int_equal(g.nproblems, 1);
  assert_int_equal(g.pline[0], 4);
  assert_non_null(strstr(g.pmsg[0], "invalid UTF-8"));
  assert_non_null(strstr(g.pmsg[0], "0xe9"));
}

static void text_empty(void **state) {
  got g;
  (void)state;
  assert_int_equal(read_text("", &g), WARTA_CORRUPT);
  assert_int_equal(read_text(" \n\t\n", &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
}

static void jsonl_fields(void **state) {
  got g;
  (void)state;
  const char *s = "{\"id\": \"a1\", \"title\": \"T1\", \"content\": \"Isi.\", \"date\": "
                  "\"2019-10-09 00:00:00\","
                  " \"url\": \"https://x/1\"}\n"
                  "\n"
                  "{\"id\": 42, \"title\": \"T2\", \"body\": \"B\", \"date\": \"31 Juli 2019\"}\r\n"
                  "{\"headline\": \"T3\", \"text\": \"C\", \"url\": \"https://x/3\"}";
  assert_int_equal(read_jsonl(s, NULL, &g), 0);
  assert_int_equal(g.nproblems, 0);
  assert_int_equal(g.n, 3);
  assert_string_equal(g.key[0], "a1");
  assert_string_equal(g.date[0], "2019-10-09");
  assert_int_equal(g.line[0], 1);
  assert_string_equal(g.key[1], "42");
  assert_string_equal(g.body[1], "B");
  assert_string_equal(g.date[1], "2019-07-31");
  assert_int_equal(g.line[1], 3);
  assert_string_equal(g.title[2], "T3");
  assert_string_equal(g.key[2], "https://x/3"); /* no id: the url is the key */
}

static void jsonl_field_map(void **state) {
  got g;
  warta_read_opts o;
  (void)state;
  memset(&o, 0, sizeof o);
  o.fields.body = "article_text,content";
  o.fields.title = "judul";
  assert_int_equal(
      read_jsonl("{\"judul\": \"J\", \"article_text\": \"A\", \"content\": \"no\"}", &o, &g), 0);
  assert_string_equal(g.title[0], "J");
  assert_string_equal(g.body[0], "A");
}

static void jsonl_malformed(void **state) {
  got g;
  (void)state;
  const char *s = "{\"title\": \"ok\", \"content\": \"x\"}\n"
                  "{\"title\": \"broken\", \"content\": }\n"
                  "[1, 2]\n"
                  "{\"other\": 1}\n"
                  "{\"title\": \"bad \xff utf\"}\n"
                  "{\"title\": \"last\", \"content\": \"y\"}\n";
  assert_int_equal(read_jsonl(s, NULL, &g), 0);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.title[1], "last");
  assert_int_equal(g.nproblems, 4);
  assert_int_equal(g.pline[0], 2);
  assert_non_null(strstr(g.pmsg[0], "malformed JSON"));
  assert_int_equal(g.pline[1], 3);
  assert_string_equal(g.pmsg[1], "not a JSON object");
  assert_int_equal(g.pline[2], 4);
  assert_int_equal(g.pline[3], 5);
}

static void jsonl_scraped_paragraphs(void **state) {
  got g;
  (void)state;
  assert_int_equal(read_jsonl("{\"title\": \"t\", \"content\": \"Satu.,Dua, tiga.,\\\"Empat,\\\" "
                              "kata dia.,Rp 1,5 juta.\"}",
                              NULL, &g),
                   0);
  assert_string_equal(g.body[0], "Satu.\n\nDua, tiga.\n\n\"Empat,\" kata dia.\n\nRp 1,5 juta.");
}

static void jsonl_empty(void **state) {
  got g;
  (void)state;
  assert_int_equal(read_jsonl("\n\n  \n", NULL, &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
}

static void dates(void **state) {
  char d[11];
  (void)state;
  static const char *const cases[][2] = {
      {"2019-10-09 00:00:00", "2019-10-09"},
      {"16/09/2019", "2019-09-16"},
      {"31 Juli 2019", "2019-07-31"},
      {"Oktober 19, 2019", "2019-10-19"},
      {"10-Sep-19", "2019-09-10"},
      {" Oct 2, 2019 ", "2019-10-02"},
      {"Selasa, 10 September 2019 21:48 WIB", "2019-09-10"},
      {"Wed, 13 Sep 2023 10:00:00 +0700", "2023-09-13"},
      {"2023-09-13T10:00:00+07:00", "2023-09-13"},
      {"17 Agustus 1945", "1945-08-17"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(warta_date_iso(cases[i][0], d), 1);
    assert_string_equal(d, cases[i][1]);
  }
  assert_int_equal(warta_date_iso("kemarin", d), 0);
  assert_int_equal(warta_date_iso("31/02/2019", d), 0);
  assert_int_equal(warta_date_iso("", d), 0);
  assert_int_equal(warta_date_iso(NULL, d), 0);
}

static void formats(void **state) {
  int gz;
  (void)state;
  assert_int_equal(warta_format_of("a/b.txt", &gz), WARTA_FORMAT_TEXT);
  assert_int_equal(gz, 0);
  assert_int_equal(warta_format_of("a/B.JSONL.GZ", &gz), WARTA_FORMAT_JSONL);
  assert_int_equal(gz, 1);
  assert_int_equal(warta_format_of("x.md", NULL), WARTA_FORMAT_MARKDOWN);
  assert_int_equal(warta_format_of("x.htm", NULL), WARTA_FORMAT_HTML);
  assert_int_equal(warta_format_of("x.pdf", NULL), WARTA_FORMAT_UNKNOWN);
  assert_int_equal(warta_format_of("dir.txt/.txt", NULL), WARTA_FORMAT_UNKNOWN);
  assert_int_equal(warta_format_of("x.gz", &gz), WARTA_FORMAT_UNKNOWN);
}

static void load_gzip(void **state) {
  char path[] = "/tmp/warta-test-XXXXXX";
  char err[256];
  warta_blob b;
  (void)state;
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  gzFile gz = gzdopen(fd, "wb");
  gzputs(gz, "{\"title\": \"gz\"}\n");
  gzclose(gz);
  assert_int_equal(warta_load(path, 1, 1 << 20, &b, err, sizeof err), 0);
  assert_string_equal(b.p, "{\"title\": \"gz\"}\n");
  warta_blob_free(&b);
  /* read as plain it is binary */
  assert_int_equal(warta_load(path, 0, 1 << 20, &b, err, sizeof err), 0);
  assert_true(warta_looks_binary(b.p, b.n));
  warta_blob_free(&b);
  /* too big */
  assert_int_equal(warta_load(path, 1, 4, &b, err, sizeof err), WARTA_TOOBIG);
  assert_null(b.p);
  unlink(path);
  assert_int_equal(warta_load(path, 0, 1 << 20, &b, err, sizeof err), WARTA_IOERR);
  assert_non_null(strstr(err, "No such file"));
}

static void load_truncated_gzip(void **state) {
  char path[] = "/tmp/warta-test-XXXXXX";
  char err[256];
  warta_blob b;
  unsigned char data[4096];
  (void)state;
  int fd = mkstemp(path);
  gzFile gz = gzdopen(fd, "wb");
  for (int i = 0; i < 200; i++)
    gzputs(gz, "baris teks yang cukup panjang untuk dikompresi\n");
  gzclose(gz);
  FILE *f = fopen(path, "rb");
  size_t n = fread(data, 1, sizeof data, f);
  fclose(f);
  f = fopen(path, "wb");
  fwrite(data, 1, n / 2, f);
  fclose(f);
  assert_int_equal(warta_load(path, 1, 1 << 20, &b, err, sizeof err), WARTA_CORRUPT);
  assert_non_null(strstr(err, "gzip"));
  /* plain bytes under a .gz name */
  f = fopen(path, "wb");
  fputs("plain text", f);
  fclose(f);
  assert_int_equal(warta_load(path, 1, 1 << 20, &b, err, sizeof err), WARTA_CORRUPT);
  assert_non_null(strstr(err, "not gzip"));
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(text_headline),
      cmocka_unit_test(text_no_headline),
      cmocka_unit_test(text_bom_and_leading_blank),
      cmocka_unit_test(text_invalid_utf8),
      cmocka_unit_test(text_empty),
      cmocka_unit_test(jsonl_fields),
      cmocka_unit_test(jsonl_field_map),
      cmocka_unit_test(jsonl_malformed),
      cmocka_unit_test(jsonl_scraped_paragraphs),
      cmocka_unit_test(jsonl_empty),
      cmocka_unit_test(dates),
      cmocka_unit_test(formats),
      cmocka_unit_test(load_gzip),
      cmocka_unit_test(load_truncated_gzip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
