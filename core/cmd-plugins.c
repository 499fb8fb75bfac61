/*
 * cmd-plugins.c - prio plugins: what was found on the plugin path.
 */
#include "cmd.h"
#include "visible.h"

#include <string.h>

#include "agile.h"

static void json_str(struct buf *b, const char *s)
{
	if (s)
		buf_addjson(b, s, strlen(s));
	else
		buf_adds(b, "null");
}

/* Every plugin found, loaded or refused, in path order: one array. */
static void plugins_json(struct prio *p)
{
	struct buf b = {0};

	buf_addc(&b, '[');
	for (size_t i = 0; i < p->plugins.n; i++) {
		const struct plugin *pl = p->plugins.v[i];
		const struct prio_plugin *d = pl->desc;

		buf_adds(&b, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
		json_str(&b, pl->path);
		buf_adds(&b, ", \"loaded\": ");
		buf_adds(&b, pl->refused ? "false" : "true");
		buf_adds(&b, ", \"refused\": ");
		json_str(&b, pl->refused);
		/* A refused plugin's descriptor may be unread, or not
		 * to be trusted: only a loaded one's is shown. */
		d = pl->refused ? NULL : d;
		buf_adds(&b, ", \"kind\": ");
		json_str(&b, d ? plugin_kind_name(d->kind) : NULL);
		buf_adds(&b, ", \"name\": ");
		json_str(&b, d ? d->name : NULL);
		buf_adds(&b, ", \"version\": ");
		json_str(&b, d ? d->version : NULL);
		if (d)
			buf_addf(&b, ", \"abi\": \"%u.%u\"", d->abi_major,
				 d->abi_minor);
		else
			buf_adds(&b, ", \"abi\": null");
		buf_adds(&b, ", \"summary\": ");
		json_str(&b, d ? d->summary : NULL);
		buf_addc(&b, '}');
	}
	buf_adds(&b, p->plugins.n ? "\n]\n" : "]\n");
	fputs(b.p, stdout);
	buf_release(&b);
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	size_t refused = 0;
	int o, json = 0;

	while ((o = cmd_getopt(&cmd_plugins, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'f' && (json = json_format(optarg)) < 0)
			return fail(EXIT_USAGE, "plugins: --format %s: expected "
				    "text or json", optarg);
		else if (o != 'f')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (optind != argc)
		return cmd_usage(&cmd_plugins, EXIT_USAGE);
	/* Each one in a child first: this is where one looks when a
	 * plugin crashes, so it must not crash too. */
	p->plugins.probe = PLUGINS_PROBE_ALL;
	prio_load_plugins(p);
	if (json) {
		plugins_json(p);
		return EXIT_OK;
	}
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
	"plugins", run, "prio plugins [--format text|json]",
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
	"(prio trust); a relative PRIO_PLUGIN_PATH is an error.\n"
	"\n"
	"--format json (keys are kept; new ones may be added), in path order:\n"
	"  [{\"path\", \"loaded\" (true or false), \"refused\" (why, or\n"
	"    null), \"kind\" (method, format, policy), \"name\", \"version\",\n"
	"    \"abi\" (\"MAJOR.MINOR\"), \"summary\" (these five null when\n"
	"    refused)}]\n",
	.setup = SETUP_CONFIG,
};
