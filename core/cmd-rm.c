/*
 * cmd-rm.c - prio rm ID|FILTER...: delete an item, or every item a
 * filter chooses, in one transaction.
 */
#include "cmd.h"

#include <stdlib.h>
#include <stdio.h>
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

/* Logs everything item id holds, then deletes it; in a transaction. */
static int remove_one(struct prio *p, long long id, struct table *t,
		      const int *cols, char *err)
{
	struct gone g = { p, id, err };
	struct buf before = {0};
	int rc;

	if (!(rc = store_criteria(p->store, id, log_criterion, &g, err)) &&
	    !(rc = store_item_json(p->store, id, t, cols, t->ncols, &before,
				   err)) &&
	    !(rc = audit(p, "item.delete", id, before.p, NULL, err)))
		rc = store_delete(p->store, id, err);
	buf_release(&before);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "yes", no_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX];
	struct table t;
	long long *ids = NULL;
	size_t nterms, nids = 0;
	int o, rc, *cols = NULL, yes = 0, dry = 0;
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));

	table_init(&t);
	nterms = filter_args_take(&argc, argv, terms);
	while ((o = cmd_getopt(&cmd_rm, argc, argv, "h", longopts)) != -1) {
		if (o == 'y')
			yes = 1;
		else if (o == 'n')
			dry = 1;
		else {
			rc = o == 'h' ? EXIT_OK : EXIT_USAGE;
			goto out;
		}
	}
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (!nterms) {
		rc = cmd_usage(&cmd_rm, EXIT_USAGE);
		goto out;
	}
	if ((rc = choose_items(p, terms, nterms, &ids, &nids)))
		goto out;
	/* Every item is checked first: one refusal refuses all. */
	for (size_t k = 0; k < nids; k++)
		if ((rc = authorize(p, "item.delete", NULL, ids[k], err))) {
			if (nids > 1)
				rc = fail(exit_status(rc), "item %lld: %s (nothing "
					  "was removed)", ids[k], err);
			else
				rc = fail(exit_status(rc), "%s", err);
			goto out;
		}
	if (dry) {
		for (size_t k = 0; k < nids; k++)
			printf("would remove %lld\n", ids[k]);
		goto out;
	}
	if (!yes && !confirm_many("remove", nids)) {
		rc = fail(EXIT_DATA, "not confirmed: nothing removed (--yes "
			  "skips the question)");
		goto out;
	}
	/* The log keeps what was deleted: prio undo brings it back whole. */
	table_for_schema(&t, &p->schema);
	cols = xmalloc(t.ncols * sizeof(int));
	for (size_t i = 0; i < t.ncols; i++)
		cols[i] = (int)i;
	if ((rc = store_begin(p->store, err)))
		goto failed;
	for (size_t k = 0; k < nids; k++)
		if ((rc = remove_one(p, ids[k], &t, cols, err)))
			goto failed;
	if ((rc = store_commit(p->store, err)))
		goto failed;
	for (size_t k = 0; k < nids; k++)
		printf("removed %lld\n", ids[k]);
	goto out;
failed:
	store_rollback(p->store);
	rc = fail(exit_status(rc), "%s", err);
out:
	free(ids);
	free(cols);
	free(terms);
	table_release(&t);
	return rc;
}

const struct cmd cmd_rm = {
	"rm", run, "prio rm ID|FILTER... [--dry-run] [--yes]",
	"delete an item, or every item a filter chooses (children keep no parent)",
	"The log keeps every value of the item and its acceptance criteria:\n"
	"prio undo brings it back whole, with its id, which no other item\n"
	"ever gets. Several items go in one transaction and come back\n"
	"together with prio undo; on a terminal prio asks first (--yes does\n"
	"not), and --dry-run lists them. See prio help list for the filters.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
