/*
** The indexer's state: a SQLite file beside the Xapian database recording
** which files and records were indexed (size, mtime, content hash, the
** engine's article id), the runs, and the versions. Internal to store/.
**
** Articles carry a state: 0 committed in the engine; 1 written to the
** engine in a batch whose engine commit is not confirmed yet; 2 deleted
** likewise. store/write.c commits the state (1), the engine (2), then
** confirms in the state (3); state_recover() repairs what a kill between
** those steps left behind. See docs/index-format.md.
*/
#ifndef WARTA_STATE_H
#define WARTA_STATE_H

#include <sqlite3.h>
#include <stdint.h>

#include "store.h"

enum {
  SQ_META_GET,
  SQ_META_SET,
  SQ_FILE_GET,
  SQ_FILE_ADD,
  SQ_FILE_DONE,
  SQ_FILE_PATH,
  SQ_FILE_PATH_OF,
  SQ_FILE_DROP,
  SQ_FILE_UNFINISH,
  SQ_FILES_HASH,
  SQ_FILES_UNDER,
  SQ_ART_COUNT_FILE,
  SQ_ART_COUNT,
  SQ_ART_OF_FILE,
  SQ_ART_PUT,
  SQ_ART_DELETE,
  SQ_ART_SETAID,
  SQ_ART_SHARD,
  SQ_STORY_CAND,
  SQ_RUN_ADD,
  SQ_ART_TIMES,
  SQ_ART_TIMES_PATH,
  SQ_ART_PRINT,
  SQ_BAND_ADD,
  SQ_BAND_DROP,
  SQ_COUNT
};

typedef struct wstate {
  sqlite3 *db;                /* the connection */
  sqlite3_stmt *st[SQ_COUNT]; /* prepared on first use */
  char *err;                  /* the last error, or NULL */
  int in_txn;                 /* a transaction is open */
  int no_times;               /* read-only, written before the articles'
                              ** times: state_article_times() by path
                              ** finds articles without them */
} wstate;

/* Whether the articles of s record their times: 1, 0, or -1 (an error). */
int state_has_times(wstate *s);

/* Open (create with schema when create) the state file at path;
** readonly: never write (a missing file is an error); STATE_READ_REPAIR:
** only read, but let SQLite roll back a journal that a killed run left
** when the file may be written (else as readonly). */
#define STATE_READ_REPAIR 2
int state_open(wstate *s, const char *path, int create, int readonly);
void state_close(wstate *s);
const char *state_errmsg(const wstate *s);

int state_begin(wstate *s);
int state_commit(wstate *s);
void state_rollback(wstate *s);

char *state_meta_get(wstate *s, const char *key);
int state_meta_set(wstate *s, const char *key, const char *value);

int state_file_get(wstate *s, const char *path, warta_file_rec *r);
int state_file_add(wstate *s, const char *path, int64_t *id);
int state_file_done(wstate *s, int64_t id, int64_t size, int64_t mtime_ns, uint64_t hash);
int state_file_path(wstate *s, int64_t id, const char *path);
/* The path of file id (malloc'ed), or NULL. */
char *state_file_path_of(wstate *s, int64_t id);
int state_file_drop(wstate *s, int64_t id);
int state_files_by_hash(wstate *s, uint64_t hash, int (*fn)(void *, int64_t, const char *),
                        void *ctx);
int state_files_under(wstate *s, const char *root, int (*fn)(void *, int64_t, const char *),
                      void *ctx);

int state_article_count(wstate *s, int64_t file_id, long *n);
/* Articles recorded (*all) and, of them, those known to be in the engine
** (*sure: not waiting to be indexed again), once no run is pending. */
int state_article_span(wstate *s, long *sure, long *all);
/* fn(ctx, key, aid, hash, line, state) for each article of a file (all
** states); line is 0 for a whole-file article. */
int state_file_articles(wstate *s, int64_t file_id,
                        int (*fn)(void *, const char *key, const char *aid, uint64_t hash,
                                  long line, int state),
                        void *ctx);
/* fn(ctx, key, aid, hash, state, file_id, passages) for every article. */
int state_all_articles(wstate *s,
                       int (*fn)(void *, const char *key, const char *aid, uint64_t hash, int state,
                                 int64_t file_id, int passages),
                       void *ctx);
/* An article's place among stories (story.h): its fingerprint, when it
** has one, and the story it was found a copy in. */
typedef struct state_story {
  const uint32_t *min; /* its fingerprint, STORY_PRINT values (story.h), or NULL */
  const char *story;   /* the story's id (AID_LEN hex digits) */
} state_story;

/* Insert or replace an article row, in state 1, in shard (NULL: ''), in
** story ss (NULL: none), with its times (ISO 8601 UTC; NULL or "":
** unknown). */
int state_article_put(wstate *s, int64_t file_id, const char *key, const char *aid, uint64_t hash,
                      long line, const char *lang, const char *date, const char *source,
                      int passages, const char *shard, const state_story *ss, const char *added,
                      const char *changed);

/* Call fn(ctx, aid, min, story, date) for each article not deleted whose
** fingerprint has one of the bands band[0..STORY_BANDS) (story.h) in the
** same place; date is NULL when it has none. A non-zero return stops and
** is returned. */
int state_story_candidates(wstate *s, const uint32_t *band,
                           int (*fn)(void *, const char *aid, const uint32_t *min,
                                     const char *story, const char *date),
                           void *ctx);
/* What the state recorded of an article: its hash and times. */
typedef struct art_times {
  uint64_t hash;    /* of its record (0: to be indexed again) */
  char added[21];   /* when it entered the index (ISO 8601 UTC), "" unknown */
  char changed[21]; /* when its record last changed, "" unknown */
} art_times;

/* The times of the article (file_id, key), or, with path, of the article
** key of the file at path (another generation's state, whose file ids
** differ; with s->no_times, an article found has no times), into *t.
** WARTA_OK; WARTA_NOTFOUND when there is no such article; an error (a
** state without the columns included, unless s->no_times). */
int state_article_times(wstate *s, int64_t file_id, const char *path, const char *key,
                        art_times *t);
/* The shard of an article into out[0..n) ('' unsharded); WARTA_NOTFOUND
** when the state has no such article. */
int state_article_shard(wstate *s, int64_t file_id, const char *key, char *out, size_t n);
/* Mark an article deleted (state 2). */
int state_article_delete(wstate *s, int64_t file_id, const char *key);
int state_article_set_aid(wstate *s, int64_t file_id, const char *key, const char *aid);

/* After the engine committed: state 1 -> 0, state 2 rows go. */
int state_confirm(wstate *s);

/* Call fn(ctx, aid) for each article in state 2 (deleted, not confirmed). */
int state_deleted(wstate *s, int (*fn)(void *, const char *aid), void *ctx);

/* Call fn(ctx, aid) for each article not confirmed (state 1 or 2). */
int state_unconfirmed(wstate *s, int (*fn)(void *, const char *aid), void *ctx);

/* After a kill between the commits: articles in state 1 get hash 0 (index
** again) and their files are unfinished; state 2 rows go (the caller has
** deleted them from the engine). Returns how many rows were repaired. */
int state_repair(wstate *s, long *repaired);

int state_run_add(wstate *s, const char *json);

/* The error of the connection as a WARTA_ code; keeps its message. */
int state_fail(wstate *s, int rc);

#endif
