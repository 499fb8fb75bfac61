/*
 * test_build.c - the unit tests test the build they belong to: a binary
 * in BUILD/tests/unit loads the plugins and fixtures of BUILD, so the
 * sanitized tests of `make check-asan` (build-asan) run sanitized plugins
 * and need no other build beside them.
 */
#include "unit.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

/* The build folder this test binary lives in: BUILD of BUILD/tests/unit. */
static char *own_build(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	cr_assert_gt(n, 0, "readlink /proc/self/exe");
	exe[n] = '\0';
	return xstrdup(dirname(dirname(exe)));
}

Test(build, plugins_and_fixtures_are_this_builds)
{
	char *b = own_build();
	char *plugins = xstrfmt("%s/lib/prio/plugins", b);
	char *fixtures = xstrfmt("%s/tests/plugins", b);

	cr_assert_str_eq(unit_abs(UNIT_PLUGINS), plugins);
	cr_assert_str_eq(unit_abs(UNIT_FIXTURES), fixtures);
	free(plugins);
	free(fixtures);
	free(b);
}
