/*
** The databases of the generation being written (store_int.h, "shards").
**
** An index that is not sharded has one database, gN/xapian. One sharded
** by year or month has one per period, gN/shards/2019 or gN/shards/2019-09,
** and gN/shards/undated for articles without a date, which always exists
** (so that the stub always lists a database holding the index's
** metadata). The stub lists them all; a shard created by an incremental
** run is published at once (empty, then filled commit by commit like the
** others), one created by a rebuild with the rest at the end.
**
** Shards are opened for writing when first written in a run; at most
** MAX_OPEN at once (file descriptors): past that, everything is committed
** and every shard closed before the next is opened.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/rc.h"
#include "dir.h"
#include "store_int.h"

#define MAX_OPEN 32
#define UNDATED "undated"

int shard_by_parse(const char *s) {
  if (!s || !*s || strcmp(s, "none") == 0) return SHARD_NONE;
  if (strcmp(s, "year") == 0) return SHARD_YEAR;
  if (strcmp(s, "month") == 0) return SHARD_MONTH;
  return -1;
}

const char *shard_by_name(int by) {
  return by == SHARD_YEAR ? "year" : by == SHARD_MONTH ? "month" : "none";
}

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
  }
  return 1;
}

void shard_name_of(int by, const char *date, char out[16]) {
  if (by == SHARD_NONE) {
    out[0] = 0;
  } else if (date && digits(date, 4) && by == SHARD_YEAR) {
    memcpy(out, date, 4);
    out[4] = 0;
  } else if (date && digits(date, 4) && date[4] == '-' && digits(date + 5, 2)) {
    memcpy(out, date, 7);
    out[7] = 0;
  } else {
    strcpy(out, UNDATED);
  }
}

/* The shard's name from its directory: "shards/2019.c2" -> "2019". */
static void name_of_dir(const char *dir, char out[16]) {
  const char *base =
      strncmp(dir, DIR_SHARDS "/", sizeof DIR_SHARDS) == 0 ? dir + sizeof DIR_SHARDS : NULL;
  size_t n = base ? strcspn(base, ".") : 0;
  if (!base || n == 0 || n >= 16) {
    out[0] = 0;
    return;
  }
  memcpy(out, base, n);
  out[n] = 0;
}

static shard *find(warta_store *st, const char *name) {
  for (int i = 0; i < st->nshard; i++) {
    if (strcmp(st->shard[i]->name, name) == 0) return st->shard[i];
  }
  return NULL;
}

static shard *add(warta_store *st, const char *name, const char *dir) {
  shard **v = realloc(st->shard, sizeof *v * (size_t)(st->nshard + 1));
  if (!v) return NULL;
  st->shard = v;
  shard *sh = calloc(1, sizeof *sh);
  if (!sh || !(sh->dir = strdup(dir))) {
    free(sh);
    return NULL;
  }
  snprintf(sh->name, sizeof sh->name, "%s", name);
  st->shard[st->nshard++] = sh;
  return sh;
}

static int shard_path(warta_store *st, const shard *sh, char *p, size_t n) {
  if (dir_path(p, n, st->target, st->gen, sh->dir))
    return store_fail(st, WARTA_TOOBIG, "path too long");
  return WARTA_OK;
}

/* Open sh for writing (creating it when create), inside a transaction. */
static int open_shard(warta_store *st, shard *sh, int create) {
  char p[4096];
  char *err = NULL;
  int rc = shard_path(st, sh, p, sizeof p);
  if (rc) return rc;
  if (!create && access(p, F_OK) != 0)
    return store_fail(st, WARTA_CORRUPT, "%s is missing: the index is damaged", p);
  int flags = XDB_WRITE | (create ? XDB_CREATE : 0) | (st->fresh ? XDB_NOSYNC : 0);
  if ((rc = xdb_open(p, flags, &sh->x, &err))) {
    rc = store_fail(st, rc, "%s", err ? err : "cannot open the engine's database");
    free(err);
    return rc;
  }
  st->nopen++;
  if (create) {
    if ((rc = store_engine_meta(st, sh->x))) return rc;
    if ((rc = xdb_commit(sh->x))) return store_fail(st, rc, "%s", xdb_errmsg(sh->x));
  }
  if ((rc = xdb_begin(sh->x))) return store_fail(st, rc, "%s", xdb_errmsg(sh->x));
  sh->used = ++st->tick;
  return WARTA_OK;
}

static void close_shard(warta_store *st, shard *sh) {
  if (!sh->x) return;
  xdb_close(sh->x);
  sh->x = NULL;
  st->nopen--;
}

/* A new shard's directory: the parent of period shards first. */
static int make_parent(warta_store *st) {
  char p[4096];
  if (dir_path(p, sizeof p, st->target, st->gen, DIR_SHARDS))
    return store_fail(st, WARTA_TOOBIG, "path too long");
  if (dir_make(p)) return store_fail(st, WARTA_IOERR, "%s: cannot create: %s", p, strerror(errno));
  return WARTA_OK;
}

int shards_create(warta_store *st) {
  int rc;
  shard *sh;
  if (st->shard_by == SHARD_NONE) {
    sh = add(st, "", DIR_XAPIAN);
  } else {
    if ((rc = make_parent(st))) return rc;
    sh = add(st, UNDATED, DIR_SHARDS "/" UNDATED);
  }
  if (!sh) return store_fail(st, WARTA_NOMEM, "out of memory");
  return open_shard(st, sh, 1);
}

static int listed(const warta_store *st, const char *rel) {
  for (int i = 0; i < st->nshard; i++) {
    if (strcmp(st->shard[i]->dir, rel) == 0) return 1;
  }
  return 0;
}

/* Remove the databases of the generation that the stub does not list: a
** shard created by a run killed before it was published, a compaction's
** leftovers. In gN/ (names starting with "xapian") and in gN/shards/. */
static void remove_unlisted(warta_store *st) {
  static const char *const where[] = {"", DIR_SHARDS};
  for (int w = 0; w < 2; w++) {
    char p[4096], rel[300], full[4400];
    if (dir_path(p, sizeof p, st->target, st->gen, where[w])) continue;
    DIR *d = opendir(p);
    struct dirent *e;
    if (!d) continue;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      if (w == 0 && strncmp(e->d_name, DIR_XAPIAN, strlen(DIR_XAPIAN)) != 0) continue;
      snprintf(rel, sizeof rel, "%s%s%s", where[w], w ? "/" : "", e->d_name);
      if (!listed(st, rel) && snprintf(full, sizeof full, "%s/%s", p, e->d_name) < (int)sizeof full)
        dir_remove_tree(full);
    }
    closedir(d);
  }
}

int shards_load(warta_store *st) {
  int gen = 0;
  char **dbs = dir_databases(st->target, &gen);
  if (!dbs || gen != st->gen || !dbs[0]) {
    for (int i = 0; dbs && dbs[i]; i++)
      free(dbs[i]);
    free(dbs);
    return store_fail(st, WARTA_CORRUPT, "the index's stub lists no database: it is damaged");
  }
  int rc = WARTA_OK;
  for (int i = 0; dbs[i] && rc == WARTA_OK; i++) {
    char name[16];
    name_of_dir(dbs[i], name);
    int sharded = name[0] != 0;
    if (sharded != (st->shard_by != SHARD_NONE) || find(st, name))
      rc = store_fail(st, WARTA_CORRUPT, "the index's stub does not match its state (%s)", dbs[i]);
    else if (!add(st, name, dbs[i]))
      rc = store_fail(st, WARTA_NOMEM, "out of memory");
  }
  for (int i = 0; dbs[i]; i++)
    free(dbs[i]);
  free(dbs);
  if (rc == WARTA_OK) remove_unlisted(st);
  return rc;
}

static int cmp_dir(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int shards_publish(warta_store *st) {
  const char **dirs = malloc(sizeof *dirs * (size_t)(st->nshard ? st->nshard : 1));
  if (!dirs) return store_fail(st, WARTA_NOMEM, "out of memory");
  /* "undated" (or the one database) first, then the periods in order */
  int n = 0;
  for (int i = 0; i < st->nshard; i++) {
    const char *name = st->shard[i]->name;
    if (!*name || strcmp(name, UNDATED) == 0) dirs[n++] = st->shard[i]->dir;
  }
  int first = n;
  for (int i = 0; i < st->nshard; i++) {
    const char *name = st->shard[i]->name;
    if (*name && strcmp(name, UNDATED) != 0) dirs[n++] = st->shard[i]->dir;
  }
  qsort(dirs + first, (size_t)(n - first), sizeof *dirs, cmp_dir);
  int rc = dir_publish(st->target, st->gen, dirs, n);
  if (rc) {
    free(dirs);
    return store_fail(st, WARTA_IOERR, "cannot publish the index: %s", strerror(errno));
  }
  /* DIR/live/NAME: the same databases under names that stay */
  const char **names = malloc(sizeof *names * (size_t)(n ? n : 1));
  if (!names) {
    free(dirs);
    return store_fail(st, WARTA_NOMEM, "out of memory");
  }
  for (int i = 0; i < n; i++) {
    const shard *sh = NULL;
    for (int k = 0; k < st->nshard && !sh; k++) {
      if (st->shard[k]->dir == dirs[i]) sh = st->shard[k];
    }
    names[i] = sh && sh->name[0] ? sh->name : DIR_XAPIAN;
  }
  rc = dir_link_live(st->target, st->gen, names, dirs, n);
  free(names);
  free(dirs);
  if (rc)
    return store_fail(st, WARTA_IOERR, "cannot update %s/%s: %s", st->target, DIR_LIVE,
                      strerror(errno));
  return WARTA_OK;
}

int shards_get(warta_store *st, const char *name, shard **out) {
  shard *sh = find(st, name);
  int rc;
  *out = NULL;
  if (sh && sh->x) {
    sh->used = ++st->tick;
    *out = sh;
    return WARTA_OK;
  }
  if (st->nopen >= MAX_OPEN) {
    /* everything committed, then every shard closed */
    if ((rc = warta_store_commit(st))) return rc;
    for (int i = 0; i < st->nshard; i++)
      close_shard(st, st->shard[i]);
  }
  if (sh) {
    if ((rc = open_shard(st, sh, 0))) return rc;
    *out = sh;
    return WARTA_OK;
  }
  char dir[64];
  snprintf(dir, sizeof dir, "%s/%s", DIR_SHARDS, name);
  if ((rc = make_parent(st))) return rc;
  if (!(sh = add(st, name, dir))) return store_fail(st, WARTA_NOMEM, "out of memory");
  if ((rc = open_shard(st, sh, 1))) return rc;
  if (!st->rebuild && !st->convert && (rc = shards_publish(st))) return rc;
  *out = sh;
  return WARTA_OK;
}

int shards_commit(warta_store *st) {
  xdb **all = malloc(sizeof *all * (size_t)(st->nshard ? st->nshard : 1));
  if (!all) return store_fail(st, WARTA_NOMEM, "out of memory");
  int n = 0;
  for (int i = 0; i < st->nshard; i++) {
    if (st->shard[i]->x) all[n++] = st->shard[i]->x;
  }
  int rc = writer_commit(&st->w, all, n);
  free(all);
  return rc ? store_fail(st, rc, "%s", writer_errmsg(&st->w)) : WARTA_OK;
}

int shards_delete_everywhere(warta_store *st, char *const *ids, int n) {
  char t[64];
  int rc = WARTA_OK;
  for (int i = 0; i < st->nshard && rc == WARTA_OK && n > 0; i++) {
    shard *sh = st->shard[i];
    char p[4096], *err = NULL;
    xdb *x = NULL;
    if ((rc = shard_path(st, sh, p, sizeof p))) break;
    if ((rc = xdb_open(p, XDB_WRITE, &x, &err))) {
      rc = store_fail(st, rc, "%s", err ? err : "cannot open the engine's database");
      free(err);
      break;
    }
    for (int k = 0; k < n && rc == WARTA_OK; k++) {
      int len = snprintf(t, sizeof t, "%s%s", P_ID, ids[k]);
      rc = xdb_delete_term(x, t, (size_t)len);
    }
    if (rc == WARTA_OK) rc = xdb_commit(x);
    if (rc) rc = store_fail(st, rc, "%s", xdb_errmsg(x));
    xdb_close(x);
  }
  return rc;
}

void shards_free(warta_store *st) {
  for (int i = 0; i < st->nshard; i++) {
    close_shard(st, st->shard[i]);
    wordset_free(&st->shard[i]->words);
    free(st->shard[i]->dir);
    free(st->shard[i]);
  }
  free(st->shard);
  st->shard = NULL;
  st->nshard = 0;
  st->nopen = 0;
}
