/*
 * test_static.c - plugins linked into a program, not loaded: wsjf and
 * moscow are compiled into this test with -DPRIO_PLUGIN_STATIC=NAME
 * (see the Makefile), so their descriptors are two plain symbols that
 * live side by side, and rank like the loaded ones.
 */
#include "unit.h"

#include "host.h"

extern const struct prio_plugin static_wsjf, static_moscow;

UNIT_METHOD_FIXTURE(setup, teardown)

TestSuite(static_plugins, .init = setup, .fini = teardown);

Test(static_plugins, two_side_by_side)
{
	cr_assert_str_eq(static_wsjf.name, "wsjf");
	cr_assert_str_eq(static_moscow.name, "moscow");
	cr_assert_eq(static_wsjf.kind, PRIO_KIND_METHOD);
	cr_assert_eq(static_wsjf.abi_major, PRIO_ABI_MAJOR);
	cr_assert_neq(static_wsjf.ops, static_moscow.ops);
}

Test(static_plugins, ranks_like_a_loaded_one)
{
	static const char *const rows[][5] = {
		{ "Small", "8", "2", "2", "2" },	/* 12 / 2 = 6 */
		{ "Large", "13", "8", "3", "8" },	/* 24 / 8 = 3 */
		{ "No size", "5", "5", "5", NULL },
	};
	static const char *const cols[] = { "title", "business_value",
		"time_criticality", "risk_reduction", "job_size" };
	static struct plugin pl = { .desc = &static_wsjf };
	const struct prio_method_ops *ops = static_wsjf.ops;

	for (int c = 0; c < 5; c++)
		table_add_column(&t, cols[c], c ? PRIO_TYPE_NUMBER : PRIO_TYPE_TEXT,
				 NULL);
	for (size_t i = 0; i < 3; i++) {
		size_t row = table_add_row(&t, (unsigned long)i + 2);

		for (int c = 0; c < 5; c++)
			if (rows[i][c])
				table_set(&t, c, row, rows[i][c],
					  strlen(rows[i][c]));
	}
	view_all(&v, &t);
	cr_assert_eq(static_wsjf.init(&host_services, err), 0, "%s", err);
	unit_config(&cfg, "[method.wsjf]\nplugin = wsjf\n", "s.ini");
	m.plugin = &pl;
	m.section = xstrdup("method.wsjf");
	m.sec.cfg = &cfg;
	m.sec.name = m.section;
	cr_assert_eq(ops->configure(&m.sec, &v, &m.state, err), 0, "%s", err);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "%s", err);
	cr_assert_eq(r.nscored, 2);
	cr_assert_str_eq(unit_cell(&t, 0, r.order[0]), "Small");
	cr_assert_float_eq(r.res.score[r.order[0]], 6.0, 1e-12);
	cr_assert_str_eq(unit_cell(&t, 0, r.order[1]), "Large");
	assert_contains(unit_reason(&r, r.order[2]), "job_size is missing");
}
