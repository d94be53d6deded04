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
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include <cmocka.h>

#include "common/rc.h"
#include "readers/load.h"
#include "readers/reader.h"
#include "readers/source.h"

typedef struct got {
  int n;              /* articles */
  char title[8][128]; /* their titles ("" when NULL) */
  char body[8][512];  /* their bodies */
  size_t nbody[8];    /* their n_body */
  char date[8][32];   /* their dates */
  char key[8][64];    /* their keys */
  char url[8][128];   /* their urls */
  long line[8];       /* their lines */
  int nproblems;      /* problems */
  long pline[8];      /* lines of the problems */
  char pmsg[8][256];  /* messages */
  int nwarnings;      /* warnings */
  long wline;         /* line of the last one */
  char wmsg[256];     /* its message */
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
    g->nbody[g->n] = a->n_body;
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

static void on_warning(void *ctx, long line, const char *msg) {
  got *g = ctx;
  g->wline = line;
  cp(g->wmsg, sizeof g->wmsg, msg, strlen(msg));
  g->nwarnings++;
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

/* Text in a legacy charset is converted, with a warning; these bytes are
** written here byte by byte, not copied from anywhere. */
static void text_legacy_charsets(void **state) {
  got g;
  warta_read_opts o;
  (void)state;
  memset(&o, 0, sizeof o);
  o.warn = on_warning;
  static const struct {
    const char *in;   /* the file */
    long line;        /* line of the warning or problem */
    const char *msg;  /* its message */
    const char *body; /* the body read, or NULL for an error */
  } cases[] = {
      /* Latin-1 (read as its superset Windows-1252) */
      {"Judul\n\nbaris dua\nCaf\xe9 au lait, \xa3"
       "15.8m\n",
       4, "invalid UTF-8 (byte 0xe9 at column 4): read as windows-1252",
       "\nbaris dua\nCaf\xc3\xa9 au lait, \xc2\xa3"
       "15.8m\n"},
      /* Windows-1252 quotes and dashes */
      {"Judul\n\n\x93Kutip\x94 \x96 kata dia.", 3,
       "invalid UTF-8 (byte 0x93 at column 1): read as windows-1252",
       "\n\xe2\x80\x9cKutip\xe2\x80\x9d \xe2\x80\x93 kata dia."},
      /* UTF-8 with one stray Latin-1 byte: the UTF-8 stays */
      {"Judul\n\nHarga \xa3 naik; caf\xc3\xa9 dan na\xc3\xafve enak.", 3,
       "invalid UTF-8 (byte 0xa3 at column 7): 1 stray byte read as windows-1252",
       "\nHarga \xc2\xa3 naik; caf\xc3\xa9 dan na\xc3\xafve enak."},
      /* Shift_JIS, which ICU's detector is sure of */
      {"Judul\n\n\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67\x82\xc5\x82\xb7"
       "\x81\x42\x93\x8c\x8b\x9e\x82\xcd\x90\xb0\x82\xea\x81\x42\x93\xfa\x96\x7b\x8c\xea\x82\xcc"
       "\x83\x65\x83\x4c\x83\x58\x83\x67\x82\xc5\x82\xb7\x81\x42\x93\x8c\x8b\x9e\x82\xcd\x90\xb0"
       "\x82\xea\x81\x42",
       3, "invalid UTF-8 (byte 0x93 at column 1): read as Shift_JIS",
       "\n\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3"
       "\x83\x88\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xaf\xe6\x99"
       "\xb4\xe3\x82\x8c\xe3\x80\x82\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86"
       "\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\xe6\x9d\xb1\xe4"
       "\xba\xac\xe3\x81\xaf\xe6\x99\xb4\xe3\x82\x8c\xe3\x80\x82"},
      /* bytes that Windows-1252 leaves undefined, and no charset ICU is sure of */
      {"Judul\n\n\x81\x81\x81 teks \x8d\x90 lagi\n", 3,
       "invalid UTF-8 (byte 0x81 at column 1), and not text in a legacy charset either", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    memset(&g, 0, sizeof g);
    int rc = warta_read_text(cases[i].in, strlen(cases[i].in), &o, on_article, on_problem, &g);
    if (cases[i].body) {
      assert_int_equal(rc, 0);
      assert_int_equal(g.nproblems, 0);
      assert_int_equal(g.nwarnings, 1);
      assert_int_equal(g.wline, cases[i].line);
      assert_string_equal(g.wmsg, cases[i].msg);
      assert_string_equal(g.title[0], "Judul");
      assert_string_equal(g.body[0], cases[i].body);
    } else {
      assert_int_equal(rc, WARTA_CORRUPT);
      assert_int_equal(g.n, 0);
      assert_int_equal(g.nproblems, 1);
      assert_int_equal(g.pline[0], cases[i].line);
      assert_string_equal(g.pmsg[0], cases[i].msg);
    }
  }
}

static void text_empty(void **state) {
  got g;
  (void)state;
  assert_int_equal(read_text("", &g), WARTA_CORRUPT);
  assert_int_equal(read_text(" \n\t\n", &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
}

static void text_nul(void **state) {
  got g;
  static const char text[] = "Ju\0dul\n\nAwal\0 lanjutan\0.";
  (void)state;
  memset(&g, 0, sizeof g);
  assert_int_equal(warta_read_text(text, sizeof text - 1, NULL, on_article, on_problem, &g), 0);
  assert_string_equal(g.title[0], "Ju dul");
  assert_string_equal(g.body[0], "\nAwal  lanjutan .");
  assert_int_equal(g.nbody[0], strlen(g.body[0])); /* a C string of the body is all of it */
}

static void jsonl_nul(void **state) {
  got g;
  /* raw NUL bytes inside and outside strings, and \u0000 escapes */
  static const char feed[] =
      "{\"id\":\"a\\u0000b\",\"title\":\"Sa\0tu\",\"content\":\"x\\u0000y\"}\0\n"
      "\0{\"title\":\"Dua\"}\n";
  (void)state;
  memset(&g, 0, sizeof g);
  assert_int_equal(warta_read_jsonl(feed, sizeof feed - 1, NULL, on_article, on_problem, &g), 0);
  assert_int_equal(g.nproblems, 0);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.key[0], "a b");
  assert_string_equal(g.title[0], "Sa tu");
  assert_string_equal(g.body[0], "x y");
  assert_string_equal(g.title[1], "Dua");
  assert_int_equal(g.line[1], 2);
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
                  "{\"title\": \"bad \x81 utf\"}\n"
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

static void jsonl_legacy_line(void **state) {
  got g;
  warta_read_opts o;
  (void)state;
  memset(&o, 0, sizeof o);
  o.warn = on_warning;
  static const char feed[] = "{\"title\": \"Baik\"}\n"
                             "{\"title\": \"Caf\xe9 \x93kutip\x94\"}\n";
  memset(&g, 0, sizeof g);
  assert_int_equal(warta_read_jsonl(feed, sizeof feed - 1, &o, on_article, on_problem, &g), 0);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.title[1], "Caf\xc3\xa9 \xe2\x80\x9ckutip\xe2\x80\x9d");
  assert_int_equal(g.nwarnings, 1);
  assert_int_equal(g.wline, 2);
  assert_string_equal(g.wmsg, "invalid UTF-8 (byte 0xe9 at column 15): read as windows-1252");
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
  /* read as plain it is gzip bytes, not the text */
  assert_int_equal(warta_load(path, 0, 1 << 20, &b, err, sizeof err), 0);
  assert_int_equal(b.p[0], 0x1f);
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

/*************************************************************************
** sources
*/
static char tmpdir[64];

static const char *tmp_path(const char *name) {
  static char path[4][128];
  static int next;
  char *p = path[next++ % 4];
  if (!tmpdir[0]) {
    strcpy(tmpdir, "/tmp/warta-test-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
  }
  snprintf(p, 128, "%s/%s", tmpdir, name);
  return p;
}

static const char *write_file(const char *name, const void *data, size_t n) {
  const char *path = tmp_path(name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  fclose(f);
  return path;
}

/* name holding data gzipped in pieces members (cat a.gz b.gz ...). */
static const char *write_gz(const char *name, const void *data, size_t n, int members) {
  const char *path = tmp_path(name);
  size_t at = 0;
  for (int m = 0; m < members; m++) {
    size_t k = m == members - 1 ? n - at : n / (size_t)members;
    gzFile gz = gzopen(path, m ? "ab" : "wb");
    assert_non_null(gz);
    if (k) assert_int_equal(gzwrite(gz, (const char *)data + at, (unsigned)k), (int)k);
    gzclose(gz);
    at += k;
  }
  return path;
}

static size_t file_size(const char *path) {
  struct stat sb;
  assert_int_equal(stat(path, &sb), 0);
  return (size_t)sb.st_size;
}

/* All lines of a source joined with '\n' into out; returns the lines. */
static long all_lines(warta_source *s, char *out, size_t nout) {
  const char *line;
  size_t n, at = 0;
  long lineno = 0, count = 0, num;
  int rc;
  while ((rc = warta_source_line(s, &line, &n, &num)) == WARTA_OK) {
    assert_int_equal(num, ++lineno);
    assert_null(memchr(line, '\n', n));
    assert_true(at + n + 1 < nout);
    memcpy(out + at, line, n);
    at += n;
    out[at++] = '\n';
    count++;
  }
  assert_int_equal(rc, WARTA_DONE);
  out[at] = 0;
  return count;
}

static void source_lines(void **state) {
  static const char text[] = "satu\r\ndua\n\ntiga tanpa akhir";
  char out[256];
  warta_source *s;
  (void)state;
  const char *paths[2] = {write_file("lines.txt", text, sizeof text - 1),
                          write_gz("lines.txt.gz", text, sizeof text - 1, 3)};
  for (int gz = 0; gz < 2; gz++) {
    for (size_t step = 1; step <= 7; step += 3) {
      warta_source_opts o = {0, 0, 0, NULL, step};
      assert_int_equal(warta_source_open(paths[gz], gz, &o, &s), WARTA_OK);
      assert_int_equal(all_lines(s, out, sizeof out), 4);
      assert_string_equal(out, "satu\r\ndua\n\ntiga tanpa akhir\n");
      assert_int_equal(warta_source_bytes(s), sizeof text - 1);
      assert_true(warta_source_hash(s) == XXH3_64bits(text, sizeof text - 1));
      /* a second pass reads the same */
      assert_int_equal(warta_source_rewind(s), WARTA_OK);
      assert_int_equal(warta_source_drain(s), WARTA_OK);
      assert_true(warta_source_hash(s) == XXH3_64bits(text, sizeof text - 1));
      warta_source_close(s);
    }
  }
  /* memory: lines point into the data */
  assert_int_equal(warta_source_open_mem(text, sizeof text - 1, 0, NULL, &s), WARTA_OK);
  const char *line;
  size_t n;
  long lineno;
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_OK);
  assert_ptr_equal(line, text);
  assert_int_equal(n, 5);
  warta_source_close(s);
}

static void source_long_lines(void **state) {
  char text[400];
  warta_source *s;
  const char *line;
  size_t n;
  long lineno;
  (void)state;
  memset(text, 'x', sizeof text);
  memcpy(text, "pendek\n", 7);
  text[300] = '\n';
  memcpy(text + 301, "lagi\n", 5);
  const char *path = write_gz("long.gz", text, 306, 1);
  warta_source_opts o = {0, 16, 0, NULL, 8};
  assert_int_equal(warta_source_open(path, 1, &o, &s), WARTA_OK);
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_OK);
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_TOOBIG);
  assert_int_equal(lineno, 2);
  assert_string_equal(warta_source_errmsg(s),
                      "longer than the limit of 16 bytes (see --max-size): skipped");
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_OK);
  assert_int_equal(lineno, 3);
  assert_int_equal(n, 4);
  assert_memory_equal(line, "lagi", 4);
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_DONE);
  warta_source_close(s);
  /* the same in memory */
  assert_int_equal(warta_source_open_mem(text, 306, 0, &o, &s), WARTA_OK);
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_OK);
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_TOOBIG);
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_OK);
  assert_int_equal(lineno, 3);
  assert_ptr_equal(line, text + 301);
  assert_int_equal(warta_source_line(s, &line, &n, &lineno), WARTA_DONE);
  warta_source_close(s);
}

static void source_binary(void **state) {
  char zeros[4096], text[3000], out[4096];
  warta_source *s;
  warta_blob b;
  (void)state;
  memset(zeros, 0, sizeof zeros);
  const char *path = write_gz("zeros.gz", zeros, sizeof zeros, 1);
  assert_int_equal(warta_source_open(path, 1, NULL, &s), WARTA_OK);
  assert_int_equal(warta_source_read_all(s, &b), WARTA_MISMATCH);
  assert_string_equal(
      warta_source_errmsg(s),
      "binary data, not text (4096 of the first 4096 bytes are control characters)");
  assert_int_equal(warta_source_drain(s), WARTA_MISMATCH); /* sticky */
  warta_source_close(s);
  /* text with a few NUL bytes is text */
  memset(text, 'a', sizeof text);
  for (int i = 0; i < 30; i++)
    text[i * 97] = 0, text[i * 97 + 50] = '\n';
  path = write_file("nul.txt", text, sizeof text);
  assert_int_equal(warta_source_open(path, 0, NULL, &s), WARTA_OK);
  assert_int_equal(all_lines(s, out, sizeof out), 31);
  warta_source_close(s);
  assert_false(warta_looks_binary(text, sizeof text));
  assert_false(warta_looks_binary("x\0y", 3)); /* short: a stray NUL */
  assert_true(warta_looks_binary(zeros, sizeof zeros));
}

static void source_limits(void **state) {
  static char zeros[4 << 20];
  warta_source *s;
  warta_blob b;
  (void)state;
  /* 4 MiB of zeros in a few KiB: reading stops at the 64 KiB limit */
  const char *path = write_gz("bomb.gz", zeros, sizeof zeros, 1);
  assert_true(file_size(path) < 8192);
  warta_source_opts o = {64 << 10, 0, 1, NULL, 0};
  assert_int_equal(warta_source_open(path, 1, &o, &s), WARTA_OK);
  assert_int_equal(warta_source_read_all(s, &b), WARTA_TOOBIG);
  assert_null(b.p);
  assert_true(warta_source_bytes(s) <= (64 << 10) + 1);
  assert_string_equal(warta_source_errmsg(s),
                      "larger than the limit of 65536 bytes (see --max-size)");
  warta_source_close(s);
  /* binary is refused before any limit: after 64 KiB */
  o.binary_ok = 0;
  o.max_bytes = 0;
  assert_int_equal(warta_source_open(path, 1, &o, &s), WARTA_OK);
  assert_int_equal(warta_source_drain(s), WARTA_MISMATCH);
  assert_true(warta_source_bytes(s) <= (64 << 10));
  warta_source_close(s);
  /* a plain file over the limit is not read at all */
  path = write_file("big.txt", zeros, 2 << 20);
  o.max_bytes = 1 << 20;
  assert_int_equal(warta_source_open(path, 0, &o, &s), WARTA_OK);
  assert_int_equal(warta_source_read_all(s, &b), WARTA_TOOBIG);
  assert_int_equal(warta_source_bytes(s), 0);
  assert_string_equal(warta_source_errmsg(s), "larger than the limit of 1 MiB (see --max-size)");
  warta_source_close(s);
}

static void source_gzip_errors(void **state) {
  char text[8192];
  unsigned char gz[16384];
  warta_source *s;
  warta_blob b;
  (void)state;
  for (size_t i = 0; i < sizeof text; i++)
    text[i] = "abcdefghij klmnop\n"[(i * 7 + i / 13) % 18];
  const char *path = write_gz("ok.gz", text, sizeof text, 1);
  FILE *f = fopen(path, "rb");
  size_t n = fread(gz, 1, sizeof gz, f);
  fclose(f);
  static const struct {
    const char *name; /* what is wrong */
    size_t keep;      /* bytes of the good file kept */
    long flip;        /* byte flipped (from the end when negative), or 0 */
    const char *tail; /* bytes appended */
    const char *want; /* message */
  } cases[] = {
      {"cut.gz", 0, 0, NULL, "truncated gzip data (the file ends inside a compressed stream)"},
      {"crc.gz", 1, -6, NULL, "corrupt gzip data (incorrect data check)"},
      {"len.gz", 1, -2, NULL, "corrupt gzip data (incorrect length check)"},
      {"garbage.gz", 1, 0, "garbage", ""},
      {"zeros.gz", 1, 0, "\0\0\0\0", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    unsigned char bad[16400];
    size_t k = cases[i].keep ? n : n / 2;
    memcpy(bad, gz, k);
    if (cases[i].flip)
      bad[cases[i].flip < 0 ? k + (size_t)cases[i].flip : (size_t)cases[i].flip] ^= 0x55;
    if (cases[i].tail) {
      size_t t = cases[i].tail[0] ? strlen(cases[i].tail) : 4;
      memcpy(bad + k, cases[i].tail, t);
      k += t;
    }
    path = write_file(cases[i].name, bad, k);
    for (int mem = 0; mem < 2; mem++) {
      int rc = mem ? warta_source_open_mem((const char *)bad, k, 1, NULL, &s)
                   : warta_source_open(path, 1, NULL, &s);
      assert_int_equal(rc, WARTA_OK);
      rc = warta_source_read_all(s, &b);
      assert_string_equal(warta_source_errmsg(s), cases[i].want);
      assert_null(strstr(warta_source_errmsg(s), "<fd:"));
      if (!cases[i].want[0]) {
        assert_int_equal(rc, WARTA_OK);
        assert_int_equal(b.n, sizeof text);
        assert_memory_equal(b.p, text, sizeof text);
        warta_blob_free(&b);
      } else {
        assert_int_equal(rc, WARTA_CORRUPT);
      }
      warta_source_close(s);
    }
  }
}

static void source_not_that_file(void **state) {
  warta_source *s;
  struct stat other;
  (void)state;
  const char *path = write_file("a.txt", "teks\n", 5);
  assert_int_equal(stat(tmpdir, &other), 0);
  warta_source_opts o = {0, 0, 0, &other, 0};
  assert_int_equal(warta_source_open(path, 0, &o, &s), WARTA_IOERR);
  assert_string_equal(warta_source_errmsg(s),
                      "replaced while being indexed (not the file that was listed)");
  warta_source_close(s);
  /* a FIFO in a file's place does not hang the read */
  const char *fifo = tmp_path("fifo.txt");
  assert_int_equal(mkfifo(fifo, 0600), 0);
  assert_int_equal(warta_source_open(fifo, 0, NULL, &s), WARTA_IOERR);
  assert_string_equal(warta_source_errmsg(s), "not a regular file");
  warta_source_close(s);
  assert_int_equal(warta_source_open(tmpdir, 0, NULL, &s), WARTA_IOERR);
  assert_string_equal(warta_source_errmsg(s), "is a directory");
  warta_source_close(s);
  assert_int_equal(warta_source_open(tmp_path("none.txt"), 0, NULL, &s), WARTA_IOERR);
  assert_string_equal(warta_source_errmsg(s), "No such file or directory");
  warta_source_close(s);
}

static void jsonl_streamed(void **state) {
  got g;
  warta_source *s;
  char feed[600];
  (void)state;
  memset(feed, 'x', sizeof feed);
  int n = snprintf(feed, sizeof feed,
                   "{\"id\":\"a\",\"title\":\"Satu\"}\n"
                   "{\"id\":\"b\",\"title\":\"");
  feed[n + 300] = 0;
  n = snprintf(feed + n + 300, sizeof feed - (size_t)n - 300,
               "\"}\n{\"id\":\"c\",\"title\":\"Tiga\"}\n") +
      n + 300;
  const char *path = write_gz("feed.jsonl.gz", feed, (size_t)n, 2);
  warta_source_opts o = {0, 200, 0, NULL, 16};
  memset(&g, 0, sizeof g);
  assert_int_equal(warta_source_open(path, 1, &o, &s), WARTA_OK);
  assert_int_equal(warta_read_jsonl_source(s, NULL, on_article, on_problem, &g), WARTA_OK);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.key[1], "c");
  assert_int_equal(g.line[1], 3);
  assert_int_equal(g.nproblems, 1);
  assert_int_equal(g.pline[0], 2);
  assert_string_equal(g.pmsg[0], "longer than the limit of 200 bytes (see --max-size): skipped");
  warta_source_close(s);
  /* a feed cut short: what came before is read, then the failure */
  static char big[200000];
  size_t at = 0;
  for (int i = 1; at < sizeof big - 100; i++)
    at += (size_t)snprintf(big + at, sizeof big - at, "{\"id\":%d,\"title\":\"Judul %d\"}\n", i, i);
  path = write_gz("big.jsonl.gz", big, at, 1);
  static unsigned char gz[200000];
  FILE *f = fopen(path, "rb");
  size_t k = fread(gz, 1, sizeof gz, f);
  fclose(f);
  memset(&g, 0, sizeof g);
  assert_int_equal(warta_source_open_mem((const char *)gz, k - 30, 1, &o, &s), WARTA_OK);
  assert_int_equal(warta_read_jsonl_source(s, NULL, on_article, on_problem, &g), WARTA_CORRUPT);
  assert_true(g.n > 2000);
  assert_int_equal(g.nproblems, 1);
  assert_int_equal(g.pline[0], 0);
  char want[128];
  snprintf(want, sizeof want,
           "truncated gzip data (the file ends inside a compressed stream) (after line %d)", g.n);
  assert_string_equal(g.pmsg[0], want);
  warta_source_close(s);
}

/* An article read, then its text dropped (warta_article.drop): what is
** left of it stays valid, and the records after it read whole. */
static int on_article_drop(void *ctx, const warta_article *a) {
  got *g = ctx;
  char title[128];
  cp(title, sizeof title, a->title, a->title ? strlen(a->title) : 0);
  int rc = on_article(ctx, a);
  if (g->n <= 8) g->nbody[g->n - 1] = a->n_body; /* of the whole text */
  assert_non_null(a->drop);
  a->drop(a->drop_ctx);
  assert_string_equal(a->title ? a->title : "", title);
  return rc;
}

static void jsonl_drop(void **state) {
  got g;
  warta_source *s;
  (void)state;
  /* bodies of 2 MiB: the window grows past what it keeps; the second
  ** one's CRLF are changed, so that it is a copy */
  size_t big = 2u << 20, at = 0;
  char *feed = malloc(3 * big);
  assert_non_null(feed);
  for (int i = 0; i < 2; i++) {
    at += (size_t)sprintf(feed + at, "{\"id\":\"b%d\",\"title\":\"Besar %d\",\"content\":\"", i, i);
    for (size_t k = 0; k < big / 8; k++)
      at += (size_t)sprintf(feed + at, i ? "Kata.\\r\\n" : "Kata ini");
    at += (size_t)sprintf(feed + at, "akhir\"}\n");
  }
  at += (size_t)sprintf(feed + at, "{\"id\":\"k\",\"title\":\"Kecil\",\"content\":\"Isi.\"}\n");
  const char *path = write_file("drop.jsonl", feed, at);
  free(feed);
  memset(&g, 0, sizeof g);
  assert_int_equal(warta_source_open(path, 0, NULL, &s), WARTA_OK);
  assert_int_equal(warta_read_jsonl_source(s, NULL, on_article_drop, on_problem, &g), WARTA_OK);
  warta_source_close(s);
  assert_int_equal(g.n, 3);
  assert_int_equal(g.nproblems, 0);
  assert_string_equal(g.key[0], "b0");
  assert_int_equal(g.nbody[0], big + 5);
  assert_string_equal(g.key[1], "b1");
  assert_int_equal(g.nbody[1], big / 8 * 6 + 5); /* "Kata.\n" */
  assert_string_equal(g.title[2], "Kecil");
  assert_string_equal(g.body[2], "Isi.");
  assert_int_equal(g.line[2], 3);
}

static int cleanup(void **state) {
  (void)state;
  if (tmpdir[0]) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) return -1;
  }
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(text_headline),
      cmocka_unit_test(text_no_headline),
      cmocka_unit_test(text_bom_and_leading_blank),
      cmocka_unit_test(text_legacy_charsets),
      cmocka_unit_test(text_empty),
      cmocka_unit_test(text_nul),
      cmocka_unit_test(jsonl_nul),
      cmocka_unit_test(jsonl_fields),
      cmocka_unit_test(jsonl_field_map),
      cmocka_unit_test(jsonl_malformed),
      cmocka_unit_test(jsonl_legacy_line),
      cmocka_unit_test(jsonl_scraped_paragraphs),
      cmocka_unit_test(jsonl_empty),
      cmocka_unit_test(dates),
      cmocka_unit_test(formats),
      cmocka_unit_test(load_gzip),
      cmocka_unit_test(load_truncated_gzip),
      cmocka_unit_test(source_lines),
      cmocka_unit_test(source_long_lines),
      cmocka_unit_test(source_binary),
      cmocka_unit_test(source_limits),
      cmocka_unit_test(source_gzip_errors),
      cmocka_unit_test(source_not_that_file),
      cmocka_unit_test(jsonl_streamed),
      cmocka_unit_test(jsonl_drop),
  };
  return cmocka_run_group_tests(tests, NULL, cleanup);
}
