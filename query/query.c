/*
** Running queries: parse and plan each, search, print the results. A
** session keeps the index, the analyzers and the lexicon's answers open
** across the queries of a --queries file.
*/
#include "query.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "alerts.h"
#include "analysis/analysis.h"
#include "common/escape.h"
#include "common/exitcode.h"
#include "common/rc.h"
#include "output.h"
#include "search/parse.h"
#include "search/plan.h"
#include "search/names.h"
#include "search/request.h"
#include "search/suggest.h"

typedef struct session {
  const query_opts *o; /* options */
  warta_searcher *s;   /* the index */
  planner plan;        /* analyzers and lexicon */
  int plan_open;       /* plan is ready */
  names_table *names;  /* the synonyms (--synonyms, else the built-in list) */
  char cwd[PATH_MAX];  /* for showing paths */
  out_ctx out;         /* printing */
} session;

/* Where the search said is from ("alerts.tsv:3"), or "": a saved
** search's diagnostics name its file and line. */
static char say_where[512];

/* One diagnostic, one line: nothing from the data acts on the terminal. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (say_where[0]) {
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    warta_say("warta-query", "%s: %s", say_where, msg);
  } else {
    warta_vsay("warta-query", fmt, ap);
  }
  va_end(ap);
}

/* The query as a diagnostic quotes it: at most about 60 bytes, cut at a
 * character boundary, "..." marking the cut.  Writes into buf (n > 64). */
static const char *shorten(const char *text, char *buf, size_t n) {
  size_t len = strlen(text), max = 60;
  if (len <= max || n < max + 4) return text;
  while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
    max--;
  memcpy(buf, text, max);
  memcpy(buf + max, "...", 4);
  return buf;
}

static int use_bold(const query_opts *o) {
  if (o->format != FORMAT_TEXT || o->color == COLOR_NEVER) return 0;
  if (o->color == COLOR_ALWAYS) return 1;
  const char *nc = getenv("NO_COLOR");
  return isatty(1) && !(nc && *nc);
}

/* The typed query of text under the options. */
static int build(session *s, const char *text, warta_query *q, plan_notes *notes, qsyntax *syn) {
  const query_opts *o = s->o;
  request r;
  request_init(&r);
  r.text = text;
  r.lang = o->lang;
  r.source = o->source;
  memcpy(r.since, o->since, 9);
  memcpy(r.until, o->until, 9);
  r.sort = o->sort;
  r.offset = o->offset;
  r.limit = o->limit;
  r.per_doc = o->per_doc;
  r.count = o->count;
  r.facets = o->facets;
  r.explain = o->explain;
  r.like = o->like;
  r.exact = o->exact;
  r.story = o->story;
  r.copies = o->copies;
  r.rank = s->o->rank;
  r.histogram = o->histogram;
  memcpy(r.added_since, o->added_since, sizeof r.added_since);
  return request_build(&s->plan, &r, q, syn, notes);
}

/* What building the query said, told to the user: WARTA_EXIT_OK when it
** is to be searched, else the exit code (a usage error, or the index's or
** the memory's). */
static int built_code(session *s, const char *text, int rc, const qsyntax *syn,
                      const plan_notes *notes) {
  const query_opts *o = s->o;
  char shortbuf[80];
  if (rc == WARTA_TOOBIG) {
    say("the query has %d words; at most %d are searched for", syn->words, WARTA_MAX_QUERY_WORDS);
    return WARTA_EXIT_USAGE;
  }
  if (rc) {
    say("%s: %s", o->db, rc == WARTA_NOMEM ? "out of memory" : warta_searcher_errmsg(s->s));
    return rc == WARTA_NOMEM ? WARTA_EXIT_INTERNAL : WARTA_EXIT_DB;
  }
  if (notes->fault) {
    char msg[800];
    say("%s", request_fault_text(notes, msg, sizeof msg));
    return WARTA_EXIT_USAGE;
  }
  if (syn->unbalanced && o->verbosity >= 0)
    say("unbalanced double quote: the phrase runs to the end of the query");
  if (notes->excluded_only) {
    say("only exclusions in '%s': add a word to search for",
        shorten(text, shortbuf, sizeof shortbuf));
    return WARTA_EXIT_USAGE;
  }
  if (notes->nothing) {
    say("nothing to search for in '%s'", shorten(text, shortbuf, sizeof shortbuf));
    return WARTA_EXIT_USAGE;
  }
  return WARTA_EXIT_OK;
}

/* Search q into r; an article that --story or --like names by a file
** name the index does not hold is tried again by its full path. Returns
** what warta_search() returns. */
static int search_named(session *s, warta_query *q, warta_results *r, const char ***named) {
  const query_opts *o = s->o;
  int rc = warta_search(s->s, q, r);
  *named = o->story ? &q->story : o->like ? &q->like : NULL;
  char *real = NULL;
  if (rc == WARTA_NOTFOUND && *named && (real = realpath(**named, NULL)) &&
      strcmp(real, **named) != 0) {
    /* a file named as the shell sees it: the index holds its full path */
    const char *given = **named;
    **named = real;
    rc = warta_search(s->s, q, r);
    **named = given;
  }
  free(real);
  return rc;
}

/* A search without hits, told (a batch's queries are not: their output
** says so): WARTA_EXIT_PARTIAL. */
static int no_hits(session *s, const char *text, const char *qid, const warta_results *r,
                   const char *suggestion) {
  const query_opts *o = s->o;
  char shortbuf[80], shortbuf2[80];
  if (s->out.alert) return WARTA_EXIT_OK; /* nothing new is no news: not a warning */
  if (o->verbosity >= 0 && !qid && o->offset > 0 && r->total > 0) {
    say("no hits past the first %d of '%s' (%s%ld article%s)", o->offset,
        shorten(text, shortbuf, sizeof shortbuf), r->estimated ? "about " : "", (long)r->total,
        r->total == 1 ? "" : "s");
  } else if (o->verbosity >= 0 && !qid) {
    if (suggestion)
      say("no articles match '%s'; did you mean '%s'?", shorten(text, shortbuf, sizeof shortbuf),
          shorten(suggestion, shortbuf2, sizeof shortbuf2));
    else
      say("no articles match '%s'", shorten(text, shortbuf, sizeof shortbuf));
  }
  return WARTA_EXIT_PARTIAL;
}

/* Run one query; qid names it in batch output (NULL for a single query). */
static int run_query(session *s, const char *text, const char *qid) {
  const query_opts *o = s->o;
  warta_query q;
  warta_results r;
  plan_notes notes;
  qsyntax syn;
  memset(&r, 0, sizeof r);
  s->out.query_id = qid;
  int looked = s->plan.lookups, missed = s->plan.misses;
  int rc = build(s, text, &q, &notes, &syn);
  int code = built_code(s, text, rc, &syn, &notes);
  if (code != WARTA_EXIT_OK) goto done;
  if (o->verbosity > 0) {
    char *d = planner_describe(&q);
    say("plan: %s", d ? d : "?");
    say("lexicon: %d lookups, %d unseen (analyzed)", s->plan.lookups - looked,
        s->plan.misses - missed);
    free(d);
  }
  const char **named;
  rc = search_named(s, &q, &r, &named);
  if (rc == WARTA_TOOBIG) {
    say("%s", warta_searcher_errmsg(s->s));
    code = WARTA_EXIT_USAGE;
    goto done;
  }
  if (rc) {
    say("%s: %s", o->db, warta_searcher_errmsg(s->s));
    code = rc == WARTA_NOTFOUND && named ? WARTA_EXIT_USAGE : WARTA_EXIT_DB;
    goto done;
  }
  for (int i = 0; r.missing && r.missing[i] && o->verbosity >= 0; i++)
    say("warning: %s did not answer: these results leave it out", r.missing[i]);
  int serr = 0;
  char *suggestion = suggest_query(&s->plan, text, &syn, r.total < q.limit, &serr);
  if (o->count)
    output_count(&s->out, &q, &r);
  else
    output_results(&s->out, &q, &r, suggestion);
  if (o->verbosity > 0) say("%.2f ms", r.took_ms);
  if (!o->count && r.nhit == 0) code = no_hits(s, text, qid, &r, suggestion);
  free(suggestion);
done:
  planner_clear(&q);
  qsyntax_free(&syn);
  warta_results_free(&r);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    say("cannot write the results: %s", strerror(errno));
    code = WARTA_EXIT_INTERNAL;
  }
  return code;
}

/* Split "ID<TAB>text" (or just "text": the line number is the ID). */
static const char *split_line(char *line, long lineno, char *idbuf, size_t n, const char **id) {
  line[strcspn(line, "\r\n")] = 0;
  char *tab = strchr(line, '\t');
  if (tab) {
    *tab = 0;
    *id = line;
    return tab + 1;
  }
  snprintf(idbuf, n, "%ld", lineno);
  *id = idbuf;
  return line;
}

/* FILE of --queries or --alerts ("-": stdin), or NULL (said). */
static FILE *open_queries(const char *path, const char *what) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
  if (!f) say("%s: cannot read the %s file: %s", path, what, strerror(errno));
  return f;
}

/* --queries: every line of the file is a query. */
static int run_batch(session *s) {
  FILE *f = open_queries(s->o->queries, "queries");
  char *line = NULL, idbuf[32];
  size_t cap = 0;
  long lineno = 0;
  int code = WARTA_EXIT_PARTIAL;
  if (!f) return WARTA_EXIT_USAGE;
  while (getline(&line, &cap, f) > 0) {
    const char *id, *q = split_line(line, ++lineno, idbuf, sizeof idbuf, &id);
    if (!*q) continue;
    int c = run_query(s, q, id);
    if (c == WARTA_EXIT_OK) code = WARTA_EXIT_OK; /* some query had hits */
    if (c == WARTA_EXIT_DB || c == WARTA_EXIT_INTERNAL) {
      code = c;
      break;
    }
  }
  free(line);
  if (f != stdin) fclose(f);
  return code;
}

/* The names of an alerts file's searches, each with the line that gave it:
** a name is given once. */
typedef struct alert_names {
  char **v;
  long *line;
  int n, cap;
} alert_names;

/* Record name as given at line: 0; or the line that gave it first; or -1
** when out of memory. */
static long alert_name_take(alert_names *t, const char *name, long line) {
  for (int i = 0; i < t->n; i++) {
    if (strcmp(t->v[i], name) == 0) return t->line[i];
  }
  if (t->n == t->cap) {
    int cap = t->cap ? t->cap * 2 : 16;
    char **v = realloc(t->v, sizeof *v * (size_t)cap);
    if (v) t->v = v;
    long *l = realloc(t->line, sizeof *l * (size_t)cap);
    if (l) t->line = l;
    if (!v || !l) return -1;
    t->cap = cap;
  }
  if (!(t->v[t->n] = strdup(name))) return -1;
  t->line[t->n++] = line;
  return 0;
}

static void alert_names_free(alert_names *t) {
  for (int i = 0; i < t->n; i++)
    free(t->v[i]);
  free(t->v);
  free(t->line);
}

/*
** --alerts: every saved search of the file (alerts.h), with the command
** line's options (--added-since among them). A malformed line, or a
** search the index refuses, is named by file and line and the others
** still run; then the status is WARTA_EXIT_USAGE. Whether anything is new
** does not change it.
*/
static int run_alerts(session *s) {
  const query_opts *base = s->o;
  FILE *f = open_queries(base->alerts, "alerts");
  char *line = NULL, why[300];
  size_t cap = 0;
  long lineno = 0;
  int code = WARTA_EXIT_OK;
  alert_names taken = {0};
  if (!f) return WARTA_EXIT_USAGE;
  while (getline(&line, &cap, f) > 0) {
    alert a;
    snprintf(say_where, sizeof say_where, "%s:%ld", base->alerts, ++lineno);
    int k = alerts_parse(line, base, &a, why, sizeof why);
    long first = k > 0 ? alert_name_take(&taken, a.name, lineno) : 0;
    if (first < 0) {
      say("out of memory");
      code = WARTA_EXIT_INTERNAL;
      break;
    }
    if (first > 0) snprintf(why, sizeof why, "the name is taken by line %ld", first), k = -1;
    if (k < 0) {
      say("%s; this search is not run", why);
      code = WARTA_EXIT_USAGE;
      continue;
    }
    if (k == 0) continue;
    s->o = &a.o;
    s->out.alert = a.name;
    int c = run_query(s, a.text, NULL);
    s->o = base;
    s->out.alert = NULL;
    if (c == WARTA_EXIT_USAGE) code = c;
    if (c == WARTA_EXIT_DB || c == WARTA_EXIT_INTERNAL) {
      code = c;
      break;
    }
  }
  say_where[0] = 0;
  alert_names_free(&taken);
  free(line);
  if (f != stdin) fclose(f);
  return code;
}

static int open_session(session *s, const query_opts *o) {
  char *err = NULL;
  memset(s, 0, sizeof *s);
  s->o = o;
  if (!getcwd(s->cwd, sizeof s->cwd)) s->cwd[0] = 0;
  s->out.f = stdout;
  s->out.format = o->format;
  s->out.bold = use_bold(o);
  s->out.full = o->full;
  s->out.cwd = s->cwd;
  int rc = names_open(o->synonyms, &s->names, &err);
  if (rc) {
    /* a malformed line names the file and the line */
    say("%s", err ? err : "out of memory");
    free(err);
    return rc == WARTA_NOMEM ? WARTA_EXIT_INTERNAL : WARTA_EXIT_USAGE;
  }
  rc = warta_searcher_open_with(o->db, o->partial ? WARTA_OPEN_PARTIAL : 0, &s->s, &err);
  if (rc) {
    say("%s: %s", o->db, err ? err : "cannot open the index");
    free(err);
    return rc == WARTA_MISMATCH || rc == WARTA_TOONEW ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
  }
  const char *v = warta_searcher_analysis_version(s->s);
  if (*v && strcmp(v, warta_analysis_version()) != 0 && o->verbosity >= 0) {
    say("%s was built by another analysis; run warta-index --rebuild for exact results", o->db);
  }
  if ((rc = planner_open(&s->plan, s->s, &err))) {
    say("%s", err ? err : "cannot create the analyzers");
    free(err);
    return rc == WARTA_NOMEM ? WARTA_EXIT_INTERNAL : WARTA_EXIT_DB;
  }
  s->plan_open = 1;
  planner_set_synonyms(&s->plan, s->names);
  return WARTA_EXIT_OK;
}

static void close_session(session *s) {
  if (s->plan_open) planner_close(&s->plan);
  warta_searcher_close(s->s);
  names_free(s->names);
}

/*************************************************************************
** --analyze
*/
typedef struct an_ctx {
  const char *text;    /* the analyzed text */
  query_format format; /* how to print */
  int batch;           /* one line of terms per input line */
  int count;           /* tokens printed on this line */
} an_ctx;

/* Words of the input and their terms, escaped like every text shown: a
** word may hold format characters (UAX #29 keeps them inside it). */
static void put_escaped(const char *s, size_t n) { warta_escape_write(stdout, s, n, 0); }

static int print_token(void *ctx, const warta_token *t) {
  an_ctx *c = ctx;
  if (c->batch) {
    fputs(t->colocated ? "(" : c->count ? " " : "", stdout);
    put_escaped(t->term, (size_t)t->n_term);
    if (t->colocated) putchar(')');
    c->count++;
  } else if (c->format == FORMAT_JSON) {
    json_t *o =
        json_pack("{s:s%, s:i, s:i, s:s%, s:s, s:b}", "surface", c->text + t->start,
                  (size_t)(t->end - t->start), "start", t->start, "end", t->end, "term", t->term,
                  (size_t)t->n_term, "how", warta_how_name(t->how), "colocated", t->colocated);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (s) puts(s);
    free(s);
    json_decref(o);
  } else {
    put_escaped(c->text + t->start, (size_t)(t->end - t->start));
    printf("\t%d-%d\t", t->start, t->end);
    put_escaped(t->term, (size_t)t->n_term);
    printf("\t%s%s\n", warta_how_name(t->how), t->colocated ? "\tcolocated" : "");
  }
  return 0;
}

static int analyze_batch(warta_analyzer *a, const query_opts *o) {
  FILE *f = open_queries(o->queries, "queries");
  char *line = NULL;
  size_t cap = 0;
  if (!f) return WARTA_EXIT_USAGE;
  while (getline(&line, &cap, f) > 0) {
    line[strcspn(line, "\r\n")] = 0;
    an_ctx c = {line, o->format, 1, 0};
    put_escaped(line, strlen(line));
    putchar('\t');
    if (warta_analyze(a, line, (int)strlen(line), 0, print_token, &c)) break;
    putchar('\n');
  }
  free(line);
  if (f != stdin) fclose(f);
  return WARTA_EXIT_OK;
}

/* The names standing for the words of the query (with an index): one
** line each, "# name" lines in text, objects in JSON. */
static int analyze_names(const query_opts *o) {
  session s;
  int code = open_session(&s, o);
  if (code) {
    close_session(&s);
    return code;
  }
  warta_query q;
  plan_notes notes;
  qsyntax syn;
  request r;
  request_init(&r);
  r.text = o->query;
  r.exact = o->exact;
  r.rank = o->rank;
  int rc = request_build(&s.plan, &r, &q, &syn, &notes);
  int header = 0;
  for (int i = 0; rc == WARTA_OK && i < q.ngroup; i++) {
    const warta_qgroup *g = &q.group[i];
    warta_buf words = WARTA_BUF_INIT;
    for (int j = i; j < i + g->span && j < q.ngroup; j++)
      warta_buf_printf(&words, "%s%s", j > i ? " " : "", q.group[j].exact);
    for (int e = 0; !words.err && e < g->nexp; e++) {
      const warta_qexp *x = &g->exp[e];
      if (o->format == FORMAT_JSON) {
        json_t *j = json_pack("{s:s, s:s, s:s, s:f}", "name", x->text, "stands_for", words.p,
                              "from", x->why, "weight", o->rank.expand);
        char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (t) puts(t);
        free(t);
        json_decref(j);
        continue;
      }
      if (!header++) printf("# name\tstands for\tfrom\tweight\n");
      put_escaped(x->text, strlen(x->text));
      putchar('\t');
      put_escaped(words.p, words.n);
      printf("\t%s\t%g\n", x->why, o->rank.expand);
    }
    warta_buf_free(&words);
  }
  planner_clear(&q);
  qsyntax_free(&syn);
  close_session(&s);
  return rc == WARTA_OK ? WARTA_EXIT_OK : rc == WARTA_NOMEM ? WARTA_EXIT_INTERNAL : WARTA_EXIT_DB;
}

static int analyze(const query_opts *o) {
  warta_analyzer *a = NULL;
  char *err = NULL;
  warta_stemming stemming = WARTA_STEM_FULL;
  warta_searcher *s = NULL;
  /* analyze as the index does, when there is one */
  int indexed = 0;
  if (access(o->db, F_OK) == 0 && warta_searcher_open(o->db, &s, NULL) == 0) {
    stemming = warta_searcher_stemming(s);
    warta_searcher_close(s);
    indexed = 1;
  }
  if (o->stemming >= 0) stemming = (warta_stemming)o->stemming;
  if (warta_analyzer_new(o->lang ? o->lang : "id", stemming, &a, &err)) {
    say("%s", err ? err : "cannot create an analyzer");
    free(err);
    return WARTA_EXIT_INTERNAL;
  }
  int rc = WARTA_OK;
  if (o->queries) {
    rc = analyze_batch(a, o);
  } else {
    an_ctx c = {o->query, o->format, 0, 0};
    if (o->format != FORMAT_JSON) printf("# surface\tbytes\tterm\thow\n");
    rc = warta_analyze(a, o->query, (int)strlen(o->query), 0, print_token, &c);
  }
  warta_analyzer_free(a);
  if (rc == WARTA_OK && !o->queries && indexed) {
    int code = analyze_names(o);
    if (code) return code;
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    say("cannot write: %s", strerror(errno));
    return WARTA_EXIT_INTERNAL;
  }
  return rc ? WARTA_EXIT_INTERNAL : WARTA_EXIT_OK;
}

int query_run(const query_opts *o) {
  session s;
  if (o->analyze) return analyze(o);
  int code = open_session(&s, o);
  if (code == WARTA_EXIT_OK)
    code = o->queries ? run_batch(&s) : o->alerts ? run_alerts(&s) : run_query(&s, o->query, NULL);
  close_session(&s);
  return code;
}
