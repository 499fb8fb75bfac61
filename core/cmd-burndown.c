/*
 * cmd-burndown.c - prio burndown: a sprint's remaining points day by day
 * against the ideal line; with --release, the backlog's remaining points
 * sprint by sprint and when the rest should be done, from the velocity.
 * Everything comes from history (agile.c computes it): when items came
 * into the sprint, and the day each became done (done_on); charts.c
 * lays it out.
 */
#include "cmd.h"

#include "charts.h"
#include "date.h"

static int sprint_chart(struct prio *p, const char *name, int json,
			const struct chart *ch, long today, char *err)
{
	struct buf b = {0};
	int rc = charts_burndown(p, name, today, json, ch, &b, err);

	if (!rc)
		fputs(b.p, stdout);
	buf_release(&b);
	return rc ? fail(exit_status(rc), "%s", err) : EXIT_OK;
}

static int release_chart(struct prio *p, int json, const struct chart *ch,
			 long today, char *err)
{
	struct buf b = {0};
	int rc = charts_release(p, today, json, ch, &b, err);

	if (!rc)
		fputs(b.p, stdout);
	buf_release(&b);
	return rc ? fail(exit_status(rc), "%s", err) : EXIT_OK;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sprint", required_argument, NULL, 's' },
		{ "release", no_argument, NULL, 'r' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *sprint = NULL;
	char err[PRIO_ERR_MAX];
	struct chart ch;
	long today;
	int o, rc, release = 0, ascii = 0, json = 0;

	while ((o = cmd_getopt(&cmd_burndown, argc, argv, "hs:f:", longopts)) != -1) {
		if (o == 's')
			sprint = optarg;
		else if (o == 'r')
			release = 1;
		else if (o == 'a')
			ascii = 1;
		else if (o == 'f' && (json = json_format(optarg)) < 0)
			return fail(EXIT_USAGE, "burndown: --format %s: expected "
				    "text or json", optarg);
		else if (o != 'f')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (optind != argc)
		return cmd_usage(&cmd_burndown, EXIT_USAGE);
	if (release && sprint)
		return fail(EXIT_USAGE, "burndown: --sprint or --release, not "
			    "both");
	if ((rc = date_today(&today, err)))
		return fail(EXIT_USAGE, "%s", err);
	chart_setup(&ch, ascii);
	return release ? release_chart(p, json, &ch, today, err)
		       : sprint_chart(p, sprint, json, &ch, today, err);
}

const struct cmd cmd_burndown = {
	"burndown", run,
	"prio burndown [--sprint NAME] [--release] [--ascii] "
	"[--format text|json]",
	"remaining points per day of a sprint, or per sprint with a forecast",
	"  --sprint NAME  that sprint (default: the open one)\n"
	"  --release      the backlog's points left (epics excluded) at the\n"
	"                 end of each closed sprint, and a forecast of the\n"
	"                 sprint in which the rest is done: at the average\n"
	"                 velocity, at average + spread (optimistic) and at\n"
	"                 average - spread (pessimistic), and a chart of the\n"
	"                 sprints to come up to the last one any of them\n"
	"                 needs (a row per sprint, or per few beyond 24)\n"
	"  --ascii        ASCII bars (also when the locale is not UTF-8)\n"
	"  --format F     text (default) or json\n"
	"\n"
	"A day's remaining points: the points of the items in the sprint that\n"
	"day that were not yet done. Green: on or below the ideal line; red:\n"
	"above it (no colours with NO_COLOR or when not a terminal).\n"
	"PRIO_TODAY=YYYY-MM-DD stands in for today's date.\n"
	"\n"
	"JSON (keys are kept; new ones may be added). Dates are YYYY-MM-DD,\n"
	"points are numbers, null where there is no value yet.\n"
	"  a sprint: {\"sprint\", \"state\" (open|closed), \"start\", \"end\",\n"
	"    \"scope\" (points on the first day), \"as_of\" (the last day\n"
	"    known: today or the close; null before the start),\n"
	"    \"remaining\", \"ideal\" (on that day), \"on_track\" (remaining\n"
	"    <= ideal), \"days\": [{\"date\", \"remaining\" (null for days\n"
	"    to come), \"ideal\"}]}\n"
	"  --release: {\"sprints\": [{\"sprint\", \"end\", \"left\"}],\n"
	"    \"now\": {\"date\", \"left\"}, \"forecast\": null (no closed\n"
	"    sprint yet) or {\"average\", \"spread\", \"over\" (sprints\n"
	"    averaged), \"from\", \"sprint_days\", \"optimistic\",\n"
	"    \"expected\", \"pessimistic\": {\"speed\" (points per sprint),\n"
	"    \"sprints\" (0: nothing left; null: no forecast at a speed not\n"
	"    above 0), \"from\", \"to\" (the days of the last sprint)}}}\n",
	.setup = SETUP_STORE,
};
