/*
 * cmd-help.c - prio help [COMMAND].
 */
#include "cmd.h"

static int run(struct prio *p, int argc, char **argv)
{
	const struct cmd *c;
	int o;

	(void)p;
	while ((o = cmd_getopt(&cmd_help, argc, argv, "h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (optind == argc) {
		printf("usage: prio [-C DIR] [-c FILE] [--set S.K=V]... COMMAND "
		       "[ARGS]\n\nCommands:\n");
		cmd_list_all(stdout);
		printf("\nprio help COMMAND, or prio COMMAND --help, for more.\n");
		return EXIT_OK;
	}
	if (argc - optind > 1)
		return cmd_usage(&cmd_help, EXIT_USAGE);
	c = cmd_find(argv[optind]);
	if (!c)
		return fail(EXIT_USAGE, "'%s' is not a command", argv[optind]);
	return cmd_usage(c, EXIT_OK);
}

const struct cmd cmd_help = {
	"help", run, "prio help [COMMAND]",
	"show the commands, or one command's usage",
	"",
};
