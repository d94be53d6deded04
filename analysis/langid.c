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

const char *warta_langid_detect(warta_langid *l, const char *text, size_t n) {
  if (l->n == 1 || n < MIN_BYTES) return l->code[0];
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
