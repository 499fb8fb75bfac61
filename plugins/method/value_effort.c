/*
 * value_effort.c - value against effort: a ratio, and a quadrant.
 *
 *	score = value / effort
 *	class = quick-win  (high value, low effort)
 *	        big-bet    (high value, high effort)
 *	        fill-in    (low value, low effort)
 *	        time-sink  (low value, high effort)
 *
 * "High" means strictly above the threshold; a value at the threshold is
 * low. So with the median, an odd-sized backlog's middle item is low on
 * both counts.
 *
 * Settings, in [method.NAME] with plugin = value_effort (config/methods.ini):
 *	field.value, field.effort  the fields to read (value, effort)
 *	value_threshold, effort_threshold
 *		median (default): of the scored items' values (for an even
 *		count, the mean of the two middle ones); midpoint: halfway
 *		between the smallest and the largest; or a number
 *
 * Value must be 0 or more and effort above 0; an item missing either, or
 * with a bad one, is not scored, with the reason. Thresholds are taken
 * over the scored items only.
 */
#include <stddef.h>

#include <prio/method-util.h>

enum { VALUE, EFFORT, NFIELDS };
enum { MEDIAN, MIDPOINT, FIXED };
enum { QUICK_WIN, BIG_BET, FILL_IN, TIME_SINK, NQUADRANTS };

static const char *const field_keys[NFIELDS] = { "field.value", "field.effort" };
static const char *const threshold_keys[NFIELDS] = {
	"value_threshold", "effort_threshold"
};
static const char *const quadrant_names[NQUADRANTS] = {
	"quick-win", "big-bet", "fill-in", "time-sink"
};

struct value_effort {
	int field[NFIELDS];
	int how[NFIELDS];	/* MEDIAN, MIDPOINT or FIXED */
	double fixed[NFIELDS];
	char name[64];		/* the section's name, for the log */
};

static int get_threshold(const struct prio_section *sec, const char *key,
			 int *how, double *fixed, char *err)
{
	const char *v = host->get(sec, key, NULL);
	char *end;

	*how = MEDIAN;
	if (!v || !strcmp(v, "median"))
		return 0;
	*how = MIDPOINT;
	if (!strcmp(v, "midpoint"))
		return 0;
	*how = FIXED;
	errno = 0;
	*fixed = strtod(v, &end);
	if (end == v || *end || errno == ERANGE || !isfinite(*fixed))
		return host->bad_value(sec, key, err,
				       "expected median, midpoint or a number");
	return 0;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct value_effort *ve = calloc(1, sizeof(*ve));
	int rc = 0;

	if (!ve)
		return PRIO_ENOMEM;
	snprintf(ve->name, sizeof(ve->name), "%s", host->section_name(sec));
	for (int f = 0; f < NFIELDS && !rc; f++)
		if (!(rc = method_field(sec, items, field_keys[f],
					&ve->field[f], err)))
			rc = get_threshold(sec, threshold_keys[f], &ve->how[f],
					   &ve->fixed[f], err);
	if (rc) {
		free(ve);
		return rc;
	}
	*state = ve;
	return 0;
}

static double median3(double a, double b, double c)
{
	if (a < b)
		return b < c ? b : a < c ? c : a;
	return a < c ? a : b < c ? c : b;
}

/*
 * The k-th smallest of a[0..n), rearranging a so that a[0..k) <= a[k]
 * (Hoare's FIND with a median-of-three pivot, as in Wirth's Algorithms +
 * Data Structures): linear on average, and equal values split evenly,
 * which matters on estimates that take a handful of distinct values.
 */
static double select_kth(double *a, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

	while (lo < hi) {
		double x = median3(a[lo], a[lo + (hi - lo) / 2], a[hi]);
		ptrdiff_t i = lo, j = hi;

		/* x is in the range, so both scans stop inside it. */
		do {
			while (a[i] < x)
				i++;
			while (x < a[j])
				j--;
			if (i <= j) {
				double t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		} while (i <= j);
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			break;	/* a[j+1..i) all equal x */
	}
	return a[kk];
}

/* The median of a[0..n), n > 0; a is rearranged. */
static double median(double *a, size_t n)
{
	size_t k = n / 2;
	double upper = select_kth(a, n, k), lower = a[0];

	if (n % 2)
		return upper;
	/* a[0..k) are the k smallest: the lower middle is their largest. */
	for (size_t i = 1; i < k; i++)
		if (a[i] > lower)
			lower = a[i];
	return lower + (upper - lower) / 2;
}

/* The threshold of input f over the scored items. */
static int threshold(const struct value_effort *ve, int f, const double *in,
		     const struct prio_result *res, size_t n, double *buf,
		     double *out)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t m = 0;

	if (ve->how[f] == FIXED) {
		*out = ve->fixed[f];
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (isnan(res->score[i]))
			continue;
		if (in[i] < lo)
			lo = in[i];
		if (in[i] > hi)
			hi = in[i];
		buf[m++] = in[i];
	}
	if (!m)
		return -1;
	*out = ve->how[f] == MIDPOINT ? lo + (hi - lo) / 2 : median(buf, m);
	return 0;
}

/* "High" is strictly above the threshold. */
static int quadrant(double value, double effort, const double *cut)
{
	if (value > cut[VALUE])
		return effort > cut[EFFORT] ? BIG_BET : QUICK_WIN;
	return effort > cut[EFFORT] ? TIME_SINK : FILL_IN;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct value_effort *ve = state;
	const double *in[NFIELDS];
	double cut[NFIELDS], *buf = NULL;
	int id[NQUADRANTS] = { -1, -1, -1, -1 };
	size_t n = host->count(items);

	for (int f = 0; f < NFIELDS; f++)
		in[f] = host->numbers(items, ve->field[f]);
	for (size_t i = 0; i < n; i++) {
		double v = in[VALUE][i], e = in[EFFORT][i];
		const char *name;

		if (isnan(v) || isnan(e)) {
			method_unusable(items, res, i,
					ve->field[isnan(v) ? VALUE : EFFORT]);
			continue;
		}
		if (v < 0 || e <= 0) {
			name = host->field_name(items, ve->field[v < 0 ? VALUE
								      : EFFORT]);
			host->unscored(res, i, v < 0 ? "%s must be 0 or more (is %g)"
				       : "%s must be above 0 (is %g)", name,
				       v < 0 ? v : e);
			continue;
		}
		res->score[i] = v / e;
	}

	/* One buffer for both medians, one at a time: no per-item memory. */
	if ((ve->how[VALUE] != FIXED || ve->how[EFFORT] != FIXED) &&
	    !(buf = malloc((n ? n : 1) * sizeof(*buf)))) {
		snprintf(err, PRIO_ERR_MAX, "out of memory for %zu items", n);
		return PRIO_ENOMEM;
	}
	for (int f = 0; f < NFIELDS; f++)
		if (threshold(ve, f, in[f], res, n, buf, &cut[f])) {
			free(buf);
			return 0;	/* nothing scored, nothing to classify */
		}
	free(buf);
	host->log(PRIO_LOG_DEBUG, "%s: value above %g is high, effort above %g "
		  "is high", ve->name, cut[VALUE], cut[EFFORT]);

	for (size_t i = 0; i < n; i++) {
		int q;

		if (isnan(res->score[i]))
			continue;
		q = quadrant(in[VALUE][i], in[EFFORT][i], cut);
		if (id[q] < 0)
			id[q] = host->class_id(res, quadrant_names[q]);
		res->klass[i] = id[q];
	}
	return 0;
}

/* The ratio, and the quadrant with the thresholds score used. */
static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	static const char *const how[] = {
		[MEDIAN] = "median", [MIDPOINT] = "midpoint", [FIXED] = "fixed"
	};
	const struct value_effort *ve = state;
	const char *name[NFIELDS];
	double x[NFIELDS], cut[NFIELDS], *buf;
	size_t n = host->count(items);
	int q, rc;

	if (!(buf = malloc((n ? n : 1) * sizeof(*buf)))) {
		snprintf(err, PRIO_ERR_MAX, "out of memory for %zu items", n);
		return PRIO_ENOMEM;
	}
	for (int f = 0; f < NFIELDS; f++) {
		const double *in = host->numbers(items, ve->field[f]);

		name[f] = host->field_name(items, ve->field[f]);
		x[f] = in[item];
		if (threshold(ve, f, in, res, n, buf, &cut[f])) {
			free(buf);
			snprintf(err, PRIO_ERR_MAX, "no item is scored");
			return PRIO_EINVAL;
		}
	}
	free(buf);
	if ((rc = method_printf(out, err, "score = %s / %s = %g / %g = %g\n",
				name[VALUE], name[EFFORT], x[VALUE], x[EFFORT],
				x[VALUE] / x[EFFORT])))
		return rc;
	q = quadrant(x[VALUE], x[EFFORT], cut);
	return method_printf(out, err, "%s %g %s threshold %g (%s), %s %g %s "
			     "threshold %g (%s): %s\n", name[VALUE], x[VALUE],
			     x[VALUE] > cut[VALUE] ? ">" : "<=", cut[VALUE],
			     how[ve->how[VALUE]], name[EFFORT], x[EFFORT],
			     x[EFFORT] > cut[EFFORT] ? ">" : "<=", cut[EFFORT],
			     how[ve->how[EFFORT]], quadrant_names[q]);
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
	.explain = explain,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "value_effort", "1.0",
		   "Value / effort, classed in quadrants: quick-win, big-bet, "
		   "fill-in, time-sink",
		   prio_host_keep, NULL, &ops);
