/*
 * cmd-plugins.c - prio plugins: what was found on the plugin path.
 */
#include "cmd.h"
#include "visible.h"

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	size_t refused = 0;
	int o, rc;

	while ((o = cmd_getopt(&cmd_plugins, argc, argv, "h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (optind != argc)
		return cmd_usage(&cmd_plugins, EXIT_USAGE);
	if ((rc = prio_setup(p, 0, err)))
		return fail(exit_status(rc), "%s", err);
	/* Each one in a child first: this is where one looks when a
	 * plugin crashes, so it must not crash too. */
	p->plugins.probe = PLUGINS_PROBE_ALL;
	prio_load_plugins(p);
	printf("%-7s %-14s %-8s %s\n", "KIND", "NAME", "VERSION", "FILE");
	for (size_t i = 0; i < p->plugins.n; i++) {
		const struct plugin *pl = p->plugins.v[i];
		if (pl->refused) {
			refused++;
			continue;
		}
		vis_printf("%-7s %-14s %-8s %s\n", plugin_kind_name(pl->desc->kind),
		       pl->desc->name, pl->desc->version ? pl->desc->version : "",
		       pl->path);
	}
	if (refused) {
		printf("\nrefused:\n");
		for (size_t i = 0; i < p->plugins.n; i++)
			if (p->plugins.v[i]->refused)
				vis_printf("  %s: %s\n", p->plugins.v[i]->path,
				       p->plugins.v[i]->refused);
	}
	return EXIT_OK;
}

const struct cmd cmd_plugins = {
	"plugins", run, "prio plugins",
	"list the plugins found, and those refused with the reason",
	"The plugin path, searched in order: the built-in directory\n"
	"(PREFIX/lib/prio/plugins), then [plugins] path in the configuration\n"
	"(colon-separated, relative to the file that sets it), then\n"
	"PRIO_PLUGIN_PATH. A plugin is refused when it or its directory is\n"
	"writable by others or owned by another user, is not a shared object,\n"
	"has no prio_plugin descriptor, was built for another plugin ABI, is\n"
	"of an unknown kind, repeats a name already loaded, or fails its init.\n"
	"Every folder from / down to a plugin must be safe in the same way\n"
	"(a sticky one above it, like /tmp, is), through symbolic links too.\n"
	"Each file is first loaded in a child process, so a plugin that\n"
	"crashes is listed as refused (\"crashed in init (SIGSEGV)\").\n"
	"A [plugins] path from a workspace counts only once it is trusted\n"
	"(prio trust); a relative PRIO_PLUGIN_PATH is an error.\n",
};
