/*
 * abi_minor.c - fixture: a descriptor built against a newer minor ABI
 * than the host's (minor + 1). It may use services the host does not
 * have, so the loader must refuse it ("newer plugin ABI"), before init.
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
	.abi_major = PRIO_ABI_MAJOR,
	.abi_minor = PRIO_ABI_MINOR + 1,
	.struct_size = sizeof(struct prio_plugin),
	.kind = PRIO_KIND_METHOD,
	.name = "fixture_abi_minor",
	.version = "1.0",
	.summary = "fixture: built for a newer minor ABI",
	.init = init,
	.ops = &ops,
};
