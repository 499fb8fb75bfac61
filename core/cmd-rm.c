/*
 * cmd-rm.c - prio rm ID: delete an item.
 */
#include "cmd.h"

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	long long id;
	int o, rc;

	while ((o = cmd_getopt(&cmd_rm, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind != 1)
		return cmd_usage(&cmd_rm, EXIT_USAGE);
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = find_item(p, argv[optind], &id)))
		return rc;
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_delete(p->store, id, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		return fail(exit_status(rc), "%s", err);
	}
	printf("removed %lld\n", id);
	return EXIT_OK;
}

const struct cmd cmd_rm = {
	"rm", run, "prio rm ID",
	"delete an item (its children keep no parent)",
	"",
};
