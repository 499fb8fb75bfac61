/*
 * prio/method.h - the operations of a method plugin: something that puts
 * the backlog in order.
 *
 * A method scores the whole set in one call, because many methods need the
 * whole set (normalisation, budgets, percentiles) and because one call per
 * item is slow on a million items. Higher scores rank first; the host sorts,
 * breaks ties (by manual order, then by id) and reports unscored items.
 *
 * One plugin may back several named configurations: every [method.NAME]
 * section whose `plugin =` names it gets its own `configure` call and its
 * own state. The life of one instance:
 *
 *	configure(sec, items, &state, err)   read keys, resolve field handles
 *	score(state, items, res, err)        once per ranking
 *	release(state)
 *
 * `items` is the same set in configure and score: configure is where field
 * names become handles (host->field), so that score only indexes arrays.
 * At configure the set has its fields, and may not have its items yet
 * (count 0): the host reads only what the method asks for there. Ask
 * for every handle in configure; read values in score.
 */
#ifndef PRIO_METHOD_H
#define PRIO_METHOD_H

#include <prio/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The result of a method, allocated by the host with room for every item.
 * Write `score[i]` for each item i; an item you cannot score gets
 * host->unscored(res, i, "why") instead, which sets its score to NaN. A
 * NaN or infinite score written without a reason is reported by the host
 * as a bug in the method. `klass[i]` is -1 (no class) until you store a
 * number from host->class_id.
 */
struct prio_result {
	size_t count;
	double *score;
	int *klass;
};

struct prio_method_ops {
	size_t struct_size;	/* sizeof(struct prio_method_ops) */

	/*
	 * Reads the instance's section and resolves its fields against
	 * `items`. Stores whatever it needs in *state (may stay NULL).
	 * Unknown keys need no check here: the host rejects every key that
	 * configure never asked for.
	 */
	int (*configure)(const struct prio_section *sec,
			 const struct prio_items *items, void **state,
			 char *err);

	/* Scores every item of `items` into `res`. */
	int (*score)(void *state, const struct prio_items *items,
		     struct prio_result *res, char *err);

	/* Frees the state. May be NULL. */
	void (*release)(void *state);

	/*
	 * For `prio explain`: writes how item's score comes about, a few
	 * lines of text with the formula and the numbers put in ("WSJF =
	 * cost of delay / job_size = 24 / 5 = 4.8"), through host->write.
	 * `res` holds the scores of the whole set. May be NULL: the host
	 * then shows the inputs and the score only.
	 */
	int (*explain)(void *state, const struct prio_items *items,
		       const struct prio_result *res, size_t item,
		       struct prio_out *out, char *err);

	/*
	 * Since ABI 1.4. Returns 1 when each item's score depends on that
	 * item's fields alone, never on the other items (no normalising
	 * over the set, no running totals): after a change prio then
	 * scores only the items it touched, and moves them in the ranking
	 * it keeps, instead of scoring the whole backlog again. May be
	 * NULL, which is taken as 0.
	 */
	int (*independent)(void *state);

	void *reserved[6];
};

#ifdef __cplusplus
}
#endif

#endif /* PRIO_METHOD_H */
