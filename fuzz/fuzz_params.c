/*
** warta-serve's search parameters (serve/params.c) from any query string
** "name=value&..." (split here; values taken as they come): a request
** within the documented bounds, or an error 400 or 414 that names a
** parameter.
*/
#include <string.h>

#include "fuzz.h"
#include "serve/params.h"

typedef struct kv {
  char *name[32], *value[32];
  int n;
} kv;

static const char *get(void *ctx, const char *name) {
  kv *p = ctx;
  for (int i = 0; i < p->n; i++) {
    if (strcmp(p->name[i], name) == 0) return p->value[i];
  }
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1), *save = NULL;
  kv p = {{0}, {0}, 0};
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = 0;
  for (char *part = strtok_r(s, "&", &save); part && p.n < 32; part = strtok_r(NULL, "&", &save)) {
    char *eq = strchr(part, '=');
    if (eq) *eq = 0;
    p.name[p.n] = part;
    p.value[p.n++] = eq ? eq + 1 : part + strlen(part);
  }
  request r;
  params_extra x;
  params_error e;
  request_init(&r);
  if (params_read(get, &p, &r, &x, &e) == 0) {
    FUZZ_CHECK(r.limit >= 1 && r.limit <= PARAMS_MAX_LIMIT);
    FUZZ_CHECK(r.offset >= 0 && r.offset <= PARAMS_MAX_OFFSET);
    FUZZ_CHECK(r.per_doc >= 0 && r.per_doc <= PARAMS_MAX_PER_DOC);
    FUZZ_CHECK(strlen(r.since) == 0 || strlen(r.since) == 8);
    FUZZ_CHECK(strlen(r.until) == 0 || strlen(r.until) == 8);
    FUZZ_CHECK(!r.since[0] || !r.until[0] || strcmp(r.since, r.until) <= 0);
    FUZZ_CHECK(strlen(r.text) <= PARAMS_MAX_QUERY);
    FUZZ_CHECK(request_invalid(&r) == NULL);
  } else {
    FUZZ_CHECK(e.status == 400 || e.status == 414);
    FUZZ_CHECK(strncmp(e.msg, "bad parameter '", 15) == 0);
  }
  free(s);
  return 0;
}
