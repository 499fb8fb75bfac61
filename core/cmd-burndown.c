/*
 * cmd-burndown.c - prio burndown: a sprint's remaining points day by day
 * against the ideal line; with --release, the backlog's remaining points
 * sprint by sprint and when the rest should be done, from the velocity.
 * Everything comes from history: when items came into the sprint, and
 * the day each became done (done_on).
 */
#include "cmd.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#include "agile.h"
#include "date.h"

#define WIDTH 40

static long day_of(const char *s, long otherwise)
{
	long d;
	return s && date_parse(s, &d) == 0 ? d : otherwise;
}

struct burn {
	long added, removed;	/* removed: LONG_MAX while in */
	long done;		/* LONG_MAX: not done */
	double points;
};

static double remaining_on(const struct burn *v, size_t n, long d)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].added <= d && v[i].removed > d && v[i].done > d)
			sum += v[i].points;
	return sum;
}

static int sprint_chart(struct prio *p, const char *name,
			const struct chart *ch, long today, char *err)
{
	struct sprint sp;
	struct member *m = NULL;
	struct burn *v;
	struct buf b = {0};
	size_t nm = 0;
	long s, e, last;
	double scope = 0, max = 0;
	int rc = name ? store_sprint_find(p->store, name, &sp, err) :
			store_sprint_find(p->store, NULL, &sp, err);

	if (rc < 0)
		return fail(exit_status(rc), "%s", err);
	if (!rc)
		return name ? fail(EXIT_DATA, "no sprint '%s' (prio velocity "
				   "lists the closed ones)", name)
			    : fail(EXIT_DATA, "no open sprint: name one with "
				   "--sprint NAME");
	if ((rc = sprint_members(p, sp.id, &m, &nm, err)))
		return fail(exit_status(rc), "%s", err);
	s = day_of(sp.start, 0);
	e = day_of(sp.end, s);
	v = xcalloc(nm + 1, sizeof(*v));
	for (size_t i = 0; i < nm; i++) {
		struct table t;
		const char *done;

		if ((rc = item_load(p, m[i].item, &t, err))) {
			table_release(&t);
			free(v);
			free(m);
			return fail(exit_status(rc), "%s", err);
		}
		done = item_text(&t, "done_on");
		v[i].added = day_of(m[i].added, s);
		if (v[i].added < s)
			v[i].added = s;	/* planned before it started */
		/* Returned at the close: it stayed in until the end. */
		v[i].removed = !m[i].removed[0] ||
			!strcmp(m[i].outcome, "returned") ? LONG_MAX :
			day_of(m[i].removed, LONG_MAX);
		v[i].done = *done ? day_of(done, LONG_MAX) : LONG_MAX;
		v[i].points = isnan(m[i].points) ? 0 : m[i].points;
		table_release(&t);
	}
	scope = remaining_on(v, nm, s);
	last = sp.closed ? day_of(sp.closed_on, e) : today;
	if (last > e)
		last = e;
	for (long d = s; d <= e; d++)
		if (remaining_on(v, nm, d) > max)
			max = remaining_on(v, nm, d);
	if (scope > max)
		max = scope;
	buf_addf(&b, "burndown: sprint %s  %s .. %s  (%g points at the start)\n",
		 sp.name, sp.start, sp.end, scope);
	buf_addf(&b, "%-10s  %-*s %6s %6s\n", "DAY", WIDTH + 1 + (ch->utf8 ? 2 : 0),
		 ch->utf8 ? "REMAINING  (\u2502 ideal)" : "REMAINING  (| ideal)",
		 "POINTS", "IDEAL");
	for (long d = s; d <= e; d++) {
		double ideal = e > s ? scope * (double)(e - d) / (double)(e - s)
				     : 0;
		double rem = remaining_on(v, nm, d);
		char day[11];

		date_format(d, day);
		buf_addf(&b, "%s  ", day);
		if (d <= last) {
			chart_bar(&b, ch, rem, max, WIDTH, ideal,
				  rem <= ideal + 1e-9 ? "32" : "31");
			buf_addf(&b, " %6g %6.1f\n", rem, ideal);
		} else {
			chart_bar(&b, ch, 0, max, WIDTH, ideal, NULL);
			buf_addf(&b, " %6s %6.1f\n", "", ideal);
		}
	}
	if (last >= s) {
		double rem = remaining_on(v, nm, last);
		double ideal = e > s ? scope * (double)(e - last) /
			(double)(e - s) : 0;
		char day[11];

		date_format(last, day);
		buf_addf(&b, "\n%s: %g of %g points left, ideal %.1f: %s\n", day,
			 rem, scope, ideal, rem <= ideal + 1e-9 ?
			 "on or ahead of the ideal line" :
			 "behind the ideal line");
	} else {
		buf_addf(&b, "\nthe sprint has not started\n");
	}
	fputs(b.p, stdout);
	buf_release(&b);
	free(v);
	free(m);
	return EXIT_OK;
}

/* Remaining points of the backlog at the end of day d (epics excluded:
 * their stories carry the points). */
static double backlog_left(struct table *t, long d)
{
	int type = table_find(t, "type", 4), created = table_find(t, "created", 7);
	int done = table_find(t, "done_on", 7), est = table_find(t, "estimate", 8);
	const double *e = table_numbers(t, est);
	double sum = 0;

	for (size_t r = 0; r < t->nrows; r++) {
		char b[32], day[11];
		size_t len;
		const char *ty = table_text(t, type, r, b, &len);
		const char *c, *dn;
		long cd;

		if (isnan(e[r]) || (ty && len == 4 && !memcmp(ty, "epic", 4)))
			continue;
		c = table_text(t, created, r, b, &len);
		if (!c || len < 10)
			continue;
		snprintf(day, sizeof(day), "%.10s", c);
		if (date_parse(day, &cd) < 0 || cd > d)
			continue;
		dn = table_text(t, done, r, b, &len);
		if (dn && len == 10) {
			snprintf(day, sizeof(day), "%.10s", dn);
			if (day_of(day, LONG_MAX) <= d)
				continue;
		}
		sum += e[r];
	}
	return sum;
}

static void forecast_line(struct buf *b, const char *what, double left,
			  double speed, long start, long len)
{
	char from[11], to[11];
	long n;

	if (speed <= 0) {
		buf_addf(b, "  %-11s (%g/sprint): no forecast: the velocity is "
			 "not above 0\n", what, speed);
		return;
	}
	n = (long)ceil(left / speed - 1e-9);
	if (n < 1)
		n = left > 0 ? 1 : 0;
	if (!n) {
		buf_addf(b, "  %-11s nothing left\n", what);
		return;
	}
	date_format(start + (n - 1) * len, from);
	date_format(start + n * len - 1, to);
	buf_addf(b, "  %-11s (%.1f/sprint): %ld sprint%s: sprint %ld of the "
		 "forecast, %s .. %s\n", what, speed, n, n == 1 ? "" : "s", n,
		 from, to);
}

static int release_chart(struct prio *p, const struct chart *ch, long today,
			 char *err)
{
	struct velocity v;
	struct sprint open;
	struct table t;
	struct buf b = {0};
	double *left, max = 0, now;
	long start, len = 14;
	int rc, has_open;

	if ((rc = velocity_compute(p, &v, err)))
		return fail(exit_status(rc), "%s", err);
	if ((has_open = store_sprint_find(p->store, NULL, &open, err)) < 0) {
		velocity_release(&v);
		return fail(exit_status(has_open), "%s", err);
	}
	table_for_schema(&t, &p->schema);
	for (size_t c = 0; c < t.ncols; c++)
		t.cols[c].wanted = !strcmp(t.cols[c].name, "type") ||
			!strcmp(t.cols[c].name, "created") ||
			!strcmp(t.cols[c].name, "done_on") ||
			!strcmp(t.cols[c].name, "estimate");
	if ((rc = store_load(p->store, &t, 0, err))) {
		table_release(&t);
		velocity_release(&v);
		return fail(exit_status(rc), "%s", err);
	}
	left = xcalloc(v.nsprints + 1, sizeof(*left));
	for (size_t i = 0; i < v.nsprints; i++) {
		left[i] = backlog_left(&t, day_of(v.v[i].end, today));
		if (left[i] > max)
			max = left[i];
	}
	now = backlog_left(&t, LONG_MAX - 1);
	if (now > max)
		max = now;
	buf_addf(&b, "release burndown: points left at the end of each sprint\n");
	for (size_t i = 0; i < v.nsprints; i++) {
		buf_addf(&b, "%-12s %s  ", v.v[i].name, v.v[i].end);
		chart_bar(&b, ch, left[i], max, WIDTH, NAN, "33");
		buf_addf(&b, " %g\n", left[i]);
	}
	{
		char day[11];
		date_format(today, day);
		buf_addf(&b, "%-12s %s  ", "now", day);
		chart_bar(&b, ch, now, max, WIDTH, NAN, "33");
		buf_addf(&b, " %g\n", now);
	}
	if (v.nsprints) {
		const struct sprint *lastsp = &v.v[v.nsprints - 1];
		len = day_of(lastsp->end, 0) - day_of(lastsp->start, 0) + 1;
		start = day_of(lastsp->end, today) + 1;
	} else {
		start = today;
	}
	if (has_open) {
		start = day_of(open.start, start);
		if (!v.nsprints)
			len = day_of(open.end, 0) - day_of(open.start, 0) + 1;
	}
	if (!v.n) {
		buf_addf(&b, "\nno forecast: no closed sprint gives a velocity "
			 "yet\n");
	} else {
		char from[11];
		date_format(start, from);
		buf_addf(&b, "\nforecast: %g points left; velocity %.1f, spread "
			 "%.1f (last %zu sprint%s); %ld-day sprints from %s\n",
			 now, v.mean, v.sd, v.n, v.n == 1 ? "" : "s", len, from);
		forecast_line(&b, "optimistic", now, v.mean + v.sd, start, len);
		forecast_line(&b, "expected", now, v.mean, start, len);
		forecast_line(&b, "pessimistic", now, v.mean - v.sd, start, len);
	}
	fputs(b.p, stdout);
	buf_release(&b);
	free(left);
	table_release(&t);
	velocity_release(&v);
	return EXIT_OK;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sprint", required_argument, NULL, 's' },
		{ "release", no_argument, NULL, 'r' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *sprint = NULL;
	char err[PRIO_ERR_MAX];
	struct chart ch;
	long today;
	int o, rc, release = 0, ascii = 0;

	while ((o = cmd_getopt(&cmd_burndown, argc, argv, "hs:", longopts)) != -1) {
		if (o == 's')
			sprint = optarg;
		else if (o == 'r')
			release = 1;
		else if (o == 'a')
			ascii = 1;
		else
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
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	return release ? release_chart(p, &ch, today, err)
		       : sprint_chart(p, sprint, &ch, today, err);
}

const struct cmd cmd_burndown = {
	"burndown", run, "prio burndown [--sprint NAME] [--release] [--ascii]",
	"remaining points per day of a sprint, or per sprint with a forecast",
	"  --sprint NAME  that sprint (default: the open one)\n"
	"  --release      the backlog's points left (epics excluded) at the\n"
	"                 end of each closed sprint, and a forecast of the\n"
	"                 sprint in which the rest is done: at the average\n"
	"                 velocity, at average + spread (optimistic) and at\n"
	"                 average - spread (pessimistic)\n"
	"  --ascii        ASCII bars (also when the locale is not UTF-8)\n"
	"\n"
	"A day's remaining points: the points of the items in the sprint that\n"
	"day that were not yet done. Green: on or below the ideal line; red:\n"
	"above it (no colours with NO_COLOR or when not a terminal).\n"
	"PRIO_TODAY=YYYY-MM-DD stands in for today's date.\n",
};
