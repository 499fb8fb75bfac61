/*
 * cmd-watch.c - prio watch: the top of the backlog, drawn again whenever
 * anyone changes it. A team screen, or a terminal beside the editor.
 *
 * It waits on the store (store_wait): a server store is told of every
 * change at once (NOTIFY on the workspace's channel, sent by a trigger
 * whoever wrote, carrying nothing: each watcher reads the backlog again
 * with its own rights); the embedded store is asked its generation
 * every half second.
 */
#include "cmd.h"

#include <time.h>
#include <unistd.h>

#include "filter.h"
#include "visible.h"

/* How long one wait lasts before the generation is asked again. */
#define WAIT_MS 500

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "count", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct output_opts out = { .format = "table", .limit = 10 };
	struct filter f = {0};
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms), count = 0;
	int o, rc, tty = isatty(STDOUT_FILENO);
	long long seen = -1;
	char err[PRIO_ERR_MAX];

	while ((o = cmd_getopt(&cmd_watch, argc, argv, "hn:", longopts)) != -1) {
		if (o == 'n' && !parse_limit(optarg, &out.limit))
			continue;
		if (o == 'c' && !parse_limit(optarg, &count))
			continue;
		rc = o == 'h' ? EXIT_OK : cmd_usage(&cmd_watch, EXIT_USAGE);
		goto out;
	}
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (nterms) {
		if ((rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
			rc = fail(EXIT_USAGE, "%s", err);
			goto out;
		}
		out.filter = &f;
	}
	for (size_t drawn = 0;;) {
		long long now = store_generation(p->store, err);

		if (now < 0) {
			rc = fail(EXIT_DATA, "%s", err);
			goto out;
		}
		if (now != seen) {
			char at[21];

			seen = now;
			time_now(at);
			/* A terminal shows the latest only; a pipe keeps each. */
			if (tty)
				fputs("\033[H\033[J", stdout);
			else if (drawn)
				putchar('\n');
			vis_printf("%s (prio watch: drawn again on every change)"
				   "\n", at);
			if ((rc = output_rank(p, NULL, NULL, NULL, &out, err))) {
				rc = fail(exit_status(rc), "%s", err);
				goto out;
			}
			fflush(stdout);
			if (count && drawn++ == count) {
				rc = EXIT_OK;
				goto out;
			}
		}
		if ((rc = store_wait(p->store, WAIT_MS, err)) < 0) {
			rc = fail(exit_status(rc), "%s", err);
			goto out;
		}
	}
out:
	filter_release(&f);
	free(terms);
	return rc;
}

const struct cmd cmd_watch = {
	"watch", run, "prio watch [FILTER...] [--limit N] [--count N]",
	"the top of the backlog, drawn again whenever anyone changes it",
	"Draws the first N items of the ranking (as prio list does), then\n"
	"again whenever the backlog changes: anyone's prio command, another\n"
	"board, or (on a server) a write past prio. On a terminal each\n"
	"drawing replaces the last; otherwise they follow each other. Stops\n"
	"at Ctrl-C.\n"
	"  --limit N   the first N items (default 10)\n"
	"  --count N   stop after N changes (for scripts)\n"
	"Filters as prio list takes them.\n",
	.setup = SETUP_STORE,
};
