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
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/method.h>

static const struct prio_host *host;

enum { BV, TC, RR, JS, NFIELDS };

static const char *const field_keys[NFIELDS] = {
	"field.business_value", "field.time_criticality",
	"field.risk_reduction", "field.job_size"
};

#define SCALE_MAX 32

struct wsjf {
	int field[NFIELDS];
	int fibonacci;
	int min_to_one;
	size_t nscale;
	double scale[SCALE_MAX];
	unsigned char small[256];	/* small[k]: is the integer k on it */
	char scale_text[256];	/* "1, 2, 3, 5, 8, 13, 20", for reasons */
};

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

/*
 * The field that `key` names (its default: the key without "field."),
 * resolved to a handle. A configured name that does not resolve is the
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

/* A list of numbers above 0, separated by commas, bars or blanks. */
static int parse_scale(struct wsjf *w, const char *s)
{
	size_t used = 0;

	w->nscale = 0;
	for (;;) {
		char *end;
		double d;

		s += strspn(s, " \t,|");
		if (!*s)
			break;
		errno = 0;
		d = strtod(s, &end);
		/* strchr finds the NUL too: the end of the string is fine. */
		if (end == s || errno == ERANGE || !isfinite(d) || d <= 0 ||
		    !strchr(" \t,|", *end) || w->nscale == SCALE_MAX)
			return -1;
		w->scale[w->nscale++] = d;
		if (d < 256 && d == (int)d)
			w->small[(int)d] = 1;
		used += (size_t)snprintf(w->scale_text + used,
					 sizeof(w->scale_text) - used, "%s%g",
					 used ? ", " : "", d);
		if (used >= sizeof(w->scale_text))
			used = sizeof(w->scale_text) - 1;
		s = end;
	}
	return w->nscale ? 0 : -1;
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
		if ((rc = get_field(sec, items, field_keys[f], &w->field[f], err)))
			return rc;
	if ((rc = get_choice(sec, "scale", scales, 0, &w->fibonacci, err)) ||
	    (rc = get_choice(sec, "normalize", norms, 0, &w->min_to_one, err)))
		return rc;
	values = host->get(sec, "scale_values", NULL);
	if (values && !w->fibonacci)
		return host->bad_value(sec, "scale_values",
				       err, "only used with scale = fibonacci");
	if (parse_scale(w, values ? values : "1, 2, 3, 5, 8, 13, 20"))
		return host->bad_value(sec, "scale_values", err,
				       "expected up to %d numbers above 0, "
				       "separated by commas", SCALE_MAX);
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

/* Small integers, the usual case, by table: this runs 4 times an item. */
static int on_scale(const struct wsjf *w, double x)
{
	if (x >= 0 && x < 256 && x == (int)x)
		return w->small[(int)x];
	for (size_t k = 0; k < w->nscale; k++)
		if (x == w->scale[k])
			return 1;
	return 0;
}

/* Checks item i's inputs; reports it unscored and returns 0 if unusable. */
static int usable(const struct wsjf *w, const struct prio_items *items,
		  const double *const *in, struct prio_result *res, size_t i)
{
	for (int f = 0; f < NFIELDS; f++) {
		double x = in[f][i];
		const char *name;

		if (isnan(x)) {
			unusable(items, res, i, w->field[f]);
			return 0;
		}
		/* Scale values are above 0, so the scale implies the sign. */
		if (w->fibonacci ? on_scale(w, x) :
		    x > 0 || (x == 0 && f != JS && !w->min_to_one))
			continue;
		name = host->field_name(items, w->field[f]);
		if (w->fibonacci)
			host->unscored(res, i, "%s %g is not on the scale %s",
				       name, x, w->scale_text);
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

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "wsjf", "1.1",
		   "Weighted Shortest Job First: cost of delay / job size",
		   init, NULL, &ops);
