/*
 * table.c - columns of cells over one arena, and views of them.
 */
#include "table.h"
#include "field.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void table_init(struct table *t)
{
	memset(t, 0, sizeof(*t));
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].cells);
		free(t->cols[i].num);
	}
	free(t->cols);
	free(t->line);
	free(t->raw);
	free(t->raw_section);
	if (t->mapped)
		file_unmap(t->borrowed, t->blen);
	else
		free(t->borrowed);
	buf_release(&t->arena);
	memset(t, 0, sizeof(*t));
}

/*
 * All-ones bytes are CELL_NONE for a cell and a NaN for a double, so one
 * memset marks a range of either as missing.
 */
static void column_fill(struct column *c, size_t from, size_t to)
{
	if (to == from + 1) {	/* one row at a time, from an import: no call */
		if (c->cells)
			c->cells[from] = CELL_NONE;
		if (c->num)
			c->num[from] = NAN;
		return;
	}
	if (c->cells)
		memset(c->cells + from, 0xff, (to - from) * sizeof(*c->cells));
	if (c->num)
		memset(c->num + from, 0xff, (to - from) * sizeof(*c->num));
}

/* Columns get their arrays when first written: unread ones cost nothing. */
static void column_alloc(struct table *t, struct column *c, int num)
{
	size_t cap = t->cap ? t->cap : 1;

	if (num && !c->num) {
		c->num = xmalloc(cap * sizeof(*c->num));
		memset(c->num, 0xff, t->nrows * sizeof(*c->num));
	} else if (!num && !c->cells) {
		c->cells = xmalloc(cap * sizeof(*c->cells));
		memset(c->cells, 0xff, t->nrows * sizeof(*c->cells));
	}
}

int table_add_column(struct table *t, const char *name, enum prio_type type,
		     const struct field *field)
{
	struct column *c;

	GROW(t->cols, t->ncols + 1, t->cols_cap);
	c = &t->cols[t->ncols];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name);
	c->type = type;
	c->field = field;
	return (int)t->ncols++;
}

int table_find(const struct table *t, const char *name, size_t len)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i].name) == len &&
		    !memcmp(t->cols[i].name, name, len))
			return (int)i;
	return -1;
}

void table_reserve(struct table *t, size_t n)
{
	size_t cap = t->cap ? t->cap : 64;

	if (t->nrows + n <= t->cap)
		return;
	while (cap < t->nrows + n)
		cap *= 2;
	for (size_t i = 0; i < t->ncols; i++) {
		struct column *c = &t->cols[i];
		if (c->cells)
			c->cells = xrealloc(c->cells, cap * sizeof(*c->cells));
		if (c->num)
			c->num = xrealloc(c->num, cap * sizeof(*c->num));
	}
	if (t->line)
		t->line = xrealloc(t->line, cap * sizeof(*t->line));
	if (t->raw)
		t->raw = xrealloc(t->raw, cap * sizeof(*t->raw));
	t->cap = cap;
}

int table_borrow(struct table *t, char *data, size_t len)
{
	if (t->borrowed || t->arena.len)
		return -1;	/* offsets into the arena are taken already */
	t->borrowed = data;
	t->blen = len;
	return 0;
}

int table_borrow_mapped(struct table *t, char *data, size_t len)
{
	if (table_borrow(t, data, len))
		return -1;
	t->mapped = 1;
	return 0;
}

/* Where a cell's text is: the borrowed block, then the arena. */
static inline const char *cell_at(const struct table *t, uint64_t cell)
{
	uint64_t off = cell >> 24;

	return off < t->blen ? t->borrowed + off
			     : t->arena.p + (off - t->blen);
}

size_t table_add_rows(struct table *t, size_t n)
{
	size_t first = t->nrows;

	table_reserve(t, n);
	t->nrows += n;
	for (size_t i = 0; i < t->ncols; i++)
		column_fill(&t->cols[i], first, t->nrows);
	if (t->line)
		memset(t->line + first, 0, n * sizeof(*t->line));
	if (t->raw)
		memset(t->raw + first, 0xff, n * sizeof(*t->raw));
	return first;
}

size_t table_add_row(struct table *t, unsigned long line)
{
	size_t r;

	/* One row at a time, from an import: no calls to memset. */
	if (t->nrows < t->cap) {
		r = t->nrows++;
		for (size_t i = 0; i < t->ncols; i++) {
			struct column *c = &t->cols[i];

			if (c->cells)
				c->cells[r] = CELL_NONE;
			if (c->num)
				c->num[r] = NAN;
		}
		if (t->raw)
			t->raw[r] = CELL_NONE;
	} else {
		r = table_add_rows(t, 1);
	}
	if (line && !t->line)	/* lines only for rows read from files */
		t->line = xcalloc(t->cap, sizeof(*t->line));
	if (t->line)
		t->line[r] = line;
	return r;
}

int table_set(struct table *t, int col, size_t row, const char *s, size_t len)
{
	struct column *c = &t->cols[col];

	if (len > CELL_MAX_LEN)
		return -1;
	column_alloc(t, c, 0);
	if ((uintptr_t)s >= (uintptr_t)t->borrowed &&
	    (uintptr_t)s + len <= (uintptr_t)t->borrowed + t->blen) {
		/* A piece of the borrowed file: point at it, no copy. */
		c->cells[row] = (uint64_t)(s - t->borrowed) << 24 | len;
	} else {
		c->cells[row] = (uint64_t)(t->blen + t->arena.len) << 24 | len;
		buf_add(&t->arena, s, len);
	}
	if (c->num)	/* parsed already: keep it in step */
		if (num_parse(s, len, &c->num[row]) < 0)
			c->num[row] = NAN;
	return 0;
}

void table_clear(struct table *t, int col, size_t row)
{
	struct column *c = &t->cols[col];

	if (c->cells)
		c->cells[row] = CELL_NONE;
	if (c->num)
		c->num[row] = NAN;
}

void table_set_num(struct table *t, int col, size_t row, double v)
{
	struct column *c = &t->cols[col];

	if (!c->num) {
		column_alloc(t, c, 1);
		c->num_only = 1;
	}
	c->parsed = 0;	/* a number the text does not hold */
	c->num[row] = v;
}

int table_set_raw(struct table *t, size_t row, const char *s, size_t len)
{
	/* Only a piece of the file: copying rows would undo the point. */
	if (!t->borrowed || (uintptr_t)s < (uintptr_t)t->borrowed ||
	    (uintptr_t)s + len > (uintptr_t)t->borrowed + t->blen ||
	    len > CELL_MAX_LEN || row >= t->nrows)
		return -1;
	if (!t->raw) {
		t->raw = xmalloc(t->cap * sizeof(*t->raw));
		memset(t->raw, 0xff, t->nrows * sizeof(*t->raw));
	}
	t->raw[row] = (uint64_t)(s - t->borrowed) << 24 | len;
	return 0;
}

const char *table_raw(const struct table *t, size_t row, size_t *len)
{
	uint64_t cell = t->raw && row < t->nrows ? t->raw[row] : CELL_NONE;

	if (cell == CELL_NONE)
		return NULL;
	*len = (size_t)(cell & CELL_MAX_LEN);
	return t->borrowed + (cell >> 24);
}

const double *table_numbers(struct table *t, int col)
{
	struct column *c = &t->cols[col];

	if (c->num)
		return c->num;
	column_alloc(t, c, 1);
	c->parsed = 1;
	for (size_t r = 0; r < t->nrows && c->cells; r++) {
		uint64_t cell = c->cells[r];
		if (cell == CELL_NONE ||
		    num_parse(cell_at(t, cell), cell & CELL_MAX_LEN,
			      &c->num[r]) < 0)
			c->num[r] = NAN;
	}
	return c->num;
}

/* A cell's text; a number-only cell is formatted from num. */
static const char *cell_text(const struct table *t, const struct column *c,
			     uint64_t cell, double num, char *buf, size_t *len)
{
	if (cell != CELL_NONE) {
		*len = cell & CELL_MAX_LEN;
		return cell_at(t, cell);
	}
	if (c->num_only && !isnan(num)) {
		*len = (size_t)num_format(num, buf, 32);
		return buf;
	}
	*len = 0;
	return NULL;
}

const char *table_text(const struct table *t, int col, size_t row, char *buf,
		       size_t *len)
{
	const struct column *c = &t->cols[col];

	return cell_text(t, c, c->cells ? c->cells[row] : CELL_NONE,
			 c->num ? c->num[row] : NAN, buf, len);
}

/* to[k] = from[order[k]], for n values of 8 bytes (of any type). */
static void gather(void *to, const void *from, const uint32_t *order,
		   size_t n)
{
	const char *f = from;
	char *o = to;

	for (size_t k = 0; k < n; k++)
		memcpy(o + 8 * k, f + 8 * (size_t)order[k], 8);
}

void table_permute(struct table *t, const uint32_t *order, size_t n)
{
	/*
	 * One spare array, reused: each array is gathered into it and gives
	 * it its own old block for the next. Cells, numbers, lines and raw
	 * rows are all 8 bytes, and malloc'd memory takes whichever type is
	 * stored in it.
	 */
	void *spare = xmalloc((t->cap ? t->cap : 1) * 8), *old;

#define PERMUTE(arr) (gather(spare, (arr), order, n), old = (arr), \
		      (arr) = spare, spare = old)
	_Static_assert(sizeof(uint64_t) == 8 && sizeof(double) == 8 &&
		       sizeof(unsigned long) == 8, "8-byte cells");
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].cells)
			PERMUTE(t->cols[i].cells);
		if (t->cols[i].num)
			PERMUTE(t->cols[i].num);
	}
	if (t->line)
		PERMUTE(t->line);
	if (t->raw)
		PERMUTE(t->raw);
#undef PERMUTE
	free(spare);
	t->nrows = n;
}

void table_drop_parsed(struct table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].parsed) {
			free(t->cols[i].num);
			t->cols[i].num = NULL;
			t->cols[i].parsed = 0;
		}
}

const char *view_text(const struct prio_items *v, int h, size_t i, char *buf,
		      size_t *len)
{
	const struct column *c = &v->t->cols[v->vis[h]];
	size_t row = view_row(v, i);

	/*
	 * An exporter reads item by item, and each item's text is wherever
	 * its row was stored: on the first cell of item i, ask for the text
	 * of item i + 8, which will then be in cache when its turn comes
	 * instead of stalling the exporter (a tenth of rank --in on a
	 * million rows). A row's cells were stored together, so the lines
	 * around one of its cells hold the row.
	 */
	if (h == 0 && v->ahead >= 0 && i + 8 < v->count) {
		uint64_t cell = v->t->cols[v->vis[v->ahead]].cells[
			view_row(v, i + 8)];
		if (cell != CELL_NONE) {
			const char *at = cell_at(v->t, cell);
			__builtin_prefetch(at - 64);
			__builtin_prefetch(at);
		}
	}
	return cell_text(v->t, c, c->cells ? c->cells[row] : CELL_NONE,
			 c->num ? c->num[row] : NAN, buf, len);
}

void view_all(struct prio_items *v, struct table *t)
{
	memset(v, 0, sizeof(*v));
	v->t = t;
	v->count = t->nrows;
	v->nvis = (int)t->ncols;
	v->vis = xmalloc(t->ncols * sizeof(int));
	for (size_t i = 0; i < t->ncols; i++)
		v->vis[i] = (int)i;
	v->ahead = -1;	/* as stored: the rows come in order anyway */
}

void view_some(struct prio_items *v, struct table *t, const int *cols,
	       int ncols, const uint32_t *order, size_t count)
{
	memset(v, 0, sizeof(*v));
	v->t = t;
	v->order = order;
	v->count = count;
	v->nvis = ncols;
	v->vis = xmalloc((size_t)(ncols ? ncols : 1) * sizeof(int));
	memcpy(v->vis, cols, (size_t)ncols * sizeof(int));
	v->ahead = -1;	/* the last column with text: a row's far end */
	for (int h = ncols - 1; h >= 0 && v->ahead < 0; h--)
		if (t->cols[cols[h]].cells)
			v->ahead = h;
}

void view_release(struct prio_items *v)
{
	if (v->perm)
		for (int i = 0; i < v->nvis; i++)
			free(v->perm[i]);
	free(v->perm);
	free(v->vis);
	buf_release(&v->about);
	buf_release(&v->about_later);
	free(v->workflow);
	memset(v, 0, sizeof(*v));
}

void describe_add(struct buf *b, const char *what, const char *value)
{
	buf_add(b, what, strlen(what) + 1);
	buf_add(b, value, strlen(value) + 1);
}

void view_describe(struct prio_items *v, const char *what, const char *value)
{
	describe_add(&v->about, what, value);
}

const char *describe_find(const struct buf *b, const char *what)
{
	const char *p = b->p, *end = p + b->len;

	while (p && p < end) {
		const char *value = p + strlen(p) + 1;
		if (!strcmp(p, what))
			return value;
		p = value + strlen(value) + 1;
	}
	return NULL;
}

/*
 * A number written as JSON writes numbers (-?(0|[1-9][0-9]*)(.[0-9]+)?,
 * no exponent) can go into JSON as it is, without a parse and a format.
 */
static int json_number(const char *v, size_t len)
{
	size_t i = 0, digits;

	if (i < len && v[i] == '-')
		i++;
	for (digits = i; i < len && v[i] >= '0' && v[i] <= '9'; i++)
		;
	if (i == digits || (v[digits] == '0' && i - digits > 1) || len > 24)
		return 0;
	if (i < len && v[i] == '.') {
		for (digits = ++i; i < len && v[i] >= '0' && v[i] <= '9'; i++)
			;
		if (i == digits)
			return 0;
	}
	return i == len;
}

void table_row_json(const struct table *t, size_t r, const int *cols,
		    size_t ncols, struct buf *out)
{
	buf_addc(out, '{');
	for (size_t i = 0; i < ncols; i++) {
		const struct column *c = &t->cols[cols[i]];
		char num[32];
		size_t len;
		const char *v = table_text(t, cols[i], r, num, &len);
		double d;

		if (i)
			buf_adds(out, ", ");
		buf_addjson(out, c->name, strlen(c->name));
		buf_adds(out, ": ");
		if (!v)
			buf_adds(out, "null");
		else if (c->type == PRIO_TYPE_NUMBER && json_number(v, len) &&
			 !memchr(v, '.', len) && !memchr(v, 'e', len) &&
			 !memchr(v, 'E', len))
			buf_add(out, v, len);	/* already JSON, as the store
						   would write it (5.0 is 5) */
		else if (c->type == PRIO_TYPE_NUMBER && num_parse(v, len, &d) == 0)
			buf_add(out, num, (size_t)num_format(d, num, sizeof(num)));
		else
			buf_addjson(out, v, len);
	}
	buf_addc(out, '}');
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/*
 * The wanted slots of a store's doc (a JSON array) into row `row`: one
 * pass over the text in C, rather than a json_extract per field, which
 * parses the document again for each. Space between values is skipped
 * (a server may print its arrays with some).
 */
void table_read_doc(const char *p, const char *end, struct table *t,
		     size_t row, const int *slots, size_t nslots)
{
	struct buf str = {0};

	if (!p || p >= end || *p++ != '[')
		return;
	for (size_t k = 0; (p = skip_space(p, end)) < end && *p != ']'; k++) {
		int col = k < nslots ? slots[k] : -1;
		const char *v = p;
		size_t len;

		if (*p == '"') {
			buf_reset(&str);
			if (!(p = json_read_string(p, &str)))
				break;
			if (col >= 0)
				table_set(t, col, row, str.p ? str.p : "",
					  str.len);
		} else {
			while (p < end && *p != ',' && *p != ']')
				p++;
			len = (size_t)(p - v);
			/* A number as its text: parsed when someone asks
			 * for the column's numbers (a method), written out
			 * as it is (an export). */
			if (col >= 0 && !(len == 4 && !memcmp(v, "null", 4)))
				table_set(t, col, row, v, len);
		}
		p = skip_space(p, end);
		if (p < end && *p == ',')
			p++;
	}
	buf_release(&str);
}

size_t table_read_columns(const struct table *t, char *const *slots,
			  size_t nslots, int *cols, int **by_slot)
{
	size_t n = 0;

	*by_slot = NULL;
	for (size_t i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];
		size_t k;

		/* Ranking always needs the id, the manual order and the pins. */
		if (!c->field || (!c->wanted && strcmp(c->name, "id") &&
				  strcmp(c->name, "position") &&
				  strcmp(c->name, "pin")))
			continue;
		if (c->field->flags & FIELD_BUILTIN) {
			cols[n++] = (int)i;
			continue;
		}
		for (k = 0; k < nslots; k++)
			if (slots[k] && !strcmp(slots[k], c->field->name))
				break;
		if (k == nslots)
			continue;	/* never written: all missing */
		if (!*by_slot) {
			*by_slot = xmalloc((nslots + 1) * sizeof(int));
			for (size_t j = 0; j < nslots; j++)
				(*by_slot)[j] = -1;
		}
		(*by_slot)[k] = (int)i;
	}
	return n;
}
