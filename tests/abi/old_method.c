/*
 * old_method.c - a method built against the ABI 1.0 headers: ranks by
 * estimate (bigger first), classes "big" and "small", and says why an
 * item without an estimate is unscored.
 */
#include <math.h>
#include <string.h>

#include <prio/method.h>

static const struct prio_host *host;

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	static int field;
	const char *name = host->get(sec, "field", NULL);

	field = host->field(items, name ? name : "estimate", PRIO_TYPE_NUMBER,
			    err);
	*state = &field;
	return field < 0 ? field : 0;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const double *v = host->numbers(items, *(int *)state);
	int big = host->class_id(res, "big"), small = host->class_id(res, "small");

	(void)err;
	for (size_t i = 0; i < host->count(items); i++) {
		if (isnan(v[i])) {
			host->unscored(res, i, "no estimate");
			continue;
		}
		res->score[i] = v[i];
		res->klass[i] = v[i] >= 5 ? big : small;
	}
	return 0;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "old_method", "1.0",
		   "built against ABI 1.0: ranks by estimate", init, NULL, &ops);
