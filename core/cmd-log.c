/*
 * cmd-log.c - prio log [ID]: the audit log, oldest first (history.h:
 * history_show).
 */
#include "cmd.h"

#include <string.h>

#include "history.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX];
	struct buf b = {0};
	long long id = 0;
	int o, rc, json = 0;

	while ((o = cmd_getopt(&cmd_log, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
			json = !strcmp(optarg, "json");
		else if (o == 'f')
			return fail(EXIT_USAGE, "log: --format %s: expected text "
				    "or json", optarg);
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind > 1)
		return cmd_usage(&cmd_log, EXIT_USAGE);
	if ((optind < argc &&
	     (rc = history_item(p, argv[optind], &id, err))) ||
	    (rc = history_show(p, id, json, &b, err))) {
		buf_release(&b);
		return fail(exit_status(rc), "%s", err);
	}
	fputs(b.p ? b.p : "", stdout);
	buf_release(&b);
	return EXIT_OK;
}

const struct cmd cmd_log = {
	"log", run, "prio log [ID] [--format text|json]",
	"show the audit log: every change and every refusal, oldest first",
	"Each entry: its number, when, who (their roles, and where prio\n"
	"learnt who they are: --as, PRIO_USER or the login name), the action,\n"
	"the item, and the values before and after; a refusal says why, and\n"
	"what it tried to write. Entries one command wrote together (an\n"
	"import, a set of several kinds of field) are one change, numbered by\n"
	"its first entry, which prio undo reverts as one. With ID, only that\n"
	"item's entries (a removed item's too: ids are never reused). JSON\n"
	"keys: entry, change, undoes (an undo's), at, user, roles, via,\n"
	"action, item, before, after, outcome, reason.\n",
	.setup = SETUP_STORE,
};
