/*
 * edit.h - the changes a person makes to one item, each a whole
 * transaction, whoever asks: the commands (set, pin, unpin, accept,
 * reject) and the board (prio serve) call these same functions, so that
 * the board can do nothing the command line refuses, for the same reason
 * and with the same log entries (prio log, prio undo see both alike).
 *
 * Nothing here prints: each returns 0 or a PRIO_E* code with the message
 * in the caller's err (PRIO_EDENIED: refused by the role policy, the
 * refusal recorded as authorize does).
 */
#ifndef EDIT_H
#define EDIT_H

#include "prio.h"

/*
 * FIELD=VALUE arguments (args[0..n-1]) into row 0 of t, a
 * table_for_schema table with one row: each field known, not set by
 * prio, given once, its value valid (a date may be today, +3d, ...).
 * cols gets the columns given, *ncols how many. *usage is set when the
 * error is in the form of an argument rather than in its value.
 */
int edit_assign(struct prio *p, struct table *t, char *const *args, int n,
		int *cols, size_t *ncols, int *usage, char *err);

/*
 * Logs the values item id has now in columns cols of t (the change
 * about to be written): one entry per action, acts[i] being the one that
 * changes cols[i] (policy_change says which). Inside the transaction.
 */
int edit_log(struct prio *p, const struct table *t, long long id,
	     const int *cols, const char **acts, size_t ncols, char *err);

/*
 * prio set ID FIELD=VALUE... for one item: the columns cols of t's row 0
 * checked by the policy, logged and written in one transaction. A value
 * the item has already is neither written nor logged; *changed (NULL:
 * not wanted) says whether anything was.
 */
int edit_set(struct prio *p, long long id, struct table *t, const int *cols,
	     size_t ncols, int *changed, char *err);

/*
 * For a change computed from what was read before its transaction (a
 * rank to pin at, a ranking to plan from): after store_begin, fails when
 * someone has committed a change since generation `gen` was read,
 * naming who and when, so that nothing is written over what they did.
 */
int still_as_read(struct prio *p, long long gen, char *err);

/*
 * prio pin / unpin: item id kept at *rank (0: the rank it has now, and
 * *rank gets it; NaN: unpinned), with the backlog.order right, logged.
 * cmd names the command in the messages.
 */
int edit_pin(struct prio *p, long long id, double *rank, const char *cmd,
	     char *err);

/*
 * prio accept (reason NULL) and prio reject (reason: why): a done item
 * becomes accepted when its criteria are all checked; done or accepted
 * work goes back to in-progress with the reason kept. Needs item.accept.
 */
int edit_review(struct prio *p, long long id, const char *reason, char *err);

/*
 * prio move: item id goes before item other in the manual order (other
 * 0: to the top, or with bottom to the bottom), with the backlog.order
 * right, logged; *to gets its position. The first move numbers every
 * item, in the order they had; later ones renumber what changes. An
 * item already there is EDIT_UNCHANGED, nothing written or logged.
 */
#define EDIT_UNCHANGED 1
int edit_move(struct prio *p, long long id, long long other, int bottom,
	      size_t *to, char *err);

#endif /* EDIT_H */
