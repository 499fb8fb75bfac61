/*
 * cmd-export.c - prio export: the whole backlog, ranked, in a format.
 */
#include "cmd.h"

#include <string.h>
#include <sys/stat.h>

#include "filter.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "csv, html, ...": the format plugins and [format.NAME] sections. */
static void format_names(struct prio *p, struct buf *b)
{
	const char **names = NULL;
	size_t n = 0, cap = 0;

	prio_load_plugins(p);
	for (size_t i = 0; i < p->plugins.n; i++)
		if (p->plugins.v[i]->desc &&
		    p->plugins.v[i]->desc->kind == PRIO_KIND_FORMAT) {
			GROW(names, n + 1, cap);
			names[n++] = p->plugins.v[i]->desc->name;
		}
	for (size_t i = 0; i < p->cfg.n; i++)
		if (!strncmp(p->cfg.v[i].section, "format.", 7)) {
			GROW(names, n + 1, cap);
			names[n++] = p->cfg.v[i].section + 7;
		}
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			buf_addf(b, "%s%s", i ? ", " : "", names[i]);
	free(names);
}

/*
 * The format for -o FILE without --format: from the name's ending. A
 * name that says none is an error, not CSV written under a name that
 * promises something else; a device or a pipe (/dev/null, a FIFO) has no
 * name to go by and gets CSV (and a folder the error of writing to one).
 */
static int format_for(struct prio *p, const char *file, const char **format)
{
	struct stat st;
	struct buf known = {0};

	*format = format_guess(p, file);
	if (*format || (stat(file, &st) == 0 && !S_ISREG(st.st_mode))) {
		if (!*format)
			*format = "csv";
		return 0;
	}
	format_names(p, &known);
	fail(EXIT_USAGE, "%s: cannot tell the format from the name; say it "
	     "with --format (one of: %s)", file, known.p ? known.p : "none");
	buf_release(&known);
	return EXIT_USAGE;
}

/*
 * A format that reads back (csv, json, jira) makes a backup: every item
 * goes, finished work too, with no rank. One that does not (a report:
 * html, markdown) shows the backlog to people: finished work stays out.
 */
static int format_imports(struct prio *p, const char *name, int *yes,
			  char *err)
{
	struct instance f;
	int rc = format_open(p, name, &f, err);

	if (rc)
		return rc;
	*yes = ((const struct prio_format_ops *)f.plugin->desc->ops)->import
		!= NULL;
	instance_close(&f);
	return 0;
}

/*
 * --workspace: the whole workspace as JSON (workspace-json.c), which
 * prio import reads back into an empty one.
 */
static int export_workspace(struct prio *p, const struct output_opts *out,
			    const char *method)
{
	struct buf b = {0};
	char err[PRIO_ERR_MAX];
	int rc;

	if (method)
		return fail(EXIT_USAGE, "--workspace takes no --method: it "
			    "writes the items by id, unranked");
	if (out->format && strcmp(out->format, "json"))
		return fail(EXIT_USAGE, "--workspace is written as json, not "
			    "%s", out->format);
	if ((rc = workspace_export(p, &b, err)) ||
	    (rc = file_write_atomic(out->file ? out->file : "-", b.p, b.len,
				    err))) {
		buf_release(&b);
		return fail(exit_status(rc), "%s", err);
	}
	buf_release(&b);
	return EXIT_OK;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "method", required_argument, NULL, 'm' },
		{ "rerank", no_argument, NULL, 'R' },
		{ "workspace", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct output_opts out = { .format = NULL };
	const char *method = NULL;
	char err[PRIO_ERR_MAX];
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct filter f = {0};
	struct table t;
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms);
	int o, rc, keep, whole = 0;

	table_init(&t);
	while ((o = cmd_getopt(&cmd_export, argc, argv, "ho:", longopts)) != -1) {
		if (o == 't')
			out.format = optarg;
		else if (o == 'o')
			out.file = optarg;
		else if (o == 'm')
			method = optarg;
		else if (o == 'R')
			out.rerank = 1;
		else if (o == 'w')
			whole = 1;
		else {
			rc = o == 'h' ? EXIT_OK : EXIT_USAGE;
			goto out;
		}
	}
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (nterms) {
		if ((rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
			rc = fail(EXIT_USAGE, "%s", err);
			goto out;
		}
		out.filter = &f;
	}
	if (out.file && strcmp(out.file, "-") &&
	    (rc = output_safe(p, out.file, err)))
		goto failed;
	if (!out.format && out.file && strcmp(out.file, "-") &&
	    (rc = format_for(p, out.file, &out.format)))
		goto out;
	if (whole && (nterms || out.rerank)) {
		rc = fail(EXIT_USAGE, "--workspace writes all of it: no "
			  "filter, no --rerank");
		goto out;
	}
	if (whole) {
		rc = export_workspace(p, &out, method);
		goto out;
	}
	if (!out.format)
		out.format = "csv";
	if ((rc = format_imports(p, out.format, &keep, err)))
		goto failed;
	/* Every field goes out (a format is not a table): as list --all,
	 * for a format that reads back; status:done asks for finished work. */
	out.all = keep || (nterms && filter_reads(&f, "status"));
	table_release(&t);
	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	if ((rc = method_open(p, method, &v, &m, err)) ||
	    (rc = ranked_workspace(p, &m, &v, &t, &r, &out, err)) ||
	    (rc = output_ranked(p, &t, &r, &m, &out, err)))
		goto failed;
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	filter_release(&f);
	free(terms);
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}

const struct cmd cmd_export = {
	"export", run, "prio export [FILTER...] [--format FORMAT] [-o FILE] "
	"[--method NAME] [--rerank]\n"
	"       prio export --workspace [-o FILE]",
	"write the backlog (or the items a filter picks), ranked, in a format",
	"  --format FORMAT csv (default), json, or any format plugin (also\n"
	"                  --to); with -o, from the name of FILE, and a name\n"
	"                  whose ending is no format's is an error\n"
	"  -o, --output F  write to F through a temporary file and a rename,\n"
	"                  so F is never half written (default: stdout); the\n"
	"                  workspace's own files and SQLite files are refused\n"
	"  --method NAME   rank with this method instead of [rank] method\n"
	"  FILTER...       only the items that pass, as prio help list says;\n"
	"                  ranks stay the whole backlog's\n"
	"  --rerank        with filters: rank them among themselves\n"
	"  --workspace     the whole workspace, as JSON: the vision, the\n"
	"                  roadmap, every item by id (pins and positions\n"
	"                  too), acceptance criteria, and sprints with their\n"
	"                  items; prio import reads it into an empty\n"
	"                  workspace, which then exports the same bytes (the\n"
	"                  log stays behind)\n"
	"\n"
	"Every field is written, after rank, score, class and unscored; prio\n"
	"import reads the file back to the same backlog. Finished work\n"
	"([rank] finished) comes last, with no rank; a report (html,\n"
	"markdown: formats prio cannot import) leaves it out. On a terminal,\n"
	"a long export shows its progress on stderr (unless the rows go\n"
	"there too).\n",
	.setup = SETUP_STORE,
};
