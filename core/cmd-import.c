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
#include "item.h"
#include "visible.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Which item a row names, if it exists: by id, else by key (a key
 * column is matched against keys only, never ids). */
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
		return store_lookup_key(p->store, v, len, id, err);
	return 0;
}

static int count_entry(void *arg, const struct log_entry *e, const char *at)
{
	(void)e;
	(void)at;
	++*(size_t *)arg;
	return 0;
}

/*
 * Ids are never reused: a new row may not take the id of an item that
 * was removed (its log is that item's). prio undo brings the item back.
 */
static int id_was_used(struct prio *p, struct table *t, size_t row, int idc,
		       char *err)
{
	char buf[32];
	size_t len, n = 0;
	const char *v = idc >= 0 ? table_text(t, idc, row, buf, &len) : NULL;
	double id;
	int rc;

	if (!v || num_parse(v, len, &id) || id < 1 || id != floor(id))
		return 0;
	if ((rc = store_log_read(p->store, (long long)id, count_entry, &n,
				 err)) || !n)
		return rc;
	return errf(err, PRIO_EINVAL, "id %.0f was an item's, removed since: "
		    "ids are never reused (prio log %.0f; prio undo brings it "
		    "back)", id, id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * With --rejects: a row whose parent is neither in the backlog nor in the
 * file goes to the rejects before anything is written, so that the
 * parent pass cannot fail half way.
 */
static void reject_orphans(struct prio *p, struct table *t, int parentc,
			   char *reject, struct table *rej)
{
	int idc = table_find(t, "id", 2), keyc = table_find(t, "key", 3);
	char **names = xmalloc((2 * t->nrows + 1) * sizeof(char *));
	size_t n = 0, len;
	char num[32], err[PRIO_ERR_MAX];

	for (size_t r = 0; r < t->nrows; r++) {
		const char *v;
		if (idc >= 0 && (v = table_text(t, idc, r, num, &len)))
			names[n++] = xstrndup(v, len);
		if (keyc >= 0 && (v = table_text(t, keyc, r, num, &len)))
			names[n++] = xstrndup(v, len);
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *v = table_text(t, parentc, r, num, &len);
		char *ref;
		long long id;

		if (!v || reject[r])
			continue;
		ref = xstrndup(v, len);
		if (!bsearch(&ref, names, n, sizeof(*names), cmp_str) &&
		    store_lookup(p->store, v, len, &id, err) != 1) {
			char why[PRIO_ERR_MAX];
			snprintf(why, sizeof(why), "parent '%s': no such item", ref);
			import_reject(rej, t, r, table_line(t, r), why);
			reject[r] = 1;
		}
		free(ref);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Writes the rows. A row that cannot go in fails the import, or, with
 * rej, goes to the rejects (its write, a single statement, left nothing).
 */
/* How many rows make an import a bulk write (store_bulk). */
#define BULK_ROWS 10000

/* Is no key in column c twice (an empty key is none)? */
static int keys_unique(const struct table *t, int c)
{
	size_t cap = 16, mask;
	uint64_t *slot;		/* a row + 1, or 0: free */
	int unique = 1;

	if (c < 0)
		return 1;
	while (cap < t->nrows * 2)
		cap *= 2;
	mask = cap - 1;
	slot = xcalloc(cap, sizeof(*slot));
	for (size_t r = 0; r < t->nrows && unique; r++) {
		char buf[32], other[32];
		size_t len, olen;
		const char *v = table_text(t, c, r, buf, &len);
		uint64_t h = 1469598103934665603ull;

		if (!v || !len || v == buf)
			continue;
		for (size_t i = 0; i < len; i++)
			h = (h ^ (unsigned char)v[i]) * 1099511628211ull;
		for (size_t i = h & mask;; i = (i + 1) & mask) {
			const char *o;

			if (!slot[i]) {
				slot[i] = r + 1;
				break;
			}
			o = table_text(t, c, slot[i] - 1, other, &olen);
			if (olen == len && !memcmp(o, v, len)) {
				unique = 0;
				break;
			}
		}
	}
	free(slot);
	return unique;
}

/*
 * What the import's log says: the ids it made, as runs where ids and
 * lines go up by one; the before-values of the items it updated, kept
 * until the import's own entry is written, so that it comes first.
 */
struct runs {
	struct buf b;
	long long first, count;
	unsigned long line;
	long long *upd;		/* the items updated, in order */
	size_t nupd, upd_cap;
	struct buf before;	/* their before-values, each ending in NUL */
};

static void runs_release(struct runs *u)
{
	buf_release(&u->b);
	buf_release(&u->before);
	free(u->upd);
}

static void run_add(struct runs *u, long long id, unsigned long line)
{
	if (u->count && id == u->first + u->count &&
	    line == (u->line ? u->line + (unsigned long)u->count : 0)) {
		u->count++;
		return;
	}
	if (u->count)
		buf_addf(&u->b, "%s[%lld, %lld, %lu]", u->b.len ? ", " : "",
			 u->first, u->count, u->line);
	u->first = id;
	u->count = 1;
	u->line = line;
}

/*
 * The import's own entry in the log: the file, its sha256, the counts
 * and the ids it made (an item's creation is read back from it:
 * history.h). The items it updated have an entry each, of their
 * before-values.
 */
static int log_import(struct prio *p, const char *path, const char *sha256,
		      struct runs *u, const size_t counts[4], char *err)
{
	static const char *const names[] = {
		"created", "updated", "unchanged", "rejected",
	};
	struct buf e = {0};
	int rc;

	run_add(u, 0, 0);	/* the last run out */
	buf_adds(&e, "{\"file\": ");
	buf_addjson(&e, path, strlen(path));
	buf_addf(&e, ", \"sha256\": \"%s\"", sha256);
	for (size_t i = 0; i < 4; i++)
		buf_addf(&e, ", \"%s\": %zu", names[i], counts[i]);
	buf_addf(&e, ", \"ids\": [%s]}", u->b.p ? u->b.p : "");
	rc = audit(p, "import", 0, NULL, e.p, err);
	buf_release(&e);
	for (size_t i = 0, at = 0; i < u->nupd && !rc; i++) {
		const char *before = u->before.p + at;

		rc = audit(p, "import", u->upd[i], before, NULL, err);
		at += strlen(before) + 1;
	}
	return rc;
}

static int apply(struct prio *p, struct table *t, const char *path,
		 struct table *rej, size_t *created, size_t *updated,
		 size_t *unchanged, size_t *rejected, struct runs *made,
		 char *err)
{
	int idc = table_find(t, "id", 2), keyc = table_find(t, "key", 3);
	int titlec = table_find(t, "title", 5), parentc = -1;
	int updc = table_find(t, "updated", 7);
	int *cols = xmalloc((t->ncols + 1) * sizeof(int));
	const char **acts = xmalloc((t->ncols + 1) * sizeof(*acts));
	long long *ids = xcalloc(t->nrows ? t->nrows : 1, sizeof(*ids));
	char *reject = xcalloc(t->nrows ? t->nrows : 1, 1);
	struct buf before = {0};
	struct progress pr;
	size_t ncols = 0, nchanged = 0;
	/*
	 * Into an empty backlog, a row can only name an item an earlier row
	 * of the file created: write it as new without looking it up, and
	 * look only when the store says the id or key is taken.
	 */
	int fresh = store_count(p->store, err) == 0, rc = 0, bulk;

	/* The columns the file has (the sink marked them wanted). */
	for (size_t c = 0; c < t->ncols; c++) {
		if (!t->cols[c].wanted)
			continue;
		if (!strcmp(t->cols[c].name, "parent"))
			parentc = (int)c;
		else
			cols[ncols++] = (int)c;
	}
	if (rej && parentc >= 0)
		reject_orphans(p, t, parentc, reject, rej);
	/* The policy sees the parent with the rest (it is written after). */
	if (parentc >= 0)
		cols[ncols] = parentc;
	/* Into an empty backlog, a large file with no key twice is a bulk
	 * write: the store keeps keys unique once, at the end. */
	bulk = fresh && t->nrows >= BULK_ROWS && keys_unique(t, keyc);
	if (bulk)
		rc = store_bulk(p->store, 1, err);
	progress_start(&pr, "writing");
	for (size_t r = 0; r < t->nrows && !rc; r++) {
		long long id;
		int found, retried = 0;

		progress_tick(&pr, r, t->nrows);
		if (reject[r])
			continue;
		found = fresh ? 0 : target(p, t, r, idc, keyc, &id, err);
		if (found < 0) {
			rc = found;
			break;
		}
		if (!found && table_cell(t, titlec, r) == CELL_NONE)
			rc = errf(err, PRIO_EINVAL, "column title: a new item "
				  "needs a title");
		if (!rc && !found)
			rc = id_was_used(p, t, r, idc, err);
		/*
		 * A new item is checked once written (a refusal undoes the
		 * whole import), as it may turn out to be an update.
		 */
		if (!rc && !found &&
		    !(rc = item_write(p, 0, t, r, cols, ncols, &id,
				       err)))
			rc = policy_change(p, 0, t, r, cols,
					   ncols + (parentc >= 0), NULL, NULL,
					   err);
		if (rc == PRIO_EINVAL && fresh &&
		    (found = target(p, t, r, idc, keyc, &id, err)) != 0) {
			rc = found < 0 ? found : 0;	/* an update after all */
			retried = 1;
		}
		/* An update writes the row if a value changes, logs those. */
		nchanged = 0;
		if (!rc && found) {
			buf_reset(&before);
			rc = policy_change(p, id, t, r, cols,
					   ncols + (parentc >= 0), acts,
					   &before, err);
			for (size_t i = 0; !rc && i < ncols + (parentc >= 0); i++)
				if (acts[i])
					nchanged++;
			/*
			 * A row that changes nothing at all is left alone
			 * (its updated time too), so that importing an export
			 * again changes nothing. Not when the write as new
			 * failed: its half-written row may look whole, and
			 * the write must fail again.
			 */
			if (!rc && !nchanged && !retried) {
				++*unchanged;
				continue;	/* ids[r] 0: no parent pass */
			}
			if (!rc)
				rc = item_write(p, id, t, r, cols,
						 ncols, &id, err);
		}
		if (rc == PRIO_EINVAL && rej) {
			import_reject(rej, t, r, table_line(t, r), err);
			reject[r] = 1;
			rc = 0;
			continue;
		}
		if (!rc && found) {
			GROW(made->upd, made->nupd + 1, made->upd_cap);
			made->upd[made->nupd++] = id;
			buf_add(&made->before, before.p ? before.p : "{}",
				before.p ? before.len + 1 : 3);
		} else if (!rc) {
			run_add(made, id, table_line(t, r));
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
	/* Parents are found by key: the keys are whole again first. */
	if (!rc && bulk)
		rc = store_bulk(p->store, 0, err);
	cols[0] = parentc;
	ncols = 1;
	if (updc >= 0 && t->cols[updc].wanted)
		cols[ncols++] = updc;
	for (size_t r = 0; r < t->nrows && !rc && parentc >= 0; r++) {
		if (!ids[r])
			continue;	/* rejected, or unchanged */
		rc = item_write(p, ids[r], t, r, cols, ncols, NULL, err);
		if (rc)
			errprefix(err, rc, "%s:%lu", path, table_line(t, r));
	}
	progress_end(&pr);
	for (size_t r = 0; r < t->nrows; r++)
		*rejected += reject[r];
	buf_release(&before);
	free(reject);
	free(ids);
	free(acts);
	free(cols);
	return rc;
}

/*
 * A whole workspace (prio export --workspace): into an empty one only,
 * in one transaction, every part or nothing.
 */
static int import_workspace(struct prio *p, const char *path, int dry,
			    const char *rejects)
{
	struct workspace_counts n = {0};
	struct runs made = {0};
	char err[PRIO_ERR_MAX];
	int rc;

	if (rejects)
		return fail(EXIT_USAGE, "%s: a whole workspace goes in whole: "
			    "no --rejects", path);
	if (!(rc = authorize(p, "import", NULL, 0, err)) &&
	    !(rc = store_begin(p->store, err)) &&
	    !(rc = store_sync_fields(p->store, &p->schema, err)) &&
	    !(rc = workspace_import(p, path, &n, err)) && n.items) {
		size_t counts[4] = { n.items, 0, 0, 0 };

		for (size_t i = 0; i < n.items; i++)
			run_add(&made, n.ids[i], 0);
		rc = log_import(p, path, n.sha256, &made, counts, err);
	}
	if (!rc && !dry)
		rc = store_commit(p->store, err);
	free(n.ids);
	runs_release(&made);
	if (rc) {
		store_rollback(p->store);
		return fail(exit_status(rc), "%s", err);
	}
	if (dry)
		store_rollback(p->store);
	printf("%s%zu created, with %zu initiative%s, %zu criteri%s, %zu "
	       "sprint%s%s\n", dry ? "dry run: would have " : "", n.items,
	       n.initiatives, n.initiatives == 1 ? "" : "s", n.criteria,
	       n.criteria == 1 ? "on" : "a", n.sprints,
	       n.sprints == 1 ? "" : "s", n.vision ? " and the vision" : "");
	return EXIT_OK;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "from", required_argument, NULL, 'F' },	/* the old name */
		{ "dry-run", no_argument, NULL, 'n' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *from = NULL, *path, *rejects = NULL;
	char err[PRIO_ERR_MAX], sha256[65] = "";
	struct runs made = {0};
	size_t created = 0, updated = 0, unchanged = 0, rejected = 0;
	size_t sprints = 0, placed = 0;
	int dry = 0, o, rc;
	struct table t, rej;

	while ((o = cmd_getopt(&cmd_import, argc, argv, "hn", longopts)) != -1) {
		if (o == 'F')
			from = optarg;
		else if (o == 'n')
			dry = 1;
		else if (o == 'r')
			rejects = optarg;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cmd_usage(&cmd_import, EXIT_USAGE);
	path = argv[optind];
	/* The rejects written over the file would lose its good rows. */
	if (rejects && strcmp(path, "-")) {
		struct stat in, out;

		if (stat(path, &in) == 0 && stat(rejects, &out) == 0 &&
		    in.st_dev == out.st_dev && in.st_ino == out.st_ino)
			return fail(EXIT_USAGE, "--rejects %s: is the file "
				    "being imported", rejects);
	}
	if (workspace_sniff(p, path, from))
		return import_workspace(p, path, dry, rejects);
	table_for_schema(&t, &p->schema);
	table_init(&rej);
	struct import_opts io = { .rejects = rejects || dry ? &rej : NULL,
				  .sha256 = sha256 };

	if ((rc = import_read(p, path, from, &t, &io, err)) ||
	    (rc = authorize(p, "import", NULL, 0, err)) ||
	    (rc = store_begin(p->store, err)))
		goto failed;
	if ((rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = apply(p, &t, path, rejects || dry ? &rej : NULL, &created,
			&updated, &unchanged, &rejected, &made, err)) ||
	    (rc = import_sprints(p, &t, path, rejects || dry ? &rej : NULL,
				 &sprints, &placed, err)))
		goto failed;
	rejected = rej.nrows;
	if (created || updated) {
		size_t counts[4] = { created, updated, unchanged, rejected };

		if ((rc = log_import(p, path, sha256, &made, counts, err)))
			goto failed;
	}
	/* Without --rejects, a dry run reports the bad rows, then fails. */
	if (dry && !rejects && rejected) {
		struct prio_items v;
		view_all(&v, &rej);
		fputs("rejected:\n", stdout);
		for (size_t r = 0; r < rej.nrows; r++) {
			char num[32];
			size_t len, llen;
			const char *why = table_text(&rej, (int)rej.ncols - 1, r,
						     num, &len);
			const char *line = table_text(&rej, (int)rej.ncols - 2,
						      r, num, &llen);
			vis_printf("  %s:%.*s: %.*s\n", path, (int)llen, line,
			       (int)len, why);
		}
		view_release(&v);
	}
	if (!dry && rejects && rej.nrows) {
		struct prio_items v;
		const char *fmt = format_guess(p, rejects);

		view_all(&v, &rej);
		rc = write_view(p, fmt ? fmt : "csv", rejects, &v, err);
		view_release(&v);
		if (rc)
			goto failed;
	}
	/* Nothing written: nothing to commit (not even a new generation). */
	if (dry || !(created || updated || placed))
		store_rollback(p->store);
	else if ((rc = store_commit(p->store, err)))
		goto failed;
	printf("%s%zu created, %zu updated", dry ? "dry run: would have " : "",
	       created, updated);
	if (unchanged)
		printf(", %zu unchanged", unchanged);
	if (placed)
		printf(", %zu put in sprints (%zu sprint%s created)", placed,
		       sprints, sprints == 1 ? "" : "s");
	if (rejected || rejects)
		printf(", %zu rejected%s%s", rejected,
		       rejects && !dry && rejected ? " (written to " : "",
		       rejects && !dry && rejected ? rejects : "");
	printf("%s\n", rejects && !dry && rejected ? ")" : "");
	runs_release(&made);
	table_release(&t);
	table_release(&rej);
	return dry && !rejects && rejected ? EXIT_DATA : EXIT_OK;
failed:
	store_rollback(p->store);
	runs_release(&made);
	table_release(&t);
	table_release(&rej);
	return fail(exit_status(rc), "%s", err);
}

const struct cmd cmd_import = {
	"import", run,
	"prio import FILE [--format FORMAT] [--dry-run] [--rejects FILE]",
	"add and update items from a file, all or nothing",
	"  --format FORMAT the format of FILE (also --from; default: from its\n"
	"                  name; - is standard input and needs --format)\n"
	"  --dry-run       check everything and say what would be created,\n"
	"                  updated and rejected; change nothing\n"
	"  --rejects FILE  import the good rows; write the bad ones, each with\n"
	"                  its line and reason, to FILE (format from its name)\n"
	"\n"
	"A row whose id or key names an item updates it (a row whose values\n"
	"the item has already is left alone: unchanged); other rows create\n"
	"items. Only what changes needs a right of the role policy, as with\n"
	"prio set (a status too: done, accepted). Every value is checked\n"
	"against its field, and without --rejects one bad row fails the\n"
	"whole import with FILE:LINE and leaves the backlog as it was. Text must be UTF-8. Columns that prio\n"
	"writes itself (rank, score, class, unscored) are skipped, so ranked\n"
	"exports import again. Any other column must be a field, or be mapped\n"
	"(map.COLUMN = field) or ignored (ignore = A, B) in the format's\n"
	"[format.NAME] section. On a terminal, a long import shows its\n"
	"progress on stderr.\n"
	"\n"
	"A column sprint (Jira's Sprint columns: the last one) puts the\n"
	"row's item in that sprint (the row needs an id or key). A sprint\n"
	"the workspace lacks is created: files name no dates, so new sprints\n"
	"are laid end to end, 14 days each, in the order of their names\n"
	"(Sprint 9 before Sprint 10); the last stays open, from today, if an\n"
	"item in it is unfinished, and the others are closed, the last of\n"
	"them ending yesterday, as prio sprint close would have closed them.\n"
	"An open sprint that exists takes the items it lacks; a closed one\n"
	"takes none. Changing sprints needs the sprint.plan right.\n"
	"\n"
	"A whole workspace in JSON (vision, roadmap, items, criteria,\n"
	"sprints), as prio export writes it (see prio export --help), goes\n"
	"into an empty workspace only, every part or nothing.\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
