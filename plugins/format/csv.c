/*
 * csv.c - comma-separated values (RFC 4180): a header row naming fields,
 * then one row per item.
 *
 * Import takes quoted fields (with the delimiter, doubled quotes and line
 * breaks inside), CRLF or LF line ends, a UTF-8 byte order mark, and skips
 * blank lines (csv_parse.h). Export quotes only the values that need it.
 *
 * Keys of [format.csv], or of any [format.NAME] with plugin = csv:
 *   delimiter = ;            one character, or "tab" (default ",")
 *   formula_guard = no       write text that starts with = + - @ as it
 *                            is, not behind a ' (see csv_guard.h)
 *   header = no              the file has no header row: every line is a
 *   columns = key, title     row, its columns named by `columns` (which
 *                            the map. keys then map as a header's names);
 *                            export writes these columns, in this order,
 *                            without a header
 * The core's keys map.COLUMN = field and ignore = ... work here as in
 * every format (see prio/format.h): the header goes to the core as the
 * file has it, and export writes each field under the column name the
 * core gives it, so a file goes out and comes back in through the same
 * section unchanged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>

#include "csv_guard.h"

PRIO_HOST_INIT

struct csv {
	char delim;
	int guard;		/* formula_guard (csv_guard.h) */
	/* header = no: the columns' names, as columns = lists them. */
	char **cols;
	size_t *lens;
	size_t ncols;
};

static void release(void *state)
{
	struct csv *c = state;

	for (size_t i = 0; c && i < c->ncols; i++)
		free(c->cols[i]);
	if (c) {
		free(c->cols);
		free(c->lens);
	}
	free(c);
}

/* columns = a, b, c: the names, blanks around each dropped. */
static int read_columns(struct csv *c, const struct prio_section *sec,
			const char *list, char *err)
{
	for (const char *s = list;;) {
		const char *comma = strchr(s, ','), *b = s;
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		char **cols;
		size_t *lens;

		while (len && (*b == ' ' || *b == '\t'))
			b++, len--;
		while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
			len--;
		if (!len)
			return host->bad_value(sec, "columns", err,
					       "an empty column name");
		cols = realloc(c->cols, (c->ncols + 1) * sizeof(*cols));
		if (cols)
			c->cols = cols;
		lens = realloc(c->lens, (c->ncols + 1) * sizeof(*lens));
		if (lens)
			c->lens = lens;
		if (!cols || !lens || !(c->cols[c->ncols] = strndup(b, len)))
			return PRIO_ENOMEM;
		c->lens[c->ncols++] = len;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	const char *d = host->get(sec, "delimiter", NULL), *h, *cols;
	struct csv *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return PRIO_ENOMEM;
	c->delim = ',';
	if (d) {
		if (!strcmp(d, "tab") || !strcmp(d, "\\t"))
			c->delim = '\t';
		else if (strlen(d) == 1 && d[0] != '"' && d[0] != '\n' &&
			 d[0] != '\r')
			c->delim = d[0];
		else {
			free(c);
			return host->bad_value(sec, "delimiter", err,
					       "expected one character or tab%s",
					       *d ? "" : " (quote a ; as \";\": "
					       "after a space it starts a comment)");
		}
	}
	if ((rc = csv_guard_read(host, sec, &c->guard, err))) {
		free(c);
		return rc;
	}
	h = host->get(sec, "header", NULL);
	cols = host->get(sec, "columns", NULL);
	if (h && strcmp(h, "yes") && strcmp(h, "no")) {
		free(c);
		return host->bad_value(sec, "header", err, "expected yes or no");
	}
	if ((h && !strcmp(h, "no")) != !!cols) {
		free(c);
		return host->bad_value(sec, cols ? "columns" : "header", err,
				       "header = no and columns = NAME, ... "
				       "go together");
	}
	if (cols && (rc = read_columns(c, sec, cols, err))) {
		release(c);
		return rc;
	}
	*state = c;
	return 0;
}

static int import(void *state, const char *name, const char *data, size_t len,
		  struct prio_sink *sink, char *err)
{
	const struct csv *c = state;
	struct csv_reader r;
	unsigned long at;
	int header = 1, rc;

	(void)name;
	csv_reader_init(&r, data, len, c->delim);
	if (c->ncols) {
		if ((rc = host->sink_columns(sink, c->ncols,
					     (const char *const *)c->cols,
					     c->lens, err)))
			return rc;
		header = 0;
	}
	/* The values go as they are: the core maps, drops and checks. */
	while ((rc = csv_next(&r, &at, err)) > 0) {
		if (c->guard)
			csv_unguard(&r);
		if (header) {
			rc = host->sink_columns(sink, r.n, r.val, r.len, err);
			header = 0;
		} else if (c->ncols ||	/* rows go out as columns = says */
			   !(rc = host->sink_raw(sink, r.row, r.rowlen)))
			rc = host->sink_row(sink, at, r.n, r.val, r.len, err);
		if (rc)
			break;
	}
	if (!rc && header && !c->ncols) {
		snprintf(err, PRIO_ERR_MAX, "1: empty file: expected a header row");
		rc = PRIO_EINVAL;
	}
	csv_reader_release(&r);
	return rc;
}

/* The header name of field f: the column mapped to it, else its own. */
static const char *out_name(const struct prio_items *items, int f)
{
	const char *col = host->column_name(items, f);

	return col ? col : host->field_name(items, f);
}

/*
 * A row as the file has it with a cell to guard: read again and written
 * cell by cell. The file was read by this very reader, so reading the
 * row again cannot fail.
 */
static void put_raw_guarded(struct obuf *b, char delim, const char *row,
			    size_t len)
{
	char err[PRIO_ERR_MAX];
	struct csv_reader r;
	unsigned long at;

	csv_reader_init(&r, row, len, delim);
	if (csv_next(&r, &at, err) == 1) {
		csv_unguard(&r);	/* the values, as import read them */
		for (size_t k = 0; k < r.n; k++) {
			if (k)
				ob_addc(b, delim);
			csv_put_guarded(b, delim, r.val[k], r.len[k], 1);
		}
	} else {
		b->rc = b->rc ? b->rc : PRIO_EINTERNAL;
	}
	csv_reader_release(&r);
}

/* "Story Points" names story_points: case, blanks, '-' and '_' alike. */
static int same_name(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = strchr(" -", *a) && *a ? '_' : tolower((unsigned char)*a);
		int y = strchr(" -", *b) && *b ? '_' : tolower((unsigned char)*b);

		if (x != y)
			return 0;
		if (!x)
			return 1;
	}
}

/*
 * header = no: the columns of `columns` in its order, each the field
 * whose header name it is (an unknown one stays empty), no header.
 */
static int export_columns(const struct csv *c, const struct prio_items *items,
			  struct prio_out *out)
{
	int nf = host->field_count(items), *field;
	size_t n = host->count(items);
	struct obuf b;

	if (!(field = malloc(c->ncols * sizeof(*field))))
		return PRIO_ENOMEM;
	for (size_t k = 0; k < c->ncols; k++) {
		field[k] = -1;
		for (int f = 0; f < nf && field[k] < 0; f++)
			if (same_name(out_name(items, f), c->cols[k]))
				field[k] = f;
	}
	ob_init(&b, host, out);
	for (size_t i = 0; i < n && !b.rc; i++) {
		for (size_t k = 0; k < c->ncols; k++) {
			size_t len;
			const char *v = field[k] < 0 ? NULL :
					host->text(items, field[k], i, &len);

			if (k)
				ob_addc(&b, c->delim);
			if (v)
				csv_put_guarded(&b, c->delim, v, len, c->guard);
		}
		ob_addc(&b, '\n');
		ob_spill(&b);
	}
	free(field);
	return ob_finish(&b);
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	const struct csv *c = state;
	int nf = host->field_count(items);
	size_t n = host->count(items);
	struct obuf b;

	(void)err;
	if (c->ncols)
		return export_columns(c, items, out);
	ob_init(&b, host, out);
	for (int f = 0; f < nf; f++) {
		const char *name = out_name(items, f);
		if (f)
			ob_addc(&b, c->delim);
		csv_put_guarded(&b, c->delim, name, strlen(name), c->guard);
	}
	ob_addc(&b, '\n');
	for (size_t i = 0; i < n && !b.rc; i++) {
		/* Rows this section read go back as they came (host->raw). */
		size_t rlen;
		int from;
		const char *row = host->raw(items, i, &from, &rlen);

		for (int f = 0; f < (row ? from : nf); f++) {
			size_t len;
			const char *v = host->text(items, f, i, &len);

			if (f)
				ob_addc(&b, c->delim);
			if (v)
				csv_put_guarded(&b, c->delim, v, len, c->guard);
		}
		if (row) {
			if (from)
				ob_addc(&b, c->delim);
			if (c->guard && csv_raw_formula(row, rlen, c->delim))
				put_raw_guarded(&b, c->delim, row, rlen);
			else
				ob_add(&b, row, rlen);
		}
		ob_addc(&b, '\n');
		ob_spill(&b);
	}
	return ob_finish(&b);
}

static const char *const extensions[] = { "csv", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.configure = configure,
	.import = import,
	.export = export,
	.release = release,
	.flags = PRIO_FORMAT_COPIES_ROWS,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "csv", "1.2",
		   "comma-separated values (RFC 4180) with a header row",
		   prio_host_keep, NULL, &ops);
