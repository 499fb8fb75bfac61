/*
 * cmd-move.c - prio move ID --before OTHER | --top | --bottom: the manual
 * order, which breaks ties between equal scores (and orders MoSCoW
 * classes when a method asks for it).
 *
 * The first move gives every item a position, in the order they had (by
 * position, then id); later moves renumber only what changes.
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* For qsort: by position (none last), then by id. */
static const double *sort_pos, *sort_id;

static int by_manual_order(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	double px = sort_pos[x], py = sort_pos[y];

	if (isnan(px) != isnan(py))
		return isnan(px) ? 1 : -1;
	if (!isnan(px) && px != py)
		return px < py ? -1 : 1;
	return sort_id[x] < sort_id[y] ? -1 : sort_id[x] > sort_id[y];
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "before", required_argument, NULL, 'b' },
		{ "top", no_argument, NULL, 't' },
		{ "bottom", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *before_ref = NULL;
	char err[PRIO_ERR_MAX], num[32];
	struct buf was = {0};
	long long id, other = 0;
	int where = 0, o, rc, idc, posc;
	const double *ids, *pos;
	uint32_t *order = NULL, moved;
	struct table t;
	size_t n, at = 0, from, k, changed = 0;

	while ((o = cmd_getopt(&cmd_move, argc, argv, "h", longopts)) != -1) {
		if (o == 'b')
			before_ref = optarg, where++;
		else if (o == 't' || o == 'B')
			where++, at = o == 't' ? 0 : SIZE_MAX;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1 || where != 1) {
		fail(EXIT_USAGE, "move: give the item and one of --before OTHER, "
		     "--top, --bottom");
		return cmd_usage(&cmd_move, EXIT_USAGE);
	}
	if ((rc = find_item(p, argv[optind], &id)) ||
	    (before_ref && (rc = find_item(p, before_ref, &other))))
		return rc;
	if (other == id)
		return fail(EXIT_USAGE, "move: an item cannot go before itself");
	if ((rc = authorize(p, "backlog.order", NULL, id, err)))
		return fail(exit_status(rc), "%s", err);

	/* Everyone's manual order now: by position, then by id. */
	table_for_schema(&t, &p->schema);
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_load(p->store, &t, 0, err)))
		goto failed;
	n = t.nrows;
	idc = table_find(&t, "id", 2);
	posc = table_find(&t, "position", 8);
	ids = table_numbers(&t, idc);
	pos = table_numbers(&t, posc);
	order = xmalloc((n ? n : 1) * sizeof(*order));
	for (k = 0; k < n; k++)
		order[k] = (uint32_t)k;
	sort_pos = pos;
	sort_id = ids;
	qsort(order, n, sizeof(*order), by_manual_order);
	for (from = 0; from < n && ids[order[from]] != (double)id; from++)
		;
	if (from == n) {	/* found a moment ago, outside the transaction */
		rc = errf(err, PRIO_EINVAL, "item %lld is gone", id);
		goto failed;
	}
	moved = order[from];
	memmove(order + from, order + from + 1, (n - from - 1) * sizeof(*order));
	if (other) {
		for (at = 0; at < n - 1 && ids[order[at]] != (double)other; at++)
			;
	} else if (at == SIZE_MAX) {
		at = n - 1;
	}
	memmove(order + at + 1, order + at, (n - 1 - at) * sizeof(*order));
	order[at] = moved;
	/* Number everyone 1..n; write only the positions that change. */
	for (k = 0; k < n && !rc; k++) {
		size_t r = order[k];
		int len;

		if (pos[r] == (double)(k + 1))
			continue;
		changed++;
		if (r == moved) {
			num_format(pos[r], num, sizeof(num));
			buf_addf(&was, "{\"position\": %s}",
				 isnan(pos[r]) ? "null" : num);
		}
		len = snprintf(num, sizeof(num), "%zu", k + 1);
		table_set(&t, posc, r, num, (size_t)len);
		rc = store_write(p->store, (long long)ids[r], &t, r, &posc, 1,
				 NULL, err);
	}
	if (!rc && !changed) {
		/* Said, not logged: an order that stays is no change. */
		store_rollback(p->store);
		printf("%lld is already at position %zu: nothing changed\n", id,
		       at + 1);
		goto out;
	}
	if (rc || (rc = audit(p, "backlog.order", id, was.p, NULL, err)) ||
	    (rc = store_commit(p->store, err)))
		goto failed;
	printf("moved %lld to position %zu\n", id, at + 1);
	goto out;
failed:
	store_rollback(p->store);
	rc = fail(exit_status(rc), "%s", err);
out:
	free(order);
	buf_release(&was);
	table_release(&t);
	return rc;
}

const struct cmd cmd_move = {
	"move", run, "prio move ID --before OTHER | --top | --bottom",
	"set the manual order, which breaks ties between equal scores",
	"The manual order decides between items of equal score (before their\n"
	"ids do), and methods may use it (MoSCoW within a class). Needs the\n"
	"backlog.order right. To keep an item at a rank whatever its score,\n"
	"use prio pin.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
