/*
 * fixture_crash.c - fixture: a well-formed method ("fixture_crash") whose
 * init crashes with SIGSEGV, as a plugin with a bug would. It lives in a
 * folder of its own, so only the tests that ask for it load it. The
 * loader must not go down with it: `prio plugins` probes each file in a
 * child process and reports "crashed in init (SIGSEGV)", and a command
 * that needs a plugin from outside prio's own folder probes it first.
 *
 * The signal is raised with its default action, not by a bad pointer:
 * a sanitizer's handler would otherwise turn the crash into an exit.
 */
#include <signal.h>

#include <prio/method.h>

static int init(const struct prio_host *h, char *err)
{
	(void)h;
	(void)err;
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
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

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "fixture_crash", "1.0",
		   "fixture: crashes in init", init, NULL, &ops);
