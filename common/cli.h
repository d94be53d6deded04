/*
** Command-line helpers shared by warta-index and warta-query.
*/
#ifndef WARTA_CLI_H
#define WARTA_CLI_H

/* Parse a whole decimal integer in [lo, hi] into *out; 0, or -1 when s is
** anything else. */
int warta_parse_int(const char *s, int lo, int hi, int *out);

/* Print "PROG: <fmt with arg>", the usage lines and a pointer to --help on
** stderr, as jq and zstd do; returns WARTA_EXIT_USAGE. */
int warta_usage_error(const char *prog, const char *usage, const char *fmt, const char *arg);

#endif
