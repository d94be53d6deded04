#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "exitcode.h"

int warta_parse_int(const char *s, int lo, int hi, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < lo || v > hi) return -1;
  *out = (int)v;
  return 0;
}

int warta_usage_error(const char *prog, const char *usage, const char *fmt, const char *arg) {
  fprintf(stderr, "%s: ", prog);
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n%sTry '%s --help' for more.\n", usage, prog);
  return WARTA_EXIT_USAGE;
}
