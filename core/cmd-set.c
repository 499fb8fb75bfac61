/*
 * cmd-set.c - prio set ID|FILTER... FIELD=VALUE...: change an item, or
 * every item a filter chooses, in one transaction.
 */
#include "cmd.h"
#include "edit.h"
#include "item.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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
	int o, rc, *cols = NULL, *kcols = NULL, yes = 0, dry = 0, nassign = 0;
	size_t ncols = 0, nterms, nids = 0, changed = 0;
	const char **acts = NULL;
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	char **assign = xcalloc((size_t)argc + 1, sizeof(*assign));
	long long *ids = NULL;

	table_init(&t);
	nterms = filter_args_take(&argc, argv, terms);
	while ((o = cmd_getopt(&cmd_set, argc, argv, "h", longopts)) != -1) {
		if (o == 'y')
			yes = 1;
		else if (o == 'n')
			dry = 1;
		else {
			rc = o == 'h' ? EXIT_OK : EXIT_USAGE;
			goto out;
		}
	}
	for (; optind < argc; optind++)
		if (strchr(argv[optind], '='))
			assign[nassign++] = argv[optind];
		else
			terms[nterms++] = argv[optind];
	if (!nterms || !nassign) {
		rc = cmd_usage(&cmd_set, EXIT_USAGE);
		goto out;
	}
	if ((rc = choose_items(p, terms, nterms, &ids, &nids)))
		goto out;
	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	cols = xmalloc((size_t)argc * sizeof(int));
	kcols = xmalloc(nids * (size_t)argc * sizeof(int));
	acts = xmalloc(nids * (size_t)argc * sizeof(*acts));
	if ((rc = parse_assignments(p, &t, assign, nassign, cols, &ncols)))
		goto out;
	/*
	 * Every item is checked before anything is written: one refusal
	 * refuses all, naming the item. A value an item has already is
	 * neither written nor logged.
	 */
	for (size_t k = 0; k < nids; k++) {
		const char **a = acts + k * (size_t)argc;
		size_t kept = 0;

		if ((rc = policy_change(p, ids[k], &t, 0, cols, ncols, a, NULL,
					err))) {
			if (nids > 1)
				rc = fail(exit_status(rc), "item %lld: %s (nothing "
					  "was changed)", ids[k], err);
			else
				rc = fail(exit_status(rc), "%s", err);
			goto out;
		}
		for (size_t i = 0; i < ncols; i++)
			if (a[i]) {
				a[kept] = a[i];
				kcols[k * (size_t)argc + kept++] = cols[i];
			}
		a[kept] = NULL;
		changed += kept > 0;
		if (dry && kept)
			printf("would change item %lld\n", ids[k]);
	}
	if (dry) {
		printf("dry run: %zu of %zu item%s would change\n", changed,
		       nids, nids == 1 ? "" : "s");
		goto out;
	}
	if (!changed)
		goto out;
	if (!yes && !confirm_many("change", nids)) {
		rc = fail(EXIT_DATA, "not confirmed: nothing changed (--yes "
			  "skips the question)");
		goto out;
	}
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_sync_fields(p->store, &p->schema, err)))
		goto failed;
	for (size_t k = 0; k < nids; k++) {
		const char **a = acts + k * (size_t)argc;
		int *c = kcols + k * (size_t)argc;
		size_t n = 0;

		while (a[n])
			n++;
		if (n && ((rc = edit_log(p, &t, ids[k], c, a, n, err)) ||
			  (rc = item_write(p, ids[k], &t, 0, c, n, NULL,
					    err)))) {
			store_rollback(p->store);
			rc = fail(exit_status(rc), "item %lld: %s", ids[k], err);
			goto out;
		}
	}
	if ((rc = store_commit(p->store, err)))
		goto failed;
	if (nids > 1)
		printf("changed %zu of %zu items\n", changed, nids);
	goto out;
failed:
	store_rollback(p->store);
	rc = fail(exit_status(rc), "%s", err);
out:
	free(ids);
	free(acts);
	free(kcols);
	free(cols);
	free(terms);
	free(assign);
	table_release(&t);
	return rc;
}

const struct cmd cmd_set = {
	"set", run, "prio set ID|FILTER... FIELD=VALUE... [--dry-run] [--yes]",
	"change fields of an item, or of every item a filter chooses",
	"An empty value (estimate=) clears the field. See prio help add for\n"
	"the fields, prio help list for the filters (ids and keys are\n"
	"filters too: prio set 3 5 SHOP-7 status=ready). Several items\n"
	"change in one transaction, one log entry each, undone together by\n"
	"prio undo; on a terminal prio asks first (--yes does not), and\n"
	"--dry-run says which items would change. A value an item has\n"
	"already is left alone; each value that changes needs its right\n"
	"(prio roles), checked for every item before anything is written:\n"
	"moving status to done needs item.finish, to accepted item.accept\n"
	"and every acceptance criterion checked.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
