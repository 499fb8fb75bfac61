/*
 * cd3.c - CD3, Cost of Delay Divided by Duration (Don Reinertsen,
 * Joshua Arnold).
 *
 *	CD3 = cost_of_delay / duration
 *
 * cost_of_delay: what a week of delay costs, in money, 0 or more;
 * duration: how many weeks the work takes, above 0. The score is money
 * per week of delay per week of work: do first what loses most per week
 * spent on it. A duration of 0 is not an infinite score: such an item,
 * like one missing an input or with a bad one, is not scored, with the
 * reason.
 *
 * Settings, in [method.NAME] with plugin = cd3 (config/methods.ini):
 *	field.cost_of_delay, field.duration
 *			the fields to read; by default those names
 */
#include <prio/method-util.h>

enum { COD, DURATION, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.cost_of_delay", "field.duration"
};

struct cd3 {
	int field[NFIELDS];
};

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct cd3 *c = calloc(1, sizeof(*c));
	int rc = 0;

	if (!c)
		return PRIO_ENOMEM;
	for (int f = 0; f < NFIELDS && !rc; f++)
		rc = method_field(sec, items, field_keys[f], &c->field[f], err);
	if (rc) {
		free(c);
		return rc;
	}
	*state = c;
	return 0;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct cd3 *c = state;
	const double *cod = host->numbers(items, c->field[COD]);
	const double *dur = host->numbers(items, c->field[DURATION]);
	size_t n = host->count(items);

	(void)err;
	for (size_t i = 0; i < n; i++) {
		if (isnan(cod[i]) || isnan(dur[i]))
			method_unusable(items, res, i, c->field[isnan(cod[i]) ?
							      COD : DURATION]);
		else if (cod[i] < 0)
			host->unscored(res, i, "%s must be 0 or more (is %g)",
				       host->field_name(items, c->field[COD]),
				       cod[i]);
		else if (dur[i] <= 0)
			host->unscored(res, i, "%s must be above 0 (is %g)",
				       host->field_name(items,
							c->field[DURATION]),
				       dur[i]);
		else
			res->score[i] = cod[i] / dur[i];
	}
	return 0;
}

static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	const struct cd3 *c = state;
	double cod = host->numbers(items, c->field[COD])[item];
	double dur = host->numbers(items, c->field[DURATION])[item];

	(void)res;
	return method_printf(out, err, "CD3 = %s / %s = %g / %g = %g "
			     "(cost of delay per week of work)\n",
			     host->field_name(items, c->field[COD]),
			     host->field_name(items, c->field[DURATION]), cod,
			     dur, cod / dur);
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

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "cd3", "1.0",
		   "CD3: cost of delay per week / duration in weeks",
		   prio_host_keep, NULL, &ops);
