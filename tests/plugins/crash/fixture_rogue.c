/*
 * fixture_rogue.c - fixture: a method ("fixture_rogue") that goes wrong
 * as $PRIO_TEST_ROGUE says: "ctor" crashes with SIGSEGV in its ELF
 * constructor (inside dlopen, before prio sees a descriptor), "exit"
 * exits with status 7 from init, "hang" never returns from init.
 * Unset, it is a well-behaved plugin.
 * The probe must say which happened, and where.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <prio/method.h>

static void ctor(void) __attribute__((constructor));

static void ctor(void)
{
	const char *how = getenv("PRIO_TEST_ROGUE");

	if (how && !strcmp(how, "ctor")) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
}

static int init(const struct prio_host *h, char *err)
{
	const char *how = getenv("PRIO_TEST_ROGUE");

	(void)h;
	(void)err;
	if (how && !strcmp(how, "exit"))
		_exit(7);
	while (how && !strcmp(how, "hang"))
		pause();
	return 0;
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

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_rogue", "1.0",
		   "fixture: crashes or exits when told to", init, NULL, &ops);
