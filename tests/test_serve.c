/*
** Unit tests of warta-serve's modules without a server: HTML escaping and
** highlighting, links, the interface language, search parameters.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "search/excerpt.h"
#include "serve/html.h"
#include "serve/lang.h"
#include "serve/params.h"

static void check_text(const char *in, size_t n, const char *want) {
  warta_buf b = WARTA_BUF_INIT;
  html_text(&b, in, n);
  assert_int_equal(b.err, 0);
  assert_string_equal(b.p ? b.p : "", want);
  warta_buf_free(&b);
}

static void text_escaped(void **state) {
  (void)state;
  check_text("<script>alert(1)</script>", 25, "&lt;script&gt;alert(1)&lt;/script&gt;");
  check_text("a & \"b\" 'c'", 11, "a &amp; &quot;b&quot; &#39;c&#39;");
  check_text("caf\xc3\xa9 \xe2\x80\x94", 9, "caf\xc3\xa9 \xe2\x80\x94");
  /* not UTF-8: U+FFFD each byte; controls (C0, DEL, C1) as spaces */
  check_text("bad\xff\xfe!", 6, "bad\xef\xbf\xbd\xef\xbf\xbd!");
  check_text("a\x01"
             "b\x7f"
             "c\xc2\x85"
             "d\te\n",
             11, "a b c d\te\n");
  check_text("nul\0x", 5, "nul x");
  check_text(NULL, 3, "");
}

static void urls(void **state) {
  (void)state;
  assert_true(html_url_ok("https://example.com/a?b=c"));
  assert_true(html_url_ok("HTTP://EXAMPLE.COM"));
  assert_true(html_url_ok("https://example.com/a\"onmouseover=\"x")); /* escaped when written */
  assert_false(html_url_ok("javascript:alert(1)"));
  assert_false(html_url_ok(" javascript:alert(1)"));
  assert_false(html_url_ok("JaVaScRiPt:alert(1)"));
  assert_false(html_url_ok("data:text/html,<script>"));
  assert_false(html_url_ok("//example.com"));
  assert_false(html_url_ok("/article?key=x"));
  assert_false(html_url_ok("http://"));
  assert_false(html_url_ok("http:///etc/passwd"));
  assert_false(html_url_ok("https://a b"));
  assert_false(html_url_ok("https://a\nb"));
  assert_false(html_url_ok(NULL));
  warta_buf b = WARTA_BUF_INIT;
  html_url_param(&b, "kerja sama&x=/\xc3\xa9~._-");
  assert_string_equal(b.p, "kerja%20sama%26x%3D%2F%C3%A9~._-");
  warta_buf_free(&b);
}

static void check_marked(const char *t, const warta_span *hl, int n, int whole, const char *want) {
  warta_buf b = WARTA_BUF_INIT;
  html_marked(&b, t, strlen(t), hl, n, whole);
  assert_int_equal(b.err, 0);
  assert_string_equal(b.p ? b.p : "", want);
  warta_buf_free(&b);
}

static void marked(void **state) {
  (void)state;
  const char *t = "Presiden  Putin\nmengundang <Kim>";
  /* ranges are drawn as given (the store merged a phrase into one) */
  warta_span phrase[] = {{10, 26}};
  check_marked(t, phrase, 1, 1, "Presiden <mark>Putin mengundang</mark> &lt;Kim&gt;");
  warta_span words[] = {{10, 15}, {16, 26}};
  check_marked(t, words, 2, 1, "Presiden <mark>Putin</mark> <mark>mengundang</mark> &lt;Kim&gt;");
  warta_span one[] = {{28, 31}};
  check_marked(t, one, 1, 1, "Presiden Putin mengundang &lt;<mark>Kim</mark>&gt;");
  /* out of range, empty, reversed, unsorted and overlapping ranges: not
  ** what the store gives, but the page stays well formed */
  warta_span bad[] = {{40, 50}, {5, 5}, {9, 2}, {10, 12}, {-3, 2}, {11, 15}};
  check_marked(t, bad, 6, 1, "Presiden Putin mengundang &lt;Kim&gt;");
  warta_span late[] = {{-3, 2}, {11, 15}, {9, 2}};
  check_marked(t, late, 3, 1, "Presiden P<mark>utin</mark> mengundang &lt;Kim&gt;");
  /* a range inside a character grows to the whole character */
  const char *u = "kafe caf\xc3\xa9 itu";
  warta_span mid[] = {{5, 9}};
  check_marked(u, mid, 1, 1, "kafe <mark>caf\xc3\xa9</mark> itu");
  check_marked("", NULL, 0, 0, "");
}

static void windowed(void **state) {
  (void)state;
  char t[1200];
  memset(t, 0, sizeof t);
  for (int i = 0; i < 100; i++)
    strcat(t, i == 30 ? "gempa " : "kata ");
  size_t at = strstr(t, "gempa") - t;
  warta_span g = {(int)at, (int)at + 5};
  warta_buf b = WARTA_BUF_INIT;
  html_marked(&b, t, strlen(t), &g, 1, 0);
  assert_non_null(strstr(b.p, "<mark>gempa</mark>"));
  assert_int_equal(strncmp(b.p, "\xe2\x80\xa6 kata", 8), 0); /* "… " at the cut */
  assert_non_null(strstr(b.p, "kata \xe2\x80\xa6"));
  assert_true(b.n < EXCERPT_WIDTH + 40);
  warta_buf_free(&b);
  html_marked(&b, t, strlen(t), &g, 1, 1);
  assert_null(strstr(b.p, "\xe2\x80\xa6"));
  warta_buf_free(&b);
}

static void interface_language(void **state) {
  (void)state;
  assert_int_equal(ui_lang_pick(NULL, NULL), UI_ID);
  assert_int_equal(ui_lang_pick("en", NULL), UI_EN);
  assert_int_equal(ui_lang_pick("id", "en"), UI_ID);
  assert_int_equal(ui_lang_pick("fr", "en"), UI_EN); /* an unknown hl is not given */
  assert_int_equal(ui_lang_pick(NULL, "en-US,en;q=0.9"), UI_EN);
  assert_int_equal(ui_lang_pick(NULL, "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"), UI_ID);
  assert_int_equal(ui_lang_pick(NULL, "en;q=0.5, id;q=0.8"), UI_ID);
  assert_int_equal(ui_lang_pick(NULL, "en;q=0.8, in;q=0.9"), UI_ID);
  assert_int_equal(ui_lang_pick(NULL, "fr-FR, de"), UI_ID);
  assert_int_equal(ui_lang_pick(NULL, "en;q=0"), UI_ID);
  assert_int_equal(ui_lang_pick(NULL, "en;q=garbage"), UI_ID);
  assert_int_equal(ui_lang_pick(NULL, "*;q=0.1, EN-gb ; q=1.0"), UI_EN);
  assert_int_equal(ui_lang_pick(NULL, ",,;;q=,"), UI_ID);
  assert_string_equal(ui_lang_code(UI_EN), "en");
  for (int m = 0; m < MSG_COUNT; m++) {
    assert_true(*ui_str(UI_ID, (ui_msg)m));
    assert_true(*ui_str(UI_EN, (ui_msg)m));
  }
}

/* Parameters from a NULL-terminated list of name, value pairs. */
static const char *from_list(void *ctx, const char *name) {
  const char *const *kv = ctx;
  for (int i = 0; kv[i]; i += 2) {
    if (strcmp(kv[i], name) == 0) return kv[i + 1];
  }
  return NULL;
}

static int read_params(const char *const *kv, request *r, params_error *e) {
  params_extra x;
  request_init(r);
  return params_read(from_list, (void *)kv, r, &x, e);
}

static void parameters(void **state) {
  request r;
  params_error e;
  (void)state;
  const char *const all[] = {
      "q",       "kerja sama", "since",   "2023-09", "until",  "2023-10-05", "source",  "kompas",
      "lang",    "id",         "sort",    "newest",  "offset", "20",         "n",       "5",
      "per_doc", "0",          "facets",  "1",       "like",   "k1",         "explain", "true",
      "count",   "0",          "source2", "ignored", "",       "",           NULL};
  assert_int_equal(read_params(all, &r, &e), 0);
  assert_string_equal(r.text, "kerja sama");
  assert_string_equal(r.since, "20230901");
  assert_string_equal(r.until, "20231005");
  assert_string_equal(r.source, "kompas");
  assert_int_equal(r.sort, WARTA_SORT_NEWEST);
  assert_int_equal(r.offset, 20);
  assert_int_equal(r.limit, 5);
  assert_int_equal(r.per_doc, 0);
  assert_true(r.facets && r.explain && !r.count);
  assert_string_equal(r.like, "k1");
  const char *const empty[] = {"q", "a", "source", "", "since", "", NULL};
  assert_int_equal(read_params(empty, &r, &e), 0);
  assert_null(r.source);
  assert_string_equal(r.since, "");
  assert_int_equal(r.limit, 10);

  static const struct {
    const char *name, *value;
    int status;
    const char *msg;
  } bad[] = {
      {"n", "0", 400, "bad parameter 'n': not a whole number from 1 to 100"},
      {"n", "5x", 400, "bad parameter 'n': not a whole number from 1 to 100"},
      {"offset", "-1", 400, "bad parameter 'offset': not a whole number from 0 to 10000"},
      {"per_doc", "101", 400, "bad parameter 'per_doc': not a whole number from 0 to 100"},
      {"since", "2023-02-30", 400,
       "bad parameter 'since': not a date (2019-09-10, 10/09/2019 or 10 September 2019)"},
      {"until", "31/09/2023", 400,
       "bad parameter 'until': not a date (2019-09-10, 10/09/2019 or 10 September 2019)"},
      {"sort", "best", 400, "bad parameter 'sort': not relevance, newest, oldest or added"},
      {"added_since", "yesterday", 400,
       "bad parameter 'added_since': not a time (24h, 7d, 90m, 2026-12-01 or "
       "2026-12-01T06:00:00+07:00)"},
      {"facets", "2", 400, "bad parameter 'facets': not 1 or 0"},
      {"partial", "yes please", 400, "bad parameter 'partial': not 1 or 0"},
      {"q", "\xff", 400, "bad parameter 'q': not UTF-8"},
      {"lang", "\xc3", 400, "bad parameter 'lang': not UTF-8"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *const kv[] = {"q", "a", bad[i].name, bad[i].value, NULL};
    const char *const *use = strcmp(bad[i].name, "q") == 0 ? kv + 2 : kv;
    assert_int_equal(read_params(use, &r, &e), -1);
    assert_int_equal(e.status, bad[i].status);
    assert_string_equal(e.msg, bad[i].msg);
  }
  const char *const order[] = {"since", "2023-10", "until", "2023-09", NULL};
  assert_int_equal(read_params(order, &r, &e), -1);
  assert_string_equal(e.msg, "bad parameter 'since': after until");
  static char big[PARAMS_MAX_QUERY + 2];
  memset(big, 'a', PARAMS_MAX_QUERY + 1);
  const char *const huge[] = {"q", big, NULL};
  assert_int_equal(read_params(huge, &r, &e), -1);
  assert_int_equal(e.status, 414);
  big[PARAMS_MAX_QUERY] = 0;
  assert_int_equal(read_params(huge, &r, &e), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(text_escaped),
      cmocka_unit_test(urls),
      cmocka_unit_test(marked),
      cmocka_unit_test(windowed),
      cmocka_unit_test(interface_language),
      cmocka_unit_test(parameters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
