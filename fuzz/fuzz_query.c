/*
** A query as typed, parsed (search/parse.h), planned (search/plan.h) and
** searched in a small index as warta-query does it: nothing a user types
** may crash, leak, make planning fail or make the engine report an error.
**
** The index is built once, in a temporary directory ($TMPDIR, else /tmp),
** from a few articles in Indonesian and English with dates and sources;
** olahraga and terimakasih are written both closed and open in two articles
** or more, so that the planner's compound checks (a closed word's parts,
** two words' closed form) find them.
**
** The input is the query; a NUL byte in it is a space. All of it is
** parsed, whatever its size (up to 1 MB). A query that warta-query takes
** (WARTA_MAX_QUERY_WORDS words at most) and of at most MAX_PLANNED bytes
** is then planned and searched twice (time grows with the terms a word
** analyzes into: 1 MB of words joined by commas, one word to the parser,
** takes seconds per search in a release build): by relevance, then, after the planner has added
*filters
** to the same query as warta-query's --lang, --source, --since and --until
** do, by date with facets. A hash of the input chooses the page, the sort,
** the filters and the ranking's block size. Every hit must lie within the
** page, show a score that never rises (by relevance), and carry highlights
** inside its texts, in order, on character boundaries.
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "analysis/langid.h"
#include "common/rc.h"
#include "fuzz.h"
#include "indexer/article.h"
#include "search/parse.h"
#include "search/plan.h"
#include "store/store.h"

#define MAX_PLANNED (64 << 10) /* bytes of a query that is planned and searched */

typedef struct doc {
  const char *path, *lang, *title, *date, *source, *url, *body;
} doc;

static const doc docs[] = {
    {"/fuzz/id/olahraga-pagi.txt", "id", "Olahraga Pagi di Senayan", "2023-05-01", "Kompas",
     "https://www.kompas.com/olahraga/1",
     "Olahraga pagi digemari warga Jakarta. Olah raga bersama digelar setiap Minggu.\n\n"
     "Terima kasih kepada relawan; terimakasih juga untuk panitia."},
    {"/fuzz/id/pekan-olah-raga.txt", "id", "Pekan Olah Raga Nasional", "2023-05-20", "Tempo",
     "https://www.tempo.co/read/2",
     "Pekan olahraga nasional dibuka; olah raga air juga dilombakan. Menteri olahraga "
     "berterima kasih. Terimakasih, kata atlet."},
    {"/fuzz/id/banjir.txt", "id", "Banjir Rendam Jakarta", "2019-09-20", "Kompas", NULL,
     "Banjir merendam ratusan rumah di tepi sungai. Warga berterima kasih kepada tim SAR; "
     "terimakasih untuk dapur umum."},
    {"/fuzz/id/kerja-sama.txt", "id", "Kerja Sama Militer Indonesia\xe2\x80\x93Malaysia",
     "2023-09-15", "Antara", NULL,
     "Kedua negara sepakat memperkuat kerja sama militer; kerjasama ekonomi juga dibahas. "
     "Negara-negara tetangga, e-KTP, Rp10.000, anak-anak, COVID-19."},
    {"/fuzz/id/gempa.txt", "id", NULL, NULL, NULL, NULL,
     "Gempa mengguncang Ambon \xe2\x80\x94 warga berlarian keluar rumah.\n\n"
     "\xc2\xab"
     "Kami takut\xc2\xbb, kata pemilik Caf\xc3\xa9 D\xc3\xa9j\xc3\xa0 yang menandatangani "
     "kerjasama."},
    {"/fuzz/en/harbour.txt", "en", "New harbour opens", "2021-03-02", "BBC",
     "https://www.bbc.co.uk/news/3",
     "The new harbour opened on Tuesday after years of delays. Thank you, said the mayor."},
    {"/fuzz/en/floods.txt", "en", "Floods in the valley", NULL, "Reuters", NULL,
     "Floods hit the town after the river burst its banks; the sports ground is under water."},
};
#define NDOCS ((int)(sizeof docs / sizeof docs[0]))

static char tmp[256];          /* the temporary directory */
static warta_searcher *search; /* the index */
static planner plan;           /* and its planner */

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *f) {
  (void)sb, (void)flag, (void)f;
  return remove(path);
}

static void done(void) {
  planner_close(&plan);
  warta_searcher_close(search);
  nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void put(warta_store *st, article_builder *ab, const doc *d) {
  warta_article a;
  warta_article_in in;
  int64_t id = 0;
  char *err = NULL;
  memset(&a, 0, sizeof a);
  a.title = d->title;
  a.body = d->body;
  a.n_body = strlen(d->body);
  a.date = d->date;
  a.source = d->source;
  a.url = d->url;
  fuzz_need(warta_store_add_file(st, d->path, &id) == WARTA_OK, "a file", warta_store_errmsg(st));
  article_in_of(&a, d->lang, &in);
  in.file_id = id;
  in.path = d->path;
  in.key = "";
  in.hash = (uint64_t)a.n_body;
  int rc = article_put(ab, &a, &in, st, &err);
  fuzz_need(rc == WARTA_OK, "an article", err ? err : warta_store_errmsg(st));
  fuzz_need(warta_store_file_done(st, id, (int64_t)a.n_body, 1, in.hash) == WARTA_OK, "a file",
            warta_store_errmsg(st));
}

static void setup(void) {
  const char *base = getenv("TMPDIR");
  char dir[300], *err = NULL, *profiles = article_profiles_of(WARTA_LANGID_DEFAULT);
  warta_store_opts o;
  warta_store *st = NULL;
  article_builder ab;
  warta_passage_opts popts = {8, 20}; /* several passages per article */
  snprintf(tmp, sizeof tmp, "%.200s/warta-fuzz-query-XXXXXX", base && *base ? base : "/tmp");
  fuzz_need(mkdtemp(tmp) != NULL, "a temporary directory", strerror(errno));
  snprintf(dir, sizeof dir, "%s/idx", tmp);
  memset(&o, 0, sizeof o);
  o.stemming = WARTA_STEM_FULL;
  o.profiles = profiles;
  fuzz_need(warta_store_open(dir, &o, &st, &err) == WARTA_OK, "the index", err);
  free(profiles);
  fuzz_need(article_builder_init(&ab, warta_store_stemming(st), warta_store_profiles(st), &popts,
                                 &err) == WARTA_OK,
            "the analyzers", err);
  for (int i = 0; i < NDOCS; i++)
    put(st, &ab, &docs[i]);
  article_builder_free(&ab);
  fuzz_need(warta_store_close(st, &err) == WARTA_OK, "the index", err);
  fuzz_need(warta_searcher_open(dir, &search, &err) == WARTA_OK, "the reader", err);
  fuzz_need(planner_open(&plan, search, &err) == WARTA_OK, "the planner", err);
  atexit(done);
}

static void check_spans(const char *text, size_t n, const warta_span *v, int nv) {
  int prev_end = -1;
  FUZZ_CHECK(nv == 0 || (text && v));
  for (int i = 0; i < nv; i++) {
    FUZZ_CHECK(v[i].start > prev_end && v[i].start < v[i].end && (size_t)v[i].end <= n);
    FUZZ_CHECK(((unsigned char)text[v[i].start] & 0xc0) != 0x80);
    FUZZ_CHECK((size_t)v[i].end == n || ((unsigned char)text[v[i].end] & 0xc0) != 0x80);
    prev_end = v[i].end;
  }
}

static void run(const warta_query *q) {
  warta_results r;
  int rc = warta_search(search, q, &r);
  if (rc) {
    fprintf(stderr, "search failed (%d): %s\n", rc, warta_searcher_errmsg(search));
    abort();
  }
  FUZZ_CHECK(r.total >= 0 && r.nhit >= 0);
  if (q->count_only) FUZZ_CHECK(r.nhit == 0);
  if (q->per_article == 1) FUZZ_CHECK(r.nhit <= q->limit);
  if (!r.estimated && q->per_article == 1) FUZZ_CHECK(r.nhit == 0 || q->offset + r.nhit <= r.total);
  for (int i = 0; i < r.nhit; i++) {
    const warta_hit *h = &r.hit[i];
    FUZZ_CHECK(h->text != NULL);
    check_spans(h->text, h->ntext, h->hl, h->nhl);
    check_spans(h->title, h->title ? strlen(h->title) : 0, h->title_hl, h->ntitle_hl);
    if (q->sort == WARTA_SORT_RELEVANCE && i > 0) FUZZ_CHECK(h->score <= h[-1].score);
  }
  for (int f = 0; f < 3; f++) {
    for (int i = 0; i < r.nfacet[f]; i++)
      FUZZ_CHECK(r.facet[f][i].value && r.facet[f][i].n > 0);
  }
  warta_results_free(&r);
}

/* The filters warta-query's options add: one more planning of the same
** query, as query/query.c does it. */
static void add_filters(warta_query *q, uint32_t h) {
  static const char *const dates[] = {"2019", "2023-05", "2023-05-20", "2021-03-02", "2024"};
  qitem it[3];
  int n = 0;
  plan_notes notes;
  memset(it, 0, sizeof it);
  if (h & 1) it[n].kind = QI_LANG, it[n++].text = (char *)((h & 2) ? "id" : "EN");
  if (h & 4) it[n].kind = QI_SOURCE, it[n++].text = (char *)((h & 8) ? "kompas" : "www.tempo.co");
  char lo[9], hi[9];
  const char *since = dates[(h >> 4) % 5], *until = dates[(h >> 7) % 5];
  it[n].kind = QI_DATE;
  if ((h >> 10) & 1 && qdate_range(since, strlen(since), lo, hi)) memcpy(it[n].lo, lo, 9);
  if ((h >> 11) & 1 && qdate_range(until, strlen(until), lo, hi)) memcpy(it[n].hi, hi, 9);
  if (it[n].lo[0] || it[n].hi[0]) n++;
  qsyntax extra = {.item = it, .n = n};
  FUZZ_CHECK(planner_plan(&plan, &extra, q, &notes) == WARTA_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qsyntax syn;
  warta_query q;
  plan_notes notes;
  if (!search) setup();
  /* the options of this run, drawn from the input itself */
  uint32_t h = (uint32_t)XXH3_64bits(data, size);
  char *text = malloc(size + 1);
  if (!text) return 0;
  for (size_t i = 0; i < size; i++) {
    text[i] = data[i] ? (char)data[i] : ' ';
  }
  text[size] = 0;
  FUZZ_CHECK(qsyntax_parse(text, &syn) == WARTA_OK);
  free(text);
  FUZZ_CHECK(syn.n >= 0 && syn.words >= 0 && (size_t)syn.n <= size && (size_t)syn.words <= size);
  for (int i = 0; i < syn.n; i++) {
    const qitem *it = &syn.item[i];
    FUZZ_CHECK(it->kind == QI_DATE ? !it->text : it->text && strlen(it->text) <= size);
    if (it->kind == QI_DATE) FUZZ_CHECK(it->lo[0] || it->hi[0]);
    if (it->kind == QI_DATE && it->lo[0] && it->hi[0]) FUZZ_CHECK(strcmp(it->lo, it->hi) <= 0);
  }
  FUZZ_CHECK(syn.n == 0 || !syn.item[syn.n - 1].or_next);
  if (syn.words > WARTA_MAX_QUERY_WORDS || size > MAX_PLANNED) {
    qsyntax_free(&syn);
    return 0;
  }
  memset(&q, 0, sizeof q);
  warta_rank_defaults(&q.rank);
  q.want_text = 1;
  FUZZ_CHECK(planner_plan(&plan, &syn, &q, &notes) == WARTA_OK);
  free(planner_describe(&q));
  /* by relevance */
  q.offset = (int)(h % 7);
  q.limit = 1 + (int)(h >> 3) % 9;
  q.per_article = (int)(h >> 7) % 3;
  q.rank.block = (int)(h >> 9) % 4 ? (int)(h >> 9) % 4 : q.rank.block;
  q.explain = (h >> 11) & 1;
  run(&q);
  /* by date, filtered, with facets, or only counted */
  add_filters(&q, h >> 12);
  q.sort = (h >> 24) & 1 ? WARTA_SORT_NEWEST : WARTA_SORT_OLDEST;
  q.facets = 1;
  q.count_only = (h >> 25) & 1;
  run(&q);
  planner_clear(&q);
  qsyntax_free(&syn);
  return 0;
}
