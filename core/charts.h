/*
 * charts.h - the workflow's reports as prio velocity and prio burndown
 * print them: text with bars (agile.h's charts) or JSON, appended to a
 * buffer, for the commands and the board alike. today is a day number
 * (date.h); nothing here prints.
 */
#ifndef CHARTS_H
#define CHARTS_H

#include "agile.h"

/* prio velocity: points accepted per closed sprint, the average. */
int charts_velocity(struct prio *p, long today, int json, int ascii,
		    struct buf *b, char *err);
/* prio burndown [--sprint NAME]: name NULL is the open sprint. */
int charts_burndown(struct prio *p, const char *name, long today, int json,
		    const struct chart *ch, struct buf *b, char *err);
/* prio burndown --release: points left per sprint, and the forecast. */
int charts_release(struct prio *p, long today, int json,
		   const struct chart *ch, struct buf *b, char *err);

#endif /* CHARTS_H */
