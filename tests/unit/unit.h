/*
 * unit.h - what the unit tests share: temporary directories and files,
 * where the built plugins are, and a few assertions of our own.
 *
 * The tests run from the repository root (`build/tests/unit`), each in its
 * own process (Criterion forks), so a test may chdir, setenv or chmod
 * freely. Everything a test writes goes into a directory from
 * unit_tmpdir(), removed by unit_rmtree() in the suite's .fini, which
 * Criterion runs even after a failed assertion.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>

#include "prio.h"

/*
 * Where `make` put the tree these tests were built with, relative to the
 * repository root: the Makefile passes its build folder in
 * (-DPRIO_TEST_BUILD="build", or "build-asan" for `make check-asan`), so
 * sanitized tests load the sanitized plugins, never another build's.
 */
#ifndef PRIO_TEST_BUILD
#error "PRIO_TEST_BUILD (the build folder) is not set: build the tests with make"
#endif
#define UNIT_FIXTURES PRIO_TEST_BUILD "/tests/plugins"
#define UNIT_PLUGINS PRIO_TEST_BUILD "/lib/prio/plugins"

/* An absolute path for a path relative to the repository root (static). */
const char *unit_abs(const char *rel);

/* A new private (0700) directory under $TMPDIR or /tmp; free() it. */
char *unit_tmpdir(void);
/* Removes a directory tree (or a file); NULL does nothing. */
void unit_rmtree(const char *path);

/* dir/name, allocated. */
char *unit_path(const char *dir, const char *name);
/* Writes len bytes to dir/name (mode 0644); returns the path, allocated. */
char *unit_write(const char *dir, const char *name, const void *data,
		 size_t len);
/* The same for a NUL-terminated string. */
char *unit_write_str(const char *dir, const char *name, const char *text);
/* Copies a file byte for byte (a new inode, mode 0755). */
void unit_copy(const char *from, const char *to);
/* The whole file, NUL-terminated, allocated; *len may be NULL. */
char *unit_read(const char *path, size_t *len);

/* Loads text into cfg as a layer named `name`, asserting that it works. */
void unit_config(struct config *cfg, const char *text, const char *name);

/*
 * Loads every plugin of one directory (absolute or relative to the root)
 * and returns the loaded plugin of that kind and name, asserting it is
 * there.
 */
const struct plugin *unit_plugin(struct plugins *ps, const char *dir,
				 enum prio_kind kind, const char *name);

/*
 * A cell of t as a NUL-terminated string, or NULL when missing. The
 * string lives until the next 8 calls.
 */
const char *unit_cell(const struct table *t, int col, size_t row);

/* The reason an item of a ranking is unscored, or NULL. */
const char *unit_reason(const struct ranking *r, size_t item);

/* Asserts that `hay` (a string, maybe NULL) contains `needle`. */
#define assert_contains(hay, needle)					\
	do {								\
		const char *h_ = (hay), *n_ = (needle);			\
		cr_assert(h_ && strstr(h_, n_),				\
			  "expected \"%s\" in \"%s\"", n_,		\
			  h_ ? h_ : "(null)");				\
	} while (0)

#define assert_not_contains(hay, needle)				\
	do {								\
		const char *h_ = (hay), *n_ = (needle);			\
		cr_assert(h_ && !strstr(h_, n_),			\
			  "did not expect \"%s\" in \"%s\"", n_,	\
			  h_ ? h_ : "(null)");				\
	} while (0)

/*
 * The state a test of a method needs, as file-local variables: the
 * plugins, a configuration, a table and its view, a method instance and
 * its ranking, and an error buffer; with the setup and teardown that make
 * every test start clean. Use once per test file:
 *
 *	UNIT_METHOD_FIXTURE(setup, teardown)
 *	TestSuite(name, .init = setup, .fini = teardown);
 */
#define UNIT_METHOD_FIXTURE(setup_, teardown_)				\
	static struct plugins ps;					\
	static struct config cfg;					\
	static struct table t;						\
	static struct prio_items v;					\
	static struct instance m;					\
	static struct ranking r;					\
	static char err[PRIO_ERR_MAX];					\
									\
	static void setup_(void)					\
	{								\
		memset(&ps, 0, sizeof(ps));				\
		memset(&cfg, 0, sizeof(cfg));				\
		memset(&m, 0, sizeof(m));				\
		memset(&r, 0, sizeof(r));				\
		memset(&v, 0, sizeof(v));				\
		table_init(&t);						\
		err[0] = '\0';						\
	}								\
									\
	static void teardown_(void)					\
	{								\
		ranking_release(&r);					\
		instance_close(&m);					\
		view_release(&v);					\
		table_release(&t);					\
		config_release(&cfg);					\
		plugins_release(&ps);					\
	}

#endif /* UNIT_H */
