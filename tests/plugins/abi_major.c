/*
 * abi_major.c - fixture: a descriptor from a future, incompatible ABI
 * (major + 1). Written by hand, as PRIO_PLUGIN_DEFINE would fill in the
 * right numbers. The loader must refuse it before calling init (which
 * would abort the test binary if it ran).
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

PRIO_EXPORT extern const struct prio_plugin prio_plugin;
const struct prio_plugin prio_plugin = {
	.abi_major = PRIO_ABI_MAJOR + 1,
	.abi_minor = 0,
	.struct_size = sizeof(struct prio_plugin),
	.kind = PRIO_KIND_METHOD,
	.name = "fixture_abi_major",
	.version = "1.0",
	.summary = "fixture: built for the next major ABI",
	.init = init,
	.ops = &ops,
};
