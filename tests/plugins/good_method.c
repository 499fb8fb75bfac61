/*
 * good_method.c - fixture: a valid method plugin, "fixture_good".
 *
 * Scores each item by its number field "x", times the optional key
 * `scale` of its section (default 1). An item without a valid x is left
 * as NaN *without* a reason, on purpose: it exercises the host's "the
 * method gave no valid score" fallback. Being trivial, it lets the tests
 * drive the host's sort with any scores they like.
 */
#include <stdlib.h>

#include <prio/method.h>

static const struct prio_host *host;

struct good {
	int x;
	double scale;
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
	const char *s = host->get(sec, "scale", NULL);
	struct good *g = malloc(sizeof(*g));
	char *end;

	if (!g)
		return PRIO_ENOMEM;
	g->scale = 1;
	if (s) {
		g->scale = strtod(s, &end);
		if (!*s || *end) {
			free(g);
			return PRIO_EINVAL;
		}
	}
	g->x = host->field(items, "x", PRIO_TYPE_NUMBER, err);
	if (g->x < 0) {
		int rc = g->x;
		free(g);
		return rc;
	}
	*state = g;
	return 0;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct good *g = state;
	const double *x = host->numbers(items, g->x);
	size_t n = host->count(items);

	(void)err;
	for (size_t i = 0; i < n; i++)
		res->score[i] = x[i] * g->scale;
	return 0;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_good", "1.0",
		   "fixture: scores by the number field x", init, NULL, &ops);
