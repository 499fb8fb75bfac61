/*
 * cmd-list.c - prio list: the backlog in rank order.
 */
#include "cmd.h"

static int run(struct prio *p, int argc, char **argv)
{
	return rank_main(&cmd_list, 0, p, argc, argv);
}

const struct cmd cmd_list = {
	"list", run, "prio list [FILTER...] [--all] [--limit N] [--rerank] [--format table|csv|json|...] [-o FILE]",
	"list the backlog in rank order (by the [rank] method)",
	"  --all           finished work too ([rank] finished), after the\n"
	"                  rest, with no rank\n"
	"  --limit N       the first N items only\n"
	"  --format F      table (default), or any format: csv, json, ...\n"
	"  -o, --output F  write to file F (atomically) instead of stdout\n"
	"  --rerank        rank the items shown among themselves\n"
	"\n"
	"Filters (all must hold; a filter hides rows, ranks stay the\n"
	"backlog's unless --rerank):\n"
	"  FIELD:VALUE  FIELD:A,B  FIELD:>N  FIELD:>=N  FIELD:<N  FIELD:<=N\n"
	"               (numbers, and dates: YYYY-MM-DD, today, -3d, +2w)\n"
	"  FIELD:       the field is empty\n"
	"  +LABEL -LABEL, /TEXT/ (title or story), sprint:NAME (sprint:open),\n"
	"  under:ID (its descendants), and ids or keys (any of them)\n",
	.setup = SETUP_NONE,
};
