/*
 * cmd-config.c - prio config: the configuration in force, checked.
 */
#include "cmd.h"
#include "visible.h"

#include <string.h>

#include "agile.h"

/*
 * Configures every method and format section, to check their keys, and
 * checks that a format's maps go to fields that exist, which an import
 * would otherwise only find out when it reads a file.
 */
static int check_instances(struct prio *p, char *err)
{
	struct table t;
	struct prio_items v;
	int rc = 0;

	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	for (size_t i = 0; i < p->cfg.n && !rc; i++) {
		const char *s = p->cfg.v[i].section;
		struct instance in;

		if (strcmp(p->cfg.v[i].key, "plugin") ||
		    !config_effective(&p->cfg, i))
			continue;
		if (!strncmp(s, "method.", 7))
			rc = method_open(p, s + 7, &v, &in, err);
		else if (!strncmp(s, "format.", 7)) {
			rc = format_open(p, s + 7, &in, err);
			if (!rc && (rc = mapping_check(&in.map, &in.sec, &t, err)))
				instance_close(&in);
		} else
			continue;
		if (!rc)
			instance_close(&in);
	}
	view_release(&v);
	table_release(&t);
	return rc;
}

/*
 * The section of entry i, as a member of the JSON object: "SECTION":
 * {"KEY": "VALUE", ...}, or with origin {"KEY": {"value", "file",
 * "line"}}. Values stay text, as the file has them.
 */
static void config_json(struct buf *b, const struct config *cfg, size_t i,
			int origin)
{
	const char *sec = cfg->v[i].section;
	size_t n = 0;

	buf_adds(b, b->len ? ",\n " : "{");
	buf_addjson(b, sec, strlen(sec));
	buf_adds(b, ": {");
	for (size_t k = i; k < cfg->n; k++) {
		const struct config_entry *e = &cfg->v[k];

		if (strcmp(e->section, sec) || !config_effective(cfg, k))
			continue;
		buf_adds(b, n++ ? ", " : "");
		buf_addjson(b, e->key, strlen(e->key));
		buf_adds(b, ": ");
		if (origin)
			buf_adds(b, "{\"value\": ");
		buf_addjson(b, e->value, strlen(e->value));
		if (!origin)
			continue;
		buf_adds(b, ", \"file\": ");
		buf_addjson(b, e->file, strlen(e->file));
		if (e->line)
			buf_addf(b, ", \"line\": %d}", e->line);
		else
			buf_adds(b, ", \"line\": null}");
	}
	buf_addc(b, '}');
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "origin", no_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX], where[PRIO_ERR_MAX];
	int origin = 0, o, rc, json = 0;
	struct buf b = {0};

	while ((o = cmd_getopt(&cmd_config, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'o')
			origin = 1;
		else if (o == 'f' && (json = json_format(optarg)) < 0)
			return fail(EXIT_USAGE, "config: --format %s: expected "
				    "text or json", optarg);
		else if (o != 'f')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (optind != argc)
		return cmd_usage(&cmd_config, EXIT_USAGE);
	if ((rc = check_instances(p, err)))
		return fail(exit_status(rc), "%s", err);
	/* Sections in the order they first appear, each key once. */
	for (size_t i = 0; i < p->cfg.n; i++) {
		const char *sec = p->cfg.v[i].section;
		size_t j;

		for (j = 0; j < i && strcmp(p->cfg.v[j].section, sec); j++)
			;
		if (j < i)
			continue;	/* printed already */
		if (json) {
			config_json(&b, &p->cfg, i, origin);
			continue;
		}
		buf_adds(&b, b.len ? "\n" : "");
		buf_addvisf(&b, "[%s]\n", sec);
		for (size_t k = i; k < p->cfg.n; k++) {
			const struct config_entry *e = &p->cfg.v[k];
			if (strcmp(e->section, sec) || !config_effective(&p->cfg, k))
				continue;
			buf_addvisf(&b, "%s = ", e->key);
			/* continuation lines indented */
			buf_addvis_lines(&b, e->value, strlen(e->value), "  ");
			if (origin)
				buf_addvisf(&b, "  ; %s",
					 config_where(e, where, sizeof(where)));
			buf_addc(&b, '\n');
		}
	}
	if (json)
		buf_adds(&b, b.len ? "\n}\n" : "{}\n");
	fputs(b.p ? b.p : "", stdout);
	buf_release(&b);
	return EXIT_OK;
}

const struct cmd cmd_config = {
	"config", run, "prio config [--origin] [--format text|json]",
	"check the configuration and print the values in force",
	"  --origin   show after each value the FILE:LINE it comes from\n"
	"\n"
	"Layers, later ones winning: built-in defaults, /etc/prio/prio.ini,\n"
	"$XDG_CONFIG_HOME/prio/prio.ini (or ~/.config/prio/prio.ini), the\n"
	"workspace's prio.ini, -c FILE, --set SECTION.KEY=VALUE. Every\n"
	"[method.*] and [format.*] section is configured, so an unknown key,\n"
	"a bad value or a map.COLUMN to a field that does not exist is\n"
	"reported with its file and line.\n"
	"\n"
	"--format json (keys are kept; new ones may be added): one object,\n"
	"  {SECTION: {KEY: VALUE}} with the values as text; with --origin,\n"
	"  each VALUE is {\"value\", \"file\", \"line\" (null: none, as for\n"
	"  <built-in> or --set)}\n",
	.setup = SETUP_CONFIG,
};
