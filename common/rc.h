/*
** Result codes shared by the warta libraries.
**
** The numbers are SQLite's (SQLITE_OK, SQLITE_ERROR, SQLITE_NOMEM, ...), so
** that a code in a message or a debugger reads the same as the SQLite code of
** the indexer's state file it may stem from; store/state.c still maps those
** one by one rather than passing them through.
** Functions return one of these as an int; 0 is success.
*/
#ifndef WARTA_RC_H
#define WARTA_RC_H

#define WARTA_OK 0        /* success */
#define WARTA_ERROR 1     /* generic failure; a message says more */
#define WARTA_BUSY 5      /* locked by another process */
#define WARTA_NOMEM 7     /* an allocation failed */
#define WARTA_IOERR 10    /* reading or writing a file failed */
#define WARTA_CORRUPT 11  /* malformed input */
#define WARTA_NOTFOUND 12 /* a required resource (dictionary, file) is missing */
#define WARTA_STALE 17    /* the index changed under a reader: reopen, retry */
#define WARTA_TOOBIG 18   /* input exceeds a configured limit */
#define WARTA_MISMATCH 20 /* data is of the wrong kind (binary, unsupported) */
#define WARTA_TOONEW 21   /* written by a newer version: never read as this one's */
#define WARTA_DONE 101    /* not an error: nothing more to read */

#endif
