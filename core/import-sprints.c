/*
 * import-sprints.c - the sprints of an imported file: each row's item goes
 * into the sprint its "sprint" column names (Jira's Sprint columns, the
 * last of them; see jira.c), so that velocity and burndown work right
 * after an import from a tracker that had sprints.
 *
 * A run of the import's transaction, after the rows are written: the
 * sink keeps the column apart from the item's fields (host.c), and this
 * pass reads it back with the items as the rows left them.
 *
 * The file names sprints, never their dates, so the sprints this creates
 * are dated as follows, and `prio import --help` says so: they are laid
 * end to end, SPRINT_DAYS long, in the order of their names (numbers in
 * a name compared as numbers: "Sprint 9" before "Sprint 10"). The last of
 * them stays open when some item in it is not finished (done, accepted)
 * and begins on the day of the import; every other one is closed, the
 * last closed ending the day before the import, as `prio sprint close`
 * would have closed it then: its done and accepted items give its
 * velocity, the others go back to the backlog. A sprint of that name
 * that exists already is used as it is: an open one takes the items it
 * lacks; a closed one only the items it had.
 *
 * The import's log entries are the items'; the sprints get none of their
 * own, since prio undo reverts a change of item entries only (and, as
 * for prio sprint, undoes no sprint).
 */
#include "prio.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agile.h"
#include "date.h"
#include "store.h"

#define SPRINT_DAYS 14

/* One sprint the file names, and the items it puts there. */
struct named {
	char name[64];
	struct sprint sp;	/* when it exists: found */
	int found;
	struct member_in {
		long long item;
		unsigned long line;
		double points;	/* the estimate now (NaN: none) */
		int finished;	/* done or accepted */
		int accepted;
	} *v;
	size_t n, cap;
};

/* "Sprint 9" < "Sprint 10": runs of digits by value, the rest by bytes. */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *x = a, *y = b;
			size_t lx, ly;
			int c;

			while (*x == '0' && isdigit((unsigned char)x[1]))
				x++;
			while (*y == '0' && isdigit((unsigned char)y[1]))
				y++;
			for (a = x; isdigit((unsigned char)*a); a++)
				;
			for (b = y; isdigit((unsigned char)*b); b++)
				;
			lx = (size_t)(a - x);
			ly = (size_t)(b - y);
			if (lx != ly)
				return lx < ly ? -1 : 1;
			if ((c = memcmp(x, y, lx)))
				return c;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int by_name(const void *a, const void *b)
{
	return natural_cmp(((const struct named *)a)->name,
			   ((const struct named *)b)->name);
}

static int cmp_line(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a,
		      y = *(const unsigned long *)b;
	return x < y ? -1 : x > y;
}

/* The lines of the rows that went to the rejects, sorted. */
static unsigned long *rejected_lines(const struct table *rej, size_t *n)
{
	unsigned long *v;
	char num[32];

	*n = 0;
	if (!rej || !rej->nrows || rej->ncols < 2)
		return NULL;
	v = xmalloc(rej->nrows * sizeof(*v));
	for (size_t r = 0; r < rej->nrows; r++) {
		size_t len;
		const char *s = table_text(rej, (int)rej->ncols - 2, r, num,
					   &len);
		if (s)
			v[(*n)++] = strtoul(s, NULL, 10);
	}
	qsort(v, *n, sizeof(*v), cmp_line);
	return v;
}

/* The item row r names, by its id, else its key: 1 found, 0 not. */
static int row_item(struct prio *p, const struct table *t, size_t r,
		    long long *id, char *err)
{
	int idc = table_find(t, "id", 2), keyc = table_find(t, "key", 3), rc;
	char num[32];
	size_t len;
	const char *v;

	if (idc >= 0 && t->cols[idc].wanted &&
	    (v = table_text(t, idc, r, num, &len)) &&
	    (rc = store_lookup(p->store, v, len, id, err)))
		return rc;
	if (keyc >= 0 && t->cols[keyc].wanted &&
	    (v = table_text(t, keyc, r, num, &len)))
		return store_lookup_key(p->store, v, len, id, err);
	return 0;
}

/* Notes item id (row r) for sprint `name`, reading its status and points. */
static int note(struct prio *p, struct named **all, size_t *n, size_t *cap,
		const char *name, size_t len, long long id, unsigned long line,
		char *err)
{
	struct named *s = NULL;
	struct member_in *m;
	struct table it;
	const char *st;
	int rc;

	for (size_t i = 0; i < *n && !s; i++)
		if (strlen((*all)[i].name) == len &&
		    !memcmp((*all)[i].name, name, len))
			s = &(*all)[i];
	if (!s) {
		GROW(*all, *n + 1, *cap);
		s = &(*all)[(*n)++];
		memset(s, 0, sizeof(*s));
		memcpy(s->name, name, len);
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].item == id)
			return 0;	/* named twice: once is enough */
	if ((rc = item_load(p, id, &it, err))) {
		table_release(&it);
		return rc;
	}
	GROW(s->v, s->n + 1, s->cap);
	m = &s->v[s->n++];
	m->item = id;
	m->line = line;
	m->points = item_num(&it, "estimate");
	st = item_text(&it, "status");
	m->accepted = !strcmp(st, "accepted");
	m->finished = m->accepted || !strcmp(st, "done");
	table_release(&it);
	return 0;
}

/* Puts the items in sprint s, which exists: open, or had them. */
static int fill_existing(struct prio *p, struct named *s, const char *path,
			 const char *today, size_t *placed, char *err)
{
	struct member *m = NULL;
	size_t nm = 0;
	int rc = sprint_members(p, s->sp.id, &m, &nm, err);

	for (size_t i = 0; i < s->n && !rc; i++) {
		size_t k = 0;

		while (k < nm && m[k].item != s->v[i].item)
			k++;
		if (k < nm)
			continue;	/* in it already */
		if (s->sp.closed) {
			rc = errf(err, PRIO_EINVAL, "%s:%lu: column sprint: "
				  "sprint '%s' is closed, and item %lld was "
				  "not in it", path, s->v[i].line, s->name,
				  s->v[i].item);
			break;
		}
		if (!(rc = store_sprint_add(p->store, s->sp.id, s->v[i].item,
					    s->v[i].points, today, err)))
			++*placed;
	}
	free(m);
	return rc;
}

/* Creates sprint s from day `start` to `end`, closed or not, with its items. */
static int create(struct prio *p, struct named *s, long start, long end,
		  int closed, size_t *placed, char *err)
{
	struct sprint sp = {0};
	double done = 0, acc = 0;
	long long id;
	int rc;

	snprintf(sp.name, sizeof(sp.name), "%s", s->name);
	date_format(start, sp.start);
	date_format(end, sp.end);
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->v[i].points))
			sp.capacity += s->v[i].points;
	if ((rc = store_sprint_new(p->store, &sp, &id, err)))
		return rc;
	for (size_t i = 0; i < s->n && !rc; i++) {
		const struct member_in *m = &s->v[i];
		double pts = isnan(m->points) ? 0 : m->points;

		if ((rc = store_sprint_add(p->store, id, m->item, m->points,
					   sp.start, err)))
			break;
		++*placed;
		if (!closed)
			continue;
		/* As prio sprint close: the finished stay, the rest go back. */
		if (m->finished) {
			done += pts;
			acc += m->accepted ? pts : 0;
			rc = store_sprint_outcome(p->store, id, m->item,
						  m->accepted ? "accepted" :
						  "done", err);
		} else {
			rc = store_sprint_remove(p->store, id, m->item, sp.end,
						 "returned", err);
			rc = rc < 0 ? rc : 0;
		}
	}
	if (!rc && closed)
		rc = store_sprint_close(p->store, id, sp.end, done, acc, err);
	return rc;
}

static void named_free(struct named *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].v);
	free(v);
}

int import_sprints(struct prio *p, const struct table *t, const char *path,
		   const struct table *rej, size_t *made, size_t *placed,
		   char *err)
{
	int sc = table_find(t, "sprint", 6), rc = 0;
	struct named *all = NULL;
	size_t n = 0, cap = 0, nrej, nnew = 0, nclosed, last = 0;
	int unfinished = 0;
	unsigned long *rejected;
	struct sprint open;
	long today;
	char today_s[11], num[32];

	*made = *placed = 0;
	if (sc < 0 || t->cols[sc].field)
		return 0;
	rejected = rejected_lines(rej, &nrej);
	for (size_t r = 0; r < t->nrows && !rc; r++) {
		unsigned long line = table_line(t, r);
		const char *v;
		size_t len;
		long long id;

		if (!(v = table_text(t, sc, r, num, &len)))
			continue;
		blank_trim(&v, &len);
		if (!len || (nrej && bsearch(&line, rejected, nrej,
					     sizeof(*rejected), cmp_line)))
			continue;
		if (len >= sizeof(all->name))
			rc = errf(err, PRIO_EINVAL, "%s:%lu: column sprint: "
				  "a sprint's name is 1 to %zu bytes", path,
				  line, sizeof(all->name) - 1);
		else if ((rc = row_item(p, t, r, &id, err)) == 0)
			rc = errf(err, PRIO_EINVAL, "%s:%lu: column sprint: "
				  "to go into sprint '%.*s', the row needs "
				  "the id or key of its item", path, line,
				  (int)len, v);
		else if (rc > 0)
			rc = note(p, &all, &n, &cap, v, len, id, line, err);
	}
	free(rejected);
	if (rc || !n)
		goto out;
	if ((rc = authorize(p, "sprint.plan", NULL, 0, err)) ||
	    (rc = date_today(&today, err)))
		goto out;
	date_format(today, today_s);
	for (size_t i = 0; i < n && !rc; i++) {
		int found = store_sprint_find(p->store, all[i].name,
					      &all[i].sp, err);
		rc = found < 0 ? found : 0;
		all[i].found = found == 1;
	}
	if (rc)
		goto out;
	/* The sprints to create, in order, after those that exist. */
	qsort(all, n, sizeof(*all), by_name);
	for (size_t i = 0; i < n; i++)
		if (!all[i].found) {
			nnew++;
			last = i;
		}
	for (size_t j = 0; nnew && j < all[last].n; j++)
		unfinished |= !all[last].v[j].finished;
	if (unfinished && (rc = store_sprint_find(p->store, NULL, &open,
						  err))) {
		if (rc > 0)
			rc = errf(err, PRIO_EINVAL, "%s:%lu: column sprint: "
				  "sprint '%s' has unfinished items and would "
				  "be open, but sprint '%s' is open: close it "
				  "first (prio sprint close)", path,
				  all[last].v[0].line, all[last].name,
				  open.name);
		goto out;
	}
	nclosed = nnew - (size_t)unfinished;
	for (size_t i = 0, k = 0; i < n && !rc; i++) {
		long end;

		if (all[i].found) {
			rc = fill_existing(p, &all[i], path, today_s, placed,
					   err);
			continue;
		}
		if (unfinished && i == last) {
			rc = create(p, &all[i], today, today + SPRINT_DAYS - 1,
				    0, placed, err);
		} else {
			/* The last closed one ends the day before the import. */
			end = today - 1 - (long)(nclosed - ++k) * SPRINT_DAYS;
			rc = create(p, &all[i], end - SPRINT_DAYS + 1, end, 1,
				    placed, err);
		}
		*made += !rc;
	}
out:
	named_free(all, n);
	return rc < 0 ? rc : 0;
}
