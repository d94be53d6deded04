/*
** Compacting an index's closed periods (warta_store_compact()).
**
** A closed period's shard (a year or month before the current one) no
** longer grows: its database is compacted into a new directory beside it
** (gN/shards/2019.c1, then .c2, ...), the stub is replaced to list the new
** one, and the old directory goes. Readers that have the old one open go
** on reading it until they follow the stub. An index that is not sharded
** has its one database compacted the same way. A shard compacted before
** and not written since is left as it is.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rc.h"
#include "dir.h"
#include "store_int.h"

/* Whether the period of shard name has ended (the current period and
** the undated shard never have). */
static int closed(const warta_store *st, const char *name) {
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  if (st->shard_by == SHARD_NONE) return 1;
  if (!gmtime_r(&t, &tm)) return 0;
  if (st->shard_by == SHARD_YEAR)
    snprintf(now, sizeof now, "%04d", tm.tm_year + 1900);
  else
    snprintf(now, sizeof now, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  return name[0] >= '0' && name[0] <= '9' && strcmp(name, now) < 0;
}

/* The next directory of shard sh: "shards/2019" -> "shards/2019.c1". */
static char *next_dir(const shard *sh) {
  const char *dot = strrchr(sh->dir, '.');
  const char *slash = strrchr(sh->dir, '/');
  int k = 0;
  size_t base = strlen(sh->dir);
  if (dot && (!slash || dot > slash) && dot[1] == 'c' && sscanf(dot + 2, "%d", &k) == 1)
    base = (size_t)(dot - sh->dir);
  else
    k = 0;
  return warta_strdupf("%.*s.c%d", (int)base, sh->dir, k + 1);
}

static int compact_one(warta_store *st, shard *sh, warta_compact_fn fn, void *ctx) {
  char src[4096], dst[4096], key[64], *err = NULL;
  uint64_t rev = 0;
  int rc;
  if (dir_path(src, sizeof src, st->target, st->gen, sh->dir))
    return store_fail(st, WARTA_TOOBIG, "path too long");
  if ((rc = xdb_revision(src, &rev, &err))) {
    rc = store_fail(st, rc, "%s: %s", src, err ? err : "cannot open");
    free(err);
    return rc;
  }
  /* compacted before, and not written since: nothing to gain */
  snprintf(key, sizeof key, "compacted:%s", sh->name[0] ? sh->name : "xapian");
  char *was = warta_store_meta_get(st, key);
  char mark[200];
  snprintf(mark, sizeof mark, "%s %llu", sh->dir, (unsigned long long)rev);
  int same = was && strcmp(was, mark) == 0;
  free(was);
  long long before = dir_bytes(src);
  if (same) {
    fn(ctx, sh->name, before, before, 1);
    return WARTA_OK;
  }
  char *dir = next_dir(sh);
  if (!dir || dir_path(dst, sizeof dst, st->target, st->gen, dir)) {
    free(dir);
    return store_fail(st, WARTA_NOMEM, "out of memory");
  }
  dir_remove_tree(dst); /* a killed compaction's leftovers */
  if ((rc = xdb_compact(src, dst, &err)) || dir_sync_tree(dst)) {
    if (!rc)
      rc = store_fail(st, WARTA_IOERR, "cannot sync %s: %s", dst, strerror(errno));
    else
      rc = store_fail(st, rc, "cannot compact %s: %s", src, err ? err : "?");
    free(err);
    free(dir);
    dir_remove_tree(dst);
    return rc;
  }
  char *old = sh->dir;
  sh->dir = dir;
  if ((rc = shards_publish(st))) {
    sh->dir = old;
    free(dir);
    dir_remove_tree(dst);
    return rc;
  }
  free(old);
  dir_remove_tree(src);
  uint64_t now = 0;
  if (xdb_revision(dst, &now, NULL) == WARTA_OK) {
    snprintf(mark, sizeof mark, "%s %llu", sh->dir, (unsigned long long)now);
    if ((rc = warta_store_meta_set(st, key, mark))) return rc;
  }
  fn(ctx, sh->name, before, dir_bytes(dst), 0);
  return WARTA_OK;
}

int warta_store_compact(const char *dir, warta_compact_fn fn, void *ctx, char **err) {
  warta_store *st = NULL;
  warta_store_opts o;
  memset(&o, 0, sizeof o);
  if (err) *err = NULL;
  if (dir_kind_of(dir) != DIR_INDEX) {
    if (err) *err = strdup("no such index (create it with warta-index)");
    return WARTA_NOTFOUND;
  }
  int rc = warta_store_open(dir, &o, &st, err);
  if (rc) return rc;
  for (int i = 0; rc == WARTA_OK && i < st->nshard; i++) {
    if (closed(st, st->shard[i]->name)) rc = compact_one(st, st->shard[i], fn, ctx);
  }
  if (rc && err) *err = strdup(warta_store_errmsg(st));
  char *cerr = NULL;
  int crc = warta_store_close(st, rc ? NULL : &cerr);
  if (rc == WARTA_OK && crc) {
    rc = crc;
    if (err) *err = cerr;
    cerr = NULL;
  }
  free(cerr);
  return rc;
}
