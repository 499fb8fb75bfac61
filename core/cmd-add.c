/*
 * cmd-add.c - prio add TITLE [FIELD=VALUE]...: create an item.
 */
#include "cmd.h"
#include "item.h"

#include <string.h>

/*
 * Whoever may create items creates them; whoever may only propose them
 * creates them as proposed. An item comes with its title, key and type;
 * every other field given needs the right to change it (policy_change).
 */
static int may_add(struct prio *p, struct table *t, int *cols, size_t *ncols,
		   const char **action, char *err)
{
	int status = table_find(t, "status", 6), rc;

	*action = "item.create";
	rc = allowed(p, "item.create", NULL, err);
	if (rc == PRIO_EDENIED && allowed(p, "item.propose", NULL, err) == 0)
		*action = "item.propose";
	else if (rc == PRIO_EDENIED)
		return authorize(p, "item.create", NULL, 0, err);
	else if (rc)
		return rc;
	if ((rc = policy_change(p, 0, t, 0, cols, *ncols, NULL, NULL, err)))
		return rc;
	if (!strcmp(*action, "item.propose")) {
		size_t i;
		for (i = 0; i < *ncols && cols[i] != status; i++)
			;
		if (i == *ncols)
			cols[(*ncols)++] = status;
		table_set(t, status, 0, "proposed", 8);
	}
	return 0;
}

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	struct table t;
	int o, rc, *cols;
	size_t ncols = 0;
	long long id;
	const char *action;

	while ((o = cmd_getopt(&cmd_add, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (optind >= argc)
		return cmd_usage(&cmd_add, EXIT_USAGE);
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
	if ((rc = may_add(p, &t, cols, &ncols, &action, err))) {
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = item_write(p, 0, &t, 0, cols, ncols, &id, err)) ||
	    (rc = audit(p, action, id, NULL, NULL, err)) ||
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
	.setup = SETUP_STORE,
	.needs_args = 1,
};
