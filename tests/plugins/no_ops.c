/*
 * no_ops.c - fixture: a descriptor without an operations table. Refused:
 * "no operations for its kind" (the host would crash calling through it).
 */
#include <stdlib.h>

#include <prio/method.h>

static int init(const struct prio_host *h, char *err)
{
	(void)h;
	(void)err;
	abort();	/* must never run */
}

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_no_ops", "1.0",
		   "fixture: no ops", init, NULL, NULL);
