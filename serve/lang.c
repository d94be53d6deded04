/*
** The interface language and its strings (lang.h).
*/
#include "lang.h"

#include <string.h>
#include <strings.h>

static const char *const strings[MSG_COUNT][2] = {
    [MSG_TITLE] = {"Cari berita", "News search"},
    [MSG_SEARCH] = {"Cari", "Search"},
    [MSG_PLACEHOLDER] = {"kata kunci, \"frasa\", -kecuali", "words, \"a phrase\", -not"},
    [MSG_SINCE] = {"Dari tanggal", "From"},
    [MSG_UNTIL] = {"Sampai tanggal", "Until"},
    [MSG_SOURCE] = {"Media", "Outlet"},
    [MSG_LANG] = {"Bahasa", "Language"},
    [MSG_SORT] = {"Urutan", "Order"},
    [MSG_ANY_LANG] = {"semua", "any"},
    [MSG_RELEVANCE] = {"relevansi", "relevance"},
    [MSG_NEWEST] = {"terbaru", "newest"},
    [MSG_OLDEST] = {"terlama", "oldest"},
    [MSG_ARTICLES] = {"artikel", "articles"},
    [MSG_ARTICLE] = {"artikel", "article"},
    [MSG_ABOUT] = {"sekitar", "about"},
    [MSG_DID_YOU_MEAN] = {"Mungkin maksud Anda:", "Did you mean:"},
    [MSG_NO_HITS] = {"Tidak ada artikel yang cocok.", "No article matches."},
    [MSG_BY_SOURCE] = {"Media", "Outlets"},
    [MSG_BY_MONTH] = {"Bulan", "Months"},
    [MSG_PREV] = {"« Sebelumnya", "« Previous"},
    [MSG_NEXT] = {"Berikutnya »", "Next »"},
    [MSG_PAGE] = {"Halaman", "Page"},
    [MSG_FULL_TEXT] = {"teks lengkap", "full text"},
    [MSG_ORIGINAL] = {"sumber asli", "original"},
    [MSG_BACK] = {"« Kembali ke hasil", "« Back to the results"},
    [MSG_NOT_FOUND] = {"Artikel tidak ditemukan.", "No such article."},
    [MSG_ERROR] = {"Permintaan tidak dapat diproses", "The request cannot be answered"},
    [MSG_UNAVAILABLE] = {"Indeks sedang tidak dapat dibaca. Coba lagi nanti.",
                         "The index cannot be read at the moment. Try again later."},
    [MSG_CLEAR_FILTERS] = {"hapus filter", "clear filters"},
    [MSG_DATE_HINT] = {"TTTT-BB-HH", "YYYY-MM-DD"},
    [MSG_OTHER_LANG] = {"English", "Bahasa Indonesia"},
    [MSG_FILTERS] = {"Filter", "Filters"},
    [MSG_UNTITLED] = {"(tanpa judul)", "(untitled)"},
    [MSG_HOME_HINT] = {"Cari di arsip berita: kata, \"frasa persis seperti tertulis\", "
                       "-kata yang tidak diinginkan, "
                       "source:kompas, date:2023-09.",
                       "Search the news archive: words, \"a phrase as written\" (not stemmed), "
                       "-unwanted words, "
                       "source:kompas, date:2023-09."},
    [MSG_WITH_ALL] = {"dengan semua kata", "with all words"},
    [MSG_MORE_SOME] = {"lagi dengan sebagian kata", "more with some"},
    [MSG_NONE_ALL] = {"tidak ada artikel dengan semua kata", "no article with all words"},
    [MSG_WITH_SOME] = {"dengan sebagian kata", "with some"},
    [MSG_BAD_DATE] = {"Tanggal tidak dikenali", "Not a date"},
    [MSG_BAD_RANGE] = {"Rentang tanggal terbalik", "A date range that ends before it begins"},
    [MSG_BAD_NAME] = {"Filter tidak dikenali", "Not a filter"},
    [MSG_BAD_PREFIX] = {"Awalan terlalu pendek (minimal 3 huruf sebelum *)",
                        "A prefix too short (3 letters at least before *)"},
    [MSG_BAD_SOURCE] = {"Media ini tidak ada di indeks", "No such outlet in the index"},
    [MSG_BAD_LANG] = {"Bahasa ini tidak ada di indeks", "No such language in the index"},
    [MSG_DATE_FORMS] = {"contoh: 10/09/2019, 10 September 2019, 2019-09-10",
                        "e.g. 10/09/2019, 10 September 2019, 2019-09-10"},
    [MSG_KNOWN] = {"yang ada", "the index holds"},
    [MSG_LEFT_OUT] = {"Hasil di bawah tanpa itu.", "The results below leave it out."},
    [MSG_EXCLUDED_ONLY] = {"Kueri hanya berisi pengecualian (-kata): tambahkan kata yang dicari.",
                           "The query only excludes (-word): add a word to search for."},
    [MSG_MISSING] = {"Sebagian indeks tidak menjawab:", "Part of the index does not answer:"},
    [MSG_MISSING_LEFT_OUT] = {"Hasil di bawah tanpa artikel dari bagian itu.",
                              "The results below leave its articles out."},
    [MSG_MISSING_REFUSED] = {"Hasil yang tidak lengkap tidak ditampilkan.",
                             "Incomplete results are not shown."},
    [MSG_SEARCH_REST] = {"Cari di bagian indeks yang menjawab", "Search the rest of the index"},
    [MSG_MAYBE_THERE] = {"Artikel ini mungkin ada di bagian itu.", "The article may be in it."},
    [MSG_ALSO_IN] = {"Juga dimuat di", "Also in"},
    [MSG_ALL_COPIES] = {"semua salinan", "all copies"},
    [MSG_STORIES_FOLDED] = {"berita; salinan digabung", "stories; copies folded"},
    [MSG_BY_LANG] = {"Bahasa", "Languages"},
    [MSG_ANY_SOURCE] = {"semua", "any"},
    [MSG_SIMILAR] = {"artikel serupa", "similar articles"},
    [MSG_LIKE] = {"Artikel yang serupa dengan", "Articles like"},
    [MSG_LIKE_CLEAR] = {"hapus filter ini", "remove this filter"},
    [MSG_TOOK] = {"Waktu server", "Server time"},
    [MSG_SKIP] = {"Langsung ke hasil", "Skip to the results"},
    [MSG_ADDED] = {"terbaru masuk", "newest added"},
    [MSG_FEED] = {"Umpan Atom (terbaru masuk)", "Atom feed (newest added)"},
    [MSG_EXACT] = {"Kata persis (tanpa sinonim dan akronim)",
                   "Exact words (no synonyms or acronyms)"},
};

/* The languages warta analyzes (analysis/lang.c) and those of the region. */
static const struct {
  const char *code, *name[2];
} lang_names[] = {
    {"id", {"Indonesia", "Indonesian"}}, {"ms", {"Melayu", "Malay"}},
    {"en", {"Inggris", "English"}},      {"jv", {"Jawa", "Javanese"}},
    {"su", {"Sunda", "Sundanese"}},      {"fr", {"Prancis", "French"}},
    {"de", {"Jerman", "German"}},        {"nl", {"Belanda", "Dutch"}},
    {"es", {"Spanyol", "Spanish"}},      {"pt", {"Portugis", "Portuguese"}},
    {"it", {"Italia", "Italian"}},
};

const char *ui_lang_name(ui_lang l, const char *code) {
  for (size_t i = 0; code && i < sizeof lang_names / sizeof lang_names[0]; i++) {
    if (strcmp(lang_names[i].code, code) == 0) return lang_names[i].name[l == UI_EN];
  }
  return NULL;
}

const char *ui_str(ui_lang l, ui_msg m) {
  if ((int)m < 0 || m >= MSG_COUNT) return "";
  const char *s = strings[m][l == UI_EN];
  return s ? s : "";
}

const char *ui_lang_code(ui_lang l) { return l == UI_EN ? "en" : "id"; }

#define MAX_HEADER 1024 /* bytes of Accept-Language read */

/* The q-value at p ("q=0.5"; anything else: 1000), in thousandths. */
static int qvalue(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (end - p < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') return 1000;
  p += 2;
  if (p < end && *p == '1') return 1000;
  if (p >= end || *p != '0') return 0; /* malformed: not wanted */
  p++;
  int v = 0, scale = 100;
  if (p < end && *p == '.') {
    for (p++; p < end && scale > 0 && *p >= '0' && *p <= '9'; p++, scale /= 10)
      v += (*p - '0') * scale;
  }
  return v;
}

/* The language of a range such as "id", "id-ID", "en-GB", "in" (the old
** code of Indonesian); -1 for any other. */
static int range_lang(const char *p, size_t n) {
  while (n && (*p == ' ' || *p == '\t'))
    p++, n--;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
    n--;
  size_t primary = 0;
  while (primary < n && p[primary] != '-' && p[primary] != '_')
    primary++;
  if (primary != 2) return -1;
  if (strncasecmp(p, "id", 2) == 0 || strncasecmp(p, "in", 2) == 0) return UI_ID;
  if (strncasecmp(p, "en", 2) == 0) return UI_EN;
  return -1;
}

ui_lang ui_lang_pick(const char *hl, const char *accept_language) {
  if (hl && strcmp(hl, "en") == 0) return UI_EN;
  if (hl && strcmp(hl, "id") == 0) return UI_ID;
  if (!accept_language) return UI_ID;
  size_t len = strnlen(accept_language, MAX_HEADER);
  const char *p = accept_language, *end = p + len;
  int best = -1, bestq = 0;
  while (p < end) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *item_end = comma ? comma : end;
    const char *semi = memchr(p, ';', (size_t)(item_end - p));
    int l = range_lang(p, (size_t)((semi ? semi : item_end) - p));
    int q = semi ? qvalue(semi + 1, item_end) : 1000;
    if (l >= 0 && q > bestq) {
      best = l;
      bestq = q;
    }
    p = comma ? comma + 1 : end;
  }
  return best < 0 ? UI_ID : (ui_lang)best;
}
