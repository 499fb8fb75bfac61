/*
 * init_fail.c - fixture: a well-formed plugin whose init fails with a
 * message. The loader must refuse it ("init failed: ..." with the
 * message) and must not call its fini.
 */
#include <stdio.h>
#include <stdlib.h>

#include <prio/method.h>

static int init(const struct prio_host *h, char *err)
{
	(void)h;
	snprintf(err, PRIO_ERR_MAX, "fixture_init_fail needs a licence key");
	return PRIO_EINVAL;
}

static void fini(void)
{
	abort();	/* init failed: fini must never run */
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

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_init_fail", "1.0",
		   "fixture: init fails", init, fini, &ops);
