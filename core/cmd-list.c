/*
 * cmd-list.c - prio list: the backlog in rank order.
 */
#include "cmd.h"

static int run(struct prio *p, int argc, char **argv)
{
	return rank_main(&cmd_list, p, argc, argv);
}

const struct cmd cmd_list = {
	"list", run, "prio list [--all] [--limit N] [--format table|csv|json|...] [-o FILE]",
	"list the backlog in rank order (by the [rank] method)",
	"  --all           finished work too ([rank] finished), after the\n"
	"                  rest, with no rank\n"
	"  --limit N       the first N items only\n"
	"  --format F      table (default), or any format: csv, json, ...\n"
	"  -o, --output F  write to file F (atomically) instead of stdout\n",
};
