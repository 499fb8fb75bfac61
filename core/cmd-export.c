/*
 * cmd-export.c - prio export: the whole backlog, ranked, in a format.
 */
#include "cmd.h"

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

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "method", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct output_opts out = { .format = NULL };
	const char *method = NULL;
	char err[PRIO_ERR_MAX];
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct table t;
	size_t nopen, finished;
	int o, rc, keep;

	while ((o = cmd_getopt(&cmd_export, argc, argv, "ho:", longopts)) != -1) {
		if (o == 't')
			out.format = optarg;
		else if (o == 'o')
			out.file = optarg;
		else if (o == 'm')
			method = optarg;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (optind != argc)
		return cmd_usage(&cmd_export, EXIT_USAGE);
	table_init(&t);
	if ((rc = prio_setup(p, 1, err)))
		goto failed;
	if (!out.format && out.file)
		out.format = format_guess(p, out.file);
	if (!out.format)
		out.format = "csv";
	if ((rc = format_imports(p, out.format, &keep, err)))
		goto failed;
	table_release(&t);
	table_for_schema(&t, &p->schema);
	for (size_t i = 0; i < t.ncols; i++)
		t.cols[i].wanted = 1;
	view_all(&v, &t);
	if ((rc = method_open(p, method, &v, &m, err)) ||
	    (rc = prio_open_store(p, err)) ||
	    (rc = store_load(p->store, &t, 0, err)) ||
	    (rc = rank_split(p, &t, keep, &nopen, &finished, err)))
		goto failed;
	v.count = nopen;
	if ((rc = rank_run(&m, &v, &r, err)))
		goto failed;
	if (keep)
		ranking_add_finished(&r, nopen, finished);
	else
		r.left_out = finished > 0;
	if ((rc = output_ranked(p, &t, &r, &m, &out, err)))
		goto failed;
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}

const struct cmd cmd_export = {
	"export", run, "prio export [--to FORMAT] [-o FILE] [--method NAME]",
	"write the whole backlog, in rank order, in a format",
	"  --to FORMAT     csv (default), json, or any format plugin\n"
	"                  (default: from the name of FILE)\n"
	"  -o, --output F  write to F through a temporary file and a rename,\n"
	"                  so F is never half written (default: stdout)\n"
	"  --method NAME   rank with this method instead of [rank] method\n"
	"\n"
	"Every field is written, after rank, score, class and unscored; prio\n"
	"import reads the file back to the same backlog. Finished work\n"
	"([rank] finished) comes last, with no rank; a report (html,\n"
	"markdown: formats prio cannot import) leaves it out. On a terminal, a long\n"
	"export shows its progress on stderr (unless the rows go there too).\n",
};
