/*
** Unit tests of the HTML and Markdown readers, and of dates taken from
** file names.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/rc.h"
#include "readers/reader.h"

typedef struct got {
  int n;             /* articles */
  char title[128];   /* title of the last one ("" when NULL) */
  int has_title;     /* its title was not NULL */
  char body[1024];   /* its body */
  char date[32];     /* its date */
  char source[64];   /* its source */
  char url[128];     /* its url */
  char lang[16];     /* its lang */
  char key[64];      /* its key */
  int nproblems;     /* problems */
  long pline[4];     /* lines of the problems */
  char pmsg[4][256]; /* messages */
  int nwarnings;     /* warnings */
  long wline;        /* line of the last warning */
  char wmsg[256];    /* its message */
} got;

static void cp(char *dst, size_t n, const char *s, size_t len) {
  if (!s) s = "", len = 0;
  if (len >= n) len = n - 1;
  memcpy(dst, s, len);
  dst[len] = 0;
}

#define CP(field, s) cp(g->field, sizeof g->field, s, (s) ? strlen(s) : 0)

static int on_article(void *ctx, const warta_article *a) {
  got *g = ctx;
  CP(title, a->title);
  g->has_title = a->title != NULL;
  cp(g->body, sizeof g->body, a->body, a->n_body);
  CP(date, a->date);
  CP(source, a->source);
  CP(url, a->url);
  CP(lang, a->lang);
  CP(key, a->key);
  g->n++;
  return 0;
}

static void on_problem(void *ctx, long line, const char *msg) {
  got *g = ctx;
  if (g->nproblems < 4) {
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

/* The readers get exactly n bytes, copied so that ASan sees a read past them. */
typedef int (*reader_fn)(const char *, size_t, const warta_read_opts *, warta_article_fn,
                         warta_problem_fn, void *);

static int run_n(reader_fn reader, const char *s, size_t n, const char *name, got *g) {
  warta_read_opts o;
  char *copy = malloc(n ? n : 1);
  assert_non_null(copy);
  memcpy(copy, s, n);
  memset(&o, 0, sizeof o);
  o.name = name;
  o.warn = on_warning;
  memset(g, 0, sizeof *g);
  int rc = reader(copy, n, &o, on_article, on_problem, g);
  free(copy);
  return rc;
}

static int run(reader_fn reader, const char *s, const char *name, got *g) {
  return run_n(reader, s, strlen(s), name, g);
}

static int html(const char *s, got *g) { return run(warta_read_html, s, NULL, g); }
static int md(const char *s, got *g) { return run(warta_read_markdown, s, NULL, g); }

/*************************************************************************
** HTML
*/

static void html_meta(void **state) {
  got g;
  (void)state;
  const char *s =
      "<!DOCTYPE html><html lang=\"id-ID\"><head>\n"
      "<title>Judul dari title | Situs</title>\n"
      "<meta property=\"og:title\" content=\"  Putin   Undang Kim \">\n"
      "<meta property=\"og:site_name\" content=\"Kabar Kita\">\n"
      "<meta property=\"og:url\" content=\"https://kabar.example/og\">\n"
      "<link rel=\"canonical\" href=\"https://kabar.example/putin-undang-kim\">\n"
      "<meta name=\"date\" content=\"kemarin\">\n"
      "<meta property=\"article:published_time\" content=\"2023-09-13T10:00:00+07:00\">\n"
      "</head><body><p>MOSKOW — Presiden Rusia.</p></body></html>";
  assert_int_equal(html(s, &g), 0);
  assert_int_equal(g.n, 1);
  assert_int_equal(g.nproblems, 0);
  assert_string_equal(g.title, "Putin Undang Kim");
  assert_string_equal(g.date, "2023-09-13"); /* article:published_time beats name=date */
  assert_string_equal(g.source, "Kabar Kita");
  assert_string_equal(g.url, "https://kabar.example/putin-undang-kim");
  assert_string_equal(g.lang, "id-ID");
  assert_string_equal(g.body, "MOSKOW — Presiden Rusia.");
}

static void html_fallbacks(void **state) {
  got g;
  (void)state;
  /* <title>, og:url, a date as found, <time datetime> last */
  assert_int_equal(html("<html><head><title> Judul\n Saja </title>"
                        "<meta property=\"og:url\" content=\"https://x/og\">"
                        "<meta name=\"pubdate\" content=\"kemarin sore\"></head>"
                        "<body><time datetime=\"2020-01-02\">2 Jan</time><p>Isi.</p></body></html>",
                        &g),
                   0);
  assert_string_equal(g.title, "Judul Saja");
  assert_string_equal(g.url, "https://x/og");
  assert_string_equal(g.date, "kemarin sore");
  /* the first <h1>; itemprop dates; the h1 is not repeated in the body */
  assert_int_equal(html("<body><meta itemprop=\"datePublished\" content=\"31 Juli 2019\">"
                        "<h1>Judul <b>Tebal</b></h1><p>Paragraf.</p></body>",
                        &g),
                   0);
  assert_string_equal(g.title, "Judul Tebal");
  assert_string_equal(g.date, "2019-07-31");
  assert_string_equal(g.body, "Paragraf.");
  assert_int_equal(html("<body><time datetime=\"2021-03-04T05:06\">x</time><p>y</p></body>", &g),
                   0);
  assert_string_equal(g.date, "2021-03-04");
  assert_int_equal(g.has_title, 0);
}

static void html_article_and_noise(void **state) {
  got g;
  (void)state;
  const char *s = "<html><head><title>Kerja Sama</title><style>p { color: red }</style>"
                  "<script>var judul = 'bukan';</script></head><body>"
                  "<header><nav><a href=\"/\">Beranda</a> <a>Politik</a></nav></header>"
                  "<aside><article><h2>Berita lain</h2><p>Teaser di samping.</p></article></aside>"
                  "<div class=\"related-posts\"><article><p>Baca juga ini.</p></article></div>"
                  "<article class=\"detail\">"
                  "<h1>Kerja  Sama</h1>"
                  "<div class=\"breadcrumb\">Beranda &gt; Dunia</div>"
                  "<p>Paragraf   satu\n dengan <em>penekanan</em> dan <a href=\"#\">tautan</a>.</p>"
                  "<script>document.write('iklan')</script><noscript>aktifkan JS</noscript>"
                  "<div id=\"adsbygoogle-1\">IKLAN</div><div class=\"socialShare\">Bagikan</div>"
                  "<div><p></p><p>  </p></div>"
                  "<h2>Subjudul</h2><p>Baris<br>baru, kata<button>x</button>lain, <b>te</b>bal</p>"
                  "<ul><li>satu</li><li>dua</li></ul>"
                  "<table><tr><td>sel</td><td>lain</td></tr></table>"
                  "<form><button>Kirim</button></form>"
                  "<div id=\"comments\">Komentar pembaca</div>"
                  "</article>"
                  "<footer>Hak cipta</footer></body></html>";
  assert_int_equal(html(s, &g), 0);
  assert_string_equal(g.title, "Kerja Sama");
  assert_string_equal(g.body, "Paragraf satu dengan penekanan dan tautan.\n\nSubjudul\n\nBaris\n\n"
                              "baru, kata lain, tebal\n\nsatu\n\ndua\n\nsel lain");
}

static void html_main_then_body(void **state) {
  got g;
  (void)state;
  assert_int_equal(html("<body><p>Luar</p><main><p>Di dalam main.</p></main></body>", &g), 0);
  assert_string_equal(g.body, "Di dalam main.");
  /* an empty <article> does not hide the text around it */
  assert_int_equal(html("<body><article></article><p>Teks halaman.</p></body>", &g), 0);
  assert_string_equal(g.body, "Teks halaman.");
  /* a class word on <body> itself does not hide the page */
  assert_int_equal(html("<body class=\"has-ads\"><p>Tetap ada.</p></body>", &g), 0);
  assert_string_equal(g.body, "Tetap ada.");
}

static void html_entities(void **state) {
  got g;
  (void)state;
  assert_int_equal(html("<html><head><meta property=\"og:title\" content=\"Tom &amp; Jerry &#8212; "
                        "&quot;lucu&quot;\"></head><body><p>A&nbsp;&nbsp;B &lt;tag&gt; "
                        "caf&eacute; &#x41;</p></body></html>",
                        &g),
                   0);
  assert_string_equal(g.title, "Tom & Jerry \xe2\x80\x94 \"lucu\"");
  assert_string_equal(g.body, "A B <tag> caf\xc3\xa9 A");
}

static void html_latin1(void **state) {
  got g;
  (void)state;
  assert_int_equal(html("<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head>"
                        "<body><p>Kopi di caf\xe9 itu enak \xb1 murah.</p></body></html>",
                        &g),
                   0);
  assert_string_equal(g.title, "Caf\xc3\xa9");
  assert_string_equal(g.body, "Kopi di caf\xc3\xa9 itu enak \xc2\xb1 murah.");
  assert_int_equal(html("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                        "charset=windows-1252\"></head><body><p>\x93kutip\x94</p></body></html>",
                        &g),
                   0);
  assert_string_equal(g.body, "\xe2\x80\x9ckutip\xe2\x80\x9d");
  /* a byte the charset does not have would cut the page short */
  assert_int_equal(html("<html><head><meta charset=\"windows-1252\"></head><body><p>satu \x81 dua"
                        "</p><p>tiga</p></body></html>",
                        &g),
                   WARTA_CORRUPT);
  assert_int_equal(g.n, 0);
  assert_string_equal(g.pmsg[0], "bytes invalid in the page's charset (windows-1252)");
  /* no charset: UTF-8 */
  assert_int_equal(html("<p>Caf\xc3\xa9</p>", &g), 0);
  assert_string_equal(g.body, "Caf\xc3\xa9");
  assert_int_equal(g.nwarnings, 0);
  /* no charset, or UTF-8 named, but the bytes are Windows-1252: converted,
  ** with a warning (libxml2 alone would go on in Latin-1, giving C1
  ** controls for the quotes) */
  static const char *const pages[] = {
      "<html><head><title>Kopi</title></head><body><p>\x93Kopi\x94 di caf\xe9 itu.</p>"
      "</body></html>",
      "<html><head><meta charset=\"utf-8\"><title>Kopi</title></head><body><p>\x93Kopi\x94 di "
      "caf\xe9 itu.</p></body></html>",
  };
  for (int i = 0; i < 2; i++) {
    assert_int_equal(html(pages[i], &g), 0);
    assert_int_equal(g.nproblems, 0);
    assert_string_equal(g.title, "Kopi");
    assert_string_equal(g.body, "\xe2\x80\x9cKopi\xe2\x80\x9d di caf\xc3\xa9 itu.");
    assert_int_equal(g.nwarnings, 1);
    assert_int_equal(g.wline, 1);
    assert_non_null(strstr(g.wmsg, "): read as windows-1252"));
  }
  /* UTF-8 with one stray byte: the UTF-8 stays */
  assert_int_equal(html("<p>Caf\xc3\xa9 \xa3"
                        "5</p>",
                        &g),
                   0);
  assert_string_equal(g.body, "Caf\xc3\xa9 \xc2\xa3"
                              "5");
  assert_string_equal(g.wmsg,
                      "invalid UTF-8 (byte 0xa3 at column 10): 1 stray byte read as windows-1252");
}

static void html_malformed(void **state) {
  got g;
  (void)state;
  assert_int_equal(html("<html><head><title>Rusak</title><body><div><p>Satu<p>Dua <b>tebal"
                        "<div>Tiga</span></i>\n<p>Empat & lima",
                        &g),
                   0);
  assert_int_equal(g.nproblems, 0);
  assert_string_equal(g.title, "Rusak");
  assert_string_equal(g.body, "Satu\n\nDua tebal\n\nTiga\n\nEmpat & lima");
  /* truncated in the middle of a tag */
  assert_int_equal(html("<p>Terpotong</p><p class=\"x", &g), 0);
  assert_string_equal(g.body, "Terpotong");
  /* plain text is a page too */
  assert_int_equal(html("hanya teks", &g), 0);
  assert_string_equal(g.body, "hanya teks");
}

/* libxml2 stops at 256 levels; what came before stays. */
/* A page of pre, n nested elements open, text, n closing tags close, post
** and more text; malloc'ed. */
static char *nested(const char *pre, int n, const char *open, const char *close, const char *post) {
  size_t lo = strlen(open), lc = strlen(close), at = 0;
  char *s = malloc((size_t)n * (lo + lc) + strlen(pre) + strlen(post) + 200);
  assert_non_null(s);
  at += (size_t)sprintf(s, "<html><head><title>Dalam</title></head><body>%s", pre);
  for (int i = 0; i < n; i++, at += lo)
    memcpy(s + at, open, lo);
  at += (size_t)sprintf(s + at, "teks terdalam");
  for (int i = 0; i < n; i++, at += lc)
    memcpy(s + at, close, lc);
  sprintf(s + at, "%s<p>sesudahnya</p></body></html>", post);
  return s;
}

static void html_deep(void **state) {
  got g;
  (void)state;
  /* libxml2 2.9 stops at 256 levels unless told otherwise: the text below
  ** and after was lost, silently */
  char *s = nested("", 100000, "<div>", "</div>", "");
  assert_int_equal(html(s, &g), 0);
  assert_string_equal(g.title, "Dalam");
  assert_string_equal(g.body, "teks terdalam\n\nsesudahnya");
  assert_int_equal(g.nwarnings, 0);
  free(s);
  /* never closed */
  s = nested("", 100000, "<div><b>", "", "");
  assert_int_equal(html(s, &g), 0);
  assert_string_equal(g.body, "teks terdalam\n\nsesudahnya");
  free(s);
  /* end tags that match nothing make libxml2 search the whole stack each
  ** time: deep and many, that would take minutes; parsing stops early and
  ** a warning says what was lost */
  s = nested("", 60000, "<div>", "</span>", "");
  assert_int_equal(html(s, &g), 0);
  assert_string_equal(g.body, "teks terdalam");
  assert_int_equal(g.nwarnings, 1);
  assert_int_equal(g.wline, 1);
  assert_string_equal(g.wmsg, "HTML too broken to parse in reasonable time (misplaced tags 60002 "
                              "levels deep): the text from here on is not indexed");
  free(s);
  /* many nested articles in an aside: each one is in the aside's noise,
  ** found without climbing to it from each */
  s = nested("<aside>", 100000, "<article>", "</article>", "</aside>");
  assert_int_equal(html(s, &g), 0);
  assert_string_equal(g.body, "sesudahnya");
  free(s);
  /* and the same with end tags that may not close what is above them */
  s = nested("<div>", 60000, "<table>", "</div>", "");
  assert_int_equal(html(s, &g), 0);
  assert_int_equal(g.nwarnings, 1);
  free(s);
}

static void html_no_text(void **state) {
  got g;
  (void)state;
  assert_int_equal(html("<html><head><script>x()</script></head><body><nav>Menu</nav>"
                        "<footer>Kaki</footer></body></html>",
                        &g),
                   WARTA_CORRUPT);
  assert_int_equal(g.n, 0);
  assert_int_equal(g.nproblems, 1);
  assert_int_equal(g.pline[0], 0);
  assert_string_equal(g.pmsg[0], "no text found in HTML");
  /* a title alone is an article */
  assert_int_equal(html("<title>Hanya judul</title>", &g), 0);
  assert_string_equal(g.title, "Hanya judul");
  assert_string_equal(g.body, "");
  assert_int_equal(html("", &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
  assert_int_equal(html(" \r\n\t ", &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
}

/*************************************************************************
** Markdown
*/

static void md_yaml(void **state) {
  got g;
  (void)state;
  const char *s = "---\n"
                  "title: \"Putin Undang Kim\"\n"
                  "published: 2023-09-14\n"
                  "date: 'Rabu, 13 September 2023'\n"
                  "publisher: Kabar Kita # the outlet\n"
                  "link: https://kabar.example/putin\n"
                  "language: id\n"
                  "slug: putin-undang-kim\n"
                  "tags:\n"
                  "  - title: bukan\n"
                  "summary: |\n"
                  "---\n"
                  "# Putin Undang Kim\n"
                  "\n"
                  "MOSKOW — Presiden.\n";
  assert_int_equal(md(s, &g), 0);
  assert_int_equal(g.nproblems, 0);
  assert_string_equal(g.title, "Putin Undang Kim");
  assert_string_equal(g.date, "2023-09-13"); /* date beats published */
  assert_string_equal(g.source, "Kabar Kita");
  assert_string_equal(g.url, "https://kabar.example/putin");
  assert_string_equal(g.lang, "id");
  assert_string_equal(g.key, "putin-undang-kim");
  assert_string_equal(g.body, "MOSKOW — Presiden."); /* the heading repeating the title goes */
}

static void md_toml(void **state) {
  got g;
  (void)state;
  const char *s = "+++\n"
                  "title = \"Kerja \"sama\" militer\"\n"
                  "date = 2019-10-09T08:00:00+07:00\n"
                  "id = 42\n"
                  "[extra]\n"
                  "url = \"bukan\"\n"
                  "+++\n"
                  "Isi.\n";
  assert_int_equal(md(s, &g), 0);
  assert_string_equal(g.title, "Kerja \"sama\" militer");
  assert_string_equal(g.date, "2019-10-09");
  assert_string_equal(g.key, "42");
  assert_string_equal(g.url, "");
  assert_string_equal(g.body, "Isi.");
  /* YAML closed by "..." */
  assert_int_equal(md("---\ntitle: T\n...\nBadan.", &g), 0);
  assert_string_equal(g.title, "T");
  assert_string_equal(g.body, "Badan.");
}

static void md_heading_title(void **state) {
  got g;
  (void)state;
  assert_int_equal(md("\xef\xbb\xbf\n# Judul *Utama* #\n\nParagraf.\n\n## Sub\n\nLagi.\n", &g), 0);
  assert_string_equal(g.title, "Judul Utama");
  assert_string_equal(g.body, "Paragraf.\n\nSub\n\nLagi.");
  assert_int_equal(md("Judul Setext\n============\nIsi di sini.\n", &g), 0);
  assert_string_equal(g.title, "Judul Setext");
  assert_string_equal(g.body, "Isi di sini.");
  assert_int_equal(md("Paragraf dulu.\n\nSub\n---\n\n# Judul\n\nAkhir.\n", &g), 0);
  assert_string_equal(g.title, "Judul");
  assert_string_equal(g.body, "Paragraf dulu.\n\nSub\n\nAkhir.");
  assert_int_equal(md("Tanpa judul sama sekali.\n#bukan-heading\n", &g), 0);
  assert_int_equal(g.has_title, 0);
  assert_string_equal(g.body, "Tanpa judul sama sekali.\n#bukan-heading");
}

static void md_inline(void **state) {
  got g;
  (void)state;
  const char *s = "Presiden **Joko Widodo** dan _Putin_ ~~batal~~ bertemu di "
                  "[Kremlin](https://x/kremlin \"Kremlin (Moskow)\").\n"
                  "Lihat ![foto](img/a.jpg) dan [![ikon](i.png) tautan][ref] serta `kode_x*2`.\n"
                  "snake_case dan 2 * 3 tetap; \\*bintang\\* juga; <span class=\"x\">tag</span> "
                  "<https://kabar.example> &amp; <!-- catatan -->selesai.\n"
                  "\n"
                  "[ref]: https://x/ref \"Judul\"\n"
                  "> Kutipan *penting*\n"
                  ">\n"
                  "> lanjut\n"
                  "\n"
                  "- satu\n"
                  "* dua\n"
                  "+ tiga\n"
                  "12. dua belas\n"
                  "- [x] selesai\n"
                  "2023. Tahun itu.\n"
                  "Catatan kaki[^1].\n"
                  "[^1]: Menurut TASS.\n"
                  "\n"
                  "***\n"
                  "<!-- komentar\n"
                  "panjang -->\n"
                  "Akhir.";
  assert_int_equal(md(s, &g), 0);
  assert_string_equal(g.body,
                      "Presiden Joko Widodo dan Putin batal bertemu di Kremlin.\n"
                      "Lihat  dan  tautan serta kode_x*2.\n"
                      "snake_case dan 2 * 3 tetap; *bintang* juga; tag https://kabar.example & "
                      "selesai.\n\n"
                      "Kutipan penting\n\n"
                      "lanjut\n\n"
                      "satu\ndua\ntiga\ndua belas\nselesai\n2023. Tahun itu.\nCatatan kaki.\n"
                      "Menurut TASS.\n\n"
                      "Akhir.");
}

static void md_code_fence(void **state) {
  got g;
  (void)state;
  assert_int_equal(md("Sebelum.\n```c\nint *p = **q; // [a](b)\n\n  # bukan judul\n```\n"
                      "Sesudah.\n~~~~\nx\n~~~\n~~~~\n",
                      &g),
                   0);
  assert_int_equal(g.has_title, 0);
  assert_string_equal(g.body,
                      "Sebelum.\n\nint *p = **q; // [a](b)\n\n# bukan judul\n\nSesudah.\n\nx\n~~~");
}

static void md_unclosed_front_matter(void **state) {
  got g;
  (void)state;
  /* a warning, not a problem: the article is read, as text */
  assert_int_equal(md("---\ntitle: Tanpa penutup\n\nIsi artikel.\n", &g), 0);
  assert_int_equal(g.nproblems, 0);
  assert_int_equal(g.nwarnings, 1);
  assert_int_equal(g.wline, 1);
  assert_non_null(strstr(g.wmsg, "front matter"));
  assert_int_equal(g.n, 1);
  assert_int_equal(g.has_title, 0);
  assert_string_equal(g.body, "title: Tanpa penutup\n\nIsi artikel.");
  assert_int_equal(md("+++\ntitle = \"x\"\n", &g), 0);
  assert_int_equal(g.nwarnings, 1);
  assert_non_null(strstr(g.wmsg, "'+++'"));
}

static void md_invalid(void **state) {
  got g;
  (void)state;
  /* Latin-1: converted, with a warning */
  assert_int_equal(md("# Judul\n\nbaris tiga\nCaf\xe9 au lait\n", &g), 0);
  assert_int_equal(g.n, 1);
  assert_int_equal(g.nwarnings, 1);
  assert_int_equal(g.wline, 4);
  assert_string_equal(g.wmsg, "invalid UTF-8 (byte 0xe9 at column 4): read as windows-1252");
  assert_string_equal(g.body, "baris tiga\nCaf\xc3\xa9 au lait");
  /* in no charset */
  assert_int_equal(md("# Judul\n\n\x81\x81\x81 teks \x8d\x90 lagi\n", &g), WARTA_CORRUPT);
  assert_int_equal(g.n, 0);
  assert_int_equal(g.nproblems, 1);
  assert_int_equal(g.pline[0], 3);
  assert_string_equal(
      g.pmsg[0], "invalid UTF-8 (byte 0x81 at column 1), and not text in a legacy charset either");
  assert_int_equal(md("", &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
  assert_int_equal(md("\xef\xbb\xbf \n\r\n", &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
  assert_int_equal(md("---\ndate: 2020-01-01\n---\n![gambar](a.png)\n", &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "no text found in Markdown");
}

/*************************************************************************
** Dates from file names
*/

static void name_dates(void **state) {
  got g;
  char d[11];
  (void)state;
  assert_int_equal(run(warta_read_text, "Judul\n\nIsi.", "2023-09-13-putin-undang-kim.txt", &g), 0);
  assert_string_equal(g.date, "2023-09-13");
  assert_int_equal(run(warta_read_text, "Judul\n\nIsi.", "putin-2023-09-13.txt", &g), 0);
  assert_string_equal(g.date, "");
  assert_int_equal(run(warta_read_markdown, "# J\n\nIsi.", "2019-10-09-kerja-sama.md", &g), 0);
  assert_string_equal(g.date, "2019-10-09");
  /* the article's own date wins */
  assert_int_equal(
      run(warta_read_markdown, "---\ndate: 31 Juli 2019\n---\nIsi.", "2019-10-09.md", &g), 0);
  assert_string_equal(g.date, "2019-07-31");
  assert_int_equal(warta_name_date("arsip/2020/2020-02-29 banjir.txt", d), 1);
  assert_string_equal(d, "2020-02-29");
  assert_int_equal(warta_name_date("2019-02-29-bukan.txt", d), 0);
  assert_int_equal(warta_name_date("2019-02-011.txt", d), 0);
  assert_int_equal(warta_name_date("2019-02", d), 0);
  assert_int_equal(warta_name_date(NULL, d), 0);
  /* warta_read() passes the options on */
  warta_read_opts o;
  memset(&o, 0, sizeof o);
  o.name = "2018-01-02.md";
  memset(&g, 0, sizeof g);
  assert_int_equal(warta_read(WARTA_FORMAT_MARKDOWN, "Isi.", 4, &o, on_article, on_problem, &g), 0);
  assert_string_equal(g.date, "2018-01-02");
  memset(&g, 0, sizeof g);
  assert_int_equal(
      warta_read(WARTA_FORMAT_HTML, "<p>Isi.</p>", 11, NULL, on_article, on_problem, &g), 0);
  assert_string_equal(g.body, "Isi.");
}

/*************************************************************************
** NUL bytes: white space in every format
*/

static void nul_bytes(void **state) {
  got g;
  (void)state;
  static const char page[] = "<html><head><title>Ju\0dul</title></head><body><p>Satu\0dua</p>"
                             "<p>tiga</p></body></html>";
  assert_int_equal(run_n(warta_read_html, page, sizeof page - 1, NULL, &g), 0);
  assert_string_equal(g.title, "Ju dul");
  assert_string_equal(g.body, "Satu dua\n\ntiga");
  static const char note[] = "---\ntitle: Ju\0dul\n---\n\nSatu\0dua.\n\ntiga";
  assert_int_equal(run_n(warta_read_markdown, note, sizeof note - 1, NULL, &g), 0);
  assert_string_equal(g.title, "Ju dul");
  assert_string_equal(g.body, "Satu dua.\n\ntiga");
  /* only NUL bytes and blanks: nothing to read */
  assert_int_equal(run_n(warta_read_html, "\0 \0\n", 4, NULL, &g), WARTA_CORRUPT);
  assert_string_equal(g.pmsg[0], "empty file");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(html_meta),
      cmocka_unit_test(html_fallbacks),
      cmocka_unit_test(html_article_and_noise),
      cmocka_unit_test(html_main_then_body),
      cmocka_unit_test(html_entities),
      cmocka_unit_test(html_latin1),
      cmocka_unit_test(nul_bytes),
      cmocka_unit_test(html_malformed),
      cmocka_unit_test(html_deep),
      cmocka_unit_test(html_no_text),
      cmocka_unit_test(md_yaml),
      cmocka_unit_test(md_toml),
      cmocka_unit_test(md_heading_title),
      cmocka_unit_test(md_inline),
      cmocka_unit_test(md_code_fence),
      cmocka_unit_test(md_unclosed_front_matter),
      cmocka_unit_test(md_invalid),
      cmocka_unit_test(name_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
