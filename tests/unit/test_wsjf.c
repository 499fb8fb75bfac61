/*
 * test_wsjf.c - the WSJF method plugin (plugins/method/wsjf.c), loaded
 * from build/lib/prio/plugins like prio does and run through the core:
 * configure with a real [method.wsjf] section, rank_run to score and
 * order. The expected scores are worked out by hand in the comments.
 *
 *	WSJF = (business_value + time_criticality + risk_reduction) / job_size
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

UNIT_METHOD_FIXTURE(setup, teardown)

static const char *const inputs[4] = {
	"business_value", "time_criticality", "risk_reduction", "job_size"
};

TestSuite(wsjf, .init = setup, .fini = teardown);

/*
 * A table with a title column and the four inputs, one row per entry of
 * rows: title, then the inputs as text (NULL: missing).
 */
static void table_of(const char *const (*rows)[5], size_t n)
{
	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	for (int c = 0; c < 4; c++)
		table_add_column(&t, inputs[c], PRIO_TYPE_NUMBER, NULL);
	for (size_t i = 0; i < n; i++) {
		size_t row = table_add_row(&t, (unsigned long)i + 2);
		for (int c = 0; c < 5; c++)
			if (rows[i][c])
				table_set(&t, c, row, rows[i][c],
					  strlen(rows[i][c]));
	}
	view_all(&v, &t);
}

/* Loads wsjf.so and configures [method.wsjf] from `ini` over the view. */
static int configure(const char *ini)
{
	const struct prio_method_ops *ops;

	unit_config(&cfg, ini, "w.ini");
	m.plugin = unit_plugin(&ps, UNIT_PLUGINS, PRIO_KIND_METHOD, "wsjf");
	m.section = xstrdup("method.wsjf");
	m.sec.cfg = &cfg;
	m.sec.name = m.section;
	ops = m.plugin->desc->ops;
	cr_assert_geq(ops->struct_size, offsetof(struct prio_method_ops, release));
	err[0] = '\0';
	return ops->configure(&m.sec, &v, &m.state, err);
}

static void rank(void)
{
	cr_assert_eq(configure("[method.wsjf]\nplugin = wsjf\n"), 0, "%s", err);
	cr_assert_eq(config_unused(&cfg, "method.wsjf", "plugin", err), 0, "%s",
		     err);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "%s", err);
}

Test(wsjf, descriptor)
{
	const struct plugin *p;

	p = unit_plugin(&ps, UNIT_PLUGINS, PRIO_KIND_METHOD, "wsjf");
	cr_assert_eq(p->desc->abi_major, PRIO_ABI_MAJOR);
	cr_assert_leq(p->desc->abi_minor, PRIO_ABI_MINOR);
	cr_assert_not_null(p->desc->summary);
}

Test(wsjf, worked_examples)
{
	static const char *const rows[][5] = {
		{ "a", "8", "5", "3", "4" },	 /* (8+5+3)/4  = 4.0 */
		{ "b", "1", "1", "1", "1" },	 /* (1+1+1)/1  = 3.0 */
		{ "c", "20", "8", "2", "5" },	 /* (20+8+2)/5 = 6.0 */
		{ "d", "3", "0", "0", "8" },	 /* 3/8        = 0.375 */
		{ "e", "2.5", "1.5", "1", "0.5" }, /* 5/0.5    = 10.0 */
	};

	table_of(rows, ARRAY_SIZE(rows));
	rank();
	cr_assert_float_eq(r.res.score[0], 4.0, 1e-12);
	cr_assert_float_eq(r.res.score[1], 3.0, 1e-12);
	cr_assert_float_eq(r.res.score[2], 6.0, 1e-12);
	cr_assert_float_eq(r.res.score[3], 0.375, 1e-12);
	cr_assert_float_eq(r.res.score[4], 10.0, 1e-12);
	cr_assert_eq(r.nscored, 5);
	/* Best first: e (10), c (6), a (4), b (3), d (0.375). */
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 4, 2, 0, 1, 3 }),
			 5 * sizeof(uint32_t));
	for (size_t i = 0; i < 5; i++) {
		cr_assert_null(unit_reason(&r, i));
		cr_assert_eq(r.res.klass[i], -1, "WSJF gives no classes");
	}
}

Test(wsjf, ties_keep_the_order_of_the_rows)
{
	static const char *const rows[][5] = {
		{ "a", "1", "1", "1", "3" },	/* 3/3 = 1 */
		{ "b", "8", "5", "3", "4" },	/* 16/4 = 4 */
		{ "c", "2", "0", "0", "2" },	/* 2/2 = 1 */
		{ "d", "10", "2", "0", "3" },	/* 12/3 = 4 */
		{ "e", "4", "4", "0", "8" },	/* 8/8 = 1 */
	};

	table_of(rows, ARRAY_SIZE(rows));
	rank();
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 1, 3, 0, 2, 4 }),
			 5 * sizeof(uint32_t));
}

Test(wsjf, unscored_items_with_reasons)
{
	static const char *const rows[][5] = {
		{ "ok", "8", "5", "3", "4" },		/* 4 */
		{ "no size", "8", "5", "3", NULL },
		{ "zero size", "8", "5", "3", "0" },
		{ "negative size", "8", "5", "3", "-2" },
		{ "text", "abc", "5", "3", "4" },
		{ "no value", NULL, "5", "3", "4" },
		{ "ok too", "1", "0", "0", "1" },	/* 1 */
	};

	table_of(rows, ARRAY_SIZE(rows));
	rank();
	cr_assert_eq(r.nscored, 2);
	/* Scored first, then the unscored in the order of the rows. */
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 0, 6, 1, 2, 3, 4, 5 }),
			 7 * sizeof(uint32_t));
	for (size_t i = 1; i <= 5; i++)
		cr_assert(isnan(r.res.score[i]), "row %zu is unscored, not 0", i);

	assert_contains(unit_reason(&r, 1), "job_size is missing");
	assert_contains(unit_reason(&r, 2), "job_size must be above 0");
	assert_contains(unit_reason(&r, 3), "job_size must be above 0");
	assert_contains(unit_reason(&r, 3), "-2");
	assert_contains(unit_reason(&r, 4), "business_value");
	assert_contains(unit_reason(&r, 4), "not a number");
	assert_contains(unit_reason(&r, 4), "'abc'");
	assert_contains(unit_reason(&r, 5), "business_value is missing");
	cr_assert_null(unit_reason(&r, 0));
	cr_assert_null(unit_reason(&r, 6));
}

Test(wsjf, zero_cost_of_delay_is_a_score)
{
	static const char *const rows[][5] = {
		{ "a", "0", "0", "0", "5" },	/* 0/5 = 0: scored, last */
		{ "b", "1", "0", "0", "5" },	/* 0.2 */
	};

	table_of(rows, ARRAY_SIZE(rows));
	rank();
	cr_assert_eq(r.nscored, 2);
	cr_assert_eq(r.res.score[0], 0);
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 1, 0 }), 2 * sizeof(uint32_t));
}

Test(wsjf, empty_set)
{
	table_of(NULL, 0);
	rank();
	cr_assert_eq(r.nscored, 0);
	cr_assert_eq(r.res.count, 0);
}

Test(wsjf, ranking_columns_for_output)
{
	static const char *const rows[][5] = {
		{ "a", "8", "5", "3", "4" },	/* 4: rank 2 */
		{ "b", NULL, "5", "3", "4" },	/* unscored: no rank */
		{ "c", "20", "8", "2", "5" },	/* 6: rank 1 */
	};
	int rk;

	table_of(rows, ARRAY_SIZE(rows));
	rank();
	rk = ranking_columns(&r, &t);
	cr_assert_str_eq(t.cols[rk].name, "rank");
	cr_assert_str_eq(unit_cell(&t, rk, 0), "2");
	cr_assert_null(unit_cell(&t, rk, 1));
	cr_assert_str_eq(unit_cell(&t, rk, 2), "1");
	cr_assert_str_eq(unit_cell(&t, rk + 1, 0), "4", "score");
	cr_assert_str_eq(unit_cell(&t, rk + 1, 2), "6", "score");
	assert_contains(unit_cell(&t, rk + 3, 1), "business_value is missing");
	cr_assert_null(unit_cell(&t, rk + 3, 0));
}

Test(wsjf, missing_input_column_fails_configure)
{
	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "business_value", PRIO_TYPE_NUMBER, NULL);
	table_add_row(&t, 0);
	view_all(&v, &t);
	cr_assert_lt(configure("[method.wsjf]\nplugin = wsjf\n"), 0);
	assert_contains(err, "time_criticality");
	cr_assert_null(m.state);
}

Test(wsjf, text_input_column_fails_configure)
{
	table_add_column(&t, "business_value", PRIO_TYPE_TEXT, NULL);
	for (int c = 1; c < 4; c++)
		table_add_column(&t, inputs[c], PRIO_TYPE_NUMBER, NULL);
	view_all(&v, &t);
	cr_assert_lt(configure("[method.wsjf]\nplugin = wsjf\n"), 0);
	assert_contains(err, "business_value");
	assert_contains(err, "not a number");
}

Test(wsjf, unknown_key_is_rejected_by_the_host)
{
	static const char *const rows[][5] = { { "a", "1", "1", "1", "1" } };

	/* A key WSJF never asks for is reported by the host, with its place. */
	table_of(rows, 1);
	cr_assert_eq(configure("[method.wsjf]\nplugin = wsjf\n\ncolour = red\n"),
		     0, "%s", err);
	cr_assert_eq(config_unused(&cfg, "method.wsjf", "plugin", err),
		     PRIO_EINVAL);
	assert_contains(err, "w.ini:4:");
	assert_contains(err, "'colour'");
}

Test(wsjf, untyped_input_columns_as_from_rank_in)
{
	/* prio rank --in FILE: columns untyped (0), numbers parsed on demand. */
	static const char *const vals[] = { "8", "5", "3", "4" };

	for (int c = 0; c < 4; c++)
		table_add_column(&t, inputs[c], 0, NULL);
	table_add_row(&t, 2);
	for (int c = 0; c < 4; c++)
		table_set(&t, c, 0, vals[c], 1);
	view_all(&v, &t);
	rank();
	cr_assert_float_eq(r.res.score[0], 4.0, 1e-12);
}

Test(wsjf, ordered_view_reads_rows_through_the_order)
{
	/*
	 * A view whose rows come in another order (view_some): the method
	 * sees item i as row order[i], and the ranking names table rows.
	 */
	static const char *const rows[][5] = {
		{ "a", "8", "5", "3", "4" },	/* 4 */
		{ "b", "1", "1", "1", "1" },	/* 3 */
		{ "c", "20", "8", "2", "5" },	/* 6 */
	};
	static const uint32_t order[] = { 2, 0 };	/* c and a only */
	int cols[5] = { 0, 1, 2, 3, 4 };

	table_of(rows, ARRAY_SIZE(rows));
	view_release(&v);
	view_some(&v, &t, cols, 5, order, 2);
	rank();
	cr_assert_eq(r.res.count, 2);
	cr_assert_float_eq(r.res.score[0], 6.0, 1e-12, "item 0 is row c");
	cr_assert_float_eq(r.res.score[1], 4.0, 1e-12, "item 1 is row a");
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 2, 0 }), 2 * sizeof(uint32_t));
}
