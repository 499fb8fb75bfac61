/*
 * cmd-rank.c - prio rank: order the workspace's backlog, or a file, with a
 * method. `prio list` is the same without the choice of method or input.
 */
#include "cmd.h"
#include "date.h"

#include <string.h>

#include "filter.h"

/*
 * rank --in: once the file's columns are known, before its rows, the
 * method is configured, which says what it reads. When the rows go out
 * as they came (the same format, one that copies rows: host->raw), the
 * values that only they hold need not be kept apart as well.
 */
struct rank_in {
	struct prio *p;
	const char *method;
	struct table *t;
	struct prio_items *v;
	struct instance *m;
	int done;
};

static int rank_in_columns(void *arg, char *err)
{
	struct rank_in *ri = arg;
	struct table *t = ri->t;
	int rc;

	if (ri->done++)
		return 0;
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i].wanted = 0;
	view_all(ri->v, t);
	rc = method_open(ri->p, ri->method, ri->v, ri->m, err);
	rank_columns_wanted(t);
	for (size_t i = 0; i < t->ncols; i++) {
		t->cols[i].unread = t->raw_section && !t->cols[i].wanted;
		t->cols[i].wanted = 1;	/* all go out */
	}
	return rc;
}

int rank_main(const struct cmd *c, struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "in", required_argument, NULL, 'i' },
		{ "from", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "rerank", no_argument, NULL, 'R' },
		{ "at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct output_opts out = { .format = "table" };
	struct filter f = {0};
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms);
	const char *method = NULL, *in = NULL, *from = NULL;
	int is_rank = c == &cmd_rank, o, rc;
	char err[PRIO_ERR_MAX], at[21];
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct table t;

	table_init(&t);
	while ((o = cmd_getopt(c, argc, argv, "hm:n:f:o:", longopts)) != -1) {
		switch (o) {
		case 'h':
			rc = EXIT_OK;
			goto out;
		case 'n':
			if (parse_limit(optarg, &out.limit)) {
				rc = cmd_usage(c, EXIT_USAGE);
				goto out;
			}
			break;
		case 'f':
			out.format = optarg;
			break;
		case 'o':
			out.file = optarg;
			break;
		case 'a':
			out.all = 1;
			break;
		case 'R':
			out.rerank = 1;
			break;
		case 'A':
			if (date_at(optarg, at, err)) {
				rc = fail(EXIT_USAGE, "%s: %s", c->name, err);
				goto out;
			}
			out.at = at;
			break;
		case 'm':
		case 'i':
		case 'F':
			if (is_rank) {
				*(o == 'm' ? &method : o == 'i' ? &in : &from) =
					optarg;
				break;
			}
			/* not options of prio list */
			__attribute__((fallthrough));
		default:
			if (o != '?')
				fail(EXIT_USAGE, "%s: unknown option '%s'",
				     c->name, argv[optind - 1]);
			rc = o == '?' ? EXIT_USAGE : cmd_usage(c, EXIT_USAGE);
			goto out;
		}
	}
	/* What getopt left are filter terms too (filter.h). */
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (nterms && in) {
		rc = fail(EXIT_USAGE, "%s: filters choose items of the "
			  "workspace, not of --in FILE", c->name);
		goto out;
	}
	if (from && !in) {
		rc = fail(EXIT_USAGE, "rank: --from goes with --in FILE");
		goto out;
	}
	if (out.at && in) {
		rc = fail(EXIT_USAGE, "%s: --at goes with the workspace, not "
			  "--in FILE", c->name);
		goto out;
	}
	if (out.all && in) {
		rc = fail(EXIT_USAGE, "rank: --all goes with the workspace, "
			  "not --in FILE");
		goto out;
	}
	if ((rc = prio_setup(p, !in, err)))
		goto failed;
	if (nterms) {
		if ((rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
			rc = fail(EXIT_USAGE, "%s", err);
			goto out;
		}
		out.filter = &f;
		/* status:done asks for finished work: it is shown, unranked. */
		if (filter_reads(&f, "status"))
			out.all = 1;
	}
	/* -o FILE: the file's format, from its name unless --format says;
	 * a table is for the terminal, never written to a file. */
	if (out.file && strcmp(out.file, "-") && !strcmp(out.format, "table") &&
	    !(out.format = format_guess(p, out.file))) {
		rc = fail(EXIT_USAGE, "%s: cannot tell the format from the "
			  "name; say it with --format (csv, json, ...)",
			  out.file);
		goto out;
	}
	if (in) {
		struct rank_in ri = { p, method, &t, &v, &m, 0 };
		struct import_opts io = { .lenient = 1,
					  .columns = rank_in_columns,
					  .arg = &ri };

		if (!from)
			from = format_guess(p, in);
		io.keep_raw = from && !strcmp(out.format, from) &&
			      format_copies_rows(p, from);
		if ((rc = import_read(p, in, from, &t, &io, err)))
			goto failed;
		v.count = t.nrows;
		if ((rc = rank_run(&m, &v, &r, err)))
			goto failed;
	} else {
		table_for_schema(&t, &p->schema);
		view_all(&v, &t);
		if ((rc = method_open(p, method, &v, &m, err)) ||
		    (rc = prio_open_store(p, err)) ||
		    (rc = ranked_workspace(p, &m, &v, &t, &r, &out, err)))
			goto failed;
	}
	if ((rc = output_ranked(p, &t, &r, &m, &out, err)))
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

static int run(struct prio *p, int argc, char **argv)
{
	return rank_main(&cmd_rank, p, argc, argv);
}

const struct cmd cmd_rank = {
	"rank", run,
	"prio rank [--method NAME] [--all] [--limit N] [--format F] [-o FILE]\n"
	"       prio rank --in FILE [--from FORMAT] [--method NAME] ...",
	"order the backlog (or a file) with a method and print it ranked",
	"  --method NAME   a [method.NAME] section or a method plugin\n"
	"                  (default: [rank] method)\n"
	"  --all           finished work too, after the rest, with no rank\n"
	"  --limit N       the first N items only\n"
	"  --format F      table (default), or any format: csv, json, ...\n"
	"  -o, --output F  write to file F (atomically) instead of stdout, in\n"
	"                  the format its name ends with unless --format\n"
	"  --in FILE       rank the items of FILE; no workspace needed\n"
	"  --from FORMAT   the format of FILE (default: from its name)\n"
	"  --rerank        with filters: rank the items shown among themselves\n"
	"  FILTER...       the items shown, as prio help list says\n"
	"\n"
	"Items a method cannot score (a missing input, a zero job size) are\n"
	"listed apart with the reason, never ranked as zero. Ties keep the\n"
	"order of ids (or of lines, with --in). Finished work (a status in\n"
	"[rank] finished: done, accepted, rejected) takes no rank.\n",
	.setup = SETUP_NONE,
};
