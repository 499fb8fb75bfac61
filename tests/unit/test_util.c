/*
 * test_util.c - the small things (core/util.c): numbers in and out,
 * names, buffers and error messages, whole-file reads and atomic writes.
 */
#include "unit.h"

#include <dirent.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* num_parse on a NUL-terminated string. */
static int parse(const char *s, double *out)
{
	*out = -12345;
	return num_parse(s, strlen(s), out);
}

static void assert_parses(const char *s, double want)
{
	double d;

	cr_assert_eq(parse(s, &d), 0, "'%s' should parse", s);
	cr_assert_eq(d, want, "'%s': %.17g, expected %.17g", s, d, want);
}

static void assert_refuses(const char *s)
{
	double d;

	cr_assert_eq(parse(s, &d), -1, "'%s' should be refused (got %.17g)", s,
		     d);
}

Test(num_parse, integers)
{
	assert_parses("0", 0);
	assert_parses("42", 42);
	assert_parses("-7", -7);
	assert_parses("+3", 3);
	assert_parses("007", 7);
	assert_parses("123456789012345678", 123456789012345678.0);
	/* Past the fast path's 18 digits: strtod's rounding, exactly. */
	assert_parses("12345678901234567890", 12345678901234567890.0);
	assert_parses("-9007199254740993", strtod("-9007199254740993", NULL));
}

Test(num_parse, blanks_around_are_allowed)
{
	assert_parses(" 12", 12);
	assert_parses("12 ", 12);
	assert_parses("\t-1.5\t", -1.5);
}

Test(num_parse, decimals_and_exponents)
{
	assert_parses("3.25", 3.25);
	assert_parses("-0.5", -0.5);
	assert_parses(".5", 0.5);
	assert_parses("5.", 5);
	assert_parses("0.1", 0.1);
	assert_parses("1e3", 1000);
	assert_parses("1E3", 1000);
	assert_parses("-2.5e-2", -0.025);
	assert_parses("6.02e+23", 6.02e23);
	assert_parses("1.7976931348623157e308", DBL_MAX);
}

Test(num_parse, only_the_given_length_is_read)
{
	double d;

	cr_assert_eq(num_parse("12abc", 2, &d), 0);
	cr_assert_eq(d, 12);
	cr_assert_eq(num_parse("1.5e9", 3, &d), 0);
	cr_assert_eq(d, 1.5);
	cr_assert_eq(num_parse("7", 0, &d), -1, "zero bytes: empty");
}

Test(num_parse, refuses_what_is_not_a_finite_number)
{
	static const char *const bad[] = {
		"", " ", "\t", "1x", "x1", "1 2", "1,5", "1.2.3", "--1", "+-1",
		"-", "+", ".", "e5", "1e", "1e+", "0x10", "nan", "NaN", "inf",
		"-inf", "Infinity", "1e400", "-1e400", "1_000", "١",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_refuses(bad[i]);
}

/* id_parse: 1 an id, 0 no number (a key), -1 a number that is no id. */
Test(id_parse, ids_numbers_and_keys)
{
	static const struct {
		const char *s;
		int want;
		long long id;
	} cases[] = {
		{ "1", 1, 1 }, { " 42 ", 1, 42 }, { "007", 1, 7 },
		{ "9007199254740991", 1, 9007199254740991LL },
		{ "9007199254740992", -1, 0 }, { "9223372036854775807", -1, 0 },
		{ "99999999999999999999", -1, 0 },
		{ "123456789012345678901234567890", -1, 0 },
		{ "0", -1, 0 }, { "-3", -1, 0 }, { "1.5", -1, 0 }, { "1e3", -1, 0 },
		{ "+5", -1, 0 }, { "2.0", -1, 0 },
		{ "SHOP-5", 0, 0 }, { "5a", 0, 0 }, { "", 0, 0 }, { "x", 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		long long id = 0;
		int rc = id_parse(cases[i].s, strlen(cases[i].s), &id);

		cr_assert_eq(rc, cases[i].want, "'%s': %d", cases[i].s, rc);
		if (rc == 1)
			cr_assert_eq(id, cases[i].id, "'%s': %lld", cases[i].s, id);
	}
}

/* A file written again keeps its mode; nothing else is left in its folder. */
Test(util, file_write_atomic_keeps_the_mode)
{
	char dir[] = "/tmp/prio-mode-XXXXXX", path[64], err[PRIO_ERR_MAX];
	struct stat st;
	DIR *d;
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	cr_assert_eq(file_write_atomic(path, "old", 3, err), 0, "%s", err);
	cr_assert_eq(chmod(path, 0600), 0);
	cr_assert_eq(file_write_atomic(path, "new", 3, err), 0, "%s", err);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", st.st_mode & 07777);
	cr_assert_eq(st.st_size, 3);
	d = opendir(dir);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	cr_assert_eq(n, 1, "%d files", n);
	unlink(path);
	rmdir(dir);
}

Test(num_parse, negative_zero)
{
	double d;

	cr_assert_eq(parse("-0", &d), 0);
	cr_assert_eq(d, 0);
}

/* num_format into a string. */
static const char *fmt(double v)
{
	static char buf[4][64];
	static unsigned next;
	char *b = buf[next++ & 3];
	int n = num_format(v, b, 64);

	cr_assert_eq((size_t)n, strlen(b), "returns the length");
	return b;
}

Test(num_format, integers_without_decimals)
{
	cr_assert_str_eq(fmt(0), "0");
	cr_assert_str_eq(fmt(3), "3");
	cr_assert_str_eq(fmt(-12), "-12");
	cr_assert_str_eq(fmt(1000000), "1000000");
	cr_assert_str_eq(fmt(123456789012345.0), "123456789012345");
	cr_assert_str_eq(fmt(-0.0), "0", "no '-0'");
}

Test(num_format, short_decimals_stay_short)
{
	cr_assert_str_eq(fmt(0.1), "0.1");
	cr_assert_str_eq(fmt(2.5), "2.5");
	cr_assert_str_eq(fmt(-0.375), "-0.375");
	cr_assert_str_eq(fmt(0.1 + 0.2 - 0.3 + 0.3), "0.30000000000000004",
			 "what it really is, not a rounded lie");
}

Test(num_format, shortest_that_round_trips)
{
	/* 16 digits where 16 say it (17 would add a digit of noise) */
	cr_assert_str_eq(fmt(8.0 / 13), "0.6153846153846154");
	cr_assert_str_eq(fmt(1.0 / 3), "0.3333333333333333");
	cr_assert_str_eq(fmt(17.666666666666668), "17.666666666666668");
	cr_assert_str_eq(fmt(1.1 + 2.7), "3.8000000000000003");
}

Test(num_format, round_trips)
{
	static const double vals[] = {
		0.1, 0.2, 1.0 / 3, 2.0 / 3, 1e-7, 123.456, 1e15, 1e16, 1e300,
		-1e-300, 999999999999999.5, 4.35, 0.30000000000000004,
		DBL_MIN, DBL_MAX, 9007199254740993.0,
	};

	for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
		const char *s = fmt(vals[i]);
		double back;

		cr_assert_eq(num_parse(s, strlen(s), &back), 0,
			     "'%s' does not parse back", s);
		cr_assert_eq(back, vals[i], "%.17g came out as '%s'", vals[i], s);
	}
}

Test(num_format, small_buffer_is_not_overrun)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	num_format(1.0 / 3, buf, 4);
	cr_assert_eq(buf[3], '\0');
	cr_assert_eq(buf[4], 'X');
}

Test(util, name_valid)
{
	static const char *const good[] = { "a", "wsjf", "value_effort", "cd3",
					    "x_1" };
	static const char *const bad[] = { "", "1a", "_a", "A", "wSjf", "a-b",
					   "a.b", "a b", "é" };

	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		cr_assert(name_valid(good[i], strlen(good[i])), "%s", good[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		cr_assert_not(name_valid(bad[i], strlen(bad[i])), "%s", bad[i]);
	cr_assert(name_valid("ab.c", 2), "only len bytes");
}

Test(util, buf)
{
	struct buf b = {0};
	char *s;

	buf_adds(&b, "a");
	buf_addc(&b, 'b');
	buf_addf(&b, "%d-%s", 12, "x");
	buf_add(&b, "\0z", 2);
	cr_assert_eq(b.len, 8);
	cr_assert_str_eq(b.p, "ab12-x");
	cr_assert_eq(b.p[7], 'z');
	cr_assert_eq(b.p[8], '\0', "always terminated");
	buf_reset(&b);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(b.p, "");
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, 'q');
	cr_assert_eq(strlen(b.p), 10000);
	s = buf_detach(&b);
	cr_assert_null(b.p);
	cr_assert_eq(b.len, 0);
	free(s);
	s = buf_detach(&b);
	cr_assert_str_eq(s, "", "an empty buffer detaches as \"\"");
	free(s);
}

Test(util, errf_and_errprefix)
{
	char err[PRIO_ERR_MAX];
	char long_text[PRIO_ERR_MAX * 2];

	cr_assert_eq(errf(err, PRIO_EINVAL, "bad %s", "thing"), PRIO_EINVAL);
	cr_assert_str_eq(err, "bad thing");
	cr_assert_eq(errprefix(err, PRIO_EIO, "%s:%d", "f.csv", 3), PRIO_EIO);
	cr_assert_str_eq(err, "f.csv:3: bad thing");

	/* Long messages are cut to the buffer, never past it. */
	memset(long_text, 'y', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	errf(err, PRIO_EINVAL, "%s", long_text);
	cr_assert_eq(strlen(err), PRIO_ERR_MAX - 1);
	errprefix(err, PRIO_EINVAL, "prefix");
	cr_assert_eq(strlen(err), PRIO_ERR_MAX - 1);
	cr_assert_eq(strncmp(err, "prefix: yyy", 11), 0);
}

Test(util, file_read_and_atomic_write)
{
	char *dir = unit_tmpdir(), *path = unit_path(dir, "f.txt");
	char err[PRIO_ERR_MAX];
	static const char data[] = "one\0two";
	struct stat st;
	size_t len;
	char *back;

	cr_assert_eq(file_write_atomic(path, data, sizeof(data) - 1, err), 0,
		     "%s", err);
	back = file_read(path, &len, err);
	cr_assert_not_null(back, "%s", err);
	cr_assert_eq(len, sizeof(data) - 1);
	cr_assert_eq(memcmp(back, data, len), 0);
	cr_assert_eq(back[len], '\0');
	free(back);

	/* Replaced whole; no temporary file left; an ordinary mode. */
	cr_assert_eq(file_write_atomic(path, "new", 3, err), 0, "%s", err);
	back = unit_read(path, &len);
	cr_assert_str_eq(back, "new");
	free(back);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0666 & ~(mode_t)umask(022));

	cr_assert_null(file_read(dir, &len, err), "a directory");
	assert_contains(err, "directory");
	free(path);
	path = unit_path(dir, "missing");
	cr_assert_null(file_read(path, &len, err));
	assert_contains(err, path);
	cr_assert_neq(file_write_atomic("/nonexistent-dir/x", "a", 1, err), 0);
	assert_contains(err, "/nonexistent-dir/x");
	free(path);
	unit_rmtree(dir);
	free(dir);
}

Test(util, file_write_atomic_leaves_no_temporary)
{
	char *dir = unit_tmpdir(), *path = unit_path(dir, "f.txt");
	char err[PRIO_ERR_MAX];
	int n = 0;
	DIR *d;

	cr_assert_eq(file_write_atomic(path, "x", 1, err), 0, "%s", err);
	d = opendir(dir);
	while (readdir(d))
		n++;
	closedir(d);
	cr_assert_eq(n, 3, ". .. and f.txt");
	free(path);
	unit_rmtree(dir);
	free(dir);
}

Test(util, time_now_shape)
{
	struct config cfg = {0};
	struct schema s;
	char now[21], err[PRIO_ERR_MAX];
	double d;

	/* What prio stamps on items passes its own check of created. */
	time_now(now);
	cr_assert_eq(strlen(now), 20);
	cr_assert_eq(schema_load(&s, &cfg, err), 0, "%s", err);
	cr_assert_eq(field_validate(schema_find(&s, "created", 7), now, 20, &d,
				    err), 0, "%s: %s", now, err);
	schema_release(&s);
}

Test(num_format, decimals_without_printf_match_it)
{
	/* The short path (up to six decimals) against printf's answer. */
	static const double vals[] = {
		0.5, 4.35, -2.25, 0.0001, 123456.789, 999999999.5, 0.000123,
		1.0 / 3, 2.0 / 3, 7.0 / 13, 1e-5, 1e9 + 0.5, 0.1 + 0.2,
	};

	for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
		char want[64];
		double back;

		/* printf's shortest digits that read back: 15, 16, 17 */
		for (int d = 15; d <= 17; d++) {
			snprintf(want, sizeof(want), "%.*g", d, vals[i]);
			back = strtod(want, NULL);
			if (back == vals[i])
				break;
		}
		cr_assert_str_eq(fmt(vals[i]), want, "%.17g", vals[i]);
	}
	cr_assert_str_eq(fmt(-0.5), "-0.5");
	cr_assert_str_eq(fmt(10.25), "10.25");
}

/* What num_format must say for a number past its integer path. */
/* The fewest of 15, 16 and 17 digits that read back, by printf. */
static void printf_g(double v, char *want, size_t size)
{
	snprintf(want, size, "%.15g", v);
	if (strtod(want, NULL) != v)
		snprintf(want, size, "%.16g", v);
	if (strtod(want, NULL) != v)
		snprintf(want, size, "%.17g", v);
}

Test(num_format, long_decimals_without_printf_match_it)
{
	/* The long double path (15, 16 or 17 digits) against printf's, on the
	 * edges (powers of two and ten, halves at the 15th digit) and on
	 * random scores and random doubles. */
	static const double edges[] = {
		1.0 / 3, 20.0 / 13, 0.00010000000000000002, 0.00012345678901234,
		999999999999999.9, 99999999999999.99, 0.9999999999999999,
		9.999999999999998, 1.0000000000000002, 0.1 + 0.7, 1.5e-4 / 7,
		0x1p-13, 0x1.0000000000001p-13, 0x1.fffffffffffffp-1,
		123456789.12345678, 1.000000000000005, 2.000000000000005,
	};
	uint64_t x = 88172645463325252ull;

	for (size_t i = 0; i < ARRAY_SIZE(edges); i++) {
		char want[64];

		printf_g(edges[i], want, sizeof(want));
		cr_assert_str_eq(fmt(edges[i]), want, "%a", edges[i]);
		printf_g(-edges[i], want, sizeof(want));
		cr_assert_str_eq(fmt(-edges[i]), want, "%a", -edges[i]);
	}
	for (int i = 0; i < 300000; i++) {
		char want[64];
		double v;
		uint64_t u;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (i % 2) {	/* a WSJF score: small integers divided */
			v = (double)(x % 200 + 1) / (double)((x >> 32) % 60 + 1);
		} else {	/* any double from 1e-5 to 1e16 */
			u = (x >> 12) | ((uint64_t)(1006 + x % 70) << 52);
			memcpy(&v, &u, sizeof(v));
		}
		printf_g(v, want, sizeof(want));
		cr_assert_str_eq(fmt(v), want, "%a", v);
	}
}

Test(table, row_json_writes_numbers_as_the_store_does)
{
	/* 4.20 and 4.2 are one value: the log and "unchanged" agree. */
	static const char *const in[] = { "4.20", "007", "1e3", "-0.5", "12",
					  "5.0" };
	static const char *const out[] = { "4.2", "7", "1000", "-0.5", "12",
					   "5" };
	struct table t;
	struct buf b = {0};
	int col;

	table_init(&t);
	col = table_add_column(&t, "n", PRIO_TYPE_NUMBER, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(in); i++) {
		char want[64];

		table_add_row(&t, 0);
		table_set(&t, col, i, in[i], strlen(in[i]));
		buf_reset(&b);
		table_row_json(&t, i, &col, 1, &b);
		snprintf(want, sizeof(want), "{\"n\": %s}", out[i]);
		cr_assert_str_eq(b.p, want);
	}
	buf_release(&b);
	table_release(&t);
}

Test(table, permute_puts_rows_in_order_and_drops_the_rest)
{
	static const uint32_t order[] = { 2, 0 };
	struct table t;
	char buf[32];
	size_t len;
	int num, text;

	table_init(&t);
	num = table_add_column(&t, "score", PRIO_TYPE_NUMBER, NULL);
	text = table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	for (size_t r = 0; r < 3; r++) {
		char title[8];
		table_add_row(&t, (unsigned long)r + 10);
		table_set_num(&t, num, r, (double)r + 0.5);
		snprintf(title, sizeof(title), "t%zu", r);
		table_set(&t, text, r, title, strlen(title));
	}
	table_permute(&t, order, 2);
	cr_assert_eq(t.nrows, 2);
	for (size_t i = 0; i < 2; i++) {
		char want[8];
		const char *s = table_text(&t, num, i, buf, &len);

		snprintf(want, sizeof(want), "%u.5", order[i]);
		cr_assert(len == strlen(want) && !memcmp(s, want, len),
			  "row %zu: %.*s", i, (int)len, s);
		s = table_text(&t, text, i, buf, &len);
		snprintf(want, sizeof(want), "t%u", order[i]);
		cr_assert(len == strlen(want) && !memcmp(s, want, len));
		cr_assert_eq(table_line(&t, i), order[i] + 10);
	}
	table_release(&t);
}

/* UTF-8 ------------------------------------------------------------------ */

static size_t u8(const char *s)
{
	return utf8_valid_prefix(s, strlen(s));
}

/* s is invalid, and the bad sequence starts at byte `at`. */
#define assert_bad_utf8(s, at)						\
	cr_assert_eq(u8(s), (size_t)(at), "%s: prefix %zu, expected %d",	\
		     #s, u8(s), (int)(at))

Test(utf8, ascii_and_empty)
{
	cr_assert_eq(utf8_valid_prefix("", 0), 0);
	cr_assert_eq(utf8_valid_prefix(NULL, 0), 0);
	cr_assert_eq(u8("a"), 1);
	cr_assert_eq(u8("Guest checkout, as a guest"), 26);
	/* Only the given length is read: "\xff" lies past it. */
	cr_assert_eq(utf8_valid_prefix("abcdefghij\xff", 10), 10);
}

Test(utf8, valid_multibyte)
{
	/* The first and last code point of each length, and some between. */
	cr_assert_eq(u8("\xc2\x80"), 2);		/* U+0080 */
	cr_assert_eq(u8("caf\xc3\xa9"), 5);		/* é */
	cr_assert_eq(u8("\xdf\xbf"), 2);		/* U+07FF */
	cr_assert_eq(u8("\xe0\xa0\x80"), 3);		/* U+0800 */
	cr_assert_eq(u8("100 \xe2\x82\xac"), 7);	/* € */
	cr_assert_eq(u8("\xed\x9f\xbf"), 3);		/* U+D7FF, below the surrogates */
	cr_assert_eq(u8("\xee\x80\x80"), 3);		/* U+E000, above them */
	cr_assert_eq(u8("\xef\xbf\xbf"), 3);		/* U+FFFF */
	cr_assert_eq(u8("\xf0\x90\x80\x80"), 4);	/* U+10000 */
	cr_assert_eq(u8("\xf0\x9d\x84\x9e clef"), 9);	/* U+1D11E */
	cr_assert_eq(u8("\xf4\x8f\xbf\xbf"), 4);	/* U+10FFFF, the last */
	{
		const char *mixed = "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln, "
			"\xe6\x9d\xb1\xe4\xba\xac, \xf0\x9f\x9a\x80!";
		cr_assert_eq(u8(mixed), strlen(mixed));
	}
	/* NUL is a code point like any other. */
	cr_assert_eq(utf8_valid_prefix("a\0b", 3), 3);
}

Test(utf8, stray_and_impossible_bytes)
{
	assert_bad_utf8("\x80", 0);			/* a lone continuation */
	assert_bad_utf8("ab\xbf", 2);
	assert_bad_utf8("\xc3\xa9\xa9", 2);		/* one too many */
	assert_bad_utf8("\xfe", 0);
	assert_bad_utf8("\xff", 0);
	assert_bad_utf8("\xf5\x80\x80\x80", 0);	/* F5.. would be > U+10FFFF */
	assert_bad_utf8("\xf8\x88\x80\x80\x80", 0);	/* old 5-byte form */
	/* Latin-1, as a spreadsheet might save it. */
	assert_bad_utf8("caf\xe9", 3);
	assert_bad_utf8("caf\xe9 au lait", 3);
}

Test(utf8, overlong_forms)
{
	assert_bad_utf8("\xc0\x80", 0);		/* NUL in two bytes */
	assert_bad_utf8("\xc0\xaf", 0);		/* '/' in two bytes */
	assert_bad_utf8("\xc1\xbf", 0);
	assert_bad_utf8("\xe0\x80\x80", 0);		/* NUL in three */
	assert_bad_utf8("\xe0\x9f\xbf", 0);		/* U+07FF in three */
	assert_bad_utf8("\xf0\x80\x80\x80", 0);	/* NUL in four */
	assert_bad_utf8("\xf0\x8f\xbf\xbf", 0);	/* U+FFFF in four */
}

Test(utf8, surrogates_and_beyond_the_last_code_point)
{
	assert_bad_utf8("\xed\xa0\x80", 0);		/* U+D800 */
	assert_bad_utf8("x\xed\xbf\xbf", 1);		/* U+DFFF */
	/* A surrogate pair, CESU-8 style, is still two surrogates. */
	assert_bad_utf8("\xed\xa0\xbd\xed\xb8\x80", 0);
	assert_bad_utf8("\xf4\x90\x80\x80", 0);	/* U+110000 */
	assert_bad_utf8("\xf4\xbf\xbf\xbf", 0);
}

Test(utf8, cut_short_or_interrupted)
{
	assert_bad_utf8("\xc3", 0);
	assert_bad_utf8("ok \xe2\x82", 3);
	assert_bad_utf8("\xf0\x9d\x84", 0);
	assert_bad_utf8("\xc3(", 0);			/* ASCII where a continuation belongs */
	assert_bad_utf8("\xe2(\xa1", 0);
	assert_bad_utf8("\xe2\x82(", 0);
	assert_bad_utf8("\xf0\x9d(\x9e", 0);
	assert_bad_utf8("\xf0\x9d\x84(", 0);
	assert_bad_utf8("\xe2\x82\xc3\xa9", 0);	/* a new lead byte instead */
	/* A valid sequence cut by the length given, not by a NUL. */
	cr_assert_eq(utf8_valid_prefix("\xe2\x82\xac", 2), 0);
}

Test(utf8, offset_is_right_on_both_sides_of_the_fast_path)
{
	/* A bad byte at every position of ASCII runs of every length. */
	char s[40];

	for (size_t n = 1; n < sizeof(s); n++)
		for (size_t at = 0; at < n; at++) {
			memset(s, 'a', n);
			s[at] = '\xff';
			cr_assert_eq(utf8_valid_prefix(s, n), at, "len %zu, bad "
				     "byte at %zu", n, at);
			s[at] = 'a';
			cr_assert_eq(utf8_valid_prefix(s, n), n);
		}
	/* After multi-byte text, too: the ASCII path restarts after each. */
	assert_bad_utf8("\xc3\xa9" "abcdefghijklmnop" "\xe2\x82\xac" "abcdefgh"
			"\xed\xa0\x80", 29);
}

Test(table, borrowed_text_is_not_copied)
{
	struct table t, u;
	char *file = strdup("BL-1,Guest checkout\n");
	char buf[32];
	size_t len;
	const char *s;
	int key, title;

	table_init(&t);
	key = table_add_column(&t, "key", PRIO_TYPE_TEXT, NULL);
	title = table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	cr_assert_eq(table_borrow(&t, file, strlen(file)), 0);
	table_add_row(&t, 1);
	table_set(&t, key, 0, file, 4);		/* a piece of the file */
	cr_assert_eq(t.arena.len, 0, "a piece of the file is not copied");
	table_set(&t, title, 0, "Unescaped", 9);	/* from elsewhere */
	cr_assert_eq(t.arena.len, 9);
	s = table_text(&t, key, 0, buf, &len);
	cr_assert(len == 4 && !memcmp(s, "BL-1", 4) && s == file);
	s = table_text(&t, title, 0, buf, &len);
	cr_assert(len == 9 && !memcmp(s, "Unescaped", 9));
	table_release(&t);	/* frees file */

	/* A table with text of its own already cannot borrow. */
	table_init(&u);
	key = table_add_column(&u, "key", PRIO_TYPE_TEXT, NULL);
	table_add_row(&u, 0);
	table_set(&u, key, 0, "x", 1);
	file = strdup("y");
	cr_assert_eq(table_borrow(&u, file, 1), -1);
	free(file);
	table_release(&u);
}

/*
 * file_read_regular: configuration is a small regular file. A device or
 * a FIFO is refused without being read (a FIFO with no writer would
 * block the open), and so is a file over the limit.
 */
Test(util, file_read_regular_refuses_what_is_not_a_small_file)
{
	char err[PRIO_ERR_MAX], *dir = unit_tmpdir(), *fifo, *text;
	char *path = unit_write_str(dir, "a.ini", "[rank]\nmethod = x\n");
	size_t len;

	text = file_read_regular(path, 18, &len, err);
	cr_assert_not_null(text, "%s", err);
	cr_assert_eq(len, 18);
	cr_assert_str_eq(text, "[rank]\nmethod = x\n");
	free(text);
	cr_assert_null(file_read_regular(path, 17, &len, err));
	assert_contains(err, "too large (18 bytes; at most 17)");
	cr_assert_null(file_read_regular("/dev/zero", 1 << 20, &len, err));
	assert_contains(err, "/dev/zero: not a regular file");
	cr_assert_null(file_read_regular(dir, 1 << 20, &len, err));
	assert_contains(err, "not a regular file");
	fifo = unit_path(dir, "fifo");
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_null(file_read_regular(fifo, 1 << 20, &len, err));
	assert_contains(err, "not a regular file");
	cr_assert_null(file_read_regular("/nonexistent/x.ini", 9, &len, err));
	assert_contains(err, "No such file");
	free(fifo);
	free(path);
	unit_rmtree(dir);
	free(dir);
}
