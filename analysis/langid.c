#include "langid.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libexttextcat/fingerprint.h>

#include "common/buf.h"
#include "common/rc.h"
#include "config.h"

#define MAX_CANDIDATES 16
#define SAMPLE_BYTES                                                                               \
  1024                 /* the opening of a text says enough (and fp_Create is                      \
                       ** a third of indexing time at 4 KiB) */
#define MIN_BYTES 40   /* below this, trust the fallback */
#define TIE_RATIO 1.03 /* scores this close to the best are a tie */

struct warta_langid {
  int n;                         /* number of candidates */
  int quick;                     /* the candidates are id,en,ms: the quick
                                 ** verdict applies */
  char code[MAX_CANDIDATES][16]; /* their codes */
  void *fp[MAX_CANDIDATES];      /* their fingerprints */
};

static const char *fp_dir(void) {
  const char *env = getenv("WARTA_TEXTCAT_DIR");
  return env && *env ? env : WARTA_TEXTCAT_DIR;
}

static int load(warta_langid *l, const char *code, size_t len, char **err) {
  char path[4096];
  if (len == 0 || len >= sizeof l->code[0]) return WARTA_ERROR;
  if (l->n == MAX_CANDIDATES) return WARTA_TOOBIG;
  memcpy(l->code[l->n], code, len);
  l->code[l->n][len] = 0;
  for (size_t i = 0; i < len; i++) {
    char c = code[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) {
      if (err) *err = warta_strdupf("invalid language code '%s'", l->code[l->n]);
      return WARTA_ERROR;
    }
  }
  snprintf(path, sizeof path, "%s/%s.lm", fp_dir(), l->code[l->n]);
  void *fp = fp_Init(l->code[l->n]);
  if (!fp) return WARTA_NOMEM;
  fp_SetProperty(fp, TCPROP_UTF8AWARE, TC_TRUE);
  if (fp_Read(fp, path, 400) == 0) {
    fp_Done(fp);
    if (err) *err = warta_strdupf("no language fingerprint %s (set WARTA_TEXTCAT_DIR)", path);
    return WARTA_NOTFOUND;
  }
  l->fp[l->n++] = fp;
  return WARTA_OK;
}

int warta_langid_new(const char *candidates, warta_langid **out, char **err) {
  int rc = WARTA_OK;
  warta_langid *l = calloc(1, sizeof *l);
  *out = NULL;
  if (err) *err = NULL;
  if (!l) return WARTA_NOMEM;
  if (!candidates || !*candidates) candidates = WARTA_LANGID_DEFAULT;
  for (const char *p = candidates; rc == WARTA_OK && *p;) {
    size_t len = strcspn(p, ",");
    if (len) rc = load(l, p, len, err);
    p += len + (p[len] == ',');
  }
  if (rc == WARTA_OK && l->n == 0) rc = WARTA_ERROR;
  l->quick = rc == WARTA_OK && l->n == 3 && !strcmp(l->code[0], "id") &&
             !strcmp(l->code[1], "en") && !strcmp(l->code[2], "ms") && !getenv("WARTA_LANGID_SLOW");
  if (rc) {
    if (err && !*err) *err = warta_strdupf("invalid language list '%s'", candidates);
    warta_langid_free(l);
    return rc;
  }
  *out = l;
  return WARTA_OK;
}

void warta_langid_free(warta_langid *l) {
  if (!l) return;
  for (int i = 0; i < l->n; i++)
    fp_Done(l->fp[i]);
  free(l);
}

const char *warta_langid_default(const warta_langid *l) { return l->code[0]; }

/*
** A quick verdict from function words, before the n-gram fingerprints: in
** a news archive most texts are plainly Indonesian or plainly English, and
** their opening words say so at a fraction of fp_Create's cost (the largest
** single cost of indexing). Only for the default candidates: Indonesian
** first, then English and Malay. Malay shares most function words with
** Indonesian; a text with any word typical of Malay spelling, or with words
** of both groups, goes to the fingerprints.
*/
static const char *const id_ms_words[] = {
    "yang", "dan",  "di",   "ini",   "itu", "dengan", "untuk", "dari", "ke",      "dalam",
    "akan", "pada", "juga", "tidak", "ada", "adalah", "oleh",  "atau", "telah",   "sudah",
    "para", "saat", "bisa", "kata",  "ia",  "mereka", "kami",  "bagi", "setelah", "namun"};
static const char *const ms_words[] = {"bahawa", "kerana",   "iaitu", "ialah",  "sahaja",
                                       "boleh",  "daripada", "pun",   "beliau", "sebagaimana"};
static const char *const en_words[] = {"the",  "and",  "of",  "to",   "in",  "is",  "that", "was",
                                       "for",  "with", "on",  "said", "he",  "it",  "as",   "by",
                                       "at",   "from", "his", "have", "has", "are", "be",   "this",
                                       "will", "they", "an",  "not",  "but", "who"};

static int in_list(const char *w, size_t n, const char *const *list, size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0) return 1;
  }
  return 0;
}

#define QUICK_WORDS 80 /* words looked at */
#define QUICK_MIN 6    /* function words needed for a verdict */

/* 0: Indonesian, 1: English, -1: no verdict. */
static int quick_verdict(const char *text, size_t n) {
  int idms = 0, en = 0, ms = 0, words = 0;
  size_t i = 0;
  while (i < n && words < QUICK_WORDS) {
    while (i < n && !((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z'))
      i++;
    char w[16];
    size_t k = 0;
    while (i < n && ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')) {
      if (k < sizeof w) w[k] = (char)(text[i] | 0x20);
      k++, i++;
    }
    if (k == 0 || k > sizeof w) continue;
    words++;
    idms += in_list(w, k, id_ms_words, sizeof id_ms_words / sizeof id_ms_words[0]);
    en += in_list(w, k, en_words, sizeof en_words / sizeof en_words[0]);
    ms += in_list(w, k, ms_words, sizeof ms_words / sizeof ms_words[0]);
  }
  if (ms) return -1;
  if (idms >= QUICK_MIN && en <= idms / 8) return 0;
  if (en >= QUICK_MIN && idms <= en / 8) return 1;
  return -1;
}

const char *warta_langid_detect(warta_langid *l, const char *text, size_t n) {
  if (l->n == 1 || n < MIN_BYTES) return l->code[0];
  if (l->quick) {
    int v = quick_verdict(text, n);
    if (v == 0) return l->code[0];
    if (v == 1) return l->code[1];
  }
  if (n > SAMPLE_BYTES) {
    n = SAMPLE_BYTES;
    while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
      n--; /* whole chars */
  }
  void *unknown = fp_Init(NULL);
  if (!unknown) return l->code[0];
  fp_SetProperty(unknown, TCPROP_UTF8AWARE, TC_TRUE);
  fp_SetProperty(unknown, TCPROP_MINIMUM_DOCUMENT_SIZE, 1);
  int best = 0;
  if (fp_Create(unknown, text, (unsigned)n, 400)) {
    int score[MAX_CANDIDATES], bestscore = INT_MAX;
    for (int i = 0; i < l->n; i++) {
      score[i] = fp_Compare(l->fp[i], unknown, INT_MAX);
      if (score[i] < bestscore) bestscore = score[i], best = i;
    }
    /* Close calls go to the first candidate: n-gram profiles barely tell
    ** Indonesian from Malay, and an archive's main language is the safer
    ** guess (textcat itself calls scores within 3% a tie). */
    if (best != 0 && (double)score[0] <= (double)bestscore * TIE_RATIO) best = 0;
  }
  fp_Done(unknown);
  return l->code[best];
}
