/*
 * cmd-velocity.c - prio velocity: points accepted per closed sprint, the
 * average of the last [sprint] velocity_window and its spread, and the
 * bugs opened and closed in each sprint (agile.c computes them).
 */
#include "cmd.h"

#include "charts.h"
#include "date.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ascii", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX];
	struct buf b = {0};
	long today;
	int o, rc, ascii = 0, json = 0;

	while ((o = cmd_getopt(&cmd_velocity, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'a')
			ascii = 1;
		else if (o == 'f' && (json = json_format(optarg)) < 0)
			return fail(EXIT_USAGE, "velocity: --format %s: expected "
				    "text or json", optarg);
		else if (o != 'f')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (optind != argc)
		return cmd_usage(&cmd_velocity, EXIT_USAGE);
	if ((rc = date_today(&today, err)))
		return fail(EXIT_USAGE, "%s", err);
	if ((rc = charts_velocity(p, today, json, ascii, &b, err))) {
		buf_release(&b);
		return fail(exit_status(rc), "%s", err);
	}
	fputs(b.p, stdout);
	buf_release(&b);
	return EXIT_OK;
}

const struct cmd cmd_velocity = {
	"velocity", run, "prio velocity [--ascii] [--format text|json]",
	"points accepted per closed sprint, their average and spread, bugs",
	"The average and the spread (population standard deviation) are over\n"
	"the last [sprint] velocity_window closed sprints (default 3); they\n"
	"give a new sprint its capacity and the release forecast its range.\n"
	"Committed: the points planned or added and not taken out by hand.\n"
	"Bugs: items of type bug created, and done, within each sprint.\n"
	"--ascii draws the bars in ASCII (the default when the locale is not\n"
	"UTF-8); NO_COLOR or output to a file: no colours.\n"
	"\n"
	"--format json (keys are kept; new ones may be added):\n"
	"  {\"average\", \"spread\" (null before the first close), \"over\"\n"
	"   (how many sprints they are over), \"window\",\n"
	"   \"sprints\": [{\"sprint\", \"start\", \"end\", \"committed\",\n"
	"   \"done\", \"accepted\" (points), \"bugs\": {\"opened\", \"closed\"},\n"
	"   \"in_average\" (one of the last \"over\")}]}, oldest first\n",
	.setup = SETUP_STORE,
};
