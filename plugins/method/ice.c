/*
 * ice.c - ICE (Sean Ellis): impact, confidence, ease, each rated 1 to 10.
 *
 *	ICE = impact * confidence * ease        (combine = product, default)
 *	ICE = (impact + confidence + ease) / 3  (combine = average)
 *
 * Settings, in [method.NAME] with plugin = ice (config/methods.ini):
 *	field.impact, field.confidence, field.ease
 *			the fields to read; by default those names
 *	bounds		the rating scale, LO..HI (1..10): a rating outside
 *			it makes the item unscored
 *	combine		product (default) or average
 *
 * An item missing a rating, or with one that is not a number or outside
 * the bounds, is not scored, with the reason.
 */
#include <prio/method-util.h>

enum { IMPACT, CONFIDENCE, EASE, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.impact", "field.confidence", "field.ease"
};

struct ice {
	int field[NFIELDS];
	double lo, hi;
	int average;
};

static int configure_(const struct prio_section *sec,
		      const struct prio_items *items, struct ice *c, char *err)
{
	const char *bounds = host->get(sec, "bounds", NULL);
	const char *combine = host->get(sec, "combine", NULL);
	int rc;

	for (int f = 0; f < NFIELDS; f++)
		if ((rc = method_field(sec, items, field_keys[f], &c->field[f],
				       err)))
			return rc;
	if (method_bounds(bounds ? bounds : "1..10", &c->lo, &c->hi))
		return host->bad_value(sec, "bounds", err, "expected LO..HI "
				       "with LO below HI, such as 1..10");
	if (combine && strcmp(combine, "product") && strcmp(combine, "average"))
		return host->bad_value(sec, "combine", err,
				       "expected product or average");
	c->average = combine && !strcmp(combine, "average");
	return 0;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct ice *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return PRIO_ENOMEM;
	if ((rc = configure_(sec, items, c, err))) {
		free(c);
		return rc;
	}
	*state = c;
	return 0;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct ice *c = state;
	const double *in[NFIELDS];
	size_t n = host->count(items);

	(void)err;
	for (int f = 0; f < NFIELDS; f++)
		in[f] = host->numbers(items, c->field[f]);
	for (size_t i = 0; i < n; i++) {
		int bad = -1;

		for (int f = 0; f < NFIELDS && bad < 0; f++)
			if (!(in[f][i] >= c->lo && in[f][i] <= c->hi))
				bad = f;	/* NaN lands here too */
		if (bad >= 0 && isnan(in[bad][i]))
			method_unusable(items, res, i, c->field[bad]);
		else if (bad >= 0)
			host->unscored(res, i, "%s %g is outside the bounds %g..%g",
				       host->field_name(items, c->field[bad]),
				       in[bad][i], c->lo, c->hi);
		else if (c->average)
			res->score[i] = (in[IMPACT][i] + in[CONFIDENCE][i] +
					 in[EASE][i]) / 3;
		else
			res->score[i] = in[IMPACT][i] * in[CONFIDENCE][i] *
					in[EASE][i];
	}
	return 0;
}

/* The formula with the item's ratings, in the order score computes it. */
static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	const struct ice *c = state;
	const char *name[NFIELDS];
	double x[NFIELDS];
	int rc;

	(void)res;
	for (int f = 0; f < NFIELDS; f++) {
		name[f] = host->field_name(items, c->field[f]);
		x[f] = host->numbers(items, c->field[f])[item];
	}
	if ((rc = method_printf(out, err, "%g, %g and %g are all within the "
				"bounds %g..%g\n", x[IMPACT], x[CONFIDENCE],
				x[EASE], c->lo, c->hi)))
		return rc;
	if (c->average) {
		double sum = x[IMPACT] + x[CONFIDENCE] + x[EASE];

		return method_printf(out, err, "ICE = (%s + %s + %s) / 3 = "
				     "(%g + %g + %g) / 3 = %g / 3 = %g\n",
				     name[IMPACT], name[CONFIDENCE], name[EASE],
				     x[IMPACT], x[CONFIDENCE], x[EASE], sum,
				     sum / 3);
	}
	return method_printf(out, err, "ICE = %s * %s * %s = %g * %g * %g = "
			     "%g\n", name[IMPACT], name[CONFIDENCE], name[EASE],
			     x[IMPACT], x[CONFIDENCE], x[EASE],
			     x[IMPACT] * x[CONFIDENCE] * x[EASE]);
}

/* Each item's score is its own fields' (method.h). */
static int independent(void *state)
{
	(void)state;
	return 1;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
	.explain = explain,
	.independent = independent,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "ice", "1.0",
		   "ICE: impact * confidence * ease, each rated 1 to 10",
		   prio_host_keep, NULL, &ops);
