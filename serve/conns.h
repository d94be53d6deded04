/*
** The connection policy of warta-serve: how many connections at once, and
** how long each may take. libmicrohttpd's own timeout is an idle timeout
** (any byte restarts it, so a client that trickles its request a byte at a
** time holds its slot for ever) and its connection limit stops accepting
** (so connections past it wait in the kernel's queue instead of being
** refused). Here instead:
**
**   - a connection over max at once is refused at once (closed), from
**     libmicrohttpd's accept policy callback;
**   - a clock runs from the moment a connection opens, or its previous
**     answer is sent, until its request is in whole, and again from the
**     moment the answer is queued until it is sent: past timeout seconds a
**     watcher thread shuts the socket down, whatever the client is still
**     sending. The clock stops while a handler runs.
**
** The socket is shut down (not closed) under the list's lock, and
** libmicrohttpd reports a connection closed before it closes the socket,
** so a descriptor is never touched after it is reused.
*/
#ifndef WARTA_SERVE_CONNS_H
#define WARTA_SERVE_CONNS_H

#include <sys/socket.h>

#include <microhttpd.h>

typedef struct conns conns;

/* Start the policy and its watcher thread: at most max connections, each
** wait at most timeout seconds. *out is the policy, owned by the caller
** (conns_stop()), or NULL on failure. Returns 0, or -1 when out of memory
** or the thread cannot start. */
int conns_start(int max, int timeout, int verbosity, conns **out);

/* Stop the watcher and free c (NULL: nothing). After MHD_stop_daemon(). */
void conns_stop(conns *c);

/* libmicrohttpd callbacks, cls being the conns: the accept policy
** (MHD_AcceptPolicyCallback), the connection notifier
** (MHD_OPTION_NOTIFY_CONNECTION) and the end of a request
** (MHD_OPTION_NOTIFY_COMPLETED, which restarts the clock). */
enum MHD_Result conns_accept(void *cls, const struct sockaddr *addr, socklen_t len);
void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code);
void conns_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                     enum MHD_RequestTerminationCode toe);

/* Around a handler: busy 1 stops c's clock, busy 0 restarts it for the
** answer. */
void conns_busy(conns *cs, struct MHD_Connection *c, int busy);

#endif
