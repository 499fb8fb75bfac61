/*
 * mapping.h - the columns of a file and the fields they go to, as a
 * [format.NAME] section says, for every format alike:
 *
 *	map.Story Points = job_size	; the column "Story Points" is job_size
 *	map.Sprint =			; (no field) ignore the column
 *	ignore = Notes, Owner		; ignore these columns
 *	value.moscow.Must = must	; the value "Must" of moscow is must
 *	date_format = %d/%m/%Y		; dates and times as the file writes
 *					; them (strptime(3)); ISO ones as well
 *
 * The core reads these keys when it opens any format instance (so a
 * plugin neither reads nor rejects them) and applies them in the import
 * sink, before a column is looked up as a field: an unknown column that
 * is neither mapped nor ignored is an error naming the file and the
 * column. On export, a field is written under the column mapped to it,
 * so that the file comes back in through the same section unchanged.
 *
 * Column names match exactly, blanks around them aside. A column that
 * matches neither an entry nor a field exactly matches the entry, else
 * the field, that is the same folded (see mapping_fold): "Story Points "
 * finds map.story points, "Business Value" business_value. A file may
 * still have both "Value" and "value", for different fields. INI keys
 * keep their inner spaces, but cannot hold
 * '=', ':' or " ;" (inih splits or cuts there), nor can ignore list a
 * name with a comma: rename such a column in the file.
 */
#ifndef MAPPING_H
#define MAPPING_H

#include <stddef.h>

#include <prio/plugin.h>

struct table;

struct mapping_entry {
	char *from;		/* the column's name in the file, trimmed */
	char *to;		/* the field, or NULL: ignore the column */
	char *key;		/* the INI key that said so, for messages */
};

/* value.FIELD.VALUE = value: a file's spelling of a field's value. */
struct mapping_value {
	char *field;
	char *from;		/* as the file writes it, trimmed */
	char *to;
	char *key;		/* the INI key, for messages */
};

struct mapping {
	struct mapping_entry *v;
	size_t n, cap;
	struct mapping_value *vals;
	size_t nvals, vcap;
	char *date_format;	/* date_format = (strptime), or NULL */
};

/*
 * Reads map.* and ignore from sec into m (zeroed by the caller), marking
 * them as known keys. A bad key fails with FILE:LINE, and m is empty.
 */
int mapping_read(struct mapping *m, const struct prio_section *sec,
		 char *err);
void mapping_release(struct mapping *m);

/* Longest column name that mapping_fold folds, with its NUL. */
#define MAPPING_NAME_MAX 256

/*
 * Folds a column name the way a person reads it: blanks around it
 * dropped, ASCII letters lowered, each run of blanks, '_' and '-' one
 * '_' ("Business Value" -> business_value, "ID" -> id). Writes out (size
 * bytes, NUL-terminated) and returns its length; 0 when it does not fit
 * or nothing is left.
 */
size_t mapping_fold(const char *name, size_t len, char *out, size_t size);

/* The entry for a column (len bytes, blanks around it ignored), or NULL. */
const struct mapping_entry *mapping_find(const struct mapping *m,
					 const char *name, size_t len);

/* The first entry whose column folds as this one does, or NULL. */
const struct mapping_entry *mapping_find_folded(const struct mapping *m,
						const char *name, size_t len);

/*
 * What value.FIELD.VALUE says the value val (len bytes, blanks around
 * it ignored) of field `field` is, or NULL: the key spelled exactly so,
 * else the first that differs only in case.
 */
const char *mapping_value(const struct mapping *m, const char *field,
			  const char *val, size_t len);

/* The first column mapped to field `name`, or NULL. */
const char *mapping_reverse(const struct mapping *m, const char *name);

/*
 * Every field mapped to must be one that t (the schema's table) has, or
 * one that prio computes (rank, score, ...: read and dropped, as an
 * export's own). Fails with the key's FILE:LINE in sec otherwise.
 */
int mapping_check(const struct mapping *m, const struct prio_section *sec,
		  const struct table *t, char *err);

/*
 * For an export of view v: the handles of v->vis to write, into vis (as
 * many as v->nvis), and how many. A field whose own name is a column
 * that the section maps to another field of v is left out: with
 * map.id = key, the file's "id" column is the key, and prio's id is not
 * written over it.
 */
int mapping_visible(const struct mapping *m, const struct prio_items *v,
		    int *vis);

/*
 * For an export of view v: per handle, the column name field h is
 * written as, or NULL for its own name. A mapped name that another field
 * of v already has, or that an earlier field takes, is not used: a
 * header may not name two columns alike. NULL when nothing is mapped;
 * else the caller frees the array (not the strings, which are m's).
 */
const char **mapping_columns(const struct mapping *m,
			     const struct prio_items *v);

#endif /* MAPPING_H */
