/*
 * test_csv_guard.c - the formula guard of the CSV formats
 * (plugins/format/csv_guard.h, shared as source by csv.c and jira.c):
 * which cells are guarded, that taking the guard off gives every value
 * back, and which rows as read need guarding before they go out again.
 */
#include "unit.h"

#include <stdlib.h>

#include <prio/write.h>

#include "../../plugins/format/csv_guard.h"

/* v as export writes it (guard on), NUL-terminated, allocated. */
static char *put(const char *v)
{
	struct obuf b;

	ob_init(&b, NULL, NULL);
	csv_put_guarded(&b, ',', v, strlen(v), 1);
	ob_addc(&b, '\0');
	cr_assert_eq(b.rc, 0);
	return b.p;
}

/* The value import reads from one CSV cell (guard on), allocated. */
static char *get(const char *cell)
{
	char err[PRIO_ERR_MAX], *v;
	struct csv_reader r;
	unsigned long at;

	csv_reader_init(&r, cell, strlen(cell), ',');
	cr_assert_eq(csv_next(&r, &at, err), 1, "%s", err);
	cr_assert_eq(r.n, 1);
	csv_unguard(&r);
	v = strndup(r.val[0], r.len[0]);
	csv_reader_release(&r);
	return v;
}

static void assert_put(const char *v, const char *want)
{
	char *got = put(v), *back;

	cr_assert_str_eq(got, want, "export of \"%s\"", v);
	back = get(got);
	cr_assert_str_eq(back, v, "\"%s\" came back as \"%s\"", v, back);
	free(back);
	free(got);
}

Test(csv_guard, formulas_get_a_quote_and_lose_it_again)
{
	assert_put("=SUM(A1:A9)", "'=SUM(A1:A9)");
	assert_put("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0");
	assert_put("-2+3", "'-2+3");
	assert_put("-3 days", "'-3 days");
	assert_put("@home", "'@home");
	assert_put("-", "'-");
	assert_put("\tx", "'\tx");
	assert_put("\rx", "\"'\rx\"");
	assert_put("=a,b", "\"'=a,b\"");
	assert_put("=\"q\"", "\"'=\"\"q\"\"\"");
}

Test(csv_guard, a_value_that_starts_with_quotes_round_trips)
{
	assert_put("'=really", "''=really");
	assert_put("''=twice", "'''=twice");
	assert_put("'hello", "'hello");
	assert_put("'", "'");
	assert_put("''", "''");
	assert_put("'-3", "'-3");
}

Test(csv_guard, numbers_and_text_are_left_alone)
{
	assert_put("-3", "-3");
	assert_put("+4", "+4");
	assert_put("-2.5", "-2.5");
	assert_put("-.5", "-.5");
	assert_put("-1e6", "-1e6");
	assert_put("+1.5E-3", "+1.5E-3");
	assert_put("Guest checkout", "Guest checkout");
	assert_put("a=b", "a=b");
	assert_put(" =x", " =x");
	/* Not numbers: guarded. */
	assert_put("-1e", "'-1e");
	assert_put("-e5", "'-e5");
	assert_put("-.", "'-.");
	assert_put("+inf", "'+inf");
	assert_put("-3 ", "'-3 ");
}

Test(csv_guard, which_rows_as_read_need_the_guard)
{
	static const struct {
		const char *row;
		int want;
	} cases[] = {
		{ "a,=b", 1 },
		{ "=a,b", 1 },
		{ "a,b,-", 1 },
		{ "a,\"=b,c\"", 1 },
		{ "\"x,y\",\"@z\"", 1 },
		{ "\"=\"\"q\"\"\",b", 1 },
		{ "a,'=b", 0 },		/* guarded in the file already */
		{ "a,''=b", 0 },
		{ "a,-3,+4.5", 0 },	/* numbers */
		{ "\"-3\",b", 0 },
		{ "\"a\"\"=b\",c", 0 },	/* = inside, not first */
		{ "a,b=c", 0 },
		{ "", 0 },
		{ "a,", 0 },
		{ ",", 0 },
		{ "\"\",\"\"", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		cr_assert_eq(csv_raw_formula(cases[i].row, strlen(cases[i].row),
					     ','), cases[i].want, "%s",
			     cases[i].row);
	cr_assert_eq(csv_raw_formula("a;=b", 4, ';'), 1);
	cr_assert_eq(csv_raw_formula("a,=b", 4, ';'), 0);
}

/*
 * The fast scan agrees with reading the row: random rows over the bytes
 * that matter (delimiters, quotes, triggers, digits), of every length
 * around the eight bytes the scan reads at a time.
 */
Test(csv_guard, the_scan_agrees_with_the_reader)
{
	static const char alphabet[] = ",,,\"\"=-+@'1.e a\t";
	char row[48], err[PRIO_ERR_MAX];
	unsigned seed = 42;

	for (int n = 0; n < 200000; n++) {
		size_t len = (size_t)(rand_r(&seed) % 40);
		struct csv_reader r;
		unsigned long at;
		int want = 0;

		for (size_t i = 0; i < len; i++)
			row[i] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		row[len] = '\0';
		csv_reader_init(&r, row, len, ',');
		/* Only rows the reader takes whole, as export sees them. */
		if (csv_next(&r, &at, err) == 1 && r.rowlen == len &&
		    row[0] != '\n') {
			for (size_t k = 0; k < r.n; k++)
				want |= r.len[k] && csv_trigger(r.val[k][0]) &&
					!csv_number(r.val[k], r.len[k]);
			cr_assert_eq(csv_raw_formula(row, len, ','), want,
				     "[%s]", row);
		}
		csv_reader_release(&r);
	}
}

/* What the SDK's writer (prio/write.h) writes, for a fake host. */
static struct obuf sdk;

static int sdk_write(struct prio_out *out, const void *data, size_t len)
{
	(void)out;
	ob_add(&sdk, data, len);
	return sdk.rc;
}

/* The value one written cell reads back as, guard taken off; allocated. */
static char *read_back(const char *cell, size_t len)
{
	char err[PRIO_ERR_MAX], *v;
	struct csv_reader r;
	unsigned long at;

	csv_reader_init(&r, cell, len, ',');
	cr_assert_eq(csv_next(&r, &at, err), 1, "%s", err);
	cr_assert_eq(r.n, 1);
	csv_unguard(&r);
	v = strndup(r.val[0], r.len[0]);
	csv_reader_release(&r);
	return v;
}

/*
 * One rule: the SDK's writer guards what prio's csv format guards, and
 * prio's import gives back every value either wrote.
 */
Test(csv_guard, the_sdk_writer_guards_as_the_csv_format_does)
{
	static const struct prio_host h = { .write = sdk_write };
	static const char alphabet[] = "''=-+@1.eE x,\"\t";
	char v[16];
	unsigned seed = 7;

	for (int n = 0; n < 100000; n++) {
		size_t len = 1 + (size_t)(rand_r(&seed) % 8);
		struct obuf ours;
		char *a, *b;

		for (size_t i = 0; i < len; i++)
			v[i] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		v[len] = '\0';
		if (v[0] == ' ' || v[len - 1] == ' ')
			continue;	/* the SDK quotes these, csv keeps them */
		ob_init(&ours, NULL, NULL);
		csv_put_guarded(&ours, ',', v, len, 1);
		ob_init(&sdk, NULL, NULL);
		cr_assert_eq(prio_write_csv(&h, NULL, v, len, ',',
					    PRIO_CSV_GUARD), 0);
		cr_assert_eq(ours.len, sdk.len, "[%s]: [%.*s] and [%.*s]", v,
			     (int)ours.len, ours.p, (int)sdk.len, sdk.p);
		cr_assert(!memcmp(ours.p, sdk.p, ours.len), "[%s]", v);
		a = read_back(ours.p, ours.len);
		b = read_back(sdk.p, sdk.len);
		cr_assert_str_eq(a, v);
		cr_assert_str_eq(b, v);
		free(a);
		free(b);
		free(ours.p);
		free(sdk.p);
	}
}
