/*
 * rice.c - RICE (Intercom): reach, impact, confidence, effort.
 *
 *	RICE = reach * impact * (confidence / 100) / effort
 *
 * reach: people or events per period, 0 or more; impact: one of
 * impact_values (3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal);
 * confidence: a percent, 0 to 100 (100 high, 80 medium, 50 low); effort:
 * person-months, above 0. An effort of 0 is not an infinite score: such an
 * item, like one missing an input or with an input out of range, is not
 * scored, with the reason.
 *
 * Settings, in [method.NAME] with plugin = rice (config/methods.ini):
 *	field.reach, field.impact, field.confidence, field.effort
 *			the fields to read; by default those names
 *	impact_values	the allowed impacts: 3, 2, 1, 0.5, 0.25 unless set
 *	confidence_values  any (default: any percent from 0 to 100), or the
 *			allowed percents, such as 100, 80, 50
 */
#include <prio/method-util.h>

enum { REACH, IMPACT, CONFIDENCE, EFFORT, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.reach", "field.impact", "field.confidence", "field.effort"
};

struct rice {
	int field[NFIELDS];
	/* The allowed values; none (n = 0): any value. */
	struct method_list impact, confidence;
};

/* `key`'s list of numbers from min to max, def if unset, or "any". */
static int get_list(const struct prio_section *sec, const char *key,
		    const char *def, double min, double max,
		    struct method_list *l, char *err)
{
	const char *v = host->get(sec, key, NULL);

	if (!v)
		v = def;
	if (!strcmp(v, "any")) {
		l->n = 0;
		return 0;
	}
	if (!method_list_parse(l, v, min, max))
		return 0;
	if (isinf(max))
		return host->bad_value(sec, key, err, "expected any, or up to "
				       "%d numbers of %g or more, separated by "
				       "commas", METHOD_LIST_MAX, min);
	return host->bad_value(sec, key, err, "expected any, or up to %d "
			       "numbers from %g to %g, separated by commas",
			       METHOD_LIST_MAX, min, max);
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct rice *r = calloc(1, sizeof(*r));
	int rc = 0;

	if (!r)
		return PRIO_ENOMEM;
	for (int f = 0; f < NFIELDS && !rc; f++)
		rc = method_field(sec, items, field_keys[f], &r->field[f], err);
	if (rc ||
	    (rc = get_list(sec, "impact_values", "3, 2, 1, 0.5, 0.25", 0,
			   HUGE_VAL, &r->impact, err)) ||
	    (rc = get_list(sec, "confidence_values", "any", 0, 100,
			   &r->confidence, err))) {
		free(r);
		return rc;
	}
	*state = r;
	return 0;
}

/* Checks item i's inputs; reports it unscored and returns 0 if unusable. */
static int usable(const struct rice *r, const struct prio_items *items,
		  const double *const *in, struct prio_result *res, size_t i)
{
	double reach = in[REACH][i], impact = in[IMPACT][i];
	double conf = in[CONFIDENCE][i], effort = in[EFFORT][i];

	for (int f = 0; f < NFIELDS; f++)
		if (isnan(in[f][i])) {
			method_unusable(items, res, i, r->field[f]);
			return 0;
		}
	if (reach < 0)
		host->unscored(res, i, "%s must be 0 or more (is %g)",
			       host->field_name(items, r->field[REACH]), reach);
	else if (r->impact.n && !method_list_has(&r->impact, impact))
		host->unscored(res, i, "%s %g is not one of %s",
			       host->field_name(items, r->field[IMPACT]), impact,
			       r->impact.text);
	else if (impact < 0)
		host->unscored(res, i, "%s must be 0 or more (is %g)",
			       host->field_name(items, r->field[IMPACT]), impact);
	else if (r->confidence.n && !method_list_has(&r->confidence, conf))
		host->unscored(res, i, "%s %g is not one of %s",
			       host->field_name(items, r->field[CONFIDENCE]),
			       conf, r->confidence.text);
	else if (conf < 0 || conf > 100)
		host->unscored(res, i, "%s %g is not a percent (0 to 100)",
			       host->field_name(items, r->field[CONFIDENCE]),
			       conf);
	else if (effort <= 0)
		host->unscored(res, i, "%s must be above 0 (is %g)",
			       host->field_name(items, r->field[EFFORT]), effort);
	else
		return 1;
	return 0;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct rice *r = state;
	const double *in[NFIELDS];
	size_t n = host->count(items);

	(void)err;
	for (int f = 0; f < NFIELDS; f++)
		in[f] = host->numbers(items, r->field[f]);
	for (size_t i = 0; i < n; i++)
		if (usable(r, items, in, res, i))
			res->score[i] = in[REACH][i] * in[IMPACT][i] *
					(in[CONFIDENCE][i] / 100) /
					in[EFFORT][i];
	return 0;
}

/* The formula with the item's numbers, in the order score computes it. */
static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	const struct rice *r = state;
	const char *name[NFIELDS];
	double x[NFIELDS], top;
	int rc;

	(void)res;
	for (int f = 0; f < NFIELDS; f++) {
		name[f] = host->field_name(items, r->field[f]);
		x[f] = host->numbers(items, r->field[f])[item];
	}
	if (r->impact.n &&
	    (rc = method_printf(out, err, "%s %g is one of %s\n", name[IMPACT],
				x[IMPACT], r->impact.text)))
		return rc;
	if (r->confidence.n &&
	    (rc = method_printf(out, err, "%s %g is one of %s\n",
				name[CONFIDENCE], x[CONFIDENCE],
				r->confidence.text)))
		return rc;
	top = x[REACH] * x[IMPACT] * (x[CONFIDENCE] / 100);
	return method_printf(out, err, "RICE = %s * %s * (%s / 100) / %s\n"
			     "     = %g * %g * (%g / 100) / %g\n"
			     "     = %g * %g * %g / %g = %g / %g = %g\n",
			     name[REACH], name[IMPACT], name[CONFIDENCE],
			     name[EFFORT], x[REACH], x[IMPACT], x[CONFIDENCE],
			     x[EFFORT], x[REACH], x[IMPACT],
			     x[CONFIDENCE] / 100, x[EFFORT], top, x[EFFORT],
			     top / x[EFFORT]);
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

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "rice", "1.0",
		   "RICE: reach * impact * confidence / effort",
		   prio_host_keep, NULL, &ops);
