/*
 * cmd-store.c - prio store copy --from DIR: the whole store of the
 * workspace in DIR copied into this workspace's store, which must be
 * empty: a backlog moved to another store (from SQLite to a shared one,
 * and back) with nothing lost.
 *
 * What the workspace JSON moves (workspace-json.c: items with their ids
 * and every field, pins and positions, criteria, sprints with their
 * items, the roadmap, the vision) goes through it, in memory; then the
 * log, every entry whole (its number, time, user, roles, change, undoes,
 * via), and the next item id, so that an id removed there is never
 * handed out here. Only store operations (store.h) are used, so any two
 * stores copy into each other. One transaction: all of it or nothing.
 */
#include "cmd.h"
#include "visible.h"

#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int keep_last(void *arg, const struct log_entry *e, const char *at)
{
	(void)at;
	*(long long *)arg = e->id;
	return 0;
}

/* The number of the store's newest log entry (0: none). */
static int last_entry(struct store *s, long long *id, char *err)
{
	*id = 0;
	return store_log_select(s, "id = (SELECT max(id) FROM log) AND ?1 = 0",
				0, keep_last, id, err);
}

/*
 * What tells that the source changed while it was read: its generation
 * (items) and its newest log entry (every change is logged).
 */
struct state {
	long long generation, last;
};

static int state_of(struct store *s, struct state *st, char *err)
{
	if ((st->generation = store_generation(s, err)) < 0)
		return PRIO_EIO;
	return last_entry(s, &st->last, err);
}

struct copy {
	struct store *to;
	size_t n;
	char *err;
};

static int put_entry(void *arg, const struct log_entry *e, const char *at)
{
	struct copy *c = arg;
	int rc = store_log_put(c->to, e, at, c->err);

	c->n += !rc;
	return rc;
}

/*
 * Is DIR this very workspace (another name for it, a link to its store,
 * the same server store)?
 */
static int same_workspace(struct prio *p, struct prio *src)
{
	const char *ua = prio_store_url(p), *ub = prio_store_url(src);
	const char *sa = config_get(&p->cfg, "store", "schema");
	const char *sb = config_get(&src->cfg, "store", "schema");
	char *a, *b;
	struct stat x, y;
	int same;

	if (!strcmp(p->ws, src->ws))
		return 1;
	if (ua || ub)
		return ua && ub && !strcmp(ua, ub) &&
		       !strcmp(sa ? sa : "", sb ? sb : "");
	a = prio_store_path(p->ws);
	b = prio_store_path(src->ws);
	same = !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev &&
	       x.st_ino == y.st_ino;
	free(a);
	free(b);
	return same;
}

static int copy(struct prio *p, const char *dir)
{
	struct prio src = {0};
	struct workspace_counts n = {0};
	struct state before, after;
	struct buf doc = {0}, note = {0};
	struct copy c = { .to = p->store };
	char err[PRIO_ERR_MAX], *ini = xstrfmt("%s/prio.ini", dir);
	long long last, items, next = 0;
	int rc, found = access(ini, F_OK) == 0;

	free(ini);
	/* DIR itself, not a workspace above it as -C finds one. */
	if (!found)
		return fail(EXIT_DATA, "--from %s: not a prio workspace (no "
			    "prio.ini there)", dir);
	src.dir_opt = dir;
	if ((rc = prio_setup(&src, 1, err)) || (rc = prio_open_store(&src, err))) {
		prio_release(&src);
		return fail(exit_status(rc), "--from %s: %s", dir, err);
	}
	if (same_workspace(p, &src)) {
		prio_release(&src);
		return fail(EXIT_DATA, "--from %s: is this workspace; a store is "
			    "copied into another one (prio init a new one)", dir);
	}
	if ((rc = authorize(p, "import", NULL, 0, err)) ||
	    (rc = state_of(src.store, &before, err)) ||
	    (rc = workspace_export(&src, &doc, err)) ||
	    (rc = store_begin(p->store, err)) ||
	    (rc = last_entry(p->store, &last, err)))
		goto out;
	/* No log either: its entries would be mixed with DIR's. */
	if (last && (items = store_count(p->store, err)) <= 0) {
		rc = items < 0 ? (int)items : errf(err, PRIO_EINVAL, "%s: a "
			  "whole store goes into an empty one, and this one "
			  "has a log (prio init a new one)", p->ws);
		goto out;
	}
	/* The rest of what makes it not empty, workspace_import checks. */
	if ((rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = workspace_import_text(p, src.ws, doc.p, doc.len, &n, err)))
		goto out;
	c.err = err;
	if ((rc = store_log_select(src.store, "?1 = 0", 0, put_entry, &c,
				   err)) ||
	    (rc = store_next_id(src.store, 0, &next, err)) ||
	    (rc = store_next_id(p->store, next, &next, err)) ||
	    (rc = state_of(src.store, &after, err)))
		goto out;
	if (before.generation != after.generation || before.last != after.last) {
		rc = errf(err, PRIO_EINVAL, "--from %s: changed while it was "
			  "copied (someone wrote to it): nothing was copied, "
			  "run prio store copy again", dir);
		goto out;
	}
	buf_adds(&note, "{\"from\": ");
	buf_addjson(&note, src.ws, strlen(src.ws));
	buf_addf(&note, ", \"items\": %zu, \"entries\": %zu, \"next_id\": "
		 "%lld}", n.items, c.n, next);
	if ((rc = audit(p, "store.copy", 0, NULL, note.p, err)) ||
	    (rc = store_commit(p->store, err)))
		goto out;
	vis_printf("copied %zu item%s, %zu log entr%s, %zu criteri%s, %zu "
		   "sprint%s, %zu initiative%s%s from %s; the next new item "
		   "gets id %lld\n", n.items, n.items == 1 ? "" : "s", c.n,
		   c.n == 1 ? "y" : "ies", n.criteria,
		   n.criteria == 1 ? "on" : "a", n.sprints,
		   n.sprints == 1 ? "" : "s", n.initiatives,
		   n.initiatives == 1 ? "" : "s", n.vision ? " and the vision" :
		   "", src.ws, next);
out:
	if (rc)
		store_rollback(p->store);
	free(n.ids);
	buf_release(&doc);
	buf_release(&note);
	prio_release(&src);
	return rc ? fail(exit_status(rc), "%s", err) : EXIT_OK;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *from = NULL;
	int o;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_usage(&cmd_store, argc < 2 ? EXIT_USAGE : EXIT_OK);
	if (strcmp(argv[1], "copy")) {
		fail(EXIT_USAGE, "store: unknown subcommand '%s'", argv[1]);
		return cmd_usage(&cmd_store, EXIT_USAGE);
	}
	optind = 2;
	while ((o = cmd_getopt(&cmd_store, argc, argv, "h", longopts)) != -1) {
		if (o != 'f')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
		from = optarg;
	}
	if (!from || optind != argc)
		return cmd_usage(&cmd_store, EXIT_USAGE);
	return copy(p, from);
}

const struct cmd cmd_store = {
	"store", run,
	"prio store copy --from DIR",
	"copy a whole store from another workspace into this empty one",
	"copy: the store of the workspace in DIR (DIR itself holds its\n"
	"prio.ini) goes whole into this workspace's, which must be empty (no\n"
	"items, sprints, roadmap, vision or log: prio init a new one): the\n"
	"items with their ids and every field, pins and positions, criteria,\n"
	"sprints with their items, the roadmap, the vision, and the log, every\n"
	"entry as it was (its number, time, user and roles); ids removed there\n"
	"are never handed out here. The copy is logged here as store.copy.\n"
	"Fields: this workspace declares every custom field DIR's items\n"
	"have (its prio.ini); the method and roles are the workspace's own.\n"
	"It needs the rights of an import of a whole workspace (import, and\n"
	"vision.edit, roadmap.edit, sprint.plan for what DIR has). One\n"
	"transaction: all of it or nothing; if DIR changes meanwhile, nothing\n"
	"is copied (run it again).\n",
	.setup = SETUP_STORE,
	.subcommands = 1,
	.needs_args = 1,
};
