/*
 * no_descriptor.c - fixture: a shared object that exports a function but
 * no `prio_plugin` descriptor. The loader must refuse it ("no prio_plugin
 * descriptor").
 */
#include <prio/plugin.h>

PRIO_EXPORT int fixture_not_a_plugin(void);

int fixture_not_a_plugin(void)
{
	return 42;
}
