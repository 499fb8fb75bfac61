/*
 * agile.h - what the workflow commands share (prio sprint, accept, reject,
 * velocity, burndown): one item's fields, the velocity of closed sprints,
 * and terminal charts.
 */
#ifndef AGILE_H
#define AGILE_H

#include "prio.h"

/*
 * Loads every field of item id into row 0 of t (a fresh table_for_schema,
 * released by the caller).
 */
int item_load(struct prio *p, long long id, struct table *t, char *err);
/*
 * A text cell of row 0 as a string ("" when missing; valid until eight
 * more calls) and a number cell (NaN).
 */
const char *item_text(const struct table *t, const char *field);
double item_num(struct table *t, const char *field);
/*
 * Writes fields of item id: names[i] = values[i] (NULL clears), audited
 * as `action` with the values before and after, inside the caller's
 * transaction.
 */
int item_update(struct prio *p, long long id, const char *action,
		const char *const *names, const char *const *values, size_t n,
		char *err);

/* Velocity: points accepted per closed sprint, over the last `window`. */
struct velocity {
	size_t nsprints;	/* closed sprints in all */
	size_t window;		/* [sprint] velocity_window */
	size_t n;		/* how many the average is over */
	double mean, sd;	/* sd: population standard deviation */
	struct sprint *v;	/* every closed sprint, oldest first */
};

int velocity_window(struct prio *p, size_t *window, char *err);
int velocity_compute(struct prio *p, struct velocity *v, char *err);
void velocity_release(struct velocity *v);

/* Terminal charts: Unicode blocks or ASCII; ANSI colours or none. */
struct chart {
	int utf8;	/* LC_ALL / LC_CTYPE / LANG names UTF-8, no --ascii */
	int color;	/* stdout is a terminal and NO_COLOR is unset */
};

void chart_setup(struct chart *c, int ascii);
/*
 * A bar of `width` cells for value (0..max), with a marker at `mark`
 * (NaN: none); color is an ANSI SGR code ("32") or NULL.
 */
void chart_bar(struct buf *b, const struct chart *c, double value, double max,
	       int width, double mark, const char *color);
/* Starts / ends a coloured span (nothing when colours are off). */
void chart_color(struct buf *b, const struct chart *c, const char *code);

#endif /* AGILE_H */

/* An item's time in a sprint, copied out of the store. */
struct member {
	long long item;
	double points;		/* NaN: no estimate when it came */
	char added[11], removed[11];	/* removed "": still in */
	char outcome[16];	/* done, accepted, returned, or "" */
};

/* Every item that has been in the sprint; *v freed by the caller. */
int sprint_members(struct prio *p, long long sprint, struct member **v,
		   size_t *n, char *err);
/* Bugs created, and bugs done, between two days (inclusive). */
int defects_count(struct prio *p, const char *from, const char *to,
		  size_t *opened, size_t *closed, char *err);
