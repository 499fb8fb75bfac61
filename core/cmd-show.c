/*
 * cmd-show.c - prio show ID: every field of one item.
 */
#include "cmd.h"
#include "visible.h"

#include <stdlib.h>
#include <string.h>

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX], num[32], *indent;
	struct table t;
	struct buf b = {0};
	long long id;
	size_t w = 0;
	int o, rc;

	while ((o = cmd_getopt(&cmd_show, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind != 1)
		return cmd_usage(&cmd_show, EXIT_USAGE);
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = find_item(p, argv[optind], &id)))
		return rc;
	table_for_schema(&t, &p->schema);
	for (size_t c = 0; c < t.ncols; c++) {
		t.cols[c].wanted = 1;
		if (strlen(t.cols[c].name) > w)
			w = strlen(t.cols[c].name);
	}
	if ((rc = store_load(p->store, &t, id, err)) < 0) {
		table_release(&t);
		return fail(exit_status(rc), "%s", err);
	}
	indent = xstrfmt("%*s", (int)w + 3, "");	/* under the values */
	for (size_t c = 0; c < t.ncols && t.nrows; c++) {
		size_t len;
		const char *v = table_text(&t, (int)c, 0, num, &len);

		if (!v)
			continue;
		buf_addf(&b, "%s:%*s", t.cols[c].name,
			 (int)(w - strlen(t.cols[c].name) + 2), "");
		buf_addvis_lines(&b, v, len, indent);
		buf_addc(&b, '\n');
	}
	fputs(b.p ? b.p : "", stdout);
	free(indent);
	buf_release(&b);
	table_release(&t);
	return EXIT_OK;
}

const struct cmd cmd_show = {
	"show", run, "prio show ID",
	"print every field of an item (ID is its number or key)",
	"",
};
