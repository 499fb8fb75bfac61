/*
 * cmd-reject.c - prio reject ID --reason TEXT: finished work goes back to
 * in-progress, with the reason kept on the item and in the log.
 */
#include "cmd.h"
#include "visible.h"

#include <string.h>

#include "agile.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const char *const names[] = { "status", "reject_reason" };
	const char *values[] = { "in-progress", NULL };
	char err[PRIO_ERR_MAX], *status;
	long long id;
	int o, rc;

	while ((o = cmd_getopt(&cmd_reject, argc, argv, "hr:", longopts)) != -1) {
		if (o == 'r')
			values[1] = optarg;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cmd_usage(&cmd_reject, EXIT_USAGE);
	if (!values[1] || !*values[1])
		return fail(EXIT_USAGE, "reject: say why with --reason TEXT");
	if ((rc = review_item(p, argv[optind], &id, &status)))
		return rc;
	if (strcmp(status, "done") && strcmp(status, "accepted")) {
		rc = fail(EXIT_DATA, "item %lld is %s: only done or accepted "
			  "work is rejected", id, status);
		free(status);
		return rc;
	}
	free(status);
	if ((rc = store_begin(p->store, err)) ||
	    (rc = item_update(p, id, "item.accept", names, values, 2, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		return fail(exit_status(rc), "item %lld: %s", id, err);
	}
	vis_printf("rejected %lld: back to in-progress (%s)\n", id, values[1]);
	return EXIT_OK;
}

const struct cmd cmd_reject = {
	"reject", run, "prio reject ID --reason TEXT",
	"send done or accepted work back to in-progress, saying why",
	"The reason is kept on the item (reject_reason) and in the log\n"
	"(prio log ID). Needs the item.accept right.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
