/*
 * test_workflow.c - the product workflow's pieces: calendar days
 * (core/date.c), velocity over a window of closed sprints and the store's
 * done/accepted dates, acceptance criteria and roadmap order.
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

#include "date.h"

Test(date, parses_and_formats_real_days)
{
	long d, e;
	char buf[11];

	cr_assert_eq(date_parse("1970-01-01", &d), 0);
	cr_assert_eq(d, 0);
	cr_assert_eq(date_parse("2026-07-01", &d), 0);
	cr_assert_eq(date_parse("2026-07-14", &e), 0);
	cr_assert_eq(e - d, 13);
	date_format(d + 31, buf);
	cr_assert_str_eq(buf, "2026-08-01");
	cr_assert_eq(date_parse("2024-02-29", &d), 0);	/* leap year */
	cr_assert_eq(date_parse("2026-02-29", &d), -1);
	cr_assert_eq(date_parse("2026-13-01", &d), -1);
	cr_assert_eq(date_parse("2026-7-1", &d), -1);
	cr_assert_eq(date_parse("2026-07-01x", &d), -1);
	cr_assert_eq(date_parse("", &d), -1);
}

Test(date, today_follows_prio_today)
{
	char err[PRIO_ERR_MAX], now[21];
	long d, want;

	setenv("PRIO_TODAY", "2026-07-03", 1);
	cr_assert_eq(date_today(&d, err), 0);
	date_parse("2026-07-03", &want);
	cr_assert_eq(d, want);
	time_now(now);
	cr_assert_eq(strncmp(now, "2026-07-03T", 11), 0, "%s", now);
	setenv("PRIO_TODAY", "tomorrow", 1);
	cr_assert_eq(date_today(&d, err), PRIO_EINVAL);
	cr_assert(strstr(err, "PRIO_TODAY"));
}

static int count_open(void *arg, const struct criterion *c)
{
	*(int *)arg += !c->checked;
	return 0;
}

Test(store, criteria_and_roadmap)
{
	char *dir = unit_tmpdir(), err[PRIO_ERR_MAX];
	char *path = xstrfmt("%s/b.db", dir);
	struct store *s;
	struct initiative in;
	long long n, id;
	int open = 0;

	cr_assert_eq(store_open(&s, path, 1, err), 0, "%s", err);
	cr_assert_eq(store_begin(s, err), 0);
	cr_assert_eq(store_criterion_add(s, 7, "one", &n, err), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(store_criterion_add(s, 7, "two", &n, err), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(store_criterion_check(s, 7, 2, 1, err), 1);
	cr_assert_eq(store_criterion_check(s, 7, 3, 1, err), 0);
	cr_assert_eq(store_criteria(s, 7, count_open, &open, err), 0);
	cr_assert_eq(open, 1);
	/* a at 1; b in front of it; c last: b, a, c */
	cr_assert_eq(store_initiative_add(s, "a", "2026-Q3", 0, &id, err), 0);
	cr_assert_eq(store_initiative_add(s, "b", NULL, 1, &id, err), 0);
	cr_assert_eq(store_initiative_add(s, "c", NULL, 0, &id, err), 0);
	cr_assert_eq(store_initiative_find(s, "a", &in, err), 1);
	cr_assert_eq(in.rank, 2);
	cr_assert_eq(store_initiative_find(s, "c", &in, err), 1);
	cr_assert_eq(in.rank, 3);
	/* c to the front: c, b, a */
	cr_assert_eq(store_initiative_set(s, in.id, NULL, NULL, 1, err), 0);
	cr_assert_eq(store_initiative_find(s, "a", &in, err), 1);
	cr_assert_eq(in.rank, 3);
	cr_assert_eq(store_initiative_find(s, "b", &in, err), 1);
	cr_assert_eq(store_initiative_rm(s, in.id, err), 0);
	cr_assert_eq(store_initiative_find(s, "a", &in, err), 1);
	cr_assert_eq(in.rank, 2);
	cr_assert_eq(store_initiative_add(s, "a", NULL, 0, &id, err),
		     PRIO_EINVAL);
	cr_assert_eq(store_commit(s, err), 0);
	store_close(s);
	unit_rmtree(dir);
	free(path);
	free(dir);
}
