/*
 * test_write.c - the SDK's writers (prio/write.h), through a fake host
 * that collects what is written; one that fails, to see the error come
 * back.
 */
#include "unit.h"

#include <prio/write.h>

static char got[4096];
static size_t ngot;
static int fail_after = -1;

static int collect(struct prio_out *out, const void *buf, size_t len)
{
	(void)out;
	if (fail_after == 0)
		return PRIO_EIO;
	if (fail_after > 0)
		fail_after--;
	cr_assert_leq(ngot + len, sizeof(got) - 1);
	memcpy(got + ngot, buf, len);
	ngot += len;
	got[ngot] = 0;
	return 0;
}

static const struct prio_host fake = { .write = collect };

static const char *csv(const char *v, int flags)
{
	ngot = 0;
	got[0] = 0;
	cr_assert_eq(prio_write_csv(&fake, NULL, v, v ? strlen(v) : 0, ',',
				    flags), 0);
	return got;
}

static const char *json(const char *v, size_t len)
{
	ngot = 0;
	got[0] = 0;
	cr_assert_eq(prio_write_json(&fake, NULL, v, len), 0);
	return got;
}

Test(write, csv_quotes_only_what_needs_it)
{
	cr_assert_str_eq(csv("plain", 0), "plain");
	cr_assert_str_eq(csv("a,b", 0), "\"a,b\"");
	cr_assert_str_eq(csv("say \"hi\"", 0), "\"say \"\"hi\"\"\"");
	cr_assert_str_eq(csv("two\nlines", 0), "\"two\nlines\"");
	cr_assert_str_eq(csv(" padded", 0), "\" padded\"");
	cr_assert_str_eq(csv("", 0), "");
	cr_assert_str_eq(csv(NULL, 0), "");
}

Test(write, csv_guards_formulas_not_numbers)
{
	cr_assert_str_eq(csv("=1+1", PRIO_CSV_GUARD), "'=1+1");
	cr_assert_str_eq(csv("@SUM(A1)", PRIO_CSV_GUARD), "'@SUM(A1)");
	cr_assert_str_eq(csv("+cmd", PRIO_CSV_GUARD), "'+cmd");
	cr_assert_str_eq(csv("=HYPERLINK(\"x\",\"y\")", PRIO_CSV_GUARD),
			 "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
	cr_assert_str_eq(csv("-3", PRIO_CSV_GUARD), "-3");
	cr_assert_str_eq(csv("+2.5e3", PRIO_CSV_GUARD), "+2.5e3");
	cr_assert_str_eq(csv("-", PRIO_CSV_GUARD), "'-");
	cr_assert_str_eq(csv("=1+1", 0), "=1+1");
}

Test(write, csv_long_values_in_pieces)
{
	char big[1000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	big[500] = '"';
	csv(big, 0);
	cr_assert_eq(ngot, 999 + 3);	/* two quotes around, one doubled */
	cr_assert_eq(got[0], '"');
	cr_assert_eq(got[501], '"');
	cr_assert_eq(got[502], '"');
}

Test(write, json_escapes)
{
	cr_assert_str_eq(json("plain", 5), "\"plain\"");
	cr_assert_str_eq(json("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	cr_assert_str_eq(json("l1\nl2\tx\r", 8), "\"l1\\nl2\\tx\\r\"");
	cr_assert_str_eq(json("\x1b]0;PWNED\x07", 10),
			 "\"\\u001b]0;PWNED\\u0007\"");
	cr_assert_str_eq(json("caf\xc3\xa9", 5), "\"caf\xc3\xa9\"");
	cr_assert_str_eq(json(NULL, 0), "null");
	cr_assert_str_eq(json("", 0), "\"\"");
}

Test(write, errors_come_back)
{
	char big[600];

	memset(big, 'y', sizeof(big));
	fail_after = 1;	/* the second piece fails */
	ngot = 0;
	cr_assert_eq(prio_write_csv(&fake, NULL, big, sizeof(big), ',', 0),
		     PRIO_EIO);
	fail_after = 0;
	cr_assert_eq(prio_write_json(&fake, NULL, "x", 1), PRIO_EIO);
}
