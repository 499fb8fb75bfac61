/*
 * cmd-set.c - prio set ID FIELD=VALUE...: change an item.
 */
#include "cmd.h"

#include <string.h>

/* One log entry per kind of change (story, value, estimate, status). */
static int log_changes(struct prio *p, struct table *t, long long id,
		       const int *cols, size_t ncols, char *err)
{
	int *group = xmalloc((ncols ? ncols : 1) * sizeof(int));
	int rc = 0;

	for (size_t i = 0; i < ncols && !rc; i++) {
		const char *action = t->cols[cols[i]].field->action;
		struct buf before = {0}, after = {0};
		size_t n = 0, j;

		for (j = 0; j < i; j++)
			if (!strcmp(t->cols[cols[j]].field->action, action))
				break;
		if (j < i)
			continue;	/* this kind is logged already */
		for (j = i; j < ncols; j++)
			if (!strcmp(t->cols[cols[j]].field->action, action))
				group[n++] = cols[j];
		rc = store_item_json(p->store, id, t, group, n, &before, err);
		table_row_json(t, 0, group, n, &after);
		if (!rc)
			rc = audit(p, action, id, before.p, after.p, err);
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
	size_t ncols = 0;
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
	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = t.cols[cols[i]].field;
		if ((rc = authorize(p, f->action, f->name, id, err))) {
			rc = fail(exit_status(rc), "%s", err);
			goto out;
		}
	}
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = log_changes(p, &t, id, cols, ncols, err)) ||
	    (rc = store_write(p->store, id, &t, 0, cols, ncols, NULL, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		rc = fail(exit_status(rc), "item %lld: %s", id, err);
	}
out:
	free(cols);
	table_release(&t);
	return rc;
}

const struct cmd cmd_set = {
	"set", run, "prio set ID FIELD=VALUE...",
	"change fields of an item (ID is its number or key)",
	"An empty value (estimate=) clears the field. See prio help add for\n"
	"the fields.\n",
};
