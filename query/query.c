/*
** Running queries: plan each, search every language table, print the hits.
** A session keeps the index and the analyzers open across the queries of a
** --queries file.
*/
#include "query.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "common/exitcode.h"
#include "common/path.h"
#include "common/rc.h"
#include "output.h"
#include "plan.h"
#include "store/store.h"

typedef struct session {
  const query_opts *o; /* options */
  warta_store *st;     /* the index */
  warta_analyzer **an; /* analyzers of its languages, for planning */
  int nan;             /* entries in an[] */
  char cwd[PATH_MAX];  /* for showing paths */
  int bold;            /* ANSI bold highlights */
} session;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  va_list ap;
  fputs("warta-query: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static int use_bold(const query_opts *o) {
  if (o->format != FORMAT_TEXT || o->color == COLOR_NEVER) return 0;
  if (o->color == COLOR_ALWAYS) return 1;
  const char *nc = getenv("NO_COLOR");
  return isatty(1) && !(nc && *nc);
}

static int show_hits(session *s, const warta_search *q, warta_hit *hits, int n, const char *qid) {
  for (int i = 0; i < n; i++) {
    warta_hit_info info;
    out_hit h;
    int *ranges = NULL, nranges = 0;
    if (warta_store_hit_info(s->st, hits[i].passage_id, &info) ||
        warta_store_highlights(s->st, q, &hits[i], &ranges, &nranges)) {
      say("%s: %s", s->o->db, warta_store_errmsg(s->st));
      warta_hit_info_free(&info);
      return WARTA_EXIT_DB;
    }
    h.rank = i + 1;
    h.query_id = qid;
    h.hit = &hits[i];
    h.info = &info;
    h.path = warta_relpath(info.path ? info.path : "", s->cwd);
    h.ranges = ranges;
    h.nranges = nranges;
    output_hit(stdout, s->o->format, s->bold, &h);
    free(ranges);
    warta_hit_info_free(&info);
  }
  return WARTA_EXIT_OK;
}

static char *lex_parts(void *ctx, const char *closed) {
  return warta_store_compound_parts(ctx, closed);
}

static char *lex_closed(void *ctx, const char *a, const char *b) {
  return warta_store_compound_closed(ctx, a, b);
}

/* Run one query; qid names it in batch output (NULL for a single query). */
static int run_query(session *s, const char *query, const char *qid) {
  const query_opts *o = s->o;
  qlexicon lex = {lex_parts, lex_closed, s->st};
  qplan plan;
  int code;
  if (qplan_build(query, s->an, s->nan, &lex, &plan)) return WARTA_EXIT_INTERNAL;
  if (plan.unbalanced && o->verbosity >= 0) {
    say("unbalanced double quote: the phrase runs to the end of the query");
  }
  if (plan.n == 0) {
    say("nothing to search for in '%s'", query);
    qplan_free(&plan);
    return WARTA_EXIT_USAGE;
  }
  if (o->verbosity > 0) say("MATCH %s; rank spec %s", plan.match, plan.spec);
  if (qid && o->format == FORMAT_TEXT) printf("## %s: %s\n\n", qid, query);
  char *spec = plan.spec, *tuned = NULL;
  if (o->rank && (tuned = malloc(strlen(o->rank) + strlen(plan.spec) + 2))) {
    sprintf(tuned, "%s %s", o->rank, plan.spec);
    for (char *c = tuned; *c; c++) {
      if (*c == ',') *c = ' ';
    }
    spec = tuned;
  }
  warta_search q = {plan.match, spec, o->lang, o->limit, o->per_doc};
  warta_hit *hits = NULL;
  int nhits = 0;
  if (warta_store_search(s->st, &q, &hits, &nhits)) {
    say("%s: %s", o->db, warta_store_errmsg(s->st));
    code = WARTA_EXIT_DB;
  } else {
    code = show_hits(s, &q, hits, nhits, qid);
    if (code == WARTA_EXIT_OK && nhits == 0) code = WARTA_EXIT_PARTIAL;
  }
  free(hits);
  free(tuned);
  qplan_free(&plan);
  return code;
}

/* Split "ID<TAB>text" (or just "text": the line number is the ID). */
static const char *split_line(char *line, long lineno, char *idbuf, size_t n, const char **id) {
  char *tab = strchr(line, '\t');
  line[strcspn(line, "\r\n")] = 0;
  if (tab) {
    *tab = 0;
    *id = line;
    return tab + 1;
  }
  snprintf(idbuf, n, "%ld", lineno);
  *id = idbuf;
  return line;
}

static FILE *open_queries(const char *path) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
  if (!f) say("%s: cannot read the queries file", path);
  return f;
}

/* --queries: every line of the file is a query. */
static int run_batch(session *s) {
  FILE *f = open_queries(s->o->queries);
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

static int open_session(session *s, const query_opts *o) {
  char *err = NULL, **langs = NULL;
  memset(s, 0, sizeof *s);
  s->o = o;
  s->bold = use_bold(o);
  if (!getcwd(s->cwd, sizeof s->cwd)) s->cwd[0] = 0;
  if (access(o->db, F_OK) != 0) {
    say("%s: no such index (create it with warta-index)", o->db);
    return WARTA_EXIT_DB;
  }
  int rc = warta_store_open(o->db, WARTA_STORE_READONLY, WARTA_STEM_FULL, &s->st, &err);
  if (rc) {
    say("%s: %s", o->db, err ? err : "cannot open the index");
    free(err);
    return rc == WARTA_MISMATCH ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
  }
  char *v = warta_store_meta_get(s->st, "analysis_version");
  if (v && strcmp(v, warta_analysis_version()) != 0 && o->verbosity >= 0) {
    say("%s was built by another analysis; run warta-index --rebuild for exact results", o->db);
  }
  free(v);
  if (warta_store_languages(s->st, &langs)) {
    say("%s: %s", o->db, warta_store_errmsg(s->st));
    return WARTA_EXIT_DB;
  }
  while (langs[s->nan])
    s->nan++;
  if (s->nan == 0) {
    warta_store_free_list(langs);
    if (o->verbosity >= 0) say("%s: the index holds no documents", o->db);
    return WARTA_EXIT_PARTIAL;
  }
  s->an = calloc((size_t)s->nan, sizeof *s->an);
  for (int i = 0; s->an && i < s->nan; i++) {
    if (warta_analyzer_new(langs[i], warta_store_stemming(s->st), &s->an[i], &err)) {
      say("%s", err ? err : "cannot create an analyzer");
      free(err);
      warta_store_free_list(langs);
      return WARTA_EXIT_INTERNAL;
    }
  }
  warta_store_free_list(langs);
  return s->an ? WARTA_EXIT_OK : WARTA_EXIT_INTERNAL;
}

static void close_session(session *s) {
  for (int i = 0; s->an && i < s->nan; i++)
    warta_analyzer_free(s->an[i]);
  free(s->an);
  warta_store_close(s->st);
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

static int print_token(void *ctx, const warta_token *t) {
  an_ctx *c = ctx;
  if (c->batch) {
    if (t->colocated)
      printf("(%.*s)", t->n_term, t->term);
    else
      printf("%s%.*s", c->count ? " " : "", t->n_term, t->term);
    c->count++;
  } else if (c->format == FORMAT_JSON) {
    printf("{\"surface\":\"");
    for (int i = t->start; i < t->end; i++) {
      char ch = c->text[i];
      if (ch == '"' || ch == '\\') putchar('\\');
      putchar(ch);
    }
    printf("\",\"start\":%d,\"end\":%d,\"term\":\"%.*s\",\"how\":\"%s\",\"colocated\":%s}\n",
           t->start, t->end, t->n_term, t->term, warta_how_name(t->how),
           t->colocated ? "true" : "false");
  } else {
    printf("%.*s\t%d-%d\t%.*s\t%s%s\n", t->end - t->start, c->text + t->start, t->start, t->end,
           t->n_term, t->term, warta_how_name(t->how), t->colocated ? "\tcolocated" : "");
  }
  return 0;
}

static int analyze_batch(warta_analyzer *a, const query_opts *o) {
  FILE *f = open_queries(o->queries);
  char *line = NULL;
  size_t cap = 0;
  if (!f) return WARTA_EXIT_USAGE;
  while (getline(&line, &cap, f) > 0) {
    line[strcspn(line, "\r\n")] = 0;
    an_ctx c = {line, o->format, 1, 0};
    printf("%s\t", line);
    if (warta_analyze(a, line, (int)strlen(line), 0, print_token, &c)) break;
    putchar('\n');
  }
  free(line);
  if (f != stdin) fclose(f);
  return WARTA_EXIT_OK;
}

static int analyze(const query_opts *o) {
  warta_analyzer *a = NULL;
  char *err = NULL;
  warta_stemming stemming = WARTA_STEM_FULL;
  warta_store *st = NULL;
  /* analyze as the index does, when there is one */
  if (access(o->db, F_OK) == 0 &&
      warta_store_open(o->db, WARTA_STORE_READONLY, WARTA_STEM_FULL, &st, NULL) == 0) {
    stemming = warta_store_stemming(st);
    warta_store_close(st);
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
  return rc ? WARTA_EXIT_INTERNAL : WARTA_EXIT_OK;
}

int query_run(const query_opts *o) {
  session s;
  if (o->analyze) return analyze(o);
  int code = open_session(&s, o);
  if (code == WARTA_EXIT_OK) code = o->queries ? run_batch(&s) : run_query(&s, o->query, NULL);
  close_session(&s);
  return code;
}
