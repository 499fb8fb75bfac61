/*
 * cmd-add.c - prio add TITLE [FIELD=VALUE]...: create an item.
 */
#include "cmd.h"

#include <string.h>

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	struct table t;
	int o, rc, *cols;
	size_t ncols = 0;
	long long id;

	while ((o = cmd_getopt(&cmd_add, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (optind >= argc)
		return cmd_usage(&cmd_add, EXIT_USAGE);
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	cols = xmalloc((size_t)(argc + 1) * sizeof(int));
	cols[ncols] = table_find(&t, "title", 5);
	if (!*argv[optind]) {
		rc = fail(EXIT_DATA, "title: must not be empty");
		goto out;
	}
	table_set(&t, cols[ncols++], 0, argv[optind], strlen(argv[optind]));
	if ((rc = parse_assignments(p, &t, argv + optind + 1,
				    argc - optind - 1, cols, &ncols)))
		goto out;
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = store_write(p->store, 0, &t, 0, cols, ncols, &id, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	printf("%lld\n", id);
out:
	free(cols);
	table_release(&t);
	return rc;
}

const struct cmd cmd_add = {
	"add", run, "prio add TITLE [FIELD=VALUE]...",
	"create an item and print its id",
	"Fields: key, type (epic story task bug debt spike), status (proposed\n"
	"new ready in-progress done accepted), parent (an id or key), estimate,\n"
	"labels, and every [field.NAME] of the configuration, such as\n"
	"business_value=8. Each value is checked against its field.\n",
};
