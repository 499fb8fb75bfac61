/*
 * prio/workflow.h - the product workflow as typed records (ABI 1.4):
 * the sprint, its burndown, the velocity of the closed sprints and the
 * release forecast, as `prio sprint show`, `prio burndown` and `prio
 * velocity` compute them, for a report to chart without parsing text.
 *
 *	#include <prio/workflow.h>
 *
 *	const struct prio_workflow *w = host->workflow(items);
 *	if (w)
 *		for (size_t i = 0; i < w->nburndown; i++)
 *			... w->burndown[i].date, w->burndown[i].remaining ...
 *
 * host->workflow returns NULL when the set is not a workspace's backlog
 * or the workspace has no sprint yet (as for `prio rank --in FILE`), and
 * when the store could not be read: the host then reports that error
 * itself once the export returns, so a plugin need not. Everything lives
 * as long as the set; nothing is the plugin's to free.
 *
 * Dates are "YYYY-MM-DD"; points are story points, NaN where there is
 * no value. Names are as the user typed them (they may hold any UTF-8,
 * so escape them for the output).
 *
 * Compatibility: struct prio_workflow carries its size and grows at the
 * end. The records of the arrays have a fixed size, with reserved slots
 * for what a later minor adds; the host fills a slot for the plugins of
 * that minor and later ones (plugins of a newer minor are refused, so a
 * plugin never reads a slot that its host does not fill).
 *
 * The same data stays available as text through host->describe (see
 * prio/plugin.h), for plugins built before ABI 1.4.
 */
#ifndef PRIO_WORKFLOW_H
#define PRIO_WORKFLOW_H

#include <prio/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One day of the sprint's burndown. */
struct prio_wf_day {
	char date[11];
	/* Points left at the end of the day; NaN for days to come. */
	double remaining;
	/* The ideal line: straight from the first day's scope to 0. */
	double ideal;
	void *reserved[2];
};

/* A closed sprint, for the velocity and the release charts. */
struct prio_wf_sprint {
	const char *name;
	char start[11], end[11];
	double committed;	/* points of its items, as planned */
	double done, accepted;	/* points done (accepted) at the close */
	size_t bugs_opened, bugs_closed;	/* during it */
	double left;		/* points left in the backlog at its end */
	void *reserved[2];
};

/* The release forecast at one speed. */
struct prio_wf_forecast {
	const char *name;	/* "optimistic", "expected", "pessimistic" */
	double speed;		/* points per sprint: average + spread,
				   average, average - spread */
	/*
	 * How many sprints what is left takes: 0 when nothing is left, -1
	 * when there is no forecast (the speed is not above 0).
	 */
	long sprints;
	char from[11], to[11];	/* the last of them; "" unless sprints > 0 */
	void *reserved[2];
};

struct prio_workflow {
	size_t struct_size;	/* sizeof(struct prio_workflow), the host's */

	/* The open sprint, or else the last closed one. */
	const char *sprint;
	int closed;		/* 1: the last closed one (none is open) */
	char start[11], end[11];	/* its first and last day */
	double capacity;	/* points it was planned to */
	/*
	 * Points of its items (not those taken out by hand; those sent back
	 * at the close, yes), and of those done (accepted) now, or at the
	 * close if closed.
	 */
	double committed, done, accepted;
	long day, days;		/* day `day` of `days` has begun: 0 before
				   the start, = days at the end */
	size_t bugs_opened, bugs_closed;	/* during it */
	const struct prio_wf_day *burndown;	/* its days, first to last */
	size_t nburndown;

	/* The closed sprints, oldest first (none until one is closed). */
	const struct prio_wf_sprint *sprints;
	size_t nsprints;
	/*
	 * Accepted points per sprint over the last `velocity_count` closed
	 * sprints (the last of `sprints`), and their population standard
	 * deviation; NaN and 0 while no sprint is closed.
	 */
	double velocity_average, velocity_spread;
	size_t velocity_count;

	double left;		/* points left today (items with an estimate,
				   not done, epics aside) */
	/* Optimistic, expected, pessimistic; none while no sprint is closed. */
	const struct prio_wf_forecast *forecast;
	size_t nforecast;
};

#ifdef __cplusplus
}
#endif

#endif /* PRIO_WORKFLOW_H */
