/*
 * cmd-undo.c - prio undo [ENTRY] [--dry-run]: revert a change by writing
 * back the before-values the log kept.
 *
 * A change is what one command wrote (store.h: a log entry's change): a
 * set of several kinds of field, a whole import, a removal with its
 * criteria. Each entry is reverted by its shape, whatever its action:
 *   before and after  the fields go back to their before-values;
 *   after only        a creation: the item is removed;
 *   before only       a removal: the item comes back, with its id;
 * and an entry about a criterion ({"criterion": N, ...}) puts that
 * criterion back as it was. Each write is checked by the policy as `set`
 * checks it, field by field, and refused when a field no longer holds
 * the value the change left there: a later change touched it, and the
 * message names that entry. The entries are reverted newest first, in
 * one transaction, and logged as one change that undoes this one (which
 * prio undo can revert in its turn). --dry-run does it all, prints what
 * it would write, and rolls back.
 */
#include "cmd.h"
#include "item.h"

#include <ctype.h>
#include <string.h>

#include "history.h"
#include "visible.h"

/* --- the change ----------------------------------------------------------- */

enum kind { FIELDS, CREATED, REMOVED, CRITERION };

struct entry {
	long long id, item, undoes;
	char *action, *before_text, *after_text;
	struct jobj before, after;
	int has_before, has_after;
	int made;		/* an item an import made (its kind is set) */
	enum kind kind;
};

struct change {
	struct entry *v;
	size_t n, cap;
	struct entry *made;	/* the items the import made */
	size_t nmade, made_cap;
	long long number;
};

static int made_by_import(void *arg, long long id, unsigned long line)
{
	struct change *c = arg;
	struct entry *x;

	(void)line;
	GROW(c->made, c->nmade + 1, c->made_cap);
	x = &c->made[c->nmade++];
	memset(x, 0, sizeof(*x));
	x->item = id;
	x->action = xstrdup("import");
	x->made = 1;
	x->kind = CREATED;
	return 0;
}

static int collect(void *arg, const struct log_entry *e, const char *at)
{
	struct change *c = arg;
	struct entry *x;

	(void)at;
	if (e->reason)
		return 0;	/* a refusal changed nothing */
	c->number = e->change;
	/* An import's own entry: the items it made, each a creation. */
	if (history_kind(e) == ENTRY_IMPORT) {
		size_t from = c->nmade;

		if (history_import_ids(e, made_by_import, c) == 0) {
			for (size_t i = from; i < c->nmade; i++)
				c->made[i].id = e->id;
			return 0;
		}
		/* Damaged: kept as an entry, which classify refuses. */
	}
	GROW(c->v, c->n + 1, c->cap);
	x = &c->v[c->n++];
	memset(x, 0, sizeof(*x));
	x->id = e->id;
	x->item = e->item;
	x->undoes = e->undoes;
	x->action = xstrdup(e->action);
	x->before_text = e->before ? xstrdup(e->before) : NULL;
	x->after_text = e->after ? xstrdup(e->after) : NULL;
	return 0;
}

static void entry_release(struct entry *x)
{
	free(x->action);
	free(x->before_text);
	free(x->after_text);
	jobj_release(&x->before);
	jobj_release(&x->after);
}

static void change_release(struct change *c)
{
	for (size_t i = 0; i < c->n; i++)
		entry_release(&c->v[i]);
	for (size_t i = 0; i < c->nmade; i++)
		entry_release(&c->made[i]);
	free(c->v);
	free(c->made);
	memset(c, 0, sizeof(*c));
}

/*
 * The entries read back: the values each left (the log keeps only
 * before-values: history.h), and the items an import made first, as
 * they came before its updates.
 */
static int read_back(struct prio *p, struct change *c, char *err)
{
	int rc = 0;

	if (c->nmade) {
		GROW(c->v, c->n + c->nmade, c->cap);
		memmove(c->v + c->nmade, c->v, c->n * sizeof(*c->v));
		memcpy(c->v, c->made, c->nmade * sizeof(*c->v));
		c->n += c->nmade;
		free(c->made);
		c->made = NULL;
		c->nmade = 0;
	}
	for (size_t i = 0; i < c->n && !rc; i++) {
		struct entry *x = &c->v[i];
		struct log_entry e = {
			.action = x->action, .item = x->item, .id = x->id,
			.before = x->before_text, .after = x->after_text,
		};
		struct buf after = {0};

		if (x->made)
			continue;
		if (!x->after_text && history_kind(&e) == ENTRY_FIELDS) {
			rc = history_after(p, &e, &after, err);
			x->after_text = buf_detach(&after);
		}
		x->has_before = x->before_text &&
			!jobj_parse(x->before_text, &x->before);
		x->has_after = x->after_text &&
			!jobj_parse(x->after_text, &x->after);
		if ((x->before_text && !x->has_before) ||
		    (x->after_text && !x->has_after))
			x->has_before = x->has_after = 0;	/* unreadable */
	}
	return rc;
}

/* Actions whose entries are an item's values: the ones undo reverts. */
static int item_action(const char *a)
{
	return !strncmp(a, "item.", 5) || !strcmp(a, "import") ||
	       !strcmp(a, "backlog.order") || !strcmp(a, "undo");
}

static int classify(struct entry *x, char *err)
{
	struct log_entry e = {
		.action = x->action, .item = x->item, .id = x->id,
		.before = x->before_text, .after = x->after_text,
	};

	if (x->made)
		return 0;
	if (!item_action(x->action) || x->item <= 0 ||
	    (x->before_text && !x->has_before) ||
	    (x->after_text && !x->has_after))
		return errf(err, PRIO_EINVAL, "entry %lld (%s) cannot be "
			    "undone: prio undo reverts changes to items and "
			    "their criteria", x->id, x->action);
	switch (history_kind(&e)) {
	case ENTRY_CRITERION:
		x->kind = CRITERION;
		break;
	case ENTRY_CREATED:
		x->kind = CREATED;
		break;
	case ENTRY_REMOVED:
		x->kind = REMOVED;
		break;
	default:
		x->kind = FIELDS;
		break;
	}
	return 0;
}

/* --- checks and writes ---------------------------------------------------- */

struct undo {
	struct prio *p;
	struct change *c;
	int dry;
	struct buf out;		/* what was (or would be) written */
};

struct later {
	const char *field;	/* NULL: any */
	long long found;
};

static int has_key(const char *json, const char *key)
{
	struct jobj o;
	int yes;

	if (!json || jobj_parse(json, &o))
		return 0;
	yes = jget(&o, key) != NULL;
	jobj_release(&o);
	return yes;
}

static int last_later(void *arg, const struct log_entry *e, const char *at)
{
	struct later *l = arg;

	(void)at;
	if (!l->field || has_key(e->after, l->field) ||
	    has_key(e->before, l->field))
		l->found = e->id;
	return 0;
}

/*
 * The latest entry after entry `after` that changed the item's field, or
 * 0. For any field (NULL), a change undone by a live undo (one not
 * undone itself) cancels out with that undo: neither counts.
 */
static long long later_entry(struct prio *p, long long item, long long after,
			     long long change, const char *field)
{
	struct later l = { field, 0 };
	char err[PRIO_ERR_MAX], *where;

	/*
	 * Most items have nothing later but this change and its undo: say
	 * so from the item's index, before the question that reads every
	 * undo in the log (an import's undo asks it once per item).
	 */
	if (!field) {
		where = xstrfmt("item = ?1 AND id > %lld AND outcome = 'done' "
				"AND change <> %lld AND (undoes IS NULL OR "
				"undoes <> %lld)", after, change, change);
		store_log_select(p->store, where, item, last_later, &l, err);
		free(where);
		if (!l.found)
			return 0;
		l.found = 0;
	}
	where = xstrfmt("item = ?1 AND id > %lld AND outcome = 'done'%s",
			after, field ? "" :
			" AND change NOT IN (SELECT y.undoes FROM log y WHERE"
			" y.undoes IS NOT NULL AND y.change NOT IN (SELECT"
			" undoes FROM log WHERE undoes IS NOT NULL)) AND NOT"
			" (undoes IS NOT NULL AND change NOT IN (SELECT undoes"
			" FROM log WHERE undoes IS NOT NULL))");
	store_log_select(p->store, where, item, last_later, &l, err);
	free(where);
	return l.found;
}

static int conflict(struct undo *u, const struct entry *x, const char *field,
		    char *err)
{
	long long by = later_entry(u->p, x->item, x->id, u->c->number, field);

	if (by)
		return errf(err, PRIO_EINVAL, "change %lld: item %lld %s was "
			    "changed later, by entry %lld: undo that first "
			    "(prio undo %lld)", u->c->number, x->item,
			    field ? field : "", by, by);
	return errf(err, PRIO_EINVAL, "change %lld: item %lld %s is not what "
		    "entry %lld left", u->c->number, x->item, field ? field : "",
		    x->id);
}

/* Do two JSON values (NULL: null) say the same for field f? */
static int same(struct prio *p, const struct field *f, const char *now,
		const char *then)
{
	double a, b;
	long long ref;
	char err[PRIO_ERR_MAX];

	if (!now || !then)
		return !now && !then;
	if (f && (f->flags & FIELD_REF) &&
	    store_lookup(p->store, then, strlen(then), &ref, err) == 1) {
		char num[32];
		snprintf(num, sizeof(num), "%lld", ref);
		return !strcmp(now, num);
	}
	if (f && f->type == PRIO_TYPE_NUMBER &&
	    !num_parse(now, strlen(now), &a) &&
	    !num_parse(then, strlen(then), &b))
		return a == b;
	return !strcmp(now, then);
}

/*
 * The item's columns named by o's keys (every one a field): into cols,
 * with o's values in row 0 of t. Returns 0, or an error naming the key.
 */
static int row_of(struct undo *u, const struct entry *x, const struct jobj *o,
		  struct table *t, int *cols, size_t *ncols, char *err)
{
	*ncols = 0;
	for (size_t i = 0; i < o->n; i++) {
		int c = table_find(t, o->v[i].key, strlen(o->v[i].key));

		if (c < 0 && !o->v[i].val)
			continue;	/* a field gone from the configuration */
		if (c < 0)
			return errf(err, PRIO_EINVAL, "entry %lld: %s is no "
				    "longer a field (declare it again to undo "
				    "this)", x->id, o->v[i].key);
		cols[(*ncols)++] = c;
		if (o->v[i].val && table_set(t, c, 0, o->v[i].val,
					     strlen(o->v[i].val)))
			return errf(err, PRIO_EINVAL, "entry %lld: %s: value too "
				    "long", x->id, o->v[i].key);
	}
	(void)u;
	return 0;
}

/*
 * Who may write it: each field as `set` checks it; a creation undone is
 * a removal, and a removal undone a creation with its values.
 */
static int may_write(struct undo *u, const struct entry *x, char *err)
{
	const struct jobj *o = x->kind == REMOVED ? &x->before : &x->after;
	int rc;

	if (x->kind == CRITERION)
		return authorize(u->p, "item.edit.story", "criteria", x->item,
				 err);
	if (x->kind == CREATED)
		return authorize(u->p, "item.delete", NULL, x->item, err);
	if (x->kind == REMOVED &&
	    (rc = authorize(u->p, "item.create", NULL, x->item, err)))
		return rc;
	if (x->kind == FIELDS)
		o = &x->before;
	for (size_t i = 0; i < o->n; i++) {
		const struct jfield *v = &o->v[i];
		const struct field *f = schema_find(&u->p->schema, v->key,
						    strlen(v->key));

		const struct jfield *then = x->kind == FIELDS ?
			jget(&x->after, v->key) : NULL;

		/* Set by prio when an item is made: not anyone's to give. */
		if (x->kind == REMOVED &&
		    (!v->val || !strcmp(v->key, "created") ||
		     !strcmp(v->key, "updated") ||
		     !strcmp(v->key, "initiative_rank")))
			continue;
		/* What the entry did not change, undo does not change
		 * either (an import names the key of every row). */
		if (!strcmp(v->key, "id") ||
		    (then && ((!v->val && !then->val) ||
			      (v->val && then->val &&
			       !strcmp(v->val, then->val)))))
			continue;
		if (f && (rc = authorize(u->p, f->action, f->name, x->item,
					 err)))
			return rc;
	}
	return 0;
}

static int log_undo(struct undo *u, const struct entry *x, const char *before,
		    const char *after, char *err)
{
	struct log_entry e = {
		.user = u->p->user ? u->p->user : "unknown",
		.roles = u->p->roles_text ? u->p->roles_text : "",
		.action = "undo", .item = x->item, .before = before,
		.after = after, .undoes = u->c->number,
	};
	return store_log(u->p->store, &e, err);
}

/* Every column of the schema, for a whole item. */
static int *all_columns(const struct table *t)
{
	int *cols = xmalloc((t->ncols ? t->ncols : 1) * sizeof(int));

	for (size_t i = 0; i < t->ncols; i++)
		cols[i] = (int)i;
	return cols;
}

static int undo_fields(struct undo *u, const struct entry *x, char *err)
{
	struct table t;
	struct buf now = {0}, back = {0};
	struct jobj cur = {0};
	int *cols, rc;
	size_t n;

	table_for_schema(&t, &u->p->schema);
	table_add_row(&t, 0);
	cols = xmalloc((x->before.n + 1) * sizeof(int));
	if ((rc = row_of(u, x, &x->before, &t, cols, &n, err)) ||
	    (rc = store_item_json(u->p->store, x->item, &t, cols, n, &now,
				  err)))
		goto out;
	if (!now.p) {
		long long by = later_entry(u->p, x->item, x->id, u->c->number, NULL);
		rc = errf(err, PRIO_EINVAL, "change %lld: item %lld is gone "
			  "(entry %lld): undo that first", u->c->number,
			  x->item, by);
		goto out;
	}
	if (jobj_parse(now.p, &cur)) {
		rc = errf(err, PRIO_EINTERNAL, "item %lld: unreadable values",
			  x->item);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = t.cols[cols[i]].name;
		const struct jfield *a = jget(&cur, name), *b = jget(&x->after,
								       name);
		if (b && !same(u->p, t.cols[cols[i]].field, a ? a->val : NULL,
			       b->val)) {
			rc = conflict(u, x, name, err);
			goto out;
		}
	}
	table_row_json(&t, 0, cols, n, &back);
	/* The one check of every change to an item: a status goes back
	 * only for whom it may go there (accepted: every criterion). */
	if (!(rc = policy_change(u->p, x->item, &t, 0, cols, n, NULL, NULL,
				 err)) &&
	    !(rc = log_undo(u, x, now.p, NULL, err)) &&
	    !(rc = item_write(u->p, x->item, &t, 0, cols, n, NULL, err)))
		buf_addvisf(&u->out, "item %lld: %s\n", x->item, back.p);
out:
	jobj_release(&cur);
	buf_release(&now);
	buf_release(&back);
	free(cols);
	table_release(&t);
	return rc;
}

/* A creation undone: the item goes, its values kept in the log. */
static int undo_created(struct undo *u, const struct entry *x, char *err)
{
	struct table t;
	struct buf now = {0};
	long long by;
	int *cols, rc;

	if ((by = later_entry(u->p, x->item, x->id, u->c->number, NULL)))
		return errf(err, PRIO_EINVAL, "change %lld: item %lld was "
			    "changed later, by entry %lld: undo that first "
			    "(prio undo %lld)", u->c->number, x->item, by, by);
	table_for_schema(&t, &u->p->schema);
	cols = all_columns(&t);
	rc = store_item_json(u->p->store, x->item, &t, cols, t.ncols, &now,
			     err);
	if (!rc && !now.p)
		rc = errf(err, PRIO_EINVAL, "change %lld: item %lld is gone "
			  "already", u->c->number, x->item);
	if (!rc && !(rc = log_undo(u, x, now.p, NULL, err)) &&
	    !(rc = store_delete(u->p->store, x->item, err)))
		buf_addf(&u->out, "item %lld: removed\n", x->item);
	buf_release(&now);
	free(cols);
	table_release(&t);
	return rc;
}

/* A removal undone: the item comes back whole, with its id. */
static int undo_removed(struct undo *u, const struct entry *x, char *err)
{
	struct table t;
	char num[32];
	long long id;
	int *cols, rc;
	size_t n;

	snprintf(num, sizeof(num), "%lld", x->item);
	if ((rc = store_lookup(u->p->store, num, strlen(num), &id, err)) < 0)
		return rc;
	if (rc)
		return errf(err, PRIO_EINVAL, "change %lld: item %lld exists "
			    "again", u->c->number, x->item);
	table_for_schema(&t, &u->p->schema);
	table_add_row(&t, 0);
	cols = xmalloc((x->before.n + 1) * sizeof(int));
	if (!(rc = row_of(u, x, &x->before, &t, cols, &n, err))) {
		if (!(rc = log_undo(u, x, NULL, NULL, err)) &&
		    !(rc = item_write(u->p, 0, &t, 0, cols, n, &id,
				       err)))
			buf_addf(&u->out, "item %lld: restored\n", x->item);
	}
	free(cols);
	table_release(&t);
	return rc;
}

struct crit {
	long long n;
	char *text;
	int checked, found;
};

static int find_crit(void *arg, const struct criterion *c)
{
	struct crit *k = arg;

	if (c->n == k->n) {
		k->text = xstrdup(c->text);
		k->checked = c->checked;
		k->found = 1;
	}
	return 0;
}

static void crit_json(struct buf *b, long long n, const char *text,
		      int checked)
{
	buf_addf(b, "{\"criterion\": %lld, \"text\": ", n);
	buf_addjson(b, text, strlen(text));
	buf_addf(b, ", \"checked\": %s}", checked ? "true" : "false");
}

/*
 * A criterion back as it was: removed if the change added it, else its
 * text and state from the before-values (an old entry of a check has
 * none: the state it toggled).
 */
static int undo_criterion(struct undo *u, const struct entry *x, char *err)
{
	const struct jobj *b = x->has_before ? &x->before : NULL;
	const struct jobj *a = x->has_after ? &x->after : NULL;
	const struct jfield *num = jget(b ? b : a, "criterion");
	const struct jfield *t, *c;
	struct crit k = {0};
	struct buf now = {0}, back = {0};
	char *end = NULL;
	int rc;

	k.n = num && num->val ? strtoll(num->val, &end, 10) : 0;
	if (!end || *end || k.n < 1)
		return errf(err, PRIO_EINVAL, "entry %lld: no criterion number",
			    x->id);
	if ((rc = store_criteria(u->p->store, x->item, find_crit, &k, err)))
		return rc;
	if (k.found)
		crit_json(&now, k.n, k.text, k.checked);
	/* What the change left: the criterion as its after-values say. */
	if (a && ((t = jget(a, "text")) && (!k.found || !t->val ||
					    strcmp(t->val, k.text))))
		rc = conflict(u, x, "criteria", err);
	else if (a && (c = jget(a, "checked")) && k.found && c->val &&
		 (!strcmp(c->val, "true")) != k.checked)
		rc = conflict(u, x, "criteria", err);
	else if (!a && k.found)
		rc = errf(err, PRIO_EINVAL, "change %lld: item %lld has a "
			  "criterion %lld again", u->c->number, x->item, k.n);
	else if (a && !k.found)
		rc = conflict(u, x, "criteria", err);
	if (rc)
		goto out;
	if (!b && jget(a, "text")) {		/* added: remove it */
		rc = store_criterion_rm(u->p->store, x->item, k.n, err);
	} else {
		const char *text = k.found ? k.text : "";
		int checked = k.found && k.checked;

		if (b && (t = jget(b, "text")) && t->val)
			text = t->val;
		if (b && (c = jget(b, "checked")) && c->val)
			checked = !strcmp(c->val, "true");
		else if (!b && (c = jget(a, "checked")) && c->val)
			checked = strcmp(c->val, "true") != 0;
		if (!*text)
			rc = errf(err, PRIO_EINVAL, "entry %lld: criterion "
				  "%lld has no text to go back to", x->id, k.n);
		else if (!(rc = store_criterion_put(u->p->store, x->item, k.n,
						    text, checked, err)))
			crit_json(&back, k.n, text, checked);
	}
	if (rc < 0)
		goto out;
	rc = log_undo(u, x, now.p ? now.p : NULL, back.p, err);
	if (!rc && back.p)
		buf_addvisf(&u->out, "item %lld: %s\n", x->item, back.p);
	else if (!rc)
		buf_addf(&u->out, "item %lld: criterion %lld removed\n",
			 x->item, k.n);
out:
	free(k.text);
	buf_release(&now);
	buf_release(&back);
	return rc;
}

static int apply(struct undo *u, char *err)
{
	int rc = store_sync_fields(u->p->store, &u->p->schema, err);

	/* Newest first: each entry finds the values the next one left. */
	for (size_t i = u->c->n; i-- > 0 && !rc;) {
		const struct entry *x = &u->c->v[i];

		switch (x->kind) {
		case FIELDS:
			rc = undo_fields(u, x, err);
			break;
		case CREATED:
			rc = undo_created(u, x, err);
			break;
		case REMOVED:
			rc = undo_removed(u, x, err);
			break;
		case CRITERION:
			rc = undo_criterion(u, x, err);
			break;
		}
	}
	return rc;
}

static int found_one(void *arg, const struct log_entry *e, const char *at)
{
	(void)at;
	if (!*(long long *)arg)
		*(long long *)arg = e->change;
	return 0;
}

/* Has change c been undone (by a change not undone itself)? */
static int undone_already(struct prio *p, long long c, char *err)
{
	long long by = 0;
	int rc = store_log_select(p->store, "undoes = ?1 AND change NOT IN "
				  "(SELECT undoes FROM log WHERE undoes IS NOT "
				  "NULL)", c, found_one, &by, err);

	if (rc || !by)
		return rc;
	return errf(err, PRIO_EINVAL, "change %lld was undone already, by "
		    "change %lld (prio undo %lld puts it back)", c, by, by);
}

/* Which change to undo: the one ENTRY is part of, or the latest. */
static int pick(struct prio *p, const char *arg, struct change *c, char *err)
{
	long long n = 0;
	char *end;
	int rc;

	if (arg) {
		n = strtoll(arg, &end, 10);
		if ((rc = store_log_select(p->store, "id = ?1", n, collect, c,
					   err)))
			return rc;
		if (!c->n && !c->nmade)
			return errf(err, PRIO_EINVAL, "no change at log entry %s "
				    "(prio log numbers them; a refusal changed "
				    "nothing)", arg);
		n = c->number;
		change_release(c);
		rc = store_log_select(p->store, "change = ?1", n, collect, c,
				      err);
	} else {
		/* Not an undo, and not undone by an undo that stands. */
		rc = store_log_select(p->store, "change = (SELECT max(change) "
				      "FROM log WHERE outcome = 'done' AND undoes "
				      "IS NULL AND change NOT IN (SELECT y.undoes "
				      "FROM log y WHERE y.undoes IS NOT NULL AND "
				      "y.change NOT IN (SELECT undoes FROM log "
				      "WHERE undoes IS NOT NULL))) AND ?1 = 0", 0,
				      collect, c, err);
		if (!rc && !c->n && !c->nmade)
			return errf(err, PRIO_EINVAL, "nothing to undo");
	}
	if (rc || (rc = undone_already(p, c->number, err)) ||
	    (rc = read_back(p, c, err)))
		return rc;
	for (size_t i = 0; i < c->n; i++)
		if ((rc = classify(&c->v[i], err)))
			return rc;
	return 0;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX], *end;
	struct change c = {0};
	struct undo u = { p, &c, 0, {0} };
	const char *arg = NULL;
	int o, rc;

	while ((o = cmd_getopt(&cmd_undo, argc, argv, "hn", longopts)) != -1) {
		if (o == 'n')
			u.dry = 1;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind > 1)
		return cmd_usage(&cmd_undo, EXIT_USAGE);
	if (optind < argc) {
		arg = argv[optind];
		if (strtoll(arg, &end, 10) < 1 || *end || !*arg)
			return fail(EXIT_USAGE, "undo: '%s': expected the number "
				    "of a log entry (prio log)", arg);
	}
	/* The person is resolved first: the log names them whatever the
	 * entries need checked. */
	if ((rc = policy_load(p, err)) || (rc = pick(p, arg, &c, err)))
		goto failed;
	for (size_t i = 0; i < c.n; i++)
		if ((rc = may_write(&u, &c.v[i], err)))
			goto failed;
	if ((rc = store_begin(p->store, err)))
		goto failed;
	/* Another prio may have undone it since: check under the lock. */
	if ((rc = undone_already(p, c.number, err)) || (rc = apply(&u, err)) ||
	    (!u.dry && (rc = store_commit(p->store, err)))) {
		store_rollback(p->store);
		goto failed;
	}
	if (u.dry)
		store_rollback(p->store);
	fputs(u.out.p ? u.out.p : "", stdout);
	if (u.dry)
		printf("dry run: would undo change %lld (%zu entr%s); nothing "
		       "changed\n", c.number, c.n, c.n == 1 ? "y" : "ies");
	else
		printf("undid change %lld (%zu entr%s)\n", c.number, c.n,
		       c.n == 1 ? "y" : "ies");
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	buf_release(&u.out);
	change_release(&c);
	return rc;
}

const struct cmd cmd_undo = {
	"undo", run, "prio undo [ENTRY] [--dry-run]",
	"revert the latest change, or the change of log entry ENTRY",
	"  -n, --dry-run   show what it would write, change nothing\n"
	"\n"
	"A change is what one command wrote: an import or a removal is\n"
	"undone whole (a removed item comes back with its id and criteria).\n"
	"The before-values in the log are written back, each field checked\n"
	"by the role policy as prio set checks it, in one transaction; the\n"
	"undo is logged as a change of its own, which prio undo can revert.\n"
	"Without ENTRY: the latest change not undone yet. Refused, naming\n"
	"the entry and field, when a later change touched what it would\n"
	"write: undo that one first. Entry numbers: prio log.\n",
	.setup = SETUP_STORE,
};
