/*
 * zz_dup_name.c - fixture: a valid method that takes the name of
 * good_method.so ("fixture_good"). Plugins load in file name order, so
 * the file is named to sort after good_method.so: the loader must keep
 * the first and refuse this one ("duplicate name"), before its init.
 */
#include <stdlib.h>

#include <prio/method.h>

static int init(const struct prio_host *h, char *err)
{
	(void)h;
	(void)err;
	abort();	/* must never run */
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	(void)state, (void)items, (void)res, (void)err;
	abort();	/* never loaded: never called */
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.score = score,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_good", "2.0",
		   "fixture: steals the name of good_method.so", init, NULL,
		   &ops);
