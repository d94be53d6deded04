#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/exitcode.h"
#include "config.h"

#define DEFAULT_LISTEN "127.0.0.1:8378"

static const char usage_line[] = "usage: warta-serve [OPTIONS] [--db PATH]\n";

static void help(void) {
  printf("%s", usage_line);
  printf("Serve a warta index over HTTP: the newsroom's search page at /, and a JSON\n"
         "API (docs/api.md). Read-only; a nightly warta-index run's changes are seen\n"
         "without a restart. Stops on SIGINT or SIGTERM.\n"
         "\n"
         "Routes:\n"
         "  /                     the search page (HTML; ?hl=en for English)\n"
         "  /article?key=KEY      an article whole, the words of &q=... marked\n"
         "  /api/search?q=...     hits as JSON: q, since, until, source, lang, sort,\n"
         "                        offset, n, per_doc, facets, like, explain, count,\n"
         "                        partial, exact\n"
         "                        partial, copies, story\n"
         "  /api/article/KEY      an article and all its passages as JSON\n"
         "  /healthz              200 and the index's article count (\"degraded\" when\n"
         "                        shards do not answer), or 503\n"
         "\n"
         "Options:\n"
         "  --db PATH            the index [default: $WARTA_DB, else warta.db]\n"
         "  --listen ADDR:PORT   where to listen; [ADDR]:PORT for IPv6; port 0: any\n"
         "                       free port (the address is printed on stdout)\n"
         "                       [default: " DEFAULT_LISTEN "]\n"
         "  --threads N          worker threads, each with its own reader of the\n"
         "                       index [default: 4]\n"
         "  --max-connections N  connections at once; more are refused [default: 256]\n"
         "  --per-ip N           connections at once from one address; 0: no limit\n"
         "                       [default: 64]\n"
         "  --partial            with a stub of shards: a search answers from those that\n"
         "                       answer and names the others (partial=0 asks for all);\n"
         "                       without it, only one with partial=1 does, the rest get\n"
         "                       503 while a shard is missing\n"
         "  --synonyms FILE      names that stand for one another, one group a line\n"
         "                       (Jokowi = Joko Widodo), added to searches (exact=1:\n"
         "                       not) [default: the built-in list; /dev/null: none]\n"
         "  --timeout SECONDS    the time a request may take to arrive, or an answer\n"
         "                       to be sent, before the connection is closed\n"
         "                       [default: 15]\n"
         "  -q, --quiet          log only errors\n"
         "  -v, --verbose        log every request\n"
         "  -h, --help           show this help\n"
         "  -V, --version        show the version\n"
         "\n"
         "Exit status: 0 stopped by SIGINT or SIGTERM, 2 usage error, 4 index\n"
         "unusable (of a stub: no shard answers), 5 index needs a rebuild, 7 cannot\n"
         "listen on the address.\n");
}

static int usage_error(const char *fmt, const char *arg) {
  return warta_usage_error("warta-serve", usage_line, fmt, arg);
}

enum {
  OPT_DB = 256,
  OPT_LISTEN,
  OPT_THREADS,
  OPT_MAXCONN,
  OPT_PERIP,
  OPT_TIMEOUT,
  OPT_PARTIAL,
  OPT_SYNONYMS
};

int serve_parse_options(int argc, char **argv, serve_opts *o) {
  static const struct option longs[] = {
      {"db", required_argument, NULL, OPT_DB},
      {"listen", required_argument, NULL, OPT_LISTEN},
      {"threads", required_argument, NULL, OPT_THREADS},
      {"max-connections", required_argument, NULL, OPT_MAXCONN},
      {"per-ip", required_argument, NULL, OPT_PERIP},
      {"timeout", required_argument, NULL, OPT_TIMEOUT},
      {"partial", no_argument, NULL, OPT_PARTIAL},
      {"synonyms", required_argument, NULL, OPT_SYNONYMS},
      {"quiet", no_argument, NULL, 'q'},
      {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  const char *env = getenv("WARTA_DB");
  int c;
  memset(o, 0, sizeof *o);
  o->db = env && *env ? env : "warta.db";
  o->listen = DEFAULT_LISTEN;
  o->threads = 4;
  o->max_connections = 256;
  o->per_ip = 64;
  o->timeout = 15;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":qvhV", longs, NULL)) != -1) {
    switch (c) {
    case OPT_DB: o->db = optarg; break;
    case OPT_LISTEN: o->listen = optarg; break;
    case OPT_THREADS:
      if (warta_parse_int(optarg, 1, 256, &o->threads))
        return usage_error("bad --threads '%s' (1 to 256)", optarg);
      break;
    case OPT_MAXCONN:
      if (warta_parse_int(optarg, 1, 100000, &o->max_connections))
        return usage_error("bad --max-connections '%s' (1 to 100000)", optarg);
      break;
    case OPT_PERIP:
      if (warta_parse_int(optarg, 0, 100000, &o->per_ip))
        return usage_error("bad --per-ip '%s' (0 to 100000)", optarg);
      break;
    case OPT_TIMEOUT:
      if (warta_parse_int(optarg, 1, 3600, &o->timeout))
        return usage_error("bad --timeout '%s' (1 to 3600 seconds)", optarg);
      break;
    case OPT_PARTIAL: o->partial = 1; break;
    case OPT_SYNONYMS: o->synonyms = optarg; break;
    case 'q': o->verbosity = -1; break;
    case 'v': o->verbosity = 1; break;
    case 'h': help(); return WARTA_EXIT_OK;
    case 'V': printf("warta-serve %s\n", WARTA_VERSION); return WARTA_EXIT_OK;
    case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
    default: return usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind < argc) return usage_error("unexpected argument '%s'", argv[optind]);
  return -1;
}
