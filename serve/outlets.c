/*
** The index's outlets for the pick-list, made once per state of the index
** (outlets.h).
*/
#include "outlets.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/rc.h"

static struct {
  pthread_mutex_t mu;          /* guards what follows and every list's refs */
  outlets_list *list;          /* the newest list, or NULL before the first */
  int generation;              /* the state of the index it was made of */
  unsigned long long revision; /* ... */
  long articles;               /* ... */
  time_t made;                 /* when (CLOCK_MONOTONIC seconds) */
} cache = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 0, 0};

static time_t now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec;
}

static int by_name(const void *a, const void *b) {
  return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Drop a holder of l; the last frees it. Under the cache's lock. */
static void release(outlets_list *l) {
  if (!l || --l->refs > 0) return;
  warta_list_free(l->names);
  free(l);
}

/* A list made anew from se: the OUTLETS_MAX with most articles, by name. */
static int make(session *se, outlets_list **out) {
  outlets_list *l = calloc(1, sizeof *l);
  if (!l) return WARTA_NOMEM;
  int rc = warta_searcher_sources(se->s, &l->names);
  if (rc) {
    free(l);
    return rc;
  }
  int n = 0;
  while (l->names[n])
    n++;
  for (int i = OUTLETS_MAX; i < n; i++) {
    free(l->names[i]);
    l->names[i] = NULL;
  }
  qsort(l->names, (size_t)(n < OUTLETS_MAX ? n : OUTLETS_MAX), sizeof *l->names, by_name);
  l->refs = 1; /* the cache's */
  *out = l;
  return WARTA_OK;
}

int outlets_get(session *se, outlets_list **out) {
  int generation = 0;
  unsigned long long revision = 0;
  *out = NULL;
  /* a page without a query searches nothing, which refreshes nothing */
  int rc = warta_searcher_refresh(se->s, NULL);
  if (rc == WARTA_OK) rc = warta_searcher_version(se->s, &generation, &revision);
  long articles = warta_searcher_articles(se->s);
  if (rc) return rc;
  pthread_mutex_lock(&cache.mu);
  int fresh = cache.list && cache.generation == generation && cache.revision == revision &&
              cache.articles == articles && (revision || now_s() - cache.made < OUTLETS_AGE_S);
  outlets_list *made = NULL;
  if (!fresh && (rc = make(se, &made)) == WARTA_OK) {
    release(cache.list); /* requests still reading it keep it */
    cache.list = made;
    cache.generation = generation;
    cache.revision = revision;
    cache.articles = articles;
    cache.made = now_s();
  }
  if (rc == WARTA_OK) {
    cache.list->refs++;
    *out = cache.list;
  }
  pthread_mutex_unlock(&cache.mu);
  return rc;
}

void outlets_put(outlets_list *l) {
  if (!l) return;
  pthread_mutex_lock(&cache.mu);
  release(l);
  pthread_mutex_unlock(&cache.mu);
}

void outlets_clear(void) {
  pthread_mutex_lock(&cache.mu);
  release(cache.list);
  cache.list = NULL;
  pthread_mutex_unlock(&cache.mu);
}
