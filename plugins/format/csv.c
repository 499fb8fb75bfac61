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
 *   map.Story Points = job_size
 *                            the column "Story Points" is the field job_size
 *   ignore = Notes, Owner    columns dropped before they reach prio
 * Mapped columns are written back under their column name on export, so
 * a file goes out and comes back in through the same section unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>

#include "csv_parse.h"

static const struct prio_host *host;

struct csv {
	char delim;
	struct csv_maps maps;
};

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

static void release(void *state)
{
	struct csv *c = state;

	if (!c)
		return;
	csv_maps_release(&c->maps);
	free(c);
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	const char *d = host->get(sec, "delimiter", NULL);
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
	if ((rc = csv_maps_read(&c->maps, host, sec, err))) {
		free(c);
		return rc;
	}
	*state = c;
	return 0;
}

/* What the header row becomes on the way to the sink. */
struct header {
	size_t ncols;		/* columns in the file */
	unsigned char *keep;	/* per column: 0 when ignored */
	size_t nkeep;
	const char **val;	/* a row's kept values, when some are dropped */
	size_t *len;
};

static void header_release(struct header *h)
{
	free(h->keep);
	free(h->val);
	free(h->len);
}

/* Maps and drops the columns of the header row r, then names them. */
static int columns(const struct csv *c, const struct csv_reader *r,
		   struct header *h, struct prio_sink *sink, char *err)
{
	const char **names;
	size_t *lens, *orig;	/* per kept column: its index in the file */
	unsigned char *mapped;
	int rc = 0;

	h->ncols = r->n;
	h->keep = malloc(r->n);
	h->val = malloc(r->n * sizeof(*h->val));
	h->len = malloc(r->n * sizeof(*h->len));
	names = malloc(r->n * sizeof(*names));
	lens = malloc(r->n * sizeof(*lens));
	orig = malloc(r->n * sizeof(*orig));
	mapped = malloc(r->n);
	if (!h->keep || !h->val || !h->len || !names || !lens || !orig ||
	    !mapped) {
		rc = PRIO_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct csv_map_entry *e =
			csv_map_find(&c->maps, r->val[i], r->len[i]);

		h->keep[i] = !e || e->to;
		if (!h->keep[i])
			continue;
		names[h->nkeep] = e ? e->to : r->val[i];
		lens[h->nkeep] = e ? strlen(e->to) : r->len[i];
		orig[h->nkeep] = i;
		mapped[h->nkeep++] = e != NULL;
	}
	/*
	 * A mapped column may land on a name the file already has: name
	 * both columns, which the core's "appears twice" could not.
	 */
	for (size_t i = 0; i < h->nkeep && !rc; i++) {
		const char *a = names[i];
		size_t alen = lens[i];

		fmt_trim(&a, &alen);
		for (size_t j = 0; j < i && !rc; j++) {
			const char *b = names[j];
			size_t blen = lens[j];

			fmt_trim(&b, &blen);
			if ((mapped[i] || mapped[j]) && alen == blen &&
			    !memcmp(a, b, alen)) {
				snprintf(err, PRIO_ERR_MAX, "1: columns '%.*s' "
					 "and '%.*s' both go to field '%.*s'",
					 (int)r->len[orig[j]], r->val[orig[j]],
					 (int)r->len[orig[i]], r->val[orig[i]],
					 (int)alen, a);
				rc = PRIO_EINVAL;
			}
		}
	}
	if (!rc)
		rc = host->sink_columns(sink, h->nkeep, names, lens, err);
out:
	free(names);
	free(lens);
	free(orig);
	free(mapped);
	return rc;
}

static int import(void *state, const char *name, const char *data, size_t len,
		  struct prio_sink *sink, char *err)
{
	const struct csv *c = state;
	struct csv_reader r;
	struct header h = {0};
	unsigned long at;
	int header = 1, rc;

	(void)name;
	csv_reader_init(&r, data, len, c->delim);
	while ((rc = csv_next(&r, &at, err)) > 0) {
		if (header) {
			rc = columns(c, &r, &h, sink, err);
			header = 0;
		} else if (h.nkeep == h.ncols) {
			/* Nothing dropped: the values go as they are. */
			rc = host->sink_row(sink, at, r.n, r.val, r.len, err);
		} else if (r.n != h.ncols) {
			snprintf(err, PRIO_ERR_MAX, "%lu: %zu values where the "
				 "header has %zu columns", at, r.n, h.ncols);
			rc = PRIO_EINVAL;
		} else {
			size_t k = 0;

			for (size_t i = 0; i < r.n; i++)
				if (h.keep[i]) {
					h.val[k] = r.val[i];
					h.len[k++] = r.len[i];
				}
			rc = host->sink_row(sink, at, k, h.val, h.len, err);
		}
		if (rc)
			break;
	}
	if (!rc && header) {
		snprintf(err, PRIO_ERR_MAX, "1: empty file: expected a header row");
		rc = PRIO_EINVAL;
	}
	header_release(&h);
	csv_reader_release(&r);
	return rc;
}

/*
 * The header name of field f: its mapped column name, unless that would
 * repeat another field's name in the same header.
 */
static const char *out_name(const struct csv *c, const struct prio_items *items,
			    int f)
{
	const char *name = host->field_name(items, f);
	const char *col = csv_map_reverse(&c->maps, name);
	int nf = host->field_count(items);

	if (!col)
		return name;
	for (int g = 0; g < nf; g++) {
		const char *other = host->field_name(items, g);
		const char *ocol = csv_map_reverse(&c->maps, other);
		if (g != f && (!strcmp(other, col) ||
			       (ocol && g < f && !strcmp(ocol, col))))
			return name;
	}
	return col;
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	const struct csv *c = state;
	int nf = host->field_count(items);
	size_t n = host->count(items);
	struct obuf b;

	(void)err;
	ob_init(&b, host, out);
	for (int f = 0; f < nf; f++) {
		const char *name = out_name(c, items, f);
		if (f)
			ob_addc(&b, c->delim);
		csv_put(&b, c->delim, name, strlen(name));
	}
	ob_addc(&b, '\n');
	for (size_t i = 0; i < n && !b.rc; i++) {
		for (int f = 0; f < nf; f++) {
			size_t len;
			const char *v = host->text(items, f, i, &len);

			if (f)
				ob_addc(&b, c->delim);
			if (v)
				csv_put(&b, c->delim, v, len);
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
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "csv", "1.1",
		   "comma-separated values (RFC 4180) with a header row",
		   init, NULL, &ops);
