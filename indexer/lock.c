#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

int lock_take(const char *db, char *holder, size_t n) {
  char path[4096], info[256], host[128] = "?", when[32] = "?";
  snprintf(path, sizeof path, "%s.lock", db);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    snprintf(holder, n, "%s: %s", path, strerror(errno));
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
      snprintf(holder, n, "%s: %s", path, strerror(e));
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

void lock_release(int fd) {
  if (fd >= 0) {
    if (ftruncate(fd, 0) != 0) {
      /* nothing to do: the lock goes with the descriptor anyway */
    }
    flock(fd, LOCK_UN);
    close(fd);
  }
}
