/*
** warta-index's work: walk the corpus, bring the index up to date.
*/
#ifndef WARTA_INDEX_H
#define WARTA_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/passage.h"
#include "readers/reader.h"

typedef enum index_rebuild {
  REBUILD_NO = 0,   /* incremental; refuse an index of another analysis */
  REBUILD_ALWAYS,   /* --rebuild */
  REBUILD_IF_NEEDED /* --auto-rebuild: rebuild when the analysis changed */
} index_rebuild;

#define INDEX_MAX_EXCLUDE 64 /* --exclude options at most (more: .wartaignore) */

typedef struct index_opts {
  const char *db;              /* index file */
  char **paths;                /* corpus roots */
  int npaths;                  /* entries in paths[] */
  warta_read_opts read;        /* JSON field names */
  const char *langs;           /* candidate languages, or NULL for default */
  warta_stemming stemming;     /* stemming of a new index */
  int stemming_set;            /* --stemming was given */
  warta_passage_opts passages; /* passage sizes */
  int batch;                   /* documents per transaction */
  size_t max_bytes;            /* largest whole file or JSON Lines record read */
  int verbosity;               /* -1 quiet, 0 normal, 1 verbose */
  int json;                    /* --json summary */
  int dry_run;                 /* report, change nothing */
  index_rebuild rebuild;       /* see above */
  int progress;                /* draw a progress line on stderr */
  int status;                  /* --status: describe the index and stop */
  int check;                   /* --check: verify the index and stop */
  int compact;                 /* --compact: compact closed periods and stop */
  const char *shard_by;        /* --shard-by: year, month or none, or NULL */
  int follow_symlinks;         /* follow links leading outside the paths */
  int allow_mass_delete;       /* delete even most of the index when its files vanished */
  const char *exclude[INDEX_MAX_EXCLUDE]; /* --exclude globs (exclude.h) */
  int nexclude;                           /* entries in exclude[] */
  const char *default_source;             /* outlet of a file naming none: "dir" (its
                                          ** first directory below the root), "none",
                                          ** or a name */
} index_opts;

typedef struct index_stats {
  long added;           /* documents new in the index */
  long updated;         /* documents re-indexed because they changed */
  long unchanged;       /* documents left as they were */
  long deleted;         /* documents removed (their file or record vanished) */
  int interrupted;      /* stopped by SIGINT or SIGTERM */
  long refused;         /* documents of vanished files kept: deleting them would
                        ** have emptied most of the index (--allow-mass-delete) */
  long failed;          /* files and records that could not be indexed */
  long skipped;         /* files of unsupported formats, links leading outside
                        ** the paths: passed over */
  long files;           /* files looked at */
  long files_read;      /* files read and parsed */
  long renamed;         /* files recognized as renamed */
  long dates_corrected; /* records dated with day and month swapped, given
                        ** the date in their URL (urldate.h) */
  long passages;        /* passages written */
  int64_t bytes;        /* bytes read and parsed */
  double seconds;       /* wall-clock time */
  double cpu_main;      /* CPU seconds of the reading and analyzing thread */
  double cpu_engine;    /* CPU seconds of the engine's writing thread */
} index_stats;

/* Run warta-index with o; fills *s. Returns a warta_exit code. */
int index_run(const index_opts *o, index_stats *s);

#endif
