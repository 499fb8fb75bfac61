/*
 * workspace-json.c - the whole workspace as one JSON document: what
 * `prio export --workspace` writes and `prio import` reads back into an
 * empty workspace, so that moving a backlog moves everything prio keeps
 * about it, not its items alone:
 *
 *	{"prio": "workspace", "version": 1,
 *	 "vision": TEXT or null,
 *	 "initiatives": [{"name", "horizon"}],	in roadmap order
 *	 "items": [{FIELD: VALUE, ...}],	by id; every field, null
 *						where the item has none
 *	 "criteria": [{"item", "n", "text", "checked"}],
 *	 "sprints": [{"name", "start", "end", "capacity", "closed_on",
 *		      "done", "accepted",		by start
 *		      "items": [{"item", "points", "added", "removed",
 *				 "outcome"}]}]}
 *
 * Pins and positions are fields of the items (pin, position). Numbers
 * are written as the shortest text that reads back as the same double,
 * so an export, imported and exported again, is the same bytes. The log
 * (history) stays behind: the new workspace's history starts with the
 * import, logged as prio import logs one (the file, its sha256, the ids
 * it made). prio store copy moves this document in memory
 * (workspace_import_text), then the log whole (cmd-store.c).
 *
 * This is the core's, not a format plugin's: vision, roadmap, criteria
 * and sprints are the store's tables, which no plugin sees, and a format
 * ABI for them would freeze the store's shape into every plugin for one
 * format's sake. The json plugin stays the items' format (an array).
 */
#include "prio.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "date.h"
#include "field.h"
#include "item.h"
#include "store.h"

/* Export */

/*
 * A number as the shortest text that reads back as the same double;
 * whole numbers as such ("10", never "1e+01"), as ids must be.
 */
static void num_text(double v, char s[32])
{
	if (v == floor(v) && fabs(v) <= 9007199254740992.0) {
		snprintf(s, 32, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(s, 32, "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
}

static void put_num(struct buf *b, double v)
{
	char s[32];

	if (!isfinite(v)) {
		buf_adds(b, "null");
		return;
	}
	num_text(v, s);
	buf_adds(b, s);
}

static void put_text(struct buf *b, const char *s)
{
	if (s && *s)
		buf_addjson(b, s, strlen(s));
	else
		buf_adds(b, "null");
}

/* Where the store's callbacks write: how many so far, and of which item. */
struct wout {
	struct buf *b;
	size_t n;
	long long item;
};

static int put_initiative(void *arg, const struct initiative *in)
{
	struct wout *e = arg;

	buf_adds(e->b, e->n++ ? ",\n  {\"name\": " : "\n  {\"name\": ");
	buf_addjson(e->b, in->name, strlen(in->name));
	buf_adds(e->b, ", \"horizon\": ");
	put_text(e->b, in->horizon);
	buf_adds(e->b, "}");
	return 0;
}

static int put_criterion(void *arg, const struct criterion *c)
{
	struct wout *e = arg;

	buf_addf(e->b, "%s\n  {\"item\": %lld, \"n\": %lld, \"text\": ",
		 e->n++ ? "," : "", e->item, c->n);
	buf_addjson(e->b, c->text, strlen(c->text));
	buf_addf(e->b, ", \"checked\": %s}", c->checked ? "true" : "false");
	return 0;
}

static int put_sprint_item(void *arg, const struct sprint_item *it)
{
	struct wout *e = arg;

	buf_addf(e->b, "%s\n      {\"item\": %lld, \"points\": ",
		 e->n++ ? "," : "", it->item);
	put_num(e->b, it->points);
	buf_adds(e->b, ", \"added\": ");
	put_text(e->b, it->added);
	buf_adds(e->b, ", \"removed\": ");
	put_text(e->b, it->removed);
	buf_adds(e->b, ", \"outcome\": ");
	put_text(e->b, it->outcome);
	buf_adds(e->b, "}");
	return 0;
}

struct sprints {
	struct sprint *v;
	size_t n, cap;
};

static int keep_sprint(void *arg, const struct sprint *sp)
{
	struct sprints *s = arg;

	GROW(s->v, s->n + 1, s->cap);
	s->v[s->n++] = *sp;
	return 0;
}

int workspace_export(struct prio *p, struct buf *b, char *err)
{
	struct wout e = { .b = b };
	struct sprints sps = {0};
	struct table t;
	char *vision = NULL, num[32];
	int rc;

	table_for_schema(&t, &p->schema);
	for (size_t c = 0; c < t.ncols; c++)
		t.cols[c].wanted = 1;
	if ((rc = store_meta_get(p->store, "vision", &vision, err)) ||
	    (rc = store_load(p->store, &t, 0, err)))
		goto out;
	buf_adds(b, "{\"prio\": \"workspace\", \"version\": 1,\n\"vision\": ");
	put_text(b, vision);
	buf_adds(b, ",\n\"initiatives\": [");
	if ((rc = store_initiatives(p->store, put_initiative, &e, err)))
		goto out;
	buf_adds(b, e.n ? "\n],\n\"items\": [" : "],\n\"items\": [");
	for (size_t r = 0; r < t.nrows; r++) {
		buf_adds(b, r ? ",\n  {" : "\n  {");
		for (size_t c = 0; c < t.ncols; c++) {
			const struct column *col = &t.cols[c];
			size_t len;
			const char *v;

			buf_addf(b, "%s", c ? ", " : "");
			buf_addjson(b, col->name, strlen(col->name));
			buf_adds(b, ": ");
			if (col->type == PRIO_TYPE_NUMBER)
				put_num(b, table_numbers(&t, (int)c)[r]);
			else if ((v = table_text(&t, (int)c, r, num, &len)))
				buf_addjson(b, v, len);
			else
				buf_adds(b, "null");
		}
		buf_adds(b, "}");
	}
	buf_adds(b, t.nrows ? "\n],\n\"criteria\": [" : "],\n\"criteria\": [");
	e.n = 0;
	for (size_t r = 0; r < t.nrows && !rc; r++) {
		e.item = (long long)table_numbers(&t, table_find(&t, "id", 2))[r];
		rc = store_criteria(p->store, e.item, put_criterion, &e, err);
	}
	if (rc || (rc = store_sprints(p->store, 0, keep_sprint, &sps, err)))
		goto out;
	buf_adds(b, e.n ? "\n],\n\"sprints\": [" : "],\n\"sprints\": [");
	for (size_t i = 0; i < sps.n && !rc; i++) {
		const struct sprint *sp = &sps.v[i];

		buf_adds(b, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
		buf_addjson(b, sp->name, strlen(sp->name));
		buf_addf(b, ", \"start\": \"%s\", \"end\": \"%s\", "
			 "\"capacity\": ", sp->start, sp->end);
		put_num(b, sp->capacity);
		buf_adds(b, ", \"closed_on\": ");
		put_text(b, sp->closed ? sp->closed_on : NULL);
		buf_adds(b, ", \"done\": ");
		put_num(b, sp->closed ? sp->done : NAN);
		buf_adds(b, ", \"accepted\": ");
		put_num(b, sp->closed ? sp->accepted : NAN);
		buf_adds(b, ", \"items\": [");
		e.n = 0;
		rc = store_sprint_items(p->store, sp->id, put_sprint_item, &e,
					err);
		buf_adds(b, e.n ? "\n    ]}" : "]}");
	}
	if (!rc)
		buf_adds(b, sps.n ? "\n]}\n" : "]}\n");
out:
	free(sps.v);
	free(vision);
	table_release(&t);
	return rc;
}

/* Import */

int workspace_sniff(struct prio *p, const char *path, const char *from)
{
	static const unsigned char bom[] = { 0xEF, 0xBB, 0xBF };
	const char *fmt = from ? from : format_guess(p, path);
	struct stat st;
	FILE *f;
	int c, at = 0;

	/*
	 * The first byte that is no blank (nor a BOM) is enough: a large
	 * items file is not read twice, and a pipe (not a regular file) is
	 * left whole for the import.
	 */
	if (!fmt || strcmp(fmt, "json") || stat(path, &st) ||
	    !S_ISREG(st.st_mode) || !(f = fopen(path, "rb")))
		return 0;
	while ((c = getc(f)) != EOF) {
		if (at < 3 && c == bom[at]) {
			at++;
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		at = 3;
	}
	fclose(f);
	return c == '{';
}

/* Where a complaint is: "FILE: items[3]". */
struct ctx {
	struct prio *p;
	const char *path;
	long long *ids;		/* the file's items, sorted */
	size_t nids;
	long long *made;	/* the same in file order */
	char *err;
};

static int bad(struct ctx *x, const char *what, size_t i, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));
static int bad(struct ctx *x, const char *what, size_t i, const char *fmt,
	       ...)
{
	char msg[PRIO_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errf(x->err, PRIO_EINVAL, "%s: %s[%zu]: %s", x->path, what, i,
		    msg);
}

/* Only these keys: an unknown one is a typo or another version's. */
static int only_keys(struct ctx *x, json_t *o, const char *what, size_t i,
		     const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		const char *const *w = keys;

		while (*w && strcmp(*w, k))
			w++;
		if (!*w)
			return bad(x, what, i, "unknown key '%s'", k);
	}
	return 0;
}

/* A string or null (*s NULL) under key; else an error. */
static int get_text(struct ctx *x, json_t *o, const char *key,
		    const char *what, size_t i, int required, const char **s)
{
	json_t *v = json_object_get(o, key);

	*s = NULL;
	if ((!v || json_is_null(v)) && !required)
		return 0;
	if (!json_is_string(v))
		return bad(x, what, i, "'%s': expected %s", key, required ?
			   "a string" : "a string or null");
	*s = json_string_value(v);
	return 0;
}

static int get_date(struct ctx *x, json_t *o, const char *key,
		    const char *what, size_t i, int required, const char **s)
{
	long day;
	int rc = get_text(x, o, key, what, i, required, s);

	if (!rc && *s && (strlen(*s) != 10 || date_parse(*s, &day) < 0))
		return bad(x, what, i, "'%s': '%s' is not a date like "
			   "2026-07-01", key, *s);
	return rc;
}

/* A number or null (NaN). */
static int get_num(struct ctx *x, json_t *o, const char *key,
		   const char *what, size_t i, double *d)
{
	json_t *v = json_object_get(o, key);

	*d = NAN;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return bad(x, what, i, "'%s': expected a number or null", key);
	*d = json_number_value(v);
	return 0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* An item of the file, by its id: 0, or an error naming it. */
static int get_item(struct ctx *x, json_t *o, const char *what, size_t i,
		    long long *id)
{
	json_t *v = json_object_get(o, "item");

	if (!json_is_integer(v))
		return bad(x, what, i, "'item': expected an item's id");
	*id = json_integer_value(v);
	if (!x->nids || !bsearch(id, x->ids, x->nids, sizeof(*id), cmp_ll))
		return bad(x, what, i, "item %lld is not among the items", *id);
	return 0;
}

static json_t *get_array(struct ctx *x, json_t *root, const char *key)
{
	json_t *v = json_object_get(root, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		errf(x->err, PRIO_EINVAL, "%s: '%s': expected an array",
		     x->path, key);
		return (json_t *)-1;
	}
	return v;
}

/* The workspace must be new: nothing of its own to merge with. */
static int count_one(void *arg, const struct sprint *sp)
{
	(void)sp;
	++*(size_t *)arg;
	return 0;
}

static int count_in(void *arg, const struct initiative *in)
{
	(void)in;
	++*(size_t *)arg;
	return 0;
}

static int check_empty(struct ctx *x)
{
	struct store *s = x->p->store;
	long long items = store_count(s, x->err);
	size_t sprints = 0, inits = 0;
	char *vision = NULL;
	int rc;

	if (items < 0)
		return (int)items;
	if ((rc = store_sprints(s, 0, count_one, &sprints, x->err)) ||
	    (rc = store_initiatives(s, count_in, &inits, x->err)) ||
	    (rc = store_meta_get(s, "vision", &vision, x->err)))
		return rc;
	free(vision);
	if (items || sprints || inits || vision)
		return errf(x->err, PRIO_EINVAL, "%s: a whole workspace goes "
			    "into an empty one, and this one has %s (prio "
			    "init a new one)", x->path, items ? "items" :
			    sprints ? "sprints" : inits ? "a roadmap" :
			    "a vision");
	return 0;
}

struct logged {
	long long *v;
	size_t n, cap;
};

static int keep_item(void *arg, const struct log_entry *e, const char *at)
{
	struct logged *l = arg;

	(void)at;
	GROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = e->item;
	return 0;
}

/* Sets cell c of row r from a JSON value, as the field's text. */
static int set_cell(struct ctx *x, struct table *t, int c, size_t r,
		    json_t *v, size_t i)
{
	char s[32];
	double d;

	if (json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		table_set(t, c, r, json_string_value(v), json_string_length(v));
		return 0;
	}
	if (!json_is_number(v))
		return bad(x, "items", i, "'%s': expected a string, a number "
			   "or null", t->cols[c].name);
	if (json_is_integer(v))
		snprintf(s, sizeof(s), "%lld", (long long)json_integer_value(v));
	else if (isfinite(d = json_number_value(v)))
		num_text(d, s);
	else
		return bad(x, "items", i, "'%s': not a finite number",
			   t->cols[c].name);
	table_set(t, c, r, s, strlen(s));
	return 0;
}

/*
 * The items: each checked against its field, written with its id, then
 * the parents (which may name a later item), as prio import does.
 */
static int import_items(struct ctx *x, json_t *items, size_t *n)
{
	struct prio *p = x->p;
	struct table t;
	int idc, parentc, updc, haveparent, *cols = NULL, rc = 0;
	struct logged logged = {0};
	size_t ncols = 0, nitems = json_array_size(items);
	double num;

	table_for_schema(&t, &p->schema);
	idc = table_find(&t, "id", 2);
	parentc = table_find(&t, "parent", 6);
	updc = table_find(&t, "updated", 7);
	x->ids = xcalloc(nitems ? nitems : 1, sizeof(*x->ids));
	x->made = xcalloc(nitems ? nitems : 1, sizeof(*x->made));
	for (size_t i = 0; i < nitems && !rc; i++) {
		json_t *o = json_array_get(items, i), *v;
		const char *k;
		size_t r, len;
		char buf[32];
		const char *s;

		if (!json_is_object(o)) {
			rc = bad(x, "items", i, "expected an object");
			break;
		}
		r = table_add_row(&t, 0);
		json_object_foreach(o, k, v) {
			int c = table_find(&t, k, strlen(k));

			if (c < 0) {
				rc = bad(x, "items", i, "'%s' is no field of "
					 "this workspace (declare [field.%s] "
					 "in its prio.ini)", k, k);
				break;
			}
			if ((rc = set_cell(x, &t, c, r, v, i)))
				break;
		}
		for (size_t c = 0; c < t.ncols && !rc; c++) {
			if (!(s = table_text(&t, (int)c, r, buf, &len))) {
				if (t.cols[c].field->flags & FIELD_REQUIRED)
					rc = bad(x, "items", i, "no %s (every "
						 "item has one)",
						 t.cols[c].name);
				continue;
			}
			t.cols[c].wanted = 1;
			if (field_validate(t.cols[c].field, s, len, &num,
					   x->err) < 0)
				rc = bad(x, "items", i, "field %s: %s",
					 t.cols[c].name, x->err);
		}
		if (!rc && !(s = table_text(&t, idc, r, buf, &len)))
			rc = bad(x, "items", i, "no id");
		if (!rc && (id_parse(s, len, &x->ids[i]) < 0 || x->ids[i] < 1))
			rc = bad(x, "items", i, "id '%.*s': expected a whole "
				 "number from 1", (int)len, s);
	}
	x->nids = rc ? 0 : nitems;
	if (x->nids)
		qsort(x->ids, x->nids, sizeof(*x->ids), cmp_ll);
	for (size_t i = 1; i < x->nids && !rc; i++)
		if (x->ids[i] == x->ids[i - 1])
			rc = errf(x->err, PRIO_EINVAL, "%s: items: id %lld "
				  "twice", x->path, x->ids[i]);
	cols = xmalloc((t.ncols + 1) * sizeof(*cols));
	for (size_t c = 0; c < t.ncols; c++)
		if (t.cols[c].wanted && (int)c != parentc)
			cols[ncols++] = (int)c;
	/* The policy sees the parent with the rest (it is written after). */
	haveparent = parentc >= 0 && t.cols[parentc].wanted;
	if (haveparent)
		cols[ncols] = parentc;
	/*
	 * Ids are never reused: not those of removed items either, which
	 * the log names (one read of it, not one per item).
	 */
	if (!rc && !(rc = store_log_select(p->store, "item > ?1", 0, keep_item,
					   &logged, x->err)) && logged.n)
		qsort(logged.v, logged.n, sizeof(*logged.v), cmp_ll);
	for (size_t r = 0; r < t.nrows && !rc; r++) {
		long long id = (long long)table_numbers(&t, idc)[r];

		if (logged.n && bsearch(&id, logged.v, logged.n,
					sizeof(*logged.v), cmp_ll)) {
			rc = bad(x, "items", r, "id %lld was an item's, "
				 "removed since: ids are never reused", id);
			break;
		}
		x->made[r] = id;
		if ((rc = item_write(p, 0, &t, r, cols, ncols, &id, x->err)) ||
		    (rc = policy_change(p, 0, &t, r, cols, ncols + haveparent,
					NULL, NULL, x->err))) {
			if (rc == PRIO_EINVAL)
				rc = bad(x, "items", r, "%s", x->err);
			break;
		}
	}
	/* Keeping the file's updated time, not stamping a new one. */
	cols[0] = parentc;
	ncols = 1;
	if (updc >= 0 && t.cols[updc].wanted)
		cols[ncols++] = updc;
	for (size_t r = 0; r < t.nrows && !rc && haveparent; r++) {
		long long id = (long long)table_numbers(&t, idc)[r];

		if ((rc = item_write(p, id, &t, r, cols, ncols, NULL,
				     x->err)) == PRIO_EINVAL)
			rc = bad(x, "items", r, "%s", x->err);
	}
	*n = rc ? 0 : t.nrows;
	free(logged.v);
	free(cols);
	table_release(&t);
	return rc;
}

static int import_sprint(struct ctx *x, json_t *o, size_t i, int *open)
{
	static const char *const keys[] = {
		"name", "start", "end", "capacity", "closed_on", "done",
		"accepted", "items", NULL
	};
	static const char *const item_keys[] = {
		"item", "points", "added", "removed", "outcome", NULL
	};
	struct store *s = x->p->store;
	struct sprint sp = {0};
	const char *name, *start, *end, *closed_on;
	double done, acc;
	long long id;
	json_t *items;
	int rc;

	if (!json_is_object(o))
		return bad(x, "sprints", i, "expected an object");
	if ((rc = only_keys(x, o, "sprints", i, keys)) ||
	    (rc = get_text(x, o, "name", "sprints", i, 1, &name)) ||
	    (rc = get_date(x, o, "start", "sprints", i, 1, &start)) ||
	    (rc = get_date(x, o, "end", "sprints", i, 1, &end)) ||
	    (rc = get_date(x, o, "closed_on", "sprints", i, 0, &closed_on)) ||
	    (rc = get_num(x, o, "capacity", "sprints", i, &sp.capacity)) ||
	    (rc = get_num(x, o, "done", "sprints", i, &done)) ||
	    (rc = get_num(x, o, "accepted", "sprints", i, &acc)))
		return rc;
	if (!*name || strlen(name) >= sizeof(sp.name))
		return bad(x, "sprints", i, "a name of 1 to %zu bytes",
			   sizeof(sp.name) - 1);
	if (strcmp(end, start) < 0)
		return bad(x, "sprints", i, "it ends (%s) before it starts "
			   "(%s)", end, start);
	if (!closed_on && (*open)++)
		return bad(x, "sprints", i, "a second open sprint (one is "
			   "open at a time)");
	items = json_object_get(o, "items");
	if (items && !json_is_array(items) && !json_is_null(items))
		return bad(x, "sprints", i, "'items': expected an array");
	snprintf(sp.name, sizeof(sp.name), "%s", name);
	snprintf(sp.start, sizeof(sp.start), "%s", start);
	snprintf(sp.end, sizeof(sp.end), "%s", end);
	if ((rc = store_sprint_new(s, &sp, &id, x->err)))
		return rc == PRIO_EINVAL ? bad(x, "sprints", i, "%s", x->err)
					 : rc;
	for (size_t k = 0; k < json_array_size(items) && !rc; k++) {
		json_t *m = json_array_get(items, k);
		const char *added, *removed, *outcome;
		long long item;
		double pts;
		char what[48];

		snprintf(what, sizeof(what), "sprints[%zu].items", i);
		if (!json_is_object(m))
			return bad(x, what, k, "expected an object");
		if ((rc = only_keys(x, m, what, k, item_keys)) ||
		    (rc = get_item(x, m, what, k, &item)) ||
		    (rc = get_num(x, m, "points", what, k, &pts)) ||
		    (rc = get_date(x, m, "added", what, k, 1, &added)) ||
		    (rc = get_date(x, m, "removed", what, k, 0, &removed)) ||
		    (rc = get_text(x, m, "outcome", what, k, 0, &outcome)))
			return rc;
		if (outcome && strcmp(outcome, "done") &&
		    strcmp(outcome, "accepted") && strcmp(outcome, "returned"))
			return bad(x, what, k, "'outcome': '%s' is not done, "
				   "accepted, returned or null", outcome);
		if ((rc = store_sprint_add(s, id, item, pts, added, x->err)))
			return rc;
		if (removed)
			rc = store_sprint_remove(s, id, item, removed, outcome,
						 x->err);
		else if (outcome)
			rc = store_sprint_outcome(s, id, item, outcome, x->err);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc && closed_on)
		rc = store_sprint_close(s, id, closed_on, isnan(done) ? 0 : done,
					isnan(acc) ? 0 : acc, x->err);
	return rc;
}

int workspace_import(struct prio *p, const char *path,
		     struct workspace_counts *n, char *err)
{
	char *data;
	size_t len;
	int rc;

	memset(n, 0, sizeof(*n));
	if (!(data = file_read(path, &len, err)))
		return PRIO_EIO;
	rc = workspace_import_text(p, path, data, len, n, err);
	free(data);
	return rc;
}

int workspace_import_text(struct prio *p, const char *path, const char *data,
			  size_t len, struct workspace_counts *n, char *err)
{
	static const char *const top[] = {
		"prio", "version", "vision", "initiatives", "items",
		"criteria", "sprints", NULL
	};
	static const char *const init_keys[] = { "name", "horizon", NULL };
	static const char *const crit_keys[] = {
		"item", "n", "text", "checked", NULL
	};
	struct ctx x = { .p = p, .path = path, .err = err };
	json_t *root, *a;
	json_error_t je;
	const char *k, *s;
	int rc = 0, open = 0;

	memset(n, 0, sizeof(*n));
	sha256_hex(data, len, n->sha256);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return errf(err, PRIO_EINVAL, "%s:%d: %s", path, je.line,
			    je.text);
	if (!json_is_object(root) || !json_is_string(json_object_get(root,
	    "prio")) || strcmp(json_string_value(json_object_get(root,
	    "prio")), "workspace")) {
		rc = errf(err, PRIO_EINVAL, "%s: an object, but no prio "
			  "workspace (\"prio\": \"workspace\"; prio export "
			  "--workspace writes one)", path);
		goto out;
	}
	if (json_integer_value(json_object_get(root, "version")) != 1) {
		rc = errf(err, PRIO_EINVAL, "%s: workspace version: this prio "
			  "reads version 1", path);
		goto out;
	}
	{
		json_t *v;
		json_object_foreach(root, k, v) {
			const char *const *w = top;
			while (*w && strcmp(*w, k))
				w++;
			if (!*w) {
				rc = errf(err, PRIO_EINVAL, "%s: unknown key "
					  "'%s'", path, k);
				goto out;
			}
		}
	}
	if ((rc = check_empty(&x)))
		goto out;
	/* Each part needs the right its own command needs, asked once. */
	{
		static const struct { const char *key, *action, *field; } need[] = {
			{ "vision", "vision.edit", NULL },
			{ "initiatives", "roadmap.edit", NULL },
			{ "criteria", "item.edit.story", "criteria" },
			{ "sprints", "sprint.plan", NULL },
		};
		for (size_t i = 0; i < ARRAY_SIZE(need) && !rc; i++) {
			json_t *v = json_object_get(root, need[i].key);

			if (v && !json_is_null(v) && (!json_is_array(v) ||
			    json_array_size(v)))
				rc = authorize(p, need[i].action, need[i].field,
					       0, err);
		}
		if (rc)
			goto out;
	}
	/* The vision and the roadmap first: items name initiatives. */
	if ((a = json_object_get(root, "vision")) && !json_is_null(a)) {
		if (!json_is_string(a)) {
			rc = errf(err, PRIO_EINVAL, "%s: 'vision': expected a "
				  "string or null", path);
			goto out;
		}
		if ((rc = store_meta_set(p->store, "vision",
					 json_string_value(a), err)))
			goto out;
		n->vision = 1;
	}
	if ((a = get_array(&x, root, "initiatives")) == (json_t *)-1) {
		rc = PRIO_EINVAL;
		goto out;
	}
	for (size_t i = 0; i < json_array_size(a) && !rc; i++) {
		json_t *o = json_array_get(a, i);
		const char *h;
		long long id;

		if (!json_is_object(o))
			rc = bad(&x, "initiatives", i, "expected an object");
		else if (!(rc = only_keys(&x, o, "initiatives", i, init_keys)) &&
			 !(rc = get_text(&x, o, "name", "initiatives", i, 1,
					 &s)) &&
			 !(rc = get_text(&x, o, "horizon", "initiatives", i, 0,
					 &h)) &&
			 (rc = store_initiative_add(p->store, s, h, 0, &id,
						    err)) == PRIO_EINVAL)
			rc = bad(&x, "initiatives", i, "%s", err);
		n->initiatives += !rc;
	}
	if (rc)
		goto out;
	if ((a = get_array(&x, root, "items")) == (json_t *)-1) {
		rc = PRIO_EINVAL;
		goto out;
	}
	if ((rc = import_items(&x, a, &n->items)))
		goto out;
	if ((a = get_array(&x, root, "criteria")) == (json_t *)-1) {
		rc = PRIO_EINVAL;
		goto out;
	}
	for (size_t i = 0; i < json_array_size(a) && !rc; i++) {
		json_t *o = json_array_get(a, i), *num, *chk;
		long long item;

		if (!json_is_object(o)) {
			rc = bad(&x, "criteria", i, "expected an object");
			break;
		}
		num = json_object_get(o, "n");
		chk = json_object_get(o, "checked");
		if ((rc = only_keys(&x, o, "criteria", i, crit_keys)) ||
		    (rc = get_item(&x, o, "criteria", i, &item)) ||
		    (rc = get_text(&x, o, "text", "criteria", i, 1, &s)))
			break;
		if (!json_is_integer(num) || json_integer_value(num) < 1)
			rc = bad(&x, "criteria", i, "'n': expected a whole "
				 "number from 1");
		else if (chk && !json_is_boolean(chk))
			rc = bad(&x, "criteria", i, "'checked': expected true "
				 "or false");
		else if (!*s)
			rc = bad(&x, "criteria", i, "'text': empty");
		else
			rc = store_criterion_put(p->store, item,
						 json_integer_value(num), s,
						 json_is_true(chk), err);
		n->criteria += !rc;
	}
	if (rc)
		goto out;
	if ((a = get_array(&x, root, "sprints")) == (json_t *)-1) {
		rc = PRIO_EINVAL;
		goto out;
	}
	for (size_t i = 0; i < json_array_size(a) && !rc; i++) {
		rc = import_sprint(&x, json_array_get(a, i), i, &open);
		n->sprints += !rc;
	}
out:
	free(x.ids);
	if (rc)
		free(x.made);
	else
		n->ids = x.made;
	json_decref(root);
	return rc;
}
