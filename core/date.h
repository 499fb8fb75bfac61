/*
 * date.h - calendar days for sprints and charts: YYYY-MM-DD, as a count of
 * days since 1970-01-01 so that spans and steps are plain arithmetic.
 *
 * "Today" is the UTC date, or PRIO_TODAY=YYYY-MM-DD when set (tests use it
 * to be deterministic; every date prio records follows it).
 */
#ifndef DATE_H
#define DATE_H

/* Parses "YYYY-MM-DD" (a real calendar day) into *day. 0, or -1. */
int date_parse(const char *s, long *day);
/* Formats a day as "YYYY-MM-DD" into buf[11]. */
void date_format(long day, char buf[11]);
/* Today: PRIO_TODAY if set, else the UTC date. PRIO_EINVAL when
 * PRIO_TODAY is not a date (err says so). */
int date_today(long *day, char *err);

#endif /* DATE_H */
