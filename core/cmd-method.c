/*
 * cmd-method.c - prio method [use NAME]: which method orders the backlog
 * ([rank] method in the workspace's prio.ini), and the choice of it, a
 * product manager's under the separate policy (the method.choose right),
 * logged like any change.
 */
#include "cmd.h"
#include "visible.h"

#include <string.h>

#include "agile.h"
#include "config.h"
#include "plugin.h"

/* The [method.NAME] sections there are, each once, in file order. */
static size_t method_sections(const struct config *cfg, const char **names,
			      size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->n; i++) {
		const char *s = cfg->v[i].section;
		size_t k = 0;

		if (strncmp(s, "method.", 7) || !s[7])
			continue;
		while (k < n && strcmp(names[k], s + 7))
			k++;
		if (k == n && n < max)
			names[n++] = s + 7;
	}
	return n;
}

/* One method of the list as a JSON object (the list's element). */
static void method_json(struct buf *b, const char *name, const char *section,
			const char *plugin, const struct plugin *pl,
			int in_use)
{
	const char *summary = pl && pl->desc ? pl->desc->summary : NULL;

	buf_adds(b, b->len > 1 ? ",\n  {\"name\": " : "\n  {\"name\": ");
	buf_addjson(b, name, strlen(name));
	buf_adds(b, ", \"section\": ");
	if (section)
		buf_addjson(b, section, strlen(section));
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"plugin\": ");
	buf_addjson(b, plugin, strlen(plugin));
	buf_addf(b, ", \"loaded\": %s, \"in_use\": %s, \"summary\": ",
		 pl ? "true" : "false", in_use ? "true" : "false");
	if (summary)
		buf_addjson(b, summary, strlen(summary));
	else
		buf_adds(b, "null");
	buf_addc(b, '}');
}

/*
 * Every method: the [method.NAME] sections, then the method plugins that
 * no section is named after. The one in use is marked with '*' (json: a
 * JSON array instead).
 */
static void list_methods(struct prio *p, const char *current, int json)
{
	const char *names[256];
	size_t n = method_sections(&p->cfg, names, 256);
	struct buf b = {0};

	prio_load_plugins(p);
	if (json)
		buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		char *section = xstrfmt("method.%s", names[i]);
		const char *plugin = config_get(&p->cfg, section, "plugin");
		const struct plugin *pl;
		int in_use = current && !strcmp(current, names[i]);

		if (!plugin)
			plugin = names[i];
		pl = plugins_find(&p->plugins, PRIO_KIND_METHOD, plugin);
		if (json)
			method_json(&b, names[i], section, plugin, pl, in_use);
		else
			buf_addvisf(&b, "%c %-16s [%s], plugin %s%s\n",
				    in_use ? '*' : ' ', names[i], section,
				    plugin, pl ? "" : " (not loaded)");
		free(section);
	}
	for (size_t i = 0; i < p->plugins.n; i++) {
		const struct prio_plugin *d = p->plugins.v[i]->desc;
		int in_use;
		size_t k = 0;

		if (!d || !p->plugins.v[i]->handle || d->kind != PRIO_KIND_METHOD)
			continue;
		while (k < n && strcmp(names[k], d->name))
			k++;
		if (k < n)
			continue;	/* listed with its section */
		in_use = current && !strcmp(current, d->name);
		if (json)
			method_json(&b, d->name, NULL, d->name, p->plugins.v[i],
				    in_use);
		else
			buf_addvisf(&b, "%c %-16s plugin: %s\n",
				    in_use ? '*' : ' ', d->name, d->summary);
	}
	if (json)
		buf_adds(&b, b.len > 1 ? "\n]\n" : "]\n");
	fputs(b.p ? b.p : "", stdout);
	buf_release(&b);
}

/* The method configures against the workspace's fields, or says why not. */
static int method_check(struct prio *p, const char *name, char *err)
{
	struct instance m = {0};
	struct prio_items v;
	struct table t;
	int rc;

	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	rc = method_open(p, name, &v, &m, err);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}

/*
 * The choice is the team's, made in the layers everyone reads: the
 * built-in one, /etc/prio/prio.ini and the workspace's prio.ini, not in
 * one person's (~/.config, -c FILE, --set).
 */
static int team_layer(const struct config_entry *e, const char *ini)
{
	return !strcmp(e->file, "<built-in>") || !strcmp(e->file, ini) ||
	       !strcmp(e->file, "/etc/prio/prio.ini");
}

/* The first entry of section in a personal layer, or NULL; *team: any in
 * the team's layers. */
static const struct config_entry *personal(const struct prio *p,
					   const char *section,
					   const char *ini, int *team)
{
	const struct config_entry *first = NULL;

	*team = 0;
	for (size_t i = 0; i < p->cfg.n; i++) {
		const struct config_entry *e = &p->cfg.v[i];

		if (strcmp(e->section, section))
			continue;
		if (team_layer(e, ini))
			*team = 1;
		else if (!first)
			first = e;
	}
	return first;
}

/* [rank] method as the team's layers have it, or NULL. */
static const char *team_method(const struct prio *p, const char *ini)
{
	const char *m = NULL;

	for (size_t i = 0; i < p->cfg.n; i++) {
		const struct config_entry *e = &p->cfg.v[i];
		if (!strcmp(e->section, "rank") && !strcmp(e->key, "method") &&
		    team_layer(e, ini))
			m = e->value;
	}
	return m;
}

static int use(struct prio *p, const char *name, int dry)
{
	char *ini = xstrfmt("%s/prio.ini", p->ws), *text = NULL, *changed = NULL;
	const char *old = team_method(p, ini);
	const struct config_entry *e = config_find(&p->cfg, "rank", "method");
	const struct config_entry *own;
	struct buf before = {0}, after = {0};
	char err[PRIO_ERR_MAX], where[PRIO_ERR_MAX / 2], *section;
	size_t len;
	int rc, shared;

	if ((rc = authorize(p, "method.choose", NULL, 0, err)) ||
	    (rc = method_check(p, name, err))) {
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	section = xstrfmt("method.%s", name);
	own = personal(p, section, ini, &shared);
	free(section);
	if (own && !shared) {
		rc = fail(EXIT_DATA, "%s: [method.%s] is only in a configuration "
			  "of yours, which no one else reads: define it in %s "
			  "first", config_where(own, where, sizeof(where)),
			  name, ini);
		goto out;
	}
	if (own)
		vis_fprintf(stderr, "prio: note: %s changes [method.%s] for you "
			"alone\n", config_where(own, where, sizeof(where)), name);
	rc = EXIT_OK;
	if (old && !strcmp(old, name)) {
		vis_printf("method: %s already\n", name);
		goto out;
	}
	if (dry) {
		vis_printf("method: %s -> %s\n", old && *old ? old : "(none)",
			   name);
		printf("dry run: nothing changed\n");
		goto out;
	}
	if (!(text = file_read(ini, &len, err))) {
		rc = fail(EXIT_DATA, "%s", err);
		goto out;
	}
	changed = ini_set(text, "rank", "method", name);
	buf_adds(&before, "{\"method\": ");
	if (old && *old)
		buf_addjson(&before, old, strlen(old));
	else
		buf_adds(&before, "null");
	buf_adds(&before, "}");
	buf_adds(&after, "{\"method\": ");
	buf_addjson(&after, name, strlen(name));
	buf_adds(&after, "}");
	if ((rc = config_write_logged(p, ini, text, changed, "method.choose",
				      before.p, after.p, err))) {
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	/* Said once it is so: after the commit, not before. */
	vis_printf("method: %s -> %s\n", old && *old ? old : "(none)", name);
	/* A later layer (-c FILE, --set) still wins over the workspace. */
	if (e && e->file && ((p->config_opt && !strcmp(e->file,
	    p->config_opt)) || !strcmp(e->file, "<command line>")) &&
	    strcmp(e->value, name))
		vis_fprintf(stderr, "prio: note: %s sets [rank] method = %s, which "
			"wins over %s while it is given\n",
			config_where(e, where, sizeof(where)), e->value, ini);
	rc = EXIT_OK;
out:
	free(ini);
	free(text);
	free(changed);
	buf_release(&before);
	buf_release(&after);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int dry = 0, o, json = -1;

	while ((o = cmd_getopt(&cmd_method, argc, argv, "hnf:", longopts)) != -1) {
		if (o == 'n')
			dry = 1;
		else if (o == 'f' && (json = json_format(optarg)) < 0)
			return fail(EXIT_USAGE, "method: --format %s: expected "
				    "text or json", optarg);
		else if (o != 'f')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (!(argc == optind ||
	      (argc - optind == 2 && !strcmp(argv[optind], "use"))))
		return cmd_usage(&cmd_method, EXIT_USAGE);
	if (dry && argc == optind)
		return fail(EXIT_USAGE, "method: --dry-run goes with use NAME");
	if (json >= 0 && argc != optind)
		return fail(EXIT_USAGE, "method: --format goes with the list, "
			    "not use NAME");
	if (argc == optind) {
		list_methods(p, config_get(&p->cfg, "rank", "method"), json > 0);
		return EXIT_OK;
	}
	return use(p, argv[optind + 1], dry);
}

const struct cmd cmd_method = {
	"method", run, "prio method [--format text|json]\n"
	"       prio method use NAME [--dry-run]",
	"list the methods, or choose the one that orders the backlog",
	"  use NAME     rank the backlog with NAME from now on: a [method.NAME]\n"
	"               section or a method plugin, checked against the\n"
	"               workspace's fields first; written to [rank] method in\n"
	"               the workspace's prio.ini and logged (prio log)\n"
	"  --dry-run    say what would change, change nothing\n"
	"\n"
	"Without arguments: every method there is, one a line, the one in use\n"
	"marked '*'. Choosing needs the method.choose right (the product\n"
	"manager's under the separate policy). `prio rank --method NAME` tries\n"
	"a method once without choosing it.\n"
	"\n"
	"--format json (keys are kept; new ones may be added), in that order:\n"
	"  [{\"name\", \"section\" (method.NAME, or null for a plugin no\n"
	"    section configures), \"plugin\", \"loaded\" (false: refused\n"
	"    or missing, prio plugins says why), \"in_use\" ([rank] method),\n"
	"    \"summary\" (the plugin's, or null)}]\n",
	.setup = SETUP_WORKSPACE,
};
