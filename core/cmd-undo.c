/*
 * cmd-undo.c - prio undo [ENTRY] [--dry-run]: revert a change by writing
 * back the before-values the log kept (undo.h says how).
 */
#include "cmd.h"

#include <string.h>

#include "undo.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX], *end;
	struct buf out = {0};
	const char *arg = NULL;
	long long number;
	size_t n;
	int o, rc, dry = 0;

	while ((o = cmd_getopt(&cmd_undo, argc, argv, "hn", longopts)) != -1) {
		if (o == 'n')
			dry = 1;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind > 1)
		return cmd_usage(&cmd_undo, EXIT_USAGE);
	if (optind < argc) {
		arg = argv[optind];
		if (strtoll(arg, &end, 10) < 1 || *end || !*arg)
			return fail(EXIT_USAGE, "undo: '%s': expected the number "
				    "of a log entry (prio log)", arg);
	}
	if ((rc = undo_change(p, arg, dry, &out, &number, &n, err))) {
		buf_release(&out);
		return fail(exit_status(rc), "%s", err);
	}
	fputs(out.p ? out.p : "", stdout);
	buf_release(&out);
	if (dry)
		printf("dry run: would undo change %lld (%zu entr%s); nothing "
		       "changed\n", number, n, n == 1 ? "y" : "ies");
	else
		printf("undid change %lld (%zu entr%s)\n", number, n,
		       n == 1 ? "y" : "ies");
	return EXIT_OK;
}

const struct cmd cmd_undo = {
	"undo", run, "prio undo [ENTRY] [--dry-run]",
	"revert the latest change, or the change of log entry ENTRY",
	"  -n, --dry-run   show what it would write, change nothing\n"
	"\n"
	"A change is what one command wrote: an import or a removal is\n"
	"undone whole (a removed item comes back with its id and criteria).\n"
	"The before-values in the log are written back, each field checked\n"
	"by the role policy as prio set checks it, in one transaction; the\n"
	"undo is logged as a change of its own, which prio undo can revert.\n"
	"Without ENTRY: the latest change not undone yet. Refused, naming\n"
	"the entry and field, when a later change touched what it would\n"
	"write: undo that one first. Entry numbers: prio log.\n",
	.setup = SETUP_STORE,
};
