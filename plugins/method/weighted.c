/*
 * weighted.c - a weighted sum of criteria, each normalised to 0..1.
 *
 *	score = sum over criteria f of weight.f * norm(f)
 *	norm(f) = (value - lo) / (hi - lo)
 *
 * lo..hi is the criterion's `bounds.f = LO..HI` when set; otherwise, with
 * normalize = minmax (the default), the smallest and largest value of f
 * over the scored items (all equal: norm is 0, f does not discriminate);
 * with normalize = none, norm(f) is the value itself. A cost gets a
 * negative weight: weight.effort = -1 ranks the cheap first.
 *
 * Settings, in [method.NAME] with plugin = weighted (config/methods.ini):
 *	weight.FIELD	the criteria: any number field, with its weight
 *			(at least one)
 *	bounds.FIELD	fixed bounds LO..HI for a weighted field; a value
 *			outside them makes the item unscored
 *	normalize	minmax (default) or none, for fields without bounds
 *
 * An item missing any criterion, or with one that is not a number or out
 * of its bounds, is not scored, with the reason; min and max are taken
 * over the scored items only.
 */
#include <prio/method-util.h>

struct criterion {
	int field;
	double weight;
	int bounded;
	double lo, hi;		/* the bounds, or the observed range */
};

struct weighted {
	struct criterion *c;
	size_t n, cap;
	int minmax;
};

/* What the host->each callbacks need. */
struct setup {
	const struct prio_section *sec;
	const struct prio_items *items;
	struct weighted *w;
	char *err;
};

static int add_weight(void *arg, const char *key, const char *value,
		      const struct prio_origin *where)
{
	struct setup *s = arg;
	struct weighted *w = s->w;
	struct criterion *c;
	char why[PRIO_ERR_MAX];
	char *end;
	double weight;
	int h;

	(void)where;
	errno = 0;
	weight = strtod(value, &end);
	if (end == value || *end || errno == ERANGE || !isfinite(weight))
		return host->bad_value(s->sec, key, s->err, "expected a number "
				       "(negative for a cost)");
	h = host->field(s->items, key + 7, PRIO_TYPE_NUMBER, why);
	if (h < 0)
		return host->bad_value(s->sec, key, s->err, "%s", why);
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 8;
		struct criterion *more = realloc(w->c, cap * sizeof(*more));
		if (!more)
			return PRIO_ENOMEM;
		w->c = more;
		w->cap = cap;
	}
	c = &w->c[w->n++];
	memset(c, 0, sizeof(*c));
	c->field = h;
	c->weight = weight;
	return 0;
}

static int add_bounds(void *arg, const char *key, const char *value,
		      const struct prio_origin *where)
{
	struct setup *s = arg;
	struct weighted *w = s->w;

	(void)where;
	for (size_t k = 0; k < w->n; k++) {
		struct criterion *c = &w->c[k];

		if (strcmp(host->field_name(s->items, c->field), key + 7))
			continue;
		if (method_bounds(value, &c->lo, &c->hi))
			return host->bad_value(s->sec, key, s->err,
					       "expected LO..HI with LO below "
					       "HI, such as 0..100");
		c->bounded = 1;
		return 0;
	}
	return host->bad_value(s->sec, key, s->err, "no weight.%s: bounds are "
			       "for a weighted field", key + 7);
}

static void release(void *state)
{
	struct weighted *w = state;

	if (w)
		free(w->c);
	free(w);
}

static int configure_(const struct prio_section *sec,
		      const struct prio_items *items, struct weighted *w,
		      char *err)
{
	struct setup s = { sec, items, w, err };
	const char *norm = host->get(sec, "normalize", NULL);
	int rc;

	if (norm && strcmp(norm, "minmax") && strcmp(norm, "none"))
		return host->bad_value(sec, "normalize", err,
				       "expected minmax or none");
	w->minmax = !norm || !strcmp(norm, "minmax");
	if ((rc = host->each(sec, "weight.", add_weight, &s)) ||
	    (rc = host->each(sec, "bounds.", add_bounds, &s)))
		return rc;
	if (!w->n) {
		snprintf(err, PRIO_ERR_MAX, "no criteria: give each a weight, "
			 "such as weight.business_value = 2");
		return PRIO_EINVAL;
	}
	return 0;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct weighted *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return PRIO_ENOMEM;
	if ((rc = configure_(sec, items, w, err))) {
		release(w);
		return rc;
	}
	*state = w;
	return 0;
}

/* Per criterion, while scoring: its column and its linear map. */
struct column {
	const double *in;
	double lo, hi;		/* observed, for minmax */
	double off, mul;	/* contribution = (value - off) * mul */
};

/* Checks item i's criteria; reports it unscored and returns 0 if unusable. */
static int usable(const struct weighted *w, const struct prio_items *items,
		  const struct column *col, struct prio_result *res, size_t i)
{
	for (size_t k = 0; k < w->n; k++) {
		const struct criterion *c = &w->c[k];
		double x = col[k].in[i];

		if (isnan(x)) {
			method_unusable(items, res, i, c->field);
			return 0;
		}
		if (c->bounded && (x < c->lo || x > c->hi)) {
			host->unscored(res, i, "%s %g is outside its bounds "
				       "%g..%g", host->field_name(items, c->field),
				       x, c->lo, c->hi);
			return 0;
		}
	}
	return 1;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct weighted *w = state;
	struct column *col = calloc(w->n, sizeof(*col));
	size_t n = host->count(items);
	int observe = 0;

	if (!col) {
		snprintf(err, PRIO_ERR_MAX, "out of memory");
		return PRIO_ENOMEM;
	}
	for (size_t k = 0; k < w->n; k++) {
		const struct criterion *c = &w->c[k];

		col[k].in = host->numbers(items, c->field);
		col[k].lo = INFINITY;
		col[k].hi = -INFINITY;
		if (c->bounded) {
			col[k].off = c->lo;
			col[k].mul = c->weight / (c->hi - c->lo);
		} else {
			col[k].mul = c->weight;
			observe |= w->minmax;
		}
	}

	/* Pass 1: which items count, and the range of each criterion. */
	for (size_t i = 0; i < n; i++) {
		if (!usable(w, items, col, res, i))
			continue;
		res->score[i] = 0;	/* usable: scored in pass 2 */
		if (!observe)
			continue;
		for (size_t k = 0; k < w->n; k++) {
			double x = col[k].in[i];
			if (x < col[k].lo)
				col[k].lo = x;
			if (x > col[k].hi)
				col[k].hi = x;
		}
	}
	for (size_t k = 0; k < w->n; k++)
		if (observe && !w->c[k].bounded) {
			double span = col[k].hi - col[k].lo;
			col[k].off = col[k].lo;
			col[k].mul = span > 0 ? w->c[k].weight / span : 0;
		}

	/* Pass 2: the sum. */
	for (size_t i = 0; i < n; i++) {
		double sum = 0;

		if (isnan(res->score[i]))
			continue;
		for (size_t k = 0; k < w->n; k++)
			sum += (col[k].in[i] - col[k].off) * col[k].mul;
		res->score[i] = sum;
	}
	free(col);
	return 0;
}

/*
 * One criterion of item for explain: its line, and its contribution in
 * *part, computed as score computes it (so that the parts sum to the
 * score), against the bounds or the range of the scored items.
 */
static int explain_one(const struct weighted *w, const struct criterion *c,
		       const struct prio_items *items,
		       const struct prio_result *res, size_t item,
		       struct prio_out *out, double *part, char *err)
{
	const double *in = host->numbers(items, c->field);
	const char *name = host->field_name(items, c->field);
	size_t n = host->count(items), scored = 0;
	double x = in[item], lo = c->lo, hi = c->hi, norm;

	if (!c->bounded && !w->minmax) {
		*part = x * c->weight + 0.0;	/* + 0.0: -0 shows as 0 */
		return method_printf(out, err, "%s = %g, not normalised "
				     "(normalize = none), weight %g: %g * %g = "
				     "%g\n", name, x, c->weight, c->weight, x,
				     *part);
	}
	if (!c->bounded) {
		lo = INFINITY;
		hi = -INFINITY;
		for (size_t i = 0; i < n; i++) {
			if (isnan(res->score[i]))
				continue;
			scored++;
			if (in[i] < lo)
				lo = in[i];
			if (in[i] > hi)
				hi = in[i];
		}
	}
	if (!(hi > lo)) {
		*part = 0;
		return method_printf(out, err, "%s = %g, normalised 0 (all "
				     "%zu scored items have %g), weight %g: "
				     "%g * 0 = 0\n", name, x, scored, x,
				     c->weight, c->weight);
	}
	norm = (x - lo) / (hi - lo);
	*part = (x - lo) * (c->weight / (hi - lo)) + 0.0;
	return method_printf(out, err, "%s = %g, normalised (%g - %g) / (%g - "
			     "%g) = %g (%s %g..%g), weight %g: %g * %g = %g\n",
			     name, x, x, lo, hi, lo, norm,
			     c->bounded ? "bounds" : "range of the scored items",
			     lo, hi, c->weight, c->weight, norm, *part);
}

/* A line per criterion, then the sum. */
static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	const struct weighted *w = state;
	double *part = malloc(w->n * sizeof(*part)), sum = 0;
	int rc = 0;

	if (!part) {
		snprintf(err, PRIO_ERR_MAX, "out of memory");
		return PRIO_ENOMEM;
	}
	for (size_t k = 0; k < w->n && !rc; k++)
		rc = explain_one(w, &w->c[k], items, res, item, out, &part[k],
				 err);
	for (size_t k = 0; k < w->n && !rc; k++) {
		sum += part[k];
		if (!k)
			rc = method_printf(out, err, "score = %g", part[k]);
		else
			rc = method_printf(out, err, " %c %g",
					   part[k] < 0 ? '-' : '+',
					   fabs(part[k]));
	}
	free(part);
	return rc ? rc : method_printf(out, err, " = %g\n", sum);
}

/* Its own fields' alone, unless normalised over the set (minmax). */
static int independent(void *state)
{
	return !((const struct weighted *)state)->minmax;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = release,
	.explain = explain,
	.independent = independent,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "weighted", "1.0",
		   "Weighted criteria: sum of weight * value normalised to 0..1",
		   prio_host_keep, NULL, &ops);
