/*
 * agile.c - shared by the workflow commands: item access, velocity,
 * charts. See agile.h.
 */
#include "agile.h"

#include <ctype.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int item_load(struct prio *p, long long id, struct table *t, char *err)
{
	table_for_schema(t, &p->schema);
	for (size_t c = 0; c < t->ncols; c++)
		t->cols[c].wanted = 1;
	return store_load(p->store, t, id, err);
}

const char *item_text(const struct table *t, const char *field)
{
	/* Cells are slices of the table's arena, not strings: copy. */
	static char *ring[8];
	static unsigned next;
	char num[32], **slot = &ring[next++ % ARRAY_SIZE(ring)];
	int col = table_find(t, field, strlen(field));
	size_t len = 0;
	const char *v = NULL;

	if (col >= 0 && t->nrows)
		v = table_text(t, col, 0, num, &len);
	free(*slot);
	*slot = xstrndup(v ? v : "", v ? len : 0);
	return *slot;
}

double item_num(struct table *t, const char *field)
{
	int col = table_find(t, field, strlen(field));

	if (col < 0 || !t->nrows)
		return NAN;
	return table_numbers(t, col)[0];
}

int item_update(struct prio *p, long long id, const char *action,
		const char *const *names, const char *const *values, size_t n,
		char *err)
{
	struct table t;
	struct buf before = {0}, after = {0};
	int *cols = xmalloc((n ? n : 1) * sizeof(int)), rc;

	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	for (size_t i = 0; i < n; i++) {
		cols[i] = table_find(&t, names[i], strlen(names[i]));
		if (values[i])
			table_set(&t, cols[i], 0, values[i], strlen(values[i]));
	}
	if (!(rc = store_item_json(p->store, id, &t, cols, n, &before, err))) {
		table_row_json(&t, 0, cols, n, &after);
		if (!(rc = audit(p, action, id, before.p, after.p, err)))
			rc = store_write(p->store, id, &t, 0, cols, n, NULL, err);
	}
	buf_release(&before);
	buf_release(&after);
	free(cols);
	table_release(&t);
	return rc;
}

int velocity_window(struct prio *p, size_t *window, char *err)
{
	struct config_entry *e = config_find(&p->cfg, "sprint",
					     "velocity_window");
	char where[PRIO_ERR_MAX / 2], *end;
	long n;

	*window = 3;
	if (!e)
		return 0;
	n = strtol(e->value, &end, 10);
	if (*end || end == e->value || n < 1 || n > 1000)
		return errf(err, PRIO_EINVAL, "%s: [sprint] velocity_window = "
			    "'%s': expected a whole number from 1",
			    config_where(e, where, sizeof(where)), e->value);
	*window = (size_t)n;
	return 0;
}

struct collect {
	struct sprint *v;
	size_t n, cap;
};

static int collect_one(void *arg, const struct sprint *sp)
{
	struct collect *c = arg;

	GROW(c->v, c->n + 1, c->cap);
	c->v[c->n++] = *sp;
	return 0;
}

int velocity_compute(struct prio *p, struct velocity *v, char *err)
{
	struct collect c = {0};
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = velocity_window(p, &v->window, err)) ||
	    (rc = store_sprints(p->store, 1, collect_one, &c, err))) {
		free(c.v);
		return rc;
	}
	v->v = c.v;
	v->nsprints = c.n;
	v->n = c.n < v->window ? c.n : v->window;
	for (size_t i = c.n - v->n; i < c.n; i++)
		v->mean += c.v[i].accepted;
	if (v->n)
		v->mean /= (double)v->n;
	for (size_t i = c.n - v->n; i < c.n; i++)
		v->sd += (c.v[i].accepted - v->mean) *
			 (c.v[i].accepted - v->mean);
	if (v->n)
		v->sd = sqrt(v->sd / (double)v->n);
	return 0;
}

void velocity_release(struct velocity *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

static int names_utf8(const char *s)
{
	char low[64];
	size_t i;

	for (i = 0; s[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	return strstr(low, "utf-8") || strstr(low, "utf8");
}

void chart_setup(struct chart *c, int ascii)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *loc = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(vars) && !loc; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			loc = v;
	}
	c->utf8 = !ascii && loc && names_utf8(loc);
	c->color = !getenv("NO_COLOR") && isatty(STDOUT_FILENO);
}

void chart_color(struct buf *b, const struct chart *c, const char *code)
{
	if (c->color)
		buf_addf(b, "\033[%sm", code ? code : "0");
}

void chart_bar(struct buf *b, const struct chart *c, double value, double max,
	       int width, double mark, const char *color)
{
	static const char *const eighths[] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a",
		"\u2589"
	};
	double cells = max > 0 && value > 0 ? value / max * width : 0;
	int full = (int)floor(cells), part = (int)floor((cells - full) * 8);
	int at = isnan(mark) || max <= 0 ? -1 :
		(int)lround(mark / max * width);

	if (full > width)
		full = width, part = 0;
	if (at > width)
		at = width;
	if (color)
		chart_color(b, c, color);
	for (int i = 0; i < width + 1; i++) {
		if (i == at) {
			if (color)
				chart_color(b, c, NULL);
			buf_adds(b, c->utf8 ? "\u2502" : "|");
			if (color)
				chart_color(b, c, color);
		} else if (i < full) {
			buf_adds(b, c->utf8 ? "\u2588" : "#");
		} else if (i == full && part && c->utf8) {
			buf_adds(b, eighths[part]);
		} else if (i == full && cells - full >= 0.5 && !c->utf8) {
			buf_addc(b, '+');
		} else {
			buf_addc(b, ' ');
		}
	}
	if (color)
		chart_color(b, c, NULL);
}

struct members {
	struct member *v;
	size_t n, cap;
};

static int member_one(void *arg, const struct sprint_item *it)
{
	struct members *m = arg;
	struct member *x;

	GROW(m->v, m->n + 1, m->cap);
	x = &m->v[m->n++];
	memset(x, 0, sizeof(*x));
	x->item = it->item;
	x->points = it->points;
	snprintf(x->added, sizeof(x->added), "%s", it->added ? it->added : "");
	snprintf(x->removed, sizeof(x->removed), "%s",
		 it->removed ? it->removed : "");
	snprintf(x->outcome, sizeof(x->outcome), "%s",
		 it->outcome ? it->outcome : "");
	return 0;
}

int sprint_members(struct prio *p, long long sprint, struct member **v,
		   size_t *n, char *err)
{
	struct members m = {0};
	int rc = store_sprint_items(p->store, sprint, member_one, &m, err);

	*v = m.v;
	*n = m.n;
	return rc;
}

int defects_count(struct prio *p, const char *from, const char *to,
		  size_t *opened, size_t *closed, char *err)
{
	struct table t;
	int type, created, done, rc;

	*opened = *closed = 0;
	table_for_schema(&t, &p->schema);
	type = table_find(&t, "type", 4);
	created = table_find(&t, "created", 7);
	done = table_find(&t, "done_on", 7);
	t.cols[type].wanted = t.cols[created].wanted = t.cols[done].wanted = 1;
	if (!(rc = store_load(p->store, &t, 0, err))) {
		for (size_t r = 0; r < t.nrows; r++) {
			char b[32];
			size_t len;
			const char *ty = table_text(&t, type, r, b, &len);
			const char *c, *d;

			if (!ty || len != 3 || memcmp(ty, "bug", 3))
				continue;
			c = table_text(&t, created, r, b, &len);
			if (c && len >= 10 && strncmp(c, from, 10) >= 0 &&
			    strncmp(c, to, 10) <= 0)
				++*opened;
			d = table_text(&t, done, r, b, &len);
			if (d && len >= 10 && strncmp(d, from, 10) >= 0 &&
			    strncmp(d, to, 10) <= 0)
				++*closed;
		}
	}
	table_release(&t);
	return rc;
}
