/*
 * cmd-set.c - prio set ID FIELD=VALUE...: change an item.
 */
#include "cmd.h"

#include <string.h>

/*
 * One log entry per action (story, value, estimate, status, finishing,
 * accepting): acts[i] is the one that changes cols[i].
 */
static int log_changes(struct prio *p, struct table *t, long long id,
		       const int *cols, const char **acts, size_t ncols,
		       char *err)
{
	int *group = xmalloc((ncols ? ncols : 1) * sizeof(int));
	int rc = 0;

	for (size_t i = 0; i < ncols && !rc; i++) {
		struct buf before = {0}, after = {0};
		size_t n = 0, j;

		for (j = 0; j < i; j++)
			if (!strcmp(acts[j], acts[i]))
				break;
		if (j < i)
			continue;	/* this kind is logged already */
		for (j = i; j < ncols; j++)
			if (!strcmp(acts[j], acts[i]))
				group[n++] = cols[j];
		rc = store_item_json(p->store, id, t, group, n, &before, err);
		table_row_json(t, 0, group, n, &after);
		if (!rc)
			rc = audit(p, acts[i], id, before.p, after.p, err);
		buf_release(&before);
		buf_release(&after);
	}
	free(group);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	struct table t;
	int o, rc, *cols;
	size_t ncols = 0, kept = 0;
	const char **acts = NULL;
	long long id;

	while ((o = cmd_getopt(&cmd_set, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind < 2)
		return cmd_usage(&cmd_set, EXIT_USAGE);
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = find_item(p, argv[optind], &id)))
		return rc;
	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	cols = xmalloc((size_t)argc * sizeof(int));
	if ((rc = parse_assignments(p, &t, argv + optind + 1,
				    argc - optind - 1, cols, &ncols)))
		goto out;
	acts = xmalloc((size_t)argc * sizeof(*acts));
	if ((rc = policy_change(p, id, &t, 0, cols, ncols, acts, NULL, err))) {
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	/* A value the item has already is neither written nor logged. */
	for (size_t i = 0; i < ncols; i++)
		if (acts[i]) {
			acts[kept] = acts[i];
			cols[kept++] = cols[i];
		}
	if (!(ncols = kept))
		goto out;
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = log_changes(p, &t, id, cols, acts, ncols, err)) ||
	    (rc = store_write(p->store, id, &t, 0, cols, ncols, NULL, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		rc = fail(exit_status(rc), "item %lld: %s", id, err);
	}
out:
	free(acts);
	free(cols);
	table_release(&t);
	return rc;
}

const struct cmd cmd_set = {
	"set", run, "prio set ID FIELD=VALUE...",
	"change fields of an item (ID is its number or key)",
	"An empty value (estimate=) clears the field. See prio help add for\n"
	"the fields. A value the item has already is left alone; each value\n"
	"that changes needs its right (prio roles): moving status to done\n"
	"needs item.finish, to accepted item.accept and every acceptance\n"
	"criterion checked.\n",
};
