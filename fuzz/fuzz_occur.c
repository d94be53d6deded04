/*
** occ_table_read(), occ_table_positions() and occ_table_each() on any
** bytes: a table is read or refused (WARTA_CORRUPT), never read past its
** end; positions come out ascending, the layout's passages in order, and
** no more terms are listed than the table says it holds.
*/
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "fuzz.h"
#include "store/occur.h"

static int count_term(void *ctx, const char *t, size_t n, uint32_t npos) {
  (void)t;
  (void)npos;
  FUZZ_CHECK(n <= 255);
  ++*(uint32_t *)ctx;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *v = malloc(size ? size : 1); /* exactly size: ASan sees overreads */
  if (!v) return 0;
  memcpy(v, data, size);
  occ_table t;
  int rc = occ_table_read(v, size, &t);
  FUZZ_CHECK(rc == WARTA_OK || rc == WARTA_CORRUPT || rc == WARTA_NOMEM);
  if (rc == WARTA_OK) {
    for (int i = 1; i < t.l.n; i++)
      FUZZ_CHECK(t.l.first[i] >= t.l.first[i - 1] + t.l.len[i - 1]);
    const char *w[] = {"a", "kerja", "Ukerja", "sama", "\xff\xff"};
    int lens[] = {1, 5, 6, 4, 2};
    uint32_t *pos[5];
    int npos[5];
    rc = occ_table_positions(&t, w, lens, 5, pos, npos);
    FUZZ_CHECK(rc == WARTA_OK || rc == WARTA_CORRUPT || rc == WARTA_NOMEM);
    for (int i = 0; i < 5; i++) {
      for (int k = 1; k < npos[i]; k++)
        FUZZ_CHECK(pos[i][k] > pos[i][k - 1]);
      free(pos[i]);
    }
    uint32_t listed = 0;
    rc = occ_table_each(&t, count_term, &listed);
    FUZZ_CHECK(rc == WARTA_OK || rc == WARTA_CORRUPT);
    FUZZ_CHECK(listed <= t.nterms && (rc != WARTA_OK || listed == t.nterms));
  }
  occ_table_free(&t);
  free(v);
  return 0;
}
