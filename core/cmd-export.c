/*
 * cmd-export.c - prio export: the whole backlog, ranked, in a format.
 */
#include "cmd.h"

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
	int o, rc;

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
	table_release(&t);
	table_for_schema(&t, &p->schema);
	for (size_t i = 0; i < t.ncols; i++)
		t.cols[i].wanted = 1;
	view_all(&v, &t);
	if ((rc = method_open(p, method, &v, &m, err)) ||
	    (rc = prio_open_store(p, err)) ||
	    (rc = store_load(p->store, &t, 0, err)))
		goto failed;
	v.count = t.nrows;
	if ((rc = rank_run(&m, &v, &r, err)) ||
	    (rc = output_ranked(p, &t, &r, &m, &out, err)))
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
	"import reads the file back to the same backlog. On a terminal, a long\n"
	"export shows its progress on stderr (unless the rows go there too).\n",
};
