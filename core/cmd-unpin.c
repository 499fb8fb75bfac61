/*
 * cmd-unpin.c - prio unpin ID: let the score decide the item's rank again.
 */
#include "cmd.h"

#include <math.h>

static int run(struct prio *p, int argc, char **argv)
{
	int o;

	while ((o = cmd_getopt(&cmd_unpin, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind != 1)
		return cmd_usage(&cmd_unpin, EXIT_USAGE);
	return pin_set(p, &cmd_unpin, argv[optind], NAN);
}

const struct cmd cmd_unpin = {
	"unpin", run, "prio unpin ID",
	"remove an item's pin: its score decides its rank again", "",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
