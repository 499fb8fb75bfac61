/*
 * cmd-init.c - prio init [DIR]: create a workspace.
 */
#include "cmd.h"
#include "trust.h"
#include "visible.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The schema a workspace on a server gets unless told: its folder's
 * name, lower-cased, with what SQL names cannot hold made '_'.
 */
static char *schema_of(const char *dir)
{
	char *real = realpath(dir, NULL), *base, *s;

	base = real ? strrchr(real, '/') + 1 : (char *)dir;
	s = xstrdup(*base ? base : "prio");
	for (char *c = s; *c; c++)
		*c = isalnum((unsigned char)*c) ? (char)tolower((unsigned char)*c)
						: '_';
	free(real);
	return s;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "schema", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir, *url = NULL, *schema_opt = NULL;
	char err[PRIO_ERR_MAX], *ini, *db, *text = NULL, *schema = NULL;
	struct store *s = NULL;
	int o, rc, made_dir = 0;

	while ((o = cmd_getopt(&cmd_init, argc, argv, "h", longopts)) != -1) {
		if (o == 's')
			url = optarg;
		else if (o == 'S')
			schema_opt = optarg;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (schema_opt && !url)
		return fail(EXIT_USAGE, "init: --schema names a schema of a "
			    "server store: give --store URL too");
	if (url && !store_is_server(url))
		return fail(EXIT_USAGE, "init: --store %s: not a server URL "
			    "(postgresql://...)", url);
	if (argc - optind > 1)
		return cmd_usage(&cmd_init, EXIT_USAGE);
	if (optind < argc && p->dir_opt && strcmp(argv[optind], p->dir_opt))
		return fail(EXIT_USAGE, "init: -C %s and %s name two folders",
			    p->dir_opt, argv[optind]);
	/* prio -C DIR init makes the workspace at DIR, as later -C DIR finds it. */
	dir = optind < argc ? argv[optind] : p->dir_opt ? p->dir_opt : ".";
	if (access(dir, F_OK) < 0) {
		/* Like mkdir -p, but only the last folder is removed on failure. */
		char *parent = xstrdup(dir);
		for (char *c = parent + 1; *c; c++)
			if (*c == '/') {
				*c = '\0';
				mkdir(parent, 0777);
				*c = '/';
			}
		free(parent);
		if (mkdir(dir, 0777) < 0)
			return fail(EXIT_DATA, "%s: %s", dir, strerror(errno));
		made_dir = 1;
	}
	ini = xstrfmt("%s/prio.ini", dir);
	db = prio_store_path(dir);
	if (access(ini, F_OK) == 0 || access(db, F_OK) == 0) {
		rc = fail(EXIT_DATA, "%s: already a prio workspace", dir);
		goto out;
	}
	if (url) {
		char *real;

		schema = schema_opt ? xstrdup(schema_opt) : schema_of(dir);
		text = ini_set(workspace_ini, "store", "url", url);
		{
			char *t = ini_set(text, "store", "schema", schema);
			free(text);
			text = t;
		}
		/* This user chose the server: their workspace is trusted. */
		if (!(real = realpath(dir, NULL)) ||
		    (rc = trust_add(real, err)) < 0) {
			rc = fail(EXIT_DATA, "%s", real ? err : strerror(errno));
			free(real);
			goto out;
		}
		free(real);
	}
	if ((rc = file_write_atomic(ini, text ? text : workspace_ini,
				    strlen(text ? text : workspace_ini), err))) {
		rc = fail(EXIT_DATA, "%s", err);
		goto out;
	}
	p->dir_opt = dir;
	if ((rc = prio_setup(p, 1, err)) ||
	    (rc = store_open(&s, url ? url : db, schema, 1, err)) ||
	    (rc = store_begin(s, err)) ||
	    (rc = store_sync_fields(s, &p->schema, err)) ||
	    (rc = store_commit(s, err))) {
		/* Leave nothing half made behind. */
		store_close(s);
		s = NULL;
		unlink(ini);
		unlink(db);
		if (made_dir)
			rmdir(dir);
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	if (url)
		vis_printf("Initialised an empty prio workspace in %s, its "
			   "backlog in schema %s on %s\n", p->ws, schema, url);
	else
		vis_printf("Initialised an empty prio workspace in %s\n", p->ws);
out:
	store_close(s);
	free(text);
	free(schema);
	free(ini);
	free(db);
	return rc;
}

const struct cmd cmd_init = {
	"init", run, "prio init [DIR] [--store URL [--schema NAME]]",
	"create a workspace (prio.ini and backlog.db) in DIR or here",
	"Creates DIR if needed, writes a commented prio.ini and an empty\n"
	"backlog.db beside it. Refuses a folder that is already a workspace.\n"
	"  --store URL     keep the backlog on a PostgreSQL server instead\n"
	"                  (postgresql:///prio?host=/run/postgresql), shared\n"
	"                  by everyone whose workspace names it; prio.ini gets\n"
	"                  [store] url and schema, and the workspace is trusted\n"
	"  --schema NAME   the backlog's schema in that database (default: the\n"
	"                  folder's name); several live side by side\n",
	.setup = SETUP_NONE,
};
