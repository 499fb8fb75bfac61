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
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/method.h>

static const struct prio_host *host;

enum { REACH, IMPACT, CONFIDENCE, EFFORT, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.reach", "field.impact", "field.confidence", "field.effort"
};

#define LIST_MAX 32

/* A set of allowed values, and how a reason shows it. */
struct list {
	size_t n;		/* 0: any value */
	double v[LIST_MAX];
	char text[256];		/* "3, 2, 1, 0.5, 0.25" */
};

struct rice {
	int field[NFIELDS];
	struct list impact, confidence;
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

/* Numbers from min to max, separated by commas, bars or blanks. */
static int parse_list(struct list *l, const char *s, double min, double max)
{
	size_t used = 0;

	l->n = 0;
	for (;;) {
		char *end;
		double d;

		s += strspn(s, " \t,|");
		if (!*s)
			break;
		errno = 0;
		d = strtod(s, &end);
		/* strchr finds the NUL too: the end of the string is fine. */
		if (end == s || errno == ERANGE || !isfinite(d) || d < min ||
		    d > max || !strchr(" \t,|", *end) || l->n == LIST_MAX)
			return -1;
		l->v[l->n++] = d;
		used += (size_t)snprintf(l->text + used, sizeof(l->text) - used,
					 "%s%g", used ? ", " : "", d);
		if (used >= sizeof(l->text))
			used = sizeof(l->text) - 1;
		s = end;
	}
	return l->n ? 0 : -1;
}

static int get_list(const struct prio_section *sec, const char *key,
		    const char *def, double min, double max, struct list *l,
		    char *err)
{
	const char *v = host->get(sec, key, NULL);

	if (!v)
		v = def;
	if (!strcmp(v, "any")) {
		l->n = 0;
		return 0;
	}
	if (!parse_list(l, v, min, max))
		return 0;
	if (isinf(max))
		return host->bad_value(sec, key, err, "expected any, or up to "
				       "%d numbers of %g or more, separated by "
				       "commas", LIST_MAX, min);
	return host->bad_value(sec, key, err, "expected any, or up to %d "
			       "numbers from %g to %g, separated by commas",
			       LIST_MAX, min, max);
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct rice *r = calloc(1, sizeof(*r));
	int rc = 0;

	if (!r)
		return PRIO_ENOMEM;
	for (int f = 0; f < NFIELDS && !rc; f++)
		rc = get_field(sec, items, field_keys[f], &r->field[f], err);
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

static int in_list(const struct list *l, double x)
{
	for (size_t k = 0; k < l->n; k++)
		if (x == l->v[k])
			return 1;
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
			unusable(items, res, i, r->field[f]);
			return 0;
		}
	if (reach < 0)
		host->unscored(res, i, "%s must be 0 or more (is %g)",
			       host->field_name(items, r->field[REACH]), reach);
	else if (r->impact.n && !in_list(&r->impact, impact))
		host->unscored(res, i, "%s %g is not one of %s",
			       host->field_name(items, r->field[IMPACT]), impact,
			       r->impact.text);
	else if (impact < 0)
		host->unscored(res, i, "%s must be 0 or more (is %g)",
			       host->field_name(items, r->field[IMPACT]), impact);
	else if (r->confidence.n && !in_list(&r->confidence, conf))
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

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "rice", "1.0",
		   "RICE: reach * impact * confidence / effort",
		   init, NULL, &ops);
