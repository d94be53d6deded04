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
    if (dir_path(p, sizeof p, path, 0, DIR_STUB) == 0 && access(p, F_OK) == 0) return DIR_INDEX;
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

int dir_publish(const char *dir, int gen) {
  char tmp[4096], stub[4096], line[64];
  if (dir_path(tmp, sizeof tmp, dir, 0, DIR_STUB ".tmp") ||
      dir_path(stub, sizeof stub, dir, 0, DIR_STUB)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  int n = snprintf(line, sizeof line, "auto g%d/%s\n", gen, DIR_XAPIAN);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  int ok = write(fd, line, (size_t)n) == n && fsync(fd) == 0;
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

/* Remove path and everything below it. */
static int remove_tree(const char *path) {
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
    if (remove_tree(child) != 0) rc = -1;
  }
  closedir(d);
  if (rmdir(path) != 0) rc = -1;
  return rc;
}

int dir_remove_gen(const char *dir, int gen) {
  char p[4096];
  if (snprintf(p, sizeof p, "%s/g%d", dir, gen) >= (int)sizeof p) return -1;
  return remove_tree(p);
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
