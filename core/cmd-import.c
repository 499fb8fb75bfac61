/*
 * cmd-import.c - prio import FILE: add and update items from a file, all
 * or nothing.
 *
 * A row with an id or key that names an item updates it; any other row
 * creates one (with the id it gives, if any). Parents may name items
 * created later in the same file, so they are set in a second pass. Every
 * row goes in one transaction: one bad row and nothing changes.
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Which item a row names, if it exists: by id, else by key. */
static int target(struct prio *p, struct table *t, size_t row, int idc,
		  int keyc, long long *id, char *err)
{
	char buf[32];
	size_t len;
	const char *v;
	int rc;

	*id = 0;
	if (idc >= 0 && (v = table_text(t, idc, row, buf, &len)) &&
	    (rc = store_lookup(p->store, v, len, id, err)))
		return rc;
	if (keyc >= 0 && (v = table_text(t, keyc, row, buf, &len)))
		return store_lookup(p->store, v, len, id, err);
	return 0;
}

static int apply(struct prio *p, struct table *t, const char *path,
		 size_t *created, size_t *updated, char *err)
{
	int idc = table_find(t, "id", 2), keyc = table_find(t, "key", 3);
	int titlec = table_find(t, "title", 5), parentc = -1;
	int updc = table_find(t, "updated", 7);
	int *cols = xmalloc(t->ncols * sizeof(int));
	long long *ids = xmalloc((t->nrows ? t->nrows : 1) * sizeof(*ids));
	struct buf before = {0}, after = {0};
	size_t ncols = 0;
	int rc = 0;

	/* The columns the file has (the sink marked them wanted). */
	for (size_t c = 0; c < t->ncols; c++) {
		if (!t->cols[c].wanted)
			continue;
		if (!strcmp(t->cols[c].name, "parent"))
			parentc = (int)c;
		else
			cols[ncols++] = (int)c;
	}
	for (size_t r = 0; r < t->nrows && !rc; r++) {
		long long id;
		int found = target(p, t, r, idc, keyc, &id, err);

		if (found < 0) {
			rc = found;
			break;
		}
		if (!found && table_cell(t, titlec, r) == CELL_NONE) {
			rc = errf(err, PRIO_EINVAL, "%s:%lu: column title: a new "
				  "item needs a title", path, table_line(t, r));
			break;
		}
		if (found) {
			buf_reset(&before);
			rc = store_item_json(p->store, id, t, cols, ncols,
					     &before, err);
		}
		if (!rc)
			rc = store_write(p->store, found ? id : 0, t, r, cols,
					 ncols, &id, err);
		if (!rc) {
			buf_reset(&after);
			table_row_json(t, r, cols, ncols, &after);
			rc = audit(p, "import", id, found ? before.p : NULL,
				   after.p, err);
		}
		if (rc) {
			errprefix(err, rc, "%s:%lu", path, table_line(t, r));
			break;
		}
		++*(found ? updated : created);
		ids[r] = id;
	}
	/*
	 * The parent pass finishes the rows' own writes: it keeps the file's
	 * updated time, if the file has one, rather than stamp a new one.
	 */
	cols[0] = parentc;
	ncols = 1;
	if (updc >= 0 && t->cols[updc].wanted)
		cols[ncols++] = updc;
	for (size_t r = 0; r < t->nrows && !rc && parentc >= 0; r++) {
		rc = store_write(p->store, ids[r], t, r, cols, ncols, NULL, err);
		if (rc)
			errprefix(err, rc, "%s:%lu", path, table_line(t, r));
	}
	buf_release(&before);
	buf_release(&after);
	free(ids);
	free(cols);
	return rc;
}

/* Importing, and changing each field the file has. */
static int may_import(struct prio *p, struct table *t, char *err)
{
	int rc = authorize(p, "import", NULL, 0, err);

	for (size_t c = 0; c < t->ncols && !rc; c++)
		if (t->cols[c].wanted && t->cols[c].field &&
		    strcmp(t->cols[c].name, "id"))
			rc = authorize(p, t->cols[c].field->action,
				       t->cols[c].name, 0, err);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *from = NULL, *path;
	char err[PRIO_ERR_MAX];
	size_t created = 0, updated = 0;
	int dry = 0, o, rc;
	struct table t;

	while ((o = cmd_getopt(&cmd_import, argc, argv, "hn", longopts)) != -1) {
		if (o == 'F')
			from = optarg;
		else if (o == 'n')
			dry = 1;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cmd_usage(&cmd_import, EXIT_USAGE);
	path = argv[optind];
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	table_for_schema(&t, &p->schema);
	if ((rc = import_read(p, path, from, &t, 0, err)) ||
	    (rc = may_import(p, &t, err)) ||
	    (rc = store_begin(p->store, err))) {
		table_release(&t);
		return fail(exit_status(rc), "%s", err);
	}
	if ((rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = apply(p, &t, path, &created, &updated, err)) ||
	    (!dry && (rc = store_commit(p->store, err)))) {
		store_rollback(p->store);
		table_release(&t);
		return fail(exit_status(rc), "%s", err);
	}
	if (dry)
		store_rollback(p->store);
	printf("%s%zu created, %zu updated\n", dry ? "dry run: would have " : "",
	       created, updated);
	table_release(&t);
	return EXIT_OK;
}

const struct cmd cmd_import = {
	"import", run, "prio import FILE [--from FORMAT] [--dry-run]",
	"add and update items from a file, all or nothing",
	"  --from FORMAT   the format of FILE (default: from its name; - is\n"
	"                  standard input and needs --from)\n"
	"  --dry-run       check everything and say what would change\n"
	"\n"
	"A row whose id or key names an item updates it; other rows create\n"
	"items. Every value is checked against its field, and one bad row\n"
	"fails the whole import with FILE:LINE and leaves the backlog as it\n"
	"was. Columns that prio writes itself (rank, score, class,\n"
	"unscored) are skipped, so ranked exports import again.\n",
};
