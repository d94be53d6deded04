/*
** Both tools' command lines: the input split into arguments (at NUL
** bytes, or at newlines when it holds none) and given, after the program's
** name, to query_parse_options() and index_parse_options(). Whatever the
** arguments, each returns -1 (go on) or an exit code of its usage; going
** on, the options hold what the parser promises: values within their
** ranges, a query or a queries file (warta-query), paths or one of
** --status, --check and --compact (warta-index). Usage errors go to stderr; --help and --version
** to stdout, sent to /dev/null here.
*/
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common/exitcode.h"
#include "fuzz.h"
#include "indexer/options.h"
#include "query/options.h"

/* argv for data: the program's name, then the arguments (NULL-terminated,
** pointing into *buf; free both). */
static char **split(const uint8_t *data, size_t size, const char *prog, char **buf, int *argc) {
  int sep = memchr(data, 0, size) ? 0 : '\n';
  size_t n = 2;
  for (size_t i = 0; i < size; i++)
    n += data[i] == sep;
  char **argv = malloc(sizeof *argv * (n + 1));
  *buf = malloc(size + 1);
  if (!argv || !*buf) {
    free(argv);
    free(*buf);
    return NULL;
  }
  memcpy(*buf, data, size);
  (*buf)[size] = 0;
  int k = 0;
  argv[k++] = (char *)prog;
  if (size > 0) {
    argv[k++] = *buf;
    for (size_t i = 0; i < size; i++) {
      if ((*buf)[i] == sep) {
        (*buf)[i] = 0;
        if (i + 1 < size) argv[k++] = *buf + i + 1;
      }
    }
  }
  argv[k] = NULL;
  *argc = k;
  return argv;
}

static void query_cli(const uint8_t *data, size_t size) {
  query_opts o;
  char *buf;
  int argc;
  char **argv = split(data, size, "warta-query", &buf, &argc);
  if (!argv) return;
  optind = 0; /* getopt starts afresh */
  int rc = query_parse_options(argc, argv, &o);
  FUZZ_CHECK(rc == -1 || rc == WARTA_EXIT_OK || rc == WARTA_EXIT_USAGE);
  if (rc == -1) {
    FUZZ_CHECK(o.db && (o.query || o.queries) && !(o.query && o.queries));
    FUZZ_CHECK(o.limit >= 1 && o.limit <= 100000 && o.offset >= 0 && o.offset <= 1000000);
    FUZZ_CHECK(o.per_doc >= 0 && o.per_doc <= 100000);
    FUZZ_CHECK(!o.since[0] || !o.until[0] || strcmp(o.since, o.until) <= 0);
    FUZZ_CHECK(o.sort >= WARTA_SORT_RELEVANCE && o.sort <= WARTA_SORT_OLDEST);
    FUZZ_CHECK(o.stemming >= -1 && o.stemming <= WARTA_STEM_NONE);
    FUZZ_CHECK(!o.since[0] || strlen(o.since) == 8);
    FUZZ_CHECK(!o.until[0] || strlen(o.until) == 8);
  }
  free(o.query);
  free(argv);
  free(buf);
}

static void index_cli(const uint8_t *data, size_t size) {
  index_opts o;
  char *buf;
  int argc;
  char **argv = split(data, size, "warta-index", &buf, &argc);
  if (!argv) return;
  optind = 0;
  int rc = index_parse_options(argc, argv, &o);
  FUZZ_CHECK(rc == -1 || rc == WARTA_EXIT_OK || rc == WARTA_EXIT_USAGE);
  if (rc == -1) {
    FUZZ_CHECK(o.db && o.batch >= 1 && o.max_bytes >= (1 << 20));
    FUZZ_CHECK(o.passages.min_words >= 1 && o.passages.min_words <= o.passages.max_words);
    int modes = o.status + o.check + o.compact; /* no PATH for these */
    FUZZ_CHECK(o.npaths > 0 ? modes == 0 : modes == 1);
    FUZZ_CHECK(o.npaths >= 0 && o.npaths < argc);
    FUZZ_CHECK(!o.shard_by || !strcmp(o.shard_by, "year") || !strcmp(o.shard_by, "month") ||
               !strcmp(o.shard_by, "none"));
    for (int i = 0; i < o.npaths; i++)
      FUZZ_CHECK(o.paths[i] != NULL);
  }
  free(argv);
  free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int quiet;
  if (!quiet) {
    quiet = freopen("/dev/null", "w", stdout) != NULL;
    unsetenv("WARTA_DB");
    unsetenv("POSIXLY_CORRECT");
  }
  query_cli(data, size);
  index_cli(data, size);
  return 0;
}
