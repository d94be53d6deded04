/*
** Command-line helpers shared by warta-index and warta-query.
*/
#ifndef WARTA_CLI_H
#define WARTA_CLI_H

/* Parse a whole decimal integer in [lo, hi] into *out; 0, or -1 when s is
** anything else. */
int warta_parse_int(const char *s, int lo, int hi, int *out);

/* Print "PROG: <fmt with arg>", the usage lines and a pointer to --help on
** stderr, as jq and zstd do; returns WARTA_EXIT_USAGE. fmt holds one %s,
** for arg (not NULL), which is escaped (escape.h). */
int warta_usage_error(const char *prog, const char *usage, const char *fmt, const char *arg);

/* What a tool's handler of some of its options returns for an option it
** does not handle (beside -1, taken: go on, and an exit code). */
#define WARTA_OPT_OTHER (-2)

/* The options both tools take, and getopt's complaints, as getopt_long()
** returned c for the argument given: -q and -v set *verbosity (then -1);
** -h calls help() and -V prints "PROG VERSION" (then WARTA_EXIT_OK); a
** missing value (':') and any other c are usage errors naming given (their
** exit code, warta_usage_error()). */
int warta_common_option(int c, const char *prog, const char *version, const char *usage,
                        const char *given, void (*help)(void), int *verbosity);

/*
** Flush and close standard output at the end of main(), as every tool that
** writes its answer there must (a full disk, a closed descriptor: writing
** to /dev/full "succeeds" until the buffer is flushed). Returns code when
** everything written reached its destination; otherwise prints
** "PROG: cannot write the output: REASON" on stderr and returns
** WARTA_EXIT_INTERNAL in place of WARTA_EXIT_OK or WARTA_EXIT_PARTIAL (a
** graver code is kept; WARTA_EXIT_INTERNAL means the failure was reported
** already, and nothing more is said).
*/
int warta_close_stdout(const char *prog, int code);

#endif
