#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/exitcode.h"
#include "config.h"

static const char usage_line[] = "usage: warta-index [OPTIONS] PATH...\n"
                                 "       warta-index [--db PATH] [--json] --status\n"
                                 "       warta-index [--db PATH] --check\n"
                                 "       warta-index [--db PATH] --compact\n";

static void help(void) {
  printf("%s", usage_line);
  printf("Index news articles under each PATH (files or directories, walked\n"
         "recursively, following symbolic links that stay below a PATH) into an\n"
         "index directory (a Xapian database and the indexer's state). Re-runs\n"
         "touch only what changed; a PATH that does not exist changes nothing.\n"
         "\n"
         "Formats: .txt (first line is the headline when a blank line follows),\n"
         ".jsonl (one article per line), .md (front matter), .html; each also\n"
         "gzip-compressed (.gz).\n"
         "\n"
         "Options:\n"
         "  --db DIR           the index [default: $WARTA_DB, else warta.db]\n"
         "  --field NAME=KEYS  JSON keys for NAME (title, body, date, url, source,\n"
         "                     key, lang), comma-separated, tried in order;\n"
         "                     e.g. --field body=article_text [default: see man page]\n"
         "  --langs LIST       candidate languages for identification\n"
         "                     [default: id,en,ms]\n"
         "  --stemming MODE    full, rules (plain Snowball) or none; for a new index\n"
         "                     [default: full]\n"
         "  --min-words N      pack short paragraphs into passages of N words\n"
         "                     [default: 60]\n"
         "  --max-words N      cut longer paragraphs into sentence windows of at most\n"
         "                     N words [default: 120]\n"
         "  --batch N          articles per commit [default: 1000], fewer once their\n"
         "                     text and word positions pass --max-size\n"
         "  --shard-by PERIOD  one database per year or month of the articles'\n"
         "                     dates (undated ones in their own), or none; for a new\n"
         "                     index or with --rebuild [default: none, or the\n"
         "                     index's]\n"
         "  --max-size MIB     largest article file (text, Markdown, HTML, after\n"
         "                     gunzip) and longest JSON Lines record; feeds are\n"
         "                     streamed, an article takes about 6 times its size in\n"
         "                     memory, and its distinct words are bounded by 4096 a\n"
         "                     MiB of this (131072 at least) [default: 64]\n"
         "  --exclude GLOB     leave out the files matching GLOB below a PATH\n"
         "                     (repeatable; also one a line in PATH/.wartaignore):\n"
         "                     without '/' any file or directory name (README.TXT,\n"
         "                     *.csv), with '/' a path from PATH (bbc/README.TXT)\n"
         "  --default-source SOURCE\n"
         "                     the outlet of an article that names none: dir (the\n"
         "                     file's first directory below PATH), none, or a name\n"
         "                     [default: dir]\n"
         "  --follow-symlinks  also follow symbolic links that lead outside every\n"
         "                     PATH (by default they are skipped with a warning)\n"
         "  --allow-mass-delete\n"
         "                     delete what vanished even when it is more than half\n"
         "                     of the index's articles (and more than 10); without\n"
         "                     it, such a run deletes none of them and exits 6\n"
         "  --status           describe what the index holds and the last run; no PATH\n"
         "  --check            verify the index (the engine's own check, and its\n"
         "                     agreement with the indexer's state); no PATH\n"
         "  --compact          compact the databases of closed periods (before the\n"
         "                     current year or month; the whole database of an index\n"
         "                     that is not sharded) while queries run; no PATH\n"
         "  --rebuild          build a fresh index beside the old one, then swap it in\n"
         "  --auto-rebuild     rebuild only when the analysis changed\n"
         "  -n, --dry-run      say what would change, change nothing\n"
         "      --json         print the summary as one JSON object\n"
         "  -q, --quiet        print errors only\n"
         "  -v, --verbose      say more\n"
         "  -h, --help         show this help\n"
         "  -V, --version      show the version\n"
         "\n"
         "Exit status: 0 ok, 1 some inputs failed, 2 usage error or a missing PATH,\n"
         "3 index locked, 4 index unusable, 5 rebuild needed, 6 mass deletion refused,\n"
         "70 internal error or output not written, 130 interrupted.\n");
}

static int usage_error(const char *fmt, const char *arg) {
  return warta_usage_error("warta-index", usage_line, fmt, arg);
}

static int set_field(warta_fields *f, const char *arg) {
  const char *eq = strchr(arg, '=');
  if (!eq || !eq[1]) return -1;
  size_t n = (size_t)(eq - arg);
  const char **slot = NULL;
  if (n == 5 && !strncmp(arg, "title", n))
    slot = &f->title;
  else if (n == 4 && !strncmp(arg, "body", n))
    slot = &f->body;
  else if (n == 4 && !strncmp(arg, "date", n))
    slot = &f->date;
  else if (n == 3 && !strncmp(arg, "url", n))
    slot = &f->url;
  else if (n == 6 && !strncmp(arg, "source", n))
    slot = &f->source;
  else if (n == 3 && !strncmp(arg, "key", n))
    slot = &f->key;
  else if (n == 4 && !strncmp(arg, "lang", n))
    slot = &f->lang;
  if (!slot) return -1;
  *slot = eq + 1;
  return 0;
}

enum {
  OPT_DB = 256,
  OPT_FIELD,
  OPT_LANGS,
  OPT_STEMMING,
  OPT_MIN,
  OPT_MAX,
  OPT_BATCH,
  OPT_MAXSIZE,
  OPT_REBUILD,
  OPT_AUTO,
  OPT_JSON,
  OPT_STATUS,
  OPT_CHECK,
  OPT_FOLLOW,
  OPT_SHARD_BY,
  OPT_COMPACT,
  OPT_MASS,
  OPT_EXCLUDE,
  OPT_DEFAULT_SOURCE
};

static void defaults(index_opts *o) {
  const char *env = getenv("WARTA_DB");
  memset(o, 0, sizeof *o);
  o->db = env && *env ? env : "warta.db";
  o->stemming = WARTA_STEM_FULL;
  o->passages.min_words = WARTA_PASSAGE_MIN_WORDS;
  o->passages.max_words = WARTA_PASSAGE_MAX_WORDS;
  o->batch = 1000;
  o->default_source = "dir";
}

/* An option with a value checked here into o (--max-size into *mib): -1
** when taken, the exit code of its usage error, or WARTA_OPT_OTHER for any other
** option. */
static int valued_option(int c, char *arg, index_opts *o, int *mib) {
  int v;
  switch (c) {
  case OPT_FIELD:
    if (set_field(&o->read.fields, arg)) return usage_error("bad --field '%s' (NAME=KEYS)", arg);
    return -1;
  case OPT_STEMMING:
    if ((v = warta_stemming_parse(arg)) < 0)
      return usage_error("bad --stemming '%s' (full, rules, none)", arg);
    o->stemming = (warta_stemming)v;
    o->stemming_set = 1;
    return -1;
  case OPT_MIN:
    if (warta_parse_int(arg, 1, 100000, &o->passages.min_words))
      return usage_error("bad --min-words '%s'", arg);
    return -1;
  case OPT_MAX:
    if (warta_parse_int(arg, 1, 100000, &o->passages.max_words))
      return usage_error("bad --max-words '%s'", arg);
    return -1;
  case OPT_BATCH:
    if (warta_parse_int(arg, 1, 10000000, &o->batch)) return usage_error("bad --batch '%s'", arg);
    return -1;
  case OPT_MAXSIZE:
    if (warta_parse_int(arg, 1, 1 << 20, mib)) return usage_error("bad --max-size '%s' (MiB)", arg);
    return -1;
  case OPT_SHARD_BY:
    if (strcmp(arg, "year") && strcmp(arg, "month") && strcmp(arg, "none"))
      return usage_error("bad --shard-by '%s' (year, month, none)", arg);
    o->shard_by = arg;
    return -1;
  case OPT_EXCLUDE:
    if (o->nexclude == INDEX_MAX_EXCLUDE)
      return usage_error("more than 64 --exclude (list them in .wartaignore)%s", "");
    o->exclude[o->nexclude++] = arg;
    return -1;
  case OPT_DEFAULT_SOURCE:
    if (!*arg) return usage_error("bad --default-source '%s' (dir, none or a name)", arg);
    o->default_source = arg;
    return -1;
  default: return WARTA_OPT_OTHER;
  }
}

/* A flag, or an option whose value is taken as it is, into o: -1 when
** taken, else the exit code (help and version print and stop). */
static int plain_option(int c, char *arg, const char *given, index_opts *o) {
  switch (c) {
  case OPT_DB: o->db = arg; break;
  case OPT_LANGS: o->langs = arg; break;
  case OPT_REBUILD: o->rebuild = REBUILD_ALWAYS; break;
  case OPT_AUTO: o->rebuild = REBUILD_IF_NEEDED; break;
  case OPT_STATUS: o->status = 1; break;
  case OPT_CHECK: o->check = 1; break;
  case OPT_COMPACT: o->compact = 1; break;
  case OPT_FOLLOW: o->follow_symlinks = 1; break;
  case OPT_MASS: o->allow_mass_delete = 1; break;
  case OPT_JSON: o->json = 1; break;
  case 'n': o->dry_run = 1; break;
  default:
    return warta_common_option(c, "warta-index", WARTA_VERSION, usage_line, given, help,
                               &o->verbosity);
  }
  return -1;
}

/* The options' combinations checked (o complete): -1 when they fit, else
** the exit code of the usage error. */
static int check_combination(const index_opts *o) {
  if (o->passages.min_words > o->passages.max_words)
    return usage_error("--min-words is larger than --max-words%s", "");
  if (o->status + o->check + o->compact > 1)
    return usage_error("give one of --status, --check and --compact%s", "");
  if ((o->status || o->check || o->compact) && o->npaths)
    return usage_error("%s takes no PATH", o->status  ? "--status"
                                           : o->check ? "--check"
                                                      : "--compact");
  if (o->npaths == 0 && !o->status && !o->check && !o->compact)
    return usage_error("no PATH to index%s", "");
  return -1;
}

int index_parse_options(int argc, char **argv, index_opts *o) {
  static const struct option longs[] = {
      {"db", required_argument, NULL, OPT_DB},
      {"field", required_argument, NULL, OPT_FIELD},
      {"langs", required_argument, NULL, OPT_LANGS},
      {"stemming", required_argument, NULL, OPT_STEMMING},
      {"min-words", required_argument, NULL, OPT_MIN},
      {"max-words", required_argument, NULL, OPT_MAX},
      {"batch", required_argument, NULL, OPT_BATCH},
      {"max-size", required_argument, NULL, OPT_MAXSIZE},
      {"rebuild", no_argument, NULL, OPT_REBUILD},
      {"status", no_argument, NULL, OPT_STATUS},
      {"check", no_argument, NULL, OPT_CHECK},
      {"compact", no_argument, NULL, OPT_COMPACT},
      {"shard-by", required_argument, NULL, OPT_SHARD_BY},
      {"follow-symlinks", no_argument, NULL, OPT_FOLLOW},
      {"allow-mass-delete", no_argument, NULL, OPT_MASS},
      {"exclude", required_argument, NULL, OPT_EXCLUDE},
      {"default-source", required_argument, NULL, OPT_DEFAULT_SOURCE},
      {"auto-rebuild", no_argument, NULL, OPT_AUTO},
      {"dry-run", no_argument, NULL, 'n'},
      {"json", no_argument, NULL, OPT_JSON},
      {"quiet", no_argument, NULL, 'q'},
      {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  int c, rc, mib = 64;
  defaults(o);
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":nqvhV", longs, NULL)) != -1) {
    if ((rc = valued_option(c, optarg, o, &mib)) == WARTA_OPT_OTHER)
      rc = plain_option(c, optarg, argv[optind - 1], o);
    if (rc != -1) return rc;
  }
  o->max_bytes = (size_t)mib << 20;
  o->paths = argv + optind;
  o->npaths = argc - optind;
  if ((rc = check_combination(o)) != -1) return rc;
  o->progress = o->verbosity >= 0 && !o->json && isatty(2);
  return -1;
}
