/*
 * cmd-burndown.c - prio burndown: a sprint's remaining points day by day
 * against the ideal line; with --release, the backlog's remaining points
 * sprint by sprint and when the rest should be done, from the velocity.
 * Everything comes from history (agile.c computes it): when items came
 * into the sprint, and the day each became done (done_on).
 */
#include "cmd.h"
#include "visible.h"

#include <math.h>
#include <string.h>

#include "agile.h"
#include "date.h"

#define WIDTH 40

static void sprint_text(struct buf *b, const struct sprint_state *s,
			const struct chart *ch)
{
	double max = s->scope;
	char day[11];

	for (long i = 0; i < s->days; i++)
		if (!isnan(s->remaining[i]) && s->remaining[i] > max)
			max = s->remaining[i];
	buf_addvisf(b, "burndown: sprint %s  %s .. %s  (%g points at the start)\n",
		 s->sp.name, s->sp.start, s->sp.end, s->scope);
	buf_addf(b, "%-10s  %-*s %6s %6s\n", "DAY", WIDTH + 1 + (ch->utf8 ? 2 : 0),
		 ch->utf8 ? "REMAINING  (\u2502 ideal)" : "REMAINING  (| ideal)",
		 "POINTS", "IDEAL");
	for (long i = 0; i < s->days; i++) {
		double rem = s->remaining[i], ideal = s->ideal[i];

		date_format(s->start + i, day);
		buf_addf(b, "%s  ", day);
		if (!isnan(rem)) {
			chart_bar(b, ch, rem, max, WIDTH, ideal,
				  rem <= ideal + 1e-9 ? "32" : "31");
			buf_addf(b, " %6g %6.1f\n", rem, ideal);
		} else {
			chart_bar(b, ch, 0, max, WIDTH, ideal, NULL);
			buf_addf(b, " %6s %6.1f\n", "", ideal);
		}
	}
	if (s->last >= s->start) {
		long i = s->last - s->start;

		date_format(s->last, day);
		buf_addf(b, "\n%s: %g of %g points left, ideal %.1f: %s\n", day,
			 s->remaining[i], s->scope, s->ideal[i],
			 s->remaining[i] <= s->ideal[i] + 1e-9 ?
			 "on or ahead of the ideal line" :
			 "behind the ideal line");
	} else {
		buf_addf(b, "\nthe sprint has not started\n");
	}
}

static void sprint_json(struct buf *b, const struct sprint_state *s)
{
	long at = s->last >= s->start ? s->last - s->start : -1;
	char day[11];

	buf_adds(b, "{\"sprint\": ");
	buf_addjson(b, s->sp.name, strlen(s->sp.name));
	buf_addf(b, ", \"state\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", "
		 "\"scope\": ", s->sp.closed ? "closed" : "open", s->sp.start,
		 s->sp.end);
	json_number(b, s->scope);
	if (at >= 0) {
		date_format(s->last, day);
		buf_addf(b, ", \"as_of\": \"%s\", \"remaining\": ", day);
		json_number(b, s->remaining[at]);
		buf_adds(b, ", \"ideal\": ");
		json_number(b, s->ideal[at]);
		buf_addf(b, ", \"on_track\": %s", s->remaining[at] <=
			 s->ideal[at] + 1e-9 ? "true" : "false");
	} else {
		buf_adds(b, ", \"as_of\": null, \"remaining\": null, "
			 "\"ideal\": null, \"on_track\": null");
	}
	buf_adds(b, ", \"days\": [");
	for (long i = 0; i < s->days; i++) {
		date_format(s->start + i, day);
		buf_addf(b, "%s\n    {\"date\": \"%s\", \"remaining\": ",
			 i ? "," : "", day);
		json_number(b, s->remaining[i]);
		buf_adds(b, ", \"ideal\": ");
		json_number(b, s->ideal[i]);
		buf_addc(b, '}');
	}
	buf_adds(b, s->days ? "\n  ]}\n" : "]}\n");
}

static int sprint_chart(struct prio *p, const char *name, int json,
			const struct chart *ch, long today, char *err)
{
	struct sprint_state s;
	struct buf b = {0};
	int rc = sprint_state_load(p, name, 0, today, &s, err);

	if (rc <= 0) {
		sprint_state_release(&s);
		if (rc < 0)
			return fail(exit_status(rc), "%s", err);
		return name ? fail(EXIT_DATA, "no sprint '%s' (prio velocity "
				   "lists the closed ones)", name)
			    : fail(EXIT_DATA, "no open sprint: name one with "
				   "--sprint NAME");
	}
	if (json)
		sprint_json(&b, &s);
	else
		sprint_text(&b, &s, ch);
	fputs(b.p, stdout);
	buf_release(&b);
	sprint_state_release(&s);
	return EXIT_OK;
}

static void forecast_text(struct buf *b, const struct forecast *f)
{
	char from[11], to[11];

	if (f->sprints < 0) {
		buf_addf(b, "  %-11s (%g/sprint): no forecast: the velocity is "
			 "not above 0\n", f->name, f->speed);
		return;
	}
	if (!f->sprints) {
		buf_addf(b, "  %-11s nothing left\n", f->name);
		return;
	}
	date_format(f->from, from);
	date_format(f->to, to);
	buf_addf(b, "  %-11s (%.1f/sprint): %ld sprint%s: sprint %ld of the "
		 "forecast, %s .. %s\n", f->name, f->speed, f->sprints,
		 f->sprints == 1 ? "" : "s", f->sprints, from, to);
}

/* Points left at the end of forecast sprint k, at f's speed. */
static double left_after(const struct history *h, const struct forecast *f,
			 long k)
{
	return f->sprints < 0 ? h->now : fmax(0, h->now - (double)k * f->speed);
}

/*
 * The sprints to come, up to the last one any line needs however many:
 * a row per sprint, or per few sprints when there are more than
 * FORECAST_ROWS (the last row is always the last sprint).
 */
#define FORECAST_ROWS 24

static void forecast_chart(struct buf *b, const struct history *h,
			   const struct chart *ch, double max)
{
	const struct forecast *opt = &h->f[0], *exp = &h->f[1], *pes = &h->f[2];
	long last = 0, step;
	char day[11];

	for (size_t i = 0; i < ARRAY_SIZE(h->f); i++)
		if (h->f[i].sprints > last)
			last = h->f[i].sprints;
	if (!last)
		return;
	step = (last + FORECAST_ROWS - 1) / FORECAST_ROWS;
	buf_addf(b, "\nthe sprints to come: points left at the end of each "
		 "(%s optimistic, %s to pessimistic, %s expected)%s\n",
		 ch->utf8 ? "\u2588" : "#", ch->utf8 ? "\u2591" : "-",
		 ch->utf8 ? "\u2502" : "|", step > 1 ? "; one row per few "
		 "sprints" : "");
	for (long k = step; ; k += step) {
		double lo, mid, hi;

		if (k > last)
			k = last;
		lo = left_after(h, opt, k);
		mid = left_after(h, exp, k);
		hi = left_after(h, pes, k);
		date_format(h->start + k * h->len - 1, day);
		buf_addf(b, "+%-11ld %s  ", k, day);
		chart_range(b, ch, lo, mid, hi, max, WIDTH);
		buf_addf(b, " %.1f (%.1f .. %.1f)\n", mid, lo, hi);
		if (k == last)
			break;
	}
}

static void release_text(struct buf *b, const struct history *h,
			 const struct chart *ch)
{
	double max = h->now;
	char day[11];

	for (size_t i = 0; i < h->v.nsprints; i++)
		if (h->spans[i].left > max)
			max = h->spans[i].left;
	buf_addf(b, "release burndown: points left at the end of each sprint\n");
	for (size_t i = 0; i < h->v.nsprints; i++) {
		buf_addvisf(b, "%-12s %s  ", h->v.v[i].name, h->v.v[i].end);
		chart_bar(b, ch, h->spans[i].left, max, WIDTH, NAN, "33");
		buf_addf(b, " %g\n", h->spans[i].left);
	}
	date_format(h->today, day);
	buf_addf(b, "%-12s %s  ", "now", day);
	chart_bar(b, ch, h->now, max, WIDTH, NAN, "33");
	buf_addf(b, " %g\n", h->now);
	if (!h->has_forecast) {
		buf_addf(b, "\nno forecast: no closed sprint gives a velocity "
			 "yet\n");
		return;
	}
	date_format(h->start, day);
	buf_addf(b, "\nforecast: %g points left; velocity %.1f, spread %.1f "
		 "(last %zu sprint%s); %ld-day sprints from %s\n", h->now,
		 h->v.mean, h->v.sd, h->v.n, h->v.n == 1 ? "" : "s", h->len,
		 day);
	for (size_t i = 0; i < ARRAY_SIZE(h->f); i++)
		forecast_text(b, &h->f[i]);
	forecast_chart(b, h, ch, max);
}

static void release_json(struct buf *b, const struct history *h)
{
	char day[11];

	buf_adds(b, "{\"sprints\": [");
	for (size_t i = 0; i < h->v.nsprints; i++) {
		const struct sprint *sp = &h->v.v[i];

		buf_addf(b, "%s\n    {\"sprint\": ", i ? "," : "");
		buf_addjson(b, sp->name, strlen(sp->name));
		buf_addf(b, ", \"end\": \"%s\", \"left\": ", sp->end);
		json_number(b, h->spans[i].left);
		buf_addc(b, '}');
	}
	date_format(h->today, day);
	buf_addf(b, "%s], \"now\": {\"date\": \"%s\", \"left\": ",
		 h->v.nsprints ? "\n  " : "", day);
	json_number(b, h->now);
	buf_adds(b, "},\n  \"forecast\": ");
	if (!h->has_forecast) {
		buf_adds(b, "null}\n");
		return;
	}
	date_format(h->start, day);
	buf_adds(b, "{\"average\": ");
	json_number(b, h->v.mean);
	buf_adds(b, ", \"spread\": ");
	json_number(b, h->v.sd);
	buf_addf(b, ", \"over\": %zu, \"from\": \"%s\", \"sprint_days\": %ld",
		 h->v.n, day, h->len);
	for (size_t i = 0; i < ARRAY_SIZE(h->f); i++) {
		const struct forecast *f = &h->f[i];

		buf_addf(b, ",\n    \"%s\": {\"speed\": ", f->name);
		json_number(b, f->speed);
		if (f->sprints < 0) {
			buf_adds(b, ", \"sprints\": null, \"from\": null, "
				 "\"to\": null}");
		} else if (!f->sprints) {
			buf_adds(b, ", \"sprints\": 0, \"from\": null, "
				 "\"to\": null}");
		} else {
			char to[11];

			date_format(f->from, day);
			date_format(f->to, to);
			buf_addf(b, ", \"sprints\": %ld, \"from\": \"%s\", "
				 "\"to\": \"%s\"}", f->sprints, day, to);
		}
	}
	buf_adds(b, "}}\n");
}

static int release_chart(struct prio *p, int json, const struct chart *ch,
			 long today, char *err)
{
	struct history h;
	struct buf b = {0};
	int rc = history_compute(p, NULL, today, &h, err);

	if (rc) {
		history_release(&h);
		return fail(exit_status(rc), "%s", err);
	}
	if (json)
		release_json(&b, &h);
	else
		release_text(&b, &h, ch);
	fputs(b.p, stdout);
	buf_release(&b);
	history_release(&h);
	return EXIT_OK;
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
