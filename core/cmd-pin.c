/*
 * cmd-pin.c - prio pin ID [RANK]: keep an item at a rank whatever the
 * scores (default: the rank it has now). prio unpin (cmd-unpin.c) undoes
 * it; both go through pin_set (cmd.c).
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int run(struct prio *p, int argc, char **argv)
{
	double rank = 0;
	char *end;
	int o;

	while ((o = cmd_getopt(&cmd_pin, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind < 1 || argc - optind > 2)
		return cmd_usage(&cmd_pin, EXIT_USAGE);
	if (argc - optind == 2) {
		rank = strtod(argv[optind + 1], &end);
		if (*end || rank < 1 || rank != floor(rank) || rank > 1e9)
			return fail(EXIT_USAGE, "pin: rank '%s': expected a "
				    "whole number from 1", argv[optind + 1]);
	}
	return pin_set(p, &cmd_pin, argv[optind], rank);
}

const struct cmd cmd_pin = {
	"pin", run, "prio pin ID [RANK]",
	"keep an item at a rank whatever the scores",
	"Without RANK, the item keeps the rank it has now. Pins survive\n"
	"re-ranking and changes to scores; prio unpin ID lets the score\n"
	"decide again. Needs the backlog.order right.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
