#include "load.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/rc.h"
#include "source.h"

void warta_blob_free(warta_blob *b) {
  if (!b) return;
  free(b->p);
  b->p = NULL;
  b->n = 0;
}

int warta_load(const char *path, int gzip, size_t max, warta_blob *out, char *err, size_t nerr) {
  warta_source_opts o = {max, 0, 1, NULL, 0};
  warta_source *s = NULL;
  out->p = NULL;
  out->n = 0;
  err[0] = 0;
  int rc = warta_source_open(path, gzip, &o, &s);
  if (rc == WARTA_OK) rc = warta_source_read_all(s, out);
  if (rc) snprintf(err, nerr, "%s", s ? warta_source_errmsg(s) : "out of memory");
  warta_source_close(s);
  return rc;
}
