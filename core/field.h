/*
 * field.h - the fields an item has: the built-in ones (title, type,
 * status, ...) and the custom ones declared in [field.NAME] sections.
 *
 * The schema is what every write is validated against, whatever the way
 * in (prio add, prio set, prio import), so a value that reaches the store
 * has the declared type and lies within its bounds.
 */
#ifndef FIELD_H
#define FIELD_H

#include <stddef.h>

#include <prio/plugin.h>

struct config;
struct config_entry;

enum field_flag {
	FIELD_BUILTIN = 1,	/* a column of its own in the store */
	FIELD_READONLY = 2,	/* set by prio, not by prio set (id) */
	FIELD_REQUIRED = 4,	/* every item has it (title) */
	FIELD_REF = 8,		/* names another item by id or key (parent) */
	FIELD_TIME = 16,	/* a UTC time, YYYY-MM-DDTHH:MM:SSZ */
	FIELD_DATE = 32		/* a day, YYYY-MM-DD (type = date) */
};

struct field {
	char *name;
	enum prio_type type;
	unsigned flags;
	int has_min, has_max;
	double min, max;
	char **values;		/* text fields: the allowed values, or NULL */
	size_t nvalues;
	char *description;
	const char *action;	/* the action that changes it: item.edit.* */
	const struct config_entry *origin;	/* custom fields: the type line */
};

struct schema {
	struct field *v;
	size_t n, cap;
	size_t nbuiltin;	/* v[0 .. nbuiltin) are the built-in fields */
};

/*
 * Built-in fields, then every [field.NAME] of the configuration. On
 * failure s is empty (released) and err says which line is wrong.
 */
int schema_load(struct schema *s, const struct config *cfg, char *err);
void schema_release(struct schema *s);

/* The field called name (len bytes), or NULL. */
const struct field *schema_find(const struct schema *s, const char *name,
				size_t len);

/*
 * Checks one value (len bytes) for field f. Numbers are parsed into *num.
 * On failure err says what is wrong, without saying where (the caller
 * knows the file, line or item).
 */
int field_validate(const struct field *f, const char *val, size_t len,
		   double *num, char *err);

/* Columns the core writes in ranked output and skips on import. */
int field_is_computed(const char *name, size_t len);

#endif /* FIELD_H */
