/*
** What warta-index changes: files and articles (store.h, "files and
** articles" and "changes"). Lookups read the state; changes go to the
** state (step 1 of write.c's protocol) and to the writer's queue.
*/
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rc.h"
#include "store_int.h"
#include "story.h"

/* A state error as the store's message. */
static int sfail(warta_store *st, int rc) {
  if (rc == WARTA_NOTFOUND) return rc;
  return store_fail(st, rc, "state: %s", state_errmsg(&st->state));
}

/* Before an iteration: forget the state's last error, so that afterwards
** a non-zero code with a message is the state's, without one the
** callback's own. */
static wstate *cleared(warta_store *st) {
  free(st->state.err);
  st->state.err = NULL;
  return &st->state;
}

/* The outcome of an iteration (see cleared()). */
static int iterated(warta_store *st, int rc) { return rc && st->state.err ? sfail(st, rc) : rc; }

/* The writer's error as the store's message. */
static int wfail(warta_store *st, int rc) {
  return store_fail(st, rc, "%s", writer_errmsg(&st->w));
}

int warta_store_file_get(warta_store *st, const char *path, warta_file_rec *r) {
  int rc = state_file_get(&st->state, path, r);
  return rc ? sfail(st, rc) : WARTA_OK;
}

int warta_store_add_file(warta_store *st, const char *path, int64_t *id) {
  int rc = state_file_add(&st->state, path, id);
  return rc ? sfail(st, rc) : WARTA_OK;
}

int warta_store_file_done(warta_store *st, int64_t id, int64_t size, int64_t mtime_ns,
                          uint64_t hash) {
  if (st->dry_run) return WARTA_OK;
  if (st->nops == st->capops) {
    int cap = st->capops ? st->capops * 2 : 64;
    fileop *v = realloc(st->ops, sizeof *v * (size_t)cap);
    if (!v) return store_fail(st, WARTA_NOMEM, "out of memory");
    st->ops = v;
    st->capops = cap;
  }
  fileop *f = &st->ops[st->nops++];
  memset(f, 0, sizeof *f);
  f->kind = FOP_DONE;
  f->id = id;
  f->size = size;
  f->mtime_ns = mtime_ns;
  f->hash = hash;
  return WARTA_OK;
}

int warta_store_files_by_hash(warta_store *st, uint64_t hash,
                              int (*fn)(void *ctx, int64_t id, const char *path), void *ctx) {
  return iterated(st, state_files_by_hash(cleared(st), hash, fn, ctx));
}

int warta_store_files_under(warta_store *st, const char *root,
                            int (*fn)(void *ctx, int64_t id, const char *path), void *ctx) {
  return iterated(st, state_files_under(cleared(st), root, fn, ctx));
}

int warta_store_article_count(warta_store *st, int64_t file_id, long *n) {
  int rc = state_article_count(&st->state, file_id, n);
  return rc ? sfail(st, rc) : WARTA_OK;
}

typedef struct art_fwd {
  int (*fn)(void *ctx, const char *key, uint64_t hash, long line); /* the caller's */
  void *ctx;
} art_fwd;

static int forward(void *ctx, const char *key, const char *aid, uint64_t hash, long line,
                   int state) {
  art_fwd *f = ctx;
  (void)aid;
  return state == 2 ? 0 : f->fn(f->ctx, key, hash, line);
}

int warta_store_file_articles(warta_store *st, int64_t file_id,
                              int (*fn)(void *ctx, const char *key, uint64_t hash, long line),
                              void *ctx) {
  art_fwd f = {fn, ctx};
  return iterated(st, state_file_articles(cleared(st), file_id, forward, &f));
}

/* The analyses of the article's words, queued once per run and shard. */
static int record_surfaces(warta_store *st, shard *sh, const warta_surface *sf, int nsf) {
  for (int i = 0; i < nsf; i++) {
    const warta_surface *s = &sf[i];
    if (!s->analyses || !*s->analyses) continue;
    int seen = wordset_add(&sh->words, s->word, s->n);
    if (seen < 0) return store_fail(st, WARTA_NOMEM, "out of memory");
    if (seen) continue;
    int rc = writer_synonym(&st->w, sh->x, s->word, s->n, s->analyses);
    if (rc) return wfail(st, rc);
  }
  return WARTA_OK;
}

/* The shard holding an article of file_id (the state's), open. */
static int shard_of(warta_store *st, int64_t file_id, const char *key, shard **out) {
  char name[16] = "";
  int rc = state_article_shard(&st->state, file_id, key, name, sizeof name);
  if (rc && rc != WARTA_NOTFOUND) return sfail(st, rc);
  return shards_get(st, name, out);
}

size_t warta_store_put_left_out(const warta_store *st) { return st->left_out; }

void warta_store_put_cancel(warta_store *st) {
  if (!st->putting) return;
  docs_stream_free(&st->put);
  st->putting = 0;
}

/* The document being put failed: it is dropped. */
static int put_failed(warta_store *st, int rc) {
  warta_store_put_cancel(st);
  return store_fail(st, rc, "out of memory");
}

/*
** When article a entered the index and when its record last changed, into
** t: an article the state has (or, in a rebuild, the generation being
** replaced: by path, as file ids differ) keeps its added time, and its
** changed time too when its record is the same (hash 0: a run killed
** before it confirmed, whose times the state already holds); a new one
** is added and changed now. A replaced generation's state that fails to
** answer is not asked again: what it held is then new.
*/
static int put_times(warta_store *st, const warta_article_in *a, art_times *t) {
  char now[WARTA_TIME_LEN + 1];
  art_times was;
  warta_time_iso(warta_now(), now);
  int rc = state_article_times(&st->state, a->file_id, NULL, a->key, &was);
  if (rc && rc != WARTA_NOTFOUND) return sfail(st, rc);
  if (rc == WARTA_NOTFOUND && st->old_open) {
    rc = state_article_times(&st->old, 0, a->path, a->key, &was);
    if (rc && rc != WARTA_NOTFOUND) {
      state_close(&st->old);
      st->old_open = 0;
      rc = WARTA_NOTFOUND;
    }
  }
  memset(t, 0, sizeof *t);
  t->hash = a->hash;
  if (rc == WARTA_NOTFOUND) {
    memcpy(t->added, now, sizeof now);
    memcpy(t->changed, now, sizeof now);
    return WARTA_OK;
  }
  memcpy(t->added, was.added, sizeof t->added);
  memcpy(t->changed, was.hash == a->hash || was.hash == 0 ? was.changed : now, sizeof t->changed);
  return WARTA_OK;
}

int warta_store_put_begin(warta_store *st, const warta_article_in *a) {
  char aid[AID_LEN + 1];
  if (st->dry_run) return WARTA_OK;
  warta_store_put_cancel(st);
  int rc = put_times(st, a, &st->put_t);
  if (rc) return rc;
  st->putting = 1;
  st->put_a = *a;
  aid_of(a->path, a->key, aid);
  st->left_out = 0;
  rc = docs_begin(&st->put, a, aid, &st->put_t, st->max_terms);
  return rc ? put_failed(st, rc) : WARTA_OK;
}

int warta_store_put_token(warta_store *st, const warta_tok *t) {
  if (!st->putting) return WARTA_OK;
  docs_token(&st->put, t);
  return st->put.rc ? put_failed(st, st->put.rc) : WARTA_OK;
}

int warta_store_put_name(warta_store *st, const char *acr, size_t na, const char *name, size_t nn) {
  if (!st->putting) return WARTA_OK;
  docs_name(&st->put, acr, na, name, nn);
  return st->put.rc ? put_failed(st, st->put.rc) : WARTA_OK;
}

int warta_store_put_passage(warta_store *st, const char *text, size_t n) {
  if (!st->putting) return WARTA_OK;
  docs_passage(&st->put, text, n);
  return st->put.rc ? put_failed(st, st->put.rc) : WARTA_OK;
}

/* The shard of article a (named into name) and, when its date moved it
** from another one (named into old), that one (*was), both open. */
static int put_shards(warta_store *st, const warta_article_in *a, char name[16], char old[16],
                      shard **sh, shard **was) {
  int rc;
  shard_name_of(st->shard_by, a->date, name);
  if (st->shard_by != SHARD_NONE) {
    /* an article whose date changed moves to its new period's shard */
    rc = state_article_shard(&st->state, a->file_id, a->key, old, 16);
    if (rc && rc != WARTA_NOTFOUND) return sfail(st, rc);
    if (rc == WARTA_OK && strcmp(old, name) != 0 && (rc = shards_get(st, old, was))) return rc;
  }
  if ((rc = shards_get(st, name, sh))) return rc;
  if (*was && !(*was)->x && (rc = shards_get(st, old, was))) return rc; /* closed by the above */
  return WARTA_OK;
}

int warta_store_put_end(warta_store *st, const warta_surface *sf, int nsf) {
  char aid[AID_LEN + 1], name[16], old[16] = "";
  const warta_article_in *a = &st->put_a;
  docs_out docs;
  shard *sh = NULL, *was = NULL;
  int rc;
  if (!st->putting) return WARTA_OK;
  int npassage = st->put.npassage;
  uint32_t min[STORY_PRINT]; /* the minima, then the lede's */
  memcpy(min, st->put.print.min, sizeof st->put.print.min);
  memcpy(min + WARTA_PRINT_MINS, st->put.print.lede, sizeof st->put.print.lede);
  state_story ss = {warta_print_shingles(&st->put.print) >= STORY_MIN_SHINGLES ? min : NULL, NULL};
  char story[AID_LEN + 1];
  if (st->max_terms && (size_t)nsf > st->max_terms) nsf = (int)st->max_terms;
  rc = docs_end(&st->put, sf, nsf, &docs);
  st->left_out = st->put.left_out;
  docs_stream_free(&st->put);
  st->putting = 0;
  if (rc) return store_fail(st, rc, "out of memory");
  aid_of(a->path, a->key, aid);
  if ((rc = story_find(&st->state, aid, ss.min, a->date, story))) rc = sfail(st, rc);
  ss.story = story;
  if (rc == WARTA_OK && (rc = story_mark(docs.article, &st->scratch, story, strcmp(story, aid) != 0,
                                         ss.min, a->source, *a->key ? a->key : a->path)))
    rc = store_fail(st, rc, "out of memory");
  if (rc == WARTA_OK && (rc = put_shards(st, a, name, old, &sh, &was)) == WARTA_OK) {
    rc = state_article_put(&st->state, a->file_id, a->key, aid, a->hash, a->line, a->lang, a->date,
                           a->source, npassage, name, &ss, st->put_t.added, st->put_t.changed);
    if (rc) rc = sfail(st, rc);
  }
  if (rc) {
    docs_free(&docs);
    return rc;
  }
  size_t bytes = docs.bytes;
  if ((was && (rc = writer_delete(&st->w, was->x, aid))) ||
      (rc = writer_delete(&st->w, sh->x, aid)) || (rc = writer_add(&st->w, sh->x, &docs))) {
    docs_free(&docs);
    return wfail(st, rc);
  }
  if ((rc = record_surfaces(st, sh, sf, nsf))) return rc;
  st->pending_bytes += bytes;
  if (++st->pending >= st->batch || st->pending_bytes >= st->batch_bytes)
    return warta_store_commit(st);
  return WARTA_OK;
}

typedef struct del_ctx {
  warta_store *st;
  const char *key; /* only this article, or NULL for all */
  int64_t file_id;
  int found;
} del_ctx;

static int delete_one(void *ctx, const char *key, const char *aid, uint64_t hash, long line,
                      int state) {
  del_ctx *d = ctx;
  (void)hash, (void)line;
  if (state == 2 || (d->key && strcmp(d->key, key) != 0)) return 0;
  d->found++;
  shard *sh = NULL;
  int rc = shard_of(d->st, d->file_id, key, &sh);
  if (rc) return rc;
  rc = state_article_delete(&d->st->state, d->file_id, key);
  if (rc) return sfail(d->st, rc);
  rc = writer_delete(&d->st->w, sh->x, aid);
  return rc ? wfail(d->st, rc) : 0;
}

int warta_store_delete(warta_store *st, int64_t file_id, const char *key) {
  del_ctx d = {st, key, file_id, 0};
  if (st->dry_run) return WARTA_OK;
  int rc = iterated(st, state_file_articles(cleared(st), file_id, delete_one, &d));
  if (rc) return rc;
  if (++st->pending >= st->batch) return warta_store_commit(st);
  return WARTA_OK;
}

int warta_store_delete_file(warta_store *st, int64_t file_id) {
  del_ctx d = {st, NULL, file_id, 0};
  if (st->dry_run) return WARTA_OK;
  int rc = iterated(st, state_file_articles(cleared(st), file_id, delete_one, &d));
  if (rc) return rc;
  warta_store_file_done(st, file_id, 0, 0, 0);
  st->ops[st->nops - 1].kind = FOP_DROP;
  st->pending += d.found;
  if (st->pending >= st->batch) return warta_store_commit(st);
  return WARTA_OK;
}

typedef struct ren_ctx {
  warta_store *st;
  int64_t file_id;
  const char *old_path, *new_path;
} ren_ctx;

static int rename_one(void *ctx, const char *key, const char *aid, uint64_t hash, long line,
                      int state) {
  ren_ctx *r = ctx;
  char fresh[AID_LEN + 1];
  (void)hash, (void)line;
  if (state == 2) return 0;
  aid_of(r->new_path, key, fresh);
  shard *sh = NULL;
  int rc = shard_of(r->st, r->file_id, key, &sh);
  if (rc) return rc;
  rc = writer_rename(&r->st->w, sh->x, aid, fresh, r->old_path, r->new_path);
  return rc ? wfail(r->st, rc) : 0;
}

int warta_store_rename_file(warta_store *st, int64_t id, const char *path) {
  if (st->dry_run) return WARTA_OK;
  char *old = state_file_path_of(&st->state, id);
  if (!old) return store_fail(st, WARTA_NOTFOUND, "no file %lld in the state", (long long)id);
  ren_ctx r = {st, id, old, path};
  int rc = iterated(st, state_file_articles(cleared(st), id, rename_one, &r));
  free(old);
  if (rc) return rc;
  if (warta_store_file_done(st, id, 0, 0, 0)) return WARTA_NOMEM;
  fileop *f = &st->ops[st->nops - 1];
  f->kind = FOP_RENAME;
  if (!(f->path = strdup(path))) return store_fail(st, WARTA_NOMEM, "out of memory");
  if (++st->pending >= st->batch) return warta_store_commit(st);
  return WARTA_OK;
}

int warta_store_add_run(warta_store *st, const char *json) {
  if (st->dry_run) return WARTA_OK;
  int rc = state_run_add(&st->state, json);
  if (!rc) rc = state_meta_set(&st->state, "last_run", json);
  return rc ? sfail(st, rc) : WARTA_OK;
}
