/*
** warta-index --status: what the index holds and how the last run went.
*/
#ifndef WARTA_STATUS_H
#define WARTA_STATUS_H

#include "index.h"

/* Describe the index o->db on stdout (JSON with o->json). Returns a
** warta_exit code. */
int index_status(const index_opts *o);

/* Verify the index o->db (--check): problems on stderr, a verdict on
** stdout. Returns WARTA_EXIT_OK, or WARTA_EXIT_DB when it is damaged. */
int index_check(const index_opts *o);

/* Compact the closed periods of the index o->db (--compact): one line per
** database on stdout. Returns a warta_exit code. */
int index_compact(const index_opts *o);

#endif
