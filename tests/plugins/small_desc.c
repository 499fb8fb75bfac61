/*
 * small_desc.c - fixture: a descriptor whose struct_size is smaller than
 * the fields the host reads (a corrupt or hand-made one). Refused:
 * "descriptor too small".
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
	.abi_minor = PRIO_ABI_MINOR,
	.struct_size = offsetof(struct prio_plugin, init),
	.kind = PRIO_KIND_METHOD,
	.name = "fixture_small_desc",
	.version = "1.0",
	.summary = "fixture: struct_size too small",
	.init = init,
	.ops = &ops,
};
