/*
 * history.c - the audit log read back (history.h).
 */
#include "history.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the log's JSON: flat objects of strings, numbers, booleans, null --- */

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

void jobj_release(struct jobj *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].key);
		free(o->v[i].val);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/* Parses {"key": value, ...}: 0, or -1 when it is not such an object. */
int jobj_parse(const char *s, struct jobj *o)
{
	memset(o, 0, sizeof(*o));
	if (!s || *(s = skip_ws(s)) != '{')
		return -1;
	s = skip_ws(s + 1);
	while (*s && *s != '}') {
		struct buf k = {0}, v = {0};
		struct jfield *f;

		if (!(s = json_read_string(s, &k)) || *(s = skip_ws(s)) != ':') {
			buf_release(&k);
			goto bad;
		}
		GROW(o->v, o->n + 1, o->cap);
		f = &o->v[o->n++];
		f->key = buf_detach(&k);
		f->val = NULL;
		f->str = 0;
		s = skip_ws(s + 1);
		if (*s == '"') {
			if (!(s = json_read_string(s, &v))) {
				buf_release(&v);
				goto bad;
			}
			f->str = 1;
			f->val = buf_detach(&v);
			if (!f->val)
				f->val = xstrdup("");
		} else if (!strncmp(s, "null", 4)) {
			s += 4;
		} else if (*s == '[') {
			/* An array of numbers and arrays (an import's ids):
			 * kept as its text. */
			const char *a = s;
			int depth = 0;

			do {
				depth += (*s == '[') - (*s == ']');
				if (*s && !strchr("[], \t\n-0123456789", *s))
					goto bad;
			} while (*s && (s++, depth > 0));
			if (depth)
				goto bad;
			f->val = xstrndup(a, (size_t)(s - a));
		} else {
			size_t len = strspn(s, "-+.eE0123456789truefals");
			if (!len)
				goto bad;
			f->val = xstrndup(s, len);
			s += len;
		}
		s = skip_ws(s);
		if (*s == ',')
			s = skip_ws(s + 1);
		else if (*s != '}')
			goto bad;
	}
	if (*s == '}')
		return 0;
bad:
	jobj_release(o);
	return -1;
}

const struct jfield *jget(const struct jobj *o, const char *key)
{
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].key, key))
			return &o->v[i];
	return NULL;
}

/* A value of o as JSON (null, a number or boolean as is, a string quoted). */
static void add_value(struct buf *b, const struct jfield *f)
{
	if (!f || !f->val)
		buf_adds(b, "null");
	else if (f->str)
		buf_addjson(b, f->val, strlen(f->val));
	else
		buf_adds(b, f->val);
}

enum entry_kind history_kind(const struct log_entry *e)
{
	struct jobj o;
	enum entry_kind k;

	if (e->reason)
		return ENTRY_NONE;
	if (e->item <= 0)
		return !strcmp(e->action, "import") && e->after ? ENTRY_IMPORT
								 : ENTRY_NONE;
	if (!e->before)
		return e->after && strstr(e->after, "\"criterion\"") ?
			ENTRY_CRITERION : ENTRY_CREATED;
	if (jobj_parse(e->before, &o))
		return ENTRY_NONE;
	/* A removal keeps the whole item, id too (one logged before the
	 * id was among the values is known by its action). */
	k = jget(&o, "criterion") ? ENTRY_CRITERION :
		jget(&o, "id") || (!e->after &&
				   !strcmp(e->action, "item.delete")) ?
		ENTRY_REMOVED : ENTRY_FIELDS;
	jobj_release(&o);
	return k;
}

/* --- the values an entry left --------------------------------------------- */

struct derive {
	struct jobj *want;	/* keys; a value found is set in found */
	char **found;		/* per key: its JSON value, or NULL */
	size_t left;
};

/* Each later entry of the item: the first to change a key says its value. */
static int later_before(void *arg, const struct log_entry *e, const char *at)
{
	struct derive *d = arg;
	struct jobj o;

	(void)at;
	if (!d->left || !e->before || jobj_parse(e->before, &o))
		return 0;
	for (size_t i = 0; i < d->want->n; i++) {
		const struct jfield *f;
		struct buf v = {0};

		if (d->found[i] || !(f = jget(&o, d->want->v[i].key)))
			continue;
		add_value(&v, f);
		d->found[i] = buf_detach(&v);
		d->left--;
	}
	jobj_release(&o);
	return 0;
}

/* The keys: the entry's before-values, or every field for a creation. */
static void keys_of(struct prio *p, const struct log_entry *e, struct jobj *k)
{
	memset(k, 0, sizeof(*k));
	if (e->before) {
		jobj_parse(e->before, k);
		return;
	}
	for (size_t i = 0; i < p->schema.n; i++) {
		/* updated is prio's stamp of the last write, not a value
		 * the creation set. */
		if (!strcmp(p->schema.v[i].name, "updated"))
			continue;
		GROW(k->v, k->n + 1, k->cap);
		memset(&k->v[k->n], 0, sizeof(k->v[0]));
		k->v[k->n++].key = xstrdup(p->schema.v[i].name);
	}
}

int history_after(struct prio *p, const struct log_entry *e, struct buf *out,
		  char *err)
{
	enum entry_kind kind = history_kind(e);
	struct derive d = {0};
	struct jobj keys, now = {0};
	struct buf cur = {0};
	char *where;
	int rc = 0, first = 1;

	if (e->after) {
		buf_adds(out, e->after);
		return 0;
	}
	if (kind != ENTRY_FIELDS && kind != ENTRY_CREATED)
		return 0;
	keys_of(p, e, &keys);
	d.want = &keys;
	d.found = xcalloc(keys.n ? keys.n : 1, sizeof(*d.found));
	d.left = keys.n;
	where = xstrfmt("item = ?1 AND id > %lld AND outcome = 'done'", e->id);
	rc = store_log_select(p->store, where, e->item, later_before, &d, err);
	free(where);
	if (!rc && d.left) {
		/* What no later entry changed is as the item has it today. */
		struct table t;
		int *cols = xmalloc((keys.n ? keys.n : 1) * sizeof(int));
		size_t n = 0;

		table_for_schema(&t, &p->schema);
		for (size_t i = 0; i < keys.n; i++) {
			int c = table_find(&t, keys.v[i].key,
					   strlen(keys.v[i].key));
			if (!d.found[i] && c >= 0)
				cols[n++] = c;
		}
		rc = store_item_json(p->store, e->item, &t, cols, n, &cur, err);
		if (!rc && cur.p)
			jobj_parse(cur.p, &now);
		free(cols);
		table_release(&t);
	}
	buf_addc(out, '{');
	for (size_t i = 0; !rc && i < keys.n; i++) {
		const struct jfield *f = d.found[i] ? NULL :
			jget(&now, keys.v[i].key);

		/* A creation shows the fields it set, not every empty one. */
		if (!e->before && (d.found[i] ? !strcmp(d.found[i], "null") :
				   !f || !f->val))
			continue;
		if (!first)
			buf_adds(out, ", ");
		first = 0;
		buf_addjson(out, keys.v[i].key, strlen(keys.v[i].key));
		buf_adds(out, ": ");
		if (d.found[i])
			buf_adds(out, d.found[i]);
		else
			add_value(out, f);
	}
	buf_addc(out, '}');
	for (size_t i = 0; i < keys.n; i++)
		free(d.found[i]);
	free(d.found);
	jobj_release(&keys);
	jobj_release(&now);
	buf_release(&cur);
	return rc;
}

/* --- imports -------------------------------------------------------------- */

/* The next run of ids at *s: 1, 0 at the end. */
static int next_run(const char **s, long long *first, long long *count,
		    long long *line)
{
	char *end;

	*s += strcspn(*s, "0123456789");
	if (!**s)
		return 0;
	*first = strtoll(*s, &end, 10);
	*s = end + strcspn(end, "0123456789");
	*count = strtoll(*s, &end, 10);
	*s = end + strcspn(end, "0123456789");
	*line = strtoll(*s, &end, 10);
	*s = end;
	return 1;
}

int history_import_ids(const struct log_entry *e,
		       int (*fn)(void *arg, long long id, unsigned long line),
		       void *arg)
{
	const struct jfield *ids, *made;
	long long first, count, line, total = 0, most;
	const char *s;
	struct jobj o;
	int rc = -1;

	if (history_kind(e) != ENTRY_IMPORT || jobj_parse(e->after, &o))
		return -1;
	ids = jget(&o, "ids");
	made = jget(&o, "created");
	most = made && made->val ? strtoll(made->val, NULL, 10) : 0;
	if (!ids || !ids->val)
		goto out;
	/* [[first, count, line], ...]: the runs of ids and lines that both
	 * go up by one; checked whole before the first call. */
	for (s = ids->val; next_run(&s, &first, &count, &line);)
		if (first > ID_MAX - count || line > LLONG_MAX - count ||
		    (total += count) > most)
			goto out;	/* not runs prio wrote */
	rc = 0;
	for (s = ids->val; !rc && next_run(&s, &first, &count, &line);)
		for (long long i = 0; !rc && i < count; i++)
			rc = fn(arg, first + i, line ? (unsigned long)(line + i)
						     : 0);
out:
	jobj_release(&o);
	return rc;
}

struct origin_find {
	long long item;
	struct import_origin *o;
	int found;
};

static int is_item(void *arg, long long id, unsigned long line)
{
	struct origin_find *f = arg;

	if (id != f->item)
		return 0;
	f->o->line = line;
	return 1;
}

static int import_entry(void *arg, const struct log_entry *e, const char *at)
{
	struct origin_find *f = arg;
	const struct jfield *file, *sum;
	struct jobj o;

	(void)at;
	if (f->found || history_import_ids(e, is_item, f) != 1 ||
	    jobj_parse(e->after, &o))
		return 0;
	f->found = 1;
	f->o->entry = e->id;
	f->o->change = e->change;
	file = jget(&o, "file");
	sum = jget(&o, "sha256");
	f->o->file = xstrdup(file && file->val ? file->val : "");
	f->o->sha256 = xstrdup(sum && sum->val ? sum->val : "");
	jobj_release(&o);
	return 0;
}

int history_import_of(struct prio *p, long long item, struct import_origin *o,
		      char *err)
{
	struct origin_find f = { item, o, 0 };
	int rc;

	memset(o, 0, sizeof(*o));
	rc = store_log_select(p->store, "action = 'import' AND item IS NULL AND "
			      "outcome = 'done' AND ?1 = ?1", item, import_entry,
			      &f, err);
	return rc ? rc : f.found;
}

void import_origin_release(struct import_origin *o)
{
	free(o->file);
	free(o->sha256);
	memset(o, 0, sizeof(*o));
}

/* --- the backlog at a time ------------------------------------------------ */

struct at_walk {
	struct prio *p;
	struct table *t;
	int idc;
	long long *ids;		/* row -> id; -id: not there at the time */
	size_t n, cap, base;	/* base: the rows loaded, in id order */
	struct log_entry *e;	/* the entries after the time, oldest first */
	char **keep;		/* their texts */
	size_t ne, ecap, nkeep, kcap;
};

static const char *keep(struct at_walk *w, const char *s)
{
	if (!s)
		return NULL;
	GROW(w->keep, w->nkeep + 1, w->kcap);
	return w->keep[w->nkeep++] = xstrdup(s);
}

static int collect_after(void *arg, const struct log_entry *e, const char *at)
{
	struct at_walk *w = arg;
	struct log_entry *x;

	(void)at;
	if (e->reason)
		return 0;	/* a refusal changed nothing */
	GROW(w->e, w->ne + 1, w->ecap);
	x = &w->e[w->ne++];
	*x = *e;
	x->user = x->roles = x->via = NULL;
	x->action = keep(w, e->action);
	x->before = keep(w, e->before);
	x->after = keep(w, e->after);
	return 0;
}

/* The row of item id (or of -id: one dropped), or -1. */
static long long row_of_id(struct at_walk *w, long long id)
{
	/* Rows are loaded in id order; removed items come back after. */
	size_t lo = 0, hi = w->base;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (llabs(w->ids[mid]) < llabs(id))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < w->base && w->ids[lo] == id)
		return (long long)lo;
	for (size_t r = w->base; r < w->n; r++)
		if (w->ids[r] == id)
			return (long long)r;
	return -1;
}

static void drop(struct at_walk *w, long long id)
{
	long long r = row_of_id(w, id);

	if (r >= 0)
		w->ids[r] = -id;	/* kept in place for the search */
}

static int drop_created(void *arg, long long id, unsigned long line)
{
	(void)line;
	drop(arg, id);
	return 0;
}

/* Row r's fields named in o get o's values. */
static void put(struct at_walk *w, size_t r, const struct jobj *o)
{
	for (size_t i = 0; i < o->n; i++) {
		int c = table_find(w->t, o->v[i].key, strlen(o->v[i].key));

		if (c < 0 || c == w->idc)
			continue;
		if (o->v[i].val)
			table_set(w->t, c, r, o->v[i].val, strlen(o->v[i].val));
		else
			table_clear(w->t, c, r);
	}
}

static void undo_entry(struct at_walk *w, const struct log_entry *e)
{
	enum entry_kind k = history_kind(e);
	struct jobj o;
	long long r;

	if (k == ENTRY_IMPORT) {
		history_import_ids(e, drop_created, w);
		return;
	}
	if (k == ENTRY_CREATED) {
		drop(w, e->item);
		return;
	}
	if ((k != ENTRY_FIELDS && k != ENTRY_REMOVED) ||
	    jobj_parse(e->before, &o))
		return;
	r = row_of_id(w, e->item);
	if (r < 0 && k == ENTRY_REMOVED && (r = row_of_id(w, -e->item)) >= 0) {
		w->ids[r] = e->item;	/* removed, made again, removed */
	} else if (r < 0 && k == ENTRY_REMOVED) {
		char num[32];
		int n = snprintf(num, sizeof(num), "%lld", e->item);

		r = (long long)table_add_row(w->t, 0);
		table_set(w->t, w->idc, (size_t)r, num, (size_t)n);
		GROW(w->ids, w->n + 1, w->cap);
		w->ids[w->n++] = e->item;
	} else if (r < 0) {
		/* Its row may be one dropped by a later entry. */
		r = row_of_id(w, -e->item);
	}
	if (r >= 0)
		put(w, (size_t)r, &o);
	jobj_release(&o);
}

static const long long *sort_ids;

static int by_id(const void *a, const void *b)
{
	long long x = sort_ids[*(const uint32_t *)a];
	long long y = sort_ids[*(const uint32_t *)b];

	return (x > y) - (x < y);
}

int history_at(struct prio *p, struct table *t, const char *at, char *err)
{
	struct at_walk w = { .p = p, .t = t, .idc = table_find(t, "id", 2) };
	uint32_t *order, *back;
	size_t kept = 0, nback = 0;
	int rc;

	if (w.idc < 0)
		return errf(err, PRIO_EINTERNAL, "history_at: no id column");
	w.n = w.cap = w.base = t->nrows;
	w.ids = xmalloc((w.cap ? w.cap : 1) * sizeof(*w.ids));
	for (size_t r = 0; r < t->nrows; r++) {
		char num[32];
		size_t len;
		const char *v = table_text(t, w.idc, r, num, &len);

		w.ids[r] = v ? strtoll(v, NULL, 10) : 0;
	}
	/* The log's times sort as text: "2026-11-02T14:30:00Z". */
	if (strlen(at) != 20 || strspn(at, "0123456789-T:Z") != 20)
		rc = errf(err, PRIO_EINTERNAL, "history_at: bad time '%s'", at);
	else {
		char *where = xstrfmt("at > '%s' AND ?1 = 0", at);
		rc = store_log_select(p->store, where, 0, collect_after, &w,
				      err);
		free(where);
	}
	for (size_t i = w.ne; !rc && i-- > 0;)
		undo_entry(&w, &w.e[i]);
	/* In id order, as loaded, the items that came back among them. */
	order = xmalloc((w.n ? w.n : 1) * sizeof(*order));
	back = xmalloc((w.n - w.base + 1) * sizeof(*back));
	for (size_t r = w.base; r < w.n; r++)
		if (w.ids[r] > 0)
			back[nback++] = (uint32_t)r;
	sort_ids = w.ids;
	qsort(back, nback, sizeof(*back), by_id);
	for (size_t r = 0, b = 0; r < w.base || b < nback;) {
		if (b < nback && (r == w.base ||
				  w.ids[back[b]] < llabs(w.ids[r])))
			order[kept++] = back[b++];
		else if (w.ids[r++] > 0)
			order[kept++] = (uint32_t)(r - 1);
	}
	free(back);
	if (!rc)
		table_permute(t, order, kept);
	free(order);
	for (size_t i = 0; i < w.nkeep; i++)
		free(w.keep[i]);
	free(w.keep);
	free(w.e);
	free(w.ids);
	return rc;
}
