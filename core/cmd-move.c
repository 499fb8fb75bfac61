/*
 * cmd-move.c - prio move ID --before OTHER | --top | --bottom: the manual
 * order, which breaks ties between equal scores (and orders MoSCoW
 * classes when a method asks for it).
 *
 * The first move gives every item a position, in the order they had (by
 * position, then id); later moves renumber only what changes.
 */
#include "cmd.h"

#include <stdint.h>

#include "edit.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "before", required_argument, NULL, 'b' },
		{ "top", no_argument, NULL, 't' },
		{ "bottom", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *before_ref = NULL;
	char err[PRIO_ERR_MAX];
	long long id, other = 0;
	int where = 0, o, rc;
	size_t at = 0, to = 0;

	while ((o = cmd_getopt(&cmd_move, argc, argv, "h", longopts)) != -1) {
		if (o == 'b')
			before_ref = optarg, where++;
		else if (o == 't' || o == 'B')
			where++, at = o == 't' ? 0 : SIZE_MAX;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1 || where != 1) {
		fail(EXIT_USAGE, "move: give the item and one of --before OTHER, "
		     "--top, --bottom");
		return cmd_usage(&cmd_move, EXIT_USAGE);
	}
	if ((rc = find_item(p, argv[optind], &id)) ||
	    (before_ref && (rc = find_item(p, before_ref, &other))))
		return rc;
	if (other == id)
		return fail(EXIT_USAGE, "move: an item cannot go before itself");
	rc = edit_move(p, id, other, at == SIZE_MAX, &to, err);
	if (rc == EDIT_UNCHANGED)
		printf("%lld is already at position %zu: nothing changed\n", id,
		       to);
	else if (rc)
		return fail(exit_status(rc), "%s", err);
	else
		printf("moved %lld to position %zu\n", id, to);
	return EXIT_OK;
}

const struct cmd cmd_move = {
	"move", run, "prio move ID --before OTHER | --top | --bottom",
	"set the manual order, which breaks ties between equal scores",
	"The manual order decides between items of equal score (before their\n"
	"ids do), and methods may use it (MoSCoW within a class). Needs the\n"
	"backlog.order right. To keep an item at a rank whatever its score,\n"
	"use prio pin.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
