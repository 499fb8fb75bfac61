/*
 * table.c - columns of cells over one arena, and views of them.
 */
#include "table.h"

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
	buf_release(&t->arena);
	memset(t, 0, sizeof(*t));
}

static void column_fill(struct column *c, size_t from, size_t to)
{
	for (size_t r = from; r < to; r++)
		c->cells[r] = CELL_NONE;
	if (c->num)
		for (size_t r = from; r < to; r++)
			c->num[r] = NAN;
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
	c->cells = xmalloc((t->cap ? t->cap : 1) * sizeof(*c->cells));
	column_fill(c, 0, t->nrows);
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
		c->cells = xrealloc(c->cells, cap * sizeof(*c->cells));
		if (c->num)
			c->num = xrealloc(c->num, cap * sizeof(*c->num));
	}
	t->line = xrealloc(t->line, cap * sizeof(*t->line));
	t->cap = cap;
}

size_t table_add_row(struct table *t, unsigned long line)
{
	size_t r;

	table_reserve(t, 1);
	r = t->nrows++;
	for (size_t i = 0; i < t->ncols; i++)
		column_fill(&t->cols[i], r, r + 1);
	t->line[r] = line;
	return r;
}

int table_set(struct table *t, int col, size_t row, const char *s, size_t len)
{
	struct column *c = &t->cols[col];

	if (len > CELL_MAX_LEN)
		return -1;
	c->cells[row] = (uint64_t)t->arena.len << 24 | len;
	buf_add(&t->arena, s, len);
	if (c->num)	/* parsed already: keep it in step */
		if (num_parse(s, len, &c->num[row]) < 0)
			c->num[row] = NAN;
	return 0;
}

void table_set_num(struct table *t, int col, size_t row, double v)
{
	struct column *c = &t->cols[col];

	if (!c->num) {
		c->num = xmalloc((t->cap ? t->cap : 1) * sizeof(*c->num));
		for (size_t r = 0; r < t->nrows; r++)
			c->num[r] = NAN;
		c->num_only = 1;
	}
	c->num[row] = v;
}

const double *table_numbers(struct table *t, int col)
{
	struct column *c = &t->cols[col];

	if (c->num)
		return c->num;
	c->num = xmalloc((t->cap ? t->cap : 1) * sizeof(*c->num));
	for (size_t r = 0; r < t->nrows; r++) {
		uint64_t cell = c->cells[r];
		if (cell == CELL_NONE ||
		    num_parse(t->arena.p + (cell >> 24), cell & CELL_MAX_LEN,
			      &c->num[r]) < 0)
			c->num[r] = NAN;
	}
	return c->num;
}

const char *table_text(const struct table *t, int col, size_t row, char *buf,
		       size_t *len)
{
	const struct column *c = &t->cols[col];
	uint64_t cell = c->cells[row];

	if (cell != CELL_NONE) {
		*len = cell & CELL_MAX_LEN;
		return t->arena.p + (cell >> 24);
	}
	if (c->num_only && !isnan(c->num[row])) {
		*len = (size_t)num_format(c->num[row], buf, 32);
		return buf;
	}
	*len = 0;
	return NULL;
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
}

void view_release(struct prio_items *v)
{
	if (v->perm)
		for (int i = 0; i < v->nvis; i++)
			free(v->perm[i]);
	free(v->perm);
	free(v->vis);
	memset(v, 0, sizeof(*v));
}
