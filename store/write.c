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

static int engine_failed(warta_store *st, int rc) {
  return store_fail(st, rc, "%s", st->x ? xdb_errmsg(st->x) : "cannot open the index");
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
/* The versions and settings of a new index, in the state and the engine
** (where readers, who never open the state, find them). */
static int init_meta(warta_store *st, const warta_store_opts *o) {
  char v[16];
  snprintf(v, sizeof v, "%d", WARTA_SCHEMA_VERSION);
  const char *profiles = o->profiles && *o->profiles ? o->profiles : "";
  const char *kv[][2] = {
      {"schema_version", v},
      {"analysis_version", warta_analysis_version()},
      {"stemming", warta_stemming_name(o->stemming)},
      {"profiles", profiles},
  };
  int rc = WARTA_OK;
  for (size_t i = 0; rc == WARTA_OK && i < sizeof kv / sizeof kv[0]; i++) {
    char key[64];
    if ((rc = state_meta_set(&st->state, kv[i][0], kv[i][1]))) return state_failed(st, rc);
    snprintf(key, sizeof key, "warta.%s", kv[i][0]);
    if ((rc = xdb_set_metadata(st->x, key, kv[i][1]))) return engine_failed(st, rc);
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
  v = NULL;
  if (st->x && (rc = xdb_get_metadata(st->x, "warta.schema_version", &v)))
    return store_fail(st, rc == WARTA_NOMEM ? rc : WARTA_CORRUPT, "%s", xdb_errmsg(st->x));
  if (st->x) rc = schema_ok(st, v, "the engine");
  free(v);
  if (rc) return rc;
  v = state_meta_get(&st->state, "stemming");
  int s = warta_stemming_parse(v);
  st->stemming = s >= 0 ? (warta_stemming)s : WARTA_STEM_FULL;
  free(v);
  st->profiles = state_meta_get(&st->state, "profiles");
  return WARTA_OK;
}

typedef struct aids {
  warta_store *st;
  int n;
} aids;

static int redo_delete(void *ctx, const char *aid) {
  aids *a = ctx;
  char t[64];
  int n = snprintf(t, sizeof t, "%s%s", P_GROUP, aid);
  a->n++;
  int rc = xdb_delete_term(a->st->x, t, (size_t)n);
  return rc ? engine_failed(a->st, rc) : 0;
}

/* Repair what a kill between the commits left (see the top of this file). */
static int recover(warta_store *st) {
  aids a = {st, 0};
  long repaired = 0;
  int rc = state_deleted(&st->state, redo_delete, &a);
  if (rc) return rc < 0 || st->err ? rc : state_failed(st, rc);
  if (a.n && (rc = xdb_commit(st->x))) return engine_failed(st, rc);
  if ((rc = state_begin(&st->state)) || (rc = state_repair(&st->state, &repaired)) ||
      (rc = state_commit(&st->state))) {
    return state_failed(st, rc);
  }
  return WARTA_OK;
}

/* A cheap look at the agreement of the engine and the state, at every
** open: damage that a run would not otherwise touch (a damaged postlist,
** a state file replaced) is noticed here, not by the next query. */
static int engine_agrees(warta_store *st) {
  uint32_t tf = 0;
  long sure = 0, all = 0;
  int rc = xdb_termfreq(st->x, T_ARTICLE, strlen(T_ARTICLE), &tf);
  if (rc) return store_fail(st, rc == WARTA_NOMEM ? rc : WARTA_CORRUPT, "%s", xdb_errmsg(st->x));
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
  if (dir_path(p, sizeof p, st->target, st->gen, DIR_XAPIAN))
    return store_fail(st, WARTA_TOOBIG, "path too long");
  char *err = NULL;
  int flags = XDB_WRITE | (create ? XDB_CREATE : 0) | (st->fresh ? XDB_NOSYNC : 0);
  if ((rc = xdb_open(p, flags, &st->x, &err))) {
    rc = store_fail(st, rc, "%s", err ? err : "cannot open the engine's database");
    free(err);
    return rc;
  }
  if (create) {
    st->stemming = o->stemming;
    free(st->profiles);
    st->profiles = strdup(o->profiles ? o->profiles : "");
    if ((rc = init_meta(st, o))) return rc;
    if ((rc = xdb_commit(st->x))) return engine_failed(st, rc);
    return WARTA_OK;
  }
  if ((rc = read_meta(st))) return rc;
  if ((rc = recover(st))) return rc;
  return engine_agrees(st);
}

/* Dry run: the state read-only, or an empty one in memory. */
static int open_dry(warta_store *st, dir_kind kind) {
  char p[4096];
  int gen = kind == DIR_INDEX ? dir_current(st->dir) : 0;
  int rc;
  if (gen > 0 && dir_path(p, sizeof p, st->dir, gen, DIR_STATE) == 0 && access(p, F_OK) == 0) {
    if ((rc = state_open(&st->state, p, 0, 1))) return state_failed(st, rc);
    return read_meta(st);
  }
  if ((rc = state_open(&st->state, ":memory:", 1, 0))) return state_failed(st, rc);
  st->stemming = WARTA_STEM_FULL;
  return WARTA_OK;
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
    dir_remove_others(st->target, cur);
    st->gen = dir_highest(st->target) + 1;
    st->fresh = 1;
    if ((rc = open_gen(st, o, 1))) return rc;
    /* a new index is published at once (empty), so that queries can run
    ** while it fills; a rebuild only when it is complete */
    if (!st->rebuild && !st->convert && dir_publish(st->target, st->gen))
      return store_fail(st, WARTA_IOERR, "cannot publish the index: %s", strerror(errno));
  } else {
    st->gen = cur;
    dir_remove_others(st->target, cur); /* leftovers of killed rebuilds */
    if ((rc = open_gen(st, o, 0))) return rc;
  }
  if ((rc = writer_start(&st->w, st->x))) return writer_failed(st, rc);
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

static int set_new_aid(void *ctx, const char *key, const char *aid, uint64_t hash, int state) {
  reaid *r = ctx;
  char fresh[AID_LEN + 1];
  (void)aid, (void)hash, (void)state;
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
  if ((rc = writer_commit(&st->w))) return writer_failed(st, rc);
  fault("engine-commit");
  if ((rc = confirm(st))) return rc;
  st->pending = 0;
  if ((rc = state_begin(&st->state))) return state_failed(st, rc);
  return WARTA_OK;
}

/* fsync every file below path: a fresh generation is written without
** syncing at each commit, and synced as a whole before it counts. */
static int sync_tree(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0) return -1;
  if (S_ISDIR(sb.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    char child[4096];
    if (!d) return -1;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child ||
          sync_tree(child)) {
        closedir(d);
        return -1;
      }
    }
    closedir(d);
  } else if (!S_ISREG(sb.st_mode)) {
    return 0;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int r = fsync(fd);
  close(fd);
  return r;
}

static int finish_engine(warta_store *st) {
  int rc = warta_store_commit(st);
  writer_stop(&st->w);
  st->writer_cpu += st->w.cpu;
  if (st->x) {
    xdb_close(st->x);
    st->x = NULL;
  }
  if (st->fresh && rc == WARTA_OK) {
    char p[4096];
    snprintf(p, sizeof p, "%s/g%d", st->target, st->gen);
    if (sync_tree(p)) rc = store_fail(st, WARTA_IOERR, "cannot sync %s: %s", p, strerror(errno));
  }
  return rc;
}

int warta_store_publish(warta_store *st) {
  if (st->dry_run) return WARTA_OK;
  int rc = finish_engine(st);
  if (rc) return rc;
  if (dir_publish(st->target, st->gen))
    return store_fail(st, WARTA_IOERR, "cannot publish the new index: %s", strerror(errno));
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
  writer_stop(&st->w);
  xdb_close(st->x);
  st->x = NULL;
  state_close(&st->state);
  dir_unlock(st->lockfd);
  st->lockfd = -1;
  for (int i = 0; i < st->nops; i++)
    free(st->ops[i].path);
  free(st->ops);
  wordset_free(&st->recorded);
  free(st->profiles);
  free(st->err);
  free(st->dir);
  free(st->target);
  free(st);
}

double warta_store_engine_cpu(const warta_store *st) { return st ? st->writer_cpu : 0; }

int warta_store_finish(warta_store *st) {
  if (st->dry_run || st->published || st->finished || !st->x) return WARTA_OK;
  if (st->rebuild || st->convert) return warta_store_publish(st);
  st->finished = 1;
  return finish_engine(st);
}

int warta_store_close(warta_store *st, char **err) {
  int rc = WARTA_OK;
  if (err) *err = NULL;
  if (!st) return WARTA_OK;
  if (!st->dry_run && !st->published) {
    if ((st->rebuild || st->convert) && st->x) {
      /* a rebuild that was not published is thrown away */
      writer_stop(&st->w);
      xdb_close(st->x);
      st->x = NULL;
      dir_remove_gen(st->target, st->gen);
      if (st->convert) rmdir(st->target);
    } else if (st->x && !st->finished) {
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
