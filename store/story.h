/*
** Stories: the copies of one article that outlets publish (a wire story
** run lightly edited by many). Internal to store/.
**
** Each article long enough gets a MinHash fingerprint of its passages'
** shingles (analysis/print.h), and of its lede's. Two articles are copies
** when their fingerprints agree on at least STORY_RESEMBLANCE of their
** minima, their ledes' on at least STORY_LEDE_RESEMBLANCE (when both are
** known), and their dates (when both have one) are at most STORY_DAYS
** days apart.
** Copies are found through bands: the minima cut into STORY_BANDS groups
** of STORY_ROWS, each group hashed; two articles sharing a band are
** candidates (locality-sensitive hashing: a pair of resemblance r shares
** one with probability 1 - (1 - r^2)^16: 0.64 at 0.25, 0.92 at 0.4, 0.99
** at 0.5), then the minima decide. The indexer looks the bands up in its
** state (all the index's shards, and what this run wrote before it); every
** article also carries them as terms (P_BAND), so that any reader finds an
** article's possible copies in any database, remote shards too.
**
** An article found a copy joins the story of its closest copy; otherwise
** it starts one, named by its own id. The story's id is the collapse key
** (V_STORY) that folds copies at query time, and a term (P_STORY) that
** lists them.
*/
#ifndef WARTA_STORY_H
#define WARTA_STORY_H

#include <stdint.h>

#include "analysis/print.h"
#include "common/buf.h"
#include "schema.h"
#include "xdb.h"

/* The chosen setting, on bench/copies/'s 322 judged pairs (in-sample: three
** settings were tried there, nothing else; `bench/copies/eval.py`):
**   24 minima, 6 bands of 4, resemblance >= 0.5: precision 0.884, recall 0.550
**   32 minima, 16 bands of 2, >= 0.4:             precision 0.784, recall 0.721
**   32 minima, 16 bands of 2, >= 0.3:             precision 0.748, recall 0.856
** the last chosen (F1 0.80 against 0.68 and 0.75); the published SimHash
** setting gives precision 1.000 and recall 0.099 there. */
#define STORY_BANDS 16        /* bands of the fingerprint */
#define STORY_ROWS 2          /* minima per band: STORY_BANDS * STORY_ROWS of them */
#define STORY_RESEMBLANCE 0.3 /* copies agree on at least this share of minima */
#define STORY_MIN_SHINGLES                                                                         \
  20 /* a text of fewer shingles gets no fingerprint: a one-line item                              \
     ** is alike too often to tell stories apart */
#define STORY_DAYS                                                                                 \
  7 /* copies are published within this many days: the same                                        \
    ** template filled on other days (prices, weather) is another story */

/* The lede check (bench/copies/README.md, "The lede"): on the 322 pairs,
** the detector above (precision 0.748, recall 0.856) with the exact
** 3-shingle Jaccard of the two ledes required to reach a threshold, the
** lede's length (40..200 words, 100000: the whole text) and the threshold
** (0..0.55) chosen by 5-fold cross-validation nested in the folds: 200
** words in every fold, 0.25 in four and 0.2 in one; held out, precision
** 0.850 and recall 0.820 (F1 0.798 -> 0.835; 16 pairs decided right
** that were wrong, 4 wrong that were right: exact McNemar p = 0.012). With
** the lede's 32 minima estimating that Jaccard, 8 of them (a quarter)
** gives precision 0.835 and recall 0.820 on the same pairs (6: 0.800 /
** 0.829; 10: 0.846 / 0.793). */
#define STORY_LEDE_RESEMBLANCE 0.25 /* the ledes' minima agree on at least this share */

/* A fingerprint as the state keeps it: the text's minima, then its
** lede's; a state written before the lede keeps only the first (the lede
** then unknown: every minimum UINT32_MAX). */
#define STORY_PRINT (2 * WARTA_PRINT_MINS)

_Static_assert(STORY_BANDS *STORY_ROWS == WARTA_PRINT_MINS, "a band for every minimum");

/* The bands of the minima min[STORY_BANDS * STORY_ROWS], each 32 bits. */
void story_bands(const uint32_t *min, uint32_t band[STORY_BANDS]);

/* Whether two articles of fingerprints a and b (STORY_PRINT values each)
** and dates da and db (ISO 8601 or NULL) are copies of one story. */
int story_copies(const uint32_t *a, const char *da, const uint32_t *b, const char *db);

struct wstate;
/*
** The story of the article aid (of date, may be NULL) with the fingerprint
** min (STORY_PRINT values; NULL: too short for one) into
** story[0..AID_LEN]: its closest
** copy's among the state's articles other than itself, else its own id.
** Returns WARTA_OK, or the state's error.
*/
int story_find(struct wstate *s, const char *aid, const uint32_t *min, const char *date,
               char story[AID_LEN + 1]);

/*
** Mark document d as a copy in story (joined: 1 when story was begun by
** another article; T_JOINED), with its fingerprint's bands when it has
** one (min, else NULL): P_STORY, P_BAND terms, V_STORY and V_COPY (of
** source, may be NULL, and key, the article's record key or its path).
** scratch is the caller's. Returns WARTA_OK or WARTA_NOMEM.
*/
int story_mark(xdoc *d, warta_buf *scratch, const char *story, int joined, const uint32_t *min,
               const char *source, const char *key);

/* The value V_COPY for (story, source, key) into b. */
void story_copy_value(warta_buf *b, const char *story, const char *source, const char *key);

/* The articles of any of the stories story[0..n) (NULL entries skipped):
** an OR of their P_STORY terms, the caller's to xq_free(). NULL when out
** of memory, or when no story is given (*none set to 1). */
xq *story_query(const char *const *story, int n, int *none);

#endif
