#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/cli.h"
#include "common/exitcode.h"
#include "analysis/analysis.h"
#include "config.h"

static const char usage_line[] = "usage: warta-query [OPTIONS] QUERY...\n"
                                 "       warta-query [OPTIONS] --queries FILE\n";

static void help(void) {
  printf("%s", usage_line);
  printf("Rank the passages of a warta index for QUERY and print the best.\n"
         "\n"
         "QUERY is free text: passages holding all of its words come first, then\n"
         "those holding some. \"Quoted words\" must occur as a phrase. Nothing in\n"
         "QUERY is syntax beyond double quotes.\n"
         "\n"
         "Options:\n"
         "  --db FILE        the index [default: $WARTA_DB, else warta.db]\n"
         "  -n, --limit N    show N hits [default: 10]\n"
         "  --per-doc N      at most N passages of one document; 0: no limit\n"
         "                   [default: 1]\n"
         "  --lang CODE      only documents in this language (id, en, ...)\n"
         "  --json           one JSON object per hit (JSON Lines), with the byte\n"
         "                   offsets of the highlights in the passage\n"
         "  --tsv            one tab-separated line per hit\n"
         "  --color WHEN     bold highlights: auto (on a terminal, unless NO_COLOR\n"
         "                   is set), always, never [default: auto]\n"
         "  --queries FILE   run every line of FILE as a query (\"-\": stdin); a line\n"
         "                   may start with an id and a tab; hits carry the id\n"
         "  --analyze        show how QUERY (any text) is analyzed instead: surface,\n"
         "                   byte offsets, term, and how the term was found; with\n"
         "                   --queries, one line of terms per line of FILE\n"
         "  --stemming MODE  with --analyze: full, rules or none [default: the\n"
         "                   index's, else full]\n"
         "  --rank LIST      ranking parameters NAME=VALUE,... (k1, b, title, prox,\n"
         "                   phrase, lead, leadpos, tiers, titlematch;\n"
         "                   see the man page)\n"
         "  -q, --quiet      no warnings\n"
         "  -v, --verbose    show the MATCH expression\n"
         "  -h, --help       show this help\n"
         "  -V, --version    show the version\n"
         "\n"
         "Exit status: 0 hits found, 1 no hits, 2 usage error, 4 index unusable,\n"
         "5 index needs a rebuild.\n");
}

static int usage_error(const char *fmt, const char *arg) {
  return warta_usage_error("warta-query", usage_line, fmt, arg);
}

enum {
  OPT_DB = 256,
  OPT_PERDOC,
  OPT_LANG,
  OPT_JSON,
  OPT_TSV,
  OPT_COLOR,
  OPT_ANALYZE,
  OPT_QUERIES,
  OPT_STEMMING,
  OPT_RANK
};

int query_parse_options(int argc, char **argv, query_opts *o) {
  static const struct option longs[] = {
      {"db", required_argument, NULL, OPT_DB},
      {"limit", required_argument, NULL, 'n'},
      {"per-doc", required_argument, NULL, OPT_PERDOC},
      {"lang", required_argument, NULL, OPT_LANG},
      {"json", no_argument, NULL, OPT_JSON},
      {"tsv", no_argument, NULL, OPT_TSV},
      {"color", required_argument, NULL, OPT_COLOR},
      {"colour", required_argument, NULL, OPT_COLOR},
      {"analyze", no_argument, NULL, OPT_ANALYZE},
      {"queries", required_argument, NULL, OPT_QUERIES},
      {"stemming", required_argument, NULL, OPT_STEMMING},
      {"rank", required_argument, NULL, OPT_RANK},
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
  o->limit = 10;
  o->per_doc = 1;
  o->stemming = -1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":n:qvhV", longs, NULL)) != -1) {
    switch (c) {
    case OPT_DB: o->db = optarg; break;
    case 'n':
      if (warta_parse_int(optarg, 1, 100000, &o->limit))
        return usage_error("bad --limit '%s'", optarg);
      break;
    case OPT_PERDOC:
      if (warta_parse_int(optarg, 0, 100000, &o->per_doc))
        return usage_error("bad --per-doc '%s'", optarg);
      break;
    case OPT_LANG: o->lang = optarg; break;
    case OPT_JSON: o->format = FORMAT_JSON; break;
    case OPT_TSV: o->format = FORMAT_TSV; break;
    case OPT_COLOR:
      if (!strcmp(optarg, "auto"))
        o->color = COLOR_AUTO;
      else if (!strcmp(optarg, "always"))
        o->color = COLOR_ALWAYS;
      else if (!strcmp(optarg, "never"))
        o->color = COLOR_NEVER;
      else
        return usage_error("bad --color '%s' (auto, always, never)", optarg);
      break;
    case OPT_ANALYZE: o->analyze = 1; break;
    case OPT_QUERIES: o->queries = optarg; break;
    case OPT_RANK:
      if (strspn(optarg, "abcdefghijklmnopqrstuvwxyz0123456789.=,") != strlen(optarg)) {
        return usage_error("bad --rank '%s' (NAME=VALUE,...)", optarg);
      }
      o->rank = optarg;
      break;
    case OPT_STEMMING:
      if ((o->stemming = warta_stemming_parse(optarg)) < 0) {
        return usage_error("bad --stemming '%s' (full, rules, none)", optarg);
      }
      break;
    case 'q': o->verbosity = -1; break;
    case 'v': o->verbosity = 1; break;
    case 'h': help(); return WARTA_EXIT_OK;
    case 'V': printf("warta-query %s\n", WARTA_VERSION); return WARTA_EXIT_OK;
    case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
    default: return usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (o->queries && optind < argc) return usage_error("give either QUERY or --queries%s", "");
  if (o->queries) return -1;
  if (optind == argc) return usage_error("no QUERY%s", "");
  warta_buf q = WARTA_BUF_INIT;
  for (int i = optind; i < argc; i++) {
    if (i > optind) warta_buf_putc(&q, ' ');
    warta_buf_puts(&q, argv[i]);
  }
  if (!(o->query = warta_buf_take(&q))) return WARTA_EXIT_INTERNAL;
  return -1;
}
