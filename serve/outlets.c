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
  pthread_mutex_t mu;          /* guards what follows */
  char **names;                /* the list, or NULL before the first */
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

/* A copy of list (NULL: none), NULL when out of memory. */
static char **copy(char **list) {
  int n = 0;
  while (list && list[n])
    n++;
  char **c = calloc((size_t)n + 1, sizeof *c);
  for (int i = 0; c && i < n; i++) {
    if (!(c[i] = strdup(list[i]))) {
      warta_list_free(c);
      return NULL;
    }
  }
  return c;
}

/* The list made anew from se: the OUTLETS_MAX with most articles, by name. */
static int make(session *se, char ***names) {
  int rc = warta_searcher_sources(se->s, names);
  if (rc) return rc;
  int n = 0;
  while ((*names)[n])
    n++;
  for (int i = OUTLETS_MAX; i < n; i++) {
    free((*names)[i]);
    (*names)[i] = NULL;
  }
  if (n > OUTLETS_MAX) n = OUTLETS_MAX;
  qsort(*names, (size_t)n, sizeof **names, by_name);
  return WARTA_OK;
}

int outlets_get(session *se, char ***names) {
  int generation = 0;
  unsigned long long revision = 0;
  *names = NULL;
  /* a page without a query searches nothing, which refreshes nothing */
  int rc = warta_searcher_refresh(se->s, NULL);
  if (rc == WARTA_OK) rc = warta_searcher_version(se->s, &generation, &revision);
  long articles = warta_searcher_articles(se->s);
  if (rc) return rc;
  pthread_mutex_lock(&cache.mu);
  int fresh = cache.names && cache.generation == generation && cache.revision == revision &&
              cache.articles == articles && (revision || now_s() - cache.made < OUTLETS_AGE_S);
  if (!fresh) {
    char **made = NULL;
    rc = make(se, &made);
    if (rc == WARTA_OK) {
      warta_list_free(cache.names);
      cache.names = made;
      cache.generation = generation;
      cache.revision = revision;
      cache.articles = articles;
      cache.made = now_s();
    }
  }
  if (rc == WARTA_OK && !(*names = copy(cache.names))) rc = WARTA_NOMEM;
  pthread_mutex_unlock(&cache.mu);
  return rc;
}

void outlets_clear(void) {
  pthread_mutex_lock(&cache.mu);
  warta_list_free(cache.names);
  cache.names = NULL;
  pthread_mutex_unlock(&cache.mu);
}
