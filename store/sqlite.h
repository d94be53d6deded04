/*
** The SQLite header for code that is also built into the loadable extension:
** there every sqlite3_* call must go through the host's sqlite3_api table,
** never through a second copy of the library.
** Include it before any other header that includes <sqlite3.h>.
*/
#ifndef WARTA_STORE_SQLITE_H
#define WARTA_STORE_SQLITE_H

#ifdef WARTA_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#else
#include <sqlite3.h>
#endif

#endif
