/*
** A query as typed, through qplan_build() and a search of a small index in
** memory, as warta-query does it (compounds mined from the index included):
** nothing a user types may make the FTS5 MATCH expression fail to parse, or
** the ranking and highlighting fail.
*/
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "query/plan.h"
#include "store/store.h"

static warta_analyzer *analyzer; /* "id", full stemming */
static warta_store *store;       /* the index, built once */

static void add(int64_t file_id, const char *lang, const char *title, const char *const *body) {
  warta_doc d;
  int64_t id = 0;
  memset(&d, 0, sizeof d);
  d.file_id = file_id;
  d.lang = lang;
  d.title = title;
  d.hash = 1;
  fuzz_need(warta_store_add_document(store, &d, &id) == 0, "a document", warta_store_errmsg(store));
  for (int i = 0; body[i]; i++) {
    fuzz_need(warta_store_add_passage(store, id, i, lang, title, body[i], strlen(body[i])) == 0,
              "a passage", warta_store_errmsg(store));
  }
}

/* Four documents; "olahraga" and "terimakasih" are written both closed and
** open in two passages or more, so that they are mined as compounds. */
static void setup(void) {
  static const char *const banjir[] = {
      "Banjir merendam ratusan rumah di tepi sungai sejak Senin. Warga berterima kasih, "
      "terimakasih untuk relawan.",
      "Terima kasih kepada tim SAR; terimakasih juga untuk dapur umum.", NULL};
  static const char *const olahraga[] = {
      "Pekan olahraga nasional dibuka; olah raga pagi digemari warga.",
      "Menteri olahraga meninjau stadion. Olah raga air juga dilombakan.", NULL};
  static const char *const kerja_sama[] = {
      "Kedua negara sepakat memperkuat kerja sama militer dan ekonomi; e-KTP, Rp10.000, "
      "anak-anak \"tanda kutip\".",
      NULL};
  static const char *const harbour[] = {"The new harbour opened on Tuesday after years of delays.",
                                        NULL};
  char *err = NULL;
  int64_t file_id = 0;
  long found = 0;
  warta_analyzer_new("id", WARTA_STEM_FULL, &analyzer, &err);
  fuzz_need(analyzer != NULL, "the analyzer", err);
  warta_store_open(":memory:", WARTA_STORE_CREATE, WARTA_STEM_FULL, &store, &err);
  fuzz_need(store != NULL, "the index", err);
  fuzz_need(warta_store_begin(store) == 0 &&
                warta_store_add_file(store, "/fuzz/berita.jsonl", 1, 1, 1, &file_id) == 0,
            "the file", warta_store_errmsg(store));
  add(file_id, "id", "Banjir", banjir);
  add(file_id, "id", "Olahraga", olahraga);
  add(file_id, "id", "Kerja sama", kerja_sama);
  add(file_id, "en", "Harbour", harbour);
  fuzz_need(warta_store_mine_compounds(store, "id", &found) == 0 && found >= 2, "the compounds",
            warta_store_errmsg(store));
  fuzz_need(warta_store_commit(store) == 0, "the commit", warta_store_errmsg(store));
}

static char *lex_parts(void *ctx, const char *closed) {
  return warta_store_compound_parts(ctx, closed);
}

static char *lex_closed(void *ctx, const char *a, const char *b) {
  return warta_store_compound_closed(ctx, a, b);
}

/* Every highlight of hit h lies inside its passage. */
static void check_highlights(const warta_search *q, warta_hit *h) {
  warta_hit_info info;
  int *r = NULL, n = 0;
  FUZZ_CHECK(warta_store_hit_info(store, h->passage_id, &info) == 0 && info.text);
  int len = (int)strlen(info.text);
  FUZZ_CHECK(warta_store_highlights(store, q, h, &r, &n) == 0 && n >= 0);
  for (int i = 0; i < n; i++) {
    FUZZ_CHECK(0 <= r[2 * i] && r[2 * i] < r[2 * i + 1] && r[2 * i + 1] <= len);
  }
  free(r);
  warta_hit_info_free(&info);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qplan p;
  if (!store) setup();
  qlexicon lex = {lex_parts, lex_closed, store};
  char *query = malloc(size + 1);
  if (!query) return 0;
  memcpy(query, data, size);
  query[size] = 0;
  FUZZ_CHECK(qplan_build(query, &analyzer, 1, &lex, &p) == 0);
  free(query);
  FUZZ_CHECK(p.n >= 0 && (p.n == 0 || (p.match && p.spec)));
  if (p.n > 0) {
    warta_search q = {p.match, p.spec, NULL, 5, size % 2};
    warta_hit *hits = NULL;
    int nhits = 0;
    int rc = warta_store_search(store, &q, &hits, &nhits);
    if (rc) {
      fprintf(stderr, "search failed (%d): %s\nmatch: %s\n", rc, warta_store_errmsg(store),
              p.match);
      abort();
    }
    for (int i = 0; i < nhits; i++)
      check_highlights(&q, &hits[i]);
    free(hits);
  }
  qplan_free(&p);
  return 0;
}
