/*
 * wsjf.c - Weighted Shortest Job First (SAFe).
 *
 *	cost of delay = business_value + time_criticality + risk_reduction
 *	WSJF          = cost of delay / job_size
 *
 * An item missing an input, or with a job size of zero or less, is not
 * scored: it is reported with the reason, never ranked as zero.
 */
#include <math.h>
#include <stdlib.h>

#include <prio/method.h>

static const struct prio_host *host;

enum { BV, TC, RR, JS, NFIELDS };

static const char *const names[NFIELDS] = {
	"business_value", "time_criticality", "risk_reduction", "job_size"
};

struct wsjf {
	int field[NFIELDS];
};

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct wsjf *w;

	(void)sec;
	w = malloc(sizeof(*w));
	if (!w)
		return PRIO_ENOMEM;
	for (int f = 0; f < NFIELDS; f++) {
		w->field[f] = host->field(items, names[f], PRIO_TYPE_NUMBER, err);
		if (w->field[f] < 0) {
			int rc = w->field[f];
			free(w);
			return rc;
		}
	}
	*state = w;
	return 0;
}

/* Why an input is unusable: missing, or present but not a number. */
static void unusable(const struct prio_items *items, struct prio_result *res,
		     size_t i, int field, const char *name)
{
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
	const struct wsjf *w = state;
	const double *in[NFIELDS];
	size_t n = host->count(items);

	(void)err;
	for (int f = 0; f < NFIELDS; f++)
		in[f] = host->numbers(items, w->field[f]);
	for (size_t i = 0; i < n; i++) {
		double cod, js = in[JS][i];
		int bad = -1;

		for (int f = 0; f < NFIELDS && bad < 0; f++)
			if (isnan(in[f][i]))
				bad = f;
		if (bad >= 0) {
			unusable(items, res, i, w->field[bad], names[bad]);
			continue;
		}
		if (js <= 0) {
			host->unscored(res, i, "job_size must be above 0 (is %g)",
				       js);
			continue;
		}
		cod = in[BV][i] + in[TC][i] + in[RR][i];
		res->score[i] = cod / js;
	}
	return 0;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "wsjf", "1.0",
		   "Weighted Shortest Job First: cost of delay / job size",
		   init, NULL, &ops);
