/*
 * ctor_marker.c - fixture: a valid method ("fixture_ctor") whose ELF
 * constructor creates the file named by $PRIO_TEST_MARKER. A constructor
 * runs inside dlopen, before the loader can look at the descriptor, so
 * this shows whether the loader opened a file at all: an unsafe copy
 * (group-writable, say) must be refused *before* dlopen, leaving no
 * marker.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <prio/method.h>

static void mark(void) __attribute__((constructor));

static void mark(void)
{
	const char *path = getenv("PRIO_TEST_MARKER");
	int fd;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	(void)sec;
	(void)items;
	(void)state;
	(void)err;
	return 0;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	(void)state;
	(void)items;
	(void)res;
	(void)err;
	return 0;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_ctor", "1.0",
		   "fixture: marks a file when loaded", NULL, NULL, &ops);
