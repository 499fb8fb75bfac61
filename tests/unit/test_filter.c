/*
 * test_filter.c - the filter grammar: what parses, what each term
 * matches, and the message a bad term gets.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "filter.h"

static struct config cfg;
static struct schema schema;
static struct table t;

/* Four items: id, title, type, status, estimate, labels, created, story. */
static void setup(void)
{
	static const char *const rows[][8] = {
		{ "1", "Guest checkout", "story", "ready", "5", "checkout, web",
		  "2026-11-01T09:00:00Z", "As a guest, I want to pay" },
		{ "2", "Crash on pay", "bug", "new", "2", "urgent",
		  "2026-11-02T10:00:00Z", NULL },
		{ "3", "Refactor cart", "debt", "new", NULL, NULL,
		  "2026-11-03T11:00:00Z", NULL },
		{ "4", "Slow search", "bug", "done", "8", "Web, search",
		  "2026-11-04T12:00:00Z", "Find it FAST" },
	};
	static const char *const cols[] = { "id", "title", "type", "status",
					    "estimate", "labels", "created",
					    "story" };
	char err[PRIO_ERR_MAX];

	unit_config(&cfg, defaults_ini, "<built-in>");
	cr_assert_eq(schema_load(&schema, &cfg, err), 0, "%s", err);
	table_for_schema(&t, &schema);
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
		size_t row = table_add_row(&t, 0);

		for (size_t c = 0; c < ARRAY_SIZE(cols); c++)
			if (rows[r][c])
				table_set(&t, table_find(&t, cols[c],
							 strlen(cols[c])),
					  row, rows[r][c], strlen(rows[r][c]));
	}
}

static void teardown(void)
{
	table_release(&t);
	schema_release(&schema);
	config_release(&cfg);
}

TestSuite(filter, .init = setup, .fini = teardown);

/* The ids a filter of these terms passes, as "1,3". */
static const char *matching(const char *terms)
{
	static char out[64];
	char *copy = xstrdup(terms), *v[8], err[PRIO_ERR_MAX];
	size_t n = 0, len = 0;
	struct filter f;

	for (char *s = strtok(copy, " "); s && n < 8; s = strtok(NULL, " "))
		v[n++] = s;
	cr_assert_eq(filter_parse(&f, &schema, v, n, err), 0, "%s: %s", terms,
		     err);
	out[0] = 0;
	for (size_t r = 0; r < t.nrows; r++)
		if (filter_match(&f, &t, r))
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						"%s%s", len ? "," : "",
						unit_cell(&t, 0, r));
	filter_release(&f);
	free(copy);
	return out;
}

static const char *refused(const char *term)
{
	static char err[PRIO_ERR_MAX];
	char *v[1] = { (char *)term };
	struct filter f;

	cr_assert_eq(filter_parse(&f, &schema, v, 1, err), PRIO_EINVAL,
		     "'%s' was accepted", term);
	return err;
}

Test(filter, equality_and_lists)
{
	cr_assert_str_eq(matching("type:bug"), "2,4");
	cr_assert_str_eq(matching("type:BUG"), "2,4");	/* case */
	cr_assert_str_eq(matching("type:bug,debt"), "2,3,4");
	cr_assert_str_eq(matching("type:bug status:new"), "2");
	cr_assert_str_eq(matching("estimate:5"), "1");
	cr_assert_str_eq(matching("estimate:5,8"), "1,4");
	cr_assert_str_eq(matching(""), "1,2,3,4");	/* no terms: all */
}

Test(filter, comparisons)
{
	cr_assert_str_eq(matching("estimate:>2"), "1,4");
	cr_assert_str_eq(matching("estimate:>=2"), "1,2,4");
	cr_assert_str_eq(matching("estimate:<5"), "2");	/* empty: never */
	cr_assert_str_eq(matching("estimate:<=5"), "1,2");
	cr_assert_str_eq(matching("created:>2026-11-02"), "3,4");
	cr_assert_str_eq(matching("created:>=2026-11-02"), "2,3,4");
	cr_assert_str_eq(matching("created:<2026-11-02"), "1");
	cr_assert_str_eq(matching("created:<=2026-11-02T09:59"), "1");
	cr_assert_str_eq(matching("created:<=2026-11-02T10:00"), "1,2");
}

Test(filter, relative_dates)
{
	setenv("PRIO_TODAY", "2026-11-04", 1);
	cr_assert_str_eq(matching("created:>=yesterday"), "3,4");
	cr_assert_str_eq(matching("created:>=-1d"), "3,4");
	cr_assert_str_eq(matching("created:<today"), "1,2,3");
	cr_assert_str_eq(matching("created:>=-1w"), "1,2,3,4");
}

Test(filter, empty_labels_text_refs)
{
	cr_assert_str_eq(matching("estimate:"), "3");
	cr_assert_str_eq(matching("labels:"), "3");
	cr_assert_str_eq(matching("+web"), "1,4");	/* "Web" too */
	cr_assert_str_eq(matching("-web"), "2,3");
	cr_assert_str_eq(matching("+urgent +web"), "");
	cr_assert_str_eq(matching("/pay/"), "1,2");	/* title or story */
	cr_assert_str_eq(matching("/fast/"), "4");
	cr_assert_str_eq(matching("/GUEST/"), "1");
}

Test(filter, is_term)
{
	cr_assert(filter_is_term("-urgent"));
	cr_assert(!filter_is_term("-o"));
	cr_assert(!filter_is_term("--limit"));
	cr_assert(!filter_is_term("-5"));
	cr_assert(!filter_is_term("estimate=-3"));
}

Test(filter, bad_terms_say_why)
{
	assert_contains(refused("tpye:bug"), "unknown field 'tpye'; did you "
			"mean 'type'?");
	assert_contains(refused("estimate:>lots"), "'lots' is not a number");
	assert_contains(refused("estimate:x"), "'x' is not a number");
	assert_contains(refused("status:don"), "'don' is not a status; did "
			"you mean 'done'?");
	assert_contains(refused("title:>b"), "only numbers and dates compare");
	assert_contains(refused("created:>someday"), "is not a date");
	assert_contains(refused("created:>2026-02-30"), "is not a date");
	assert_contains(refused("type:bug,,story"), "an empty value");
	assert_contains(refused("/open"), "with a closing slash");
	assert_contains(refused("//"), "no text between");
	assert_contains(refused("+"), "expected +LABEL or -LABEL");
	assert_contains(refused("sprint:"), "needs a sprint's name");
	assert_contains(refused("under:"), "needs an item's id or key");
	assert_contains(refused("two words"), "expected FIELD:VALUE");
	assert_contains(refused(":x"), "expected FIELD:VALUE");
}
