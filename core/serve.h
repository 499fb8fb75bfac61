/*
 * serve.h - the board: prio's backlog served over HTTP to a browser on
 * this machine (prio serve, core/cmd-serve.c), with a JSON API under
 * /api/ for dashboards.
 *
 * The server runs as the person who starts it, against their workspace,
 * so who may do what is exactly the command line's: every write calls
 * the same function as the command (edit.h), checked by the same policy
 * and logged the same way (prio log, prio undo see the board's changes),
 * one store transaction per request. Reading goes through the ranking
 * and the json format, so /api/items is what `prio list --format json`
 * prints.
 *
 * Who may ask: the server listens on 127.0.0.1 only. The URL it prints
 * carries a random token (getrandom); the page that URL opens sets it as
 * a cookie (HttpOnly, SameSite=Strict) and every later request must
 * carry it. Every write (POST) must also carry the CSRF token the page
 * reads from /api/session in an X-CSRF-Token header, with a JSON body
 * (Content-Type application/json) of at most SERVE_BODY_MAX bytes. A
 * Host other than 127.0.0.1 or localhost (DNS rebinding) and any path
 * with ".." are refused. Every refusal is a 4xx with a JSON
 * {"error": "..."}; nothing is written.
 *
 * Live: a thread reads the store's generation (store.h) every
 * SERVE_POLL_MS; /api/events (server-sent events) sends it whenever it
 * changes, whoever changed it (this board, another one, the CLI).
 *
 * Requests run each on its own thread; all work on the workspace (the
 * struct prio, its store) is serialized by one lock.
 */
#ifndef SERVE_H
#define SERVE_H

#include "prio.h"

#define SERVE_BODY_MAX (64 * 1024)
#define SERVE_POLL_MS 150

struct serve;

/*
 * Starts serving p's workspace (set up, its store open) on 127.0.0.1
 * port (0: a free one). *sv gets the server; url (at least 128 bytes)
 * the address to open, token included.
 */
int serve_start(struct prio *p, unsigned port, struct serve **sv, char *url,
		char *err);
/* Stops it: open event streams end, requests under way finish. */
void serve_stop(struct serve *sv);

#endif /* SERVE_H */
