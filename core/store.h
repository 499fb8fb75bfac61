/*
 * store.h - the backlog on disk. Everything that knows SQL is behind this
 * interface: a store is a table of operations (struct store_ops), and
 * the commands call them through the functions below, which do not know
 * which store runs. SQLite (store-sqlite.c) is the embedded one; a
 * shared PostgreSQL store implements the same table. The rules that
 * hold whatever the store (a status's dates, initiative links) are
 * above it, in item.c; the log's read-back in history.c.
 *
 * Every command that changes something does it between store_begin
 * (the write lock is taken up front, so two writers queue instead of
 * failing half way) and store_commit; any error before the commit is
 * followed by store_rollback, and the backlog is as it was.
 *
 * Items are rows with a column per built-in field; the custom fields of
 * an item are one document (in SQLite a JSON array with a slot per
 * field, in order of declaration), so that declaring a field changes no
 * table. A field removed from the configuration keeps its slot, so
 * nothing is lost.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct schema;
struct table;
struct log_entry;
struct criterion;
struct sprint;
struct sprint_item;
struct initiative;
struct store;
struct store_rights;
struct field;

/*
 * A store's operations: each is the function of the same name below
 * (store_load is load), documented there. A store begins with struct
 * store, whose ops point at its table.
 */
struct store_ops {
	const char *name;	/* "sqlite", "postgresql" */
	int (*open)(struct store **sp, const char *where, const char *schema,
		    int create, char *err);
	int (*who)(struct store *s, char **user, char **roles, char *err);
	int (*apply_rights)(struct store *s, const struct store_rights *r,
			    struct buf *report, char *err);
	int (*wait)(struct store *s, int ms, char *err);
	void (*close)(struct store *s);
	int (*begin)(struct store *s, char *err);
	int (*commit)(struct store *s, char *err);
	int (*in_transaction)(struct store *s);
	void (*rollback)(struct store *s);
	int (*bulk)(struct store *s, int on, char *err);
	int (*sync_fields)(struct store *s, const struct schema *schema,
		char *err);
	int (*load)(struct store *s, struct table *t, long long only,
		char *err);
	int (*fill)(struct store *s, struct table *t, const uint32_t *rows,
		size_t n, char *err);
	int (*lookup)(struct store *s, const char *ref, size_t len,
		long long *id, char *err);
	int (*lookup_key)(struct store *s, const char *key, size_t len,
		long long *id, char *err);
	int (*write)(struct store *s, long long id, const struct table *t,
		size_t row, const int *cols, size_t ncols, long long *out,
		char *err);
	int (*delete)(struct store *s, long long id, char *err);
	long long (*generation)(struct store *s, char *err);
	int (*cache_get)(struct store *s, const char *name,
		long long generation, void **data, size_t *len);
	void (*cache_put)(struct store *s, const char *name,
		long long generation, const void *data, size_t len);
	int (*log)(struct store *s, const struct log_entry *e, char *err);
	int (*log_select)(struct store *s, const char *where, long long arg1,
		int (*fn)(void *arg, const struct log_entry *e, const char *at),
		void *arg, char *err);
	int (*item_json)(struct store *s, long long id, const struct table *t,
		const int *cols, size_t ncols, struct buf *out, char *err);
	int (*item_read)(struct store *s, long long id, const struct table *t,
		const int *cols, size_t ncols, struct table *into, size_t row,
		char *err);
	int (*children)(struct store *s, long long item,
		int (*fn)(void *arg, long long id, const char *key, const char *title),
		void *arg, char *err);
	long long (*count)(struct store *s, char *err);
	int (*meta_get)(struct store *s, const char *key, char **value,
		char *err);
	int (*meta_set)(struct store *s, const char *key, const char *value,
		char *err);
	int (*criterion_add)(struct store *s, long long item,
		const char *text, long long *n, char *err);
	int (*criterion_check)(struct store *s, long long item, long long n,
		int checked, char *err);
	int (*criterion_edit)(struct store *s, long long item, long long n,
		const char *text, char *err);
	int (*criterion_rm)(struct store *s, long long item, long long n,
		char *err);
	int (*criterion_put)(struct store *s, long long item, long long n,
		const char *text, int checked, char *err);
	int (*criteria)(struct store *s, long long item,
		int (*fn)(void *arg, const struct criterion *c), void *arg,
		char *err);
	int (*sprint_find)(struct store *s, const char *name,
		struct sprint *sp, char *err);
	int (*sprint_new)(struct store *s, const struct sprint *sp,
		long long *id, char *err);
	int (*sprints)(struct store *s, int only_closed,
		int (*fn)(void *arg, const struct sprint *sp), void *arg,
		char *err);
	int (*sprint_items)(struct store *s, long long sprint,
		int (*fn)(void *arg, const struct sprint_item *it), void *arg,
		char *err);
	int (*item_sprint)(struct store *s, long long item, long long *sprint,
		char *err);
	int (*sprint_add)(struct store *s, long long sprint, long long item,
		double points, const char *on, char *err);
	int (*sprint_remove)(struct store *s, long long sprint,
		long long item, const char *on, const char *outcome,
		char *err);
	int (*sprint_outcome)(struct store *s, long long sprint,
		long long item, const char *outcome, char *err);
	int (*sprint_close)(struct store *s, long long sprint, const char *on,
		double done, double accepted, char *err);
	int (*initiative_find)(struct store *s, const char *ref,
		struct initiative *in, char *err);
	int (*initiative_add)(struct store *s, const char *name,
		const char *horizon, long long rank, long long *id, char *err);
	int (*initiative_set)(struct store *s, long long id, const char *name,
		const char *horizon, long long rank, char *err);
	int (*initiative_rm)(struct store *s, long long id, char *err);
	int (*initiatives)(struct store *s,
		int (*fn)(void *arg, const struct initiative *in), void *arg,
		char *err);
	/* A store copied whole into another (prio store copy). */
	int (*log_put)(struct store *s, const struct log_entry *e,
		const char *at, char *err);
	int (*next_id)(struct store *s, long long floor, long long *next,
		char *err);
};

struct store {
	const struct store_ops *ops;
};

/*
 * The embedded store, and the shared one (store-pg.c: the module
 * lib/prio/store-pg.so, loaded when a workspace names a server).
 */
extern const struct store_ops store_sqlite, store_pg;

/*
 * Opens (create: creates) the store at `where` and migrates its layout:
 * a path is an SQLite file; a postgresql:// (or postgres://) URL is a
 * server, where the workspace is the schema `schema` of that database.
 */
int store_open(struct store **sp, const char *where, const char *schema,
	       int create, char *err);

/* Is `where` a server's URL? */
int store_is_server(const char *where);

/*
 * Who the store itself says is acting: a server's authenticated role
 * (*user) and the prio roles it holds through the workspace's group
 * roles (*roles, "pm,po", or NULL: none), both to free. The embedded
 * store knows nobody: both NULL, and the person is whoever prio is told.
 */
static inline int store_who(struct store *s, char **user, char **roles,
			    char *err)
{
	*user = *roles = NULL;
	return s->ops->who ? s->ops->who(s, user, roles, err) : 0;
}
/*
 * A role policy as data, for a store that enforces it itself: what
 * `prio roles apply` hands a server. Built by asking the policy plugin's
 * own check for every role, action and field, so any policy (combined,
 * separate, an ACL, one of a team's own) compiles the same way, as long
 * as its answer depends on the roles alone.
 */
struct store_rights {
	const char *policy;		/* its name */
	const char *const *roles;	/* NULL-terminated */
	size_t nroles;
	const char *const *actions;	/* PRIO_ACTIONS' names */
	size_t nactions;
	const unsigned char *may;	/* [role * nactions + action] */
	const struct field *fields;	/* every item field (the schema's) */
	size_t nfields;
	const unsigned char *edit;	/* [role * nfields + field]: may change it */
	const char *const *members;	/* [users]: person, role, person, role,
					   ..., NULL */
};

/*
 * Makes the store enforce r (a server: grants, row security, triggers;
 * see store-pg.c), replacing what an earlier apply made, and says what
 * it did in report. The embedded store cannot: PRIO_EINVAL.
 */
int store_apply_rights(struct store *s, const struct store_rights *r,
		       struct buf *report, char *err);

/*
 * Waits up to ms milliseconds for someone to change the backlog: 1 when
 * the store was told of a change (a server's NOTIFY), 0 when the time
 * ran out; a store that cannot be told just sleeps, and the caller
 * compares store_generation. Outside a transaction.
 */
int store_wait(struct store *s, int ms, char *err);

/* Closes it (NULL: nothing). */
static inline void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

static inline int store_begin(struct store *s, char *err)
{
	return s->ops->begin(s, err);
}

static inline int store_commit(struct store *s, char *err)
{
	return s->ops->commit(s, err);
}

/* Is a transaction open (a write under way)? */
static inline int store_in_transaction(struct store *s)
{
	return s->ops->in_transaction(s);
}

static inline void store_rollback(struct store *s)
{
	s->ops->rollback(s);
}

/*
 * on: a bulk write into an empty backlog follows, in this transaction:
 * the store may put off keeping keys unique (SQLite: the key index is
 * made once at the end). off, or the commit, makes it whole again; an
 * error then (two items with one key) fails the commit. The caller
 * makes sure its keys are unique first, and asks nothing by key between
 * on and off.
 */
static inline int store_bulk(struct store *s, int on, char *err)
{
	return s->ops->bulk(s, on, err);
}

/* Gives each declared field the store lacks its slot. Inside a transaction. */
static inline int store_sync_fields(struct store *s,
				    const struct schema *schema, char *err)
{
	return s->ops->sync_fields(s, schema, err);
}

/*
 * Loads every item, in id order, into t, whose columns are fields of the
 * schema (their ->field set). Only columns marked `wanted` are read;
 * "id" always is. only: load just that item (0: all).
 */
static inline int store_load(struct store *s, struct table *t, long long only,
			     char *err)
{
	return s->ops->load(s, t, only, err);
}

/*
 * Loads the wanted columns of some rows of t, already loaded (their id
 * column set): for showing the top of a ranking without reading every
 * title of the backlog.
 */
static inline int store_fill(struct store *s, struct table *t,
			     const uint32_t *rows, size_t n, char *err)
{
	return s->ops->fill(s, t, rows, n, err);
}

/*
 * The id of the item with this id ("12") or key ("ACME-4"): 1 found, 0
 * not. A number is always an id: one that cannot be ("1.5", "-3") is an
 * error (util.h, id_parse). store_lookup_key matches keys only.
 */
static inline int store_lookup(struct store *s, const char *ref, size_t len,
			       long long *id, char *err)
{
	return s->ops->lookup(s, ref, len, id, err);
}

static inline int store_lookup_key(struct store *s, const char *key, size_t len,
				   long long *id, char *err)
{
	return s->ops->lookup_key(s, key, len, id, err);
}

/*
 * Writes the columns `cols` of t's row `row` to item `id`, or to a new
 * item when id is 0 (then *out gets the new id). A column whose cell is
 * missing is cleared. Values must have been validated against the schema;
 * references (parent) are resolved here. created and updated are set
 * unless among cols.
 */
static inline int store_write(struct store *s, long long id,
			      const struct table *t, size_t row,
			      const int *cols, size_t ncols, long long *out,
			      char *err)
{
	return s->ops->write(s, id, t, row, cols, ncols, out, err);
}

static inline int store_delete(struct store *s, long long id, char *err)
{
	return s->ops->delete(s, id, err);
}

/*
 * A number that changes whenever a committed transaction changed items or
 * their columns: what a derived result (a cached ranking) was computed
 * from. Negative on error.
 */
static inline long long store_generation(struct store *s, char *err)
{
	return s->ops->generation(s, err);
}

/*
 * A cache of derived data, valid for one generation. get returns 1 and a
 * copy the caller frees when an entry of that name and generation exists
 * (generation -1: of any generation, the one kept).
 * put is best effort: it never waits for a lock and never fails, and it
 * stores nothing if the generation has moved on meanwhile.
 */
static inline int store_cache_get(struct store *s, const char *name,
				  long long generation, void **data,
				  size_t *len)
{
	return s->ops->cache_get(s, name, generation, data, len);
}

static inline void store_cache_put(struct store *s, const char *name,
				   long long generation, const void *data,
				   size_t len)
{
	s->ops->cache_put(s, name, generation, data, len);
}

/* One line of the audit log. */
struct log_entry {
	const char *user;
	const char *roles;	/* comma-separated */
	const char *action;	/* "item.edit.value" */
	long long item;		/* 0: none */
	const char *before;	/* JSON object of the fields changed, or NULL */
	const char *after;
	const char *reason;	/* NULL: done; else why it was refused */
	/*
	 * Read back: the entry's number, and the change it is part of (the
	 * number of the change's first entry: one command's entries, which
	 * prio undo reverts together). Written: undoes, the change an
	 * undo reverts (0: none); the store numbers the rest.
	 */
	long long id, change, undoes;
	const char *via;	/* "--as", "PRIO_USER", "login"; NULL: unknown */
};

/* Adds an entry; inside the transaction of the change it records. */
static inline int store_log(struct store *s, const struct log_entry *e,
			    char *err)
{
	return s->ops->log(s, e, err);
}

/*
 * Puts an entry whole, as store_log_select read it from another store:
 * its number (id), time (at), change, undoes and outcome are kept, not
 * made anew. For copying a whole store into an empty one (prio store
 * copy), oldest entry first; an entry of that number already there is
 * an error. A store_log later in the transaction starts a change of its
 * own, after the last entry put.
 */
static inline int store_log_put(struct store *s, const struct log_entry *e,
				const char *at, char *err)
{
	return s->ops->log_put(s, e, at, err);
}

/* Calls fn for each entry (of one item, or all when item is 0), oldest first. */
int store_log_read(struct store *s, long long item,
		   int (*fn)(void *arg, const struct log_entry *e, const char *at),
		   void *arg, char *err);
/*
 * Calls fn for each entry matching an SQL condition on the log's columns
 * (id, at, user, action, item, outcome, change, undoes: "change = ?1"),
 * with ?1 bound to arg1, oldest first.
 */
static inline int store_log_select(struct store *s, const char *where,
				   long long arg1,
				   int (*fn)(void *arg, const struct log_entry *e, const char *at),
				   void *arg, char *err)
{
	return s->ops->log_select(s, where, arg1, fn, arg, err);
}

/* The item's current values of t's columns cols, as a JSON object. */
static inline int store_item_json(struct store *s, long long id,
				  const struct table *t, const int *cols,
				  size_t ncols, struct buf *out, char *err)
{
	return s->ops->item_json(s, id, t, cols, ncols, out, err);
}

/*
 * The same values into row `row` of table `into`, whose columns are laid
 * out as t's (both tables of the schema): 1 read, 0 no such item.
 */
static inline int store_item_read(struct store *s, long long id,
				  const struct table *t, const int *cols,
				  size_t ncols, struct table *into, size_t row,
				  char *err)
{
	return s->ops->item_read(s, id, t, cols, ncols, into, row, err);
}

/* Calls fn with the id, key (or NULL) and title of each child of item
 * (its parent), by id. */
static inline int store_children(struct store *s, long long item,
				 int (*fn)(void *arg, long long id, const char *key, const char *title),
				 void *arg, char *err)
{
	return s->ops->children(s, item, fn, arg, err);
}

/*
 * The id the next new item will get (*next): above every id in use and
 * every id ever removed, as ids are never reused. floor (0: none) raises
 * it first to at least floor, for good, in the transaction: a store
 * copied from another (prio store copy) then never hands out an id the
 * other had used, its removed items' included.
 */
static inline int store_next_id(struct store *s, long long floor,
				long long *next, char *err)
{
	return s->ops->next_id(s, floor, next, err);
}

/* How many items there are. */
static inline long long store_count(struct store *s, char *err)
{
	return s->ops->count(s, err);
}

/*
 * Workflow: the product vision, acceptance criteria, sprints and the
 * roadmap. Writes go inside the caller's transaction, like store_write.
 */

/* A text kept in the store by name ("vision"): NULL when unset; the
 * caller frees it. set with NULL removes it. */
static inline int store_meta_get(struct store *s, const char *key, char **value,
				 char *err)
{
	return s->ops->meta_get(s, key, value, err);
}

static inline int store_meta_set(struct store *s, const char *key,
				 const char *value, char *err)
{
	return s->ops->meta_set(s, key, value, err);
}

/* One acceptance criterion of an item; n counts from 1 per item. */
struct criterion {
	long long n;
	const char *text;
	int checked;
};

/* Adds a criterion at the end; *n gets its number. */
static inline int store_criterion_add(struct store *s, long long item,
				      const char *text, long long *n, char *err)
{
	return s->ops->criterion_add(s, item, text, n, err);
}

/* Checks or unchecks criterion n: 1 done, 0 no such criterion. */
static inline int store_criterion_check(struct store *s, long long item,
					long long n, int checked, char *err)
{
	return s->ops->criterion_check(s, item, n, checked, err);
}

/* Changes criterion n's text: 1 done, 0 no such criterion. */
static inline int store_criterion_edit(struct store *s, long long item,
				       long long n, const char *text, char *err)
{
	return s->ops->criterion_edit(s, item, n, text, err);
}

/*
 * Removes criterion n: 1 done, 0 no such criterion. The others keep
 * their numbers, as people name them by number.
 */
static inline int store_criterion_rm(struct store *s, long long item,
				     long long n, char *err)
{
	return s->ops->criterion_rm(s, item, n, err);
}

/* Sets criterion n whole, adding it when missing (prio undo). */
static inline int store_criterion_put(struct store *s, long long item,
				      long long n, const char *text,
				      int checked, char *err)
{
	return s->ops->criterion_put(s, item, n, text, checked, err);
}

/* Calls fn for each criterion of item, in order. */
static inline int store_criteria(struct store *s, long long item,
				 int (*fn)(void *arg, const struct criterion *c),
				 void *arg, char *err)
{
	return s->ops->criteria(s, item, fn, arg, err);
}

/* A sprint. Dates are YYYY-MM-DD; capacity and points in points. */
struct sprint {
	long long id;
	char name[64];
	char start[11], end[11];
	double capacity;
	int closed;
	char closed_on[11];
	double done, accepted;	/* points, recorded at close; accepted
				   also counts the items done then and
				   accepted since (see store_sprint_items) */
};

/* A sprint by name (NULL: the open one): 1 found, 0 not. */
static inline int store_sprint_find(struct store *s, const char *name,
				    struct sprint *sp, char *err)
{
	return s->ops->sprint_find(s, name, sp, err);
}

/* Creates an open sprint; *id gets its id. */
static inline int store_sprint_new(struct store *s, const struct sprint *sp,
				   long long *id, char *err)
{
	return s->ops->sprint_new(s, sp, id, err);
}

/* Calls fn for each sprint by start date (closed only: only_closed). */
static inline int store_sprints(struct store *s, int only_closed,
				int (*fn)(void *arg, const struct sprint *sp),
				void *arg, char *err)
{
	return s->ops->sprints(s, only_closed, fn, arg, err);
}

/* An item's time in a sprint: when it came and went, with what outcome. */
struct sprint_item {
	long long item;
	double points;		/* its estimate when it came (NaN: none) */
	const char *added, *removed;	/* YYYY-MM-DD; removed NULL: still in */
	const char *outcome;	/* at close: done, accepted, returned; or NULL */
};

/*
 * Every item that has been in sprint `sprint`, by when it came (those
 * removed by hand too: the burndown needs them). An item that was done
 * at the close and has been accepted since has the outcome "accepted",
 * unless it has been in a later sprint since (that one counts it).
 */
static inline int store_sprint_items(struct store *s, long long sprint,
				     int (*fn)(void *arg, const struct sprint_item *it),
				     void *arg, char *err)
{
	return s->ops->sprint_items(s, sprint, fn, arg, err);
}

/* The open sprint the item is in (0: none). */
static inline int store_item_sprint(struct store *s, long long item,
				    long long *sprint, char *err)
{
	return s->ops->item_sprint(s, item, sprint, err);
}

/* Puts an item in a sprint on day `on`, with its points. */
static inline int store_sprint_add(struct store *s, long long sprint,
				   long long item, double points,
				   const char *on, char *err)
{
	return s->ops->sprint_add(s, sprint, item, points, on, err);
}

/* Takes it out on day `on` (outcome NULL: by hand). 1 done, 0 not in. */
static inline int store_sprint_remove(struct store *s, long long sprint,
				      long long item, const char *on,
				      const char *outcome, char *err)
{
	return s->ops->sprint_remove(s, sprint, item, on, outcome, err);
}

/* Records the outcome of an item that stays (done, accepted). */
static inline int store_sprint_outcome(struct store *s, long long sprint,
				       long long item, const char *outcome,
				       char *err)
{
	return s->ops->sprint_outcome(s, sprint, item, outcome, err);
}

/* Closes the sprint on day `on`, with its done and accepted points. */
static inline int store_sprint_close(struct store *s, long long sprint,
				     const char *on, double done,
				     double accepted, char *err)
{
	return s->ops->sprint_close(s, sprint, on, done, accepted, err);
}

/* A roadmap initiative (a theme), ordered by rank from 1. */
struct initiative {
	long long id;
	const char *name;
	const char *horizon;	/* "2026-Q3" */
	long long rank;
	long long items;	/* how many items link to it */
};

/* By name or id: 1 found (id, rank and name set; the name lives until
 * the next call), 0 not. */
static inline int store_initiative_find(struct store *s, const char *ref,
					struct initiative *in, char *err)
{
	return s->ops->initiative_find(s, ref, in, err);
}

/* Adds one at rank (0: last); later ones move down. */
static inline int store_initiative_add(struct store *s, const char *name,
				       const char *horizon, long long rank,
				       long long *id, char *err)
{
	return s->ops->initiative_add(s, name, horizon, rank, id, err);
}

/* Changes name, horizon (NULL: kept) and rank (0: kept). */
static inline int store_initiative_set(struct store *s, long long id,
				       const char *name, const char *horizon,
				       long long rank, char *err)
{
	return s->ops->initiative_set(s, id, name, horizon, rank, err);
}

/* Removes it; its items lose their link. */
static inline int store_initiative_rm(struct store *s, long long id, char *err)
{
	return s->ops->initiative_rm(s, id, err);
}

static inline int store_initiatives(struct store *s,
				    int (*fn)(void *arg, const struct initiative *in),
				    void *arg, char *err)
{
	return s->ops->initiatives(s, fn, arg, err);
}

#endif /* STORE_H */
