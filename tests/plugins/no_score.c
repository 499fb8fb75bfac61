/*
 * no_score.c - fixture: a method without a score operation. Refused at
 * load: "no score operation" (the host would crash ranking with it).
 */
#include <stdlib.h>

#include <prio/method.h>

static int init(const struct prio_host *h, char *err)
{
	(void)h;
	(void)err;
	abort();	/* must never run */
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_no_score", "1.0",
		   "fixture: a method that cannot score", init, NULL, &ops);
