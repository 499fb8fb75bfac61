/*
 * agile.c - shared by the workflow commands and the reports: item access,
 * sprints, burndowns, velocity, the backlog's history and the forecast,
 * charts. See agile.h.
 */
#include "agile.h"
#include "item.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <prio/workflow.h>

#include "date.h"

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
	struct buf before = {0};
	int *cols = xmalloc((n ? n : 1) * sizeof(int)), rc;

	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	for (size_t i = 0; i < n; i++) {
		cols[i] = table_find(&t, names[i], strlen(names[i]));
		if (values[i])
			table_set(&t, cols[i], 0, values[i], strlen(values[i]));
	}
	if (!(rc = store_item_json(p->store, id, &t, cols, n, &before, err)) &&
	    !(rc = audit(p, action, id, before.p, NULL, err)))
		rc = item_write(p, id, &t, 0, cols, n, NULL, err);
	buf_release(&before);
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

void chart_range(struct buf *b, const struct chart *c, double lo, double mid,
		 double hi, double max, int width)
{
	int a = max > 0 && lo > 0 ? (int)lround(lo / max * width) : 0;
	int z = max > 0 && hi > 0 ? (int)lround(hi / max * width) : 0;
	int at = max > 0 && !isnan(mid) ? (int)lround(mid / max * width) : -1;

	for (int i = 0; i < width + 1; i++) {
		if (i == at)
			buf_adds(b, c->utf8 ? "\u2502" : "|");
		else if (i < a)
			buf_adds(b, c->utf8 ? "\u2588" : "#");
		else if (i < z)
			buf_adds(b, c->utf8 ? "\u2591" : "-");
		else
			buf_addc(b, ' ');
	}
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

/* Sprints */

static long day_or(const char *s, long otherwise)
{
	long d;

	return s && date_parse(s, &d) == 0 ? d : otherwise;
}

void sprint_tally(const struct sprint *sp, const struct member *m, size_t n,
		  struct tally *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		double v = isnan(m[i].points) ? 0 : m[i].points;
		const char *st = sp->closed ? m[i].outcome : m[i].status;

		if (m[i].removed[0] && !m[i].outcome[0])
			continue;	/* taken out by hand */
		t->committed += v;
		if (!strcmp(st, "done") || !strcmp(st, "accepted"))
			t->done += v;
		if (!strcmp(st, "accepted"))
			t->accepted += v;
	}
}

int keep_last_sprint(void *arg, const struct sprint *sp)
{
	*(struct sprint *)arg = *sp;
	return 0;
}

/*
 * Fills status, done_on, key and title of each member: one read for them
 * all, so that closing or showing a sprint of n items costs n lookups of
 * one prepared query, not n loads of every field.
 */
int members_fill(struct prio *p, struct member *m, size_t n, char *err)
{
	static const char *const names[] = {
		"status", "done_on", "key", "title"
	};
	struct table t;
	uint32_t *rows = xmalloc((n ? n : 1) * sizeof(*rows));
	int col[ARRAY_SIZE(names)], id, rc;

	table_for_schema(&t, &p->schema);
	id = table_find(&t, "id", 2);
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		col[k] = table_find(&t, names[k], strlen(names[k]));
		t.cols[col[k]].wanted = 1;
	}
	table_add_rows(&t, n);
	for (size_t i = 0; i < n; i++) {
		table_set_num(&t, id, i, (double)m[i].item);
		rows[i] = (uint32_t)i;
	}
	rc = store_fill(p->store, &t, rows, n, err);
	for (size_t i = 0; i < n && !rc; i++) {
		const char *v[ARRAY_SIZE(names)];
		size_t len[ARRAY_SIZE(names)];
		char b[ARRAY_SIZE(names)][32];

		for (size_t k = 0; k < ARRAY_SIZE(names); k++)
			if (!(v[k] = table_text(&t, col[k], i, b[k], &len[k])))
				v[k] = "", len[k] = 0;
		if (!len[3])
			continue;	/* no title: the item was deleted */
		snprintf(m[i].status, sizeof(m[i].status), "%.*s", (int)len[0],
			 v[0]);
		snprintf(m[i].done_on, sizeof(m[i].done_on), "%.*s",
			 (int)len[1], v[1]);
		m[i].key = xstrndup(v[2], len[2]);
		m[i].title = xstrndup(v[3], len[3]);
	}
	free(rows);
	table_release(&t);
	return rc;
}

/* When an item counts in the burndown, as days. */
struct burn {
	long added, removed;	/* removed: LONG_MAX while in */
	long done;		/* LONG_MAX: not done */
	double points;
};

static double remaining_on(const struct burn *v, size_t n, long d)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].added <= d && v[i].removed > d && v[i].done > d)
			sum += v[i].points;
	return sum;
}

static void burndown(struct sprint_state *s)
{
	struct burn *v = xcalloc(s->nm + 1, sizeof(*v));

	for (size_t i = 0; i < s->nm; i++) {
		const struct member *m = &s->m[i];

		v[i].added = day_or(m->added, s->start);
		if (v[i].added < s->start)
			v[i].added = s->start;	/* planned before it started */
		/* Sent back at the close: it stayed in until the end. */
		v[i].removed = !m->removed[0] || !strcmp(m->outcome, "returned")
			? LONG_MAX : day_or(m->removed, LONG_MAX);
		v[i].done = m->done_on[0] ? day_or(m->done_on, LONG_MAX)
					  : LONG_MAX;
		v[i].points = isnan(m->points) ? 0 : m->points;
	}
	s->scope = remaining_on(v, s->nm, s->start);
	s->remaining = xmalloc((size_t)s->days * sizeof(double));
	s->ideal = xmalloc((size_t)s->days * sizeof(double));
	for (long i = 0; i < s->days; i++) {
		long d = s->start + i;

		s->ideal[i] = s->end > s->start ? s->scope *
			(double)(s->end - d) / (double)(s->end - s->start) : 0;
		s->remaining[i] = d <= s->last ? remaining_on(v, s->nm, d) : NAN;
	}
	free(v);
}

int sprint_state_load(struct prio *p, const char *name, int or_last,
		      long today, struct sprint_state *s, char *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = store_sprint_find(p->store, name, &s->sp, err);
	if (!rc && !name && or_last) {
		s->sp.id = 0;
		if ((rc = store_sprints(p->store, 1, keep_last_sprint, &s->sp, err)))
			return rc;
		rc = s->sp.id != 0;
	}
	if (rc <= 0)
		return rc;
	if ((rc = sprint_members(p, s->sp.id, &s->m, &s->nm, err)) ||
	    (rc = members_fill(p, s->m, s->nm, err)))
		return rc;
	sprint_tally(&s->sp, s->m, s->nm, &s->tally);
	s->start = day_or(s->sp.start, 0);
	s->end = day_or(s->sp.end, s->start);
	if (s->end < s->start)
		s->end = s->start;
	s->days = s->end - s->start + 1;
	s->day = s->sp.closed ? s->days : today - s->start + 1;
	if (s->day < 0)
		s->day = 0;
	if (s->day > s->days)
		s->day = s->days;
	s->last = s->sp.closed ? day_or(s->sp.closed_on, s->end) : today;
	if (s->last > s->end)
		s->last = s->end;
	burndown(s);
	return 1;
}

void members_free(struct member *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].key);
		free(m[i].title);
	}
	free(m);
}

void sprint_state_release(struct sprint_state *s)
{
	members_free(s->m, s->nm);
	free(s->remaining);
	free(s->ideal);
	memset(s, 0, sizeof(*s));
}

/* The backlog's history */

void backlog_columns(struct table *t)
{
	static const char *const names[] = {
		"type", "created", "done_on", "estimate"
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int c = table_find(t, names[i], strlen(names[i]));
		if (c >= 0)
			t->cols[c].wanted = 1;
	}
}

int backlog_load(struct prio *p, struct table *t, char *err)
{
	table_for_schema(t, &p->schema);
	backlog_columns(t);
	return store_load(p->store, t, 0, err);
}

/*
 * The day of a cell's first ten bytes ("2026-07-01" or the date of
 * "2026-07-01T09:30:00Z"); 0 when it has none. Items imported together
 * share a date: the last one parsed is kept, so a million rows cost a
 * million memcmps rather than a million parses.
 */
static int cell_day(const char *s, size_t len, char memo[11], long *memo_day,
		    long *day)
{
	if (!s || len < 10)
		return 0;
	if (memcmp(s, memo, 10)) {
		char d[11];

		memcpy(d, s, 10);
		d[10] = '\0';
		if (date_parse(d, memo_day) < 0)
			return 0;
		memcpy(memo, d, 11);
	}
	*day = *memo_day;
	return 1;
}

void backlog_spans(struct table *t, struct span *v, size_t n)
{
	int type = table_find(t, "type", 4), created = table_find(t, "created", 7);
	int done = table_find(t, "done_on", 7), est = table_find(t, "estimate", 8);
	const double *e = est >= 0 ? table_numbers(t, est) : NULL;
	char cmemo[11] = "", dmemo[11] = "";
	long cmemo_day = 0, dmemo_day = 0;

	for (size_t k = 0; k < n; k++)
		v[k].left = 0, v[k].opened = v[k].closed = 0;
	if (type < 0 || created < 0 || done < 0 || !e)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		char b[32];
		size_t len;
		const char *ty = table_text(t, type, r, b, &len);
		int bug = ty && len == 3 && !memcmp(ty, "bug", 3);
		int epic = ty && len == 4 && !memcmp(ty, "epic", 4);
		const char *c = table_text(t, created, r, b, &len);
		long cd = 0, dd = LONG_MAX;
		int has_c = cell_day(c, len, cmemo, &cmemo_day, &cd), has_d;
		const char *dn = table_text(t, done, r, b, &len);

		/* done_on is a day: anything else is not done */
		has_d = dn && len == 10 && cell_day(dn, len, dmemo, &dmemo_day,
						    &dd);
		if (!has_d)
			dd = LONG_MAX;
		for (size_t k = 0; k < n; k++) {
			struct span *sp = &v[k];

			if (has_c && !epic && !isnan(e[r]) && cd <= sp->to &&
			    dd > sp->to)
				sp->left += e[r];
			if (!bug)
				continue;
			if (has_c && cd >= sp->from && cd <= sp->to)
				sp->opened++;
			if (has_d && dd >= sp->from && dd <= sp->to)
				sp->closed++;
		}
	}
}

static int has_columns(const struct table *t)
{
	static const char *const names[] = {
		"type", "created", "done_on", "estimate"
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int c = table_find(t, names[i], strlen(names[i]));
		if (c < 0 || !t->cols[c].wanted)
			return 0;
	}
	return 1;
}

static void forecast_one(struct forecast *f, const char *name, double speed,
			 double left, long start, long len)
{
	f->name = name;
	f->speed = speed;
	f->from = f->to = 0;
	if (!(speed > 0)) {
		f->sprints = -1;
		return;
	}
	/* 1e-9: 16 points at 8 a sprint is 2 sprints, not 3 */
	f->sprints = (long)ceil(left / speed - 1e-9);
	if (f->sprints < 1)
		f->sprints = left > 0 ? 1 : 0;
	if (f->sprints) {
		f->from = start + (f->sprints - 1) * len;
		f->to = start + f->sprints * len - 1;
	}
}

int history_compute(struct prio *p, struct table *t, long today,
		    struct history *h, char *err)
{
	struct table own;
	struct sprint open;
	size_t n;
	int rc, has_open;

	memset(h, 0, sizeof(*h));
	table_init(&own);
	h->today = today;
	if ((rc = velocity_compute(p, &h->v, err)))
		return rc;
	if ((has_open = store_sprint_find(p->store, NULL, &open, err)) < 0)
		return has_open;
	if (!t || !has_columns(t)) {
		table_release(&own);
		if ((rc = backlog_load(p, &own, err))) {
			table_release(&own);
			return rc;
		}
		t = &own;
	}
	n = h->v.nsprints;
	h->spans = xcalloc(n + 1, sizeof(*h->spans));
	h->committed = xcalloc(n + 1, sizeof(*h->committed));
	for (size_t i = 0; i < n; i++) {
		h->spans[i].from = day_or(h->v.v[i].start, today);
		h->spans[i].to = day_or(h->v.v[i].end, today);
	}
	/* Today's points left: everything created, not done by any day. */
	h->spans[n].from = h->spans[n].to = LONG_MAX - 1;
	backlog_spans(t, h->spans, n + 1);
	h->now = h->spans[n].left;
	table_release(&own);
	for (size_t i = 0; i < n && !rc; i++) {
		struct member *m = NULL;
		size_t nm = 0;
		struct tally tl;

		if (!(rc = sprint_members(p, h->v.v[i].id, &m, &nm, err))) {
			sprint_tally(&h->v.v[i], m, nm, &tl);
			h->committed[i] = tl.committed;
		}
		free(m);
	}
	if (rc)
		return rc;
	h->len = 14;
	h->start = today;
	if (n) {
		const struct sprint *last = &h->v.v[n - 1];
		h->len = day_or(last->end, 0) - day_or(last->start, 0) + 1;
		h->start = day_or(last->end, today) + 1;
	}
	if (has_open) {
		h->start = day_or(open.start, h->start);
		if (!n)
			h->len = day_or(open.end, 0) - day_or(open.start, 0) + 1;
	}
	if (h->len < 1)
		h->len = 1;
	h->has_forecast = h->v.n > 0;
	if (h->has_forecast) {
		forecast_one(&h->f[0], "optimistic", h->v.mean + h->v.sd,
			     h->now, h->start, h->len);
		forecast_one(&h->f[1], "expected", h->v.mean, h->now, h->start,
			     h->len);
		forecast_one(&h->f[2], "pessimistic", h->v.mean - h->v.sd,
			     h->now, h->start, h->len);
	}
	return 0;
}

void history_release(struct history *h)
{
	velocity_release(&h->v);
	free(h->spans);
	free(h->committed);
	memset(h, 0, sizeof(*h));
}

/* JSON */

void json_number(struct buf *b, double v)
{
	char num[40];

	if (isnan(v) || isinf(v)) {
		buf_adds(b, "null");
		return;
	}
	num_format(v, num, sizeof(num));
	buf_adds(b, num);
}

int json_format(const char *arg)
{
	return !strcmp(arg, "json") ? 1 : !strcmp(arg, "text") ? 0 : -1;
}

/* describe() */

/* A number as describe() gives it: as prio prints numbers. */
static void add_num(struct buf *b, double v)
{
	char num[40];

	num_format(v, num, sizeof(num));
	buf_adds(b, num);
}

/* Text in a describe() line: tabs and line breaks become spaces. */
static void add_field(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void describe_num(struct buf *v, const char *what, double x)
{
	char num[40];

	num_format(x, num, sizeof(num));
	describe_add(v, what, num);
}

static void describe_buf(struct buf *v, const char *what, struct buf *b)
{
	describe_add(v, what, b->p ? b->p : "");
	buf_reset(b);
}

/*
 * The workflow as plugins see it (prio/workflow.h), in one allocation
 * that free() releases: the record, its arrays, then the names.
 */
static struct prio_workflow *workflow_make(const struct sprint_state *s,
					   const struct span *bugs,
					   const struct history *h)
{
	size_t nd = s->days > 0 ? (size_t)s->days : 0, ns = h->v.nsprints;
	size_t nf = h->has_forecast ? ARRAY_SIZE(h->f) : 0;
	size_t size = sizeof(struct prio_workflow) +
		      nd * sizeof(struct prio_wf_day) +
		      ns * sizeof(struct prio_wf_sprint) +
		      nf * sizeof(struct prio_wf_forecast) +
		      strlen(s->sp.name) + 1;
	struct prio_workflow *w;
	struct prio_wf_day *day;
	struct prio_wf_sprint *sp;
	struct prio_wf_forecast *fc;
	char *names;

	for (size_t i = 0; i < ns; i++)
		size += strlen(h->v.v[i].name) + 1;
	w = xcalloc(1, size);
	day = (struct prio_wf_day *)(w + 1);
	sp = (struct prio_wf_sprint *)(day + nd);
	fc = (struct prio_wf_forecast *)(sp + ns);
	names = (char *)(fc + nf);

	w->struct_size = sizeof(*w);
	w->sprint = strcpy(names, s->sp.name);
	names += strlen(names) + 1;
	w->closed = s->sp.closed;
	memcpy(w->start, s->sp.start, sizeof(w->start));
	memcpy(w->end, s->sp.end, sizeof(w->end));
	w->capacity = s->sp.capacity;
	w->committed = s->tally.committed;
	w->done = s->tally.done;
	w->accepted = s->tally.accepted;
	w->day = s->day;
	w->days = s->days;
	w->bugs_opened = bugs->opened;
	w->bugs_closed = bugs->closed;
	for (size_t i = 0; i < nd; i++) {
		date_format(s->start + (long)i, day[i].date);
		day[i].remaining = s->remaining[i];
		day[i].ideal = s->ideal[i];
	}
	w->burndown = day;
	w->nburndown = nd;
	for (size_t i = 0; i < ns; i++) {
		const struct sprint *v = &h->v.v[i];

		sp[i].name = strcpy(names, v->name);
		names += strlen(names) + 1;
		memcpy(sp[i].start, v->start, sizeof(sp[i].start));
		memcpy(sp[i].end, v->end, sizeof(sp[i].end));
		sp[i].committed = h->committed[i];
		sp[i].done = v->done;
		sp[i].accepted = v->accepted;
		sp[i].bugs_opened = h->spans[i].opened;
		sp[i].bugs_closed = h->spans[i].closed;
		sp[i].left = h->spans[i].left;
	}
	w->sprints = sp;
	w->nsprints = ns;
	w->velocity_average = ns ? h->v.mean : NAN;
	w->velocity_spread = ns ? h->v.sd : NAN;
	w->velocity_count = ns ? h->v.n : 0;
	w->left = h->now;
	for (size_t i = 0; i < nf; i++) {
		fc[i].name = h->f[i].name;	/* a literal: lives forever */
		fc[i].speed = h->f[i].speed;
		fc[i].sprints = h->f[i].sprints;
		if (h->f[i].sprints > 0) {
			date_format(h->f[i].from, fc[i].from);
			date_format(h->f[i].to, fc[i].to);
		}
	}
	w->forecast = fc;
	w->nforecast = nf;
	return w;
}

/* The same as describe() keys (prio/plugin.h), for older plugins. */
static void workflow_describe(const struct prio_workflow *w, struct buf *v)
{
	struct buf b = {0};

	add_field(&b, w->sprint);
	describe_buf(v, "sprint", &b);
	describe_add(v, "sprint.state", w->closed ? "closed" : "open");
	describe_add(v, "sprint.start", w->start);
	describe_add(v, "sprint.end", w->end);
	describe_num(v, "sprint.capacity", w->capacity);
	describe_num(v, "sprint.committed", w->committed);
	describe_num(v, "sprint.done", w->done);
	describe_num(v, "sprint.accepted", w->accepted);
	describe_num(v, "sprint.day", (double)w->day);
	describe_num(v, "sprint.days", (double)w->days);
	buf_addf(&b, "%zu\t%zu", w->bugs_opened, w->bugs_closed);
	describe_buf(v, "sprint.bugs", &b);
	for (size_t i = 0; i < w->nburndown; i++) {
		const struct prio_wf_day *d = &w->burndown[i];

		buf_addf(&b, "%s\t", d->date);
		if (!isnan(d->remaining))
			add_num(&b, d->remaining);
		buf_addc(&b, '\t');
		add_num(&b, d->ideal);
		buf_addc(&b, '\n');
	}
	describe_buf(v, "burndown", &b);

	if (w->nsprints) {
		for (size_t i = 0; i < w->nsprints; i++) {
			const struct prio_wf_sprint *sp = &w->sprints[i];

			add_field(&b, sp->name);
			buf_addf(&b, "\t%s\t%s\t", sp->start, sp->end);
			add_num(&b, sp->committed);
			buf_addc(&b, '\t');
			add_num(&b, sp->done);
			buf_addc(&b, '\t');
			add_num(&b, sp->accepted);
			buf_addf(&b, "\t%zu\t%zu\n", sp->bugs_opened,
				 sp->bugs_closed);
		}
		describe_buf(v, "velocity", &b);
		describe_num(v, "velocity.average", w->velocity_average);
		describe_num(v, "velocity.spread", w->velocity_spread);
		describe_num(v, "velocity.count", (double)w->velocity_count);
		for (size_t i = 0; i < w->nsprints; i++) {
			add_field(&b, w->sprints[i].name);
			buf_addf(&b, "\t%s\t", w->sprints[i].end);
			add_num(&b, w->sprints[i].left);
			buf_addc(&b, '\n');
		}
		describe_buf(v, "release", &b);
	}
	describe_num(v, "release.left", w->left);
	if (w->nforecast) {
		for (size_t i = 0; i < w->nforecast; i++) {
			const struct prio_wf_forecast *f = &w->forecast[i];

			buf_addf(&b, "%s\t", f->name);
			add_num(&b, f->speed);
			if (f->sprints < 0) {
				buf_adds(&b, "\t\t\t\n");
				continue;
			}
			buf_addf(&b, "\t%ld\t%s\t%s\n", f->sprints, f->from,
				 f->to);
		}
		describe_buf(v, "forecast", &b);
	}
	buf_release(&b);
}

int agile_later(void *arg, struct buf *out, struct prio_workflow **wf,
		char *err)
{
	const struct agile_later *l = arg;
	struct prio *p = l->p;
	struct table *t = l->t;
	struct sprint_state s;
	struct history h;
	struct table own;
	struct span span;
	long today;
	int rc;

	*wf = NULL;
	if (!p->store)
		return 0;	/* a file ranked outside a workspace */
	memset(&h, 0, sizeof(h));
	if ((rc = date_today(&today, err)))
		return rc;
	if ((rc = sprint_state_load(p, NULL, 1, today, &s, err)) <= 0) {
		sprint_state_release(&s);
		return rc;	/* no sprint yet: nothing to say */
	}
	table_init(&own);
	if (!t || !has_columns(t)) {
		table_release(&own);
		if ((rc = backlog_load(p, &own, err)))
			goto out;
		t = &own;
	}
	if ((rc = history_compute(p, t, today, &h, err)))
		goto out;
	span.from = s.start;
	span.to = s.end;
	backlog_spans(t, &span, 1);
	*wf = workflow_make(&s, &span, &h);
	workflow_describe(*wf, out);
out:
	history_release(&h);
	table_release(&own);
	sprint_state_release(&s);
	return rc;
}

/* criteria_json's writer: one criterion, after the ones before. */
static int criterion_json(void *arg, const struct criterion *c)
{
	struct buf *b = arg;

	buf_addf(b, "%s\n  {\"n\": %lld, \"text\": ",
		 b->p[b->len - 1] == '[' ? "" : ",", c->n);
	buf_addjson(b, c->text, strlen(c->text));
	buf_addf(b, ", \"checked\": %s}", c->checked ? "true" : "false");
	return 0;
}

int criteria_json(struct prio *p, long long id, struct buf *b, char *err)
{
	size_t at;
	int rc;

	buf_addf(b, "{\"id\": %lld, \"criteria\": [", id);
	at = b->len;
	if ((rc = store_criteria(p->store, id, criterion_json, b, err)))
		return rc;
	buf_adds(b, b->len > at ? "\n]}\n" : "]}\n");
	return 0;
}
