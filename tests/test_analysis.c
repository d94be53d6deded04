/*
** Unit tests of analysis/: word breaking, folding, stemming, the rules for
** reduplication, numbers and hyphens, and the lexicon.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/acronym.h"
#include "analysis/analysis_int.h"
#include "analysis/print.h"
#include "tokens.h"

#define FULL WARTA_STEM_FULL
#define RULES WARTA_STEM_RULES
#define NONE WARTA_STEM_NONE

static void offsets_are_bytes(void **state) {
  toks t;
  /* "é" is two bytes, "—" three: offsets count bytes, not characters */
  const char *s = "Café — Putin";
  (void)state;
  assert_int_equal(analyze_text("id", NONE, s, &t), 0);
  assert_int_equal(t.n, 2);
  assert_string_equal(t.v[0].term, "cafe");
  assert_int_equal(t.v[0].start, 0);
  assert_int_equal(t.v[0].end, 5);
  assert_string_equal(t.v[1].term, "putin");
  assert_int_equal(t.v[1].start, 10);
  assert_int_equal(t.v[1].end, 15);
  assert_memory_equal(s + t.v[1].start, "Putin", 5);
}

static void casefold_nfkc(void **state) {
  toks t;
  (void)state;
  /* full-width letters, the German sharp s, Turkish dotted I, diacritics */
  assert_int_equal(analyze_text("und", NONE, "ＰＵＴＩＮ Straße Erdoğan FRANÇOIS", &t), 0);
  assert_string_equal(terms(&t), "putin strasse erdogan francois");
}

static void apostrophes(void **state) {
  toks t;
  (void)state;
  assert_int_equal(analyze_text("en", NONE, "DPRK's Jum'at Qur’an", &t), 0);
  assert_string_equal(terms(&t), "dprk jumat quran");
}

static void snowball_rules(void **state) {
  (void)state;
  /* the plain rules do what the design notes say they do */
  assert_string_equal(stem_of("id", RULES, "menteri"), "teri");
  assert_string_equal(stem_of("id", RULES, "dikatakan"), "kata");
  assert_string_equal(stem_of("en", RULES, "meetings"), "meet");
  assert_string_equal(stem_of("id", NONE, "Menteri"), "menteri");
}

static void dictionary_roots(void **state) {
  (void)state;
  assert_string_equal(stem_of("id", FULL, "menegaskan"), "tegas");
  assert_string_equal(stem_of("id", FULL, "pengembangan"), "kembang");
  assert_string_equal(stem_of("id", FULL, "mengatakan"), "kata");
  assert_string_equal(stem_of("id", FULL, "dikatakan"), "kata");
  assert_string_equal(stem_of("id", FULL, "mengundang"), "undang");
  assert_string_equal(stem_of("id", FULL, "undangan"), "undang");
  /* roots and protected words are never cut */
  assert_string_equal(stem_of("id", FULL, "menteri"), "menteri");
  assert_string_equal(stem_of("id", FULL, "berita"), "berita");
  assert_string_equal(stem_of("id", FULL, "sekolah"), "sekolah");
  assert_string_equal(stem_of("id", FULL, "pemilu"), "pemilu");
  assert_string_equal(stem_of("id", FULL, "Bekasi"), "bekasi");
  assert_string_equal(stem_of("id", FULL, "Medan"), "medan");
}

static void clitics(void **state) {
  (void)state;
  assert_string_equal(stem_of("id", FULL, "bukunya"), "buku");
  assert_string_equal(stem_of("id", FULL, "itulah"), "itu");
  assert_string_equal(stem_of("id", FULL, "siapakah"), "siapa");
  /* an unknown name keeps its shape but loses -nya */
  assert_string_equal(stem_of("id", FULL, "Jokowinya"), "jokowi");
}

static void hows(void **state) {
  toks t;
  (void)state;
  assert_int_equal(analyze_text("id", FULL, "menegaskan KCNA kerjasama 2023", &t), 0);
  assert_int_equal(t.v[0].how, WARTA_HOW_DICT);
  assert_int_equal(t.v[1].how, WARTA_HOW_PROTECTED);
  assert_int_equal(t.v[2].how, WARTA_HOW_COMPOUND);
  assert_int_equal(t.v[4].how, WARTA_HOW_NUMBER);
  assert_string_equal(warta_how_name(WARTA_HOW_DICT), "dictionary");
}

static void compounds(void **state) {
  toks a, b, c;
  (void)state;
  /* open, closed and affixed forms index alike */
  assert_int_equal(analyze_text("id", FULL, "kerja sama", &a), 0);
  assert_int_equal(analyze_text("id", FULL, "kerjasama", &b), 0);
  assert_int_equal(analyze_text("id", FULL, "bekerja sama", &c), 0);
  assert_string_equal(terms(&a), "kerja sama");
  assert_string_equal(terms(&b), "kerja sama");
  assert_string_equal(terms(&c), "kerja sama");
  assert_int_equal(analyze_text("id", FULL, "menandatangani", &a), 0);
  assert_string_equal(terms(&a), "tanda tangan");
  /* both parts of a closed compound point at the whole word */
  assert_int_equal(a.v[0].start, 0);
  assert_int_equal(a.v[1].end, 14);
}

static void reduplication(void **state) {
  toks t;
  (void)state;
  assert_int_equal(analyze_text("id", FULL, "negara-negara anak² anak2 berlari-larian", &t), 0);
  assert_string_equal(terms(&t), "negara anak anak lari");
  /* one token, one position, spanning the whole form */
  assert_int_equal(t.v[0].start, 0);
  assert_int_equal(t.v[0].end, 13);
  assert_int_equal(t.v[1].start, 14);
  assert_int_equal(t.v[1].end, 20); /* "anak²": ² is two bytes */
}

static void lexical_reduplication(void **state) {
  toks t;
  (void)state;
  /* undang-undang is a law: never the invitation of undangan */
  assert_int_equal(
      analyze_text("id", FULL, "undang-undang undangan rata-rata rata perundang-undangan", &t), 0);
  assert_string_equal(terms(&t), "undangundang undang ratarata rata undangundang");
  assert_int_equal(t.v[0].end, 13);
  /* nasal reduplication and clitics written apart */
  assert_int_equal(analyze_text("id", FULL, "memanggil-manggil Tuhan-Mu rumah-nya sesama", &t), 0);
  assert_string_equal(terms(&t), "panggil tuhan rumah sesama");
}

static void numbers(void **state) {
  toks t;
  (void)state;
  assert_int_equal(analyze_text("id", FULL, "Rp10.000 Rp 10.000 3,5 17/08/2023 1.250.000", &t), 0);
  assert_string_equal(terms(&t), "rp 10000 rp 10000 3,5 17 8 2023 1250000");
  /* Rp10.000 is cut where letters meet digits, with exact offsets */
  assert_int_equal(t.v[0].start, 0);
  assert_int_equal(t.v[0].end, 2);
  assert_int_equal(t.v[1].start, 2);
  assert_int_equal(t.v[1].end, 8);
}

static void hyphens(void **state) {
  toks t;
  (void)state;
  assert_int_equal(analyze_text("id", FULL, "Covid-19 covid19 e-KTP", &t), 0);
  assert_string_equal(terms(&t), "covid 19 covid 19 e ktp(ektp)");
  assert_int_equal(t.v[6].colocated, 1);
  assert_int_equal(t.v[6].start, 17);
  assert_int_equal(t.v[6].end, 22);
}

static void acronyms(void **state) {
  toks t;
  (void)state;
  assert_int_equal(analyze_text("id", FULL, "DPRK KCNA U.S. Kemenlu", &t), 0);
  assert_string_equal(terms(&t), "dprk kcna us kemenlu");
}

static void english(void **state) {
  (void)state;
  assert_string_equal(stem_of("en", FULL, "meetings"), stem_of("en", FULL, "meeting"));
  assert_string_equal(stem_of("en", FULL, "invitations"), stem_of("en", FULL, "invitation"));
  /* names the dictionary knows capitalized are not stemmed */
  assert_string_equal(stem_of("en", FULL, "Philippines"), "philippines");
  assert_string_equal(stem_of("en", RULES, "Philippines"), "philippin");
}

static void empty_input(void **state) {
  toks t;
  (void)state;
  assert_int_equal(analyze_text("id", FULL, "", &t), 0);
  assert_int_equal(t.n, 0);
  assert_int_equal(analyze_text("id", FULL, "  — ... !!", &t), 0);
  assert_int_equal(t.n, 0);
}

static void invalid_utf8(void **state) {
  toks t;
  const char s[] = "bad \xff\xfe utf \xc3 ok \xe2\x82 akhir";
  (void)state;
  assert_int_equal(analyze_n("id", FULL, s, (int)sizeof s - 1, &t), 0);
  assert_string_equal(terms(&t), "bad utf ok akhir");
  /* offsets still point at the right bytes */
  assert_memory_equal(s + t.v[3].start, "akhir", 5);
}

static void huge_token(void **state) {
  toks t;
  char *s = malloc(10241);
  (void)state;
  memset(s, 'a', 10240);
  s[10240] = 0;
  assert_int_equal(analyze_text("id", FULL, s, &t), 0);
  assert_int_equal(t.n, 1);
  assert_int_equal(t.v[0].start, 0);
  assert_int_equal(t.v[0].end, 10240);
  assert_int_equal((int)strlen(t.v[0].term), WARTA_MAX_TERM);
  free(s);
}

static void huge_multibyte_token(void **state) {
  toks t;
  /* 4000 × "ж": the cut keeps whole characters */
  char *s = malloc(8001);
  (void)state;
  for (int i = 0; i < 4000; i++)
    s[2 * i] = '\xd0', s[2 * i + 1] = '\xb6';
  s[8000] = 0;
  assert_int_equal(analyze_text("und", NONE, s, &t), 0);
  assert_int_equal(t.n, 1);
  assert_int_equal((int)strlen(t.v[0].term) % 2, 0);
  free(s);
}

static void callback_stops(void **state) {
  toks t;
  (void)state;
  char many[MAXTOK * 3 + 64];
  size_t n = 0;
  for (int i = 0; i < MAXTOK + 10; i++)
    n += (size_t)snprintf(many + n, sizeof many - n, "a ");
  /* the collector returns 99 when full: the code comes back verbatim */
  assert_int_equal(analyze_text("und", NONE, many, &t), 99);
}

static void function_words(void **state) {
  warta_analyzer *a = NULL;
  (void)state;
  assert_int_equal(warta_analyzer_new("id", FULL, &a, NULL), 0);
  assert_true(warta_analyzer_is_function_term(a, "yang", 4));
  assert_true(warta_analyzer_is_function_term(a, "apa", 3));
  assert_false(warta_analyzer_is_function_term(a, "sama", 4));
  warta_analyzer_free(a);
}

static void lexicon_sorted(void **state) {
  (void)state;
  assert_true(warta_lexicon_check());
}

static void stemming_names(void **state) {
  (void)state;
  assert_int_equal(warta_stemming_parse("full"), WARTA_STEM_FULL);
  assert_int_equal(warta_stemming_parse("snowball"), WARTA_STEM_RULES);
  assert_int_equal(warta_stemming_parse("rules"), WARTA_STEM_RULES);
  assert_int_equal(warta_stemming_parse("none"), WARTA_STEM_NONE);
  assert_int_equal(warta_stemming_parse("porter"), -1);
  assert_string_equal(warta_stemming_name(WARTA_STEM_RULES), "rules");
}

static void missing_dictionary(void **state) {
  warta_analyzer *a = NULL;
  char *err = NULL;
  (void)state;
  setenv("WARTA_HUNSPELL_DIR", "/nonexistent", 1);
  assert_int_not_equal(warta_analyzer_new("ms", FULL, &a, &err), 0);
  assert_null(a);
  assert_non_null(err);
  assert_non_null(strstr(err, "WARTA_HUNSPELL_DIR"));
  free(err);
  unsetenv("WARTA_HUNSPELL_DIR");
}

/* Acronyms written out: the pairs found in text, "acr=name;..." */
static int add_pair(void *ctx, const char *acr, int na, const char *name, int nn) {
  char *out = ctx;
  size_t n = strlen(out);
  snprintf(out + n, 1024 - n, "%.*s=%.*s;", na, acr, nn, name);
  return 0;
}

static const char *pairs_of(const char *text, char out[1024]) {
  warta_analyzer *f = NULL;
  out[0] = 0;
  assert_int_equal(warta_analyzer_new("", NONE, &f, NULL), 0);
  assert_int_equal(warta_acronyms_find(f, text, (int)strlen(text), add_pair, out), 0);
  warta_analyzer_free(f);
  return out;
}

static void acronyms_written_out(void **state) {
  static const struct {
    const char *text, *want;
  } cases[] = {
      /* the fewest words before it that fit; both ways round */
      {"Ketua Komisi Pemberantasan Korupsi (KPK) Agus Rahardjo",
       "kpk=komisi pemberantasan korupsi;"},
      {"Menurut KPK (Komisi Pemberantasan Korupsi), saksi", "kpk=komisi pemberantasan korupsi;"},
      /* syllables: each word gives the first letters of itself */
      {"Badan Perencanaan Pembangunan Nasional (Bappenas)",
       "bappenas=badan perencanaan pembangunan nasional;"},
      {"Kementerian Keuangan (Kemenkeu) mencatat", "kemenkeu=kementerian keuangan;"},
      /* a function word may give nothing, a closing Republik Indonesia
      ** too; commas may part the words */
      {"Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)",
       "bmkg=badan meteorologi klimatologi dan geofisika;"},
      {"Dewan Perwakilan Rakyat Republik Indonesia (DPR) bersidang",
       "dpr=dewan perwakilan rakyat;"},
      /* a full stop ends a long name */
      {"di Bandung. Komisi Pemberantasan Korupsi (KPK)", "kpk=komisi pemberantasan korupsi;"},
      /* what does not fit, or is no acronym as written */
      {"Kepolisian Negara Republik Indonesia (Polri)", ""},
      {"di Jakarta (ANTARA) - Presiden", ""},
      {"Komisi Pemberantasan Korupsi (kpk)", ""},
      {"Jakarta (Jak)", ""},
      {"Komisi Pemberantasan Korupsi (KPK", ""},
      {"Komisi Pemberantasan Korupsi (Rabu, 18/9)", ""},
      /* two in one text */
      {"Tentara Nasional Indonesia (TNI) dan Badan Narkotika Nasional (BNN) bekerja sama",
       "tni=tentara nasional indonesia;bnn=badan narkotika nasional;"},
  };
  char b[1024];
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_string_equal(pairs_of(cases[i].text, b), cases[i].want);
}

static void acronym_letters_fit(void **state) {
  const char *w[] = {"komisi", "pemberantasan", "korupsi"};
  int n[] = {6, 13, 7};
  (void)state;
  assert_int_equal(warta_acronym_fits("kpk", 3, w, n, 3), 3);
  assert_int_equal(warta_acronym_fits("kopk", 4, w, n, 3), 3); /* ko, p, k */
  assert_int_equal(warta_acronym_fits("kpx", 3, w, n, 3), 0);
  assert_int_equal(warta_acronym_fits("kp", 2, w, n, 3), 0); /* korupsi gives nothing */
  assert_int_equal(warta_acronym_fits("k", 1, w, n, 1), 0);  /* one word is no acronym */
}

/* The fingerprint of the words of text (split at spaces). */
static void print_of(const char *text, warta_print *p) {
  warta_print_init(p);
  for (const char *w = text; *w;) {
    size_t n = strcspn(w, " ");
    if (n) warta_print_word(p, w, n);
    w += n + (w[n] == ' ');
  }
}

/* The words w<from>..w<to - 1> of a made-up text, then w<tail>.. to 250
** words in all, into p. */
static void print_words(warta_print *p, int from, int to, int tail) {
  char w[16];
  warta_print_init(p);
  for (int i = 0; i < 250; i++) {
    int n = snprintf(w, sizeof w, "w%d", i < to - from ? from + i : tail + i);
    warta_print_word(p, w, (size_t)n);
  }
}

/* The lede's minima are those of the shingles within its first
** WARTA_PRINT_LEDE words: a text with another ending keeps its lede's, one
** with another opening does not. */
static void lede_prints(void **state) {
  (void)state;
  warta_print a, b;
  print_words(&a, 0, 250, 0);
  print_words(&b, 0, 200, 5000); /* the same first 200 words */
  assert_true(warta_print_resemblance(a.lede, b.lede) == 1.0);
  assert_true(warta_print_resemblance(a.min, b.min) < 1.0);
  print_words(&b, 1000, 1150, 0); /* another 150 words first, then a's */
  assert_true(warta_print_resemblance(a.lede, b.lede) < 0.25);
  assert_true(warta_print_resemblance(a.min, b.min) > warta_print_resemblance(a.lede, b.lede));
}

/* Copies agree on their minima in proportion to the shingles they share. */
static void fingerprints(void **state) {
  (void)state;
  static const char base[] =
      "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas tiga belas "
      "empat belas lima belas enam belas tujuh belas delapan belas sembilan belas dua puluh "
      "kata lain yang panjang sekali untuk membuat teks berita yang cukup banyak katanya";
  warta_print a, b, c;
  print_of(base, &a);
  print_of(base, &b);
  assert_int_equal(warta_print_shingles(&a), 40);
  assert_true(warta_print_resemblance(a.min, b.min) == 1.0);
  /* one word changed near the end: three shingles of 40 differ */
  print_of("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas tiga "
           "belas empat belas lima belas enam belas tujuh belas delapan belas sembilan belas dua "
           "puluh kata lain yang panjang sekali untuk membuat teks kabar yang cukup banyak katanya",
           &c);
  assert_true(warta_print_resemblance(a.min, c.min) >= 0.75);
  /* other words altogether */
  print_of("pemerintah daerah menetapkan status tanggap darurat setelah banjir bandang menerjang "
           "desa desa di lereng gunung pada malam hari ketika hujan deras turun",
           &c);
  assert_true(warta_print_resemblance(a.min, c.min) <= 0.1);
  /* fewer words than a shingle: no shingle, no minimum set */
  print_of("dua kata", &c);
  assert_int_equal(warta_print_shingles(&c), 0);
  assert_true(c.min[0] == UINT32_MAX);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(offsets_are_bytes),
      cmocka_unit_test(casefold_nfkc),
      cmocka_unit_test(apostrophes),
      cmocka_unit_test(snowball_rules),
      cmocka_unit_test(dictionary_roots),
      cmocka_unit_test(clitics),
      cmocka_unit_test(hows),
      cmocka_unit_test(compounds),
      cmocka_unit_test(reduplication),
      cmocka_unit_test(lexical_reduplication),
      cmocka_unit_test(numbers),
      cmocka_unit_test(hyphens),
      cmocka_unit_test(acronyms),
      cmocka_unit_test(english),
      cmocka_unit_test(empty_input),
      cmocka_unit_test(invalid_utf8),
      cmocka_unit_test(huge_token),
      cmocka_unit_test(huge_multibyte_token),
      cmocka_unit_test(callback_stops),
      cmocka_unit_test(function_words),
      cmocka_unit_test(lexicon_sorted),
      cmocka_unit_test(stemming_names),
      cmocka_unit_test(missing_dictionary),
      cmocka_unit_test(acronyms_written_out),
      cmocka_unit_test(acronym_letters_fit),
      cmocka_unit_test(lede_prints),
      cmocka_unit_test(fingerprints),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
