/*
 * item.c - writing an item with the rules every write keeps (item.h).
 */
#include "item.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is the value of row `row` in column c this text? */
static int cell_is(const struct table *t, int c, size_t row, const char *s)
{
	char buf[32];
	size_t len;
	const char *v = c >= 0 ? table_text(t, c, row, buf, &len) : NULL;

	return v && len == strlen(s) && !memcmp(v, s, len);
}

static int in_cols(const int *cols, size_t n, int c)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i] == c)
			return 1;
	return 0;
}

/* Sets row's cell of column c to day, or clears it (day NULL). */
static void put_day(struct table *t, int c, size_t row, const char *day)
{
	if (day)
		table_set(t, c, row, day, strlen(day));
	else
		table_clear(t, c, row);
}

/*
 * done_on and accepted_on from the status being written: the day it
 * became done (accepted) as the row gives it (given: an import of an
 * export), or as the item has it, or today; none when it is not.
 */
static int track_status(struct prio *p, long long id, struct table *t,
			size_t row, int sc, int dc, int ac, int dgiven,
			int agiven, char *err)
{
	int done = cell_is(t, sc, row, "done") || cell_is(t, sc, row, "accepted");
	int accepted = cell_is(t, sc, row, "accepted");
	static char today[21];	/* one day for the whole command */
	char was_done[11] = "", was_accepted[11] = "";
	int rc;

	if (!today[0]) {
		time_now(today);
		today[10] = '\0';
	}
	if (id && (done || accepted)) {
		struct table now;
		int cols[2] = { dc, ac };
		char buf[32];
		size_t len;
		const char *v;

		table_for_schema(&now, &p->schema);
		table_add_row(&now, 0);
		rc = store_item_read(p->store, id, t, cols, 2, &now, 0, err);
		if (rc >= 0 && (v = table_text(&now, dc, 0, buf, &len)) &&
		    len == 10)
			memcpy(was_done, v, 10);
		if (rc >= 0 && (v = table_text(&now, ac, 0, buf, &len)) &&
		    len == 10)
			memcpy(was_accepted, v, 10);
		table_release(&now);
		if (rc < 0)
			return rc;
	}
	if (dgiven || agiven) {
		char buf[32];
		size_t len;
		const char *v;

		if (dgiven) {
			v = table_text(t, dc, row, buf, &len);
			memcpy(was_done, v && len == 10 ? v : "", v && len == 10
			       ? 10 : 1);
		}
		if (agiven) {
			v = table_text(t, ac, row, buf, &len);
			memcpy(was_accepted, v && len == 10 ? v : "",
			       v && len == 10 ? 10 : 1);
		}
	}
	put_day(t, dc, row, !done ? NULL : *was_done ? was_done : today);
	put_day(t, ac, row, !accepted ? NULL : *was_accepted ? was_accepted
							      : today);
	return 0;
}

/* initiative: a name or id, written as the name, with its rank. */
static int link_initiative(struct prio *p, struct table *t, size_t row,
			   int ic, int rc_col, char *err)
{
	char buf[32], num[32], *ref;
	size_t len;
	const char *v = table_text(t, ic, row, buf, &len);
	struct initiative in;
	int rc, n;

	if (!v) {
		table_clear(t, rc_col, row);
		return 0;
	}
	ref = xstrndup(v, len);
	rc = store_initiative_find(p->store, ref, &in, err);
	if (rc == 0)
		rc = errf(err, PRIO_EINVAL, "initiative '%s': no such "
			  "initiative (prio roadmap list)", ref);
	free(ref);
	if (rc < 0)
		return rc;
	table_set(t, ic, row, in.name, strlen(in.name));
	n = snprintf(num, sizeof(num), "%lld", in.rank);
	table_set(t, rc_col, row, num, (size_t)n);
	return 0;
}

/* The column of a field in t: where it was last time (an import asks
 * for each row), else found by name. */
static int column_of(const struct table *t, const char *name, int *last)
{
	if (*last >= 0 && (size_t)*last < t->ncols &&
	    !strcmp(t->cols[*last].name, name))
		return *last;
	return *last = table_find(t, name, strlen(name));
}

int item_write(struct prio *p, long long id, struct table *t, size_t row,
	       const int *cols, size_t ncols, long long *out, char *err)
{
	static int last[5] = { -1, -1, -1, -1, -1 };
	int sc = column_of(t, "status", &last[0]);
	int dc = column_of(t, "done_on", &last[1]);
	int ac = column_of(t, "accepted_on", &last[2]);
	int ic = column_of(t, "initiative", &last[3]);
	int rk = column_of(t, "initiative_rank", &last[4]);
	int local[64], *all = ncols + 3 <= 64 ? local :
		xmalloc((ncols + 3) * sizeof(int));
	size_t n = ncols;
	int rc = 0;

	memcpy(all, cols, ncols * sizeof(int));
	if (sc >= 0 && dc >= 0 && ac >= 0 && in_cols(cols, ncols, sc)) {
		rc = track_status(p, id, t, row, sc, dc, ac,
				  in_cols(cols, ncols, dc), in_cols(cols, ncols, ac),
				  err);
		if (!in_cols(cols, ncols, dc))
			all[n++] = dc;
		if (!in_cols(cols, ncols, ac))
			all[n++] = ac;
	}
	if (!rc && ic >= 0 && rk >= 0 && in_cols(cols, ncols, ic)) {
		rc = link_initiative(p, t, row, ic, rk, err);
		if (!in_cols(cols, ncols, rk))
			all[n++] = rk;
	}
	if (!rc)
		rc = store_write(p->store, id, t, row, all, n, out, err);
	if (all != local)
		free(all);
	return rc;
}

/* --- the roadmap's changes ------------------------------------------------- */

struct ranks {
	char **name;
	long long *rank;
	size_t n, cap;
};

static int one_rank(void *arg, const struct initiative *in)
{
	struct ranks *r = arg;

	GROW(r->name, r->n + 1, r->cap);
	r->rank = xrealloc(r->rank, r->cap * sizeof(*r->rank));
	r->name[r->n] = xstrdup(in->name);
	r->rank[r->n++] = in->rank;
	return 0;
}

int item_relink(struct prio *p, const char *was, const char *now, char *err)
{
	struct ranks r = {0};
	struct table t;
	int ic, rk, uc, cols[3], rc;

	table_for_schema(&t, &p->schema);
	ic = table_find(&t, "initiative", 10);
	rk = table_find(&t, "initiative_rank", 15);
	uc = table_find(&t, "updated", 7);
	t.cols[ic].wanted = t.cols[rk].wanted = t.cols[uc].wanted = 1;
	cols[0] = ic;
	cols[1] = rk;
	cols[2] = uc;	/* kept: following the roadmap is not an edit */
	if (!(rc = store_initiatives(p->store, one_rank, &r, err)))
		rc = store_load(p->store, &t, 0, err);
	for (size_t row = 0; row < t.nrows && !rc; row++) {
		char buf[32];
		size_t len, i;
		const char *v = table_text(&t, ic, row, buf, &len);
		double old = table_numbers(&t, rk)[row];
		const char *id;
		int renamed = 0;

		if (!v)
			continue;
		if (was && len == strlen(was) && !memcmp(v, was, len)) {
			renamed = 1;
			if (now)
				table_set(&t, ic, row, now, strlen(now));
			else
				table_clear(&t, ic, row);
			v = now;
			len = now ? strlen(now) : 0;
		}
		for (i = 0; v && i < r.n; i++)
			if (strlen(r.name[i]) == len && !memcmp(r.name[i], v, len))
				break;
		if (!renamed && (v && i < r.n ? old == (double)r.rank[i]
					       : isnan(old)))
			continue;	/* as it was */
		if (v && i < r.n) {
			int k = snprintf(buf, sizeof(buf), "%lld", r.rank[i]);
			table_set(&t, rk, row, buf, (size_t)k);
		} else {
			table_clear(&t, rk, row);
		}
		id = table_text(&t, table_find(&t, "id", 2), row, buf, &len);
		rc = store_write(p->store, strtoll(id, NULL, 10), &t, row,
				 cols, 3, NULL, err);
	}
	for (size_t i = 0; i < r.n; i++)
		free(r.name[i]);
	free(r.name);
	free(r.rank);
	table_release(&t);
	return rc;
}
