/*
 * cmd-accept.c - prio accept ID: a done item becomes accepted, when every
 * acceptance criterion is checked. prio reject (cmd-reject.c) sends one
 * back.
 */
#include "cmd.h"

#include <string.h>

#include "agile.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const char *const names[] = { "status" };
	static const char *const values[] = { "accepted" };
	char err[PRIO_ERR_MAX], *status = NULL;
	long long id;
	int o, rc;

	while ((o = cmd_getopt(&cmd_accept, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind != 1)
		return cmd_usage(&cmd_accept, EXIT_USAGE);
	if ((rc = review_item(p, argv[optind], &id, &status)))
		return rc;
	if (strcmp(status, "done")) {
		rc = fail(EXIT_DATA, "item %lld is %s, not done: only done "
			  "work is accepted", id, status);
		goto out;
	}
	/* The same rule as any other way to accepted (policy.c). */
	if ((rc = policy_acceptable(p, id, err))) {
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	if ((rc = store_begin(p->store, err)) ||
	    (rc = item_update(p, id, "item.accept", names, values, 1, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		rc = fail(exit_status(rc), "item %lld: %s", id, err);
		goto out;
	}
	printf("accepted %lld\n", id);
	rc = EXIT_OK;
out:
	free(status);
	return rc;
}

const struct cmd cmd_accept = {
	"accept", run, "prio accept ID",
	"accept a done item whose acceptance criteria are all checked",
	"Refuses (exit 1) an item that is not done, or that has open\n"
	"criteria, listing them. The day is recorded (accepted_on). Needs the\n"
	"item.accept right. prio reject ID --reason TEXT sends it back.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
