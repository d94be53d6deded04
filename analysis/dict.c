/*
** hunspell dictionaries, shared by every analyzer of the process.
**
** Loading id_ID takes about 50 ms and en_US more; warta-query makes an
** analyzer per language for planning and SQLite makes one per FTS table, so
** each dictionary is loaded once and counted. hunspell handles are not safe
** for concurrent use, and analyzers of different threads may share one:
** lookups hold the dictionary's lock.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hunspell/hunspell.h>

#include "analysis_int.h"
#include "common/buf.h"
#include "common/rc.h"
#include "config.h"

struct warta_dict {
  char path[4096];      /* directory/name, e.g. /usr/share/hunspell/id_ID */
  Hunhandle *h;         /* the loaded dictionary */
  int latin1;           /* it wants ISO-8859-1 rather than UTF-8 */
  int refs;             /* analyzers using it */
  pthread_mutex_t lock; /* held during lookups */
  warta_dict *next;     /* the next loaded dictionary */
};

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static warta_dict *loaded;

static const char *dict_dir(void) {
  const char *env = getenv("WARTA_HUNSPELL_DIR");
  return env && *env ? env : WARTA_HUNSPELL_DIR;
}

static int load(const char *path, const char *dir, const char *name, warta_dict **out, char **err) {
  char aff[4200], dic[4200];
  snprintf(aff, sizeof aff, "%s.aff", path);
  snprintf(dic, sizeof dic, "%s.dic", path);
  FILE *f = fopen(dic, "rb");
  if (!f) {
    if (err)
      *err = warta_strdupf(
          "hunspell dictionary %s not found in %s (install it or set WARTA_HUNSPELL_DIR)", name,
          dir);
    return WARTA_NOTFOUND;
  }
  fclose(f);
  warta_dict *d = calloc(1, sizeof *d);
  if (!d) return WARTA_NOMEM;
  snprintf(d->path, sizeof d->path, "%s", path);
  d->h = Hunspell_create(aff, dic);
  if (!d->h) {
    free(d);
    return WARTA_NOMEM;
  }
  const char *enc = Hunspell_get_dic_encoding(d->h);
  d->latin1 = enc && (strcmp(enc, "ISO8859-1") == 0 || strcmp(enc, "ISO-8859-1") == 0);
  pthread_mutex_init(&d->lock, NULL);
  *out = d;
  return WARTA_OK;
}

int warta_dict_exists(const char *name, char **err) {
  char path[4200];
  const char *dir = dict_dir();
  if (snprintf(path, sizeof path, "%s/%s.dic", dir, name) >= (int)sizeof path) return WARTA_TOOBIG;
  if (access(path, R_OK) == 0) return WARTA_OK;
  if (err)
    *err = warta_strdupf(
        "hunspell dictionary %s not found in %s (install it or set WARTA_HUNSPELL_DIR)", name, dir);
  return WARTA_NOTFOUND;
}

int warta_dict_open(const char *name, warta_dict **out, char **err) {
  int rc = WARTA_OK;
  char path[4096];
  const char *dir = dict_dir();
  *out = NULL;
  if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) return WARTA_TOOBIG;
  pthread_mutex_lock(&registry);
  warta_dict *d = loaded;
  while (d && strcmp(d->path, path) != 0)
    d = d->next;
  if (!d && (rc = load(path, dir, name, &d, err)) == WARTA_OK) {
    d->next = loaded;
    loaded = d;
  }
  if (d) d->refs++;
  pthread_mutex_unlock(&registry);
  *out = d;
  return rc;
}

void warta_dict_close(warta_dict *d) {
  if (!d) return;
  pthread_mutex_lock(&registry);
  if (--d->refs == 0) {
    warta_dict **p = &loaded;
    while (*p != d)
      p = &(*p)->next;
    *p = d->next;
    Hunspell_destroy(d->h);
    pthread_mutex_destroy(&d->lock);
    free(d);
  }
  pthread_mutex_unlock(&registry);
}

Hunhandle *warta_dict_acquire(warta_dict *d) {
  pthread_mutex_lock(&d->lock);
  return d->h;
}

void warta_dict_release(warta_dict *d) { pthread_mutex_unlock(&d->lock); }

int warta_dict_latin1(const warta_dict *d) { return d->latin1; }
