/*
 * explain.h - why an item ranks where it does: what prio explain prints,
 * for the command and the board alike.
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include "prio.h"

struct filter;

/*
 * Explains item id (0: every open item filter f picks, in rank order),
 * ranked by method (NULL: [rank] method), into b: for people, or json
 * (one object for id, else an array). PRIO_EINVAL when the item is
 * finished or nothing open matches.
 */
int explain_write(struct prio *p, const char *method, long long id,
		  struct filter *f, int json, struct buf *b, char *err);

#endif /* EXPLAIN_H */
