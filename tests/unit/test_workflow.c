/*
 * test_workflow.c - the product workflow's pieces: calendar days
 * (core/date.c), what a sprint's items add up to and the backlog's
 * history over spans of days (core/agile.c), acceptance criteria and
 * roadmap order.
 */
#include "unit.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "agile.h"
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

	cr_assert_eq(store_open(&s, path, NULL, 1, err), 0, "%s", err);
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

static struct member member(long long id, double points, const char *removed,
			    const char *outcome, const char *status)
{
	struct member m;

	memset(&m, 0, sizeof(m));
	m.item = id;
	m.points = points;
	snprintf(m.added, sizeof(m.added), "2026-07-01");
	snprintf(m.removed, sizeof(m.removed), "%s", removed);
	snprintf(m.outcome, sizeof(m.outcome), "%s", outcome);
	snprintf(m.status, sizeof(m.status), "%s", status);
	return m;
}

Test(agile, tally_counts_commitments_not_removals)
{
	struct sprint sp;
	struct tally t;
	struct member m[5];

	memset(&sp, 0, sizeof(sp));
	/* Open: the status now counts; taken out by hand: not at all. */
	m[0] = member(1, 5, "", "", "accepted");
	m[1] = member(2, 3, "", "", "done");
	m[2] = member(3, 2, "", "", "in-progress");
	m[3] = member(4, 8, "2026-07-02", "", "ready");	/* removed */
	m[4] = member(5, NAN, "", "", "done");	/* no estimate: 0 */
	sprint_tally(&sp, m, 5, &t);
	cr_assert_float_eq(t.committed, 10, 1e-12);
	cr_assert_float_eq(t.done, 8, 1e-12);
	cr_assert_float_eq(t.accepted, 5, 1e-12);
	/*
	 * Closed: the outcomes recorded at the close count, whatever the
	 * status is now; what was sent back was committed all the same.
	 */
	sp.closed = 1;
	m[0] = member(1, 5, "", "accepted", "accepted");
	m[1] = member(2, 3, "", "done", "accepted");
	m[2] = member(3, 2, "2026-07-10", "returned", "done");
	sprint_tally(&sp, m, 4, &t);
	cr_assert_float_eq(t.committed, 10, 1e-12);
	cr_assert_float_eq(t.done, 8, 1e-12);
	cr_assert_float_eq(t.accepted, 5, 1e-12);
}

/* A row of the history table: type, created, done_on, estimate. */
static void history_row(struct table *t, const char *type, const char *created,
			const char *done, const char *estimate)
{
	const char *v[] = { type, created, done, estimate };
	size_t r = table_add_row(t, 0);

	for (int c = 0; c < 4; c++)
		if (v[c])
			table_set(t, c, r, v[c], strlen(v[c]));
}

static long day(const char *s)
{
	long d;

	cr_assert_eq(date_parse(s, &d), 0, "%s", s);
	return d;
}

Test(agile, backlog_spans_read_history_in_one_pass)
{
	struct table t;
	struct span v[3];

	table_init(&t);
	table_add_column(&t, "type", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "created", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "done_on", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "estimate", PRIO_TYPE_NUMBER, NULL);
	history_row(&t, "story", "2026-07-01T09:00:00Z", "2026-07-05", "5");
	history_row(&t, "story", "2026-07-01T10:00:00Z", NULL, "3");
	history_row(&t, "epic", "2026-07-01T10:00:00Z", NULL, "40");
	history_row(&t, "story", "2026-07-01T10:00:00Z", NULL, NULL);
	history_row(&t, "bug", "2026-07-08T08:00:00Z", "2026-07-12", "2");
	history_row(&t, "bug", "2026-07-20T08:00:00Z", NULL, "1");
	history_row(&t, "story", "2026-07-20T08:00:00Z", "someday", "8");
	v[0].from = day("2026-07-01"), v[0].to = day("2026-07-10");
	v[1].from = day("2026-07-11"), v[1].to = day("2026-07-20");
	v[2].from = v[2].to = LONG_MAX - 1;
	backlog_spans(&t, v, 3);
	/*
	 * End of 07-10: 5 done on 07-05; 3 left; the epic and the item
	 * without an estimate do not count; the bug (2) is open: 3 + 2.
	 * End of 07-20: the bug is done (07-12); two items created that
	 * day: 1 and 8 (done_on is not a day: not done): 3 + 1 + 8.
	 */
	cr_assert_float_eq(v[0].left, 5, 1e-12);
	cr_assert_float_eq(v[1].left, 12, 1e-12);
	cr_assert_float_eq(v[2].left, 12, 1e-12);
	cr_assert_eq(v[0].opened, 1);
	cr_assert_eq(v[0].closed, 0);
	cr_assert_eq(v[1].opened, 1);
	cr_assert_eq(v[1].closed, 1);
	table_release(&t);
}

Test(agile, json_numbers)
{
	struct buf b = {0};

	json_number(&b, 8);
	buf_addc(&b, ' ');
	json_number(&b, 2.5);
	buf_addc(&b, ' ');
	json_number(&b, NAN);
	cr_assert_str_eq(b.p, "8 2.5 null");
	buf_release(&b);
}
