/*
 * bad_name.c - fixture: a plugin name outside [a-z0-9_]+ (it would end
 * up in section names such as [method.NAME]). Refused: "invalid plugin
 * name".
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

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "Bad-Name", "1.0",
		   "fixture: an invalid name", init, NULL, &ops);
