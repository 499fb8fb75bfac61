/*
 * table.h - items in memory: a table of columns, and views of it.
 *
 * A table holds rows of cells, column by column. A text cell is a slice of
 * the file the rows came from or of one shared arena (so a million rows
 * cost a few large allocations, not millions of small ones); a number column also has an array of doubles,
 * either filled directly (from the store) or parsed once from the text on
 * first use (from an import). Missing cells are NONE / NaN.
 *
 * A view (struct prio_items, opaque to plugins) is what plugins see: some
 * of the table's columns in some order (the handles a plugin gets are
 * positions in that list), and optionally the rows in some order.
 */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <prio/plugin.h>

#include "util.h"

struct field;

#define CELL_NONE UINT64_MAX
#define CELL_MAX_LEN ((1u << 24) - 1)

struct column {
	char *name;
	enum prio_type type;	/* 0: untyped input; numbers on demand */
	const struct field *field;	/* its schema field, or NULL */
	uint64_t *cells;	/* offset << 24 | length, or CELL_NONE;
				   NULL until a cell is set: all missing */
	double *num;		/* NaN where missing or not a number; NULL
				   until computed or set */
	int num_only;		/* the values live in num only (no text) */
	int parsed;		/* num is the text's, parsed: it can go */
	int wanted;		/* someone will read it: load it */
	/*
	 * No one reads it but an exporter that copies the rows as read
	 * (table.raw): where a row has its raw bytes, this column's value
	 * is not stored. `prio rank --in` sets it for the columns that
	 * neither its method nor the ranking reads, so a million rows cost
	 * a quarter less memory.
	 */
	int unread;
};

struct table {
	size_t nrows, cap;
	struct column *cols;
	size_t ncols, cols_cap;
	unsigned long *line;	/* the input line each row starts on, or
				   NULL when no row came from a file */
	/*
	 * Text lives in two blocks, one after the other as far as a cell's
	 * offset goes: the file the rows were read from (borrowed, blen
	 * bytes: a value that is a piece of it is not copied), then the
	 * arena, where every other value is copied.
	 */
	char *borrowed;
	size_t blen;
	int mapped;		/* borrowed is file_map's: unmapped, not freed */
	struct buf arena;
	/*
	 * Each row as the file has it, a cell into the borrowed block (or
	 * CELL_NONE), when an importer gave the rows (sink_raw) and the
	 * columns are the file's own, in its order: raw_cols of them, read
	 * by [raw_section]. NULL otherwise.
	 */
	uint64_t *raw;
	size_t raw_cols;
	char *raw_section;
	int raw_only;		/* some value is in raw alone (unread) */
};

void table_init(struct table *t);
void table_release(struct table *t);

/*
 * Gives the table the block `data` (malloc'd, len bytes), which it frees:
 * values set from inside it are kept where they are, not copied. An
 * import hands over the file it parses, so a million rows' text is not
 * written twice. Only one block: returns 0, or -1 (the caller keeps data)
 * when the table has one already.
 */
int table_borrow(struct table *t, char *data, size_t len);
/* The same for a file file_map mapped, which the table unmaps. */
int table_borrow_mapped(struct table *t, char *data, size_t len);

int table_add_column(struct table *t, const char *name, enum prio_type type,
		     const struct field *field);
int table_find(const struct table *t, const char *name, size_t len);

/* The line row r came from, or 0. */
static inline unsigned long table_line(const struct table *t, size_t r)
{
	return t->line ? t->line[r] : 0;
}

/* Use table_cell to read cells: a column may have no array yet. */
static inline uint64_t table_cell(const struct table *t, int col, size_t row)
{
	return t->cols[col].cells ? t->cols[col].cells[row] : CELL_NONE;
}

/* Appends an empty row (every cell NONE / NaN); returns its index. */
size_t table_add_row(struct table *t, unsigned long line);
/* Appends n empty rows at once; returns the index of the first. */
size_t table_add_rows(struct table *t, size_t n);
/* Makes room for n more rows at once (an import that knows its size). */
void table_reserve(struct table *t, size_t n);
/* Sets a text cell; fails only when the value is over CELL_MAX_LEN. */
int table_set(struct table *t, int col, size_t row, const char *s, size_t len);
/*
 * Puts the rows order[0..n) first, in that order, and drops the others:
 * what an export of a ranking does before it writes. Read in rank order,
 * a million rows would miss the cache once per cell (each column is its
 * own array); this is one pass over each column instead, and costs one
 * spare column of memory, not a copy of the table.
 */
void table_permute(struct table *t, const uint32_t *order, size_t n);
/*
 * Frees the numbers that were parsed from text (table_numbers parses
 * them again if asked): before a permutation that would carry them for
 * an exporter that reads the text.
 */
void table_drop_parsed(struct table *t);
/* Makes a cell missing (NONE / NaN). */
void table_clear(struct table *t, int col, size_t row);
/* Sets a number cell of a number column, without text. */
void table_set_num(struct table *t, int col, size_t row, double v);

/* Row `row` as the file has it (see raw above): its bytes, or NULL;
 * setting returns -1 for bytes that are not a piece of the file. */
int table_set_raw(struct table *t, size_t row, const char *s, size_t len);
const char *table_raw(const struct table *t, size_t row, size_t *len);

/* The column's numbers, parsed from its text on first call. */
const double *table_numbers(struct table *t, int col);
/*
 * A cell as text, or NULL when missing. Numbers without text are
 * formatted into buf (at least 32 bytes).
 */
const char *table_text(const struct table *t, int col, size_t row, char *buf,
		       size_t *len);

/* Row r's values of columns cols as a JSON object (missing: null). */
void table_row_json(const struct table *t, size_t r, const int *cols,
		    size_t ncols, struct buf *out);

/* The view plugins see. */
struct prio_items {
	struct table *t;
	const uint32_t *order;	/* rows in this order, or NULL: all, as stored */
	size_t count;
	int *vis;		/* handle -> column */
	int nvis;
	int ahead;		/* a handle with text to prefetch by, or -1 */
	int raw_at;		/* raw(): 1 + the first field the raw rows
				   hold, or 0 when they serve no field here */
	double **perm;		/* numbers() of an ordered view, per handle */
	struct buf about;	/* describe(): "what\0value\0" pairs */
	/* Set by an export for its duration, NULL otherwise: */
	const char **columns;	/* column_name(): per handle, or NULL */
	struct progress *progress;	/* ticked as text() reaches new items */
	size_t progress_at;	/* items reached so far */
	/*
	 * More answers, computed on the first question that `about` cannot
	 * answer, or on the first call of workflow(): the workflow's
	 * (agile.c), which read the store. An exporter that never asks
	 * pays nothing. `later` fills about_later and workflow (one
	 * allocation, or NULL) once and nothing appends to `about` after
	 * that, so answers already handed out stay where they are. A
	 * failure is kept in later_rc / later_err for the export to report.
	 */
	int (*later)(void *arg, struct buf *out, struct prio_workflow **wf,
		     char *err);
	void *later_arg;
	int later_done, later_rc;
	struct buf about_later;
	struct prio_workflow *workflow;
	char later_err[PRIO_ERR_MAX];
};


/* The view's cell h of item i as text (see table_text). */
const char *view_text(const struct prio_items *v, int h, size_t i, char *buf,
		      size_t *len);

/* Adds a describe() answer to the view, or to a buffer of answers. */
void view_describe(struct prio_items *v, const char *what, const char *value);
void describe_add(struct buf *b, const char *what, const char *value);
/* The answer to describe(what) in a buffer of answers, or NULL. */
const char *describe_find(const struct buf *b, const char *what);

/* A view of every column and every row, as stored. */
void view_all(struct prio_items *v, struct table *t);
/* A view of some columns (by index), rows in `order` (count of them). */
void view_some(struct prio_items *v, struct table *t, const int *cols,
	       int ncols, const uint32_t *order, size_t count);
void view_release(struct prio_items *v);

/* The table row behind the view's item i. */
static inline size_t view_row(const struct prio_items *v, size_t i)
{
	return v->order ? v->order[i] : i;
}

/*
 * For the stores: the slots of an item's doc (a JSON array, as text from
 * p to end) into row `row` of t, slot k into column slots[k] (-1: not
 * wanted), strings unescaped, numbers as their text.
 */
void table_read_doc(const char *p, const char *end, struct table *t,
		    size_t row, const int *slots, size_t nslots);

/*
 * For the stores: what a read of items fetches for table t. The built-in
 * columns wanted (and always id, position and pin) go in cols, by column
 * number, and their count is returned; a custom field wanted that the
 * store has a slot for (slots[k] its name) goes in (*by_slot)[k], -1
 * where no column wants the slot, *by_slot NULL (else to free) when no
 * custom field is wanted.
 */
size_t table_read_columns(const struct table *t, char *const *slots,
			  size_t nslots, int *cols, int **by_slot);

#endif /* TABLE_H */
