/*
 * cmd-trust.c - prio trust: the workspaces whose prio.ini may make prio
 * load plugins (trust.h).
 */
#include "cmd.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "trust.h"
#include "visible.h"

static int list(void)
{
	char err[PRIO_ERR_MAX], **dirs;
	size_t n;
	int rc = trust_read(&dirs, &n, err);

	if (rc)
		return fail(exit_status(rc), "%s", err);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char *ini = xstrfmt("%s/prio.ini", dirs[i]);

		vis_printf("%s%s\n", dirs[i], stat(ini, &st) ?
			   "  (no workspace now)" : "");
		free(ini);
	}
	trust_free(dirs, n);
	return EXIT_OK;
}

/*
 * DIR as the list may hold it: the workspace at or above it, else its
 * real path, else as written (a workspace since deleted).
 */
static int remove_dir(const char *dir)
{
	char err[PRIO_ERR_MAX], *try[3];
	size_t len = strlen(dir);
	int rc = 1;

	try[0] = prio_find_workspace(dir);
	try[1] = realpath(dir, NULL);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	try[2] = xstrndup(dir, len);
	for (int i = 0; i < 3 && rc == 1; i++)
		if (try[i]) {
			rc = trust_remove(try[i], err);
			if (!rc)
				vis_printf("no longer trusted: %s\n", try[i]);
		}
	for (int i = 0; i < 3; i++)
		free(try[i]);
	if (rc == 1)
		return fail(EXIT_DATA, "%s is not trusted (prio trust --list "
			    "shows those that are)", dir);
	return rc ? fail(exit_status(rc), "%s", err) : EXIT_OK;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "remove", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *start, *remove = NULL;
	char err[PRIO_ERR_MAX], *ws;
	int o, lst = 0, rc;
	struct stat st;

	while ((o = cmd_getopt(&cmd_trust, argc, argv, "lr:h", longopts)) != -1) {
		switch (o) {
		case 'l': lst = 1; break;
		case 'r': remove = optarg; break;
		case 'h': return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1 || (lst && remove) ||
	    ((lst || remove) && optind != argc))
		return cmd_usage(&cmd_trust, EXIT_USAGE);
	if (lst)
		return list();
	if (remove)
		return remove_dir(remove);
	start = optind < argc ? argv[optind] : p->dir_opt ? p->dir_opt
		: getenv("PRIO_WORKSPACE") ? getenv("PRIO_WORKSPACE") : ".";
	if (stat(start, &st) < 0)
		return fail(EXIT_DATA, "%s: %s", start, strerror(errno));
	if (!(ws = prio_find_workspace(start)))
		return fail(EXIT_DATA, "%s: not in a prio workspace (no prio.ini "
			    "here or above)", start);
	rc = trust_add(ws, err);
	if (rc < 0) {
		free(ws);
		return fail(exit_status(rc), "%s", err);
	}
	if (rc == 1)
		vis_printf("already trusted: %s\n", ws);
	else
		vis_printf("trusted %s: its prio.ini may now name plugin "
			   "folders\n", ws);
	free(ws);
	return EXIT_OK;
}

const struct cmd cmd_trust = {
	"trust", run, "prio trust [DIR] | --list | --remove DIR",
	"let a workspace load plugins from the folders it names",
	"A workspace is data: its prio.ini may choose methods, fields and\n"
	"formats, and run Lua scripts (sandboxed), but a [plugins] path in it\n"
	"(or in a -c file inside it) loads native code, so prio ignores that\n"
	"path, and says so, until you trust the workspace. Trust it only if\n"
	"you would run its code.\n\n"
	"  DIR            the workspace at or above DIR (default: the current\n"
	"                 one, or -C DIR); its real path is recorded\n"
	"  -l, --list     the trusted workspaces\n"
	"  -r, --remove DIR  trust it no longer\n\n"
	"The list is $XDG_CONFIG_HOME/prio/trusted (or ~/.config/prio/trusted),\n"
	"one path a line; it is not used if others can write it.\n",
	.setup = SETUP_NONE,
};
