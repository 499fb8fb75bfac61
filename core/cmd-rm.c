/*
 * cmd-rm.c - prio rm ID: delete an item.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

struct gone {
	struct prio *p;
	long long id;
	char *err;
};

/* Each criterion goes into the log first, so that undo restores it. */
static int log_criterion(void *arg, const struct criterion *c)
{
	struct gone *g = arg;
	struct buf before = {0};
	int rc;

	buf_addf(&before, "{\"criterion\": %lld, \"text\": ", c->n);
	buf_addjson(&before, c->text, strlen(c->text));
	buf_addf(&before, ", \"checked\": %s}", c->checked ? "true" : "false");
	rc = audit(g->p, "item.delete", g->id, before.p, NULL, g->err);
	buf_release(&before);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	struct buf before = {0};
	struct table t;
	long long id;
	int o, rc, *cols;
	struct gone g = { p, 0, err };

	while ((o = cmd_getopt(&cmd_rm, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind != 1)
		return cmd_usage(&cmd_rm, EXIT_USAGE);
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = find_item(p, argv[optind], &id)))
		return rc;
	if ((rc = authorize(p, "item.delete", NULL, id, err)))
		return fail(exit_status(rc), "%s", err);
	/* The log keeps what was deleted: prio undo brings it back whole. */
	g.id = id;
	table_for_schema(&t, &p->schema);
	cols = xmalloc(t.ncols * sizeof(int));
	for (size_t i = 0; i < t.ncols; i++)
		cols[i] = (int)i;
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_criteria(p->store, id, log_criterion, &g, err)) ||
	    (rc = store_item_json(p->store, id, &t, cols, t.ncols, &before,
				  err)) ||
	    (rc = audit(p, "item.delete", id, before.p, NULL, err)) ||
	    (rc = store_delete(p->store, id, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		rc = fail(exit_status(rc), "%s", err);
	} else {
		printf("removed %lld\n", id);
	}
	buf_release(&before);
	free(cols);
	table_release(&t);
	return rc;
}

const struct cmd cmd_rm = {
	"rm", run, "prio rm ID",
	"delete an item (its children keep no parent)",
	"The log keeps every value of the item and its acceptance criteria:\n"
	"prio undo brings it back whole, with its id, which no other item\n"
	"ever gets.\n",
};
