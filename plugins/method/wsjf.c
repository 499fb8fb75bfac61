/*
 * wsjf.c - Weighted Shortest Job First (SAFe).
 *
 *	cost of delay = business_value + time_criticality + risk_reduction
 *	WSJF          = cost of delay / job_size
 *
 * Settings, in [method.NAME] with plugin = wsjf (config/methods.ini):
 *	field.business_value, field.time_criticality, field.risk_reduction,
 *	field.job_size	the fields to read; by default those names
 *	scale		free (default): any number, the three parts of the
 *			cost of delay 0 or more, job_size above 0;
 *			fibonacci: every input must be one of scale_values
 *	scale_values	the fibonacci scale: 1, 2, 3, 5, 8, 13, 20 unless set
 *	normalize	none (default), or min_to_one: each input column is
 *			divided by its smallest value over the scored items,
 *			so that the smallest is 1 (SAFe's "the smallest item
 *			in each column gets a 1"); every input must then be
 *			above 0
 *
 * An item missing an input, with an input that is not a number, off the
 * scale or out of range is not scored: it is reported with the reason,
 * never ranked as zero.
 */
#include <prio/method-util.h>

enum { BV, TC, RR, JS, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.business_value", "field.time_criticality",
	"field.risk_reduction", "field.job_size"
};

struct wsjf {
	int field[NFIELDS];
	int fibonacci;
	int min_to_one;
	struct method_list scale;	/* "1, 2, 3, 5, 8, 13, 20" */
	unsigned char small[256];	/* small[k]: is the integer k on it */
};

/* Index of `key`'s value in choices (NULL-terminated), or def if unset. */
static int get_choice(const struct prio_section *sec, const char *key,
		      const char *const *choices, int def, int *out, char *err)
{
	const char *v = host->get(sec, key, NULL);

	*out = def;
	if (!v)
		return 0;
	for (int i = 0; choices[i]; i++)
		if (!strcmp(v, choices[i])) {
			*out = i;
			return 0;
		}
	return host->bad_value(sec, key, err, "expected %s or %s", choices[0],
			       choices[1]);
}

static int configure_(const struct prio_section *sec,
		      const struct prio_items *items, struct wsjf *w,
		      char *err)
{
	static const char *const scales[] = { "free", "fibonacci", NULL };
	static const char *const norms[] = { "none", "min_to_one", NULL };
	const char *values;
	int rc;

	for (int f = 0; f < NFIELDS; f++)
		if ((rc = method_field(sec, items, field_keys[f], &w->field[f],
				       err)))
			return rc;
	if ((rc = get_choice(sec, "scale", scales, 0, &w->fibonacci, err)) ||
	    (rc = get_choice(sec, "normalize", norms, 0, &w->min_to_one, err)))
		return rc;
	values = host->get(sec, "scale_values", NULL);
	if (values && !w->fibonacci)
		return host->bad_value(sec, "scale_values",
				       err, "only used with scale = fibonacci");
	/* Numbers above 0: 0 or more, and not 0. */
	if (method_list_parse(&w->scale, values ? values :
			      "1, 2, 3, 5, 8, 13, 20", 0, HUGE_VAL) ||
	    method_list_has(&w->scale, 0))
		return host->bad_value(sec, "scale_values", err,
				       "expected up to %d numbers above 0, "
				       "separated by commas", METHOD_LIST_MAX);
	for (size_t k = 0; k < w->scale.n; k++) {
		double d = w->scale.v[k];
		if (d < 256 && d == (int)d)
			w->small[(int)d] = 1;
	}
	return 0;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct wsjf *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return PRIO_ENOMEM;
	if ((rc = configure_(sec, items, w, err))) {
		free(w);
		return rc;
	}
	*state = w;
	return 0;
}

/* Small integers, the usual case, by table: this runs 4 times an item. */
static int on_scale(const struct wsjf *w, double x)
{
	if (x >= 0 && x < 256 && x == (int)x)
		return w->small[(int)x];
	return method_list_has(&w->scale, x);
}

/* Checks item i's inputs; reports it unscored and returns 0 if unusable. */
static int usable(const struct wsjf *w, const struct prio_items *items,
		  const double *const *in, struct prio_result *res, size_t i)
{
	for (int f = 0; f < NFIELDS; f++) {
		double x = in[f][i];
		const char *name;

		if (isnan(x)) {
			method_unusable(items, res, i, w->field[f]);
			return 0;
		}
		/* Scale values are above 0, so the scale implies the sign. */
		if (w->fibonacci ? on_scale(w, x) :
		    x > 0 || (x == 0 && f != JS && !w->min_to_one))
			continue;
		name = host->field_name(items, w->field[f]);
		if (w->fibonacci)
			host->unscored(res, i, "%s %g is not on the scale %s",
				       name, x, w->scale.text);
		else if (f == JS)
			host->unscored(res, i, "%s must be above 0 (is %g)",
				       name, x);
		else if (w->min_to_one)
			host->unscored(res, i, "%s must be above 0 with "
				       "normalize = min_to_one (is %g)", name, x);
		else
			host->unscored(res, i, "%s must be 0 or more (is %g)",
				       name, x);
		return 0;
	}
	return 1;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct wsjf *w = state;
	const double *in[NFIELDS];
	double lo[NFIELDS];
	size_t n = host->count(items);

	(void)err;
	for (int f = 0; f < NFIELDS; f++) {
		in[f] = host->numbers(items, w->field[f]);
		lo[f] = INFINITY;
	}
	for (size_t i = 0; i < n; i++) {
		if (!usable(w, items, in, res, i))
			continue;
		if (!w->min_to_one) {
			res->score[i] = (in[BV][i] + in[TC][i] + in[RR][i]) /
					in[JS][i];
			continue;
		}
		/* 0 marks the item usable for the second pass. */
		res->score[i] = 0;
		for (int f = 0; f < NFIELDS; f++)
			if (in[f][i] < lo[f])
				lo[f] = in[f][i];
	}
	if (!w->min_to_one)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(res->score[i]))
			res->score[i] = (in[BV][i] / lo[BV] + in[TC][i] / lo[TC] +
					 in[RR][i] / lo[RR]) / (in[JS][i] / lo[JS]);
	return 0;
}

/*
 * The formula with the item's numbers; with min_to_one first each input
 * divided by its column's smallest value, computed as score does.
 */
static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	const struct wsjf *w = state;
	const char *name[NFIELDS];
	const double *in[NFIELDS];
	double x[NFIELDS], cod;
	int rc;

	for (int f = 0; f < NFIELDS; f++) {
		name[f] = host->field_name(items, w->field[f]);
		in[f] = host->numbers(items, w->field[f]);
		x[f] = in[f][item];
	}
	if (w->fibonacci &&
	    (rc = method_printf(out, err, "scale = fibonacci: %g, %g, %g and "
				"%g are all on the scale %s\n", x[BV], x[TC],
				x[RR], x[JS], w->scale.text)))
		return rc;
	if (w->min_to_one) {
		size_t n = host->count(items), scored = 0;
		double lo[NFIELDS];

		for (int f = 0; f < NFIELDS; f++)
			lo[f] = INFINITY;
		for (size_t i = 0; i < n; i++) {
			if (isnan(res->score[i]))
				continue;
			scored++;
			for (int f = 0; f < NFIELDS; f++)
				if (in[f][i] < lo[f])
					lo[f] = in[f][i];
		}
		if ((rc = method_printf(out, err, "normalize = min_to_one: "
					"each input divided by its smallest "
					"value over the %zu scored items\n",
					scored)))
			return rc;
		for (int f = 0; f < NFIELDS; f++) {
			double was = x[f];

			x[f] = was / lo[f];
			if ((rc = method_printf(out, err, "  %s = %g / %g = "
						"%g\n", name[f], was, lo[f],
						x[f])))
				return rc;
		}
	}
	cod = x[BV] + x[TC] + x[RR];
	return method_printf(out, err, "cost of delay = %s + %s + %s = %g + %g "
			     "+ %g = %g\nWSJF = cost of delay / %s = %g / %g = "
			     "%g\n", name[BV], name[TC], name[RR], x[BV], x[TC],
			     x[RR], cod, name[JS], cod, x[JS], cod / x[JS]);
}

/* Its own fields' alone, unless divided by the smallest of the set. */
static int independent(void *state)
{
	return !((const struct wsjf *)state)->min_to_one;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
	.explain = explain,
	.independent = independent,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "wsjf", "1.1",
		   "Weighted Shortest Job First: cost of delay / job size",
		   prio_host_keep, NULL, &ops);
