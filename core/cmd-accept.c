/*
 * cmd-accept.c - prio accept ID: a done item becomes accepted, when every
 * acceptance criterion is checked. prio reject (cmd-reject.c) sends one
 * back.
 */
#include "cmd.h"

#include "edit.h"

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	long long id;
	int o, rc;

	while ((o = cmd_getopt(&cmd_accept, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind != 1)
		return cmd_usage(&cmd_accept, EXIT_USAGE);
	if ((rc = find_item(p, argv[optind], &id)))
		return rc;
	if ((rc = edit_review(p, id, NULL, err)))
		return fail(exit_status(rc), "%s", err);
	printf("accepted %lld\n", id);
	return EXIT_OK;
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
