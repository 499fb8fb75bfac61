/*
 * store.h - the backlog on disk. Everything that knows SQL is behind this
 * interface, so that another store (a shared PostgreSQL one) can take its
 * place without the commands noticing.
 *
 * One SQLite file per workspace, in WAL mode with a busy timeout. Every
 * command that changes something does it between store_begin (BEGIN
 * IMMEDIATE: the write lock is taken up front, so two writers queue
 * instead of failing half way) and store_commit; any error before the
 * commit is followed by store_rollback, and the backlog is as it was.
 *
 * Items are rows of a table, one column per built-in field and one per
 * declared custom field (named f_NAME, added when the field is first
 * declared; a field removed from the configuration keeps its column, so
 * nothing is lost).
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct schema;
struct table;
struct store;

/* Opens (create: creates) the store at path and migrates its schema. */
int store_open(struct store **sp, const char *path, int create, char *err);
void store_close(struct store *s);

int store_begin(struct store *s, char *err);
int store_commit(struct store *s, char *err);
/* Is a transaction open (a write under way)? */
int store_in_transaction(struct store *s);
void store_rollback(struct store *s);

/* Adds columns for declared fields the store lacks. Inside a transaction. */
int store_sync_fields(struct store *s, const struct schema *schema, char *err);

/*
 * Loads every item, in id order, into t, whose columns are fields of the
 * schema (their ->field set). Only columns marked `wanted` are read;
 * "id" always is. only: load just that item (0: all).
 */
int store_load(struct store *s, struct table *t, long long only, char *err);

/*
 * Loads the wanted columns of some rows of t, already loaded (their id
 * column set): for showing the top of a ranking without reading every
 * title of the backlog.
 */
int store_fill(struct store *s, struct table *t, const uint32_t *rows,
	       size_t n, char *err);

/*
 * The id of the item with this id ("12") or key ("ACME-4"): 1 found, 0
 * not. A number is always an id: one that cannot be ("1.5", "-3") is an
 * error (util.h, id_parse). store_lookup_key matches keys only.
 */
int store_lookup(struct store *s, const char *ref, size_t len, long long *id,
		 char *err);
int store_lookup_key(struct store *s, const char *key, size_t len,
		     long long *id, char *err);

/*
 * Writes the columns `cols` of t's row `row` to item `id`, or to a new
 * item when id is 0 (then *out gets the new id). A column whose cell is
 * missing is cleared. Values must have been validated against the schema;
 * references (parent) are resolved here. created and updated are set
 * unless among cols.
 */
int store_write(struct store *s, long long id, const struct table *t,
		size_t row, const int *cols, size_t ncols, long long *out,
		char *err);

int store_delete(struct store *s, long long id, char *err);

/*
 * A number that changes whenever a committed transaction changed items or
 * their columns: what a derived result (a cached ranking) was computed
 * from. Negative on error.
 */
long long store_generation(struct store *s, char *err);

/*
 * A cache of derived data, valid for one generation. get returns 1 and a
 * copy the caller frees when an entry of that name and generation exists.
 * put is best effort: it never waits for a lock and never fails, and it
 * stores nothing if the generation has moved on meanwhile.
 */
int store_cache_get(struct store *s, const char *name, long long generation,
		    void **data, size_t *len);
void store_cache_put(struct store *s, const char *name, long long generation,
		     const void *data, size_t len);

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
int store_log(struct store *s, const struct log_entry *e, char *err);
/* Calls fn for each entry (of one item, or all when item is 0), oldest first. */
int store_log_read(struct store *s, long long item,
		   int (*fn)(void *arg, const struct log_entry *e, const char *at),
		   void *arg, char *err);
/*
 * Calls fn for each entry matching an SQL condition on the log's columns
 * (id, at, user, action, item, outcome, change, undoes: "change = ?1"),
 * with ?1 bound to arg1, oldest first.
 */
int store_log_select(struct store *s, const char *where, long long arg1,
		     int (*fn)(void *arg, const struct log_entry *e,
			       const char *at),
		     void *arg, char *err);
/* The item's current values of t's columns cols, as a JSON object. */
int store_item_json(struct store *s, long long id, const struct table *t,
		    const int *cols, size_t ncols, struct buf *out, char *err);
/*
 * The same values into row `row` of table `into`, whose columns are laid
 * out as t's (both tables of the schema): 1 read, 0 no such item.
 */
int store_item_read(struct store *s, long long id, const struct table *t,
		    const int *cols, size_t ncols, struct table *into,
		    size_t row, char *err);

/* Calls fn with the id, key (or NULL) and title of each child of item
 * (its parent), by id. */
int store_children(struct store *s, long long item,
		   int (*fn)(void *arg, long long id, const char *key,
			     const char *title),
		   void *arg, char *err);

/* How many items there are. */
long long store_count(struct store *s, char *err);

/*
 * Workflow: the product vision, acceptance criteria, sprints and the
 * roadmap. Writes go inside the caller's transaction, like store_write.
 */

/* A text kept in the store by name ("vision"): NULL when unset; the
 * caller frees it. set with NULL removes it. */
int store_meta_get(struct store *s, const char *key, char **value, char *err);
int store_meta_set(struct store *s, const char *key, const char *value,
		   char *err);

/* One acceptance criterion of an item; n counts from 1 per item. */
struct criterion {
	long long n;
	const char *text;
	int checked;
};

/* Adds a criterion at the end; *n gets its number. */
int store_criterion_add(struct store *s, long long item, const char *text,
			long long *n, char *err);
/* Checks or unchecks criterion n: 1 done, 0 no such criterion. */
int store_criterion_check(struct store *s, long long item, long long n,
			  int checked, char *err);
/* Changes criterion n's text: 1 done, 0 no such criterion. */
int store_criterion_edit(struct store *s, long long item, long long n,
			 const char *text, char *err);
/*
 * Removes criterion n: 1 done, 0 no such criterion. The others keep
 * their numbers, as people name them by number.
 */
int store_criterion_rm(struct store *s, long long item, long long n,
		       char *err);
/* Sets criterion n whole, adding it when missing (prio undo). */
int store_criterion_put(struct store *s, long long item, long long n,
			const char *text, int checked, char *err);
/* Calls fn for each criterion of item, in order. */
int store_criteria(struct store *s, long long item,
		   int (*fn)(void *arg, const struct criterion *c), void *arg,
		   char *err);

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
int store_sprint_find(struct store *s, const char *name, struct sprint *sp,
		      char *err);
/* Creates an open sprint; *id gets its id. */
int store_sprint_new(struct store *s, const struct sprint *sp, long long *id,
		     char *err);
/* Calls fn for each sprint by start date (closed only: only_closed). */
int store_sprints(struct store *s, int only_closed,
		  int (*fn)(void *arg, const struct sprint *sp), void *arg,
		  char *err);

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
int store_sprint_items(struct store *s, long long sprint,
		       int (*fn)(void *arg, const struct sprint_item *it),
		       void *arg, char *err);
/* The open sprint the item is in (0: none). */
int store_item_sprint(struct store *s, long long item, long long *sprint,
		      char *err);
/* Puts an item in a sprint on day `on`, with its points. */
int store_sprint_add(struct store *s, long long sprint, long long item,
		     double points, const char *on, char *err);
/* Takes it out on day `on` (outcome NULL: by hand). 1 done, 0 not in. */
int store_sprint_remove(struct store *s, long long sprint, long long item,
			const char *on, const char *outcome, char *err);
/* Records the outcome of an item that stays (done, accepted). */
int store_sprint_outcome(struct store *s, long long sprint, long long item,
			 const char *outcome, char *err);
/* Closes the sprint on day `on`, with its done and accepted points. */
int store_sprint_close(struct store *s, long long sprint, const char *on,
		       double done, double accepted, char *err);

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
int store_initiative_find(struct store *s, const char *ref,
			  struct initiative *in, char *err);
/* Adds one at rank (0: last); later ones move down. */
int store_initiative_add(struct store *s, const char *name,
			 const char *horizon, long long rank, long long *id,
			 char *err);
/* Changes name, horizon (NULL: kept) and rank (0: kept). */
int store_initiative_set(struct store *s, long long id, const char *name,
			 const char *horizon, long long rank, char *err);
/* Removes it; its items lose their link. */
int store_initiative_rm(struct store *s, long long id, char *err);
int store_initiatives(struct store *s,
		      int (*fn)(void *arg, const struct initiative *in),
		      void *arg, char *err);

#endif /* STORE_H */
