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

/* The id of the item with this id ("12") or key ("ACME-4"): 1 found, 0 not. */
int store_lookup(struct store *s, const char *ref, size_t len, long long *id,
		 char *err);

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
};

/* Adds an entry; inside the transaction of the change it records. */
int store_log(struct store *s, const struct log_entry *e, char *err);
/* Calls fn for each entry (of one item, or all when item is 0), oldest first. */
int store_log_read(struct store *s, long long item,
		   int (*fn)(void *arg, const struct log_entry *e, const char *at),
		   void *arg, char *err);
/* The item's current values of t's columns cols, as a JSON object. */
int store_item_json(struct store *s, long long id, const struct table *t,
		    const int *cols, size_t ncols, struct buf *out, char *err);

/* How many items there are. */
long long store_count(struct store *s, char *err);

#endif /* STORE_H */
