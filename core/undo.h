/*
 * undo.h - reverting a change: what prio undo and the board's Undo do.
 *
 * A change is what one command wrote (one log change: a set of several
 * fields, a whole import, a removal with its criteria). Its entries'
 * before-values are written back, newest first, in one transaction,
 * each field checked by the role policy as prio set checks it, and
 * logged as a change that undoes this one (which can be undone in turn:
 * a redo). It is refused, naming the entry and field, when a later
 * change touched what it would write.
 */
#ifndef UNDO_H
#define UNDO_H

#include "prio.h"

/*
 * Reverts the change log entry `entry` (its number, as text) belongs
 * to, or (NULL) the latest change not undone yet. dry: does it all,
 * then rolls back. out gets what was (or would be) written, a line
 * each, for people; *number the change, *n its entries. The store must
 * be open.
 */
int undo_change(struct prio *p, const char *entry, int dry, struct buf *out,
		long long *number, size_t *n, char *err);

#endif /* UNDO_H */
