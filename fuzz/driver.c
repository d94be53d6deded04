/*
** Replays inputs through a fuzz target without libFuzzer, as zstd's
** regression_driver.c does: every argument is a file or a directory (not
** descended into), and every file's bytes go to LLVMFuzzerTestOneInput() in
** a buffer of exactly their size, so the sanitizers see any overread.
** Returns 0 when every input ran (1 when one could not be read, or there was
** none at all); a failing input crashes the process.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int ran; /* inputs fed to the target */

/* Feed one file to the target; 0, or 1 when it cannot be read. */
static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  struct stat sb;
  if (!f || fstat(fileno(f), &sb) != 0) {
    perror(path);
    if (f) fclose(f);
    return 1;
  }
  /* exactly the file's size: a read past the end is past the allocation */
  size_t n = (size_t)sb.st_size;
  uint8_t *data = malloc(n ? n : 1);
  int bad = !data || fread(data, 1, n, f) != n;
  fclose(f);
  if (bad) {
    fprintf(stderr, "%s: cannot read\n", path);
    free(data);
    return 1;
  }
  fprintf(stderr, "replay %s (%zu bytes)\n", path, n);
  LLVMFuzzerTestOneInput(data, n);
  ran++;
  free(data);
  return 0;
}

static int visible(const struct dirent *e) { return e->d_name[0] != '.'; }

/* Every regular file of dir, in name order. */
static int run_dir(const char *dir) {
  struct dirent **list;
  int n = scandir(dir, &list, visible, alphasort), bad = 0;
  if (n < 0) {
    perror(dir);
    return 1;
  }
  for (int i = 0; i < n; i++) {
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) bad |= run_file(path);
    free(list[i]);
  }
  free(list);
  return bad;
}

int main(int argc, char **argv) {
  int bad = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    struct stat sb;
    if (stat(argv[i], &sb) != 0) {
      perror(argv[i]);
      bad = 1;
    } else {
      bad |= S_ISDIR(sb.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
    }
  }
  if (!bad && ran == 0) {
    fprintf(stderr, "%s: no input to replay\n", argv[0]);
    bad = 1;
  }
  fprintf(stderr, "%d inputs replayed\n", ran);
  return bad;
}
