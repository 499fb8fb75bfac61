/*
 * small_ops.c - fixture: operations whose struct_size is smaller than the
 * fields the host calls (a corrupt or hand-made table). Refused at load:
 * "operations too small", so that no command has to check it later.
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
	abort();
}

static const struct prio_method_ops ops = {
	.struct_size = offsetof(struct prio_method_ops, explain),
	.score = score,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_small_ops", "1.0",
		   "fixture: ops struct_size too small", init, NULL, &ops);
