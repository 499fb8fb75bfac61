/*
 * cmd-show.c - prio show ID: every field of one item, then its acceptance
 * criteria, its sprint, its children and how much history it has.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "agile.h"
#include "date.h"
#include "filter.h"
#include "history.h"
#include "visible.h"

/* What is around the item, beyond its fields. */
struct around {
	struct buf crit, kids;	/* text lines, or JSON array elements */
	size_t ncrit, nchecked, nkids, nlog;
	int json;
	long long sprint;
	char sprint_name[64];
};

static int one_criterion(void *arg, const struct criterion *c)
{
	struct around *a = arg;

	if (a->json) {
		buf_addf(&a->crit, "%s{\"n\": %lld, \"text\": ",
			 a->ncrit ? ", " : "", c->n);
		buf_addjson(&a->crit, c->text, strlen(c->text));
		buf_addf(&a->crit, ", \"checked\": %s}",
			 c->checked ? "true" : "false");
	} else {
		buf_addvisf(&a->crit, "  %lld. [%s] %s\n", c->n,
			 c->checked ? "x" : " ", c->text);
	}
	a->ncrit++;
	a->nchecked += c->checked != 0;
	return 0;
}

static int one_child(void *arg, long long id, const char *key,
		     const char *title)
{
	struct around *a = arg;

	if (a->json) {
		buf_addf(&a->kids, "%s{\"id\": %lld, \"key\": ",
			 a->nkids ? ", " : "", id);
		if (key)
			buf_addjson(&a->kids, key, strlen(key));
		else
			buf_adds(&a->kids, "null");
		buf_adds(&a->kids, ", \"title\": ");
		buf_addjson(&a->kids, title, strlen(title));
		buf_addc(&a->kids, '}');
	} else {
		buf_addvisf(&a->kids, "  %lld%s%s  %s\n", id, key ? " " : "",
			 key ? key : "", title);
	}
	a->nkids++;
	return 0;
}

static int one_sprint(void *arg, const struct sprint *sp)
{
	struct around *a = arg;

	if (sp->id == a->sprint)
		snprintf(a->sprint_name, sizeof(a->sprint_name), "%s", sp->name);
	return 0;
}

static int one_entry(void *arg, const struct log_entry *e, const char *at)
{
	(void)e;
	(void)at;
	((struct around *)arg)->nlog++;
	return 0;
}

static int around_load(struct prio *p, long long id, struct around *a,
		       char *err)
{
	struct import_origin origin;
	int rc;

	if ((rc = store_criteria(p->store, id, one_criterion, a, err)) ||
	    (rc = store_children(p->store, id, one_child, a, err)) ||
	    (rc = store_item_sprint(p->store, id, &a->sprint, err)) ||
	    (a->sprint && (rc = store_sprints(p->store, 0, one_sprint, a, err))))
		return rc;
	/* An item an import made: that import's entry is its first. */
	if ((rc = history_import_of(p, id, &origin, err)) < 0)
		return rc;
	a->nlog += (size_t)rc;
	import_origin_release(&origin);
	return store_log_read(p->store, id, one_entry, a, err);
}

static void show_text(struct buf *b, struct table *t, struct around *a,
		      long long id)
{
	size_t w = 0;
	char num[32], *indent;

	for (size_t c = 0; c < t->ncols; c++)
		if (strlen(t->cols[c].name) > w)
			w = strlen(t->cols[c].name);
	indent = xstrfmt("%*s", (int)w + 3, "");
	for (size_t c = 0; c < t->ncols && t->nrows; c++) {
		size_t len;
		const char *v = table_text(t, (int)c, 0, num, &len);

		if (!v)
			continue;
		buf_addf(b, "%s:%*s", t->cols[c].name,
			 (int)(w - strlen(t->cols[c].name) + 2), "");
		/* Shown escaped, continuation lines under the values. */
		buf_addvis_lines(b, v, len, indent);
		buf_addc(b, '\n');
	}
	free(indent);
	if (!a)
		return;		/* --at: the fields alone */
	buf_addf(b, "%s:%*s", "criteria", (int)(w - 8 + 2), "");
	if (a->ncrit)
		buf_addf(b, "%zu of %zu checked\n%s", a->nchecked, a->ncrit,
			 a->crit.p);
	else
		buf_addf(b, "none (prio criteria add %lld TEXT)\n", id);
	buf_addvisf(b, "%s:%*s%s\n", "sprint", (int)(w - 6 + 2), "",
		 a->sprint ? a->sprint_name : "none");
	buf_addf(b, "%s:%*s%zu\n%s", "children", (int)(w - 8 + 2), "",
		 a->nkids, a->kids.p ? a->kids.p : "");
	buf_addf(b, "%s:%*s%zu entr%s (prio log %lld)\n", "log",
		 (int)(w - 3 + 2), "", a->nlog, a->nlog == 1 ? "y" : "ies", id);
}

static int show_json(struct prio *p, struct buf *b, struct table *t,
		     struct around *a, long long id, char *err)
{
	int *cols = xmalloc((t->ncols ? t->ncols : 1) * sizeof(int)), rc;

	for (size_t c = 0; c < t->ncols; c++)
		cols[c] = (int)c;
	rc = store_item_json(p->store, id, t, cols, t->ncols, b, err);
	free(cols);
	if (rc || !b->len)
		return rc;
	b->p[--b->len] = '\0';	/* the closing brace: more follows */
	buf_addf(b, ", \"criteria\": [%s], \"sprint\": ",
		 a->crit.p ? a->crit.p : "");
	if (a->sprint)
		buf_addjson(b, a->sprint_name, strlen(a->sprint_name));
	else
		buf_adds(b, "null");
	buf_addf(b, ", \"children\": [%s], \"log_entries\": %zu}\n",
		 a->kids.p ? a->kids.p : "", a->nlog);
	return 0;
}

/*
 * The item's fields as they stood at time `at` (history.h): the whole
 * backlog is walked back, as the item may have been removed since, or
 * made since (then it is no item at that time).
 */
static int show_at(struct prio *p, const char *ref, const char *at,
		   const char *when, int json, struct buf *b)
{
	char err[PRIO_ERR_MAX], num[32], *end;
	struct table t;
	long long id;
	int rc = store_lookup(p->store, ref, strlen(ref), &id, err);
	int idc;
	uint32_t row = UINT32_MAX;

	if (rc < 0)
		return fail(exit_status(rc), "%s", err);
	/* A removed item is named by its id, which stays its own. */
	if (!rc && ((id = strtoll(ref, &end, 10)) <= 0 || *end))
		return fail(EXIT_DATA, "no item '%s'", ref);
	table_for_schema(&t, &p->schema);
	for (size_t c = 0; c < t.ncols; c++)
		t.cols[c].wanted = 1;
	idc = table_find(&t, "id", 2);
	if ((rc = store_load(p->store, &t, 0, err)) ||
	    (rc = history_at(p, &t, at, err))) {
		table_release(&t);
		return fail(exit_status(rc), "%s", err);
	}
	for (size_t r = 0; r < t.nrows && row == UINT32_MAX; r++) {
		size_t len;
		const char *v = table_text(&t, idc, r, num, &len);

		if (v && strtoll(v, NULL, 10) == id)
			row = (uint32_t)r;
	}
	if (row == UINT32_MAX) {
		table_release(&t);
		return fail(EXIT_DATA, "item %lld did not exist at %s", id, when);
	}
	table_permute(&t, &row, 1);
	if (json) {
		int *cols = xmalloc(t.ncols * sizeof(int));

		for (size_t c = 0; c < t.ncols; c++)
			cols[c] = (int)c;
		table_row_json(&t, 0, cols, t.ncols, b);
		buf_addc(b, '\n');
		free(cols);
	} else {
		show_text(b, &t, NULL, id);
	}
	table_release(&t);
	return EXIT_OK;
}

/* One item, shown into b: its fields, then what is around it. */
static int show_one(struct prio *p, long long id, int json, struct buf *b,
		    char *err)
{
	struct around a = { .json = json };
	struct table t;
	int rc;

	table_for_schema(&t, &p->schema);
	for (size_t c = 0; c < t.ncols; c++)
		t.cols[c].wanted = 1;
	if (!(rc = around_load(p, id, &a, err))) {
		if (json)
			rc = show_json(p, b, &t, &a, id, err);
		else if (!(rc = store_load(p->store, &t, id, err)))
			show_text(b, &t, &a, id);
	}
	buf_release(&a.crit);
	buf_release(&a.kids);
	table_release(&t);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX], at[21] = "";
	const char *when = NULL;
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms), n = 0;
	struct buf b = {0};
	long long id, *ids = NULL;
	int o, rc, json = 0, list;

	while ((o = cmd_getopt(&cmd_show, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'f' && (json = json_format(optarg)) < 0) {
			rc = fail(EXIT_USAGE, "show: --format %s: expected text "
				  "or json", optarg);
			goto out;
		} else if (o == 'A' && date_at(optarg, at, err)) {
			rc = fail(EXIT_USAGE, "show: %s", err);
			goto out;
		} else if (o == 'A') {
			when = optarg;
		} else if (o != 'f') {
			rc = o == 'h' ? EXIT_OK : EXIT_USAGE;
			goto out;
		}
	}
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (!nterms) {
		rc = cmd_usage(&cmd_show, EXIT_USAGE);
		goto out;
	}
	list = !filter_one_ref(p, terms, nterms);
	if (when && list) {
		rc = fail(EXIT_USAGE, "show --at: one ID, not a filter");
		goto out;
	}
	if (when) {
		rc = show_at(p, terms[0], at, when, json, &b);
		fputs(b.p ? b.p : "", stdout);
		goto out;
	}
	/* One id or key: that item (an object in JSON); a filter: every
	 * item it picks, by id (an array). */
	if (list) {
		if ((rc = choose_items(p, terms, nterms, &ids, &n)))
			goto out;
	} else {
		if ((rc = find_item(p, terms[0], &id)))
			goto out;
		ids = xmalloc(sizeof(*ids));
		ids[n++] = id;
	}
	if (list && json)
		buf_adds(&b, "[");
	for (size_t i = 0; i < n; i++) {
		if (list && i)
			buf_adds(&b, json ? "," : "\n");
		if ((rc = show_one(p, ids[i], json, &b, err))) {
			rc = fail(exit_status(rc), "%s", err);
			goto out;
		}
		if (b.len > 1 << 16) {	/* many items: not all in memory */
			fputs(b.p, stdout);
			buf_reset(&b);
		}
	}
	if (list && json)
		buf_adds(&b, "]\n");
	fputs(b.p ? b.p : "", stdout);
	rc = EXIT_OK;
out:
	free(ids);
	free(terms);
	buf_release(&b);
	return rc;
}

const struct cmd cmd_show = {
	"show", run, "prio show ID|FILTER... [--format text|json]\n"
	"       prio show ID --at WHEN [--format text|json]",
	"print every field of an item, its criteria, sprint and children",
	"ID is its number or key. After the fields: the acceptance criteria\n"
	"with their state, the open sprint it is in, its children and how\n"
	"many log entries it has. FILTER... (as prio help list says) shows\n"
	"every item it picks, in id order, a blank line between them.\n"
	"\n"
	"--format json (keys are kept; new ones may be added): for one ID,\n"
	"one object; for a filter, an array of them, in id order:\n"
	"  {every field by name (null when empty), \"criteria\": [{\"n\",\n"
	"   \"text\", \"checked\"}], \"sprint\" (its name, or null),\n"
	"   \"children\": [{\"id\", \"key\", \"title\"}], \"log_entries\"}\n"
	"\n"
	"  --at WHEN   the fields as they stood then, read back from the log:\n"
	"              a day (2026-11-02, yesterday, -2w: the end of it) or\n"
	"              a local date and time (2026-11-02T14:30:00). A removed\n"
	"              item is named by its id. JSON: the fields alone.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
