/*
** Running a query: plan it, search every language table, print the hits.
*/
#include "query.h"

#include <limits.h>
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

static void say(const char *fmt, const char *a, const char *b) {
  fputs("warta-query: ", stderr);
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
}

static int use_bold(const query_opts *o) {
  if (o->format != FORMAT_TEXT || o->color == COLOR_NEVER) return 0;
  if (o->color == COLOR_ALWAYS) return 1;
  const char *nc = getenv("NO_COLOR");
  return isatty(1) && !(nc && *nc);
}

/* The analyzers of the index's languages, for planning. */
static int make_analyzers(warta_store *st, char **langs, warta_analyzer ***out, int *n) {
  int count = 0;
  while (langs[count]) count++;
  warta_analyzer **a = calloc((size_t)(count ? count : 1), sizeof *a);
  if (!a) return WARTA_NOMEM;
  for (int i = 0; i < count; i++) {
    char *err = NULL;
    if (warta_analyzer_new(langs[i], warta_store_stemming(st), &a[i], &err)) {
      say("%s%s", err ? err : "cannot create an analyzer", "");
      free(err);
      for (int j = 0; j < i; j++) warta_analyzer_free(a[j]);
      free(a);
      return WARTA_ERROR;
    }
  }
  *out = a;
  *n = count;
  return WARTA_OK;
}

static int show_hits(warta_store *st, const query_opts *o, const warta_search *q,
                     const warta_hit *hits, int n) {
  char cwd[PATH_MAX];
  int bold = use_bold(o);
  if (!getcwd(cwd, sizeof cwd)) cwd[0] = 0;
  for (int i = 0; i < n; i++) {
    warta_hit_info info;
    out_hit h;
    int *ranges = NULL, nranges = 0;
    if (warta_store_hit_info(st, hits[i].passage_id, &info)) {
      say("%s: %s", o->db, warta_store_errmsg(st));
      return WARTA_EXIT_DB;
    }
    if (warta_store_highlights(st, q, &hits[i], &ranges, &nranges)) {
      say("%s: %s", o->db, warta_store_errmsg(st));
      warta_hit_info_free(&info);
      return WARTA_EXIT_DB;
    }
    h.rank = i + 1;
    h.hit = &hits[i];
    h.info = &info;
    h.path = warta_relpath(info.path ? info.path : "", cwd);
    h.ranges = ranges;
    h.nranges = nranges;
    output_hit(stdout, o->format, bold, &h);
    free(ranges);
    warta_hit_info_free(&info);
  }
  return WARTA_EXIT_OK;
}

static int search(warta_store *st, const query_opts *o, char **langs) {
  warta_analyzer **an = NULL;
  int nan = 0, code = WARTA_EXIT_OK;
  qplan plan;
  if (!langs[0]) {
    if (o->verbosity >= 0) say("%s: the index holds no documents%s", o->db, "");
    return WARTA_EXIT_PARTIAL;
  }
  if (make_analyzers(st, langs, &an, &nan)) return WARTA_EXIT_INTERNAL;
  int rc = qplan_build(o->query, an, nan, &plan);
  for (int i = 0; i < nan; i++) warta_analyzer_free(an[i]);
  free(an);
  if (rc) return WARTA_EXIT_INTERNAL;
  if (plan.unbalanced && o->verbosity >= 0) {
    say("unbalanced double quote: the phrase runs to the end of the query%s%s", "", "");
  }
  if (plan.n == 0) {
    say("nothing to search for in '%s'%s", o->query, "");
    qplan_free(&plan);
    return WARTA_EXIT_USAGE;
  }
  if (o->verbosity > 0) say("MATCH %s; rank spec %s", plan.match, plan.spec);
  warta_search q = {plan.match, plan.spec, o->lang, o->limit, o->per_doc};
  warta_hit *hits = NULL;
  int nhits = 0;
  if (warta_store_search(st, &q, &hits, &nhits)) {
    say("%s: %s", o->db, warta_store_errmsg(st));
    code = WARTA_EXIT_DB;
  } else {
    code = show_hits(st, o, &q, hits, nhits);
    if (code == WARTA_EXIT_OK && nhits == 0) code = WARTA_EXIT_PARTIAL;
  }
  free(hits);
  qplan_free(&plan);
  return code;
}

static int warn_analysis(warta_store *st, const query_opts *o) {
  char *v = warta_store_meta_get(st, "analysis_version");
  if (v && strcmp(v, warta_analysis_version()) != 0 && o->verbosity >= 0) {
    say("%s was built by an older analysis; run warta-index --rebuild for exact results", o->db, "");
  }
  free(v);
  return 0;
}

/*************************************************************************
** --analyze
*/
typedef struct an_ctx {
  const char *text;    /* the analyzed text */
  query_format format; /* how to print */
} an_ctx;

static int print_token(void *ctx, const warta_token *t) {
  an_ctx *c = ctx;
  if (c->format == FORMAT_JSON) {
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

static int analyze(const query_opts *o) {
  warta_analyzer *a = NULL;
  char *err = NULL;
  warta_stemming stemming = WARTA_STEM_FULL;
  warta_store *st = NULL;
  /* analyze as the index does, when there is one */
  if (access(o->db, F_OK) == 0 && warta_store_open(o->db, WARTA_STORE_READONLY, WARTA_STEM_FULL, &st, NULL) == 0) {
    stemming = warta_store_stemming(st);
    warta_store_close(st);
  }
  if (warta_analyzer_new(o->lang ? o->lang : "id", stemming, &a, &err)) {
    say("%s%s", err ? err : "cannot create an analyzer", "");
    free(err);
    return WARTA_EXIT_INTERNAL;
  }
  an_ctx c = {o->query, o->format};
  if (o->format != FORMAT_JSON) printf("# surface\tbytes\tterm\thow\n");
  int rc = warta_analyze(a, o->query, (int)strlen(o->query), 0, print_token, &c);
  warta_analyzer_free(a);
  return rc ? WARTA_EXIT_INTERNAL : WARTA_EXIT_OK;
}

int query_run(const query_opts *o) {
  warta_store *st = NULL;
  char *err = NULL;
  char **langs = NULL;
  if (o->analyze) return analyze(o);
  if (access(o->db, F_OK) != 0) {
    say("%s: no such index (create it with warta-index)%s", o->db, "");
    return WARTA_EXIT_DB;
  }
  int rc = warta_store_open(o->db, WARTA_STORE_READONLY, WARTA_STEM_FULL, &st, &err);
  if (rc) {
    say("%s: %s", o->db, err ? err : "cannot open the index");
    free(err);
    return rc == WARTA_MISMATCH ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
  }
  warn_analysis(st, o);
  int code;
  if (warta_store_languages(st, &langs)) {
    say("%s: %s", o->db, warta_store_errmsg(st));
    code = WARTA_EXIT_DB;
  } else {
    code = search(st, o, langs);
  }
  warta_store_free_list(langs);
  warta_store_close(st);
  return code;
}
