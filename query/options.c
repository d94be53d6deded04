#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "common/buf.h"
#include "common/cli.h"
#include "common/exitcode.h"
#include "alerts.h"
#include "config.h"
#include "search/histogram.h"
#include "search/request.h"

static const char usage_line[] = "usage: warta-query [OPTIONS] [--] QUERY...\n"
                                 "       warta-query [OPTIONS] --queries FILE\n";

static void help(void) {
  printf("%s", usage_line);
  printf("Rank the articles of a warta index for QUERY and show the best passage of\n"
         "each, with the query's words highlighted.\n"
         "\n"
         "Query language (see warta-query(1)):\n"
         "  word               articles holding all words come first, then some\n"
         "  \"a phrase\"         required, the words as written (not stemmed)\n"
         "  -word, -\"phrase\"   leave out articles holding it (also NOT word)\n"
         "  +word, a AND b     required: only articles holding it (both)\n"
         "  a OR b             either\n"
         "  word*              words beginning with it (3 letters at least)\n"
         "  title:word         in the title; also title:\"a phrase\"\n"
         "  source:NAME        outlet name or domain, e.g. source:kompas\n"
         "  lang:CODE          language, e.g. lang:en\n"
         "  date:2019-09       a year, month or day; date:A..B, date:..B, date:A..\n"
         "A malformed date:, source: or lang:, an outlet or language the index does\n"
         "not hold, or a prefix shorter than 3 letters is a usage error; anything\n"
         "else is searched as text (1000 words at most). Options may come before,\n"
         "between or after the words; everything after -- is query; the filter\n"
         "options alone need no QUERY.\n"
         "\n"
         "Options:\n"
         "  --db PATH        the index [default: $WARTA_DB, else warta.db]\n"
         "  -n, --limit N    show N hits [default: 10]\n"
         "  --offset N       skip the first N hits (paging) [default: 0]\n"
         "  --per-doc N      at most N passages of one article; 0: all that match\n"
         "                   [default: 1]\n"
         "  --lang CODE      only articles in this language (one the index holds:\n"
         "                   id, en, ...)\n"
         "  --source NAME    only articles of this outlet (as source:NAME)\n"
         "  --since DATE     only articles dated DATE or later: YYYY[-MM[-DD]], or\n"
         "                   day first: 10/09/2019, 10 September 2019, 10 Sep 2019\n"
         "  --until DATE     only articles dated DATE or earlier\n"
         "  --sort ORDER     relevance, newest, oldest, or added (newest added to\n"
         "                   the index first) [default: relevance]\n"
         "  --count          print only the number of matching articles\n"
         "  --facets         also count the matching articles per source, month and\n"
         "                   language\n"
         "  --histogram[=UNIT]  also count them per day, week (from Monday) or month,\n"
         "                   exactly: UNIT day, week, month or auto (from the span of\n"
         "                   dates) [default: auto]; undated ones apart; text (a bar\n"
         "                   per bucket) or, with --json, in the summary\n"
         "  --like KEY       articles like the one with this key or path\n"
         "  --fold           one hit per story: the copies of a story (a wire story\n"
         "                   run by several outlets) fold into the best-ranked one,\n"
         "                   which names the others (\"also in N outlets: ...\")\n"
         "  --copies         every copy of a story a hit of its own [the default]\n"
         "  --story KEY      the copies of the story of the article with this key or\n"
         "                   path (every copy; oldest first unless --sort)\n"
         "  --added-since TIME\n"
         "                   only articles added to the index at or after TIME:\n"
         "                   24h, 7d, 90m, 2w back from now, or ISO 8601:\n"
         "                   2026-12-01, 2026-12-01T06:00, 2026-12-01T06:00:00Z\n"
         "                   (local time without a zone)\n"
         "  --explain        show how each score was made\n"
         "  --synonyms FILE  names that stand for one another, one group a line\n"
         "                   (Jokowi = Joko Widodo): a query holding one also finds\n"
         "                   the others, with a lower weight [default: the built-in\n"
         "                   list of state bodies, parties and name forms;\n"
         "                   /dev/null: none]\n"
         "  --exact          the words alone: no synonyms, no acronyms the index\n"
         "                   learned\n"
         "  --partial        with a stub listing shards: leave out a shard that does\n"
         "                   not answer (with a warning) rather than fail\n"
         "  --full           show whole passages, not a window around the hits\n"
         "  --json           JSON Lines: one object per hit, then a summary\n"
         "                   (docs/json.md)\n"
         "  --tsv            a header, then one tab-separated line per hit: rank,\n"
         "                   score, path, key, date, lang, title, passage, outlet,\n"
         "                   url; tabs and line breaks in the data become spaces\n"
         "                   (a title's runs of white space one space, trimmed)\n"
         "  --csv            CSV (RFC 4180, UTF-8, CRLF): a header row, then a row\n"
         "                   per hit: rank, score, date, outlet, title, url, key,\n"
         "                   path, passage (whole, unmarked); a text cell starting\n"
         "                   with = + - @ gets a leading ' (no spreadsheet formula)\n"
         "  --color WHEN     bold highlights: auto (on a terminal, unless NO_COLOR\n"
         "                   is set), always, never [default: auto]\n"
         "  --queries FILE   run every line of FILE as a query (\"-\": stdin); a line\n"
         "                   may start with an id and a tab; output is flushed after\n"
         "                   each query\n"
         "  --alerts FILE    run the saved searches of FILE (NAME<TAB>QUERY, then\n"
         "                   options --NAME=VALUE in fields of their own) with\n"
         "                   --added-since, which it needs: the new hits of each,\n"
         "                   under its name (text, or --json with \"alert\") [-n\n"
         "                   default: 100]; exit status 0 whether or not anything\n"
         "                   is new, 2 when a line is malformed (the others run)\n"
         "  --analyze        show how QUERY (any text) is analyzed instead: surface,\n"
         "                   byte offsets, term, and how the term was found; with\n"
         "                   --queries, one line of terms per line of FILE\n"
         "  --stemming MODE  with --analyze: full, rules or none [default: the\n"
         "                   index's, else full]\n"
         "  --rank LIST      ranking parameters NAME=VALUE,..., for experiments:\n");
  int n;
  const warta_rank_param *t = warta_rank_params(&n);
  for (int i = 0; i < n; i++)
    printf("    %-8s %-40s [%g; %g-%g]\n", t[i].name, t[i].meaning, t[i].def, t[i].lo, t[i].hi);
  printf("  -q, --quiet      no warnings\n"
         "  -v, --verbose    show the query plan, lexicon lookups and timings\n"
         "  -h, --help       show this help\n"
         "  -V, --version    show the version\n"
         "\n"
         "Exit status: 0 hits found, 1 no hits, 2 usage error, 4 index unusable,\n"
         "5 index needs a rebuild, 70 internal error or output not written.\n");
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
  OPT_RANK,
  OPT_OFFSET,
  OPT_SOURCE,
  OPT_SINCE,
  OPT_UNTIL,
  OPT_SORT,
  OPT_COUNT,
  OPT_FACETS,
  OPT_EXPLAIN,
  OPT_FULL,
  OPT_LIKE,
  OPT_PARTIAL,
  OPT_SYNONYMS,
  OPT_EXACT,
  OPT_COPIES,
  OPT_FOLD,
  OPT_STORY,
  OPT_CSV,
  OPT_HISTOGRAM,
  OPT_ADDED_SINCE,
  OPT_ALERTS
};

/* The long option arg names ("--name" or "--name=value", a unique prefix
** as getopt takes it), or NULL. */
static const struct option *find_long(const struct option *longs, const char *arg) {
  const char *name = arg + 2;
  size_t n = strcspn(name, "=");
  const struct option *hit = NULL;
  for (const struct option *l = longs; l->name; l++) {
    if (strncmp(l->name, name, n) != 0) continue;
    if (strlen(l->name) == n) return l;
    if (hit && hit->val != l->val) return NULL; /* ambiguous */
    hit = l;
  }
  return hit;
}

/* A short option cluster we know: -q, -v, -qv, -n5, -n (value next). */
static int short_option(const char *arg, int *takes_next) {
  *takes_next = 0;
  if (arg[1] == 'n') {
    if (!arg[2]) *takes_next = 1;
    return arg[2] == 0 || strspn(arg + 2, "0123456789") == strlen(arg + 2);
  }
  return strspn(arg + 1, "qvhV") == strlen(arg + 1);
}

/*
** Options may come before, between or after the query's words, and a word
** starting with '-' is the exclusion operator (-Ambon): the arguments are
** put in order, options first, then "--", then the words, before getopt
** sees them. A "--" of the user's ends the options as usual. An argument
** starting with "--" that is no option of ours stays an option: getopt
** calls it unknown. An option needing a value that ends the arguments is
** named in *bare (getopt would take the "--" for its value).
*/
static char **reorder(int argc, char **argv, const struct option *longs, int *nargc,
                      const char **bare) {
  char **out = malloc(sizeof *out * (size_t)(argc + 2));
  char **words = malloc(sizeof *words * (size_t)(argc + 1));
  int n = 0, nw = 0;
  if (!out || !words) {
    free(out);
    free(words);
    return NULL;
  }
  out[n++] = argv[0];
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      while (++i < argc)
        words[nw++] = argv[i];
      break;
    }
    if (a[0] == '-' && a[1] == '-') {
      const struct option *l = find_long(longs, a);
      out[n++] = argv[i];
      if (l && l->has_arg == required_argument && !strchr(a, '=')) {
        if (i + 1 < argc)
          out[n++] = argv[++i];
        else
          *bare = a;
      }
      continue;
    }
    int next = 0;
    if (a[0] == '-' && a[1] && short_option(a, &next)) {
      out[n++] = argv[i];
      if (next && i + 1 < argc)
        out[n++] = argv[++i];
      else if (next)
        *bare = a;
      continue;
    }
    words[nw++] = argv[i];
  }
  static char dashdash[] = "--";
  out[n++] = dashdash;
  for (int i = 0; i < nw; i++)
    out[n++] = words[i];
  free(words);
  *nargc = n;
  return out;
}

static int parse(int argc, char **argv, query_opts *o, const struct option *longs);

int query_parse_options(int argc, char **argv, query_opts *o) {
  static const struct option longs[] = {
      {"db", required_argument, NULL, OPT_DB},
      {"limit", required_argument, NULL, 'n'},
      {"offset", required_argument, NULL, OPT_OFFSET},
      {"per-doc", required_argument, NULL, OPT_PERDOC},
      {"lang", required_argument, NULL, OPT_LANG},
      {"source", required_argument, NULL, OPT_SOURCE},
      {"since", required_argument, NULL, OPT_SINCE},
      {"until", required_argument, NULL, OPT_UNTIL},
      {"sort", required_argument, NULL, OPT_SORT},
      {"count", no_argument, NULL, OPT_COUNT},
      {"facets", no_argument, NULL, OPT_FACETS},
      {"explain", no_argument, NULL, OPT_EXPLAIN},
      {"full", no_argument, NULL, OPT_FULL},
      {"like", required_argument, NULL, OPT_LIKE},
      {"partial", no_argument, NULL, OPT_PARTIAL},
      {"synonyms", required_argument, NULL, OPT_SYNONYMS},
      {"exact", no_argument, NULL, OPT_EXACT},
      {"copies", no_argument, NULL, OPT_COPIES},
      {"fold", no_argument, NULL, OPT_FOLD},
      {"story", required_argument, NULL, OPT_STORY},
      {"added-since", required_argument, NULL, OPT_ADDED_SINCE},
      {"alerts", required_argument, NULL, OPT_ALERTS},
      {"json", no_argument, NULL, OPT_JSON},
      {"tsv", no_argument, NULL, OPT_TSV},
      {"csv", no_argument, NULL, OPT_CSV},
      {"histogram", optional_argument, NULL, OPT_HISTOGRAM},
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
  int n = 0;
  const char *bare = NULL;
  char **args = reorder(argc, argv, longs, &n, &bare);
  if (!args) return WARTA_EXIT_INTERNAL;
  int rc = bare ? usage_error("option '%s' needs a value", bare) : parse(n, args, o, longs);
  free(args);
  return rc;
}

/* What the options said beyond query_opts, for the checks of their
** combinations. */
typedef struct seen_opts {
  int json, tsv, csv, sorted, limit_given;
  int copies_given; /* 1 --copies, 2 --fold, 3 both */
} seen_opts;

static void defaults(query_opts *o) {
  const char *env = getenv("WARTA_DB");
  memset(o, 0, sizeof *o);
  /* every copy by default: folding lowers the visible ranking sets, which
  ** count each copy (bench/copies/README.md); --fold asks for it */
  o->copies = 1;
  warta_rank_defaults(&o->rank);
  o->db = env && *env ? env : "warta.db";
  o->limit = 10;
  o->per_doc = 1;
  o->stemming = -1;
}

/* --color's value into *mode: 0, or -1 when it is none of them. */
static int color_mode(const char *arg, query_color *mode) {
  static const char *const names[] = {"auto", "always", "never"};
  static const query_color modes[] = {COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER};
  for (int i = 0; i < 3; i++) {
    if (!strcmp(arg, names[i])) {
      *mode = modes[i];
      return 0;
    }
  }
  return -1;
}

/* An option with a value checked here into o: -1 when taken, the exit
** code of its usage error, or WARTA_OPT_OTHER for any other option. */
static int valued_option(int c, const char *arg, query_opts *o, seen_opts *seen) {
  switch (c) {
  case 'n':
    if (warta_parse_int(arg, 1, 100000, &o->limit))
      return usage_error("bad --limit '%s' (1 to 100000)", arg);
    seen->limit_given = 1;
    return -1;
  case OPT_OFFSET:
    if (warta_parse_int(arg, 0, 1000000, &o->offset))
      return usage_error("bad --offset '%s' (0 to 1000000)", arg);
    return -1;
  case OPT_PERDOC:
    if (warta_parse_int(arg, 0, 100000, &o->per_doc)) return usage_error("bad --per-doc '%s'", arg);
    return -1;
  case OPT_SINCE:
    if (request_date(arg, o->since, 0))
      return usage_error("bad --since '%s' (2019-09-10, 10/09/2019 or 10 September 2019)", arg);
    return -1;
  case OPT_UNTIL:
    if (request_date(arg, o->until, 1))
      return usage_error("bad --until '%s' (2019-09-10, 10/09/2019 or 10 September 2019)", arg);
    return -1;
  case OPT_SORT:
    if (request_sort(arg, &o->sort))
      return usage_error("bad --sort '%s' (relevance, newest, oldest, added)", arg);
    seen->sorted = 1;
    return -1;
  case OPT_ADDED_SINCE:
    if (request_added_since(arg, o->added_since))
      return usage_error("bad --added-since '%s' (24h, 7d, 90m, 2026-12-01 or "
                         "2026-12-01T06:00:00+07:00)",
                         arg);
    return -1;
  case OPT_HISTOGRAM: {
    hist_unit u;
    if (histogram_unit(arg ? arg : "auto", &u))
      return usage_error("bad --histogram '%s' (day, week, month, auto)", arg);
    o->histogram = (int)u;
    return -1;
  }
  case OPT_COLOR:
    if (color_mode(arg, &o->color))
      return usage_error("bad --color '%s' (auto, always, never)", arg);
    return -1;
  case OPT_RANK: {
    char *why = NULL;
    if (!warta_rank_parse(&o->rank, arg, &why)) return -1;
    int code = usage_error("bad --rank: %s", why ? why : "out of memory");
    free(why);
    return code;
  }
  case OPT_STEMMING:
    if ((o->stemming = warta_stemming_parse(arg)) < 0)
      return usage_error("bad --stemming '%s' (full, rules, none)", arg);
    return -1;
  default: return WARTA_OPT_OTHER;
  }
}

/* A flag, or an option whose value is taken as it is, into o: -1 when
** taken, else the exit code (help and version print and stop). */
static int plain_option(int c, char *arg, const char *given, query_opts *o, seen_opts *seen) {
  switch (c) {
  case OPT_DB: o->db = arg; break;
  case OPT_LANG: o->lang = arg; break;
  case OPT_SOURCE: o->source = arg; break;
  case OPT_COUNT: o->count = 1; break;
  case OPT_FACETS: o->facets = 1; break;
  case OPT_EXPLAIN: o->explain = 1; break;
  case OPT_FULL: o->full = 1; break;
  case OPT_LIKE: o->like = arg; break;
  case OPT_PARTIAL: o->partial = 1; break;
  case OPT_SYNONYMS: o->synonyms = arg; break;
  case OPT_EXACT: o->exact = 1; break;
  case OPT_COPIES: o->copies = 1, seen->copies_given |= 1; break;
  case OPT_FOLD: o->copies = 0, seen->copies_given |= 2; break;
  case OPT_STORY: o->story = arg; break;
  case OPT_JSON: seen->json = 1, o->format = FORMAT_JSON; break;
  case OPT_TSV: seen->tsv = 1, o->format = FORMAT_TSV; break;
  case OPT_CSV: seen->csv = 1, o->format = FORMAT_CSV; break;
  case OPT_ANALYZE: o->analyze = 1; break;
  case OPT_QUERIES: o->queries = arg; break;
  case OPT_ALERTS: o->alerts = arg; break;
  default:
    return warta_common_option(c, "warta-query", WARTA_VERSION, usage_line, given, help,
                               &o->verbosity);
  }
  return -1;
}

/* The options' combinations checked (o complete, the words from optind
** on): -1 when they fit, else the exit code of the usage error. */
static int check_combination(query_opts *o, const seen_opts *seen, int words) {
  if (seen->json + seen->tsv + seen->csv > 1)
    return usage_error("give one of --json, --tsv and --csv%s", "");
  if (seen->csv && (o->count || o->facets || o->histogram || o->explain))
    return usage_error("--csv writes hits only: not with %s", o->count     ? "--count"
                                                              : o->facets  ? "--facets"
                                                              : o->explain ? "--explain"
                                                                           : "--histogram");
  if (seen->tsv && o->histogram)
    return usage_error("--histogram is text or --json, not --tsv%s", "");
  if (o->since[0] && o->until[0] && strcmp(o->since, o->until) > 0)
    return usage_error("--since is after --until%s", "");
  if (o->queries && words) return usage_error("give either QUERY or --queries%s", "");
  if (seen->copies_given == 3) return usage_error("give either --fold or --copies%s", "");
  /* a story is read from its first copy on */
  if (o->story && !seen->sorted) o->sort = WARTA_SORT_OLDEST;
  if (o->queries && o->alerts) return usage_error("give either --queries or --alerts%s", "");
  if (o->queries) return -1;
  if (o->alerts) {
    if (words) return usage_error("give either QUERY or --alerts%s", "");
    if (!o->added_since[0]) return usage_error("--alerts needs --added-since%s", "");
    if (seen->tsv) return usage_error("--alerts prints text or --json, not --tsv%s", "");
    if (!seen->limit_given) o->limit = ALERTS_LIMIT;
    return -1;
  }
  if (!words && !o->like && !o->story && !o->source && !o->lang && !o->since[0] && !o->until[0] &&
      !o->added_since[0])
    return usage_error("no QUERY%s", "");
  return -1;
}

static int parse(int argc, char **argv, query_opts *o, const struct option *longs) {
  seen_opts seen = {0};
  int c, rc;
  defaults(o);
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":n:qvhV", longs, NULL)) != -1) {
    if ((rc = valued_option(c, optarg, o, &seen)) == WARTA_OPT_OTHER)
      rc = plain_option(c, optarg, argv[optind - 1], o, &seen);
    if (rc != -1) return rc;
  }
  if ((rc = check_combination(o, &seen, argc - optind)) != -1 || o->queries || o->alerts) return rc;
  warta_buf q = WARTA_BUF_INIT;
  for (int i = optind; i < argc; i++) {
    if (i > optind) warta_buf_putc(&q, ' ');
    warta_buf_puts(&q, argv[i]);
  }
  warta_buf_puts(&q, "");
  if (!(o->query = warta_buf_take(&q))) o->query = strdup("");
  if (!o->query) return WARTA_EXIT_INTERNAL;
  return -1;
}
