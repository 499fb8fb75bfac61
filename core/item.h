/*
 * item.h - writing an item, with the rules every write keeps whatever
 * the command (set, import, accept, undo, add): they live here, above
 * the store, so that a second store does not write them again.
 *
 *   status      done_on and accepted_on record the day the item became
 *               done and accepted, kept while it stays so, cleared when
 *               it goes back;
 *   initiative  the name or id given is resolved to the initiative's
 *               name (an unknown one is an error), and initiative_rank
 *               is set to the initiative's rank.
 */
#ifndef ITEM_H
#define ITEM_H

#include "prio.h"

/*
 * store_write (store.h) with the rules: the columns cols of t's row
 * `row`, a table laid out by the schema, to item id (0: a new one, *out
 * gets its id). The row gets the values the rules derive.
 */
int item_write(struct prio *p, long long id, struct table *t, size_t row,
	       const int *cols, size_t ncols, long long *out, char *err);

/*
 * After the roadmap changed (an initiative renamed, moved or removed):
 * every linked item's initiative and initiative_rank follow it. `was`
 * is the old name of a renamed initiative (NULL: none renamed), `now`
 * its new name (NULL: removed, its items lose the link).
 */
int item_relink(struct prio *p, const char *was, const char *now, char *err);

#endif /* ITEM_H */
