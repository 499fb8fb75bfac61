/*
 * charts.c - the score bars, the value / effort quadrant and the class
 * legend, as inline SVG (html.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Charts */

/* A round step near range/ticks: 1, 2 or 5 times a power of ten. */
double nice_step(double range, int ticks)
{
	double raw = range / ticks, mag, f;

	if (!(raw > 0) || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

void score_chart(struct obuf *b, const struct page *p)
{
	const double W = 560, label = 210, val = 60, row = 26;
	size_t n = p->nranked < (size_t)p->h->top ? p->nranked
						   : (size_t)p->h->top;
	double lo = 0, hi = 0, x0, scale;

	ob_addf(b, "<figure class=\"card\"><figcaption>Top %zu score%s"
		"</figcaption>\n", n, n == 1 ? "" : "s");
	if (!n) {
		ob_adds(b, "<p class=\"note\">No item could be scored.</p>"
			"</figure>\n");
		return;
	}
	for (size_t k = 0; k < n; k++) {
		double s = p->sc[p->ranked[k]];
		lo = s < lo ? s : lo;
		hi = s > hi ? s : hi;
	}
	if (hi == lo)
		hi = lo + 1;
	scale = (W - label - val - 8) / (hi - lo);
	x0 = label + (0 - lo) * scale;
	ob_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-label=\"The %zu highest scores\">\n", W,
		(double)n * row + 8, n);
	ob_addf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"2\" "
		"y2=\"%.1f\"/>\n", x0, x0, (double)n * row + 6);
	for (size_t k = 0; k < n; k++) {
		size_t i = p->ranked[k], len;
		double s = p->sc[i], y = 4 + (double)k * row;
		double x1 = label + (s - lo) * scale;
		const char *t = text(p, p->title, i, &len);

		ob_adds(b, "<g><title>");
		item_name(b, p, i);
		if (t) {
			ob_adds(b, " \xe2\x80\x94 ");	/* an em dash */
			esc(b, t, len);
		}
		ob_addf(b, ": %.2f</title>\n", s);
		ob_addf(b, "<text class=\"bar-label\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"end\"><tspan class=\"bar-rank\">%zu</tspan> ",
			label - 8, y + 13, k + 1);
		item_name(b, p, i);
		if (t) {
			ob_adds(b, " <tspan class=\"bar-title\">");
			esc_cut(b, t, len, 16);
			ob_adds(b, "</tspan>");
		}
		ob_adds(b, "</text>\n");
		ob_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" "
			"rx=\"3\" fill=\"%s\"/>\n", x1 < x0 ? x1 : x0, y,
			fabs(x1 - x0) < 1 ? 1 : fabs(x1 - x0), colour(p, i));
		ob_addf(b, "<text class=\"bar-value\" x=\"%.1f\" y=\"%.1f\">%.2f"
			"</text></g>\n", (x1 > x0 ? x1 : x0) + 6, y + 13, s);
	}
	ob_adds(b, "</svg>\n</figure>\n");
}

struct point {
	double x, y;
	size_t k;		/* position in p->ranked */
};

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median of x (or of y) over the points, as value_effort takes it. */
static double median(const struct point *pt, size_t n, int y, double *tmp)
{
	for (size_t k = 0; k < n; k++)
		tmp[k] = y ? pt[k].y : pt[k].x;
	qsort(tmp, n, sizeof(*tmp), by_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static int by_xy(const void *a, const void *b)
{
	const struct point *u = a, *v = b;

	if (u->x != v->x)
		return u->x < v->x ? -1 : 1;
	if (u->y != v->y)
		return u->y < v->y ? -1 : 1;
	return u->k < v->k ? -1 : u->k > v->k;
}

#define MAX_POINTS 1000
#define MAX_LABELS 40

/* A dot of the quadrant: the points at one spot, and its label. */
struct group {
	size_t s, e;		/* its points: pt[s .. e) */
	size_t best;		/* the best rank among them */
	double cx, cy, r;
	int label;		/* 0: none; 1 right, 2 left, 3 above, 4 below */
	double lx, ly;
};

struct box {
	double x0, y0, x1, y1;
};

static int overlap(const struct box *a, const struct box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Characters (code points) of the dot's label, as item_name writes it. */
static size_t label_chars(const struct page *p, const struct group *d)
{
	size_t len, n = 0;
	const char *v = text(p, p->key, p->ranked[d->best], &len);
	char more[32];

	if (!v) {
		v = text(p, p->id, p->ranked[d->best], &len);
		n++;	/* the # */
	}
	for (size_t i = 0; v && i < len; i++)
		n += ((unsigned char)v[i] & 0xc0) != 0x80;
	if (d->e - d->s > 1)
		n += (size_t)snprintf(more, sizeof(more), " +%zu", d->e - d->s - 1);
	return n;
}

/*
 * Labels the best-ranked dots, each where it hides no other label and no
 * dot: right of the dot, else left, above, below; else it has none (its
 * tooltip still names it). The best ranks go first, so they win.
 */
static void place_labels(const struct page *p, struct group *g, size_t ng,
			 double x0, double x1, const struct box *fixed,
			 size_t nfixed)
{
	struct box placed[MAX_LABELS + 4];
	size_t nplaced = 0, *order = malloc((ng ? ng : 1) * sizeof(*order));

	for (size_t k = 0; k < nfixed && k < 4; k++)
		placed[nplaced++] = fixed[k];
	if (!order)
		return;	/* no labels: the chart still reads */
	for (size_t k = 0; k < ng; k++)
		order[k] = k;
	/* By rank: an insertion sort is enough for a thousand dots. */
	for (size_t k = 1; k < ng; k++) {
		size_t v = order[k], j = k;
		for (; j > 0 && g[order[j - 1]].best > g[v].best; j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
	for (size_t o = 0; o < ng && nplaced < MAX_LABELS + 4; o++) {
		struct group *d = &g[order[o]];
		double w = (double)label_chars(p, d) * 6.4 + 2, hgt = 13;

		for (int side = 1; side <= 4 && !d->label; side++) {
			struct box bx;
			double lx, ly;
			int ok = 1;

			switch (side) {
			case 1: lx = d->cx + d->r + 3; ly = d->cy + 4;
				bx.x0 = lx; bx.x1 = lx + w; break;
			case 2: lx = d->cx - d->r - 3; ly = d->cy + 4;
				bx.x0 = lx - w; bx.x1 = lx; break;
			case 3: lx = d->cx; ly = d->cy - d->r - 4;
				bx.x0 = lx - w / 2; bx.x1 = lx + w / 2; break;
			default: lx = d->cx; ly = d->cy + d->r + 12;
				bx.x0 = lx - w / 2; bx.x1 = lx + w / 2; break;
			}
			bx.y0 = ly - hgt + 3;
			bx.y1 = ly + 3;
			if (bx.x0 < x0 || bx.x1 > x1 || bx.y0 < 0)
				continue;
			for (size_t k = 0; k < nplaced && ok; k++)
				ok = !overlap(&bx, &placed[k]);
			for (size_t k = 0; k < ng && ok; k++) {
				struct box dot = { g[k].cx - g[k].r, g[k].cy - g[k].r,
						   g[k].cx + g[k].r, g[k].cy + g[k].r };
				ok = !overlap(&bx, &dot);
			}
			if (!ok)
				continue;
			d->label = side;
			d->lx = lx;
			d->ly = ly;
			placed[nplaced++] = bx;
		}
	}
	free(order);
}

int quadrant(struct obuf *b, const struct page *p)
{
	const struct html *h = p->h;
	const double W = 560, H = 440, L = 56, R = 24, T = 24, B = 52;
	const double pw = W - L - R, ph = H - T - B;
	int fx = fmt_find(html_host, p->items, h->x), fy = fmt_find(html_host, p->items,
								 h->y);
	const double *xs, *ys;
	double xlo = 0, xhi = 0, ylo = 0, yhi = 0, xstep, ystep, sx, sy;
	struct point *pt;
	struct group *g = NULL;
	size_t ng = 0;
	double *tmp;
	size_t npt = 0, cut = 0;

	ob_adds(b, "<figure class=\"card\"><figcaption>");
	esc_s(b, h->y);
	ob_adds(b, " / ");
	esc_s(b, h->x);
	ob_adds(b, "</figcaption>\n");
	if (fx < 0 || fy < 0 ||
	    html_host->field_type(p->items, fx) != PRIO_TYPE_NUMBER ||
	    html_host->field_type(p->items, fy) != PRIO_TYPE_NUMBER) {
		ob_adds(b, "<p class=\"note\">No quadrant chart: the items have "
			"no number field <code>");
		esc_s(b, fx < 0 || html_host->field_type(p->items, fx) !=
		      PRIO_TYPE_NUMBER ? h->x : h->y);
		ob_adds(b, "</code>. Choose the axes with <code>x =</code> and "
			"<code>y =</code> in the format&#39;s section.</p>"
			"</figure>\n");
		return 0;
	}
	xs = html_host->numbers(p->items, fx);
	ys = html_host->numbers(p->items, fy);
	pt = malloc((p->nranked ? p->nranked : 1) * sizeof(*pt));
	tmp = malloc((p->nranked ? p->nranked : 1) * sizeof(*tmp));
	if (!pt || !tmp) {
		free(pt);
		free(tmp);
		return PRIO_ENOMEM;
	}
	for (size_t k = 0; k < p->nranked; k++) {
		size_t i = p->ranked[k];
		if (!xs || !ys || isnan(xs[i]) || isnan(ys[i]))
			continue;
		if (npt == MAX_POINTS) {
			cut++;
			continue;
		}
		pt[npt].x = xs[i];
		pt[npt].y = ys[i];
		pt[npt++].k = k;
	}
	if (!npt) {
		ob_adds(b, "<p class=\"note\">No quadrant chart: no ranked item "
			"has both <code>");
		esc_s(b, h->x);
		ob_adds(b, "</code> and <code>");
		esc_s(b, h->y);
		ob_adds(b, "</code>.</p></figure>\n");
		free(pt);
		free(tmp);
		return 0;
	}
	for (size_t k = 0; k < npt; k++) {
		xlo = fmin(xlo, pt[k].x);
		xhi = fmax(xhi, pt[k].x);
		ylo = fmin(ylo, pt[k].y);
		yhi = fmax(yhi, pt[k].y);
	}
	xstep = nice_step(xhi - xlo, 5);
	ystep = nice_step(yhi - ylo, 5);
	xlo = floor(xlo / xstep) * xstep;
	ylo = floor(ylo / ystep) * ystep;
	xhi = fmax(ceil(xhi / xstep) * xstep, xlo + xstep);
	yhi = fmax(ceil(yhi / ystep) * ystep, ylo + ystep);
#define PX(v) (L + ((v) - xlo) / (xhi - xlo) * pw)
#define PY(v) (T + ph - ((v) - ylo) / (yhi - ylo) * ph)
	sx = h->midpoint ? L + pw / 2 : PX(median(pt, npt, 0, tmp));
	sy = h->midpoint ? T + ph / 2 : PY(median(pt, npt, 1, tmp));
	ob_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-label=\"", W, H);
	esc_s(b, h->y);
	ob_adds(b, " against ");
	esc_s(b, h->x);
	ob_adds(b, " of the ranked items\">\n");
	/* Quadrants: the best (high y, low x) and the worst tinted. */
	ob_addf(b, "<rect class=\"q-good\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		"height=\"%.1f\"/>\n", L, T, sx - L, sy - T);
	ob_addf(b, "<rect class=\"q-bad\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		"height=\"%.1f\"/>\n", sx, sy, L + pw - sx, T + ph - sy);
	for (double v = xlo; v <= xhi + xstep / 2; v += xstep)
		ob_addf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" "
			"y1=\"%.1f\" y2=\"%.1f\"/><text class=\"tick\" "
			"x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
			PX(v), PX(v), T, T + ph, PX(v), T + ph + 16,
			fabs(v) < xstep / 1e6 ? 0 : v);
	for (double v = ylo; v <= yhi + ystep / 2; v += ystep)
		ob_addf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" "
			"y1=\"%.1f\" y2=\"%.1f\"/><text class=\"tick\" "
			"x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			L, L + pw, PY(v), PY(v), L - 8, PY(v) + 4,
			fabs(v) < ystep / 1e6 ? 0 : v);
	ob_addf(b, "<line class=\"mid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		"y2=\"%.1f\"/>\n", sx, sx, T, T + ph);
	ob_addf(b, "<line class=\"mid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		"y2=\"%.1f\"/>\n", L, L + pw, sy, sy);
	ob_addf(b, "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\">Quick wins"
		"</text>\n", L + 8, T + 16);
	ob_addf(b, "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\" "
		"text-anchor=\"end\">Big bets</text>\n", L + pw - 8, T + 16);
	ob_addf(b, "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\">Fill-ins"
		"</text>\n", L + 8, T + ph - 8);
	ob_addf(b, "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\" "
		"text-anchor=\"end\">Time sinks</text>\n", L + pw - 8,
		T + ph - 8);
	ob_addf(b, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" "
		"text-anchor=\"middle\">", L + pw / 2, H - 10);
	esc_s(b, h->x);
	ob_addf(b, " \xe2\x86\x92</text>\n<text class=\"axis-title\" "
		"transform=\"translate(14 %.1f) rotate(-90)\" "
		"text-anchor=\"middle\">", T + ph / 2);
	esc_s(b, h->y);
	ob_adds(b, " \xe2\x86\x92</text>\n");

	/* Items at the same spot are one dot, bigger, with all their names. */
	if (npt)
		qsort(pt, npt, sizeof(*pt), by_xy);
	if (!(g = malloc(npt * sizeof(*g)))) {
		free(pt);
		free(tmp);
		return PRIO_ENOMEM;
	}
	for (size_t s = 0, e; s < npt; s = e) {
		struct group *d = &g[ng++];

		d->s = s;
		d->best = pt[s].k;
		for (e = s; e < npt && pt[e].x == pt[s].x && pt[e].y == pt[s].y;
		     e++)
			d->best = pt[e].k < d->best ? pt[e].k : d->best;
		d->e = e;
		d->cx = PX(pt[s].x);
		d->cy = PY(pt[s].y);
		d->r = fmin(5 + 2 * sqrt((double)(e - s - 1)), 14);
		d->label = 0;
	}
	{
		/* The quadrants' names (uppercase, spaced: ~7.5 px a letter). */
		const struct box names[4] = {
			{ L + 8, T + 4, L + 8 + 80, T + 20 },
			{ L + pw - 8 - 64, T + 4, L + pw - 8, T + 20 },
			{ L + 8, T + ph - 20, L + 8 + 64, T + ph - 4 },
			{ L + pw - 8 - 80, T + ph - 20, L + pw - 8, T + ph - 4 },
		};
		place_labels(p, g, ng, 0, W, names, 4);
	}
	for (size_t k = 0; k < ng; k++) {
		const struct group *d = &g[k];

		ob_adds(b, "<g class=\"dot\"><title>");
		for (size_t j = d->s; j < d->e && j < d->s + 12; j++) {
			size_t i = p->ranked[pt[j].k], len;
			const char *t = text(p, p->title, i, &len);

			if (j > d->s)
				ob_addc(b, '\n');
			ob_addf(b, "%zu. ", pt[j].k + 1);
			item_name(b, p, i);
			if (t) {
				ob_addc(b, ' ');
				esc(b, t, len);
			}
		}
		if (d->e - d->s > 12)
			ob_addf(b, "\nand %zu more", d->e - d->s - 12);
		ob_addc(b, '\n');
		esc_s(b, h->x);
		ob_addf(b, " %g, ", pt[d->s].x);
		esc_s(b, h->y);
		ob_addf(b, " %g</title><circle cx=\"%.1f\" cy=\"%.1f\" "
			"r=\"%.1f\" fill=\"%s\"/></g>\n", pt[d->s].y, d->cx,
			d->cy, d->r, colour(p, p->ranked[d->best]));
	}
	/* Labels last, over the dots. */
	for (size_t k = 0; k < ng; k++) {
		const struct group *d = &g[k];
		static const char *const anchor[] = {
			"", "", " text-anchor=\"end\"", " text-anchor=\"middle\"",
			" text-anchor=\"middle\""
		};

		if (!d->label)
			continue;
		ob_addf(b, "<text class=\"dot-label\" x=\"%.1f\" y=\"%.1f\"%s>",
			d->lx, d->ly, anchor[d->label]);
		item_name(b, p, p->ranked[d->best]);
		if (d->e - d->s > 1)
			ob_addf(b, " +%zu", d->e - d->s - 1);
		ob_adds(b, "</text>\n");
	}
	free(g);
#undef PX
#undef PY
	ob_adds(b, "</svg>\n");
	if (cut)
		ob_addf(b, "<p class=\"note\">The top %d items are shown; %zu "
			"more are not.</p>\n", MAX_POINTS, cut);
	ob_adds(b, "</figure>\n");
	free(pt);
	free(tmp);
	return 0;
}

void legend(struct obuf *b, const struct page *p)
{
	if (!p->nclasses)
		return;
	ob_adds(b, "<ul class=\"legend\" aria-label=\"Classes\">");
	for (size_t k = 0; k < p->nclasses; k++) {
		ob_addf(b, "<li><span class=\"swatch\" style=\"background:%s\">"
			"</span>", p->colours[k]);
		esc_s(b, p->classes[k]);
		ob_adds(b, "</li>");
	}
	ob_adds(b, "</ul>\n");
}
