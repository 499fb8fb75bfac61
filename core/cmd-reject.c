/*
 * cmd-reject.c - prio reject ID --reason TEXT: finished work goes back to
 * in-progress, with the reason kept on the item and in the log.
 */
#include "cmd.h"
#include "visible.h"

#include "edit.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *reason = NULL;
	char err[PRIO_ERR_MAX];
	long long id;
	int o, rc;

	while ((o = cmd_getopt(&cmd_reject, argc, argv, "hr:", longopts)) != -1) {
		if (o == 'r')
			reason = optarg;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cmd_usage(&cmd_reject, EXIT_USAGE);
	if (!reason || !*reason)
		return fail(EXIT_USAGE, "reject: say why with --reason TEXT");
	if ((rc = find_item(p, argv[optind], &id)))
		return rc;
	if ((rc = edit_review(p, id, reason, err)))
		return fail(exit_status(rc), "%s", err);
	vis_printf("rejected %lld: back to in-progress (%s)\n", id, reason);
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
