/*
** stub_parse() on any text: it never fails but for memory, every entry it
** returns is a local path or a remote host and port (never both), the
** remote ones are counted, and each has a name to show.
*/
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "store/stub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  stub_list l;
  int rc = stub_parse((const char *)data, size, "/base", &l);
  FUZZ_CHECK(rc >= 0);
  if (rc > 0) {
    FUZZ_CHECK(l.n == 0 && l.v == NULL);
    return 0;
  }
  int remote = 0;
  for (int i = 0; i < l.n; i++) {
    const stub_entry *e = &l.v[i];
    FUZZ_CHECK(e->name && *e->name);
    FUZZ_CHECK((e->path != NULL) != (e->host != NULL));
    if (e->host) {
      remote++;
      FUZZ_CHECK(*e->host && e->port >= 1 && e->port <= 65535);
      FUZZ_CHECK(strncmp(e->name, "remote ", 7) == 0);
    } else {
      FUZZ_CHECK(*e->path && !strchr(e->path, '\n'));
    }
  }
  FUZZ_CHECK(remote == l.remote);
  stub_list_free(&l);
  return 0;
}
