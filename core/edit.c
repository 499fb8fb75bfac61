/*
 * edit.c - the changes a person makes to one item, shared by the commands
 * and the board (edit.h).
 */
#include "edit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agile.h"
#include "date.h"
#include "item.h"
#include "suggest.h"

/* An unknown field, with the closest field if any. */
static int unknown_field(const struct prio *p, const char *name, size_t len,
			 char *err)
{
	const char **names = xcalloc(p->schema.n + 1, sizeof(*names));
	const char *near;

	for (size_t i = 0; i < p->schema.n; i++)
		names[i] = p->schema.v[i].name;
	near = suggest(name, len, names, p->schema.n);
	free(names);
	if (near)
		return errf(err, PRIO_EINVAL, "unknown field '%.*s'; did you "
			    "mean '%s'?", (int)len, name, near);
	return errf(err, PRIO_EINVAL, "unknown field '%.*s' (prio config "
		    "shows the [field.*] declared)", (int)len, name);
}

int edit_assign(struct prio *p, struct table *t, char *const *args, int n,
		int *cols, size_t *ncols, int *usage, char *err)
{
	*usage = 0;
	for (int i = 0; i < n; i++) {
		const char *a = args[i], *eq = strchr(a, '='), *val;
		char day[11], why[PRIO_ERR_MAX];
		const struct field *f;
		size_t len;
		double num;
		int col;

		if (!eq || eq == a) {
			*usage = 1;
			return errf(err, PRIO_EINVAL, "'%s': expected "
				    "FIELD=VALUE", a);
		}
		f = schema_find(&p->schema, a, (size_t)(eq - a));
		if (!f)
			return unknown_field(p, a, (size_t)(eq - a), err);
		if (f->flags & FIELD_READONLY)
			return errf(err, PRIO_EINVAL, "%s is set by prio, not "
				    "by hand", f->name);
		len = strlen(eq + 1);
		val = eq + 1;
		if (len && (f->flags & FIELD_DATE)) {
			/* today, +3d, ... become the day they mean. */
			long d;
			int rc = date_relative(val, len, &d, why);

			if (rc < -1)
				return errf(err, PRIO_EINVAL, "%s", why);
			if (rc == 0) {
				date_format(d, day);
				val = day;
				len = 10;
			}
		}
		if (len && field_validate(f, val, len, &num, why) < 0)
			return errf(err, PRIO_EINVAL, "%s: %s%s", f->name, why,
				    f->flags & FIELD_DATE ? " (or today, "
				    "tomorrow, +3d, -2w)" : "");
		col = table_find(t, f->name, strlen(f->name));
		for (size_t k = 0; k < *ncols; k++)
			if (cols[k] == col) {
				*usage = 1;
				return errf(err, PRIO_EINVAL, "%s is given "
					    "twice", f->name);
			}
		cols[(*ncols)++] = col;
		if (len)
			table_set(t, col, 0, val, len);
	}
	return 0;
}

int edit_log(struct prio *p, const struct table *t, long long id,
	     const int *cols, const char **acts, size_t ncols, char *err)
{
	int *group = xmalloc((ncols ? ncols : 1) * sizeof(int));
	int rc = 0;

	for (size_t i = 0; i < ncols && !rc; i++) {
		struct buf before = {0};
		size_t n = 0, j;

		for (j = 0; j < i; j++)
			if (!strcmp(acts[j], acts[i]))
				break;
		if (j < i)
			continue;	/* this kind is logged already */
		for (j = i; j < ncols; j++)
			if (!strcmp(acts[j], acts[i]))
				group[n++] = cols[j];
		rc = store_item_json(p->store, id, t, group, n, &before, err);
		if (!rc)
			rc = audit(p, acts[i], id, before.p, NULL, err);
		buf_release(&before);
	}
	free(group);
	return rc;
}

int edit_set(struct prio *p, long long id, struct table *t, const int *cols,
	     size_t ncols, int *changed, char *err)
{
	const char **acts = xmalloc((ncols ? ncols : 1) * sizeof(*acts));
	int *kept = xmalloc((ncols ? ncols : 1) * sizeof(int)), rc;
	size_t n = 0;

	if (changed)
		*changed = 0;
	if ((rc = policy_change(p, id, t, 0, cols, ncols, acts, NULL, err)))
		goto out;
	for (size_t i = 0; i < ncols; i++)
		if (acts[i]) {
			acts[n] = acts[i];
			kept[n++] = cols[i];
		}
	if (!n)
		goto out;
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_sync_fields(p->store, &p->schema, err)) ||
	    (rc = edit_log(p, t, id, kept, acts, n, err)) ||
	    (rc = item_write(p, id, t, 0, kept, n, NULL, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		goto out;
	}
	if (changed)
		*changed = 1;
out:
	free(kept);
	free(acts);
	return rc;
}

/* The newest log entry's who and when (still_as_read). */
struct last_change {
	char *user, *at;
};

static int last_change(void *arg, const struct log_entry *e, const char *at)
{
	struct last_change *l = arg;

	free(l->user);
	free(l->at);
	l->user = xstrdup(e->user ? e->user : "someone");
	l->at = xstrdup(at ? at : "?");
	return 0;
}

int still_as_read(struct prio *p, long long gen, char *err)
{
	long long now = store_generation(p->store, err);
	struct last_change l = {0};
	int rc;

	if (now < 0)
		return PRIO_EIO;
	if (now == gen)
		return 0;
	store_log_select(p->store, "id = (SELECT max(id) FROM log) AND ?1 = 0",
			 0, last_change, &l, err);
	rc = errf(err, PRIO_EINVAL, "the backlog was changed%s%s%s%s since "
		  "prio read it, and this change was computed from what it "
		  "read: run it again", l.user ? " by " : "", l.user ? l.user
		  : "", l.at ? " at " : "", l.at ? l.at : "");
	free(l.user);
	free(l.at);
	return rc;
}

int edit_pin(struct prio *p, long long id, double *rank, const char *cmd,
	     char *err)
{
	char buf[32];
	struct buf before = {0};
	struct table t;
	long long gen = -1;
	int col, rc;

	if ((rc = authorize(p, "backlog.order", NULL, id, err)))
		return rc;
	/* At the rank it has now: read first, checked once writing. */
	if (*rank == 0 && ((gen = store_generation(p->store, err)) < 0 ||
			   (rc = current_rank(p, id, rank, err))))
		return rc ? rc : PRIO_EIO;
	if (*rank == -2)
		return errf(err, PRIO_EINVAL, "%s: item %lld is finished "
			    "([rank] finished), and finished work takes no "
			    "rank", cmd, id);
	if (*rank < 0)
		return errf(err, PRIO_EINVAL, "%s: item %lld is unscored, and "
			    "a pin needs a score (prio explain says why)", cmd,
			    id);
	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	col = table_find(&t, "pin", 3);
	if (!isnan(*rank)) {
		int n = snprintf(buf, sizeof(buf), "%.0f", *rank);
		table_set(&t, col, 0, buf, (size_t)n);
	}
	if ((rc = store_begin(p->store, err)) ||
	    (gen >= 0 && (rc = still_as_read(p, gen, err))) ||
	    (rc = store_item_json(p->store, id, &t, &col, 1, &before, err)) ||
	    (rc = audit(p, "backlog.order", id, before.p, NULL, err)) ||
	    (rc = store_write(p->store, id, &t, 0, &col, 1, NULL, err)) ||
	    (rc = store_commit(p->store, err)))
		store_rollback(p->store);
	buf_release(&before);
	table_release(&t);
	return rc;
}

int edit_review(struct prio *p, long long id, const char *reason, char *err)
{
	static const char *const names[] = { "status", "reject_reason" };
	const char *values[] = { reason ? "in-progress" : "accepted", reason };
	char *status;
	struct table t;
	int rc;

	if ((rc = authorize(p, "item.accept", NULL, id, err)))
		return rc;
	if ((rc = item_load(p, id, &t, err))) {
		table_release(&t);
		return rc;
	}
	status = xstrdup(item_text(&t, "status"));
	table_release(&t);
	if (!reason && strcmp(status, "done"))
		rc = errf(err, PRIO_EINVAL, "item %lld is %s, not done: only "
			  "done work is accepted", id, status);
	else if (reason && strcmp(status, "done") && strcmp(status, "accepted"))
		rc = errf(err, PRIO_EINVAL, "item %lld is %s: only done or "
			  "accepted work is rejected", id, status);
	/* The same rule as any other way to accepted (policy.c). */
	else if (!reason)
		rc = policy_acceptable(p, id, err);
	free(status);
	if (rc)
		return rc;
	if ((rc = store_begin(p->store, err)) ||
	    (rc = item_update(p, id, "item.accept", names, values,
			      reason ? 2 : 1, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		errprefix(err, rc, "item %lld", id);
	}
	return rc;
}

/* For qsort: by position (none last), then by id. */
static const double *sort_pos, *sort_id;

static int by_manual_order(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	double px = sort_pos[x], py = sort_pos[y];

	if (isnan(px) != isnan(py))
		return isnan(px) ? 1 : -1;
	if (!isnan(px) && px != py)
		return px < py ? -1 : 1;
	return sort_id[x] < sort_id[y] ? -1 : sort_id[x] > sort_id[y];
}

int edit_move(struct prio *p, long long id, long long other, int bottom,
	      size_t *to, char *err)
{
	struct buf was = {0};
	int rc, idc, posc;
	const double *ids, *pos;
	uint32_t *order = NULL, moved;
	struct table t;
	size_t n, at = bottom ? SIZE_MAX : 0, from, k, changed = 0;
	char num[32];

	if (other == id)
		return errf(err, PRIO_EINVAL, "move: an item cannot go before "
			    "itself");
	if ((rc = authorize(p, "backlog.order", NULL, id, err)))
		return rc;
	/* Everyone's manual order now: by position, then by id. */
	table_for_schema(&t, &p->schema);
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_load(p->store, &t, 0, err)))
		goto failed;
	n = t.nrows;
	idc = table_find(&t, "id", 2);
	posc = table_find(&t, "position", 8);
	ids = table_numbers(&t, idc);
	pos = table_numbers(&t, posc);
	order = xmalloc((n ? n : 1) * sizeof(*order));
	for (k = 0; k < n; k++)
		order[k] = (uint32_t)k;
	sort_pos = pos;
	sort_id = ids;
	qsort(order, n, sizeof(*order), by_manual_order);
	for (from = 0; from < n && ids[order[from]] != (double)id; from++)
		;
	if (from == n) {	/* found a moment ago, outside the transaction */
		rc = errf(err, PRIO_EINVAL, "item %lld is gone", id);
		goto failed;
	}
	moved = order[from];
	memmove(order + from, order + from + 1, (n - from - 1) * sizeof(*order));
	if (other) {
		for (at = 0; at < n - 1 && ids[order[at]] != (double)other; at++)
			;
	} else if (at == SIZE_MAX) {
		at = n - 1;
	}
	memmove(order + at + 1, order + at, (n - 1 - at) * sizeof(*order));
	order[at] = moved;
	/* Number everyone 1..n; write only the positions that change. */
	for (k = 0; k < n && !rc; k++) {
		size_t r = order[k];
		int len;

		if (pos[r] == (double)(k + 1))
			continue;
		changed++;
		if (r == moved) {
			num_format(pos[r], num, sizeof(num));
			buf_addf(&was, "{\"position\": %s}",
				 isnan(pos[r]) ? "null" : num);
		}
		len = snprintf(num, sizeof(num), "%zu", k + 1);
		table_set(&t, posc, r, num, (size_t)len);
		rc = store_write(p->store, (long long)ids[r], &t, r, &posc, 1,
				 NULL, err);
	}
	*to = at + 1;
	if (!rc && !changed) {
		/* Said, not logged: an order that stays is no change. */
		store_rollback(p->store);
		rc = EDIT_UNCHANGED;
		goto out;
	}
	if (rc || (rc = audit(p, "backlog.order", id, was.p, NULL, err)) ||
	    (rc = store_commit(p->store, err)))
		goto failed;
	goto out;
failed:
	store_rollback(p->store);
out:
	free(order);
	buf_release(&was);
	table_release(&t);
	return rc;
}
