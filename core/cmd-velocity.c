/*
 * cmd-velocity.c - prio velocity: points accepted per closed sprint, the
 * average of the last [sprint] velocity_window and its spread, and the
 * bugs opened and closed in each sprint (agile.c computes them).
 */
#include "cmd.h"
#include "visible.h"

#include <math.h>
#include <string.h>

#include "agile.h"
#include "date.h"

static void velocity_text(struct buf *b, const struct history *h, int ascii)
{
	const struct velocity *v = &h->v;
	struct chart ch;
	double max = 0;

	chart_setup(&ch, ascii);
	for (size_t i = 0; i < v->nsprints; i++)
		if (v->v[i].done > max)
			max = v->v[i].done;
	buf_addf(b, "%-12s %-10s  %-26s %9s %8s %6s  %s\n", "SPRINT", "END",
		 "ACCEPTED", "COMMITTED", "ACCEPTED", "DONE",
		 "BUGS OPENED/CLOSED");
	for (size_t i = 0; i < v->nsprints; i++) {
		const struct sprint *sp = &v->v[i];

		buf_addvisf(b, "%-12s %-10s  ", sp->name, sp->end);
		chart_bar(b, &ch, sp->accepted, max, 25,
			  v->n ? v->mean : NAN,
			  i + v->n >= v->nsprints ? "32" : NULL);
		buf_addf(b, " %9g %8g %6g  %zu/%zu\n", h->committed[i],
			 sp->accepted, sp->done, h->spans[i].opened,
			 h->spans[i].closed);
	}
	buf_addf(b, "\nvelocity: %.1f points per sprint (average of the last "
		 "%zu), spread %.1f (standard deviation)\n", v->mean, v->n,
		 v->sd);
	buf_addf(b, "(the %s mark is the average)\n", ch.utf8 ? "\u2502" : "|");
}

static void velocity_json(struct buf *b, const struct history *h)
{
	const struct velocity *v = &h->v;

	buf_adds(b, "{\"average\": ");
	json_number(b, v->n ? v->mean : NAN);
	buf_adds(b, ", \"spread\": ");
	json_number(b, v->n ? v->sd : NAN);
	buf_addf(b, ", \"over\": %zu, \"window\": %zu, \"sprints\": [", v->n,
		 v->window);
	for (size_t i = 0; i < v->nsprints; i++) {
		const struct sprint *sp = &v->v[i];

		buf_addf(b, "%s\n    {\"sprint\": ", i ? "," : "");
		buf_addjson(b, sp->name, strlen(sp->name));
		buf_addf(b, ", \"start\": \"%s\", \"end\": \"%s\", "
			 "\"committed\": ", sp->start, sp->end);
		json_number(b, h->committed[i]);
		buf_adds(b, ", \"done\": ");
		json_number(b, sp->done);
		buf_adds(b, ", \"accepted\": ");
		json_number(b, sp->accepted);
		buf_addf(b, ", \"bugs\": {\"opened\": %zu, \"closed\": %zu}, "
			 "\"in_average\": %s}", h->spans[i].opened,
			 h->spans[i].closed,
			 i + v->n >= v->nsprints ? "true" : "false");
	}
	buf_adds(b, v->nsprints ? "\n  ]}\n" : "]}\n");
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ascii", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX];
	struct history h;
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
	if ((rc = history_compute(p, NULL, today, &h, err))) {
		history_release(&h);
		return fail(exit_status(rc), "%s", err);
	}
	if (json)
		velocity_json(&b, &h);
	else if (!h.v.nsprints)
		buf_adds(&b, "no closed sprint yet (prio sprint close)\n");
	else
		velocity_text(&b, &h, ascii);
	fputs(b.p, stdout);
	buf_release(&b);
	history_release(&h);
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
