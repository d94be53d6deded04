/*
** Bringing the index up to date with the corpus.
**
** For each file: an unchanged size and mtime means nothing to do; else the
** content hash (xxh3) decides: the same content under a new name is a rename
** (the old path vanished), the same content under the same name only gets
** its stat data refreshed, and changed content is read again. Inside a file
** every record has a key, so a re-read touches only the records whose hash
** changed, and records that vanished are deleted. Files below a walked root
** that vanished from the disk lose their documents.
**
** Work is committed in batches of documents. A file's row gets its new stat
** data and hash in the transaction that finishes the file, so a run killed
** at any moment leaves a consistent index, and the next run redoes exactly
** the unfinished files, skipping their records that were already committed.
*/
#include "index.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analysis/langid.h"
#include "common/buf.h"
#include "common/exitcode.h"
#include "common/rc.h"
#include "docmap.h"
#include "lock.h"
#include "readers/load.h"
#include "readers/source.h"
#include "report.h"
#include "store/store.h"
#include "walk.h"

typedef struct indexer {
  const index_opts *o;      /* options */
  index_stats *s;           /* counters */
  report rep;               /* diagnostics */
  warta_store *st;          /* the index */
  warta_langid *langid;     /* language identification */
  warta_splitter *splitter; /* passages */
  idset seen;               /* files met in this run */
  docmap old;               /* documents of the current file before the run */
  docmap keys;              /* record keys met in the current file */
  int in_txn;               /* a transaction is open */
  int pending;              /* documents written in it */
  int fatal;                /* a database error: stop */
  double t0;                /* when the run started */
  /* the current file */
  const char *path;    /* its path */
  int64_t file_id;     /* its id */
  uint64_t file_hash;  /* its content hash */
  warta_format format; /* its format */
  long problems;       /* records reported in it */
  /* the current document */
  const char *lang;  /* its language */
  int64_t doc_id;    /* its id */
  const char *title; /* its title */
  const char *body;  /* its body */
  int ordinal;       /* passages written for it */
  warta_buf sample;  /* text for language identification */
  warta_buf keybuf;  /* scratch for keys */
} indexer;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) {
  (void)sig;
  interrupted = 1;
}

/*************************************************************************
** transactions
*/
static int db_failed(indexer *ix, const char *what) {
  report_error(&ix->rep, ix->o->db, 0, "%s: %s", what, warta_store_errmsg(ix->st));
  ix->fatal = 1;
  return -1;
}

static int txn_begin(indexer *ix) {
  if (ix->o->dry_run || ix->in_txn) return 0;
  if (warta_store_begin(ix->st)) return db_failed(ix, "cannot begin a transaction");
  ix->in_txn = 1;
  ix->pending = 0;
  return 0;
}

static int txn_commit(indexer *ix) {
  if (!ix->in_txn) return 0;
  ix->in_txn = 0;
  if (warta_store_commit(ix->st)) return db_failed(ix, "cannot commit");
  return 0;
}

/* Commit when the batch is full; the next write opens a new transaction. */
static int txn_step(indexer *ix) {
  if (++ix->pending < ix->o->batch) return 0;
  return txn_commit(ix);
}

/*************************************************************************
** documents
*/
static int on_passage(void *ctx, size_t start, size_t end) {
  indexer *ix = ctx;
  ix->s->passages++;
  if (ix->o->dry_run) return 0;
  if (warta_store_add_passage(ix->st, ix->doc_id, ix->ordinal++, ix->lang, ix->title,
                              ix->body + start, end - start)) {
    return db_failed(ix, "cannot add a passage");
  }
  return 0;
}

/* The language of an article: declared ("id", "en-GB") or identified. */
static const char *article_lang(indexer *ix, const warta_article *a, char buf[16]) {
  if (a->lang) {
    size_t n = strcspn(a->lang, "-_");
    if (n >= 2 && n <= 3) {
      for (size_t i = 0; i < n; i++)
        buf[i] = (char)(a->lang[i] | 0x20);
      buf[n] = 0;
      if (warta_store_lang_ok(buf)) return buf;
    }
  }
  warta_buf_reset(&ix->sample);
  if (a->title) warta_buf_puts(&ix->sample, a->title), warta_buf_putc(&ix->sample, '\n');
  warta_buf_append(&ix->sample, a->body ? a->body : "", a->n_body < 4096 ? a->n_body : 4096);
  if (ix->sample.err) return warta_langid_default(ix->langid);
  return warta_langid_detect(ix->langid, ix->sample.p, ix->sample.n);
}

static int add_document(indexer *ix, const warta_article *a, const char *key, uint64_t hash) {
  char langbuf[16];
  warta_doc d;
  memset(&d, 0, sizeof d);
  d.file_id = ix->file_id;
  d.key = *key ? key : NULL;
  d.line = a->line;
  d.hash = hash;
  d.lang = article_lang(ix, a, langbuf);
  d.title = a->title;
  d.date = a->date;
  d.source = a->source;
  d.url = a->url;
  if (txn_begin(ix)) return -1;
  if (!ix->o->dry_run && warta_store_add_document(ix->st, &d, &ix->doc_id)) {
    return db_failed(ix, "cannot add a document");
  }
  ix->lang = d.lang;
  ix->title = a->title;
  ix->body = a->body ? a->body : "";
  ix->ordinal = 0;
  long before = ix->s->passages;
  int rc =
      warta_split_passages(ix->splitter, ix->body, a->n_body, &ix->o->passages, on_passage, ix);
  if (rc == 0 && ix->s->passages == before) rc = on_passage(ix, 0, 0); /* title only */
  if (rc) return rc < 0 ? rc : db_failed(ix, "cannot split passages");
  return txn_step(ix);
}

/* The record's key: its own, or a hash of its bytes; made unique within
** the file by a "#n" suffix when it repeats. */
static const char *record_key(indexer *ix, const warta_article *a) {
  char h[24];
  warta_buf_reset(&ix->keybuf);
  if (ix->format != WARTA_FORMAT_JSONL) return "";
  if (a->key) {
    warta_buf_puts(&ix->keybuf, a->key);
  } else {
    snprintf(h, sizeof h, "h:%016llx", (unsigned long long)XXH3_64bits(a->raw, a->n_raw));
    warta_buf_puts(&ix->keybuf, h);
  }
  if (ix->keybuf.err) return NULL;
  if (docmap_find(&ix->keys, ix->keybuf.p)) {
    size_t n = ix->keybuf.n;
    for (int i = 2; !ix->keybuf.err; i++) {
      ix->keybuf.n = n;
      warta_buf_printf(&ix->keybuf, "#%d", i);
      if (!docmap_find(&ix->keys, ix->keybuf.p)) break;
    }
    report_warn(&ix->rep, ix->path, a->line, "duplicate key, indexed as '%s'", ix->keybuf.p);
  }
  if (ix->keybuf.err || !docmap_add(&ix->keys, ix->keybuf.p, 0, 0)) return NULL;
  return ix->keybuf.p;
}

static int on_article(void *ctx, const warta_article *a) {
  indexer *ix = ctx;
  const char *key = record_key(ix, a);
  if (!key) return WARTA_NOMEM;
  uint64_t hash = ix->format == WARTA_FORMAT_JSONL ? XXH3_64bits(a->raw, a->n_raw) : ix->file_hash;
  docent *e = docmap_find(&ix->old, key);
  if (e && e->hash == hash) {
    e->seen = 1;
    ix->s->unchanged++;
    return 0;
  }
  if (e) {
    e->seen = 1;
    if (txn_begin(ix)) return -1;
    if (!ix->o->dry_run && warta_store_delete_document(ix->st, e->id)) {
      return db_failed(ix, "cannot delete a document");
    }
    ix->s->updated++;
  } else {
    ix->s->added++;
  }
  if (interrupted) return -1;
  report_progress(&ix->rep, ix->s, 0);
  return add_document(ix, a, key, hash);
}

static void on_warning(void *ctx, long line, const char *msg) {
  indexer *ix = ctx;
  report_warn(&ix->rep, ix->path, line, "%s", msg);
}

/* Problems shown per file; the rest are counted and summed up in one line
** (problems_not_shown()), so that a hostile feed cannot flood the log. */
#define PROBLEMS_SHOWN 100

static void on_problem(void *ctx, long line, const char *msg) {
  indexer *ix = ctx;
  ix->problems++;
  ix->s->failed++;
  if (ix->problems <= PROBLEMS_SHOWN) report_error(&ix->rep, ix->path, line, "%s", msg);
}

static void problems_not_shown(indexer *ix, const char *path) {
  if (ix->problems <= PROBLEMS_SHOWN) return;
  report_error(&ix->rep, path, 0, "%ld more problems not shown", ix->problems - PROBLEMS_SHOWN);
}

/*************************************************************************
** files
*/
static int old_doc(void *ctx, const char *key, int64_t id, uint64_t hash) {
  return docmap_add(ctx, key, id, hash) ? 0 : WARTA_NOMEM;
}

/* After a clean read: documents of the file that were not met go. */
static int drop_unseen(indexer *ix) {
  for (size_t i = 0; i < ix->old.n; i++) {
    if (ix->old.v[i].seen) continue;
    if (txn_begin(ix)) return -1;
    if (!ix->o->dry_run && warta_store_delete_document(ix->st, ix->old.v[i].id)) {
      return db_failed(ix, "cannot delete a document");
    }
    ix->s->deleted++;
    if (txn_step(ix)) return -1;
  }
  return 0;
}

typedef struct rename_ctx {
  indexer *ix; /* the indexer */
  int64_t id;  /* the file that vanished, or 0 */
} rename_ctx;

static int rename_candidate(void *ctx, int64_t id, const char *path) {
  rename_ctx *r = ctx;
  struct stat sb;
  if (idset_has(&r->ix->seen, id)) return 0;
  if (stat(path, &sb) == 0 || (errno != ENOENT && errno != ENOTDIR)) return 0;
  r->id = id;
  return 1;
}

/* A new path whose content an indexed file that vanished had: move it. */
static int try_rename(indexer *ix, const char *path, const struct stat *sb, uint64_t hash) {
  rename_ctx r = {ix, 0};
  long ndocs = 0;
  if (warta_store_files_by_hash(ix->st, hash, rename_candidate, &r) < 0) return 0;
  if (!r.id) return 0;
  idset_add(&ix->seen, r.id);
  warta_store_file_doc_count(ix->st, r.id, &ndocs);
  ix->s->renamed++;
  ix->s->unchanged += ndocs;
  report_info(&ix->rep, path, "renamed, content unchanged");
  if (ix->o->dry_run) return 1;
  if (txn_begin(ix)) return -1;
  int64_t mtime = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
  if (warta_store_rename_file(ix->st, r.id, path) ||
      warta_store_update_file(ix->st, r.id, (int64_t)sb->st_size, mtime, hash)) {
    return db_failed(ix, "cannot record a rename");
  }
  return txn_step(ix) ? -1 : 1;
}

/*************************************************************************
** reading a file: pass one hashes it, pass two parses it
*/

/* Pass one: open the file and read all of its content, hashing it into
** ix->file_hash: a JSON Lines feed is streamed and nothing is kept; an
** article of a whole-file format is kept in *blob for pass two. Returns 0
** (*src is open: close it), 1 when the file cannot be read (reported as a
** failure) or -1 when out of memory. */
static int scan_file(indexer *ix, const char *path, int gz, const struct stat *sb,
                     warta_source **src, warta_blob *blob) {
  warta_source_opts so = {ix->o->max_bytes, ix->o->max_bytes, 0, sb, 0};
  int rc = warta_source_open(path, gz, &so, src);
  if (rc == WARTA_OK) {
    rc = ix->format == WARTA_FORMAT_JSONL ? warta_source_drain(*src)
                                          : warta_source_read_all(*src, blob);
  }
  if (rc == WARTA_NOMEM) {
    report_error(&ix->rep, path, 0, "out of memory");
    return -1;
  }
  if (rc) {
    ix->s->failed++;
    report_error(&ix->rep, path, 0, "%s", warta_source_errmsg(*src));
    return 1;
  }
  ix->file_hash = warta_source_hash(*src);
  ix->s->bytes += (int64_t)warta_source_bytes(*src);
  return 0;
}

/* Pass two: parse what pass one read, a JSON Lines feed streamed again
** from its first byte; ix->file_hash becomes the hash of what was parsed
** (the file may have changed between the passes). */
static int parse_file(indexer *ix, warta_source *src, const warta_blob *b,
                      const warta_read_opts *ro) {
  if (ix->format != WARTA_FORMAT_JSONL)
    return warta_read(ix->format, b->p, b->n, ro, on_article, on_problem, ix);
  int rc = warta_source_rewind(src);
  if (rc == WARTA_NOMEM) return rc;
  if (rc) {
    on_problem(ix, 0, warta_source_errmsg(src));
    return WARTA_CORRUPT;
  }
  rc = warta_read_jsonl_source(src, ro, on_article, on_problem, ix);
  if (rc == WARTA_OK) ix->file_hash = warta_source_hash(src);
  return rc;
}

/* Read and index a file whose content is new or changed. */
static int read_file(indexer *ix, const char *path, const struct stat *sb, warta_source *src,
                     const warta_blob *b, int have, int64_t mtime) {
  ix->problems = 0;
  docmap_clear(&ix->old);
  docmap_clear(&ix->keys);
  if (have && warta_store_file_documents(ix->st, ix->file_id, old_doc, &ix->old)) {
    return db_failed(ix, "cannot read the documents of a file");
  }
  if (!have) {
    ix->file_id = 0;
    if (!ix->o->dry_run) {
      /* size -1: not finished, so a run killed now redoes the file */
      if (txn_begin(ix)) return -1;
      if (warta_store_add_file(ix->st, path, -1, 0, 0, &ix->file_id))
        return db_failed(ix, "cannot add a file");
      idset_add(&ix->seen, ix->file_id);
    }
  }
  warta_read_opts ro = ix->o->read;
  const char *slash = strrchr(path, '/');
  ro.name = slash ? slash + 1 : path; /* text and Markdown take dates from it */
  ro.warn = on_warning;
  int rc = parse_file(ix, src, b, &ro);
  problems_not_shown(ix, path);
  if (rc < 0 || ix->fatal) return -1;
  if (rc == WARTA_NOMEM) {
    report_error(&ix->rep, path, 0, "out of memory");
    return -1;
  }
  if (rc) return 0; /* the whole file was refused (reported); old documents stay */
  if (ix->problems) {
    /* keep what we could not read; the file is looked at again next run */
    report_warn(&ix->rep, path, 0, "%ld record%s not indexed; the file will be read again next run",
                ix->problems, ix->problems == 1 ? "" : "s");
    return 0;
  }
  if (drop_unseen(ix)) return -1;
  if (ix->o->dry_run) return 0;
  if (txn_begin(ix)) return -1;
  if (warta_store_update_file(ix->st, ix->file_id, (int64_t)sb->st_size, mtime, ix->file_hash)) {
    return db_failed(ix, "cannot update a file");
  }
  return txn_step(ix);
}

static int count_unchanged(indexer *ix, int64_t file_id) {
  long n = 0;
  if (warta_store_file_doc_count(ix->st, file_id, &n))
    return db_failed(ix, "cannot count documents");
  ix->s->unchanged += n;
  return 0;
}

static int on_file(void *ctx, const char *path, const struct stat *sb) {
  indexer *ix = ctx;
  warta_file_rec rec;
  warta_blob blob = {NULL, 0};
  warta_source *src = NULL;
  int gz = 0, rc = 0;
  if (interrupted) return -1;
  ix->s->files++;
  ix->path = path;
  ix->format = warta_format_of(path, &gz);
  report_progress(&ix->rep, ix->s, 0);
  if (ix->format == WARTA_FORMAT_UNKNOWN) {
    ix->s->skipped++;
    report_warn(&ix->rep, path, 0,
                "skipped: not a supported format (.txt .jsonl .md .html, optionally .gz)");
    return 0;
  }
  int64_t mtime = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
  int have = warta_store_file_get(ix->st, path, &rec) == WARTA_OK;
  if (have) {
    idset_add(&ix->seen, rec.id);
    ix->file_id = rec.id;
    if (rec.size == (int64_t)sb->st_size && rec.mtime_ns == mtime)
      return count_unchanged(ix, rec.id);
  }
  rc = scan_file(ix, path, gz, sb, &src, &blob);
  if (rc) {
    warta_source_close(src);
    return rc < 0 ? -1 : 0;
  }
  ix->s->files_read++;
  if (have && rec.hash == ix->file_hash && rec.size >= 0) {
    /* touched, not changed */
    rc = count_unchanged(ix, rec.id);
    if (rc == 0 && !ix->o->dry_run) {
      if (txn_begin(ix) ||
          warta_store_update_file(ix->st, rec.id, (int64_t)sb->st_size, mtime, rec.hash)) {
        rc = ix->fatal ? -1 : db_failed(ix, "cannot update a file");
      }
    }
  } else if (!have && (rc = try_rename(ix, path, sb, ix->file_hash)) != 0) {
    rc = rc < 0 ? -1 : 0;
  } else {
    rc = read_file(ix, path, sb, src, &blob, have, mtime);
  }
  warta_blob_free(&blob);
  warta_source_close(src);
  return rc;
}

static void on_walk_error(void *ctx, const char *path, const char *msg) {
  indexer *ix = ctx;
  ix->s->failed++;
  report_error(&ix->rep, path, 0, "%s", msg);
}

/* A symbolic link leading outside the roots, not followed. */
static void on_walk_skip(void *ctx, const char *path, const char *msg) {
  indexer *ix = ctx;
  ix->s->skipped++;
  report_warn(&ix->rep, path, 0, "%s", msg);
}

/*************************************************************************
** files that vanished
*/
typedef struct idlist {
  int64_t *v;    /* ids */
  size_t n, cap; /* used / allocated */
} idlist;

static int collect_vanished(void *ctx, int64_t id, const char *path) {
  void **c = ctx;
  indexer *ix = c[0];
  idlist *l = c[1];
  struct stat sb;
  if (idset_has(&ix->seen, id)) return 0;
  /* not met by the walk: only a file that is really gone loses its
  ** documents, not one in a directory we could not read */
  if (stat(path, &sb) == 0 || (errno != ENOENT && errno != ENOTDIR)) return 0;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    int64_t *v = realloc(l->v, cap * sizeof *v);
    if (!v) return WARTA_NOMEM;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = id;
  return 0;
}

static int delete_vanished(indexer *ix, const char *root) {
  idlist l = {NULL, 0, 0};
  void *c[2] = {ix, &l};
  int rc = 0;
  if (warta_store_files_under(ix->st, root, collect_vanished, c))
    rc = db_failed(ix, "cannot list files");
  for (size_t i = 0; rc == 0 && i < l.n; i++) {
    long ndocs = 0;
    if (warta_store_file_doc_count(ix->st, l.v[i], &ndocs))
      rc = db_failed(ix, "cannot count documents");
    ix->s->deleted += ndocs;
    if (rc == 0 && !ix->o->dry_run) {
      if (txn_begin(ix))
        rc = -1;
      else if (warta_store_delete_file(ix->st, l.v[i], 1))
        rc = db_failed(ix, "cannot delete a file");
      else
        rc = txn_step(ix);
    }
  }
  free(l.v);
  return rc;
}

/*************************************************************************
** the run
*/
static void record_run(indexer *ix) {
  char buf[512], when[32];
  time_t now = time(NULL);
  struct tm tm;
  if (ix->o->dry_run || ix->fatal) return;
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
  snprintf(buf, sizeof buf,
           "{\"at\":\"%s\",\"added\":%ld,\"updated\":%ld,\"unchanged\":%ld,\"deleted\":%ld,"
           "\"failed\":%ld,\"skipped\":%ld,\"bytes\":%lld,\"seconds\":%.3f%s}",
           when, ix->s->added, ix->s->updated, ix->s->unchanged, ix->s->deleted, ix->s->failed,
           ix->s->skipped, (long long)ix->s->bytes, report_now() - ix->t0,
           interrupted ? ",\"interrupted\":true" : "");
  if (txn_begin(ix) == 0 && warta_store_meta_set(ix->st, "last_run", buf))
    db_failed(ix, "cannot record the run");
}

/* After a run that changed the index: find the compounds of its vocabulary
** again (query expansion only; see store/compounds.c). */
static void mine_compounds(indexer *ix) {
  char **langs = NULL;
  if (ix->o->dry_run || ix->fatal || interrupted) return;
  if (ix->s->added + ix->s->updated + ix->s->deleted == 0) return;
  if (txn_begin(ix) || warta_store_languages(ix->st, &langs)) return;
  for (char **l = langs; l && *l && !ix->fatal; l++) {
    long found = 0;
    double t = report_now();
    if (warta_store_mine_compounds(ix->st, *l, &found)) {
      db_failed(ix, "cannot mine compounds");
      break;
    }
    report_info(&ix->rep, NULL, "%ld compounds mined from the %s vocabulary in %.2f s", found, *l,
                report_now() - t);
  }
  warta_store_free_list(langs);
}

/* Walk every root and bring the open index up to date. */
static int update(indexer *ix) {
  const index_opts *o = ix->o;
  walk_opts wo = {on_file,  on_walk_error, on_walk_skip,      ix,
                  o->paths, o->npaths,     o->follow_symlinks};
  for (int i = 0; i < o->npaths && !ix->fatal && !interrupted; i++) {
    char *root = walk_absolute(o->paths[i]);
    struct stat sb;
    if (!root) {
      report_error(&ix->rep, NULL, 0, "out of memory");
      ix->fatal = 1;
      break;
    }
    if (stat(root, &sb) != 0) {
      /* a missing root (a typo, an unmounted disk) must not empty the index */
      ix->s->failed++;
      report_error(&ix->rep, o->paths[i], 0, "%s", strerror(errno));
    } else {
      walk(o->paths[i], &wo);
      if (!ix->fatal && !interrupted) delete_vanished(ix, root);
    }
    free(root);
  }
  mine_compounds(ix);
  record_run(ix);
  if (!ix->fatal)
    txn_commit(ix);
  else if (ix->in_txn)
    warta_store_rollback(ix->st), ix->in_txn = 0;
  report_clear(&ix->rep);
  return ix->fatal ? -1 : 0;
}

static int open_index(indexer *ix, const char *path) {
  char *err = NULL;
  int flags = ix->o->dry_run ? WARTA_STORE_READONLY : WARTA_STORE_CREATE;
  if (ix->o->dry_run && access(path, F_OK) != 0) {
    /* nothing to compare with: dry-run against an empty in-memory index */
    path = ":memory:";
    flags = WARTA_STORE_CREATE;
  }
  int rc = warta_store_open(path, flags, ix->o->stemming, &ix->st, &err);
  if (rc) {
    report_error(&ix->rep, ix->o->db, 0, "%s", err ? err : "cannot open the index");
    free(err);
    return rc == WARTA_MISMATCH ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
  }
  return WARTA_EXIT_OK;
}

/* An index built by another analysis cannot be updated in place. */
static int analysis_matches(indexer *ix) {
  char *v = warta_store_meta_get(ix->st, "analysis_version");
  int ok = !v || strcmp(v, warta_analysis_version()) == 0;
  if (!ok && ix->o->rebuild == REBUILD_NO) {
    report_error(&ix->rep, ix->o->db, 0,
                 "built by analysis '%s', this warta-index analyzes with '%s': "
                 "run warta-index --rebuild (or --auto-rebuild)",
                 v, warta_analysis_version());
  }
  free(v);
  return ok;
}

static int stemming_matches(indexer *ix) {
  if (!ix->o->stemming_set || warta_store_stemming(ix->st) == ix->o->stemming) return 1;
  report_error(&ix->rep, ix->o->db, 0, "the index uses --stemming=%s; use --rebuild to change it",
               warta_stemming_name(warta_store_stemming(ix->st)));
  return 0;
}

static void close_index(indexer *ix) {
  warta_store_close(ix->st);
  ix->st = NULL;
}

static int exit_code(indexer *ix) {
  if (ix->fatal) return WARTA_EXIT_DB;
  if (interrupted) return WARTA_EXIT_INTERRUPTED;
  return ix->s->failed ? WARTA_EXIT_PARTIAL : WARTA_EXIT_OK;
}

/* Replace db with the freshly built tmp, atomically for readers. */
static int swap_in(indexer *ix, const char *tmp) {
  sqlite3 *db = NULL;
  if (access(ix->o->db, F_OK) == 0 &&
      sqlite3_open_v2(ix->o->db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
    /* empty the old WAL so that nothing of it can meet the new file */
    sqlite3_busy_timeout(db, 30000);
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  }
  sqlite3_close(db);
  if (rename(tmp, ix->o->db) != 0) {
    report_error(&ix->rep, ix->o->db, 0, "cannot replace the index: %s", strerror(errno));
    return -1;
  }
  return 0;
}

static void remove_db_files(const char *path) {
  static const char *const suffix[] = {"", "-wal", "-shm"};
  char p[4096];
  for (int i = 0; i < 3; i++) {
    if (snprintf(p, sizeof p, "%s%s", path, suffix[i]) < (int)sizeof p) unlink(p);
  }
}

static int rebuild(indexer *ix) {
  char tmp[4096];
  int code;
  if (snprintf(tmp, sizeof tmp, "%s.rebuild", ix->o->db) >= (int)sizeof tmp) {
    report_error(&ix->rep, ix->o->db, 0, "path too long");
    return WARTA_EXIT_USAGE;
  }
  remove_db_files(tmp);
  if ((code = open_index(ix, tmp)) != WARTA_EXIT_OK) return code;
  update(ix);
  close_index(ix);
  code = exit_code(ix);
  if (code != WARTA_EXIT_OK && code != WARTA_EXIT_PARTIAL) {
    remove_db_files(tmp);
    return code;
  }
  if (swap_in(ix, tmp)) return WARTA_EXIT_DB;
  remove_db_files(tmp); /* leftovers of the temporary name, if any */
  return code;
}

static int setup(indexer *ix, const index_opts *o, index_stats *s) {
  char *err = NULL;
  memset(ix, 0, sizeof *ix);
  memset(s, 0, sizeof *s);
  ix->o = o;
  ix->s = s;
  ix->rep.verbosity = o->verbosity;
  ix->rep.progress = o->progress;
  if (warta_langid_new(o->langs, &ix->langid, &err)) {
    report_error(&ix->rep, NULL, 0, "%s", err ? err : "cannot load language fingerprints");
    free(err);
    return WARTA_EXIT_USAGE;
  }
  if (warta_splitter_new(&ix->splitter)) return WARTA_EXIT_INTERNAL;
  return WARTA_EXIT_OK;
}

static void teardown(indexer *ix) {
  close_index(ix);
  warta_langid_free(ix->langid);
  warta_splitter_free(ix->splitter);
  idset_free(&ix->seen);
  docmap_free(&ix->old);
  docmap_free(&ix->keys);
  warta_buf_free(&ix->sample);
  warta_buf_free(&ix->keybuf);
}

static int run_locked(indexer *ix) {
  int code;
  if (ix->o->rebuild == REBUILD_ALWAYS && !ix->o->dry_run) return rebuild(ix);
  if ((code = open_index(ix, ix->o->db)) != WARTA_EXIT_OK) return code;
  if (!stemming_matches(ix)) return WARTA_EXIT_USAGE;
  if (!analysis_matches(ix)) {
    if (ix->o->rebuild != REBUILD_IF_NEEDED || ix->o->dry_run) return WARTA_EXIT_REBUILD;
    report_warn(&ix->rep, ix->o->db, 0, "analysis changed: rebuilding the index");
    close_index(ix);
    return rebuild(ix);
  }
  update(ix);
  return exit_code(ix);
}

static int lock_take_checked(indexer *ix, char *holder, size_t n) {
  int fd = lock_take(ix->o->db, holder, n);
  if (fd == -1)
    report_error(&ix->rep, ix->o->db, 0, "index is locked by %s", holder);
  else if (fd < 0)
    report_error(&ix->rep, ix->o->db, 0, "cannot take the lock: %s", holder);
  return fd;
}

int index_run(const index_opts *o, index_stats *s) {
  indexer ix;
  char holder[512];
  int lock = -1, code;
  double t0 = report_now();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  if ((code = setup(&ix, o, s)) != WARTA_EXIT_OK) {
    teardown(&ix);
    return code;
  }
  ix.t0 = t0;
  if (!o->dry_run && (lock = lock_take_checked(&ix, holder, sizeof holder)) < 0) {
    teardown(&ix);
    return lock == -1 ? WARTA_EXIT_LOCKED : WARTA_EXIT_DB;
  }
  code = run_locked(&ix);
  teardown(&ix);
  lock_release(lock);
  s->seconds = report_now() - t0;
  if (code == WARTA_EXIT_OK || code == WARTA_EXIT_PARTIAL || code == WARTA_EXIT_INTERRUPTED) {
    report_summary(&ix.rep, o, s);
  }
  return code;
}
