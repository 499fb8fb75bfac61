/*
 * cmd-init.c - prio init [DIR]: create a workspace.
 */
#include "cmd.h"
#include "visible.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int run(struct prio *p, int argc, char **argv)
{
	const char *dir;
	char err[PRIO_ERR_MAX], *ini, *db;
	struct store *s = NULL;
	int o, rc, made_dir = 0;

	while ((o = cmd_getopt(&cmd_init, argc, argv, "h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
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
	if ((rc = file_write_atomic(ini, workspace_ini, strlen(workspace_ini),
				    err))) {
		rc = fail(EXIT_DATA, "%s", err);
		goto out;
	}
	p->dir_opt = dir;
	if ((rc = prio_setup(p, 1, err)) || (rc = store_open(&s, db, 1, err)) ||
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
	vis_printf("Initialised an empty prio workspace in %s\n", p->ws);
out:
	store_close(s);
	free(ini);
	free(db);
	return rc;
}

const struct cmd cmd_init = {
	"init", run, "prio init [DIR]",
	"create a workspace (prio.ini and backlog.db) in DIR or here",
	"Creates DIR if needed, writes a commented prio.ini and an empty\n"
	"backlog.db beside it. Refuses a folder that is already a workspace.\n",
	.setup = SETUP_NONE,
};
