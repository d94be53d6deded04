#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "exitcode.h"

int warta_parse_int(const char *s, int lo, int hi, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < lo || v > hi) return -1;
  *out = (int)v;
  return 0;
}

int warta_close_stdout(const char *prog, int code) {
  int failed = ferror(stdout) != 0;
  errno = 0;
  if (fflush(stdout) != 0) failed = 1;
  int e = errno;
  if (fclose(stdout) != 0 && !failed) failed = 1, e = errno;
  if (!failed || code == WARTA_EXIT_INTERNAL) return code; /* said already */
  fprintf(stderr, "%s: cannot write the output: %s\n", prog, e ? strerror(e) : "write error");
  return code == WARTA_EXIT_OK || code == WARTA_EXIT_PARTIAL ? WARTA_EXIT_INTERNAL : code;
}

int warta_usage_error(const char *prog, const char *usage, const char *fmt, const char *arg) {
  warta_buf a = WARTA_BUF_INIT; /* an argument may come from data a script passes on */
  warta_escape(&a, arg, strlen(arg), 0);
  fprintf(stderr, "%s: ", prog);
  fprintf(stderr, fmt, a.err ? "(out of memory)" : a.p ? a.p : "");
  warta_buf_free(&a);
  fprintf(stderr, "\n%sTry '%s --help' for more.\n", usage, prog);
  return WARTA_EXIT_USAGE;
}

int warta_common_option(int c, const char *prog, const char *version, const char *usage,
                        const char *given, void (*help)(void), int *verbosity) {
  switch (c) {
  case 'q': *verbosity = -1; return -1;
  case 'v': *verbosity = 1; return -1;
  case 'h': help(); return WARTA_EXIT_OK;
  case 'V': printf("%s %s\n", prog, version); return WARTA_EXIT_OK;
  case ':': return warta_usage_error(prog, usage, "option '%s' needs a value", given);
  default: return warta_usage_error(prog, usage, "unknown option '%s'", given);
  }
}
