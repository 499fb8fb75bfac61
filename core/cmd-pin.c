/*
 * cmd-pin.c - prio pin ID [RANK]: keep an item at a rank whatever the
 * scores (default: the rank it has now). prio unpin (cmd-unpin.c) undoes
 * it; both go through pin_set.
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pin_set(struct prio *p, const struct cmd *c, const char *ref,
	    double rank)
{
	char err[PRIO_ERR_MAX], buf[32];
	struct buf before = {0};
	struct table t;
	long long id;
	int col, rc;

	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = find_item(p, ref, &id)))
		return rc;
	if ((rc = authorize(p, "backlog.order", NULL, id, err)))
		return fail(exit_status(rc), "%s", err);
	if (rank == 0 && (rc = current_rank(p, id, &rank, err)))
		return fail(exit_status(rc), "%s", err);
	if (rank == -2)
		return fail(EXIT_DATA, "%s: item %lld is finished ([rank] "
			    "finished), and finished work takes no rank",
			    c->name, id);
	if (rank < 0)
		return fail(EXIT_DATA, "%s: item %lld is unscored, and a pin "
			    "needs a score (prio explain says why)", c->name, id);
	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	col = table_find(&t, "pin", 3);
	if (!isnan(rank)) {
		int n = snprintf(buf, sizeof(buf), "%.0f", rank);
		table_set(&t, col, 0, buf, (size_t)n);
	}
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_item_json(p->store, id, &t, &col, 1, &before, err)) ||
	    (rc = audit(p, "backlog.order", id, before.p, NULL, err)) ||
	    (rc = store_write(p->store, id, &t, 0, &col, 1, NULL, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		rc = fail(exit_status(rc), "%s", err);
	} else if (isnan(rank)) {
		printf("unpinned %lld\n", id);
	} else {
		printf("pinned %lld at rank %.0f\n", id, rank);
	}
	buf_release(&before);
	table_release(&t);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	double rank = 0;
	char *end;
	int o;

	while ((o = cmd_getopt(&cmd_pin, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind < 1 || argc - optind > 2)
		return cmd_usage(&cmd_pin, EXIT_USAGE);
	if (argc - optind == 2) {
		rank = strtod(argv[optind + 1], &end);
		if (*end || rank < 1 || rank != floor(rank) || rank > 1e9)
			return fail(EXIT_USAGE, "pin: rank '%s': expected a "
				    "whole number from 1", argv[optind + 1]);
	}
	return pin_set(p, &cmd_pin, argv[optind], rank);
}

const struct cmd cmd_pin = {
	"pin", run, "prio pin ID [RANK]",
	"keep an item at a rank whatever the scores",
	"Without RANK, the item keeps the rank it has now. Pins survive\n"
	"re-ranking and changes to scores; prio unpin ID lets the score\n"
	"decide again. Needs the backlog.order right.\n",
};
