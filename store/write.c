/*
** Writing the index (the warta_store_* half of store.h).
**
** Consistency between the engine and the state, in three steps per batch:
**   1. the state commits what the batch changes: articles written (state
**      1) or deleted (state 2), new files as unfinished;
**   2. the engine commits the batch;
**   3. the state confirms: state 1 -> 0, state-2 rows go, and the files
**      finished in the batch get their size, mtime and hash.
** A kill before 2 leaves articles the state marks as not confirmed: the
** next open deletes the state-2 ones from the engine again and makes the
** files of state-1 ones unfinished, so that the next run reads them again
** and replaces their documents (by their ids) exactly as a clean run
** would. A kill after 2 leaves the same marks, and the same repair is
** harmless. Nothing the engine holds is ever unknown to the state.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/rc.h"
#include "dir.h"
#include "store_int.h"

#define DEFAULT_BATCH 2000
#define DEFAULT_BATCH_BYTES ((size_t)64 << 20)

int store_fail(warta_store *st, int rc, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  free(st->err);
  st->err = strdup(msg);
  return rc;
}

const char *warta_store_errmsg(const warta_store *st) {
  return st && st->err ? st->err : "unknown error";
}

warta_stemming warta_store_stemming(const warta_store *st) { return st->stemming; }

const char *warta_store_profiles(const warta_store *st) { return st->profiles ? st->profiles : ""; }

static int state_failed(warta_store *st, int rc) {
  return store_fail(st, rc, "state: %s", state_errmsg(&st->state));
}

static int writer_failed(warta_store *st, int rc) {
  return store_fail(st, rc, "%s", writer_errmsg(&st->w));
}

char *warta_store_meta_get(warta_store *st, const char *key) {
  return state_meta_get(&st->state, key);
}

int warta_store_meta_set(warta_store *st, const char *key, const char *value) {
  if (st->dry_run) return WARTA_OK;
  int rc = state_meta_set(&st->state, key, value);
  return rc ? state_failed(st, rc) : WARTA_OK;
}

/**************************************************************************
** opening
*/
/* The versions and settings of the index: in the state, and in each of
** its databases (where readers, who never open the state, find them). */
#define NMETA 5
static void meta_pairs(const warta_store *st, char v[16], const char *kv[NMETA][2]) {
  snprintf(v, 16, "%d", WARTA_SCHEMA_VERSION);
  const char *pairs[NMETA][2] = {
      {"schema_version", v},
      {"analysis_version", warta_analysis_version()},
      {"stemming", warta_stemming_name(st->stemming)},
      {"profiles", st->profiles ? st->profiles : ""},
      {"shard_by", shard_by_name(st->shard_by)},
  };
  memcpy(kv, pairs, sizeof pairs);
}

int store_engine_meta(warta_store *st, xdb *x) {
  char v[16], key[64];
  const char *kv[NMETA][2];
  meta_pairs(st, v, kv);
  for (int i = 0; i < NMETA; i++) {
    snprintf(key, sizeof key, "warta.%s", kv[i][0]);
    int rc = xdb_set_metadata(x, key, kv[i][1]);
    if (rc) return store_fail(st, rc, "%s", xdb_errmsg(x));
  }
  return WARTA_OK;
}

static int init_meta(warta_store *st) {
  char v[16];
  const char *kv[NMETA][2];
  meta_pairs(st, v, kv);
  for (int i = 0; i < NMETA; i++) {
    int rc = state_meta_set(&st->state, kv[i][0], kv[i][1]);
    if (rc) return state_failed(st, rc);
  }
  return WARTA_OK;
}

/* A schema version marker (where: "the state", "the engine") against this
** warta's: exactly its number, else refused; a newer one is never read
** as this one. */
static int schema_ok(warta_store *st, const char *v, const char *where) {
  char msg[300];
  int rc = schema_version_check(v, where, msg, sizeof msg);
  return rc ? store_fail(st, rc, "%s", msg) : WARTA_OK;
}

/* Read the index's settings back; refuse another schema, in the state or
** in the engine (where readers look). */
static int read_meta(warta_store *st) {
  char *v = state_meta_get(&st->state, "schema_version");
  int rc = schema_ok(st, v, "the state");
  free(v);
  if (rc) return rc;
  v = state_meta_get(&st->state, "stemming");
  int s = warta_stemming_parse(v);
  st->stemming = s >= 0 ? (warta_stemming)s : WARTA_STEM_FULL;
  free(v);
  st->profiles = state_meta_get(&st->state, "profiles");
  v = state_meta_get(&st->state, "shard_by");
  st->shard_by = shard_by_parse(v);
  if (st->shard_by < 0)
    rc = store_fail(st, WARTA_MISMATCH,
                    "the index is sharded by '%s', which this warta-index "
                    "does not know",
                    v);
  free(v);
  return rc;
}

typedef struct aids {
  char **v;
  int n, cap;
} aids;

static int keep_aid(void *ctx, const char *aid) {
  aids *a = ctx;
  if (a->n == a->cap) {
    int cap = a->cap ? a->cap * 2 : 64;
    char **v = realloc(a->v, sizeof *v * (size_t)cap);
    if (!v) return WARTA_NOMEM;
    a->v = v;
    a->cap = cap;
  }
  if (!(a->v[a->n] = strdup(aid))) return WARTA_NOMEM;
  a->n++;
  return 0;
}

/* Repair what a kill between the commits left (see the top of this
** file): the articles not confirmed leave every database (an article may
** have been moving from one shard to another); those written are read
** again by this run, as their files are made unfinished. */
static int recover(warta_store *st) {
  aids a = {NULL, 0, 0};
  long repaired = 0;
  int rc = state_unconfirmed(&st->state, keep_aid, &a);
  if (rc == WARTA_NOMEM)
    rc = store_fail(st, rc, "out of memory");
  else if (rc)
    rc = state_failed(st, rc);
  if (rc == WARTA_OK) rc = shards_delete_everywhere(st, a.v, a.n);
  for (int i = 0; i < a.n; i++)
    free(a.v[i]);
  free(a.v);
  if (rc) return rc;
  if ((rc = state_begin(&st->state)) || (rc = state_repair(&st->state, &repaired)) ||
      (rc = state_commit(&st->state))) {
    return state_failed(st, rc);
  }
  return WARTA_OK;
}

/* A cheap look at the agreement of the engine and the state, at every
** open: damage that a run would not otherwise touch (a damaged postlist,
** a state file replaced) is noticed here, not by the next query. */
/* The generation's databases, read-only, as one (the caller closes it). */
static int open_reading(warta_store *st, xdb **out) {
  xdb_part *parts = calloc((size_t)(st->nshard ? st->nshard : 1), sizeof *parts);
  char **paths = calloc((size_t)(st->nshard ? st->nshard : 1), sizeof *paths);
  int rc = parts && paths ? WARTA_OK : WARTA_NOMEM;
  for (int i = 0; rc == WARTA_OK && i < st->nshard; i++) {
    char p[4096];
    if (dir_path(p, sizeof p, st->target, st->gen, st->shard[i]->dir) || !(paths[i] = strdup(p)))
      rc = WARTA_NOMEM;
    parts[i].path = paths[i];
  }
  char *err = NULL;
  if (rc == WARTA_OK) rc = xdb_open_parts(parts, st->nshard, 0, out, NULL, &err);
  if (rc)
    rc = store_fail(st, rc == WARTA_NOMEM ? rc : WARTA_CORRUPT, "the index is damaged: %s",
                    err ? err : "out of memory");
  free(err);
  for (int i = 0; paths && i < st->nshard; i++)
    free(paths[i]);
  free(paths);
  free(parts);
  return rc;
}

/* The schema version the engine holds (where readers look) is this one. */
static int engine_schema(warta_store *st) {
  xdb *x = NULL;
  char *v = NULL;
  int rc = open_reading(st, &x);
  if (rc) return rc;
  if ((rc = xdb_get_metadata(x, "warta.schema_version", &v)))
    rc = store_fail(st, rc == WARTA_NOMEM ? rc : WARTA_CORRUPT, "%s", xdb_errmsg(x));
  else
    rc = schema_ok(st, v, "the engine");
  free(v);
  xdb_close(x);
  return rc;
}

static int engine_agrees(warta_store *st) {
  uint32_t tf = 0;
  long sure = 0, all = 0;
  xdb *x = NULL;
  int rc = open_reading(st, &x);
  if (rc) return rc;
  rc = xdb_termfreq(x, T_ARTICLE, strlen(T_ARTICLE), &tf);
  if (rc) rc = store_fail(st, rc == WARTA_NOMEM ? rc : WARTA_CORRUPT, "%s", xdb_errmsg(x));
  xdb_close(x);
  if (rc) return rc;
  if ((rc = state_article_span(&st->state, &sure, &all))) return state_failed(st, rc);
  if ((long)tf < sure || (long)tf > all)
    return store_fail(st, WARTA_CORRUPT,
                      "the index is damaged: the engine holds %lu articles, the state records %ld "
                      "(warta-index --check says more; --rebuild builds it anew)",
                      (unsigned long)tf, all);
  return WARTA_OK;
}

/* Open generation gen's state and engine, creating them when create. */
static int open_gen(warta_store *st, const warta_store_opts *o, int create) {
  char p[4096];
  int rc;
  if (create) {
    if (snprintf(p, sizeof p, "%s/g%d", st->target, st->gen) >= (int)sizeof p || dir_make(p))
      return store_fail(st, WARTA_IOERR, "%s: cannot create: %s", p, strerror(errno));
  }
  if (dir_path(p, sizeof p, st->target, st->gen, DIR_STATE))
    return store_fail(st, WARTA_TOOBIG, "path too long");
  if (!create && access(p, F_OK) != 0)
    return store_fail(st, WARTA_CORRUPT, "%s is missing: the index is damaged", p);
  if ((rc = state_open(&st->state, p, create, 0))) return state_failed(st, rc);
  if (create) {
    st->stemming = o->stemming;
    free(st->profiles);
    st->profiles = strdup(o->profiles ? o->profiles : "");
    st->shard_by = shard_by_parse(o->shard_by);
    if (!st->profiles) return store_fail(st, WARTA_NOMEM, "out of memory");
    if (st->shard_by < 0)
      return store_fail(st, WARTA_ERROR, "unknown shard period '%s' (year, month or none)",
                        o->shard_by);
    if ((rc = init_meta(st))) return rc;
    return shards_create(st);
  }
  if ((rc = read_meta(st))) return rc;
  int want = o->shard_by ? shard_by_parse(o->shard_by) : st->shard_by;
  if (want != st->shard_by)
    return store_fail(st, WARTA_MISMATCH,
                      "the index is sharded by %s; run warta-index --rebuild --shard-by %s to "
                      "change it",
                      shard_by_name(st->shard_by), o->shard_by);
  if ((rc = shards_load(st)) || (rc = engine_schema(st)) || (rc = recover(st))) return rc;
  return engine_agrees(st);
}

/* Dry run: the state read-only, or an empty one in memory. */
static int open_dry(warta_store *st, dir_kind kind) {
  char p[4096];
  int gen = kind == DIR_INDEX ? dir_current(st->dir) : 0;
  int rc;
  if (gen > 0 && dir_path(p, sizeof p, st->dir, gen, DIR_STATE) == 0 && access(p, F_OK) == 0) {
    if ((rc = state_open(&st->state, p, 0, STATE_READ_REPAIR))) return state_failed(st, rc);
    return read_meta(st);
  }
  if ((rc = state_open(&st->state, ":memory:", 1, 0))) return state_failed(st, rc);
  st->stemming = WARTA_STEM_FULL;
  return WARTA_OK;
}

/* How generation gen of dir is sharded (its state's), or NULL. */
static char *old_shard_by(const char *dir, int gen) {
  char p[4096];
  wstate old;
  char *v = NULL;
  if (dir_path(p, sizeof p, dir, gen, DIR_STATE) == 0 &&
      state_open(&old, p, 0, STATE_READ_REPAIR) == WARTA_OK)
    v = state_meta_get(&old, "shard_by");
  state_close(&old);
  return v;
}

static int take_lock(warta_store *st, const char *dir) {
  char p[4096], holder[512];
  if (dir_path(p, sizeof p, dir, 0, DIR_LOCK)) return store_fail(st, WARTA_TOOBIG, "path too long");
  st->lockfd = dir_lock(p, holder, sizeof holder);
  if (st->lockfd == -1) return store_fail(st, WARTA_BUSY, "index is locked by %s", holder);
  if (st->lockfd < 0) return store_fail(st, WARTA_IOERR, "cannot take the lock: %s", holder);
  return WARTA_OK;
}

/* The generation the stub names must be there before anything else in
** the directory is removed as a leftover: a damaged stub must not cost the
** generation that holds the index. */
static int generation_present(warta_store *st, int gen) {
  char p[4096];
  struct stat sb;
  if (gen <= 0)
    return store_fail(st, WARTA_CORRUPT,
                      "the stub XAPIANDB names no generation: the index is damaged (nothing was "
                      "removed; --rebuild builds it anew)");
  if (snprintf(p, sizeof p, "%s/g%d", st->target, gen) >= (int)sizeof p)
    return store_fail(st, WARTA_TOOBIG, "path too long");
  if (stat(p, &sb) != 0)
    return store_fail(st, WARTA_CORRUPT,
                      "the stub XAPIANDB names generation g%d, which is missing: the index is "
                      "damaged (nothing was removed; --rebuild builds it anew)",
                      gen);
  return WARTA_OK;
}

/* The articles of generation gen, which a rebuild is about to replace. */
static int count_old(warta_store *st, int gen) {
  char p[4096];
  wstate old;
  if (dir_path(p, sizeof p, st->target, gen, DIR_STATE))
    return store_fail(st, WARTA_TOOBIG, "path too long");
  if (access(p, F_OK) != 0) return WARTA_OK; /* damaged: nothing to compare with */
  int rc = state_open(&old, p, 0, 1);
  if (rc == WARTA_OK) rc = state_article_count(&old, 0, &st->old_articles);
  if (rc) st->old_articles = 0; /* unreadable: a rebuild is how to repair it */
  state_close(&old);
  return WARTA_OK;
}

/* The state of generation gen, which a rebuild replaces, kept open so that
** its articles keep the times they entered the index and changed. Of a
** state written before the times were recorded, its articles are known
** without times: they stay without (nothing old becomes new). An
** unreadable one is not kept: then every article is new. */
static void open_old(warta_store *st, int gen) {
  char p[4096];
  if (dir_path(p, sizeof p, st->target, gen, DIR_STATE) || access(p, F_OK) != 0) return;
  int times = -1;
  if (state_open(&st->old, p, 0, 1) == WARTA_OK) times = state_has_times(&st->old);
  if (times < 0) {
    state_close(&st->old);
    return;
  }
  st->old.no_times = !times;
  st->old_open = 1;
}

static void close_old(warta_store *st) {
  if (st->old_open) state_close(&st->old);
  st->old_open = 0;
}

long warta_store_replaced_articles(const warta_store *st) {
  return st->rebuild ? st->old_articles : 0;
}

static int open_write(warta_store *st, const warta_store_opts *o, dir_kind kind) {
  int rc;
  if (kind == DIR_V1) {
    if (!o->rebuild)
      return store_fail(st, WARTA_MISMATCH,
                        "written by warta 1 (a single SQLite file); this warta-index writes a "
                        "directory: run warta-index --rebuild (or --auto-rebuild)");
    /* build the new index beside the old file, then put it in its place */
    st->convert = 1;
    free(st->target);
    st->target = warta_strdupf("%s.warta2", st->dir);
    if (!st->target) return WARTA_NOMEM;
  } else if (kind == DIR_STUBFILE || kind == DIR_OTHER) {
    return store_fail(st, WARTA_MISMATCH, "not a warta index (a file, not a directory)");
  } else if (kind == DIR_PLAIN) {
    return store_fail(st, WARTA_MISMATCH,
                      "a Xapian database that warta-index did not write (a replica or a copy: "
                      "it can be searched, not written)");
  }
  if (dir_make(st->target))
    return store_fail(st, WARTA_IOERR, "cannot create the index: %s", strerror(errno));
  if ((rc = take_lock(st, st->target))) return rc;
  int cur = st->convert ? 0 : dir_current(st->target);
  if (kind == DIR_INDEX && !o->rebuild && (rc = generation_present(st, cur))) return rc;
  if (cur == 0 || o->rebuild) {
    st->rebuild = cur > 0;
    st->old_gen = cur;
    if (cur > 0 && (rc = count_old(st, cur))) return rc;
    if (cur > 0) open_old(st, cur);
    dir_remove_others(st->target, cur);
    st->gen = dir_highest(st->target) + 1;
    st->fresh = 1;
    /* a rebuild keeps the index's shards unless told otherwise */
    warta_store_opts keep = *o;
    char *was = st->rebuild && !o->shard_by ? old_shard_by(st->target, cur) : NULL;
    if (was) keep.shard_by = was;
    rc = open_gen(st, &keep, 1);
    free(was);
    if (rc) return rc;
    /* a new index is published at once (empty), so that queries can run
    ** while it fills; a rebuild only when it is complete */
    if (!st->rebuild && !st->convert && (rc = shards_publish(st))) return rc;
  } else {
    st->gen = cur;
    dir_remove_others(st->target, cur); /* leftovers of killed rebuilds */
    if ((rc = open_gen(st, o, 0))) return rc;
  }
  if ((rc = writer_start(&st->w))) return writer_failed(st, rc);
  if ((rc = state_begin(&st->state))) return state_failed(st, rc);
  return WARTA_OK;
}

int warta_store_open(const char *dir, const warta_store_opts *o, warta_store **out, char **err) {
  warta_store *st = calloc(1, sizeof *st);
  *out = NULL;
  if (err) *err = NULL;
  if (!st) return WARTA_NOMEM;
  st->lockfd = -1;
  st->dry_run = o->dry_run;
  st->batch = o->batch > 0 ? o->batch : DEFAULT_BATCH;
  st->batch_bytes = o->batch_bytes > 0 ? o->batch_bytes : DEFAULT_BATCH_BYTES;
  st->max_terms = o->max_terms;
  st->dir = strdup(dir);
  st->target = strdup(dir);
  if (!st->dir || !st->target) {
    warta_store_abandon(st);
    return WARTA_NOMEM;
  }
  dir_kind kind = dir_kind_of(dir);
  int rc = o->dry_run ? open_dry(st, kind) : open_write(st, o, kind);
  if (rc) {
    if (err) *err = strdup(warta_store_errmsg(st));
    /* a rebuild's new generation that failed to open (its state out of
    ** space) goes, as one that fails later does (warta_store_close()) */
    if (!o->dry_run && (st->rebuild || st->convert) && st->gen > 0) {
      writer_stop(&st->w);
      shards_free(st);
      dir_remove_gen(st->target, st->gen);
    }
    warta_store_abandon(st);
    return rc;
  }
  *out = st;
  return WARTA_OK;
}

/**************************************************************************
** committing
*/
typedef struct reaid {
  warta_store *st;
  int64_t id;
  const char *path;
} reaid;

static int set_new_aid(void *ctx, const char *key, const char *aid, uint64_t hash, long line,
                       int state) {
  reaid *r = ctx;
  char fresh[AID_LEN + 1];
  (void)aid, (void)hash, (void)line, (void)state;
  aid_of(r->path, key, fresh);
  return state_article_set_aid(&r->st->state, r->id, key, fresh);
}

/* Step 3: what the engine now holds, confirmed in the state. */
static int confirm(warta_store *st) {
  int rc = state_begin(&st->state);
  if (!rc) rc = state_confirm(&st->state);
  for (int i = 0; !rc && i < st->nops; i++) {
    fileop *f = &st->ops[i];
    switch (f->kind) {
    case FOP_DONE: rc = state_file_done(&st->state, f->id, f->size, f->mtime_ns, f->hash); break;
    case FOP_DROP: rc = state_file_drop(&st->state, f->id); break;
    case FOP_RENAME: {
      reaid r = {st, f->id, f->path};
      rc = state_file_path(&st->state, f->id, f->path);
      if (!rc) rc = state_file_articles(&st->state, f->id, set_new_aid, &r);
      break;
    }
    }
  }
  if (!rc) rc = state_commit(&st->state);
  for (int i = 0; i < st->nops; i++)
    free(st->ops[i].path);
  st->nops = 0;
  if (rc) return state_failed(st, rc);
  return WARTA_OK;
}

/* A fault to inject for the tests: WARTA_FAULT=state-commit:N kills the
** process after the N-th state commit of step 1, engine-commit:N after the
** N-th engine commit of step 2 (counted from 1 in this process). The kill
** test uses it to stop a run exactly between the commits. */
static void fault(const char *point) {
  static int count[2];
  const char *f = getenv("WARTA_FAULT");
  int which = strcmp(point, "engine-commit") == 0;
  size_t n = strlen(point);
  if (!f || strncmp(f, point, n) != 0 || f[n] != ':') return;
  if (++count[which] == atoi(f + n + 1)) kill(getpid(), SIGKILL);
}

int warta_store_commit(warta_store *st) {
  int rc;
  if (st->dry_run) return WARTA_OK;
  if ((rc = state_commit(&st->state))) return state_failed(st, rc);
  fault("state-commit");
  if ((rc = shards_commit(st))) return rc;
  fault("engine-commit");
  if ((rc = confirm(st))) return rc;
  st->pending = 0;
  st->pending_bytes = 0;
  if ((rc = state_begin(&st->state))) return state_failed(st, rc);
  return WARTA_OK;
}

static int finish_engine(warta_store *st) {
  int rc = warta_store_commit(st);
  writer_stop(&st->w);
  st->writer_cpu += st->w.cpu;
  for (int i = 0; i < st->nshard; i++) {
    if (st->shard[i]->x) {
      xdb_close(st->shard[i]->x);
      st->shard[i]->x = NULL;
    }
  }
  st->nopen = 0;
  if (st->fresh && rc == WARTA_OK) {
    char p[4096];
    snprintf(p, sizeof p, "%s/g%d", st->target, st->gen);
    if (dir_sync_tree(p))
      rc = store_fail(st, WARTA_IOERR, "cannot sync %s: %s", p, strerror(errno));
  }
  return rc;
}

int warta_store_publish(warta_store *st) {
  if (st->dry_run) return WARTA_OK;
  close_old(st); /* before its generation goes */
  int rc = finish_engine(st);
  if (rc) return rc;
  if ((rc = shards_publish(st))) return rc;
  st->published = 1;
  if (st->convert) {
    char old[4200];
    snprintf(old, sizeof old, "%s.warta1", st->dir);
    if (rename(st->dir, old) != 0 || rename(st->target, st->dir) != 0)
      return store_fail(st, WARTA_IOERR, "cannot put the new index in place of %s: %s", st->dir,
                        strerror(errno));
    static const char *const side[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
      char p[4300];
      snprintf(p, sizeof p, "%s%s", i ? st->dir : old, side[i]);
      if (i == 0 || access(p, F_OK) == 0) unlink(p);
    }
    free(st->target);
    st->target = strdup(st->dir);
  } else if (st->old_gen > 0) {
    dir_remove_gen(st->target, st->old_gen);
  }
  return WARTA_OK;
}

static void release(warta_store *st) {
  warta_store_put_cancel(st);
  writer_stop(&st->w);
  shards_free(st);
  state_close(&st->state);
  close_old(st);
  dir_unlock(st->lockfd);
  st->lockfd = -1;
  for (int i = 0; i < st->nops; i++)
    free(st->ops[i].path);
  free(st->ops);
  warta_buf_free(&st->scratch);
  free(st->profiles);
  free(st->err);
  free(st->dir);
  free(st->target);
  free(st);
}

double warta_store_engine_cpu(const warta_store *st) { return st ? st->writer_cpu : 0; }

int warta_store_finish(warta_store *st) {
  if (st->dry_run || st->published || st->finished || !st->nshard) return WARTA_OK;
  if (st->rebuild || st->convert) return warta_store_publish(st);
  st->finished = 1;
  return finish_engine(st);
}

int warta_store_close(warta_store *st, char **err) {
  int rc = WARTA_OK;
  if (err) *err = NULL;
  if (!st) return WARTA_OK;
  if (!st->dry_run && !st->published) {
    if ((st->rebuild || st->convert) && st->nshard) {
      /* a rebuild that was not published is thrown away */
      writer_stop(&st->w);
      shards_free(st);
      dir_remove_gen(st->target, st->gen);
      if (st->convert) rmdir(st->target);
    } else if (st->nshard && !st->finished) {
      rc = finish_engine(st);
    }
  }
  if (rc && err) *err = strdup(warta_store_errmsg(st));
  release(st);
  return rc;
}

void warta_store_abandon(warta_store *st) {
  if (!st) return;
  /* the engine's open transaction is dropped when it closes */
  release(st);
}
