/*
 * cmd-log.c - prio log [ID]: the audit log, oldest first.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "visible.h"

struct log_out {
	struct prio *p;
	struct buf b;
	int json;
	size_t n;
	long long item;			/* the item whose log it is, or 0 */
	struct import_origin origin;	/* the import that made it */
	int rc;
	char *err;
};

static void add_json_or_null(struct buf *b, const char *json)
{
	buf_adds(b, json ? json : "null");
}

/* An import's own entry: its file and counts (not its list of ids). */
static void import_summary(struct log_out *o, const struct log_entry *e)
{
	static const char *const counts[] = {
		"created", "updated", "unchanged", "rejected",
	};
	const struct jfield *f;
	struct jobj j;

	if (jobj_parse(e->after, &j))
		return;
	if ((f = jget(&j, "file")) && f->val)
		buf_addvisf(&o->b, "\n    file:   %s", f->val);
	if ((f = jget(&j, "sha256")) && f->val)
		buf_addvisf(&o->b, " (sha256 %.12s...)", f->val);
	if (e->id == o->origin.entry) {
		/* The item as the import made it, read back like any after. */
		struct log_entry made = {
			.action = "import", .item = o->item, .id = e->id,
		};
		struct buf v = {0};

		buf_addf(&o->b, "\n    created #%lld from line %lu", o->item,
			 o->origin.line);
		if (!history_after(o->p, &made, &v, o->err) && v.p)
			buf_addvisf(&o->b, "\n    after:  %s", v.p);
		buf_release(&v);
	}
	buf_adds(&o->b, "\n    ");
	for (size_t i = 0; i < 4; i++)
		if ((f = jget(&j, counts[i])) && f->val)
			buf_addvisf(&o->b, "%s%s %s", i ? ", " : "", f->val,
				    counts[i]);
	jobj_release(&j);
}

static int one(void *arg, const struct log_entry *e, const char *at)
{
	struct log_out *o = arg;
	struct buf derived = {0};
	const char *after = e->after;
	int import = !strcmp(e->action, "import") && !e->item;

	/* The log keeps before-values: what an entry left is read back. */
	if (!after && !e->reason) {
		if ((o->rc = history_after(o->p, e, &derived, o->err)))
			return o->rc;
		after = derived.p;
	}
	if (o->json) {
		buf_adds(&o->b, o->n++ ? ",\n  {" : "\n  {");
		buf_addf(&o->b, "\"entry\": %lld, \"change\": %lld, ",
			 e->id, e->change);
		if (e->undoes)
			buf_addf(&o->b, "\"undoes\": %lld, ", e->undoes);
		buf_adds(&o->b, "\"at\": ");
		buf_addjson(&o->b, at, strlen(at));
		buf_adds(&o->b, ", \"user\": ");
		buf_addjson(&o->b, e->user, strlen(e->user));
		buf_adds(&o->b, ", \"roles\": ");
		buf_addjson(&o->b, e->roles, strlen(e->roles));
		buf_adds(&o->b, ", \"via\": ");
		if (e->via)
			buf_addjson(&o->b, e->via, strlen(e->via));
		else
			buf_adds(&o->b, "null");
		buf_adds(&o->b, ", \"action\": ");
		buf_addjson(&o->b, e->action, strlen(e->action));
		if (e->item)
			buf_addf(&o->b, ", \"item\": %lld", e->item);
		else
			buf_adds(&o->b, ", \"item\": null");
		buf_adds(&o->b, ", \"before\": ");
		add_json_or_null(&o->b, e->before);
		buf_adds(&o->b, ", \"after\": ");
		add_json_or_null(&o->b, after);
		buf_addf(&o->b, ", \"outcome\": \"%s\", \"reason\": ",
			 e->reason ? "refused" : "done");
		if (e->reason)
			buf_addjson(&o->b, e->reason, strlen(e->reason));
		else
			buf_adds(&o->b, "null");
		buf_addc(&o->b, '}');
		buf_release(&derived);
		return 0;
	}
	buf_addvisf(&o->b, "%lld  %s  %s (%s)", e->id, at, e->user, e->roles);
	if (e->via)
		buf_addvisf(&o->b, " via %s", e->via);
	buf_addvisf(&o->b, "  %s", e->action);
	if (e->undoes)
		buf_addf(&o->b, " of change %lld", e->undoes);
	if (e->item)
		buf_addf(&o->b, "  #%lld", e->item);
	if (e->change != e->id)
		buf_addf(&o->b, "  (change %lld)", e->change);
	if (e->reason) {
		buf_addvisf(&o->b, "  REFUSED: %s", e->reason);
		if (e->after)
			buf_addvisf(&o->b, "\n    tried:  %s", e->after);
	} else if (import) {
		import_summary(o, e);
	} else {
		if (e->before)
			buf_addvisf(&o->b, "\n    before: %s", e->before);
		if (after)
			buf_addvisf(&o->b, "\n    after:  %s", after);
	}
	buf_addc(&o->b, '\n');
	buf_release(&derived);
	o->n++;
	return 0;
}

static int count_one(void *arg, const struct log_entry *e, const char *at)
{
	(void)e;
	(void)at;
	++*(size_t *)arg;
	return 0;
}

/*
 * The item REF names, or a removed one: its id stays its own (no new
 * item gets it), and so does its history.
 */
static int log_item(struct prio *p, const char *ref, long long *id)
{
	char err[PRIO_ERR_MAX], *end;
	size_t n = 0;
	int rc = store_lookup(p->store, ref, strlen(ref), id, err);

	if (rc < 0)
		return fail(exit_status(rc), "%s", err);
	if (rc)
		return 0;
	*id = strtoll(ref, &end, 10);
	if (*ref && !*end && *id > 0 &&
	    !(rc = store_log_read(p->store, *id, count_one, &n, err)) && n)
		return 0;
	if (rc)
		return fail(exit_status(rc), "%s", err);
	return fail(EXIT_DATA, "no item '%s', and no log of one", ref);
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct log_out out = {0};
	char err[PRIO_ERR_MAX];
	long long id = 0;
	int o, rc;

	while ((o = cmd_getopt(&cmd_log, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
			out.json = !strcmp(optarg, "json");
		else if (o == 'f')
			return fail(EXIT_USAGE, "log: --format %s: expected text "
				    "or json", optarg);
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind > 1)
		return cmd_usage(&cmd_log, EXIT_USAGE);
	if (optind < argc && (rc = log_item(p, argv[optind], &id)))
		return rc;
	out.p = p;
	out.err = err;
	out.item = id;
	if (out.json)
		buf_addc(&out.b, '[');
	/* An item an import made: that import's entry begins its history. */
	if (id && (rc = history_import_of(p, id, &out.origin, err)) > 0) {
		char *where = xstrfmt("item = ?1 OR id = %lld",
				      out.origin.entry);
		rc = store_log_select(p->store, where, id, one, &out, err);
		free(where);
	} else if (!rc) {
		rc = store_log_read(p->store, id, one, &out, err);
	}
	import_origin_release(&out.origin);
	if (rc) {
		buf_release(&out.b);
		return fail(exit_status(rc), "%s", err);
	}
	if (out.json)
		buf_adds(&out.b, out.n ? "\n]\n" : "]\n");
	fputs(out.b.p ? out.b.p : "", stdout);
	buf_release(&out.b);
	return EXIT_OK;
}

const struct cmd cmd_log = {
	"log", run, "prio log [ID] [--format text|json]",
	"show the audit log: every change and every refusal, oldest first",
	"Each entry: its number, when, who (their roles, and where prio\n"
	"learnt who they are: --as, PRIO_USER or the login name), the action,\n"
	"the item, and the values before and after; a refusal says why, and\n"
	"what it tried to write. Entries one command wrote together (an\n"
	"import, a set of several kinds of field) are one change, numbered by\n"
	"its first entry, which prio undo reverts as one. With ID, only that\n"
	"item's entries (a removed item's too: ids are never reused). JSON\n"
	"keys: entry, change, undoes (an undo's), at, user, roles, via,\n"
	"action, item, before, after, outcome, reason.\n",
	.setup = SETUP_STORE,
};
