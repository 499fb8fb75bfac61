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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/method.h>

static const struct prio_host *host;

enum { COD, DURATION, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.cost_of_delay", "field.duration"
};

struct cd3 {
	int field[NFIELDS];
};

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

/*
 * The field that `key` names (its default: the key without "field."),
 * resolved to a handle; a configured name that does not resolve is the
 * configuration's fault, so the message names its file and line.
 */
static int get_field(const struct prio_section *sec,
		     const struct prio_items *items, const char *key, int *h,
		     char *err)
{
	const char *name = host->get(sec, key, NULL);
	char why[PRIO_ERR_MAX];
	size_t len;

	*h = host->field(items, name ? name : key + 6, PRIO_TYPE_NUMBER, err);
	if (*h >= 0)
		return 0;
	if (name) {
		memcpy(why, err, PRIO_ERR_MAX);
		why[PRIO_ERR_MAX - 1] = '\0';
		return host->bad_value(sec, key, err, "%s", why);
	}
	len = strlen(err);
	snprintf(err + len, PRIO_ERR_MAX - len, " (%s names the field to use)",
		 key);
	return *h;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct cd3 *c = calloc(1, sizeof(*c));
	int rc = 0;

	if (!c)
		return PRIO_ENOMEM;
	for (int f = 0; f < NFIELDS && !rc; f++)
		rc = get_field(sec, items, field_keys[f], &c->field[f], err);
	if (rc) {
		free(c);
		return rc;
	}
	*state = c;
	return 0;
}

/* Why an input is unusable: missing, or present but not a number. */
static void unusable(const struct prio_items *items, struct prio_result *res,
		     size_t i, int field)
{
	const char *name = host->field_name(items, field);
	size_t len;
	const char *v = host->text(items, field, i, &len);

	if (!v)
		host->unscored(res, i, "%s is missing", name);
	else
		host->unscored(res, i, "%s is not a number: '%.*s'", name,
			       len > 40 ? 40 : (int)len, v);
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
			unusable(items, res, i,
				 c->field[isnan(cod[i]) ? COD : DURATION]);
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

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "cd3", "1.0",
		   "CD3: cost of delay per week / duration in weeks",
		   init, NULL, &ops);
