/*
 * date.h - calendar days for sprints and charts: YYYY-MM-DD, as a count of
 * days since 1970-01-01 so that spans and steps are plain arithmetic.
 *
 * "Today" is the UTC date, or PRIO_TODAY=YYYY-MM-DD when set (tests use it
 * to be deterministic; every date prio records follows it).
 */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>

/* Parses "YYYY-MM-DD" (a real calendar day) into *day. 0, or -1. */
int date_parse(const char *s, long *day);
/* Formats a day as "YYYY-MM-DD" into buf[11]. */
void date_format(long day, char buf[11]);
/* Today: PRIO_TODAY if set, else the UTC date. PRIO_EINVAL when
 * PRIO_TODAY is not a date (err says so). */
int date_today(long *day, char *err);

/*
 * A day as people write it: YYYY-MM-DD, today, yesterday, tomorrow, or
 * +Nd / -Nd / +Nw / -Nw from today (len bytes of s). 0 with *day set;
 * -1 when s is none of these; PRIO_EINVAL when PRIO_TODAY is bad (err
 * says so).
 */
int date_relative(const char *s, size_t len, long *day, char *err);

/*
 * A moment as --at takes it: a day as date_relative reads it (the end of
 * that day, 23:59:59), or a date-time YYYY-MM-DDTHH:MM[:SS], both in
 * local time; into out as the log writes times, in UTC
 * ("2026-11-02T22:59:59Z"). 0, or PRIO_EINVAL (err says why).
 */
int date_at(const char *s, char out[21], char *err);

#endif /* DATE_H */
