/*
** Test helper: scratch directories under $TMPDIR (else /tmp).
*/
#ifndef WARTA_TEST_SCRATCH_H
#define WARTA_TEST_SCRATCH_H

#include <stddef.h>

/* Make a new directory warta-test-NAME-XXXXXX; its path into out (n
** bytes). Returns 0, or -1 (errno set) when it cannot be made. */
int scratch_make(char *out, size_t n, const char *name);

/* Remove the directory path and everything under it. */
void scratch_remove(const char *path);

#endif
