/*
 * html.c - the ranked backlog as one self-contained HTML page: no external
 * file, font or script, so it opens offline, mails as an attachment and
 * prints as it shows.
 *
 * The page has: a summary; when the workspace has sprints (host->workflow:
 * see prio/workflow.h), the sprint's numbers, its burndown against the ideal
 * line, the velocity per closed sprint with its average, and the
 * release forecast (inline SVG); a bar chart of the top scores and a
 * value / effort quadrant (inline SVG); the ranked items as a table that
 * sorts by any column on a click (inline script, numbers as numbers,
 * text in natural order, empty cells last); the items that could not be
 * scored, with the reason; and the method with its settings. Everything
 * that comes from the backlog is escaped (& < > " ').
 *
 * Keys of [format.html] (or any [format.NAME] with plugin = html):
 *   x = effort, y = value   the quadrant's axes (the chart is left out,
 *                           with a note, when the items lack them)
 *   split = median          where the quadrant splits: at the medians of
 *                           the ranked items (as the value_effort method
 *                           does by default), or at the axes' midpoint
 *   top = 15                bars in the score chart (1 to 100)
 *   fields = a, b           the table's extra columns (default: every
 *                           number field that some item has)
 *   title = Shop backlog    the page's heading
 * Export only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>
#include <prio/workflow.h>

#include "fmt_out.h"

PRIO_HOST_INIT

struct html {
	char *x, *y, *title;
	int midpoint;		/* split the quadrant halfway, not at medians */
	long top;
	struct fmt_fields fields;
};

static void release(void *state)
{
	struct html *h = state;

	if (!h)
		return;
	free(h->x);
	free(h->y);
	free(h->title);
	fmt_fields_release(&h->fields);
	free(h);
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	struct html *h = calloc(1, sizeof(*h));
	const char *x = host->get(sec, "x", NULL);
	const char *y = host->get(sec, "y", NULL);
	const char *top = host->get(sec, "top", NULL);
	const char *title = host->get(sec, "title", NULL);
	const char *split = host->get(sec, "split", NULL);
	int rc = PRIO_ENOMEM;

	if (!h)
		return PRIO_ENOMEM;
	h->top = 15;
	if (top) {
		char *end;
		h->top = strtol(top, &end, 10);
		if (end == top || *end || h->top < 1 || h->top > 100) {
			rc = host->bad_value(sec, "top", err,
					     "expected a whole number from 1 to 100");
			goto fail;
		}
	}
	if (split && strcmp(split, "median") && strcmp(split, "midpoint")) {
		rc = host->bad_value(sec, "split", err,
				     "expected median or midpoint");
		goto fail;
	}
	h->midpoint = split && !strcmp(split, "midpoint");
	if (!(h->x = strdup(x && *x ? x : "effort")) ||
	    !(h->y = strdup(y && *y ? y : "value")) ||
	    (title && !(h->title = strdup(title))))
		goto fail;
	if ((rc = fmt_fields_read(host, sec, &h->fields)))
		goto fail;
	*state = h;
	return 0;
fail:
	release(h);
	return rc;
}

/* Escaping */

/* Text for HTML content or a quoted attribute: & < > " ' escaped. */
static void esc(struct obuf *b, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\n': case '\t': run++; continue;
		default:
			if (c >= 0x20 && c != 0x7f) {
				run++;
				continue;
			}
			rep = " ";	/* other controls are not HTML text */
		}
		ob_add(b, s + i - run, run);
		ob_adds(b, rep);
		run = 0;
	}
	ob_add(b, s + len - run, run);
}

static void esc_s(struct obuf *b, const char *s)
{
	esc(b, s, strlen(s));
}

/* At most max characters (code points) of s, with "…" when cut. */
static void esc_cut(struct obuf *b, const char *s, size_t len, size_t max)
{
	size_t i = 0, n = 0;

	while (i < len) {
		size_t j = i + 1;
		while (j < len && ((unsigned char)s[j] & 0xc0) == 0x80)
			j++;
		if (++n > max - 1 && j < len) {
			/* cut: room for the ellipsis */
			esc(b, s, i);
			ob_adds(b, "\xe2\x80\xa6");
			return;
		}
		i = j;
	}
	esc(b, s, len);
}

/* The set */

/* Handles of the columns the page shows, and what it knows of each item. */
struct page {
	const struct html *h;
	const struct prio_items *items;
	size_t n;
	int rank, score, klass, unscored, id, key, title, type, status, labels;
	const double *sc;	/* scores, NaN when unscored */
	size_t *ranked;		/* items with a score, best first */
	size_t nranked;
	int *extra;		/* the table's extra columns */
	size_t nextra;
	/* classes in order of first appearance, and their colours */
	char **classes;
	const char **colours;
	size_t nclasses;
};

/* Classes beyond these many share the accent colour and have no legend. */
#define MAX_CLASSES 16

static const char *const palette[] = {
	"#2563eb", "#059669", "#d97706", "#dc2626", "#7c3aed", "#0891b2",
	"#db2777", "#65a30d"
};
#define ACCENT "#2563eb"
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

/* The classes of the built-in methods, in colours that say what they mean. */
static const struct {
	const char *name, *colour;
} known_classes[] = {
	{ "quick-win", "#059669" }, { "big-bet", "#2563eb" },
	{ "fill-in", "#d97706" }, { "time-sink", "#dc2626" },
	{ "must", "#dc2626" }, { "should", "#d97706" },
	{ "could", "#2563eb" }, { "wont", "#7b8794" },
};

static const char *class_colour(const char *name, size_t k)
{
	for (size_t i = 0; i < sizeof(known_classes) / sizeof(known_classes[0]);
	     i++)
		if (!strcmp(known_classes[i].name, name))
			return known_classes[i].colour;
	return palette[k % NPALETTE];
}

static const char *text(const struct page *p, int f, size_t i, size_t *len)
{
	const char *v = f >= 0 ? host->text(p->items, f, i, len) : NULL;

	if (v && !*len)
		v = NULL;
	if (!v)
		*len = 0;
	return v;
}

static int is_unscored(const struct page *p, size_t i)
{
	size_t len;

	return text(p, p->unscored, i, &len) || !p->sc || isnan(p->sc[i]);
}

/* The colour of item i: its class's, or the accent. */
static const char *colour(const struct page *p, size_t i)
{
	size_t len;
	const char *c = text(p, p->klass, i, &len);

	if (!c)
		return ACCENT;
	for (size_t k = 0; k < p->nclasses; k++)
		if (strlen(p->classes[k]) == len && !memcmp(p->classes[k], c, len))
			return p->colours[k];
	return ACCENT;
}

static int page_init(struct page *p, const struct html *h,
		     const struct prio_items *items, char *err)
{
	static const char *const shown[] = {
		"rank", "score", "class", "unscored", "id", "key", "title",
		"type", "status", "labels", "parent"
	};
	int nf = host->field_count(items);

	memset(p, 0, sizeof(*p));
	p->h = h;
	p->items = items;
	p->n = host->count(items);
	p->rank = fmt_find(host, items, "rank");
	p->score = fmt_find(host, items, "score");
	p->klass = fmt_find(host, items, "class");
	p->unscored = fmt_find(host, items, "unscored");
	p->id = fmt_find(host, items, "id");
	p->key = fmt_find(host, items, "key");
	p->title = fmt_find(host, items, "title");
	p->type = fmt_find(host, items, "type");
	p->status = fmt_find(host, items, "status");
	p->labels = fmt_find(host, items, "labels");
	p->sc = p->score >= 0 ? host->numbers(items, p->score) : NULL;
	p->ranked = malloc((p->n ? p->n : 1) * sizeof(*p->ranked));
	p->extra = malloc(((size_t)nf + h->fields.n + 1) * sizeof(*p->extra));
	p->classes = calloc(MAX_CLASSES, sizeof(*p->classes));
	p->colours = calloc(MAX_CLASSES, sizeof(*p->colours));
	if (!p->ranked || !p->extra || !p->classes || !p->colours)
		return PRIO_ENOMEM;
	for (size_t i = 0; i < p->n; i++) {
		size_t len;
		const char *c;

		if (is_unscored(p, i))
			continue;
		p->ranked[p->nranked++] = i;
		c = text(p, p->klass, i, &len);
		if (!c || p->nclasses == MAX_CLASSES)
			continue;
		for (size_t k = 0; k < p->nclasses && c; k++)
			if (strlen(p->classes[k]) == len &&
			    !memcmp(p->classes[k], c, len))
				c = NULL;
		if (!c)
			continue;
		if (!(p->classes[p->nclasses] = strndup(c, len)))
			return PRIO_ENOMEM;
		p->colours[p->nclasses] = class_colour(p->classes[p->nclasses],
						       p->nclasses);
		p->nclasses++;
	}
	if (h->fields.set) {
		for (size_t k = 0; k < h->fields.n; k++) {
			int f = fmt_fields_find(host, items, &h->fields, k, err);
			if (f < 0)
				return f;
			p->extra[p->nextra++] = f;
		}
		return 0;
	}
	/* By default, the number fields some item has: the method's inputs. */
	for (int f = 0; f < nf; f++) {
		const char *name = host->field_name(items, f);
		const double *num;
		int skip = host->field_type(items, f) != PRIO_TYPE_NUMBER;

		for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++)
			skip |= !strcmp(name, shown[k]);
		if (skip || !(num = host->numbers(items, f)))
			continue;
		for (size_t i = 0; i < p->n; i++)
			if (!isnan(num[i])) {
				p->extra[p->nextra++] = f;
				break;
			}
	}
	return 0;
}

static void page_release(struct page *p)
{
	for (size_t k = 0; k < p->nclasses; k++)
		free(p->classes[k]);
	free(p->classes);
	free(p->colours);
	free(p->ranked);
	free(p->extra);
}

/* The key of item i, or "#id". */
static void item_name(struct obuf *b, const struct page *p, size_t i)
{
	size_t len;
	const char *v = text(p, p->key, i, &len);

	if (v) {
		esc(b, v, len);
	} else if ((v = text(p, p->id, i, &len))) {
		ob_addc(b, '#');
		esc(b, v, len);
	}
}

/* Charts */

/* A round step near range/ticks: 1, 2 or 5 times a power of ten. */
static double nice_step(double range, int ticks)
{
	double raw = range / ticks, mag, f;

	if (!(raw > 0) || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void score_chart(struct obuf *b, const struct page *p)
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

static int quadrant(struct obuf *b, const struct page *p)
{
	const struct html *h = p->h;
	const double W = 560, H = 440, L = 56, R = 24, T = 24, B = 52;
	const double pw = W - L - R, ph = H - T - B;
	int fx = fmt_find(host, p->items, h->x), fy = fmt_find(host, p->items,
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
	    host->field_type(p->items, fx) != PRIO_TYPE_NUMBER ||
	    host->field_type(p->items, fy) != PRIO_TYPE_NUMBER) {
		ob_adds(b, "<p class=\"note\">No quadrant chart: the items have "
			"no number field <code>");
		esc_s(b, fx < 0 || host->field_type(p->items, fx) !=
		      PRIO_TYPE_NUMBER ? h->x : h->y);
		ob_adds(b, "</code>. Choose the axes with <code>x =</code> and "
			"<code>y =</code> in the format&#39;s section.</p>"
			"</figure>\n");
		return 0;
	}
	xs = host->numbers(p->items, fx);
	ys = host->numbers(p->items, fy);
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

static void legend(struct obuf *b, const struct page *p)
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

/* Tables */

static void badge(struct obuf *b, const char *cls, const char *v, size_t len)
{
	ob_addf(b, "<span class=\"%s\">", cls);
	esc(b, v, len);
	ob_adds(b, "</span>");
}

/*
 * A header cell that sorts its column. Field names read better with
 * spaces for underscores (and may then wrap); the name is in the tooltip.
 */
static void th(struct obuf *b, const char *label, int number, int sorted)
{
	ob_addf(b, "<th scope=\"col\"%s%s", number ?
		" class=\"num\" data-type=\"number\"" : "",
		sorted ? " aria-sort=\"ascending\"" : "");
	if (strchr(label, '_')) {
		ob_adds(b, " title=\"");
		esc_s(b, label);
		ob_adds(b, "\"");
	}
	ob_adds(b, "><button type=\"button\">");
	for (const char *s = label; *s; s++) {
		size_t run = strcspn(s, "_");
		esc(b, s, run);
		s += run;
		if (!*s)
			break;
		ob_addc(b, ' ');
	}
	ob_adds(b, "<span class=\"ind\" aria-hidden=\"true\"></span></button>"
		"</th>");
}

static void ranked_table(struct obuf *b, const struct page *p)
{
	size_t len;
	int show_type = 0, show_status = 0, show_class = p->nclasses > 0;

	for (size_t k = 0; k < p->nranked; k++) {
		show_type |= text(p, p->type, p->ranked[k], &len) != NULL;
		show_status |= text(p, p->status, p->ranked[k], &len) != NULL;
	}
	ob_addf(b, "<section>\n<h2>Ranked backlog <span class=\"count\">%zu"
		"</span></h2>\n", p->nranked);
	if (!p->nranked) {
		ob_adds(b, "<p class=\"note\">No item could be ranked.</p>\n"
			"</section>\n");
		return;
	}
	ob_adds(b, "<p class=\"hint\">Click a column&#39;s heading to sort "
		"by it; click again to reverse.</p>\n"
		"<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>");
	th(b, "Rank", 1, 1);
	th(b, "Key", 0, 0);
	th(b, "Title", 0, 0);
	if (show_type)
		th(b, "Type", 0, 0);
	if (show_status)
		th(b, "Status", 0, 0);
	th(b, "Score", 1, 0);
	if (show_class)
		th(b, "Class", 0, 0);
	for (size_t k = 0; k < p->nextra; k++) {
		/* The column the section maps to it, if any. */
		const char *name = host->column_name(p->items, p->extra[k]);
		th(b, name ? name : host->field_name(p->items, p->extra[k]),
		   host->field_type(p->items, p->extra[k]) == PRIO_TYPE_NUMBER,
		   0);
	}
	ob_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < p->nranked && !b->rc; k++) {
		size_t i = p->ranked[k];
		const char *v;

		ob_addf(b, "<tr><td class=\"num rank\">%zu</td><td class=\"key\">",
			k + 1);
		item_name(b, p, i);
		ob_adds(b, "</td><td class=\"title\"");
		if ((v = text(p, p->title, i, &len))) {
			ob_adds(b, " data-v=\"");
			esc(b, v, len);
			ob_adds(b, "\">");
			esc(b, v, len);
		} else {
			ob_adds(b, ">");
		}
		if ((v = text(p, p->labels, i, &len))) {
			const char *end = v + len;
			ob_adds(b, " <span class=\"labels\">");
			while (v < end) {
				const char *comma = memchr(v, ',', (size_t)(end - v));
				const char *s = v;
				size_t l = (size_t)((comma ? comma : end) - v);

				fmt_trim(&s, &l);
				if (l)
					badge(b, "label", s, l);
				v = comma ? comma + 1 : end;
			}
			ob_adds(b, "</span>");
		}
		ob_adds(b, "</td>");
		if (show_type) {
			ob_adds(b, "<td>");
			if ((v = text(p, p->type, i, &len)))
				esc(b, v, len);
			ob_adds(b, "</td>");
		}
		if (show_status) {
			ob_adds(b, "<td>");
			if ((v = text(p, p->status, i, &len)))
				badge(b, "status", v, len);
			ob_adds(b, "</td>");
		}
		ob_addf(b, "<td class=\"num score\" data-v=\"%.17g\">%.2f</td>",
			p->sc[i], p->sc[i]);
		if (show_class) {
			ob_adds(b, "<td>");
			if ((v = text(p, p->klass, i, &len))) {
				const char *c = colour(p, i);
				ob_addf(b, "<span class=\"class\" style=\"color:%s;"
					"border-color:%s\">", c, c);
				esc(b, v, len);
				ob_adds(b, "</span>");
			}
			ob_adds(b, "</td>");
		}
		for (size_t x = 0; x < p->nextra; x++) {
			int f = p->extra[x];
			int num = host->field_type(p->items, f) == PRIO_TYPE_NUMBER;

			ob_adds(b, num ? "<td class=\"num\">" : "<td>");
			if ((v = text(p, f, i, &len)))
				esc(b, v, len);
			ob_adds(b, "</td>");
		}
		ob_adds(b, "</tr>\n");
		ob_spill(b);
	}
	ob_adds(b, "</tbody>\n</table></div>\n</section>\n");
}

static void unscored_table(struct obuf *b, const struct page *p)
{
	size_t nun = p->n - p->nranked;

	if (!nun)
		return;
	ob_addf(b, "<section>\n<h2>Not scored <span class=\"count\">%zu</span>"
		"</h2>\n<p class=\"hint\">The method could not score these "
		"items; they are not ranked (not ranked last either) until "
		"what is missing is filled in.</p>\n<div class=\"scroll\">"
		"<table class=\"sortable\">\n<thead><tr>", nun);
	th(b, "Key", 0, 0);
	th(b, "Title", 0, 0);
	th(b, "Why", 0, 0);
	ob_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->n && !b->rc; i++) {
		size_t len;
		const char *v;

		if (!is_unscored(p, i))
			continue;
		ob_adds(b, "<tr><td class=\"key\">");
		item_name(b, p, i);
		ob_adds(b, "</td><td class=\"title\">");
		if ((v = text(p, p->title, i, &len)))
			esc(b, v, len);
		ob_adds(b, "</td><td class=\"why\">");
		if ((v = text(p, p->unscored, i, &len)))
			esc(b, v, len);
		else
			ob_adds(b, "no score");
		ob_adds(b, "</td></tr>\n");
		ob_spill(b);
	}
	ob_adds(b, "</tbody>\n</table></div>\n</section>\n");
}

static void method_section(struct obuf *b, const struct page *p)
{
	const char *method = host->describe(p->items, "method");
	const char *plugin = host->describe(p->items, "method.plugin");
	const char *conf = host->describe(p->items, "method.config");
	const char *when = host->describe(p->items, "generated");

	ob_adds(b, "<section class=\"method\">\n<h2>How this was ranked</h2>\n"
		"<dl>");
	if (method) {
		ob_adds(b, "<dt>Method</dt><dd><code>");
		esc_s(b, method);
		ob_adds(b, "</code>");
		if (plugin && strcmp(plugin, method)) {
			ob_adds(b, " (plugin <code>");
			esc_s(b, plugin);
			ob_adds(b, "</code>)");
		}
		ob_adds(b, "</dd>");
	}
	if (when) {
		ob_adds(b, "<dt>Generated</dt><dd><time datetime=\"");
		esc_s(b, when);
		ob_adds(b, "\">");
		esc_s(b, when);
		ob_adds(b, "</time></dd>");
	}
	{
		/* The whole backlog's numbers, when the page shows its top. */
		const char *tot = host->describe(p->items, "total");
		const char *totr = host->describe(p->items, "total.ranked");
		size_t all = tot ? strtoul(tot, NULL, 10) : p->n;
		size_t allr = totr ? strtoul(totr, NULL, 10) : p->nranked;

		ob_addf(b, "<dt>Items</dt><dd>%zu ranked, %zu not scored",
			allr, all - allr);
		if (all > p->n)
			ob_addf(b, " (the first %zu shown)", p->n);
		ob_adds(b, "</dd></dl>\n");
	}
	if (!method && !conf) {
		ob_adds(b, "</section>\n");
		return;
	}
	ob_adds(b, "<h3>Settings</h3>\n");
	if (conf && *conf) {
		ob_adds(b, "<pre class=\"config\">[method.");
		esc_s(b, method ? method : "?");
		ob_adds(b, "]\n");
		esc_s(b, conf);
		ob_adds(b, "</pre>\n");
	} else {
		ob_adds(b, "<p class=\"note\">None: the method&#39;s defaults."
			"</p>\n");
	}
	ob_adds(b, "</section>\n");
}

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
static void workflow_section(struct obuf *b, const struct prio_workflow *w)
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

/* The page's style and script: fixed text, no data in them. */
static const char style[] =
	"<style>\n"
	":root{--ink:#1f2933;--muted:#5f6b7a;--line:#e3e8ee;--soft:#f6f8fa;"
	"--accent:" ACCENT ";}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%}\n"
	"body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 "
	"system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\","
	"Arial,sans-serif;font-variant-numeric:tabular-nums}\n"
	"header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}\n"
	"header{padding-top:32px;padding-bottom:8px}\n"
	"h1{font-size:28px;line-height:1.2;margin:0 0 4px;letter-spacing:-.01em}\n"
	"h1 .sub{color:var(--muted);font-weight:400}\n"
	"h2{font-size:19px;margin:36px 0 8px}\n"
	"h3{font-size:15px;margin:20px 0 6px}\n"
	".count{display:inline-block;min-width:1.8em;padding:0 .45em;"
	"border-radius:999px;background:var(--soft);border:1px solid "
	"var(--line);color:var(--muted);font-size:13px;font-weight:500;"
	"text-align:center;vertical-align:middle}\n"
	".stats{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0 0;padding:0;"
	"list-style:none}\n"
	".stats li{flex:1 1 150px;border:1px solid var(--line);border-radius:10px;"
	"padding:12px 16px}\n"
	".stats b{display:block;font-size:24px;line-height:1.2}\n"
	".stats span{color:var(--muted);font-size:13px}\n"
	".charts{display:grid;grid-template-columns:repeat(auto-fit,"
	"minmax(420px,1fr));gap:16px;margin-top:24px;align-items:start}\n"
	".card{margin:0;border:1px solid var(--line);border-radius:10px;"
	"padding:14px 16px;break-inside:avoid}\n"
	".card figcaption{font-weight:600;margin-bottom:8px}\n"
	"svg.chart{display:block;width:100%;height:auto;font-size:12px}\n"
	"svg text{fill:var(--ink)}\n"
	".bar-rank{fill:var(--muted)}\n"
	".bar-title{fill:var(--muted)}\n"
	".bar-value{font-weight:600}\n"
	".axis{stroke:#9aa5b1;stroke-width:1}\n"
	".grid{stroke:var(--line);stroke-width:1}\n"
	".mid{stroke:#9aa5b1;stroke-width:1;stroke-dasharray:4 4}\n"
	".tick{fill:var(--muted);font-size:11px}\n"
	".axis-title{font-weight:600;font-size:12px}\n"
	".q-good{fill:#ecfdf5}\n"
	".q-bad{fill:#fef2f2}\n"
	".q-label{fill:var(--muted);font-size:11px;font-weight:600;"
	"letter-spacing:.06em;text-transform:uppercase}\n"
	".dot circle{stroke:#fff;stroke-width:1.5;fill-opacity:.9}\n"
	".dot-label{font-size:11px}\n"
	".legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:12px 0 0;"
	"padding:0;list-style:none;font-size:13px;color:var(--muted)}\n"
	".swatch{display:inline-block;width:10px;height:10px;border-radius:50%;"
	"margin-right:6px;vertical-align:baseline}\n"
	".note,.hint{color:var(--muted);font-size:13px;margin:4px 0 8px}\n"
	".workflow .charts{margin-top:16px}\n"
	".state{color:var(--muted);font-weight:400}\n"
	".verdict{margin:0 0 8px;font-size:14px}\n"
	".verdict.ok b{color:#047857}\n"
	".verdict.late b{color:#b91c1c}\n"
	".ideal{fill:none;stroke:#9aa5b1;stroke-width:1.5;"
	"stroke-dasharray:6 4}\n"
	".burn{fill:none;stroke-width:2.5;stroke-linejoin:round}\n"
	".burn.ok{stroke:#059669}\n"
	".burn.late{stroke:#dc2626}\n"
	".burn-area{stroke:none;fill-opacity:.08}\n"
	".burn-area.ok,.burn-dot.ok{fill:#059669}\n"
	".burn-area.late,.burn-dot.late{fill:#dc2626}\n"
	".burn-dot{stroke:#fff;stroke-width:1.5}\n"
	"svg .burn-value{font-weight:600;font-size:13px}\n"
	"svg .burn-value.ok{fill:#047857}\n"
	"svg .burn-value.late{fill:#b91c1c}\n"
	".today{stroke:#7b8794;stroke-width:1;stroke-dasharray:2 3}\n"
	".committed{fill:#d3d9e0;background:#d3d9e0}\n"
	".accepted{fill:var(--accent);background:var(--accent)}\n"
	".accepted.old{fill:#9dbbf7}\n"
	".spread{fill:var(--accent);fill-opacity:.08}\n"
	".average{stroke:var(--ink);stroke-width:1.2;stroke-dasharray:5 4}\n"
	"svg .average-label{font-size:11px;font-weight:600;stroke:#fff;"
	"stroke-width:3px;paint-order:stroke}\n"
	".left{fill:#c3ccd6}\n"
	".left.now{fill:#52606d}\n"
	".forecast{stroke-width:2;stroke-dasharray:6 4}\n"
	".fc-exp .forecast{stroke-width:2.5;stroke-dasharray:none}\n"
	".fc-opt .forecast{stroke:#059669}\n"
	".fc-opt circle{fill:#059669}\n"
	".fc-exp .forecast{stroke:var(--accent)}\n"
	".fc-exp circle{fill:var(--accent)}\n"
	".fc-pes .forecast{stroke:#d97706}\n"
	".fc-pes circle{fill:#d97706}\n"
	".key-line{display:inline-block;width:18px;height:0;margin-right:6px;"
	"vertical-align:middle;border-top:2.5px solid var(--ink)}\n"
	".burn-key.ok{border-top-color:#059669}\n"
	".burn-key.late{border-top-color:#dc2626}\n"
	".ideal-key{border-top:2px dashed #9aa5b1}\n"
	".average-key{border-top:2px dashed var(--ink)}\n"
	".fc-opt .key-line{border-top:2px dashed #059669}\n"
	".fc-exp .key-line{border-top:2.5px solid var(--accent)}\n"
	".fc-pes .key-line{border-top:2px dashed #d97706}\n"
	".forecast-list{flex-direction:column}\n"
	".scroll{overflow-x:auto}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th,td{padding:7px 10px;border-bottom:1px solid var(--line);"
	"text-align:left;vertical-align:top}\n"
	"thead th{position:sticky;top:0;background:#fff;border-bottom:2px solid "
	"#cbd2d9;vertical-align:bottom}\n"
	"tbody tr:nth-child(even){background:#fafbfc}\n"
	"tbody tr:hover{background:#eef4ff}\n"
	".num{text-align:right}\n"
	"th button{all:unset;cursor:pointer;display:inline-flex;gap:4px;"
	"align-items:center;font-weight:600}\n"
	"th button:focus-visible{outline:2px solid var(--accent);"
	"outline-offset:2px;border-radius:3px}\n"
	"th.num button{flex-direction:row-reverse}\n"
	".ind{display:inline-block;width:.8em;color:var(--accent);font-size:11px}\n"
	"th[aria-sort=ascending] .ind::after{content:\"\\25B2\"}\n"
	"th[aria-sort=descending] .ind::after{content:\"\\25BC\"}\n"
	".rank{color:var(--muted);width:3.5em}\n"
	".key{white-space:nowrap;font-weight:600}\n"
	".title{min-width:16em}\n"
	".score{font-weight:600}\n"
	".labels{display:inline-flex;flex-wrap:wrap;gap:4px;margin-left:4px}\n"
	".label,.status,.class{display:inline-block;padding:0 7px;"
	"border-radius:999px;font-size:12px;line-height:1.6;white-space:nowrap}\n"
	".label{background:var(--soft);border:1px solid var(--line);"
	"color:var(--muted)}\n"
	".status{background:#eef2f7;color:#3e4c59}\n"
	".class{border:1px solid;background:#fff;font-weight:600}\n"
	".why{color:#9b1c1c}\n"
	".method dl{display:grid;grid-template-columns:max-content 1fr;"
	"gap:4px 16px;margin:0}\n"
	".method dt{color:var(--muted)}\n"
	".method dd{margin:0}\n"
	"code,pre{font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"
	"monospace}\n"
	"pre.config{background:var(--soft);border:1px solid var(--line);"
	"border-radius:8px;padding:10px 14px;overflow-x:auto;margin:0}\n"
	"footer{color:var(--muted);font-size:12px;padding-top:32px;"
	"padding-bottom:32px}\n"
	"@media print{\n"
	"@page{margin:14mm}\n"
	"body{font-size:10.5pt}\n"
	"header,main,footer{max-width:none;padding:0}\n"
	".charts{grid-template-columns:1fr 1fr}\n"
	".hint,.ind{display:none}\n"
	"thead{display:table-header-group}\n"
	"thead th{position:static}\n"
	"tr,.card,pre{break-inside:avoid}\n"
	"h2{break-after:avoid}\n"
	"tbody tr:hover{background:none}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"}\n"
	"</style>\n";

/*
 * Sorting: a click sorts by the column, a second click reverses. Numbers
 * compare as numbers (data-v holds the exact value where the cell shows
 * a rounded one), text in natural order ("SHOP-9" before "SHOP-10"),
 * empty cells always last, ties in rank order.
 */
static const char script[] =
	"<script>\n"
	"(function(){\n"
	"var coll=new Intl.Collator(undefined,{numeric:true,sensitivity:'base'});\n"
	"function val(td){var v=td.getAttribute('data-v');"
	"return (v===null?td.textContent:v).trim();}\n"
	"var tables=document.querySelectorAll('table.sortable');\n"
	"for(var t=0;t<tables.length;t++)(function(table){\n"
	"var body=table.tBodies[0],heads=table.tHead.rows[0].cells;\n"
	"for(var r=0;r<body.rows.length;r++)body.rows[r].setAttribute('data-i',r);\n"
	"for(var c=0;c<heads.length;c++)(function(th,col){\n"
	"var btn=th.querySelector('button');if(!btn)return;\n"
	"btn.addEventListener('click',function(){\n"
	"var asc=th.getAttribute('aria-sort')!=='ascending';\n"
	"for(var h=0;h<heads.length;h++)heads[h].removeAttribute('aria-sort');\n"
	"th.setAttribute('aria-sort',asc?'ascending':'descending');\n"
	"var num=th.getAttribute('data-type')==='number';\n"
	"var rows=Array.prototype.slice.call(body.rows);\n"
	"rows.sort(function(a,b){\n"
	"var x=val(a.cells[col]),y=val(b.cells[col]),d;\n"
	"if(x===''||y==='')d=(x==='')-(y==='');\n"
	"else{if(num){d=parseFloat(x)-parseFloat(y);if(isNaN(d))d=coll.compare(x,y);}\n"
	"else d=coll.compare(x,y);if(!asc)d=-d;}\n"
	"return d||a.getAttribute('data-i')-b.getAttribute('data-i');});\n"
	"var frag=document.createDocumentFragment();\n"
	"for(var i=0;i<rows.length;i++)frag.appendChild(rows[i]);\n"
	"body.appendChild(frag);});\n"
	"})(heads[c],c);\n"
	"})(tables[t]);\n"
	"})();\n"
	"</script>\n";

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	const struct html *h = state;
	const char *method = host->describe(items, "method");
	const char *when = host->describe(items, "generated");
	const char *heading = h->title ? h->title : "Backlog";
	const struct prio_workflow *w;
	struct page p;
	struct obuf b;
	int rc;

	ob_init(&b, host, out);
	if ((rc = page_init(&p, h, items, err))) {
		page_release(&p);
		return rc;
	}
	ob_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		"content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"prio\">\n<title>");
	esc_s(&b, heading);
	if (method) {
		ob_adds(&b, " \xe2\x80\x94 ranked by ");
		esc_s(&b, method);
	}
	ob_adds(&b, "</title>\n");
	ob_adds(&b, style);
	ob_adds(&b, "</head>\n<body>\n<header>\n<h1>");
	esc_s(&b, heading);
	if (method) {
		ob_adds(&b, " <span class=\"sub\">ranked by ");
		esc_s(&b, method);
		ob_adds(&b, "</span>");
	}
	ob_adds(&b, "</h1>\n<ul class=\"stats\">");
	ob_addf(&b, "<li><b>%zu</b><span>items</span></li>", p.n);
	ob_addf(&b, "<li><b>%zu</b><span>ranked</span></li>", p.nranked);
	ob_addf(&b, "<li><b>%zu</b><span>not scored</span></li>",
		p.n - p.nranked);
	if (p.nranked)
		ob_addf(&b, "<li><b>%.2f</b><span>top score</span></li>",
			p.sc[p.ranked[0]]);
	ob_adds(&b, "</ul>\n</header>\n<main>\n");
	if ((w = host->workflow(items))) {
		workflow_section(&b, w);
		ob_adds(&b, "<h2>Ranking</h2>\n");
	}
	ob_adds(&b, "<section class=\"charts\">\n");
	score_chart(&b, &p);
	if ((rc = quadrant(&b, &p))) {
		page_release(&p);
		free(b.p);
		return rc;
	}
	ob_adds(&b, "</section>\n");
	legend(&b, &p);
	ranked_table(&b, &p);
	unscored_table(&b, &p);
	method_section(&b, &p);
	ob_adds(&b, "</main>\n<footer>Made with prio");
	if (when) {
		ob_adds(&b, ", ");
		esc_s(&b, when);
	}
	ob_adds(&b, ".</footer>\n");
	ob_adds(&b, script);
	ob_adds(&b, "</body>\n</html>\n");
	page_release(&p);
	return ob_finish(&b);
}

static const char *const extensions[] = { "html", "htm", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.configure = configure,
	.export = export,
	.release = release,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "html", "1.0",
		   "the ranked backlog as one self-contained HTML page (export)",
		   prio_host_keep, NULL, &ops);
