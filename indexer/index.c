/*
** Bringing the index up to date with the corpus.
**
** For each file: an unchanged size and mtime means nothing to do; else the
** content hash (xxh3) decides: the same content under a new name is a rename
** (the old path vanished), the same content under the same name only gets
** its stat data refreshed, and changed content is read again. Inside a file
** every record has a key, so a re-read touches only the records whose hash
** changed, and records that vanished are deleted. Files below a walked root
** that vanished from the disk lose their articles.
**
** The store commits in batches and keeps the engine and its state
** consistent however the run ends (store/write.c): a file's record gets its
** new stat data and hash only with the commit that holds its last article,
** so a run killed at any moment is completed by the next one, which reads
** the unfinished files again.
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

#include <jansson.h>

#include "analysis/langid.h"
#include "article.h"
#include "common/buf.h"
#include "common/exitcode.h"
#include "common/rc.h"
#include "docmap.h"
#include "exclude.h"
#include "readers/load.h"
#include "readers/source.h"
#include "report.h"
#include "store/store.h"
#include "urldate.h"
#include "walk.h"

typedef struct indexer {
  const index_opts *o;  /* options */
  index_stats *s;       /* counters */
  report rep;           /* diagnostics */
  warta_store *st;      /* the index */
  warta_langid *langid; /* language identification */
  article_builder ab;   /* analysis of one article */
  int ab_ready;         /* ab is initialized */
  idset seen;           /* files met in this run */
  docmap old;           /* articles of the current file before the run */
  docmap keys;          /* record keys met in the current file */
  int fatal;            /* the index failed: stop */
  int refused;          /* a mass deletion was refused */
  int too_new;          /* the index was written by a newer warta */
  long articles_before; /* articles in the index when the run began */
  double t0;            /* when the run started */
  /* the current root */
  char *root;       /* made absolute, as the walk gives paths (malloc'ed) */
  exclude_set ex;   /* --exclude and its .wartaignore */
  char outlet[256]; /* the current file's outlet when it names none */
  /* the current file */
  const char *path;    /* its path */
  int64_t file_id;     /* its id */
  uint64_t file_hash;  /* its content hash */
  warta_format format; /* its format */
  long problems;       /* records reported in it */
  long dates_fixed;    /* records whose date its URL corrected */
  warta_buf sample;    /* text for language identification */
  warta_buf keybuf;    /* scratch for keys */
} indexer;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) {
  (void)sig;
  interrupted = 1;
}

/* A test's fault: WARTA_FAULT=interrupt:N raises SIGINT after the N-th
** article is handed to the index, as a user pressing ^C exactly then
** would (tests/terminal.sh checks the summary of such a run). */
static void fault_interrupt(void) {
  static long count;
  const char *f = getenv("WARTA_FAULT");
  if (f && strncmp(f, "interrupt:", 10) == 0 && ++count == atol(f + 10)) raise(SIGINT);
}

static int db_failed(indexer *ix, const char *what) {
  report_error(&ix->rep, ix->o->db, 0, "%s: %s", what, warta_store_errmsg(ix->st));
  ix->fatal = 1;
  return -1;
}

/*************************************************************************
** articles
*/
/* The language of an article: declared ("id", "en-GB") or identified. */
static const char *article_lang(indexer *ix, const warta_article *a, char buf[16]) {
  if (a->lang) {
    size_t n = strcspn(a->lang, "-_");
    if (n >= 2 && n <= 3) {
      int ok = 1;
      for (size_t i = 0; i < n; i++) {
        char c = (char)(a->lang[i] | 0x20);
        ok &= c >= 'a' && c <= 'z';
        buf[i] = c;
      }
      buf[n] = 0;
      if (ok) return buf;
    }
  }
  warta_buf_reset(&ix->sample);
  if (a->title) warta_buf_puts(&ix->sample, a->title), warta_buf_putc(&ix->sample, '\n');
  warta_buf_append(&ix->sample, a->body ? a->body : "", a->n_body < 4096 ? a->n_body : 4096);
  if (ix->sample.err) return warta_langid_default(ix->langid);
  return warta_langid_detect(ix->langid, ix->sample.p, ix->sample.n);
}

/* Distinct terms (and surface forms) a record may give, from --max-size:
** the engine's document and its writing cost some hundred bytes a term,
** so a record of distinct made-up words would cost a hundred times its
** size (2.3 GiB for 16 MiB, bench/memory.py --words made-up); natural
** text comes nowhere near (the 37 MiB of click-id's news text hold 95,000
** distinct words). */
#define TERMS_PER_MIB 4096
#define TERMS_AT_LEAST 131072 /* 16 MiB of click-id's text hold 65,000 */

static size_t max_terms(const indexer *ix) {
  size_t n = (ix->o->max_bytes >> 20) * TERMS_PER_MIB;
  return n > TERMS_AT_LEAST ? n : TERMS_AT_LEAST;
}

typedef struct count_ctx {
  long n;
} count_ctx;

static int count_passage(void *ctx, size_t start, size_t end) {
  (void)start, (void)end;
  ((count_ctx *)ctx)->n++;
  return 0;
}

static int add_article(indexer *ix, const warta_article *a, const char *key, uint64_t hash) {
  char langbuf[16], iso[11], fixed[11];
  warta_article swapped;
  if (url_date_swapped(a->date, a->url, fixed)) {
    /* day and month swapped: the URL's date (reported once per file) */
    swapped = *a;
    swapped.date = fixed;
    a = &swapped;
    ix->dates_fixed++;
    ix->s->dates_corrected++;
  }
  const char *lang = article_lang(ix, a, langbuf);
  /* readers give a date they understood as YYYY-MM-DD, else as found: one
  ** that is no day of the calendar (9999-99-99) would sort before every
  ** real one */
  int undated = a->date && !warta_date_iso(a->date, iso);
  if (undated)
    report_warn(&ix->rep, ix->path, a->line, "date '%.40s' is not a date: the article is undated",
                a->date);
  if (ix->o->dry_run) {
    count_ctx c = {0};
    warta_split_passages(ix->ab.splitter, a->body ? a->body : "", a->n_body, &ix->o->passages,
                         count_passage, &c);
    ix->s->passages += c.n ? c.n : 1;
    return 0;
  }
  warta_article_in in;
  char *err = NULL;
  article_in_of(a, lang, &in);
  if (undated) in.date = NULL;
  /* no outlet named, and no URL whose domain names it: the default */
  if ((!in.source || !*in.source) && (!in.url || !*in.url) && ix->outlet[0]) in.source = ix->outlet;
  in.file_id = ix->file_id;
  in.path = ix->path;
  in.key = key;
  in.line = a->line;
  in.hash = hash;
  int rc = article_put(&ix->ab, a, &in, ix->st, &err);
  if (rc && !err) return db_failed(ix, "cannot add an article");
  if (rc) {
    report_error(&ix->rep, ix->path, a->line, "%s", err);
    free(err);
    ix->fatal = 1;
    return -1;
  }
  ix->s->passages += ix->ab.npas ? ix->ab.npas : 1;
  size_t lost = warta_store_put_left_out(ix->st);
  if (lost || ix->ab.surfaces_left_out)
    report_warn(&ix->rep, ix->path, a->line,
                "more than %zu distinct words (see --max-size): %zu occurrences of the words "
                "met after them cannot be searched for (the text is kept whole)",
                max_terms(ix), lost ? lost : ix->ab.surfaces_left_out);
  return 0;
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
  /* a record whose line moved (lines above it came or went) is written
  ** again: its line is part of what a hit shows */
  if (e && e->hash == hash && e->line == a->line) {
    e->seen = 1;
    ix->s->unchanged++;
    return 0;
  }
  /* stop before counting: the summary counts what was written */
  if (interrupted) return -1;
  if (e) {
    e->seen = 1;
    ix->s->updated++;
  } else {
    ix->s->added++;
  }
  report_progress(&ix->rep, ix->s, 0);
  int rc = add_article(ix, a, key, hash);
  if (rc == 0) fault_interrupt();
  return rc;
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
static int old_article(void *ctx, const char *key, uint64_t hash, long line) {
  docent *e = docmap_add(ctx, key, 1, hash);
  if (e) e->line = line;
  return e ? 0 : WARTA_NOMEM;
}

/* After a clean read: articles of the file that were not met go. */
static int drop_unseen(indexer *ix) {
  for (size_t i = 0; i < ix->old.keys.n; i++) {
    if (ix->old.v[i].seen) continue;
    ix->s->deleted++;
    if (!ix->o->dry_run &&
        warta_store_delete(ix->st, ix->file_id, warta_hmap_key(&ix->old.keys, i, NULL)))
      return db_failed(ix, "cannot delete an article");
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

static int64_t mtime_of(const struct stat *sb) {
  return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* A new path whose content an indexed file that vanished had: move it. */
static int try_rename(indexer *ix, const char *path, const struct stat *sb, uint64_t hash) {
  rename_ctx r = {ix, 0};
  long n = 0;
  if (warta_store_files_by_hash(ix->st, hash, rename_candidate, &r) < 0) return 0;
  if (!r.id) return 0;
  idset_add(&ix->seen, r.id);
  warta_store_article_count(ix->st, r.id, &n);
  ix->s->renamed++;
  ix->s->unchanged += n;
  report_info(&ix->rep, path, "renamed, content unchanged");
  if (ix->o->dry_run) return 1;
  if (warta_store_rename_file(ix->st, r.id, path) ||
      warta_store_file_done(ix->st, r.id, (int64_t)sb->st_size, mtime_of(sb), hash)) {
    return db_failed(ix, "cannot record a rename");
  }
  return 1;
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
  if (warta_source_trailing(*src))
    report_warn(&ix->rep, path, 0,
                "%llu bytes after the end of the gzip data (trailing garbage), ignored",
                (unsigned long long)warta_source_trailing(*src));
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
                     const warta_blob *b, int have) {
  ix->problems = 0;
  ix->dates_fixed = 0;
  docmap_clear(&ix->old);
  docmap_clear(&ix->keys);
  if (have && warta_store_file_articles(ix->st, ix->file_id, old_article, &ix->old))
    return db_failed(ix, "cannot read the articles of a file");
  if (!have) {
    ix->file_id = 0;
    if (!ix->o->dry_run) {
      /* recorded as unfinished: a run killed now reads the file again */
      if (warta_store_add_file(ix->st, path, &ix->file_id))
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
  if (ix->dates_fixed)
    report_warn(&ix->rep, path, 0,
                "%ld date%s corrected to the date in the URL (day and month were swapped)",
                ix->dates_fixed, ix->dates_fixed == 1 ? "" : "s");
  if (rc < 0 || ix->fatal) return -1;
  if (rc == WARTA_NOMEM) {
    report_error(&ix->rep, path, 0, "out of memory");
    return -1;
  }
  if (rc) return 0; /* the whole file was refused (reported); old articles stay */
  if (ix->problems) {
    /* keep what we could not read; the file is looked at again next run */
    report_warn(&ix->rep, path, 0, "%ld record%s not indexed; the file will be read again next run",
                ix->problems, ix->problems == 1 ? "" : "s");
    return 0;
  }
  if (drop_unseen(ix)) return -1;
  if (ix->o->dry_run) return 0;
  if (warta_store_file_done(ix->st, ix->file_id, (int64_t)sb->st_size, mtime_of(sb), ix->file_hash))
    return db_failed(ix, "cannot update a file");
  return 0;
}

static int count_unchanged(indexer *ix, int64_t file_id) {
  long n = 0;
  if (warta_store_article_count(ix->st, file_id, &n)) return db_failed(ix, "cannot count articles");
  ix->s->unchanged += n;
  return 0;
}

static int on_file(void *ctx, const char *path, const struct stat *sb) {
  indexer *ix = ctx;
  warta_file_rec rec;
  warta_blob blob = {NULL, 0};
  warta_source *src = NULL;
  int gz = 0, rc = 0;
  if (interrupted || ix->fatal) return -1;
  const char *rel = exclude_rel(ix->root, path);
  if (exclude_match(&ix->ex, rel)) {
    if (ix->o->verbosity > 0) report_warn(&ix->rep, path, 0, "excluded");
    return 0; /* as if absent: indexed before, it is removed */
  }
  ix->outlet[0] = 0;
  if (!strcmp(ix->o->default_source, "dir"))
    outlet_of_dir(rel, ix->outlet, sizeof ix->outlet);
  else if (strcmp(ix->o->default_source, "none") != 0)
    snprintf(ix->outlet, sizeof ix->outlet, "%s", ix->o->default_source);
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
  int64_t mtime = mtime_of(sb);
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
    if (rc == 0 && !ix->o->dry_run &&
        warta_store_file_done(ix->st, rec.id, (int64_t)sb->st_size, mtime, rec.hash)) {
      rc = db_failed(ix, "cannot update a file");
    }
  } else if (!have && (rc = try_rename(ix, path, sb, ix->file_hash)) != 0) {
    rc = rc < 0 ? -1 : 0;
  } else {
    rc = read_file(ix, path, sb, src, &blob, have);
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
**
** They are collected under every root first and deleted together, after a
** look at how much would go: a disk that is not mounted or a directory
** emptied by mistake looks exactly like an archive whose files all
** vanished, and would cost the whole index.
*/
typedef struct vanished {
  int64_t *v;    /* file ids */
  size_t n, cap; /* used / allocated */
  long articles; /* theirs */
} vanished;

static int collect_vanished(void *ctx, int64_t id, const char *path) {
  void **c = ctx;
  indexer *ix = c[0];
  vanished *l = c[1];
  struct stat sb;
  long n = 0;
  if (idset_has(&ix->seen, id)) return 0;
  /* not met by the walk: only a file that is really gone, or excluded
  ** now, loses its articles, not one in a directory we could not read */
  if (stat(path, &sb) == 0 ? !exclude_match(&ix->ex, exclude_rel(ix->root, path))
                           : errno != ENOENT && errno != ENOTDIR)
    return 0;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    int64_t *v = realloc(l->v, cap * sizeof *v);
    if (!v) return WARTA_NOMEM;
    l->v = v;
    l->cap = cap;
  }
  if (warta_store_article_count(ix->st, id, &n)) return WARTA_ERROR;
  if (idset_add(&ix->seen, id)) return WARTA_NOMEM; /* once, however roots overlap */
  l->v[l->n++] = id;
  l->articles += n;
  return 0;
}

/* More than half of the index's articles, and more than a few, would go
** (docs/warta-index.1, --allow-mass-delete). */
#define MASS_DELETE_MIN 10

static int mass_delete(const indexer *ix, const vanished *l) {
  long total = ix->articles_before;
  return !ix->o->allow_mass_delete && l->articles > MASS_DELETE_MIN && l->articles * 2 > total;
}

static int delete_vanished(indexer *ix, vanished *l) {
  if (l->n && mass_delete(ix, l)) {
    report_error(&ix->rep, ix->o->db, 0,
                 "refusing to delete %ld of the %ld articles of the index: %zu indexed file%s "
                 "vanished (a disk not mounted, a directory emptied?); nothing was deleted. "
                 "If they are gone for good, run again with --allow-mass-delete",
                 l->articles, ix->articles_before, l->n, l->n == 1 ? "" : "s");
    ix->refused = 1;
    ix->s->refused = l->articles;
    return 0;
  }
  for (size_t i = 0; i < l->n; i++) {
    long n = 0;
    if (warta_store_article_count(ix->st, l->v[i], &n))
      return db_failed(ix, "cannot count articles");
    ix->s->deleted += n;
    if (!ix->o->dry_run && warta_store_delete_file(ix->st, l->v[i]))
      return db_failed(ix, "cannot delete a file");
  }
  return 0;
}

/*************************************************************************
** the run
*/
static void record_run(indexer *ix) {
  char when[32];
  time_t now = time(NULL);
  struct tm tm;
  if (ix->o->dry_run || ix->fatal) return;
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
  json_t *o =
      json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "at", when, "added",
                (json_int_t)ix->s->added, "updated", (json_int_t)ix->s->updated, "unchanged",
                (json_int_t)ix->s->unchanged, "deleted", (json_int_t)ix->s->deleted, "failed",
                (json_int_t)ix->s->failed, "skipped", (json_int_t)ix->s->skipped, "bytes",
                (json_int_t)ix->s->bytes, "seconds", report_now() - ix->t0);
  if (o && interrupted) json_object_set_new(o, "interrupted", json_true());
  if (o && ix->s->refused) json_object_set_new(o, "refused", json_integer(ix->s->refused));
  char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  if (s && warta_store_add_run(ix->st, s)) db_failed(ix, "cannot record the run");
  free(s);
}

/* The patterns for the files below root: --exclude and its .wartaignore. */
static int roots_excludes(indexer *ix, const char *root) {
  int rc = WARTA_OK;
  exclude_free(&ix->ex);
  free(ix->root);
  if (!(ix->root = walk_absolute(root))) rc = WARTA_NOMEM;
  for (int i = 0; i < ix->o->nexclude && rc == WARTA_OK; i++)
    rc = exclude_add(&ix->ex, ix->o->exclude[i]);
  if (rc == WARTA_OK) rc = exclude_read(&ix->ex, root);
  if (rc)
    report_error(&ix->rep, root, 0, "%s: %s", EXCLUDE_FILE,
                 rc == WARTA_NOMEM ? "out of memory" : strerror(errno));
  return rc;
}

/* Walk every root and bring the open index up to date. */
static int update(indexer *ix) {
  const index_opts *o = ix->o;
  walk_opts wo = {on_file,  on_walk_error, on_walk_skip,      ix,
                  o->paths, o->npaths,     o->follow_symlinks};
  char *walked = calloc((size_t)o->npaths + 1, 1); /* roots walked whole */
  vanished gone = {NULL, 0, 0, 0};
  if (!walked || warta_store_article_count(ix->st, 0, &ix->articles_before)) {
    report_error(&ix->rep, NULL, 0, "%s", walked ? warta_store_errmsg(ix->st) : "out of memory");
    ix->fatal = 1;
  }
  for (int i = 0; i < o->npaths && !ix->fatal && !interrupted; i++) {
    struct stat sb;
    if (stat(o->paths[i], &sb) != 0) {
      /* gone since the run began: it must not empty the index */
      ix->s->failed++;
      report_error(&ix->rep, o->paths[i], 0, "%s", strerror(errno));
      continue;
    }
    if (roots_excludes(ix, o->paths[i])) {
      ix->fatal = 1;
      break;
    }
    walk(o->paths[i], &wo);
    walked[i] = !ix->fatal && !interrupted;
  }
  for (int i = 0; i < o->npaths && !ix->fatal && !interrupted; i++) {
    char *root = walked[i] ? walk_absolute(o->paths[i]) : NULL;
    void *c[2] = {ix, &gone};
    if (walked[i] && roots_excludes(ix, o->paths[i])) {
      ix->fatal = 1;
      break;
    }
    if (walked[i] && (!root || warta_store_files_under(ix->st, root, collect_vanished, c)))
      db_failed(ix, "cannot list the files that vanished");
    free(root);
  }
  if (!ix->fatal && !interrupted) delete_vanished(ix, &gone);
  free(gone.v);
  free(walked);
  record_run(ix);
  report_clear(&ix->rep);
  return ix->fatal ? -1 : 0;
}

static int open_index(indexer *ix, int rebuild, int quiet_mismatch) {
  char *err = NULL;
  char *profiles = article_profiles_of(ix->o->langs ? ix->o->langs : WARTA_LANGID_DEFAULT);
  warta_store_opts so;
  memset(&so, 0, sizeof so);
  so.stemming = ix->o->stemming;
  so.dry_run = ix->o->dry_run;
  so.rebuild = rebuild;
  so.batch = ix->o->batch;
  /* documents as large as the largest record, at most, wait in the
  ** engine for a commit */
  so.batch_bytes = ix->o->max_bytes;
  so.max_terms = max_terms(ix);
  so.profiles = profiles;
  so.shard_by = ix->o->shard_by;
  int rc = warta_store_open(ix->o->db, &so, &ix->st, &err);
  free(profiles);
  if (rc) {
    if (rc != WARTA_MISMATCH || !quiet_mismatch)
      report_error(&ix->rep, ix->o->db, 0, "%s", err ? err : "cannot open the index");
    free(err);
    ix->too_new = rc == WARTA_TOONEW; /* never rebuilt by --auto-rebuild */
    return rc == WARTA_MISMATCH || rc == WARTA_TOONEW ? WARTA_EXIT_REBUILD
           : rc == WARTA_BUSY                         ? WARTA_EXIT_LOCKED
                                                      : WARTA_EXIT_DB;
  }
  if (ix->ab_ready) article_builder_free(&ix->ab);
  ix->ab_ready = 0;
  rc = article_builder_init(&ix->ab, warta_store_stemming(ix->st), warta_store_profiles(ix->st),
                            &ix->o->passages, &err);
  if (rc) {
    report_error(&ix->rep, NULL, 0, "%s", err ? err : "cannot create the analyzers");
    free(err);
    return WARTA_EXIT_INTERNAL;
  }
  ix->ab.max_surfaces = max_terms(ix);
  ix->ab_ready = 1;
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

/* Close the index, committing; a failure is fatal. */
static void close_index(indexer *ix) {
  char *err = NULL;
  if (!ix->st) return;
  int rc = warta_store_finish(ix->st);
  struct timespec t;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0)
    ix->s->cpu_main = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
  ix->s->cpu_engine = warta_store_engine_cpu(ix->st);
  if (rc) {
    report_error(&ix->rep, ix->o->db, 0, "cannot commit: %s", warta_store_errmsg(ix->st));
    ix->fatal = 1;
    warta_store_abandon(ix->st);
    ix->st = NULL;
    return;
  }
  if ((rc = warta_store_close(ix->st, &err))) {
    report_error(&ix->rep, ix->o->db, 0, "cannot commit: %s", err ? err : "unknown error");
    ix->fatal = 1;
  }
  free(err);
  ix->st = NULL;
}

static int exit_code(indexer *ix) {
  if (ix->fatal) return WARTA_EXIT_DB;
  if (interrupted) return WARTA_EXIT_INTERRUPTED;
  if (ix->refused) return WARTA_EXIT_REFUSED;
  return ix->s->failed ? WARTA_EXIT_PARTIAL : WARTA_EXIT_OK;
}

/* A rebuild replaces the whole index: one that found far fewer articles
** than the index held (a disk not mounted) is a mass deletion too. */
static int rebuild_shrinks(indexer *ix) {
  long before = warta_store_replaced_articles(ix->st), after = 0;
  if (ix->o->allow_mass_delete || warta_store_article_count(ix->st, 0, &after)) return 0;
  if (before - after <= MASS_DELETE_MIN || (before - after) * 2 <= before) return 0;
  report_error(&ix->rep, ix->o->db, 0,
               "refusing to replace the index: it holds %ld articles, the rebuild found %ld "
               "(a disk not mounted, a directory emptied?); the index was left as it was. If "
               "they are gone for good, run again with --allow-mass-delete",
               before, after);
  ix->refused = 1;
  ix->s->refused = before - after;
  return 1;
}

static int rebuild(indexer *ix) {
  int code = open_index(ix, 1, 0);
  if (code != WARTA_EXIT_OK) return code;
  update(ix);
  code = exit_code(ix);
  if ((code == WARTA_EXIT_OK || code == WARTA_EXIT_PARTIAL) && rebuild_shrinks(ix))
    code = WARTA_EXIT_REFUSED;
  if (code != WARTA_EXIT_OK && code != WARTA_EXIT_PARTIAL) {
    /* the old index stays as it was; a refused or failed rebuild is
    ** thrown away at once (a full disk gets its space back; only a killed
    ** one is left for the next run to remove) */
    warta_store_close(ix->st, NULL);
    ix->st = NULL;
    return code;
  }
  close_index(ix); /* publishes the new generation */
  if (ix->fatal) return WARTA_EXIT_DB;
  return exit_code(ix);
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
  return WARTA_EXIT_OK;
}

static void teardown(indexer *ix) {
  if (ix->st) warta_store_abandon(ix->st);
  ix->st = NULL;
  warta_langid_free(ix->langid);
  if (ix->ab_ready) article_builder_free(&ix->ab);
  idset_free(&ix->seen);
  docmap_free(&ix->old);
  docmap_free(&ix->keys);
  warta_buf_free(&ix->sample);
  warta_buf_free(&ix->keybuf);
  exclude_free(&ix->ex);
  free(ix->root);
}

/* Every root must be there before the index is opened: a typo or an
** unmounted disk must neither create an empty index nor look like an
** archive whose files all vanished. */
static int roots_exist(indexer *ix) {
  int ok = 1;
  for (int i = 0; i < ix->o->npaths; i++) {
    struct stat sb;
    if (stat(ix->o->paths[i], &sb) == 0) continue;
    report_error(&ix->rep, ix->o->paths[i], 0, "%s: nothing indexed, nothing changed",
                 strerror(errno));
    ok = 0;
  }
  return ok;
}

static int run(indexer *ix) {
  int code;
  if (!roots_exist(ix)) return WARTA_EXIT_USAGE;
  if (ix->o->rebuild == REBUILD_ALWAYS && !ix->o->dry_run) return rebuild(ix);
  int auto_rebuild = ix->o->rebuild == REBUILD_IF_NEEDED && !ix->o->dry_run;
  code = open_index(ix, 0, auto_rebuild);
  if (code == WARTA_EXIT_REBUILD && auto_rebuild && !ix->too_new) {
    report_warn(&ix->rep, ix->o->db, 0, "written by another version of warta: rebuilding it");
    return rebuild(ix);
  }
  if (code != WARTA_EXIT_OK) return code;
  if (!stemming_matches(ix)) return WARTA_EXIT_USAGE;
  if (!analysis_matches(ix)) {
    if (ix->o->rebuild != REBUILD_IF_NEEDED || ix->o->dry_run) return WARTA_EXIT_REBUILD;
    report_warn(&ix->rep, ix->o->db, 0, "analysis changed: rebuilding the index");
    close_index(ix);
    return rebuild(ix);
  }
  update(ix);
  close_index(ix);
  return exit_code(ix);
}

int index_run(const index_opts *o, index_stats *s) {
  indexer ix;
  int code;
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
  code = run(&ix);
  teardown(&ix);
  s->seconds = report_now() - t0;
  s->interrupted = interrupted != 0;
  if (code == WARTA_EXIT_OK || code == WARTA_EXIT_PARTIAL || code == WARTA_EXIT_INTERRUPTED ||
      code == WARTA_EXIT_REFUSED) {
    report_summary(&ix.rep, o, s);
  }
  return code;
}
