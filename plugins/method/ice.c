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
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/method.h>

static const struct prio_host *host;

enum { IMPACT, CONFIDENCE, EASE, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.impact", "field.confidence", "field.ease"
};

struct ice {
	int field[NFIELDS];
	double lo, hi;
	int average;
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

/*
 * "LO..HI" with LO < HI, blanks allowed around the numbers. The low end
 * is cut out first: strtod alone would read "1..10" as 1. and then .10.
 */
static int parse_bounds(const char *s, double *lo, double *hi)
{
	const char *dots = strstr(s, "..");
	char low[64], *end;

	if (!dots || (size_t)(dots - s) >= sizeof(low))
		return -1;
	memcpy(low, s, (size_t)(dots - s));
	low[dots - s] = '\0';
	errno = 0;
	*lo = strtod(low, &end);
	if (end == low || end[strspn(end, " \t")])
		return -1;
	s = dots + 2;
	*hi = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || !isfinite(*lo) ||
	    !isfinite(*hi) || *lo >= *hi)
		return -1;
	return 0;
}

static int configure_(const struct prio_section *sec,
		      const struct prio_items *items, struct ice *c, char *err)
{
	const char *bounds = host->get(sec, "bounds", NULL);
	const char *combine = host->get(sec, "combine", NULL);
	int rc;

	for (int f = 0; f < NFIELDS; f++)
		if ((rc = get_field(sec, items, field_keys[f], &c->field[f], err)))
			return rc;
	if (parse_bounds(bounds ? bounds : "1..10", &c->lo, &c->hi))
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
			unusable(items, res, i, c->field[bad]);
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

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "ice", "1.0",
		   "ICE: impact * confidence * ease, each rated 1 to 10",
		   init, NULL, &ops);
