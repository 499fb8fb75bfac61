/*
 * agile.h - what the workflow commands share (prio sprint, accept, reject,
 * velocity, burndown) and the reports read through host->workflow (and,
 * as text, describe()): one item's fields, a sprint's state and burndown,
 * the velocity of closed sprints, the backlog's history and the release
 * forecast, and terminal charts.
 *
 * The arithmetic lives here once: the terminal charts, the JSON output
 * and the HTML report all print what these functions compute.
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
/*
 * A range of `width` cells: full up to lo, shaded from lo to hi, a
 * marker at mid (NaN: none); values from 0 to max.
 */
void chart_range(struct buf *b, const struct chart *c, double lo, double mid,
		 double hi, double max, int width);
/* Starts / ends a coloured span (nothing when colours are off). */
void chart_color(struct buf *b, const struct chart *c, const char *code);

/* An item's time in a sprint, copied out of the store. */
struct member {
	long long item;
	double points;		/* NaN: no estimate when it came */
	char added[11], removed[11];	/* removed "": still in */
	char outcome[16];	/* done, accepted, returned, or "" */
	/* Filled by sprint_state_load only: */
	char status[16];	/* the item's status now; "" when deleted */
	char done_on[11];	/* the day it became done, or "" */
	char *key, *title;	/* NULL when deleted */
};

/* Every item that has been in the sprint; *v freed by the caller. */
int sprint_members(struct prio *p, long long sprint, struct member **v,
		   size_t *n, char *err);
/*
 * A store_sprints callback that copies each sprint to arg (a struct
 * sprint): what is left there is the last one.
 */
int keep_last_sprint(void *arg, const struct sprint *sp);
/* Fills status, done_on, key and title of m[0..n). */
int members_fill(struct prio *p, struct member *m, size_t n, char *err);
/* Frees m and the keys and titles members_fill gave it. */
void members_free(struct member *m, size_t n);

/*
 * What a sprint's items add up to, in points. An item taken out by hand
 * does not count. Committed: every other item, those sent back at the
 * close too (they were committed, and not finished). Done and accepted:
 * for a closed sprint the outcome recorded at the close, for an open one
 * the item's status now (status[] filled, see sprint_state_load).
 */
struct tally {
	double committed, done, accepted;
};
void sprint_tally(const struct sprint *sp, const struct member *m, size_t n,
		  struct tally *t);

/* A sprint at a glance: what prio sprint show and prio burndown print. */
struct sprint_state {
	struct sprint sp;
	struct member *m;	/* every item that has been in it */
	size_t nm;
	struct tally tally;
	long start, end;	/* its days (see date.h) */
	long days;		/* end - start + 1 */
	long day;		/* days begun: 0 before the start, days
				   after the end or once closed */
	/*
	 * The burndown: remaining[i] and ideal[i] are the points left at
	 * the end of day start + i. Remaining: the points of the items in
	 * the sprint that day and not yet done (an item planned before the
	 * start counts from the start; one sent back at the close stays
	 * until the end). Ideal: a straight line from scope to 0. The
	 * remaining points are known up to `last` (today, or the day it
	 * closed, at most the end) and NaN after it.
	 */
	long last;		/* < start: not begun, nothing known */
	double scope;		/* the points on its first day */
	double *remaining, *ideal;
};

/*
 * Loads sprint `name`, or with name NULL the open one (or, with
 * or_last, the last closed one when none is open), with its items'
 * status, key, title and done day. Returns 1 (found), 0 (no such
 * sprint) or an error; release it with sprint_state_release either way.
 */
int sprint_state_load(struct prio *p, const char *name, int or_last,
		      long today, struct sprint_state *s, char *err);
void sprint_state_release(struct sprint_state *s);

/*
 * The backlog's history over spans of days, from the dates prio records
 * (created, done_on) in one pass over the items, so that a million
 * items cost one read whatever the number of sprints.
 */
struct span {
	long from, to;		/* days, inclusive */
	double left;		/* points not done at the end of `to`: items
				   created by then, with an estimate, not
				   epics (their stories carry the points) */
	size_t opened, closed;	/* bugs created, and done, in the span */
};

/* Marks the columns backlog_spans reads (type, created, done_on,
 * estimate) as wanted in a table_for_schema. */
void backlog_columns(struct table *t);
/* Loads those columns of every item into t (a fresh table_for_schema). */
int backlog_load(struct prio *p, struct table *t, char *err);
/* Fills left, opened and closed of v[0..n) from t's rows. */
void backlog_spans(struct table *t, struct span *v, size_t n);

/* The release forecast at one speed (points per sprint). */
struct forecast {
	const char *name;	/* "optimistic", "expected", "pessimistic" */
	double speed;		/* average + spread, average, average - spread */
	long sprints;		/* how many sprints the rest takes; 0: nothing
				   is left; -1: no forecast (speed not > 0) */
	long from, to;		/* the days of the last of those sprints */
};

/*
 * History: the closed sprints with their velocity, what each committed,
 * the backlog left at the end of each and its bugs, the backlog left
 * now, and the forecast. The forecast's sprints are as long as the last
 * closed one (14 days when there is none, or the open one's length) and
 * follow it, or start with the open sprint.
 */
struct history {
	struct velocity v;	/* v.v: the closed sprints, oldest first */
	struct span *spans;	/* per closed sprint: its start .. end */
	double *committed;	/* per closed sprint */
	double now;		/* points left today */
	long today;
	long start, len;	/* the forecast's first day, days per sprint */
	int has_forecast;	/* some closed sprint gives a velocity */
	struct forecast f[3];	/* optimistic, expected, pessimistic */
};

/*
 * Computes it (release h with history_release, after an error too);
 * t: a table holding every item with backlog_columns loaded, or NULL to
 * read them here.
 */
int history_compute(struct prio *p, struct table *t, long today,
		    struct history *h, char *err);
void history_release(struct history *h);

/*
 * A view's `later` (table.h), with a struct agile_later: when the
 * workspace has a sprint, the workflow as typed records (prio/workflow.h,
 * one allocation) in *wf and as describe() keys (see prio/plugin.h) in
 * out; nothing otherwise. t as for history_compute.
 */
struct agile_later {
	struct prio *p;
	struct table *t;
};
int agile_later(void *arg, struct buf *out, struct prio_workflow **wf,
		char *err);

/* A number for JSON: as prio prints numbers, null for NaN. */
void json_number(struct buf *b, double v);
/* --format of the workflow commands: 1 json, 0 text, -1 neither. */
int json_format(const char *arg);

/*
 * prio criteria list ID --format json, appended to b: {"id", "criteria":
 * [{"n", "text", "checked"}]}.
 */
int criteria_json(struct prio *p, long long id, struct buf *b, char *err);

#endif /* AGILE_H */
