/*
 * charts.c - what prio velocity and prio burndown print, as text with
 * bars or as JSON (charts.h), for the commands and the board: agile.c
 * computes, these lay it out.
 */
#include "charts.h"
#include "visible.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"

#define WIDTH 40

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

int charts_velocity(struct prio *p, long today, int json, int ascii,
		    struct buf *b, char *err)
{
	struct history h;
	int rc = history_compute(p, NULL, today, &h, err);

	if (!rc && json)
		velocity_json(b, &h);
	else if (!rc && !h.v.nsprints)
		buf_adds(b, "no closed sprint yet (prio sprint close)\n");
	else if (!rc)
		velocity_text(b, &h, ascii);
	history_release(&h);
	return rc;
}

int charts_burndown(struct prio *p, const char *name, long today, int json,
		    const struct chart *ch, struct buf *b, char *err)
{
	struct sprint_state s;
	int rc = sprint_state_load(p, name, 0, today, &s, err);

	if (rc > 0 && json)
		sprint_json(b, &s);
	else if (rc > 0)
		sprint_text(b, &s, ch);
	else if (!rc && name)
		rc = errf(err, PRIO_EINVAL, "no sprint '%s' (prio velocity "
			  "lists the closed ones)", name);
	else if (!rc)
		rc = errf(err, PRIO_EINVAL, "no open sprint: name one with "
			  "--sprint NAME");
	sprint_state_release(&s);
	return rc < 0 ? rc : 0;
}

int charts_release(struct prio *p, long today, int json,
		   const struct chart *ch, struct buf *b, char *err)
{
	struct history h;
	int rc = history_compute(p, NULL, today, &h, err);

	if (!rc && json)
		release_json(b, &h);
	else if (!rc)
		release_text(b, &h, ch);
	history_release(&h);
	return rc;
}
