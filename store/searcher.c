/*
** Reading the index: opening an index directory or a stub, following
** the writer's commits and rebuilds, and the lexicon's lookups.
**
** A reader never writes: it opens the Xapian database through the stub
** (DIR/XAPIANDB) and reads the versions from the engine's metadata, so a
** read-only mount or another user's index works. A rebuild replaces the
** stub; warta_searcher_refresh() notices (the stub's inode changes) and
** opens the new generation.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/rc.h"
#include "dir.h"
#include "search_int.h"

static int sfail(warta_searcher *s, int rc, const char *msg) {
  free(s->err);
  s->err = strdup(msg && *msg ? msg : "cannot read the index");
  return rc;
}

const char *warta_searcher_errmsg(const warta_searcher *s) {
  return s && s->err ? s->err : "unknown error";
}

int searcher_xfail(warta_searcher *s, int rc) {
  /* a shard that does not answer was named: that is the message */
  if (s->named && rc == WARTA_IOERR) return rc;
  return sfail(s, rc, xdb_errmsg(s->x));
}

int searcher_fail(warta_searcher *s, int rc, const char *msg) { return sfail(s, rc, msg); }

int reopen_for_retry(warta_searcher *s, int rc, int *tries) {
  int again;
  s->named = 0;
  if (++*tries > 5) return 0;
  if (rc == WARTA_IOERR && s->stub.n > 0)
    again = searcher_shards_failed(s, rc) == WARTA_OK;
  else
    again = rc == WARTA_STALE && xdb_reopen(s->x, NULL) == WARTA_OK;
  if (again) { /* counted on what is no longer read */
    searcher_freqs_drop(s);
    searcher_langs_drop(s);
  }
  return again;
}

/* Identity of the stub, to notice a rebuild swapped in or shards added. */
static void stub_sig(const warta_searcher *s, struct stub_sig *sig) {
  char p[4096];
  struct stat sb;
  memset(sig, 0, sizeof *sig);
  if (s->is_dir) {
    if (dir_path(p, sizeof p, s->path, 0, DIR_STUB)) return;
  } else if (snprintf(p, sizeof p, "%s", s->path) >= (int)sizeof p) {
    return;
  }
  if (stat(p, &sb) != 0) return;
  sig->ino = (unsigned long long)sb.st_ino;
  sig->mtime = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
}

/* A metadata value (malloc'ed; NULL when absent). A value that cannot be
** read is damage, not absence: *rc says so. */
static char *meta(warta_searcher *s, const char *key, int *rc) {
  char *v = NULL;
  int r = xdb_get_metadata(s->x, key, &v);
  if (r && *rc == WARTA_OK) *rc = searcher_xfail(s, r == WARTA_NOMEM ? r : WARTA_CORRUPT);
  return v;
}

#define STUB_MAX (1 << 20) /* bytes of a stub file read at most */
#define REMOTE_TIMEOUT_MS 10000
/* A shard left out is known to have failed: trying it again waits less,
** so that a host that is gone costs a search a short stall, not 10 s. */
#define PROBE_TIMEOUT_MS 2000

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Leave shard i out until it answers again. */
static void leave_out(warta_searcher *s, int i) {
  s->down[i] = 1;
  s->retry_ms = now_ms() + WARTA_SHARD_RETRY_S * 1000LL;
}

/* A stub file's shards, read by the searcher itself (see stub.h); none
** when Xapian is to read it. */
static int load_stub(warta_searcher *s) {
  stub_list_free(&s->stub);
  free(s->down);
  s->down = NULL;
  FILE *f = fopen(s->path, "rb");
  if (!f) return WARTA_OK; /* Xapian says why */
  char *text = malloc(STUB_MAX);
  size_t n = text ? fread(text, 1, STUB_MAX, f) : 0;
  int big = !feof(f);
  fclose(f);
  if (!text) return WARTA_NOMEM;
  char base[4096];
  snprintf(base, sizeof base, "%s", s->path);
  char *slash = strrchr(base, '/');
  if (slash)
    *slash = 0;
  else
    base[0] = 0;
  int rc = big ? 1 : stub_parse(text, n, base, &s->stub);
  free(text);
  if (rc < 0) return WARTA_NOMEM;
  if (rc > 0 || s->stub.n == 0) {
    stub_list_free(&s->stub);
    return WARTA_OK;
  }
  s->down = calloc((size_t)s->stub.n, 1);
  return s->down ? WARTA_OK : WARTA_NOMEM;
}

/* Open the shards that are not left out as one database. */
static int open_parts(warta_searcher *s) {
  for (;;) {
    xdb_part *parts = calloc((size_t)s->stub.n, sizeof *parts);
    int *which = calloc((size_t)s->stub.n, sizeof *which);
    int k = 0, failed = -1;
    if (!parts || !which) {
      free(parts);
      free(which);
      return WARTA_NOMEM;
    }
    for (int i = 0; i < s->stub.n; i++) {
      if (s->down[i]) continue;
      parts[k].path = s->stub.v[i].path;
      parts[k].host = s->stub.v[i].host;
      parts[k].port = s->stub.v[i].port;
      which[k++] = i;
    }
    char *err = NULL;
    int rc = k ? xdb_open_parts(parts, k, REMOTE_TIMEOUT_MS, &s->x, &failed, &err) : WARTA_IOERR;
    int shard = failed >= 0 ? which[failed] : -1;
    free(parts);
    free(which);
    if (rc == WARTA_OK) return WARTA_OK;
    if (shard >= 0 && (s->flags & WARTA_OPEN_PARTIAL) && k > 1) {
      leave_out(s, shard); /* and try the others */
      free(err);
      continue;
    }
    char *msg = shard >= 0 ? warta_strdupf("shard %s does not answer: %s", s->stub.v[shard].name,
                                           err ? err : "cannot open it")
                           : NULL;
    rc = sfail(s, rc, msg ? msg : err);
    free(msg);
    free(err);
    return rc;
  }
}

/* Open the engine and check the versions. */
static int open_engine(warta_searcher *s) {
  char *err = NULL;
  int rc;
  if (s->stub.n > 0) {
    if ((rc = open_parts(s))) return rc;
  } else if ((rc = xdb_open(s->path, 0, &s->x, &err))) {
    rc = sfail(s, rc, err);
    free(err);
    return rc;
  }
  s->lexicon = s->stub.remote == 0;
  char *schema = meta(s, "warta.schema_version", &rc), msg[300];
  if (rc) {
    /* reported by meta() */
  } else if (!schema) {
    rc = sfail(s, WARTA_MISMATCH, "not a warta index (no schema version in it)");
  } else if ((rc = schema_version_check(schema, "the engine", msg, sizeof msg))) {
    sfail(s, rc, msg);
  }
  free(schema);
  if (rc) return rc;
  char *stem = meta(s, "warta.stemming", &rc);
  int st = warta_stemming_parse(stem);
  s->stemming = st >= 0 ? (warta_stemming)st : WARTA_STEM_FULL;
  free(stem);
  free(s->analysis);
  free(s->profiles);
  s->analysis = meta(s, "warta.analysis_version", &rc);
  s->profiles = meta(s, "warta.profiles", &rc);
  if (rc) return rc;
  stub_sig(s, &s->sig);
  return WARTA_OK;
}

/* The generation the stub names must be there: say so, rather than what
** Xapian says of the path it could not find. */
static int generation_present(warta_searcher *s) {
  char p[4096], msg[4200];
  struct stat sb;
  int gen = 0;
  char **dbs = dir_databases(s->path, &gen);
  int missing = -1;
  for (int i = 0; dbs && dbs[i] && missing < 0; i++) {
    if (dir_path(p, sizeof p, s->path, gen, dbs[i]) == 0 && stat(p, &sb) != 0) missing = i;
  }
  warta_list_free(dbs);
  if (missing < 0) return WARTA_OK; /* Xapian reads the stub and says what is wrong with it */
  snprintf(msg, sizeof msg,
           "damaged index: the stub XAPIANDB names generation g%d, whose database %s is missing",
           gen, p);
  return sfail(s, WARTA_CORRUPT, msg);
}

int warta_searcher_open(const char *path, warta_searcher **out, char **err) {
  return warta_searcher_open_with(path, 0, out, err);
}

int warta_searcher_open_with(const char *path, int flags, warta_searcher **out, char **err) {
  warta_searcher *s = calloc(1, sizeof *s);
  int rc = WARTA_OK;
  *out = NULL;
  if (err) *err = NULL;
  if (!s || !(s->path = strdup(path))) {
    free(s);
    return WARTA_NOMEM;
  }
  s->flags = flags;
  switch (dir_kind_of(path)) {
  case DIR_MISSING:
    rc = sfail(s, WARTA_NOTFOUND, "no such index (create it with warta-index)");
    break;
  case DIR_EMPTY:
    rc = sfail(s, WARTA_NOTFOUND, "not an index, or one whose first run has not begun");
    break;
  case DIR_V1:
    rc = sfail(s, WARTA_MISMATCH,
               "written by warta 1 (a single SQLite file): run warta-index --rebuild");
    break;
  case DIR_OTHER: rc = sfail(s, WARTA_MISMATCH, "not a warta index"); break;
  case DIR_INDEX:
    s->is_dir = 1;
    rc = generation_present(s);
    if (rc == WARTA_OK) rc = open_engine(s);
    break;
  case DIR_PLAIN: /* a Xapian database: a replica, a copy */
    s->is_dir = 1;
    rc = open_engine(s);
    break;
  case DIR_STUBFILE:
    rc = load_stub(s);
    if (rc == WARTA_OK) rc = open_engine(s);
    break;
  }
  if (rc) {
    if (err) *err = strdup(warta_searcher_errmsg(s));
    warta_searcher_close(s);
    return rc;
  }
  *out = s;
  return WARTA_OK;
}

void searcher_langs_drop(warta_searcher *s) {
  warta_list_free(s->langs);
  s->langs = NULL;
}

void warta_searcher_close(warta_searcher *s) {
  if (!s) return;
  searcher_freqs_free(s);
  searcher_langs_drop(s);
  xdb_close(s->x);
  stub_list_free(&s->stub);
  free(s->down);
  warta_analyzer_free(s->scanner);
  free(s->analysis);
  free(s->profiles);
  free(s->path);
  free(s->err);
  free(s);
}

static void retry_left_out(warta_searcher *s, int *changed);

int warta_searcher_refresh(warta_searcher *s, int *changed) {
  struct stub_sig now;
  int c = 0, rc;
  stub_sig(s, &now);
  if (changed) *changed = 0;
  if (now.ino != s->sig.ino || now.mtime != s->sig.mtime) {
    /* a rebuild was swapped in, or the shards changed: open them anew */
    xdb *old = s->x;
    s->x = NULL;
    if (!s->is_dir && (rc = load_stub(s))) {
      s->x = old;
      return rc;
    }
    if ((rc = open_engine(s))) {
      xdb_close(s->x);
      s->x = old;
      return rc;
    }
    xdb_close(old);
    searcher_freqs_drop(s);
    searcher_langs_drop(s);
    if (changed) *changed = 1;
    return WARTA_OK;
  }
  retry_left_out(s, &c);
  if (!c && (rc = xdb_reopen(s->x, &c))) return searcher_xfail(s, rc);
  if (c) {
    searcher_freqs_drop(s);
    searcher_langs_drop(s);
  }
  if (changed) *changed = c;
  return WARTA_OK;
}

warta_stemming warta_searcher_stemming(const warta_searcher *s) { return s->stemming; }

/* 1 when shard i answers a fresh connection within timeout_ms: its
** greeting, and a request after it (a server can fail after the
** handshake); else 0 and *err. */
static int shard_answers(const warta_searcher *s, int i, unsigned timeout_ms, char **err) {
  xdb_part part = {s->stub.v[i].path, s->stub.v[i].host, s->stub.v[i].port};
  xdb *probe = NULL;
  char *v = NULL;
  if (xdb_open_parts(&part, 1, timeout_ms, &probe, NULL, err)) return 0;
  int rc = xdb_get_metadata(probe, "warta.schema_version", &v);
  free(v);
  if (rc) *err = strdup(xdb_errmsg(probe));
  xdb_close(probe);
  return rc == WARTA_OK;
}

/* Open the engine anew in place of the current one; the current one stays
** when that fails. */
static int reopen_engine(warta_searcher *s) {
  xdb *old = s->x;
  s->x = NULL;
  int rc = open_engine(s);
  if (rc) {
    xdb_close(s->x);
    s->x = old;
    return rc;
  }
  xdb_close(old);
  return WARTA_OK;
}

/* Once their time has come (WARTA_SHARD_RETRY_S), try the shards left out
** again; the engine is opened anew with those that answer (*changed set
** to 1). When that fails, the engine and the shards left out stay. */
static void retry_left_out(warta_searcher *s, int *changed) {
  int back = 0;
  if (!s->down || now_ms() < s->retry_ms || !memchr(s->down, 1, (size_t)s->stub.n)) return;
  unsigned char *was = malloc((size_t)s->stub.n);
  if (!was) return;
  memcpy(was, s->down, (size_t)s->stub.n);
  for (int i = 0; i < s->stub.n; i++) {
    char *err = NULL;
    if (s->down[i] && shard_answers(s, i, PROBE_TIMEOUT_MS, &err)) {
      s->down[i] = 0;
      back++;
    }
    free(err);
  }
  s->retry_ms = now_ms() + WARTA_SHARD_RETRY_S * 1000LL;
  if (back && reopen_engine(s) == WARTA_OK)
    *changed = 1;
  else if (back)
    memcpy(s->down, was, (size_t)s->stub.n);
  free(was);
}

int searcher_shards_failed(warta_searcher *s, int rc) {
  s->named = 0;
  if (rc != WARTA_IOERR || s->stub.n == 0) return rc;
  int newly = 0, up = 0, first = -1;
  char *why = NULL;
  for (int i = 0; i < s->stub.n; i++) {
    char *err = NULL;
    if (s->down[i]) continue;
    if (shard_answers(s, i, REMOTE_TIMEOUT_MS, &err)) {
      up++;
      continue;
    }
    leave_out(s, i);
    if (first < 0) {
      first = i;
      why = err;
    } else {
      free(err);
    }
    newly++;
  }
  /* every shard answers a fresh connection: the old ones broke (a server
  ** restarted), so connect again and let the caller try again */
  if (newly == 0) return reopen_engine(s) == WARTA_OK ? WARTA_OK : rc;
  if ((s->flags & WARTA_OPEN_PARTIAL) && up > 0) {
    free(why);
    return reopen_engine(s);
  }
  char *msg = warta_strdupf("shard %s does not answer: %s%s", s->stub.v[first].name,
                            why ? why : "no answer", newly > 1 ? " (and others)" : "");
  sfail(s, WARTA_IOERR, msg ? msg : why);
  s->named = 1;
  free(msg);
  free(why);
  /* a later call may find them back */
  memset(s->down, 0, (size_t)s->stub.n);
  return WARTA_IOERR;
}

int warta_searcher_missing(const warta_searcher *s, char ***names) {
  int n = 0;
  *names = NULL;
  for (int i = 0; i < s->stub.n; i++)
    n += s->down[i];
  if (n == 0) return WARTA_OK;
  char **v = calloc((size_t)n + 1, sizeof *v);
  for (int i = 0, k = 0; v && i < s->stub.n; i++) {
    if (s->down[i] && !(v[k++] = strdup(s->stub.v[i].name))) {
      warta_list_free(v);
      v = NULL;
    }
  }
  *names = v;
  return v ? WARTA_OK : WARTA_NOMEM;
}

int searcher_try_again(warta_searcher *s, int rc) {
  int changed = 0;
  /* a shard may not answer: name it, or leave it out (partial) */
  if (rc == WARTA_IOERR && s->stub.n > 0) return searcher_shards_failed(s, rc) == WARTA_OK;
  if (warta_searcher_refresh(s, &changed)) return 0;
  return rc == WARTA_STALE || changed;
}

const char *warta_searcher_analysis_version(const warta_searcher *s) {
  return s->analysis ? s->analysis : "";
}

const char *warta_searcher_profiles(const warta_searcher *s) {
  return s->profiles ? s->profiles : "";
}

long warta_searcher_articles(warta_searcher *s) {
  /* every document is an article: the count the engine keeps (a remote
  ** shard sent it when opened), where T_ARTICLE's frequency would cost it
  ** a round trip */
  return (long)xdb_doccount(s->x);
}

typedef struct syn_ctx {
  int (*fn)(void *, const char *, size_t); /* the caller's */
  void *ctx;
  int n; /* synonyms seen */
} syn_ctx;

static int each_syn(void *ctx, const char *t, size_t n) {
  syn_ctx *c = ctx;
  c->n++;
  return c->fn(c->ctx, t, n);
}

int warta_searcher_lexicon(warta_searcher *s, const char *w, int n,
                           int (*fn)(void *ctx, const char *analyses, size_t len), void *ctx) {
  syn_ctx c = {fn, ctx, 0};
  int rc, tries = 0;
  if (!s->lexicon) return WARTA_NOTFOUND;
  do {
    c.n = 0;
    rc = xdb_synonyms(s->x, w, (size_t)n, each_syn, &c);
  } while (reopen_for_retry(s, rc, &tries));
  if (rc < 0 || (rc > 0 && !*xdb_errmsg(s->x))) return rc; /* the callback stopped */
  if (rc) return searcher_xfail(s, rc);
  if (c.n) return WARTA_OK;
  uint32_t freq = 0;
  if ((rc = warta_searcher_surface_freq(s, w, n, &freq))) return rc;
  return freq ? WARTA_OK : WARTA_NOTFOUND;
}

typedef struct surf_ctx {
  int (*fn)(void *, const char *, size_t, uint32_t); /* the caller's */
  void *ctx;
} surf_ctx;

static int each_surface(void *ctx, const char *t, size_t n, uint32_t tf) {
  surf_ctx *c = ctx;
  return c->fn(c->ctx, t + 1, n - 1, tf);
}

int warta_searcher_surfaces(warta_searcher *s, const char *prefix, int n,
                            int (*fn)(void *ctx, const char *w, size_t len, uint32_t freq),
                            void *ctx) {
  char t[256];
  surf_ctx c = {fn, ctx};
  if ((size_t)n + 1 >= sizeof t) return WARTA_OK;
  t[0] = P_SURFACE[0];
  memcpy(t + 1, prefix, (size_t)n);
  int rc = xdb_allterms(s->x, t, (size_t)n + 1, each_surface, &c), tries = 0;
  while (reopen_for_retry(s, rc, &tries))
    rc = xdb_allterms(s->x, t, (size_t)n + 1, each_surface, &c);
  if (rc && *xdb_errmsg(s->x)) return searcher_xfail(s, rc);
  return rc;
}

int warta_searcher_phrase_freq(warta_searcher *s, const char *const *t, int n, uint32_t max,
                               uint32_t *freq) {
  xq *sub[16];
  int k = 0, rc = WARTA_OK;
  *freq = 0;
  if (n < 1 || n > 16 || s->freqs.dry) return WARTA_OK;
  for (k = 0; k < n; k++) {
    if (!(sub[k] = xq_term(t[k], strlen(t[k]), 1))) break;
  }
  xq *q = k == n ? xq_op(XQ_PHRASE, sub, n, (unsigned)n) : NULL;
  for (int i = 0; i < k; i++)
    xq_free(sub[i]);
  if (!q) return WARTA_NOMEM;
  xsearch x;
  xresult r;
  memset(&x, 0, sizeof x);
  x.collapse_slot = -1;
  x.sort_slot = -1;
  x.weight.boolean = 1;
  x.check_at_least = max;
  int tries = 0;
  do
    rc = xdb_search(s->x, q, &x, &r);
  while (reopen_for_retry(s, rc, &tries));
  xq_free(q);
  if (rc) return searcher_xfail(s, rc);
  *freq = r.lower;
  xresult_free(&r);
  return WARTA_OK;
}

typedef struct lang_list {
  char **v;
  uint32_t *n;
  int count, cap;
} lang_list;

static int each_lang(void *ctx, const char *t, size_t n, uint32_t tf) {
  lang_list *l = ctx;
  if (l->count + 1 >= l->cap) {
    int cap = l->cap ? l->cap * 2 : 8;
    char **v = realloc(l->v, sizeof *v * (size_t)cap);
    if (v) l->v = v;
    uint32_t *c = realloc(l->n, sizeof *c * (size_t)cap);
    if (c) l->n = c;
    if (!v || !c) return WARTA_NOMEM;
    l->cap = cap;
  }
  char *s = malloc(n);
  if (!s) return WARTA_NOMEM;
  memcpy(s, t + 1, n - 1);
  s[n - 1] = 0;
  /* most articles first */
  int i = l->count;
  while (i > 0 && l->n[i - 1] < tf) {
    l->v[i] = l->v[i - 1];
    l->n[i] = l->n[i - 1];
    i--;
  }
  l->v[i] = s;
  l->n[i] = tf;
  l->count++;
  return 0;
}

/* The index's languages into *langs (NULL-terminated, malloc'ed), most
** articles first. */
static int read_languages(warta_searcher *s, char ***langs) {
  lang_list l = {NULL, NULL, 0, 0};
  *langs = NULL;
  int rc, tries = 0;
  do {
    for (int i = 0; i < l.count; i++)
      free(l.v[i]);
    l.count = 0;
    rc = xdb_allterms(s->x, P_LANG, strlen(P_LANG), each_lang, &l);
  } while (reopen_for_retry(s, rc, &tries));
  free(l.n);
  if (rc == WARTA_OK && !l.v) l.v = calloc(1, sizeof *l.v);
  if (rc || !l.v) {
    for (int i = 0; i < l.count; i++)
      free(l.v[i]);
    free(l.v);
    if (rc && *xdb_errmsg(s->x)) return searcher_xfail(s, rc);
    return rc ? rc : WARTA_NOMEM;
  }
  l.v[l.count] = NULL;
  *langs = l.v;
  return WARTA_OK;
}

int searcher_languages(warta_searcher *s, char *const **langs) {
  int rc = s->langs ? WARTA_OK : read_languages(s, &s->langs);
  *langs = s->langs;
  return rc;
}

int warta_searcher_languages(warta_searcher *s, char ***langs) {
  char *const *mine;
  int n = 0, rc = searcher_languages(s, &mine);
  *langs = NULL;
  if (rc) return rc;
  while (mine[n])
    n++;
  char **v = calloc((size_t)n + 1, sizeof *v);
  for (int i = 0; v && i < n; i++) {
    if ((v[i] = strdup(mine[i]))) continue;
    warta_list_free(v);
    v = NULL;
  }
  if (!v) return WARTA_NOMEM;
  *langs = v;
  return WARTA_OK;
}

void warta_list_free(char **list) {
  for (int i = 0; list && list[i]; i++)
    free(list[i]);
  free(list);
}
