/*
** The index directory (dir.h).
**
** DIR/XAPIANDB is a Xapian stub file, "auto gN/xapian": Xapian opens it
** when asked to open DIR, and a relative path in it is taken from DIR. A
** rebuild writes generation N+1 beside N; dir_publish() renames a new stub
** over the old one, the atomic step after which every new reader opens
** N+1 while readers that have N open go on reading it.
*/
#include "dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int dir_path(char *out, size_t n, const char *dir, int gen, const char *name) {
  int k = gen > 0 ? snprintf(out, n, "%s/g%d/%s", dir, gen, name)
                  : snprintf(out, n, "%s/%s", dir, name);
  return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* Read up to n-1 bytes of the start of file path into buf; the count, or
** -1. */
static ssize_t head(const char *path, char *buf, size_t n) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t r = read(fd, buf, n - 1);
  close(fd);
  if (r >= 0) buf[r] = 0;
  return r;
}

dir_kind dir_kind_of(const char *path) {
  struct stat sb;
  char p[4096], buf[64];
  if (stat(path, &sb) != 0) return DIR_MISSING;
  if (S_ISDIR(sb.st_mode)) {
    if (dir_path(p, sizeof p, path, 0, DIR_STUB) == 0 && access(p, F_OK) == 0)
      return dir_current(path) > 0 ? DIR_INDEX : DIR_PLAIN;
    static const char *const marks[] = {"iamglass", "iamchert", "iamhoney"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
      if (dir_path(p, sizeof p, path, 0, marks[i]) == 0 && access(p, F_OK) == 0) return DIR_PLAIN;
    }
    return DIR_EMPTY;
  }
  if (!S_ISREG(sb.st_mode)) return DIR_OTHER;
  ssize_t r = head(path, buf, sizeof buf);
  if (r >= 16 && memcmp(buf, "SQLite format 3", 16) == 0) return DIR_V1;
  if (r >= 0) return DIR_STUBFILE; /* Xapian says more when it opens it */
  return DIR_OTHER;
}

int dir_current(const char *dir) {
  char p[4096], buf[256];
  int gen = 0;
  if (dir_path(p, sizeof p, dir, 0, DIR_STUB)) return 0;
  if (head(p, buf, sizeof buf) <= 0) return 0;
  if (sscanf(buf, "auto g%d/", &gen) != 1 || gen < 1) return 0;
  return gen;
}

static int sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  int r = fsync(fd);
  close(fd);
  return r;
}

int dir_publish(const char *dir, int gen, const char *const *dbs, int n) {
  char tmp[4096], stub[4096];
  if (dir_path(tmp, sizeof tmp, dir, 0, DIR_STUB ".tmp") ||
      dir_path(stub, sizeof stub, dir, 0, DIR_STUB)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  size_t cap = 64, len = 0;
  for (int i = 0; i < n; i++)
    cap += strlen(dbs[i]) + 32;
  char *text = malloc(cap);
  if (!text) return -1;
  for (int i = 0; i < n || (n == 0 && i == 0); i++)
    len += (size_t)snprintf(text + len, cap - len, "auto g%d/%s\n", gen, n ? dbs[i] : DIR_XAPIAN);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    free(text);
    return -1;
  }
  int ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
  free(text);
  int e = errno;
  close(fd);
  if (!ok || rename(tmp, stub) != 0) {
    if (ok) e = errno;
    unlink(tmp);
    errno = e;
    return -1;
  }
  sync_dir(dir);
  return 0;
}

char **dir_databases(const char *dir, int *gen) {
  char p[4096], prefix[32];
  *gen = dir_current(dir);
  if (*gen <= 0 || dir_path(p, sizeof p, dir, 0, DIR_STUB)) return NULL;
  FILE *f = fopen(p, "r");
  if (!f) return NULL;
  int k = snprintf(prefix, sizeof prefix, "auto g%d/", *gen);
  char **v = calloc(1, sizeof *v), *line = NULL;
  size_t cap = 0;
  int n = 0;
  while (v && getline(&line, &cap, f) > 0) {
    line[strcspn(line, "\r\n")] = 0;
    if (strncmp(line, prefix, (size_t)k) != 0 || !line[k]) continue;
    char **w = realloc(v, sizeof *v * (size_t)(n + 2));
    if (!w || !(w[n] = strdup(line + k))) {
      for (int i = 0; i < n; i++)
        free((w ? w : v)[i]);
      free(w ? w : v);
      v = NULL;
      break;
    }
    v = w;
    v[++n] = NULL;
  }
  free(line);
  fclose(f);
  return v;
}

int dir_link_live(const char *dir, int gen, const char *const *names, const char *const *dbs,
                  int n) {
  char live[4096], tmp[4400], link[4400], target[600];
  if (dir_path(live, sizeof live, dir, 0, DIR_LIVE) || dir_make(live)) return -1;
  for (int i = 0; i < n; i++) {
    if (snprintf(target, sizeof target, "../g%d/%s", gen, dbs[i]) >= (int)sizeof target ||
        snprintf(link, sizeof link, "%s/%s", live, names[i]) >= (int)sizeof link ||
        snprintf(tmp, sizeof tmp, "%s/.%s.tmp", live, names[i]) >= (int)sizeof tmp)
      return -1;
    char now[600];
    ssize_t k = readlink(link, now, sizeof now - 1);
    if (k >= 0) {
      now[k] = 0;
      if (strcmp(now, target) == 0) continue;
    }
    unlink(tmp);
    if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
      int e = errno;
      unlink(tmp);
      errno = e;
      return -1;
    }
  }
  /* links to shards that are no more (a rebuild with other shards) */
  DIR *d = opendir(live);
  struct dirent *e;
  if (!d) return -1;
  while ((e = readdir(d)) != NULL) {
    int keep = e->d_name[0] == '.';
    for (int i = 0; i < n && !keep; i++)
      keep = strcmp(e->d_name, names[i]) == 0;
    if (!keep && snprintf(link, sizeof link, "%s/%s", live, e->d_name) < (int)sizeof link)
      unlink(link);
  }
  closedir(d);
  return sync_dir(live);
}

int dir_remove_tree(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0) return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(sb.st_mode)) return unlink(path);
  DIR *d = opendir(path);
  if (!d) return -1;
  struct dirent *e;
  char child[4096];
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child) {
      rc = -1;
      continue;
    }
    if (dir_remove_tree(child) != 0) rc = -1;
  }
  closedir(d);
  if (rmdir(path) != 0) rc = -1;
  return rc;
}

int dir_remove_gen(const char *dir, int gen) {
  char p[4096];
  if (snprintf(p, sizeof p, "%s/g%d", dir, gen) >= (int)sizeof p) return -1;
  return dir_remove_tree(p);
}

void dir_remove_others(const char *dir, int keep) {
  DIR *d = opendir(dir);
  struct dirent *e;
  if (!d) return;
  while ((e = readdir(d)) != NULL) {
    int gen = 0;
    char rest = 0;
    if (sscanf(e->d_name, "g%d%c", &gen, &rest) == 1 && gen > 0 && gen != keep)
      dir_remove_gen(dir, gen);
  }
  closedir(d);
}

int dir_highest(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int best = 0;
  if (!d) return 0;
  while ((e = readdir(d)) != NULL) {
    int gen = 0;
    char rest = 0;
    if (sscanf(e->d_name, "g%d%c", &gen, &rest) == 1 && gen > best) best = gen;
  }
  closedir(d);
  return best;
}

int dir_make(const char *path) {
  if (mkdir(path, 0755) == 0 || errno == EEXIST) return 0;
  return -1;
}

int dir_lock(const char *path, char *holder, size_t n) {
  char info[256], host[128] = "?", when[32] = "?";
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    snprintf(holder, n, "%s", strerror(errno));
    return -2;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    ssize_t r = pread(fd, info, sizeof info - 1, 0);
    info[r > 0 ? r : 0] = 0;
    info[strcspn(info, "\n")] = 0;
    if (e == EWOULDBLOCK)
      snprintf(holder, n, "%s", *info ? info : "another process");
    else
      snprintf(holder, n, "%s", strerror(e));
    close(fd);
    return e == EWOULDBLOCK ? -1 : -2;
  }
  time_t now = time(NULL);
  struct tm tm;
  gethostname(host, sizeof host - 1);
  if (localtime_r(&now, &tm)) strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm);
  int len = snprintf(info, sizeof info, "warta-index pid %ld on %s since %s\n", (long)getpid(),
                     host, when);
  if (ftruncate(fd, 0) == 0 && len > 0) {
    ssize_t w = pwrite(fd, info, (size_t)len, 0);
    (void)w;
  }
  return fd;
}

void dir_unlock(int fd) {
  if (fd < 0) return;
  if (ftruncate(fd, 0) != 0) {
    /* nothing to do: the lock goes with the descriptor anyway */
  }
  flock(fd, LOCK_UN);
  close(fd);
}

long long dir_bytes(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0) return 0;
  if (!S_ISDIR(sb.st_mode)) return (long long)sb.st_size;
  long long total = 0;
  DIR *d = opendir(path);
  struct dirent *e;
  char child[4096];
  if (!d) return 0;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) < (int)sizeof child)
      total += dir_bytes(child);
  }
  closedir(d);
  return total;
}

/* fsync every file below path: a fresh generation is written without
** syncing at each commit, and synced as a whole before it counts. */
int dir_sync_tree(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0) return -1;
  if (S_ISDIR(sb.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    char child[4096];
    if (!d) return -1;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child ||
          dir_sync_tree(child)) {
        closedir(d);
        return -1;
      }
    }
    closedir(d);
  } else if (!S_ISREG(sb.st_mode)) {
    return 0;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int r = fsync(fd);
  close(fd);
  return r;
}
