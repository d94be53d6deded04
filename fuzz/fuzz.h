/*
** What every fuzz target and the replay driver share.
**
** A target defines LLVMFuzzerTestOneInput() and nothing else that is
** exported. Built with -fsanitize=fuzzer it is a libFuzzer binary; linked
** with driver.c it is a test that replays its seed corpus.
*/
#ifndef WARTA_FUZZ_H
#define WARTA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Called once per input; data[0..size) is only valid during the call.
** Returns 0; anything wrong ends the process (abort(), a sanitizer). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant that holds for every input; unlike assert(), it is checked
** in release builds too. */
#define FUZZ_CHECK(c) ((c) ? (void)0 : fuzz_fail(#c, __FILE__, __LINE__))

static inline void fuzz_fail(const char *what, const char *file, int line) {
  fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
  abort();
}

/* A setup step that cannot fail on a working installation (an analyzer, the
** in-memory index): say why and stop, which libFuzzer reports as a crash. */
static inline void fuzz_need(int ok, const char *what, const char *why) {
  if (ok) return;
  fprintf(stderr, "fuzz: cannot set up %s: %s\n", what, why ? why : "unknown error");
  exit(1);
}

#endif
