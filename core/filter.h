/*
 * filter.h - which items a command is about: one grammar of terms,
 * everywhere items are chosen (list, rank, export, set, rm, ...). Every
 * term must hold:
 *
 *   FIELD:VALUE     equal (text ignores case; an enum value is checked)
 *   FIELD:A,B       any of them
 *   FIELD:>N  FIELD:>=N  FIELD:<N  FIELD:<=N
 *                   numbers, and dates (created, updated, done_on, ...:
 *                   YYYY-MM-DD, today, yesterday, tomorrow, +3d, -2w)
 *   FIELD:          the field is empty
 *   +LABEL -LABEL   has the label, has not
 *   /TEXT/          the title or the story contains TEXT (ignoring case)
 *   sprint:NAME     in that sprint (sprint:open: the open one)
 *   under:ID        a descendant of ID (its children, theirs, ...)
 *   ID or KEY       one of the items named (several: any of them)
 *
 * Life of a filter: filter_parse checks the terms against the schema
 * (usage errors: exit 2, naming the term); filter_want marks the columns
 * it reads, before the table is loaded; filter_prepare resolves what
 * needs the store (ids and keys, sprints, descendants) once the table
 * is; filter_match then answers per row, with no allocation.
 */
#ifndef FILTER_H
#define FILTER_H

#include <stddef.h>

struct schema;
struct store;
struct table;

struct filter_term;

/* A set of item ids, sorted once filled. */
struct idset {
	long long *v;
	size_t n, cap;
};

struct filter {
	struct filter_term *v;
	size_t n;
	/* Bare ids and keys: the item must be one of them. */
	char **refs;
	size_t nrefs;
	struct idset ids;	/* resolved by filter_prepare */
	int active;		/* any term at all */
};

/*
 * Is arg a filter term rather than an option or a FIELD=VALUE? A single
 * dash followed by a word (-urgent) is a term, so commands that take
 * filters look at their arguments with this before getopt sees them.
 */
int filter_is_term(const char *arg);

/* Parses n terms. PRIO_EINVAL with err naming the term and why. */
int filter_parse(struct filter *f, const struct schema *s, char *const *terms,
		 size_t n, char *err);
/* Marks the columns of t that the terms read as wanted (and id). */
void filter_want(const struct filter *f, struct table *t);
/*
 * Resolves ids and keys, sprints and descendants against the store and
 * the loaded table t (whose columns include those filter_want marked).
 * An id or key that names no item is an error (PRIO_ENOTFOUND).
 */
int filter_prepare(struct filter *f, struct store *s, struct table *t,
		   char *err);
/* Does a term of f read the field `name` (status, say)? */
int filter_reads(const struct filter *f, const char *name);
/* Does row r of t pass? (A filter with no terms passes every row.) */
int filter_match(const struct filter *f, struct table *t, size_t r);
void filter_release(struct filter *f);

#endif /* FILTER_H */
