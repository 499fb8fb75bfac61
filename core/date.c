/*
 * date.c - calendar days (see date.h). Civil-from-days after Howard
 * Hinnant's algorithms: exact for the proleptic Gregorian calendar.
 */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

int date_parse(const char *s, long *day)
{
	long y, yy;
	unsigned m, d, mm, dd;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = strtol(s, NULL, 10);
	m = (unsigned)strtoul(s + 5, NULL, 10);
	d = (unsigned)strtoul(s + 8, NULL, 10);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = days_from_civil(y, m, d);
	civil_from_days(*day, &yy, &mm, &dd);
	return yy == y && mm == m && dd == d ? 0 : -1;	/* 2026-02-30 */
}

void date_format(long day, char buf[11])
{
	long y;
	unsigned m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, 11, "%04ld-%02u-%02u", y % 10000, m % 100, d % 100);
}

int date_today(long *day, char *err)
{
	const char *env = getenv("PRIO_TODAY");
	time_t t;

	if (env && *env) {
		if (date_parse(env, day) < 0)
			return errf(err, PRIO_EINVAL, "PRIO_TODAY='%.20s': "
				    "expected a date like 2026-07-01", env);
		return 0;
	}
	t = time(NULL);
	*day = (long)(t / 86400);
	return 0;
}

int date_relative(const char *s, size_t len, long *day, char *err)
{
	char text[16];
	long n;
	char *end;
	int rc;

	if (len >= sizeof(text))
		return -1;
	memcpy(text, s, len);
	text[len] = '\0';
	if (date_parse(text, day) == 0)
		return 0;
	if (!strcmp(text, "today"))
		n = 0;
	else if (!strcmp(text, "yesterday"))
		n = -1;
	else if (!strcmp(text, "tomorrow"))
		n = 1;
	else if ((text[0] == '+' || text[0] == '-') &&
		 text[1] >= '0' && text[1] <= '9') {
		n = strtol(text, &end, 10);
		if ((*end != 'd' && *end != 'w') || end[1] || labs(n) > 100000)
			return -1;
		if (*end == 'w')
			n *= 7;
	} else {
		return -1;
	}
	if ((rc = date_today(day, err)))
		return rc;
	*day += n;
	return 0;
}

int date_at(const char *s, char out[21], char *err)
{
	struct tm tm = {0};
	unsigned hh = 23, mi = 59, ss = 59;
	long day, y;
	unsigned m, d;
	const char *t = strchr(s, 'T');
	size_t dlen = t ? (size_t)(t - s) : strlen(s);
	int rc, n = 0;
	time_t when;

	if (t && (sscanf(t + 1, "%2u:%2u%n:%2u%n", &hh, &mi, &n, &ss, &n) < 2 ||
		  t[1 + n] || hh > 23 || mi > 59 || ss > 60))
		return errf(err, PRIO_EINVAL, "--at %s: expected a date "
			    "(2026-11-02) or a date and time "
			    "(2026-11-02T14:30:00)", s);
	if (t && n == 5)
		ss = 0;	/* HH:MM */
	rc = date_relative(s, dlen, &day, err);
	if (rc > 0 || rc < -1)
		return rc;
	if (rc < 0)
		return errf(err, PRIO_EINVAL, "--at %s: expected a date "
			    "(2026-11-02) or a date and time "
			    "(2026-11-02T14:30:00)", s);
	civil_from_days(day, &y, &m, &d);
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)hh;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)ss;
	tm.tm_isdst = -1;
	if ((when = mktime(&tm)) == (time_t)-1 || !gmtime_r(&when, &tm))
		return errf(err, PRIO_EINVAL, "--at %s: not a time this "
			    "system can name", s);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}
