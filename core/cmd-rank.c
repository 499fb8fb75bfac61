/*
 * cmd-rank.c - prio rank: order the workspace's backlog, or a file, with a
 * method. `prio list` is the same without the choice of method or input:
 * both go through rank_main (cmd.c) to output_rank (output.c).
 */
#include "cmd.h"

static int run(struct prio *p, int argc, char **argv)
{
	return rank_main(&cmd_rank, 1, p, argc, argv);
}

const struct cmd cmd_rank = {
	"rank", run,
	"prio rank [--method NAME] [--all] [--limit N] [--format F] [-o FILE]\n"
	"       prio rank --in FILE [--from FORMAT] [--method NAME] ...",
	"order the backlog (or a file) with a method and print it ranked",
	"  --method NAME   a [method.NAME] section or a method plugin\n"
	"                  (default: [rank] method)\n"
	"  --all           finished work too, after the rest, with no rank\n"
	"  --limit N       the first N items only\n"
	"  --format F      table (default), or any format: csv, json, ...\n"
	"  -o, --output F  write to file F (atomically) instead of stdout, in\n"
	"                  the format its name ends with unless --format\n"
	"  --in FILE       rank the items of FILE; no workspace needed\n"
	"  --from FORMAT   the format of FILE (default: from its name)\n"
	"  --rerank        with filters: rank the items shown among themselves\n"
	"  FILTER...       the items shown, as prio help list says\n"
	"\n"
	"Items a method cannot score (a missing input, a zero job size) are\n"
	"listed apart with the reason, never ranked as zero. Ties keep the\n"
	"order of ids (or of lines, with --in). Finished work (a status in\n"
	"[rank] finished: done, accepted, rejected) takes no rank.\n",
	.setup = SETUP_NONE,
};
