/*
 * cmd-serve.c - prio serve [--port N] [--open]: the backlog as a live
 * board in the browser, and a JSON API under /api/ (serve.h).
 */
#include "cmd.h"

#include <signal.h>
#include <spawn.h>
#include <unistd.h>
#include <string.h>

#include "serve.h"


/* Hands the URL to the desktop's browser; the board runs either way. */
static void open_browser(const char *url)
{
	char *argv[] = { (char *)"xdg-open", (char *)url, NULL };
	pid_t pid;

	signal(SIGCHLD, SIG_IGN);	/* reaped by the kernel: no zombie */
	if (posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ))
		fail(EXIT_DATA, "--open: cannot run xdg-open; open the URL "
		     "yourself");
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "open", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX], url[128], *end;
	struct serve *sv;
	int (*start)(struct prio *, unsigned, struct serve **, char *, char *);
	void (*finish)(struct serve *);
	unsigned long port = 8421;
	int o, rc, sig, open = 0;
	sigset_t stop;

	while ((o = cmd_getopt(&cmd_serve, argc, argv, "hp:", longopts)) != -1) {
		if (o == 'p') {
			port = strtoul(optarg, &end, 10);
			if (*end || end == optarg || *optarg == '-' ||
			    port > 65535)
				return fail(EXIT_USAGE, "serve: --port '%s': "
					    "expected a port from 0 to 65535 "
					    "(0: any free one)", optarg);
		} else if (o == 'o') {
			open = 1;
		} else {
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_serve, EXIT_USAGE);
	if ((rc = policy_load(p, err)))
		return fail(exit_status(rc), "%s", err);
	/* Every thread the server starts leaves these to sigwait here. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	/* The server is a module (libmicrohttpd): loaded for serve alone. */
	start = (int (*)(struct prio *, unsigned, struct serve **, char *,
			 char *))module_symbol("serve", "serve_start", err);
	finish = (void (*)(struct serve *))module_symbol("serve", "serve_stop",
							 err);
	if (!start || !finish)
		return fail(EXIT_DATA, "serve: %s", err);
	if ((rc = start(p, (unsigned)port, &sv, url, err)))
		return fail(exit_status(rc), "serve: %s", err);
	printf("prio serve: the board of %s, as %s, at\n%s\n(Ctrl-C stops "
	       "it)\n", p->ws, p->user, url);
	fflush(stdout);
	if (open)
		open_browser(url);
	do
		sigwait(&stop, &sig);
	while (sig == SIGPIPE);
	finish(sv);
	return EXIT_OK;
}

const struct cmd cmd_serve = {
	"serve", run, "prio serve [--port N] [--open]",
	"the backlog as a live board in the browser, and a JSON API",
	"  --port N   listen on 127.0.0.1 port N (default 8421; 0: any free\n"
	"             one)\n"
	"  --open     open the board in the desktop's browser\n"
	"\n"
	"Prints the board's URL, with a random token; the page keeps it in a\n"
	"cookie. The board acts as you, with your rights (prio roles): each\n"
	"change goes through the same checks as the command that makes it,\n"
	"and into the log (prio undo reverts it). Changes by anyone appear\n"
	"within a second. Listens on 127.0.0.1 only; stop it with Ctrl-C.\n"
	"The JSON API under /api/ is described in the README.\n",
	.setup = SETUP_STORE,
};
