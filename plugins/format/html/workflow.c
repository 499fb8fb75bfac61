/*
 * workflow.c - the sprint's numbers, its burndown, the velocity of the
 * closed sprints and the release forecast, as inline SVG, from
 * host->workflow (prio/workflow.h; html.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html.h"

/* The product workflow: sprint, burndown, velocity, release forecast */

/* The last day of the burndown with a remaining value, or -1. */
static long last_day(const struct prio_workflow *w)
{
	long last = -1;

	for (size_t i = 0; i < w->nburndown; i++)
		if (!isnan(w->burndown[i].remaining))
			last = (long)i;
	return last;
}

/* A forecast's sprints as the charts count them: NaN for no forecast. */
static double fc_sprints(const struct prio_wf_forecast *c)
{
	return c->sprints < 0 ? NAN : (double)c->sprints;
}

/* Chart geometry shared by the three workflow charts. */
#define CW 560.0
#define CH 280.0
#define CL 48.0
#define CR 20.0
#define CT 18.0
#define CB 46.0

/* The y axis from 0 to at least hi: grid lines and tick labels. */
static double y_axis(struct obuf *b, double hi, const char *title)
{
	double step = nice_step(hi > 0 ? hi : 1, 5), top;

	top = fmax(ceil((hi > 0 ? hi : 1) / step - 1e-9) * step, step);
	for (double v = 0; v <= top + step / 2; v += step) {
		double y = CT + (CH - CT - CB) * (1 - v / top);
		ob_addf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" "
			"y1=\"%.1f\" y2=\"%.1f\"/><text class=\"tick\" "
			"x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			CL, CW - CR, y, y, CL - 6, y + 4, v);
	}
	ob_addf(b, "<text class=\"axis-title\" transform=\"translate(12 %.1f) "
		"rotate(-90)\" text-anchor=\"middle\">%s</text>\n",
		CT + (CH - CT - CB) / 2, title);
	ob_addf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		"y2=\"%.1f\"/>\n", CL, CW - CR, CH - CB, CH - CB);
	return top;
}

#define YV(v, top) (CT + (CH - CT - CB) * (1 - (v) / (top)))

/* "07-03" of "2026-07-03": short enough for an axis. */
static void short_date(struct obuf *b, const char *d)
{
	if (strlen(d) == 10)
		esc(b, d + 5, 5);
	else
		esc_s(b, d);
}

static void burndown_chart(struct obuf *b, const struct prio_workflow *w)
{
	const double pw = CW - CL - CR;
	const struct prio_wf_day *days = w->burndown;
	double hi = 0, top, step;
	size_t n = w->nburndown, every;
	long last_known = last_day(w);
	int late = 0;

	ob_adds(b, "<figure class=\"card\"><figcaption>Burndown: sprint ");
	esc_s(b, w->sprint);
	ob_adds(b, " <span class=\"state\">");
	ob_adds(b, w->closed ? "closed" : "open");
	if (!w->closed)
		ob_addf(b, ", day %ld of %ld", w->day, w->days);
	ob_adds(b, "</span></figcaption>\n");
	if (!n) {
		ob_adds(b, "<p class=\"note\">No days to chart.</p></figure>\n");
		return;
	}
	if (last_known < 0) {
		ob_adds(b, "<p class=\"verdict\">The sprint has not started: ");
		ob_addf(b, "%g points planned.</p>\n", days[0].ideal);
	} else {
		const struct prio_wf_day *d = &days[last_known];

		late = d->remaining > d->ideal + 1e-9;
		ob_addf(b, "<p class=\"verdict %s\"><b>%g</b> of %g points left "
			"on ", late ? "late" : "ok", d->remaining, days[0].ideal);
		esc_s(b, d->date);
		ob_addf(b, "; the ideal line is at %.1f: <b>%s</b></p>\n",
			d->ideal, late ? "behind" : "on or ahead of it");
	}
	for (size_t i = 0; i < n; i++) {
		hi = fmax(hi, days[i].ideal);
		if (!isnan(days[i].remaining))
			hi = fmax(hi, days[i].remaining);
	}
	ob_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-label=\"Burndown of sprint ", CW, CH);
	esc_s(b, w->sprint);
	ob_adds(b, ": points left per day against the ideal line\">\n");
	top = y_axis(b, hi, "points left");
	step = n > 1 ? pw / (double)(n - 1) : 0;
#define XD(i) (n > 1 ? CL + (double)(i) * step : CL + pw / 2)
	/* Dates: at most about eight, the first and the last always. */
	every = (n + 7) / 8;
	for (size_t i = 0; i < n; i++) {
		if (i % every && i != n - 1)
			continue;
		if (i != n - 1 && i + every > n - 1 && n - 1 - i < every / 2 + 1 &&
		    i)
			continue;	/* too close to the last label */
		ob_addf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">", XD(i), CH - CB + 16);
		short_date(b, days[i].date);
		ob_adds(b, "</text>\n");
	}
	ob_addf(b, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" "
		"text-anchor=\"middle\">day (", CL + pw / 2, CH - 6);
	esc_s(b, days[0].date);
	ob_adds(b, " to ");
	esc_s(b, days[n - 1].date);
	ob_adds(b, ")</text>\n");
	/* The ideal line */
	ob_adds(b, "<polyline class=\"ideal\" points=\"");
	for (size_t i = 0; i < n; i++)
		if (!isnan(days[i].ideal))
			ob_addf(b, "%.1f,%.1f ", XD(i), YV(days[i].ideal, top));
	ob_adds(b, "\"/>\n");
	if (last_known >= 0) {
		size_t last = (size_t)last_known;
		const struct prio_wf_day *d = &days[last];
		const char *cls = d->remaining > d->ideal + 1e-9 ? "late" : "ok";

		/* The area under what is left, then the line and the days. */
		ob_addf(b, "<polygon class=\"burn-area %s\" points=\"%.1f,%.1f ",
			cls, XD(0), YV(0, top));
		for (size_t i = 0; i <= last; i++)
			if (!isnan(days[i].remaining))
				ob_addf(b, "%.1f,%.1f ", XD(i),
					YV(days[i].remaining, top));
		ob_addf(b, "%.1f,%.1f\"/>\n", XD(last), YV(0, top));
		ob_addf(b, "<polyline class=\"burn %s\" points=\"", cls);
		for (size_t i = 0; i <= last; i++)
			if (!isnan(days[i].remaining))
				ob_addf(b, "%.1f,%.1f ", XD(i),
					YV(days[i].remaining, top));
		ob_adds(b, "\"/>\n");
		for (size_t i = 0; i <= last; i++) {
			const struct prio_wf_day *e = &days[i];

			if (isnan(e->remaining))
				continue;
			ob_addf(b, "<circle class=\"burn-dot %s\" cx=\"%.1f\" "
				"cy=\"%.1f\" r=\"3.5\"><title>", cls, XD(i),
				YV(e->remaining, top));
			esc_s(b, e->date);
			ob_addf(b, ": %g points left (ideal %.1f)</title>"
				"</circle>\n", e->remaining, e->ideal);
		}
		ob_addf(b, "<text class=\"burn-value %s\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"%s\">%g</text>\n", cls, XD(last) +
			(last + 1 < n ? 0 : -6), YV(d->remaining, top) - 9,
			last + 1 < n ? "middle" : "end", d->remaining);
		if (last + 1 < n) {
			/* Where "today" is, for the days still to come. */
			ob_addf(b, "<line class=\"today\" x1=\"%.1f\" x2=\"%.1f\" "
				"y1=\"%.1f\" y2=\"%.1f\"/><text class=\"tick\" "
				"x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">%s"
				"</text>\n", XD(last), XD(last), CT, CH - CB,
				XD(last) + 4, CT + 8,
				w->closed ? "closed" : "today");
		}
	}
#undef XD
	ob_addf(b, "</svg>\n<ul class=\"legend\"><li><span class=\"key-line "
		"burn-key %s\"></span>points left</li><li><span class=\"key-line "
		"ideal-key\"></span>ideal</li></ul>\n</figure>\n",
		late ? "late" : "ok");
}

/* At most this many sprints in the velocity and release charts. */
#define MAX_SPRINTS 12

static void velocity_chart(struct obuf *b, const struct prio_workflow *w)
{
	const double pw = CW - CL - CR;
	const double average = w->velocity_average;
	const double spread = isnan(w->velocity_spread) ? 0 : w->velocity_spread;
	size_t first = w->nsprints > MAX_SPRINTS ? w->nsprints - MAX_SPRINTS : 0;
	size_t n = w->nsprints - first, counted = w->velocity_count;
	double hi = 0, top, band;

	if (!w->nsprints)
		return;
	ob_adds(b, "<figure class=\"card\"><figcaption>Velocity: ");
	if (!isnan(average))
		ob_addf(b, "%.1f points per sprint <span class=\"state\">"
			"&#177; %.1f over the last %zu</span>", average, spread,
			counted);
	ob_adds(b, "</figcaption>\n");
	for (size_t k = first; k < w->nsprints; k++) {
		if (!isnan(w->sprints[k].committed))
			hi = fmax(hi, w->sprints[k].committed);
		if (!isnan(w->sprints[k].accepted))
			hi = fmax(hi, w->sprints[k].accepted);
	}
	if (!isnan(average))
		hi = fmax(hi, average + spread);
	ob_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-label=\"Points committed and accepted per closed sprint, "
		"with the average\">\n", CW, CH);
	top = y_axis(b, hi, "points");
	band = pw / (double)n;
	if (!isnan(average)) {
		double sd = spread;
		double y0 = YV(fmax(average - sd, 0), top);
		double y1 = YV(average + sd, top);

		ob_addf(b, "<rect class=\"spread\" x=\"%.1f\" y=\"%.1f\" "
			"width=\"%.1f\" height=\"%.1f\"><title>average &#177; "
			"spread: %.1f to %.1f</title></rect>\n", CL, y1, pw,
			y0 - y1, fmax(average - sd, 0), average + sd);
	}
	for (size_t k = first; k < w->nsprints; k++) {
		const struct prio_wf_sprint *sp = &w->sprints[k];
		double x = CL + (double)(k - first) * band, bw = band * 0.32;
		double c = isnan(sp->committed) ? 0 : sp->committed;
		double v = isnan(sp->accepted) ? 0 : sp->accepted;
		int in = k + counted >= w->nsprints;
		size_t chars = (size_t)(band / 7);

		ob_adds(b, "<g><title>");
		esc_s(b, sp->name);
		ob_addf(b, ": %g committed, %g accepted</title>\n", c, v);
		ob_addf(b, "<rect class=\"committed\" x=\"%.1f\" y=\"%.1f\" "
			"width=\"%.1f\" height=\"%.1f\" rx=\"2\"/>\n",
			x + band * 0.16, YV(c, top), bw, YV(0, top) - YV(c, top));
		ob_addf(b, "<rect class=\"accepted%s\" x=\"%.1f\" y=\"%.1f\" "
			"width=\"%.1f\" height=\"%.1f\" rx=\"2\"/>\n",
			in ? "" : " old", x + band * 0.52, YV(v, top), bw,
			YV(0, top) - YV(v, top));
		ob_addf(b, "<text class=\"bar-value\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">%g</text>\n", x + band * 0.52 +
			bw / 2, YV(v, top) - 5, v);
		ob_addf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">", x + band / 2, CH - CB + 16);
		esc_cut(b, sp->name, strlen(sp->name), chars < 4 ? 4 : chars);
		ob_adds(b, "</text></g>\n");
	}
	if (!isnan(average)) {
		ob_addf(b, "<line class=\"average\" x1=\"%.1f\" x2=\"%.1f\" "
			"y1=\"%.1f\" y2=\"%.1f\"/>\n", CL, CW - CR,
			YV(average, top), YV(average, top));
		ob_addf(b, "<text class=\"average-label\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"end\">average %.1f</text>\n", CW - CR - 2,
			YV(average, top) - 5, average);
	}
	ob_addf(b, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" "
		"text-anchor=\"middle\">closed sprint%s</text>\n",
		CL + pw / 2, CH - 6, first ? " (the last 12)" : "");
	ob_adds(b, "</svg>\n<ul class=\"legend\"><li><span class=\"swatch "
		"committed\"></span>committed</li><li><span class=\"swatch "
		"accepted\"></span>accepted (the velocity)</li><li><span "
		"class=\"key-line average-key\"></span>average &#177; spread"
		"</li></ul>\n</figure>\n");
}

/* The colour class of a forecast case, by its name. */
static const char *fc_class(const struct prio_wf_forecast *c)
{
	return !strcmp(c->name, "optimistic") ? "fc-opt" :
		!strcmp(c->name, "pessimistic") ? "fc-pes" : "fc-exp";
}

static void release_chart(struct obuf *b, const struct prio_workflow *w)
{
	const double pw = CW - CL - CR;
	size_t first = w->nsprints > 8 ? w->nsprints - 8 : 0;
	size_t past = w->nsprints - first, ahead = 0, slots, every;
	size_t nfc = w->nforecast > 3 ? 3 : w->nforecast;
	double hi = isnan(w->left) ? 0 : w->left, top, band, fut;
	const struct prio_wf_forecast *exp = NULL;

	if (isnan(w->left) || !nfc)
		return;
	for (size_t i = 0; i < nfc; i++) {
		if (w->forecast[i].sprints > (long)ahead)
			ahead = (size_t)w->forecast[i].sprints;
		if (!strcmp(w->forecast[i].name, "expected"))
			exp = &w->forecast[i];
	}
	/*
	 * Every sprint to come that a line needs, however many: past the
	 * first MAX_SPRINTS, the sprints to come share the room of that
	 * many, and only some of them are labelled.
	 */
	slots = past + 1 + (ahead < MAX_SPRINTS ? ahead : MAX_SPRINTS);
	for (size_t k = first; k < w->nsprints; k++)
		if (!isnan(w->sprints[k].left))
			hi = fmax(hi, w->sprints[k].left);
	ob_addf(b, "<figure class=\"card\"><figcaption>Release: %g points left",
		w->left);
	if (exp && exp->sprints > 0 && exp->to[0]) {
		ob_adds(b, " <span class=\"state\">expected done by ");
		esc_s(b, exp->to);
		ob_adds(b, "</span>");
	}
	ob_adds(b, "</figcaption>\n");
	ob_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-label=\"Points left in the backlog at the end of each "
		"sprint, and the forecast\">\n", CW, CH);
	top = y_axis(b, hi, "points left");
	band = pw / (double)slots;
	fut = ahead ? (pw - (double)(past + 1) * band) / (double)ahead : band;
	every = (size_t)ceil(7.0 * 4 / fut);	/* "+NN" and a gap apart */
	if (every < 1)
		every = 1;
	for (size_t k = 0; k <= past; k++) {
		int now = k == past;
		double v = now ? w->left : w->sprints[first + k].left;
		double x = CL + (double)k * band;

		if (isnan(v))
			v = 0;
		ob_adds(b, "<g><title>");
		if (now)
			ob_adds(b, "now");
		else
			esc_s(b, w->sprints[first + k].name);
		ob_addf(b, ": %g points left</title>\n", v);
		ob_addf(b, "<rect class=\"left%s\" x=\"%.1f\" y=\"%.1f\" "
			"width=\"%.1f\" height=\"%.1f\" rx=\"2\"/>\n",
			now ? " now" : "", x + band * 0.2, YV(v, top), band * 0.6,
			YV(0, top) - YV(v, top));
		ob_addf(b, "<text class=\"bar-value\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">%g</text>\n", x + band / 2,
			YV(v, top) - 5, v);
		ob_addf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">", x + band / 2, CH - CB + 16);
		if (now)
			ob_adds(b, "now");
		else
			esc_cut(b, w->sprints[first + k].name,
				strlen(w->sprints[first + k].name),
				band / 7 < 4 ? 4 : (size_t)(band / 7));
		ob_adds(b, "</text></g>\n");
	}
	for (size_t k = 1; k <= ahead; k++)
		if (k == ahead || (k % every == 0 && ahead - k >= every / 2 + 1))
			ob_addf(b, "<text class=\"tick\" x=\"%.1f\" "
				"y=\"%.1f\" text-anchor=\"middle\">+%zu</text>\n",
				CL + (double)(past + 1) * band +
				((double)k - 0.5) * fut, CH - CB + 16, k);
	/*
	 * The forecasts: from what is left now to 0, at each speed. The
	 * expected one first and solid, the range's dashed lines over it,
	 * so that a case ending on the same sprint still shows.
	 */
	for (size_t j = 0; j < 2 * nfc; j++) {
		const struct prio_wf_forecast *c = &w->forecast[j % nfc];
		double x0 = CL + (double)past * band + band / 2, x1;
		double sprints = fc_sprints(c);

		if (c->sprints < 1 ||
		    (j < nfc) != !strcmp(c->name, "expected"))
			continue;
		x1 = CL + (double)(past + 1) * band + (sprints - 0.5) * fut;
		ob_addf(b, "<g class=\"%s\"><title>", fc_class(c));
		esc_s(b, c->name);
		ob_addf(b, " (%.1f points per sprint): %g sprint%s, ", c->speed,
			sprints, c->sprints == 1 ? "" : "s");
		esc_s(b, c->from);
		ob_adds(b, " to ");
		esc_s(b, c->to);
		ob_addf(b, "</title><line class=\"forecast\" x1=\"%.1f\" "
			"x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/><circle cx=\"%.1f\" "
			"cy=\"%.1f\" r=\"3.5\"/></g>\n", x0, x1,
			YV(w->left, top), YV(0, top), x1, YV(0, top));
	}
	ob_addf(b, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" "
		"text-anchor=\"middle\">closed sprints, now, and sprints to come"
		"</text>\n", CL + pw / 2, CH - 6);
	ob_adds(b, "</svg>\n<ul class=\"legend forecast-list\">");
	for (size_t i = 0; i < nfc; i++) {
		const struct prio_wf_forecast *c = &w->forecast[i];

		ob_addf(b, "<li class=\"%s\"><span class=\"key-line\"></span><b>",
			fc_class(c));
		esc_s(b, c->name);
		ob_adds(b, "</b>&#160;");
		if (c->sprints < 0) {
			ob_addf(b, "(%.1f/sprint): no forecast</li>", c->speed);
			continue;
		}
		if (c->sprints < 1) {
			ob_adds(b, "nothing left</li>");
			continue;
		}
		ob_addf(b, "(%.1f/sprint): %g sprint%s, ", c->speed,
			fc_sprints(c), c->sprints == 1 ? "" : "s");
		esc_s(b, c->from);
		ob_adds(b, " to ");
		esc_s(b, c->to);
		ob_adds(b, "</li>");
	}
	ob_adds(b, "</ul>\n</figure>\n");
}

/* The sprint's numbers as the header's stats, then the three charts. */
void workflow_section(struct obuf *b, const struct prio_workflow *w)
{
	const struct {
		const char *name;
		double v;
	} stat[] = {
		{ "capacity", w->capacity }, { "committed", w->committed },
		{ "done", w->done }, { "accepted", w->accepted }
	};

	ob_adds(b, "<section class=\"workflow\">\n<h2>Sprint ");
	esc_s(b, w->sprint);
	ob_adds(b, " <span class=\"count\">");
	ob_adds(b, w->closed ? "closed" : "open");
	ob_adds(b, "</span></h2>\n<p class=\"hint\">");
	esc_s(b, w->start);
	ob_adds(b, " to ");
	esc_s(b, w->end);
	ob_adds(b, "</p>\n<ul class=\"stats\">");
	for (size_t k = 0; k < sizeof(stat) / sizeof(stat[0]); k++)
		if (!isnan(stat[k].v))
			ob_addf(b, "<li><b>%g</b><span>%s</span></li>", stat[k].v,
				stat[k].name);
	ob_addf(b, "<li><b>%g / %g</b><span>bugs opened / closed</span></li>",
		(double)w->bugs_opened, (double)w->bugs_closed);
	ob_adds(b, "</ul>\n<div class=\"charts\">\n");
	burndown_chart(b, w);
	velocity_chart(b, w);
	release_chart(b, w);
	ob_adds(b, "</div>\n</section>\n");
}
