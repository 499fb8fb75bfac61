/*
 * bad_kind.c - fixture: a descriptor whose kind the host does not know
 * (99). The loader must refuse it ("unknown plugin kind 99"), before init.
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

PRIO_PLUGIN_DEFINE((enum prio_kind)99, "fixture_bad_kind", "1.0",
		   "fixture: a kind from the future", init, NULL, &ops);
