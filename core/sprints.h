/*
 * sprints.h - the open sprint's items added and removed, and a sprint
 * shown: what prio sprint add, rm and show do, for the command and the
 * board alike. Nothing here prints.
 */
#ifndef SPRINTS_H
#define SPRINTS_H

#include "agile.h"

/* What sprints_change did: the sprint, the item, its points. */
struct sprint_move {
	struct sprint sp;
	long long id;
	double est;		/* the item's estimate (NaN: none) */
	double now;		/* points committed with it (add) */
};

/*
 * prio sprint add|rm REF: into (add) or out of the open sprint, dated
 * today (YYYY-MM-DD), with the sprint.plan right, logged. Adding over
 * the capacity needs force; an accepted item is never added.
 */
int sprints_change(struct prio *p, const char *ref, int add, int force,
		   const char *today, struct sprint_move *mv, char *err);

/*
 * prio sprint show [NAME] into b (name NULL: the open one), as of today
 * (YYYY-MM-DD): for people (ascii: no Unicode bars) or json.
 */
int sprints_show(struct prio *p, const char *name, int json, int ascii,
		 const char *today, struct buf *b, char *err);

/* Points committed to a sprint now (its members still in it). */
double sprints_committed(const struct member *m, size_t n);
/* Logs item id's coming into (what: "added") or out of a sprint. */
int sprints_log(struct prio *p, const struct sprint *sp, long long id,
		const char *what, char *err);

#endif /* SPRINTS_H */
