/*
 * history.h - the audit log read back.
 *
 * The log keeps, for a change to an item, the values the fields had
 * before it (store.h, struct log_entry). What a field was changed to is
 * what the next entry of the same item changed it from, or, when no
 * later entry touched it, the item's value today: walking the log back
 * from today gives every past state, and nothing is stored twice.
 *
 * An import is one entry about the whole file (item 0: the file, its
 * sha256, the counts, the ids it created with the line of each) and one
 * entry of before-values per item it updated.
 *
 * Used by prio log (the values each entry left), prio undo (what to
 * check before writing the before-values back) and --at (the backlog
 * as it stood at a time).
 */
#ifndef HISTORY_H
#define HISTORY_H

#include "prio.h"

/*
 * A flat JSON object as the log writes them: strings, numbers,
 * booleans, null; an array value is kept as its text.
 */
struct jfield {
	char *key;
	char *val;		/* NULL: null */
	int str;		/* a string (else a number, boolean or array) */
};

struct jobj {
	struct jfield *v;
	size_t n, cap;
};

/* Parses {"key": value, ...}: 0, or -1 when it is not such an object. */
int jobj_parse(const char *s, struct jobj *o);
const struct jfield *jget(const struct jobj *o, const char *key);
void jobj_release(struct jobj *o);

/* What an entry about an item did, from the shape of its values. */
enum entry_kind {
	ENTRY_NONE,		/* not about an item's values */
	ENTRY_FIELDS,		/* changed some fields (before: their values) */
	ENTRY_CREATED,		/* made the item (no before-values) */
	ENTRY_REMOVED,		/* removed it (before: all of it, with id) */
	ENTRY_CRITERION,	/* about one criterion ({"criterion": N}) */
	ENTRY_IMPORT,		/* an import's own entry: the file, the ids */
};
enum entry_kind history_kind(const struct log_entry *e);

/*
 * The values entry e left on its item, as a JSON object into out (left
 * empty for a removal, or an entry that is not about an item's fields).
 * An entry written before the log kept before-values only has them.
 */
int history_after(struct prio *p, const struct log_entry *e, struct buf *out,
		  char *err);

/* The import that created an item: its entry, file and line. */
struct import_origin {
	long long entry, change;
	char *file, *sha256;
	unsigned long line;
};
/* 1 found (free with import_origin_release), 0 not created by an import. */
int history_import_of(struct prio *p, long long item, struct import_origin *o,
		      char *err);
void import_origin_release(struct import_origin *o);

/*
 * The ids an import's own entry (ENTRY_IMPORT) says it created, as runs
 * ("ids": [[first, count, line], ...]): fn(arg, id, line) for each, in
 * order; 0, or what fn returned to stop. -1, and no call, when the runs
 * are not what prio writes (more ids than its "created", a number out
 * of range): a damaged or forged log is read as no creation at all.
 */
int history_import_ids(const struct log_entry *e,
		       int (*fn)(void *arg, long long id, unsigned long line),
		       void *arg);

/*
 * Turns t, the backlog as loaded now (store_load, every field wanted),
 * into the backlog as it stood at time `at` (store.h's form,
 * "2026-11-02T14:30:00Z"): the entries after it are undone in memory,
 * newest first. Items created since are dropped, items removed since
 * come back. Nothing is written.
 */
int history_at(struct prio *p, struct table *t, const char *at, char *err);

/*
 * The log as prio log prints it, appended to b: every entry, oldest
 * first, or (id) the item's, beginning with the import that made it;
 * json: an array of objects (entry, change, undoes, at, user, roles,
 * via, action, item, before, after, outcome, reason), else text for
 * people, the data's control characters made visible.
 */
int history_show(struct prio *p, long long id, int json, struct buf *b,
		 char *err);
/*
 * The item REF names, or a removed one: its id stays its own (no new
 * item gets it), and so does its history. PRIO_EINVAL when neither.
 */
int history_item(struct prio *p, const char *ref, long long *id, char *err);

#endif /* HISTORY_H */
