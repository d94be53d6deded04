/*
** Curated word lists. Every list is kept sorted (the unit tests check it) and
** searched by bisection; all words are in folded form.
**
** - protected: names, acronyms and lexicalized words that the rules would
**   mangle (Bekasi -> kasi, Medan -> dan, pemilu -> pilu) or that news
**   readers do not want merged with their root (pemerintah is not perintah).
** - compounds: closed compounds and their parts. Both the open and the closed
**   form index as the parts, so `kerja sama` finds `kerjasama` and back.
** - function words: question and function words that weigh little in a
**   query (never dropped from the index).
*/
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

/* Indonesian (and Malay): names and acronyms the rules would cut, and roots
** the dictionary does not know. */
static const char *const protected_id[] = {
    "abdullah",     "aceh",     "apbn",       "asean",     "bandung",    "bappenas",
    "bekasi",       "bekraf",   "bengkulu",   "berita",    "bersama",    "bmkg",
    "bnpb",         "bpjs",     "bps",        "bumn",      "demokrat",   "depok",
    "dpd",          "dpr",      "dprd",       "dprk",      "gerindra",   "golkar",
    "istana",       "jokowi",   "kapolri",    "kcna",      "kejaksaan",  "kemendag",
    "kemendikbud",  "kemenhan", "kemenkes",   "kemenkeu",  "kemenlu",    "kementerian",
    "kepolisian",   "kpk",      "kpu",        "ktt",       "medan",      "menlu",
    "menteri",      "mpr",      "mrt",        "nasdem",    "pdip",       "pemerintah",
    "pemerintahan", "pemilu",   "pengadilan", "pertamina", "perusahaan", "pilkada",
    "pilpres",      "pks",      "polda",      "polres",    "polri",      "polsek",
    "ppp",          "sekolah",  "semarang",   "sesama",    "tni",        "uu",
    "wni",
};

/* Closed compounds (folded, as the dictionary or the rules return them) and
** their parts. */
static const struct compound_entry {
  const char *closed; /* the closed form */
  const char *parts;  /* its parts, space-separated */
} compounds_id[] = {
    {"beritahu", "beri tahu"},       {"ibukota", "ibu kota"},
    {"kerjasama", "kerja sama"},     {"sepakbola", "sepak bola"},
    {"tandatangan", "tanda tangan"}, {"tanggungjawab", "tanggung jawab"},
};

/* Reduplications with a meaning of their own, not the plural or the
** intensive of their base: undang-undang is a law, not an invitation;
** rata-rata an average, tiba-tiba suddenly, mata-mata a spy. They index as
** the whole form (undangundang), never as the base. */
static const char *const lexical_redup_id[] = {
    "hati", "mata", "oleh", "rata", "tiba", "undang",
};

/* Question and function words of Indonesian and Malay. */
static const char *const function_id[] = {
    "ada",    "adalah",    "agar",      "akan",         "apa",      "apakah",   "arti",
    "atas",   "atau",      "bagaimana", "bagaimanakah", "bahwa",    "berapa",   "berapakah",
    "bisa",   "dalam",     "dan",       "dari",         "definisi", "dengan",   "di",
    "dimana", "dimanakah", "ini",       "itu",          "juga",     "jumlah",   "kali",
    "kapan",  "kapankah",  "karena",    "ke",           "kenapa",   "letak",    "lokasi",
    "maksud", "mana",      "manakah",   "mengapa",      "nama",     "oleh",     "pada",
    "para",   "saat",      "sebagai",   "sebut",        "siapa",    "siapakah", "tersebut",
    "untuk",  "yaitu",     "yakni",     "yang",
};

static const char *const function_en[] = {
    "a",   "an",   "and",  "are",  "as",    "at",    "be",  "by",   "did",   "do",   "does",
    "for", "from", "how",  "in",   "is",    "it",    "of",  "on",   "or",    "that", "the",
    "to",  "was",  "what", "when", "where", "which", "who", "whom", "whose", "why",  "with",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_word(const char *w, int n, const char *entry) {
  int c = strncmp(w, entry, (size_t)n);
  if (c) return c;
  return entry[n] ? -1 : 0;
}

static int in_list(const char *const *list, size_t count, const char *w, int n) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = cmp_word(w, n, list[mid]);
    if (c == 0) return 1;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return 0;
}

static int is_indonesian(const char *lang) {
  return lang && (strcmp(lang, "id") == 0 || strcmp(lang, "ms") == 0);
}

int warta_lexicon_protected(const char *lang, const char *w, int n) {
  return is_indonesian(lang) && in_list(protected_id, COUNT(protected_id), w, n);
}

const char *warta_lexicon_compound(const char *lang, const char *w, int n) {
  if (!is_indonesian(lang)) return NULL;
  size_t lo = 0, hi = COUNT(compounds_id);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = cmp_word(w, n, compounds_id[mid].closed);
    if (c == 0) return compounds_id[mid].parts;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

int warta_lexicon_lexical_redup(const char *lang, const char *w, int n) {
  return is_indonesian(lang) && in_list(lexical_redup_id, COUNT(lexical_redup_id), w, n);
}

int warta_lexicon_function_word(const char *lang, const char *w, int n) {
  if (is_indonesian(lang)) return in_list(function_id, COUNT(function_id), w, n);
  if (lang && strcmp(lang, "en") == 0) return in_list(function_en, COUNT(function_en), w, n);
  return 0;
}

int warta_lexicon_check(void) {
  const char *const *lists[] = {protected_id, function_id, function_en, lexical_redup_id};
  size_t counts[] = {COUNT(protected_id), COUNT(function_id), COUNT(function_en),
                     COUNT(lexical_redup_id)};
  for (size_t l = 0; l < COUNT(lists); l++) {
    for (size_t i = 1; i < counts[l]; i++) {
      if (strcmp(lists[l][i - 1], lists[l][i]) >= 0) return 0;
    }
  }
  for (size_t i = 1; i < COUNT(compounds_id); i++) {
    if (strcmp(compounds_id[i - 1].closed, compounds_id[i].closed) >= 0) return 0;
  }
  return 1;
}
