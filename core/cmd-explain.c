/*
 * cmd-explain.c - prio explain ID|FILTER...: why items rank where they
 * do (explain.h).
 */
#include "cmd.h"

#include "agile.h"
#include "explain.h"
#include "filter.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *method = NULL;
	char err[PRIO_ERR_MAX];
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms);
	struct filter f = {0};
	struct buf b = {0};
	int o, rc, one = 0, json = 0;
	long long id = 0;

	while ((o = cmd_getopt(&cmd_explain, argc, argv, "hm:f:", longopts)) != -1) {
		if (o == 'm') {
			method = optarg;
		} else if (o == 'f' && (json = json_format(optarg)) < 0) {
			rc = fail(EXIT_USAGE, "explain: --format %s: expected "
				  "text or json", optarg);
			goto out;
		} else if (o != 'f') {
			rc = o == 'h' ? EXIT_OK : EXIT_USAGE;
			goto out;
		}
	}
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (!nterms) {
		rc = cmd_usage(&cmd_explain, EXIT_USAGE);
		goto out;
	}
	/* One id or key: that item, and its errors; else a filter. */
	if ((one = filter_one_ref(p, terms, nterms))) {
		if ((rc = find_item(p, terms[0], &id)))
			goto out;
	} else if ((rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
		rc = fail(EXIT_USAGE, "%s", err);
		goto out;
	}
	if ((rc = explain_write(p, method, id, &f, json, &b, err)))
		goto failed;
	fputs(b.p, stdout);
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	free(terms);
	buf_release(&b);
	filter_release(&f);
	return rc;
}

const struct cmd cmd_explain = {
	"explain", run, "prio explain ID|FILTER... [--method NAME] [--format text|json]",
	"show why an item ranks where it does, and what would move it up",
	"Shows the method's inputs for the item, the formula with its numbers\n"
	"(where the method can tell), the score, the class and the rank, and\n"
	"for each input the nearest value, among those the backlog already\n"
	"uses, that would lift the item above the one ranked just before it.\n"
	"FILTER... (as prio help list says) explains each open item it picks,\n"
	"in rank order; ranks are always the whole backlog's.\n"
	"\n"
	"--format json (keys are kept; new ones may be added): for one ID,\n"
	"one object; for a filter, an array of them, in rank order:\n"
	"  {\"id\", \"key\", \"title\", \"method\", \"plugin\",\n"
	"   \"inputs\": {FIELD: value (null: missing)}, \"formula\" (the\n"
	"   method's text, or null), \"score\", \"class\", \"rank\" (null\n"
	"   when unscored), \"ranked\" (how many are), \"pin\",\n"
	"   \"unscored\" (the reason, or null), \"to_pass\": null at rank 1\n"
	"   or unscored, else {\"rank\", \"id\", \"title\", \"score\" (the\n"
	"   item above), \"changes\": [{\"field\", \"from\", \"to\",\n"
	"   \"rank\" (where that change alone would move it)}]}}\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
