/*
** Stories: which articles are copies of one another (story.h).
*/
#include "story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "analysis/print.h"
#include "common/rc.h"
#include "state.h"

void story_bands(const uint32_t *min, uint32_t band[STORY_BANDS]) {
  for (int i = 0; i < STORY_BANDS; i++)
    band[i] =
        (uint32_t)XXH3_64bits_withSeed(min + i * STORY_ROWS, STORY_ROWS * sizeof *min, (uint64_t)i);
}

/* Days since 1970-01-01 of an ISO date's first ten bytes; 0 and -1 when
** it is not one. */
static int day_of(const char *iso, long *day) {
  int y, m, d;
  if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return -1;
  /* days from civil (proleptic Gregorian) */
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *day = era * 146097 + doe - 719468;
  return 0;
}

/* Whether the lede's minima of fingerprint p are known (a state written
** before them has none). */
static int lede_known(const uint32_t *p) {
  for (int i = WARTA_PRINT_MINS; i < STORY_PRINT; i++)
    if (p[i] != UINT32_MAX) return 1;
  return 0;
}

int story_copies(const uint32_t *a, const char *da, const uint32_t *b, const char *db) {
  if (warta_print_resemblance(a, b) < STORY_RESEMBLANCE) return 0;
  if (lede_known(a) && lede_known(b) &&
      warta_print_resemblance(a + WARTA_PRINT_MINS, b + WARTA_PRINT_MINS) < STORY_LEDE_RESEMBLANCE)
    return 0;
  long x, y;
  if (day_of(da, &x) || day_of(db, &y)) return 1; /* undated: the text decides */
  return labs(x - y) <= STORY_DAYS;
}

typedef struct finding {
  const char *aid;     /* the article's own id */
  const uint32_t *min; /* its fingerprint */
  const char *date;    /* its date, or NULL */
  double best;         /* resemblance of the closest copy so far (-1: none) */
  char story[AID_LEN + 1];
} finding;

static int consider(void *ctx, const char *aid, const uint32_t *min, const char *story,
                    const char *date) {
  finding *f = ctx;
  if (strcmp(aid, f->aid) == 0 || strlen(story) != AID_LEN) return 0;
  if (!story_copies(f->min, f->date, min, date)) return 0;
  double r = warta_print_resemblance(f->min, min);
  /* the closest; between equals the smallest id, so that the choice does
  ** not depend on the state's row order */
  if (r > f->best || (r == f->best && strcmp(story, f->story) < 0)) {
    f->best = r;
    memcpy(f->story, story, AID_LEN + 1);
  }
  return 0;
}

int story_find(struct wstate *s, const char *aid, const uint32_t *min, const char *date,
               char story[AID_LEN + 1]) {
  memcpy(story, aid, AID_LEN + 1);
  if (!min) return WARTA_OK;
  finding f = {aid, min, date, -1, ""};
  uint32_t band[STORY_BANDS];
  story_bands(min, band);
  int rc = state_story_candidates(s, band, consider, &f);
  if (rc == WARTA_OK && f.best >= 0) memcpy(story, f.story, AID_LEN + 1);
  return rc;
}

void story_copy_value(warta_buf *b, const char *story, const char *source, const char *key) {
  warta_buf_reset(b);
  warta_buf_puts(b, story);
  warta_buf_putc(b, '\t');
  /* a tab or newline in a source or key would cut the value wrongly */
  for (const char *p = source ? source : ""; *p; p++)
    warta_buf_putc(b, *p == '\t' || *p == '\n' ? ' ' : *p);
  warta_buf_putc(b, '\t');
  warta_buf_puts(b, key);
}

int story_mark(xdoc *d, warta_buf *b, const char *story, int joined, const uint32_t *min,
               const char *source, const char *key) {
  int rc;
  warta_buf_reset(b);
  warta_buf_puts(b, P_STORY);
  warta_buf_puts(b, story);
  if (b->err) return WARTA_NOMEM;
  if ((rc = xdoc_boolean(d, b->p, b->n)) || (rc = xdoc_value(d, V_STORY, story, strlen(story))))
    return rc;
  if (joined && (rc = xdoc_boolean(d, T_JOINED, strlen(T_JOINED)))) return rc;
  if (min) {
    char t[32];
    uint32_t band[STORY_BANDS];
    story_bands(min, band);
    for (int i = 0; i < STORY_BANDS; i++) {
      int n = snprintf(t, sizeof t, "%s%d%08x", P_BAND, i, (unsigned)band[i]);
      if ((rc = xdoc_boolean(d, t, (size_t)n))) return rc;
    }
  }
  story_copy_value(b, story, source, key);
  if (b->err) return WARTA_NOMEM;
  return xdoc_value(d, V_COPY, b->p, b->n);
}

xq *story_query(const char *const *story, int n, int *none) {
  xq **sub = calloc((size_t)(n ? n : 1), sizeof *sub);
  int k = 0, nomem = !sub;
  warta_buf t = WARTA_BUF_INIT;
  for (int i = 0; !nomem && i < n; i++) {
    if (!story[i]) continue;
    warta_buf_reset(&t);
    warta_buf_puts(&t, P_STORY);
    warta_buf_puts(&t, story[i]);
    if (t.err || !(sub[k++] = xq_term(t.p, t.n, 1))) nomem = 1;
  }
  warta_buf_free(&t);
  *none = !nomem && k == 0;
  xq *q = !nomem && k > 0 ? xq_op(XQ_OR, sub, k, 0) : NULL;
  for (int i = 0; sub && i < k; i++)
    xq_free(sub[i]);
  free(sub);
  return q;
}
