/*
 * test_methods.c - the method plugins in plugins/method/: wsjf's scales
 * and normalisation, moscow, value_effort, rice, ice, weighted and cd3.
 * Each is loaded from build/lib/prio/plugins as prio loads it, configured
 * from a real [method.t] section and run through rank_run, which scores
 * and orders. Expected scores are worked out by hand in the comments.
 * Explanations (the explain op) are written to a file and searched for
 * the formula with the numbers put in.
 *
 * Tables are written as text: a header of column names, then one line
 * per item, cells separated by commas, an empty cell missing. Columns are
 * untyped, as from `prio rank --in`, unless the name ends in ":text".
 * Config snippets go after "[method.t]\nplugin = NAME\n", so their first
 * line is line 3 of "m.ini".
 */
#include "unit.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

UNIT_METHOD_FIXTURE(mt_setup, mt_teardown)

TestSuite(method_wsjf, .init = mt_setup, .fini = mt_teardown);
TestSuite(method_moscow, .init = mt_setup, .fini = mt_teardown);
TestSuite(method_value_effort, .init = mt_setup, .fini = mt_teardown);
TestSuite(method_rice, .init = mt_setup, .fini = mt_teardown);
TestSuite(method_ice, .init = mt_setup, .fini = mt_teardown);
TestSuite(method_weighted, .init = mt_setup, .fini = mt_teardown);
TestSuite(method_cd3, .init = mt_setup, .fini = mt_teardown);
TestSuite(methods, .init = mt_setup, .fini = mt_teardown);

static const char *const mt_all[] = {
	"wsjf", "moscow", "value_effort", "rice", "ice", "weighted", "cd3"
};

/* Splits s at sep into a cell [*p, end); returns where the next starts. */
static const char *mt_cut(const char *s, int sep, const char **end)
{
	const char *e = s;

	while (*e && *e != sep && *e != '\n')
		e++;
	*end = e;
	return *e == sep ? e + 1 : e;
}

/* Fills t from text (see the header) and makes v a view of all of it. */
static void mt_table(const char *text)
{
	const char *s = text, *end;
	int ncols = 0;

	while (*s && *s != '\n') {
		const char *name = s;
		char *col, *colon;

		s = mt_cut(s, ',', &end);
		col = xstrndup(name, (size_t)(end - name));
		colon = strchr(col, ':');
		if (colon)
			*colon = '\0';
		table_add_column(&t, col, colon ? PRIO_TYPE_TEXT : 0, NULL);
		free(col);
		ncols++;
	}
	while (*s == '\n') {
		size_t row;

		s++;
		if (!*s)
			break;
		row = table_add_row(&t, t.nrows + 2);
		for (int c = 0; c < ncols; c++) {
			const char *cell = s;

			s = mt_cut(s, ',', &end);
			if (end > cell)
				table_set(&t, c, row, cell, (size_t)(end - cell));
		}
		cr_assert(*s == '\n' || !*s, "row %zu has too many cells", row);
	}
	view_all(&v, &t);
}

/* The plugin `name`, loading the plugin directory on first use. */
static const struct plugin *mt_plugin(const char *name)
{
	const struct plugin *p;

	if (!ps.n)
		return unit_plugin(&ps, UNIT_PLUGINS, PRIO_KIND_METHOD, name);
	p = plugins_find(&ps, PRIO_KIND_METHOD, name);
	cr_assert_not_null(p, "plugin %s not loaded", name);
	return p;
}

/*
 * Configures [method.t] = plugin with the extra lines `keys` over v;
 * returns what configure returned (message in err).
 */
static int mt_configure(const char *plugin, const char *keys)
{
	const struct prio_method_ops *ops;
	char *ini = xstrfmt("[method.t]\nplugin = %s\n%s", plugin, keys);

	/* A fresh configuration and instance: earlier rounds leave nothing. */
	instance_close(&m);
	memset(&m, 0, sizeof(m));
	config_release(&cfg);
	memset(&cfg, 0, sizeof(cfg));
	unit_config(&cfg, ini, "m.ini");
	free(ini);
	m.plugin = mt_plugin(plugin);
	m.section = xstrdup("method.t");
	m.sec.cfg = &cfg;
	m.sec.name = m.section;
	ops = m.plugin->desc->ops;
	cr_assert_geq(ops->struct_size, offsetof(struct prio_method_ops, release));
	err[0] = '\0';
	return ops->configure(&m.sec, &v, &m.state, err);
}

/* Configures, checks that every key was known, and ranks. */
static void mt_rank(const char *plugin, const char *keys)
{
	cr_assert_eq(mt_configure(plugin, keys), 0, "configure: %s", err);
	cr_assert_eq(config_unused(&cfg, "method.t", "plugin", err), 0, "%s",
		     err);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "rank_run: %s", err);
}

/* Asserts that configure fails with a message containing `want`. */
static void mt_refused(const char *plugin, const char *keys, const char *want)
{
	cr_assert_eq(mt_configure(plugin, keys), PRIO_EINVAL,
		     "configure of %s with '%s' should fail", plugin, keys);
	assert_contains(err, want);
	cr_assert_null(m.state);
}

static void mt_order(const uint32_t *want, size_t n)
{
	cr_assert_eq(r.res.count, n);
	for (size_t k = 0; k < n; k++)
		cr_assert_eq(r.order[k], want[k], "order[%zu] is %u, expected %u",
			     k, r.order[k], want[k]);
}

#define MT_ORDER(...)							\
	mt_order((const uint32_t[]){ __VA_ARGS__ },			\
		 sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static void mt_score(size_t item, double want)
{
	cr_assert_null(unit_reason(&r, item), "item %zu unscored: %s", item,
		       unit_reason(&r, item));
	cr_assert_float_eq(r.res.score[item], want, 1e-9,
			   "item %zu: score %.17g, expected %.17g", item,
			   r.res.score[item], want);
}

static void mt_unscored(size_t item, const char *why)
{
	cr_assert(isnan(r.res.score[item]), "item %zu is scored %g, not unscored",
		  item, r.res.score[item]);
	assert_contains(unit_reason(&r, item), why);
}

static const char *mt_class(size_t item)
{
	int k = r.res.klass[item];

	return k < 0 ? NULL : r.classes[k];
}

/* stderr into a file while a ranking logs, then back; the text, allocated. */
static int mt_saved_fd = -1;
static char *mt_dir, *mt_log;

static void mt_capture(void)
{
	int fd;

	mt_dir = unit_tmpdir();
	mt_log = unit_path(mt_dir, "stderr");
	fd = open(mt_log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	fflush(stderr);
	mt_saved_fd = dup(2);
	dup2(fd, 2);
	close(fd);
}

static char *mt_captured(void)
{
	char *text;

	fflush(stderr);
	dup2(mt_saved_fd, 2);
	close(mt_saved_fd);
	text = unit_read(mt_log, NULL);
	unit_rmtree(mt_dir);
	free(mt_dir);
	free(mt_log);
	return text;
}

/*
 * The method's explanation of a scored item, as `prio explain` gets it:
 * ops->explain writing into a temporary file. The text, allocated.
 */
static char *mt_explain(size_t item)
{
	const struct prio_method_ops *ops = m.plugin->desc->ops;
	char *dir = unit_tmpdir(), *path = unit_path(dir, "explain"), *text;
	struct prio_out out = { .name = path };

	cr_assert_gt(ops->struct_size,
		     offsetof(struct prio_method_ops, explain));
	cr_assert_not_null(ops->explain, "%s has no explain",
			   m.plugin->desc->name);
	cr_assert(!isnan(r.res.score[item]), "item %zu is not scored", item);
	out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	cr_assert_geq(out.fd, 0);
	err[0] = '\0';
	cr_assert_eq(ops->explain(m.state, &v, &r.res, item, &out, err), 0,
		     "explain: %s", err);
	cr_assert_eq(out_flush(&out), 0);
	buf_release(&out.b);
	close(out.fd);
	text = unit_read(path, NULL);
	unit_rmtree(dir);
	free(dir);
	free(path);
	return text;
}

/* --- wsjf --------------------------------------------------------------- */

#define WSJF_HEAD "title,business_value,time_criticality,risk_reduction,job_size\n"

Test(method_wsjf, fibonacci_scale_rejects_off_scale_values)
{
	mt_table(WSJF_HEAD
		 "a,8,5,3,5\n"		/* (8+5+3)/5 = 3.2 */
		 "b,4,5,3,5\n"		/* 4 is not on the scale */
		 "c,20,13,1,2\n"	/* (20+13+1)/2 = 17 */
		 "d,1,0,1,1\n"		/* 0 is not on it either */
		 "e,2,2,2,21\n"
		 "f,3,3,3,2.5\n");
	mt_rank("wsjf", "scale = fibonacci\n");
	mt_score(0, 3.2);
	mt_score(2, 17);
	mt_unscored(1, "business_value 4 is not on the scale 1, 2, 3, 5, 8, 13, 20");
	mt_unscored(3, "time_criticality 0 is not on the scale");
	mt_unscored(4, "job_size 21 is not on the scale");
	mt_unscored(5, "job_size 2.5 is not on the scale");
	cr_assert_eq(r.nscored, 2);
	MT_ORDER(2, 0, 1, 3, 4, 5);
}

Test(method_wsjf, free_scale_takes_any_number)
{
	mt_table(WSJF_HEAD
		 "a,4,2.5,0,1.5\n"	/* (4+2.5+0)/1.5 = 4.333... */
		 "b,-1,2,2,2\n"
		 "c,7,7,7,0\n"
		 "d,21,0,0,7\n");	/* 21/7 = 3 */
	mt_rank("wsjf", "scale = free\n");
	mt_score(0, 6.5 / 1.5);
	mt_score(3, 3);
	mt_unscored(1, "business_value must be 0 or more (is -1)");
	mt_unscored(2, "job_size must be above 0 (is 0)");
	MT_ORDER(0, 3, 1, 2);
}

Test(method_wsjf, scale_values_extend_the_scale)
{
	mt_table(WSJF_HEAD
		 "a,40,100,1,20\n"	/* (40+100+1)/20 = 7.05 */
		 "b,21,1,1,1\n");
	mt_rank("wsjf", "scale = fibonacci\n"
		"scale_values = 1, 2, 3, 5, 8, 13, 20, 40, 100\n");
	mt_score(0, 7.05);
	mt_unscored(1, "business_value 21 is not on the scale 1, 2, 3, 5, 8, "
		    "13, 20, 40, 100");
}

Test(method_wsjf, min_to_one_rescales_each_column)
{
	/*
	 * Smallest over the scored items a, b, c: business_value 10,
	 * time_criticality 1, risk_reduction 1, job_size 1 (d, unscored, has
	 * the 0 and does not count).
	 *	a: (20/10 + 1/1 + 1/1) / (1/1) = 4	(raw: 22/1 = 22)
	 *	b: (10/10 + 3/1 + 3/1) / (1/1) = 7	(raw: 16/1 = 16)
	 *	c: (30/10 + 2/1 + 2/1) / (2/1) = 3.5	(raw: 34/2 = 17)
	 * The large business values no longer outweigh the rest: b goes
	 * from last to first.
	 */
	mt_table(WSJF_HEAD
		 "a,20,1,1,1\n"
		 "b,10,3,3,1\n"
		 "c,30,2,2,2\n"
		 "d,10,0,1,1\n");
	mt_rank("wsjf", "normalize = min_to_one\n");
	mt_score(0, 4);
	mt_score(1, 7);
	mt_score(2, 3.5);
	mt_unscored(3, "time_criticality must be above 0 with normalize = "
		    "min_to_one (is 0)");
	MT_ORDER(1, 0, 2, 3);

	ranking_release(&r);
	mt_rank("wsjf", "normalize = none\n");
	MT_ORDER(0, 2, 1, 3);
	mt_score(0, 22);
}

Test(method_wsjf, field_names_are_settings)
{
	mt_table("title,value,time_criticality,risk_reduction,story_points\n"
		 "a,8,5,3,4\n"		/* 16/4 = 4 */
		 "b,8,5,3,\n");
	mt_rank("wsjf", "field.business_value = value\n"
		"field.job_size = story_points\n");
	mt_score(0, 4);
	mt_unscored(1, "story_points is missing");
}

Test(method_wsjf, bad_settings_name_file_and_line)
{
	mt_table(WSJF_HEAD "a,1,1,1,1\n");
	mt_refused("wsjf", "scale = fib\n",
		   "m.ini:3: [method.t] scale = 'fib': expected free or fibonacci");
	mt_refused("wsjf", "normalize = max\n",
		   "m.ini:3: [method.t] normalize = 'max': expected none or "
		   "min_to_one");
	mt_refused("wsjf", "scale_values = 1, 2\n",
		   "m.ini:3: [method.t] scale_values = '1, 2': only used with "
		   "scale = fibonacci");
	mt_refused("wsjf", "scale = fibonacci\nscale_values = 1, two\n",
		   "m.ini:4: [method.t] scale_values = '1, two': expected up to "
		   "32 numbers above 0");
	mt_refused("wsjf", "scale = fibonacci\nscale_values = 0, 1\n",
		   "m.ini:4:");
	mt_refused("wsjf", "field.job_size = nope\n",
		   "m.ini:3: [method.t] field.job_size = 'nope': unknown field "
		   "'nope'");
}

Test(method_wsjf, explain_shows_the_formula_with_the_numbers)
{
	char *text;

	mt_table(WSJF_HEAD "a,13,8,3,5\n");
	mt_rank("wsjf", "");
	text = mt_explain(0);
	assert_contains(text, "cost of delay = business_value + time_criticality "
			"+ risk_reduction = 13 + 8 + 3 = 24\n");
	assert_contains(text, "WSJF = cost of delay / job_size = 24 / 5 = 4.8\n");
	assert_not_contains(text, "normalize");
	assert_not_contains(text, "fibonacci");
	free(text);
}

Test(method_wsjf, explain_shows_the_scale_and_the_normalisation)
{
	char *text;

	/*
	 * Smallest over the scored a, b, c (d is off the scale: its 1 does
	 * not count): business_value 2, the others 1.
	 *	a: (8/2 + 1/1 + 2/1) / (2/1) = 7 / 2 = 3.5
	 */
	mt_table(WSJF_HEAD
		 "a,8,1,2,2\n"
		 "b,2,3,1,1\n"
		 "c,13,2,3,5\n"
		 "d,1,1,1,4\n");
	mt_rank("wsjf", "scale = fibonacci\nnormalize = min_to_one\n");
	mt_score(0, 3.5);
	text = mt_explain(0);
	assert_contains(text, "scale = fibonacci: 8, 1, 2 and 2 are all on the "
			"scale 1, 2, 3, 5, 8, 13, 20\n");
	assert_contains(text, "smallest value over the 3 scored items\n");
	assert_contains(text, "  business_value = 8 / 2 = 4\n");
	assert_contains(text, "  time_criticality = 1 / 1 = 1\n");
	assert_contains(text, "  risk_reduction = 2 / 1 = 2\n");
	assert_contains(text, "  job_size = 2 / 1 = 2\n");
	assert_contains(text, "= 4 + 1 + 2 = 7\n");
	assert_contains(text, "WSJF = cost of delay / job_size = 7 / 2 = 3.5\n");
	free(text);
}

Test(method_wsjf, explain_uses_the_configured_field_names)
{
	char *text;

	mt_table("title,value,time_criticality,risk_reduction,story_points\n"
		 "a,8,5,3,4\n");
	mt_rank("wsjf", "field.business_value = value\n"
		"field.job_size = story_points\n");
	text = mt_explain(0);
	assert_contains(text, "cost of delay = value + time_criticality + "
			"risk_reduction = 8 + 5 + 3 = 16\n");
	assert_contains(text, "WSJF = cost of delay / story_points = 16 / 4 = 4\n");
	free(text);
}

/* --- moscow -------------------------------------------------------------- */

Test(method_moscow, classes_never_interleave_and_ties_keep_manual_order)
{
	mt_table("title,moscow\n"
		 "a,could\n"
		 "b,must\n"
		 "c,wont\n"
		 "d,Should\n"
		 "e,must\n"
		 "f,won't\n"
		 "g, MUST \n"
		 "h,\n"
		 "i,maybe\n");
	mt_rank("moscow", "");
	/* must (set order), should, could, wont, then the unscored. */
	MT_ORDER(1, 4, 6, 3, 0, 2, 5, 7, 8);
	mt_score(1, 3);
	mt_score(3, 2);
	mt_score(0, 1);
	mt_score(2, 0);
	cr_assert_str_eq(mt_class(1), "must");
	cr_assert_str_eq(mt_class(6), "must");
	cr_assert_str_eq(mt_class(3), "should");
	cr_assert_str_eq(mt_class(0), "could");
	cr_assert_str_eq(mt_class(5), "wont");
	mt_unscored(7, "moscow is missing");
	mt_unscored(8, "moscow 'maybe' is not one of must, should, could, wont");
	cr_assert_null(mt_class(8));
}

#define MOSCOW_THEN "title,moscow,business_value\n" \
	"a,must,5\n"				\
	"b,should,20\n"				\
	"c,must,13\n"				\
	"d,must,1\n"				\
	"e,should,8\n"				\
	"f,could,100\n"				\
	"g,must,\n"

Test(method_moscow, then_orders_within_each_class)
{
	/*
	 * must: business_value 1..13; should: 8..20; could: 100 alone.
	 *	c: 3 + 0.9 * (13 - 1) / 12 = 3.9
	 *	a: 3 + 0.9 * (5 - 1) / 12  = 3.3
	 *	d: 3 + 0.9 * 0             = 3
	 *	b: 2 + 0.9 * (20 - 8) / 12 = 2.9
	 *	e: 2                          f: 1 (one item: no range)
	 * f's 100 does not lift it above any should.
	 */
	mt_table(MOSCOW_THEN);
	mt_rank("moscow", "then = business_value\n");
	mt_score(2, 3.9);
	mt_score(0, 3.3);
	mt_score(3, 3);
	mt_score(1, 2.9);
	mt_score(4, 2);
	mt_score(5, 1);
	mt_unscored(6, "business_value is missing");
	cr_assert_str_eq(mt_class(6), "must", "the class is known all the same");
	MT_ORDER(2, 0, 3, 1, 4, 5, 6);
}

Test(method_moscow, then_order_asc)
{
	/* must: d 3 + 0.9 * (13 - 1) / 12 = 3.9, a 3 + 0.9 * 8 / 12 = 3.6, c 3 */
	mt_table(MOSCOW_THEN);
	mt_rank("moscow", "then = business_value\nthen_order = asc\n");
	mt_score(3, 3.9);
	mt_score(0, 3.6);
	mt_score(2, 3);
	MT_ORDER(3, 0, 2, 4, 1, 5, 6);
}

Test(method_moscow, then_none_is_manual_order)
{
	mt_table(MOSCOW_THEN);
	mt_rank("moscow", "then = none\n");
	MT_ORDER(0, 2, 3, 6, 1, 4, 5);
}

#define MOSCOW_CAP "title,moscow,estimate,points\n"	\
	"a,must,20,1\n"					\
	"b,must,15,1\n"					\
	"c,should,10,1\n"				\
	"d,could,5,1\n"					\
	"e,wont,40,1\n"					\
	"f,could,,1\n"

Test(method_moscow, capacity_report_warns_by_dsdm_rules)
{
	char *log;

	/*
	 * Capacity 50: must 20 + 15 = 35 (70%, over 60%), should 10 (20%),
	 * could 5 (10%, under 20%); wont is not planned; f has no estimate.
	 */
	mt_table(MOSCOW_CAP);
	mt_capture();
	mt_rank("moscow", "capacity = 50\n");
	log = mt_captured();
	assert_contains(log, "t: capacity 50: must 35 (70%), should 10 (20%), "
			"could 5 (10%), planned 50 (100%)");
	assert_contains(log, "warning: t: must takes 70% of the capacity, over "
			"the 60% DSDM allows");
	assert_contains(log, "warning: t: could takes 10% of the capacity, under "
			"the 20% contingency DSDM suggests");
	assert_contains(log, "1 item without estimate left out");
	free(log);
	cr_assert_eq(r.nscored, 6, "the report changes no score");
}

Test(method_moscow, capacity_report_with_own_limits_and_field)
{
	char *log;

	/* points: must 2 of 4 = 50%, could 2 of 4 = 50%: nothing to warn. */
	mt_table(MOSCOW_CAP);
	mt_capture();
	mt_rank("moscow", "capacity = 4\nfield.effort = points\nmust_max = 50\n"
		"could_min = 10\n");
	log = mt_captured();
	assert_contains(log, "capacity 4: must 2 (50%), should 1 (25%), could 2 "
			"(50%), planned 5 (125%)");
	assert_not_contains(log, "warning");
	free(log);
}

Test(method_moscow, no_report_without_capacity)
{
	char *log;

	mt_table(MOSCOW_CAP);
	mt_capture();
	mt_rank("moscow", "");
	log = mt_captured();
	cr_assert_str_eq(log, "");
	free(log);
}

Test(method_moscow, bad_settings_name_file_and_line)
{
	mt_table("title:text,moscow,business_value,estimate\na,must,1,1\n");
	mt_refused("moscow", "then = business_value\nthen_order = up\n",
		   "m.ini:4: [method.t] then_order = 'up': expected desc or asc");
	mt_refused("moscow", "then_order = asc\n",
		   "m.ini:3: [method.t] then_order = 'asc': only used with "
		   "then = FIELD");
	mt_refused("moscow", "then = title\n",
		   "m.ini:3: [method.t] then = 'title': field 'title' is text, "
		   "not a number");
	mt_refused("moscow", "then = wsjf\n", "unknown field 'wsjf'");
	mt_refused("moscow", "capacity = -5\n",
		   "m.ini:3: [method.t] capacity = '-5': expected a number above 0");
	mt_refused("moscow", "capacity = lots\n", "expected a number above 0");
	mt_refused("moscow", "must_max = 70\n",
		   "m.ini:3: [method.t] must_max = '70': only used with capacity");
	mt_refused("moscow", "capacity = 10\ncould_min = 120\n",
		   "m.ini:4: [method.t] could_min = '120': expected a percent");
	mt_refused("moscow", "field.moscow = priority\n",
		   "m.ini:3: [method.t] field.moscow = 'priority': unknown field");
	mt_refused("moscow", "capacity = 10\nfield.effort = size\n",
		   "m.ini:4: [method.t] field.effort = 'size': unknown field");
}

Test(method_moscow, default_effort_field_is_estimate)
{
	/* Without an estimate column, capacity needs field.effort. */
	mt_table("title,moscow\na,must\n");
	mt_refused("moscow", "capacity = 10\n", "unknown field 'estimate'");
	assert_contains(err, "field.effort");
}

Test(method_moscow, explain_shows_class_position_and_place)
{
	char *text;

	/* must over the scored a, c, d: business_value 1..13 (see above). */
	mt_table(MOSCOW_THEN);
	mt_rank("moscow", "then = business_value\n");
	text = mt_explain(0);
	assert_contains(text, "class: must (must 3, should 2, could 1, wont 0), "
			"3 scored items in it\n");
	assert_contains(text, "position = 0.9 * (business_value - lo) / (hi - lo) "
			"= 0.9 * (5 - 1) / (13 - 1) = 0.3\n");
	assert_contains(text, "lo..hi = 1..13: business_value over the scored "
			"items in must, highest first");
	assert_contains(text, "score = class + position = 3 + 0.3 = 3.3\n");
	assert_contains(text, "place in must: 2 of 3\n");
	free(text);

	text = mt_explain(5);		/* f, alone in could */
	assert_contains(text, "position: 0 (every scored item in could has "
			"business_value 100)\n");
	assert_contains(text, "score = class + position = 1 + 0 = 1\n");
	assert_contains(text, "place in could: 1 of 1\n");
	free(text);

	ranking_release(&r);
	mt_rank("moscow", "then = business_value\nthen_order = asc\n");
	text = mt_explain(0);
	assert_contains(text, "position = 0.9 * (hi - business_value) / (hi - lo) "
			"= 0.9 * (13 - 5) / (13 - 1) = 0.6\n");
	assert_contains(text, "lowest first");
	assert_contains(text, "3 + 0.6 = 3.6\n");
	free(text);
}

Test(method_moscow, explain_without_then_shows_the_tie)
{
	char *text;

	mt_table(MOSCOW_THEN);
	mt_rank("moscow", "");
	text = mt_explain(2);
	assert_contains(text, "class: must (must 3, should 2, could 1, wont 0), "
			"4 scored items in it\n");
	assert_contains(text, "position: 0 (then = none)\n");
	assert_contains(text, "score = class + position = 3 + 0 = 3\n");
	assert_contains(text, "place in must: 1 to 4 of 4, tied with 3 others: "
			"manual order");
	free(text);
}

/* --- value_effort ---------------------------------------------------------- */

Test(method_value_effort, median_quadrants_odd_count)
{
	/*
	 * Values 1 3 5 8 9: median 5; efforts 1 2 5 8 9: median 5. Above
	 * the median is high, at it low.
	 *	a  8/2 = 4      high value, low effort   quick-win
	 *	b  3/1 = 3      low, low                  fill-in
	 *	c  9/9 = 1      high, high                big-bet
	 *	d  1/8 = 0.125  low, high                 time-sink
	 *	e  5/5 = 1      5 is not above 5: low, low fill-in
	 */
	mt_table("title,value,effort\n"
		 "a,8,2\nb,3,1\nc,9,9\nd,1,8\ne,5,5\n");
	mt_rank("value_effort", "");
	mt_score(0, 4);
	mt_score(1, 3);
	mt_score(2, 1);
	mt_score(3, 0.125);
	mt_score(4, 1);
	cr_assert_str_eq(mt_class(0), "quick-win");
	cr_assert_str_eq(mt_class(1), "fill-in");
	cr_assert_str_eq(mt_class(2), "big-bet");
	cr_assert_str_eq(mt_class(3), "time-sink");
	cr_assert_str_eq(mt_class(4), "fill-in");
	MT_ORDER(0, 1, 2, 4, 3);	/* c and e tie at 1: set order */
}

#define VE_EVEN "title,value,effort\n" \
	"a,1,1\nb,2,4\nc,3,2\nd,10,3\n"	\
	"e,6,0\nf,,3\ng,-2,1\n"

Test(method_value_effort, median_quadrants_even_count_over_scored_items)
{
	/*
	 * Scored: a b c d. Values 1 2 3 10: median (2 + 3) / 2 = 2.5;
	 * efforts 1 2 3 4: median 2.5. e, f, g do not count.
	 *	a 1/1 = 1     low, low    fill-in
	 *	b 2/4 = 0.5   low, high   time-sink
	 *	c 3/2 = 1.5   high, low   quick-win
	 *	d 10/3        high, high  big-bet
	 */
	mt_table(VE_EVEN);
	mt_rank("value_effort", "value_threshold = median\n");
	mt_score(3, 10.0 / 3);
	cr_assert_str_eq(mt_class(0), "fill-in");
	cr_assert_str_eq(mt_class(1), "time-sink");
	cr_assert_str_eq(mt_class(2), "quick-win");
	cr_assert_str_eq(mt_class(3), "big-bet");
	mt_unscored(4, "effort must be above 0 (is 0)");
	mt_unscored(5, "value is missing");
	mt_unscored(6, "value must be 0 or more (is -2)");
	cr_assert_null(mt_class(4));
	MT_ORDER(3, 2, 0, 1, 4, 5, 6);
}

Test(method_value_effort, midpoint_and_fixed_thresholds)
{
	/*
	 * value: midpoint of 1..10 = 5.5, only d above; effort: fixed 3,
	 * only b (4) above (d's 3 is not).
	 */
	mt_table(VE_EVEN);
	mt_rank("value_effort", "value_threshold = midpoint\n"
		"effort_threshold = 3\n");
	cr_assert_str_eq(mt_class(0), "fill-in");
	cr_assert_str_eq(mt_class(1), "time-sink");
	cr_assert_str_eq(mt_class(2), "fill-in");
	cr_assert_str_eq(mt_class(3), "quick-win");
}

Test(method_value_effort, field_names_are_settings)
{
	mt_table("title,business_value,job_size\na,8,2\n");
	mt_rank("value_effort", "field.value = business_value\n"
		"field.effort = job_size\n");
	mt_score(0, 4);
}

static int mt_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median by sorting, to check the plugin's selection against. */
static double mt_median(double *a, size_t n)
{
	qsort(a, n, sizeof(*a), mt_cmp);
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

Test(method_value_effort, median_by_selection_matches_sorting)
{
	/* Many items with few distinct values, as estimates are. */
	for (size_t n = 1000; n <= 1001; n++) {
		struct buf text = { 0 };
		double *val = xmalloc(n * sizeof(double));
		double *eff = xmalloc(n * sizeof(double));
		double *tmp = xmalloc(n * sizeof(double));
		double vm, em;
		unsigned x = 12345;

		buf_adds(&text, "title,value,effort\n");
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			val[i] = (x >> 16) % 13;
			x = x * 1103515245 + 12345;
			eff[i] = 1 + (x >> 16) % 8;
			buf_addf(&text, "i%zu,%g,%g\n", i, val[i], eff[i]);
		}
		memcpy(tmp, val, n * sizeof(double));
		vm = mt_median(tmp, n);
		memcpy(tmp, eff, n * sizeof(double));
		em = mt_median(tmp, n);

		mt_teardown();
		mt_setup();
		mt_table(text.p);
		mt_rank("value_effort", "");
		cr_assert_eq(r.nscored, n);
		for (size_t i = 0; i < n; i++) {
			const char *want = val[i] > vm ?
				(eff[i] > em ? "big-bet" : "quick-win") :
				(eff[i] > em ? "time-sink" : "fill-in");
			cr_assert_str_eq(mt_class(i), want, "n %zu item %zu", n, i);
		}
		buf_release(&text);
		free(val);
		free(eff);
		free(tmp);
	}
}

Test(method_value_effort, bad_settings_name_file_and_line)
{
	mt_table("title,value,effort\na,1,1\n");
	mt_refused("value_effort", "value_threshold = mean\n",
		   "m.ini:3: [method.t] value_threshold = 'mean': expected median, "
		   "midpoint or a number");
	mt_refused("value_effort", "effort_threshold = 3 days\n",
		   "m.ini:3: [method.t] effort_threshold = '3 days'");
	mt_refused("value_effort", "field.effort = cost\n",
		   "m.ini:3: [method.t] field.effort = 'cost': unknown field");
}

Test(method_value_effort, explain_shows_the_quadrant_and_thresholds)
{
	char *text;

	/* The odd-count table above: medians 5 and 5. */
	mt_table("title,value,effort\n"
		 "a,8,2\nb,3,1\nc,9,9\nd,1,8\ne,5,5\n");
	mt_rank("value_effort", "");
	text = mt_explain(0);
	assert_contains(text, "score = value / effort = 8 / 2 = 4\n");
	assert_contains(text, "value 8 > threshold 5 (median), effort 2 <= "
			"threshold 5 (median): quick-win\n");
	free(text);
	text = mt_explain(4);
	assert_contains(text, "value 5 <= threshold 5 (median), effort 5 <= "
			"threshold 5 (median): fill-in\n");
	free(text);

	/* Midpoint of the scored values 1..10, and a fixed effort of 3. */
	mt_teardown();
	mt_setup();
	mt_table(VE_EVEN);
	mt_rank("value_effort", "value_threshold = midpoint\n"
		"effort_threshold = 3\n");
	text = mt_explain(3);
	assert_contains(text, "score = value / effort = 10 / 3 = 3.33333\n");
	assert_contains(text, "value 10 > threshold 5.5 (midpoint), effort 3 <= "
			"threshold 3 (fixed): quick-win\n");
	free(text);
	text = mt_explain(1);
	assert_contains(text, "value 2 <= threshold 5.5 (midpoint), effort 4 > "
			"threshold 3 (fixed): time-sink\n");
	free(text);
}

/* --- rice ------------------------------------------------------------------ */

#define RICE_HEAD "title,reach,impact,confidence,effort\n"

Test(method_rice, worked_examples)
{
	mt_table(RICE_HEAD
		 "a,1000,2,80,4\n"	/* 1000 * 2 * 0.8 / 4   = 400 */
		 "b,500,3,100,2\n"	/* 500 * 3 * 1.0 / 2    = 750 */
		 "c,2000,0.5,50,1\n"	/* 2000 * 0.5 * 0.5 / 1 = 500 */
		 "d,10,0.25,100,0.5\n"	/* 10 * 0.25 * 1 / 0.5  = 5 */
		 "e,0,3,100,1\n");	/* no reach: 0, scored */
	mt_rank("rice", "");
	mt_score(0, 400);
	mt_score(1, 750);
	mt_score(2, 500);
	mt_score(3, 5);
	mt_score(4, 0);
	MT_ORDER(1, 2, 0, 3, 4);
}

Test(method_rice, unscored_items_with_reasons)
{
	mt_table(RICE_HEAD
		 "a,100,4,80,1\n"
		 "b,100,1,80,0\n"
		 "c,,1,80,1\n"
		 "d,100,1,120,1\n"
		 "e,100,1,80,-1\n"
		 "f,100,high,80,1\n"
		 "g,-5,1,50,1\n"
		 "h,100,1,80,1\n");	/* 100 * 1 * 0.8 / 1 = 80 */
	mt_rank("rice", "");
	mt_unscored(0, "impact 4 is not one of 3, 2, 1, 0.5, 0.25");
	mt_unscored(1, "effort must be above 0 (is 0)");
	mt_unscored(2, "reach is missing");
	mt_unscored(3, "confidence 120 is not a percent (0 to 100)");
	mt_unscored(4, "effort must be above 0 (is -1)");
	mt_unscored(5, "impact is not a number: 'high'");
	mt_unscored(6, "reach must be 0 or more (is -5)");
	mt_score(7, 80);
	cr_assert_eq(r.nscored, 1);
	MT_ORDER(7, 0, 1, 2, 3, 4, 5, 6);
}

Test(method_rice, allowed_values_are_settings)
{
	mt_table(RICE_HEAD
		 "a,100,4,80,2\n"	/* 100 * 4 * 0.8 / 2 = 160 */
		 "b,100,3,80,1\n"
		 "c,100,1,70,1\n");
	mt_rank("rice", "impact_values = 1, 2, 4\nconfidence_values = 100, 80, 50\n");
	mt_score(0, 160);
	mt_unscored(1, "impact 3 is not one of 1, 2, 4");
	mt_unscored(2, "confidence 70 is not one of 100, 80, 50");

	ranking_release(&r);
	mt_rank("rice", "impact_values = any\n");
	mt_score(1, 240);		/* 100 * 3 * 0.8 / 1 */
	mt_score(2, 70);		/* 100 * 1 * 0.7 / 1 */
}

Test(method_rice, field_names_are_settings)
{
	mt_table("title,reach,impact,confidence,person_months\na,1000,2,80,4\n");
	mt_rank("rice", "field.effort = person_months\n");
	mt_score(0, 400);
}

Test(method_rice, bad_settings_name_file_and_line)
{
	mt_table(RICE_HEAD "a,1,1,100,1\n");
	mt_refused("rice", "impact_values = big\n",
		   "m.ini:3: [method.t] impact_values = 'big': expected any, or up "
		   "to 32 numbers of 0 or more");
	mt_refused("rice", "confidence_values = 100, 150\n",
		   "m.ini:3: [method.t] confidence_values = '100, 150': expected "
		   "any, or up to 32 numbers from 0 to 100");
	mt_refused("rice", "field.reach = users\n",
		   "m.ini:3: [method.t] field.reach = 'users': unknown field");
}

Test(method_rice, missing_column_names_the_setting)
{
	mt_table("title,impact,confidence,effort\na,1,100,1\n");
	mt_refused("rice", "", "unknown field 'reach' (field.reach names the "
		   "field to use)");
}

Test(method_rice, explain_shows_the_formula_with_the_numbers)
{
	char *text;

	mt_table(RICE_HEAD "a,1000,2,80,4\n");
	mt_rank("rice", "");
	text = mt_explain(0);
	assert_contains(text, "impact 2 is one of 3, 2, 1, 0.5, 0.25\n");
	assert_not_contains(text, "confidence 80 is one of");
	assert_contains(text, "RICE = reach * impact * (confidence / 100) / "
			"effort\n");
	assert_contains(text, "= 1000 * 2 * (80 / 100) / 4\n");
	assert_contains(text, "= 1000 * 2 * 0.8 / 4 = 1600 / 4 = 400\n");
	free(text);

	ranking_release(&r);
	mt_rank("rice", "impact_values = any\nconfidence_values = 100, 80, 50\n");
	text = mt_explain(0);
	assert_not_contains(text, "impact 2 is one of");
	assert_contains(text, "confidence 80 is one of 100, 80, 50\n");
	free(text);
}

Test(method_rice, explain_uses_the_configured_field_names)
{
	char *text;

	mt_table("title,reach,impact,confidence,person_months\na,500,3,100,2\n");
	mt_rank("rice", "field.effort = person_months\n");
	text = mt_explain(0);
	assert_contains(text, "(confidence / 100) / person_months\n");
	assert_contains(text, "= 500 * 3 * 1 / 2 = 1500 / 2 = 750\n");
	free(text);
}

/* --- ice ------------------------------------------------------------------- */

#define ICE_ROWS "title,impact,confidence,ease\n" \
	"a,8,7,9\n"				\
	"b,10,10,1\n"				\
	"c,5,5,5\n"				\
	"d,11,5,5\n"				\
	"e,5,0,5\n"				\
	"f,5,5,\n"

Test(method_ice, product)
{
	/* a 8*7*9 = 504, b 10*10*1 = 100, c 5*5*5 = 125 */
	mt_table(ICE_ROWS);
	mt_rank("ice", "");
	mt_score(0, 504);
	mt_score(1, 100);
	mt_score(2, 125);
	mt_unscored(3, "impact 11 is outside the bounds 1..10");
	mt_unscored(4, "confidence 0 is outside the bounds 1..10");
	mt_unscored(5, "ease is missing");
	MT_ORDER(0, 2, 1, 3, 4, 5);
}

Test(method_ice, average)
{
	/* a (8+7+9)/3 = 8, b (10+10+1)/3 = 7, c 5: b now beats c */
	mt_table(ICE_ROWS);
	mt_rank("ice", "combine = average\n");
	mt_score(0, 8);
	mt_score(1, 7);
	mt_score(2, 5);
	MT_ORDER(0, 1, 2, 3, 4, 5);
}

Test(method_ice, bounds_are_a_setting)
{
	/* 0..5: a, b, d out; c 125; e 5*0*5 = 0 */
	mt_table(ICE_ROWS);
	mt_rank("ice", "bounds = 0..5\n");
	mt_unscored(0, "impact 8 is outside the bounds 0..5");
	mt_unscored(1, "impact 10 is outside the bounds 0..5");
	mt_score(2, 125);
	mt_score(4, 0);
	MT_ORDER(2, 4, 0, 1, 3, 5);
}

Test(method_ice, bad_settings_name_file_and_line)
{
	mt_table(ICE_ROWS);
	mt_refused("ice", "combine = sum\n",
		   "m.ini:3: [method.t] combine = 'sum': expected product or average");
	mt_refused("ice", "bounds = 10..1\n",
		   "m.ini:3: [method.t] bounds = '10..1': expected LO..HI");
	mt_refused("ice", "bounds = 1-10\n", "m.ini:3:");
	mt_refused("ice", "field.ease = effort\n",
		   "m.ini:3: [method.t] field.ease = 'effort': unknown field");
}

Test(method_ice, explain_product_and_average)
{
	char *text;

	mt_table(ICE_ROWS);
	mt_rank("ice", "");
	text = mt_explain(0);
	assert_contains(text, "8, 7 and 9 are all within the bounds 1..10\n");
	assert_contains(text, "ICE = impact * confidence * ease = 8 * 7 * 9 = "
			"504\n");
	free(text);

	ranking_release(&r);
	mt_rank("ice", "combine = average\n");
	text = mt_explain(1);
	assert_contains(text, "ICE = (impact + confidence + ease) / 3 = "
			"(10 + 10 + 1) / 3 = 21 / 3 = 7\n");
	free(text);
}

/* --- weighted --------------------------------------------------------------- */

#define WEIGHTED_ROWS "title:text,revenue,effort,risk\n" \
	"a,100,5,1\n"					\
	"b,50,1,1\n"					\
	"c,0,3,1\n"					\
	"d,80,,1\n"

Test(method_weighted, minmax_with_a_cost)
{
	/*
	 * Over a, b, c: revenue 0..100, effort 1..5, risk 1..1 (no range:
	 * contributes 0).
	 *	a: 3 * 100/100 - 1 * (5-1)/4 = 3 - 1   = 2
	 *	b: 3 * 50/100  - 1 * 0       = 1.5
	 *	c: 3 * 0       - 1 * (3-1)/4 = -0.5
	 */
	mt_table(WEIGHTED_ROWS);
	mt_rank("weighted", "weight.revenue = 3\nweight.effort = -1\n"
		"weight.risk = 5\n");
	mt_score(0, 2);
	mt_score(1, 1.5);
	mt_score(2, -0.5);
	mt_unscored(3, "effort is missing");
	MT_ORDER(0, 1, 2, 3);
}

Test(method_weighted, fixed_bounds)
{
	/*
	 * revenue 0..200 fixed, effort 1..5 observed:
	 *	a: 3 * 0.5  - 1 = 0.5
	 *	b: 3 * 0.25 - 0 = 0.75
	 *	c: 0 - 0.5      = -0.5
	 */
	mt_table(WEIGHTED_ROWS);
	mt_rank("weighted", "weight.revenue = 3\nweight.effort = -1\n"
		"bounds.revenue = 0..200\n");
	mt_score(0, 0.5);
	mt_score(1, 0.75);
	mt_score(2, -0.5);
	MT_ORDER(1, 0, 2, 3);
}

Test(method_weighted, out_of_bounds_is_unscored)
{
	/*
	 * revenue 0..80: a (100) is out, so effort's range is over b and c
	 * only, 1..3:
	 *	b: 3 * 50/80 - 0         = 1.875
	 *	c: 0 - 1 * (3 - 1) / 2   = -1
	 */
	mt_table(WEIGHTED_ROWS);
	mt_rank("weighted", "weight.revenue = 3\nweight.effort = -1\n"
		"bounds.revenue = 0 .. 80\n");
	mt_unscored(0, "revenue 100 is outside its bounds 0..80");
	mt_score(1, 1.875);
	mt_score(2, -1);
}

Test(method_weighted, normalize_none)
{
	/* a 300 - 5 = 295, b 150 - 1 = 149, c 0 - 3 = -3 */
	mt_table(WEIGHTED_ROWS);
	mt_rank("weighted", "weight.revenue = 3\nweight.effort = -1\n"
		"normalize = none\n");
	mt_score(0, 295);
	mt_score(1, 149);
	mt_score(2, -3);
}

Test(method_weighted, bad_settings_name_file_and_line)
{
	mt_table(WEIGHTED_ROWS);
	mt_refused("weighted", "", "no criteria");
	mt_refused("weighted", "weight.revenue = heavy\n",
		   "m.ini:3: [method.t] weight.revenue = 'heavy': expected a number");
	mt_refused("weighted", "weight.colour = 1\n",
		   "m.ini:3: [method.t] weight.colour = '1': unknown field 'colour'");
	mt_refused("weighted", "weight.title = 1\n",
		   "field 'title' is text, not a number");
	mt_refused("weighted", "weight.revenue = 1\nbounds.effort = 0..10\n",
		   "m.ini:4: [method.t] bounds.effort = '0..10': no weight.effort");
	mt_refused("weighted", "weight.revenue = 1\nbounds.revenue = 100..0\n",
		   "m.ini:4: [method.t] bounds.revenue = '100..0': expected LO..HI");
	mt_refused("weighted", "weight.revenue = 1\nnormalize = zscore\n",
		   "m.ini:4: [method.t] normalize = 'zscore': expected minmax or "
		   "none");
}

Test(method_weighted, explain_shows_each_criterion_and_the_sum)
{
	char *text;

	/* As minmax_with_a_cost: a = 3 * 1 - 1 * 1 + 5 * 0 = 2. */
	mt_table(WEIGHTED_ROWS);
	mt_rank("weighted", "weight.revenue = 3\nweight.effort = -1\n"
		"weight.risk = 5\n");
	text = mt_explain(0);
	assert_contains(text, "revenue = 100, normalised (100 - 0) / (100 - 0) = "
			"1 (range of the scored items 0..100), weight 3: "
			"3 * 1 = 3\n");
	assert_contains(text, "effort = 5, normalised (5 - 1) / (5 - 1) = 1 "
			"(range of the scored items 1..5), weight -1: -1 * 1 = "
			"-1\n");
	assert_contains(text, "risk = 1, normalised 0 (all 3 scored items have "
			"1), weight 5: 5 * 0 = 0\n");
	assert_contains(text, "score = 3 - 1 + 0 = 2\n");
	free(text);
}

Test(method_weighted, explain_with_bounds_and_without_normalising)
{
	char *text;

	/* As fixed_bounds: b = 3 * 50/200 - 1 * 0 = 0.75. */
	mt_table(WEIGHTED_ROWS);
	mt_rank("weighted", "weight.revenue = 3\nweight.effort = -1\n"
		"bounds.revenue = 0..200\n");
	text = mt_explain(1);
	assert_contains(text, "revenue = 50, normalised (50 - 0) / (200 - 0) = "
			"0.25 (bounds 0..200), weight 3: 3 * 0.25 = 0.75\n");
	assert_contains(text, "effort = 1, normalised (1 - 1) / (5 - 1) = 0 "
			"(range of the scored items 1..5), weight -1: -1 * 0 = "
			"0\n");
	assert_contains(text, "score = 0.75 + 0 = 0.75\n");
	free(text);

	/* As normalize_none: b = 150 - 1 = 149. */
	ranking_release(&r);
	mt_rank("weighted", "weight.revenue = 3\nweight.effort = -1\n"
		"normalize = none\n");
	text = mt_explain(1);
	assert_contains(text, "revenue = 50, not normalised (normalize = none), "
			"weight 3: 3 * 50 = 150\n");
	assert_contains(text, "effort = 1, not normalised (normalize = none), "
			"weight -1: -1 * 1 = -1\n");
	assert_contains(text, "score = 150 - 1 = 149\n");
	free(text);
}

/* --- cd3 ------------------------------------------------------------------- */

Test(method_cd3, worked_examples_and_failures)
{
	mt_table("title,cost_of_delay,duration\n"
		 "a,5000,2\n"		/* 5000 / 2   = 2500 */
		 "b,3000,1\n"		/* 3000 / 1   = 3000 */
		 "c,0,3\n"		/* 0 / 3      = 0 */
		 "d,1000,0\n"
		 "e,1000,\n"
		 "f,-5,1\n"
		 "g,4000,0.5\n");	/* 4000 / 0.5 = 8000 */
	mt_rank("cd3", "");
	mt_score(0, 2500);
	mt_score(1, 3000);
	mt_score(2, 0);
	mt_score(6, 8000);
	mt_unscored(3, "duration must be above 0 (is 0)");
	mt_unscored(4, "duration is missing");
	mt_unscored(5, "cost_of_delay must be 0 or more (is -5)");
	MT_ORDER(6, 1, 0, 2, 3, 4, 5);
}

Test(method_cd3, field_names_are_settings)
{
	mt_table("title,cod_eur,weeks\na,5000,2\n");
	mt_rank("cd3", "field.cost_of_delay = cod_eur\nfield.duration = weeks\n");
	mt_score(0, 2500);
	mt_refused("cd3", "field.cost_of_delay = cod_eur\nfield.duration = days\n",
		   "m.ini:4: [method.t] field.duration = 'days': unknown field");
}

Test(method_cd3, explain_shows_the_division)
{
	char *text;

	mt_table("title,cod_eur,weeks\na,5000,2\nb,4000,0.5\n");
	mt_rank("cd3", "field.cost_of_delay = cod_eur\nfield.duration = weeks\n");
	text = mt_explain(0);
	assert_contains(text, "CD3 = cod_eur / weeks = 5000 / 2 = 2500");
	free(text);
	text = mt_explain(1);
	assert_contains(text, "CD3 = cod_eur / weeks = 4000 / 0.5 = 8000");
	free(text);
}

/* --- every method ---------------------------------------------------------- */

/* Every input of every method, one item that all of them can score. */
#define ALL_INPUTS							\
	"title,business_value,time_criticality,risk_reduction,job_size,"	\
	"reach,impact,confidence,effort,ease,value,moscow,cost_of_delay,"	\
	"duration\n"

static const char *mt_needs(const char *plugin)
{
	return strcmp(plugin, "weighted") ? "" : "weight.value = 1\n";
}

Test(methods, descriptors)
{
	for (size_t k = 0; k < ARRAY_SIZE(mt_all); k++) {
		const struct plugin *p = mt_plugin(mt_all[k]);

		cr_assert_eq(p->desc->kind, PRIO_KIND_METHOD);
		cr_assert_eq(p->desc->abi_major, PRIO_ABI_MAJOR);
		cr_assert_leq(p->desc->abi_minor, PRIO_ABI_MINOR);
		cr_assert_str_eq(p->desc->name, mt_all[k]);
		cr_assert_not_null(p->desc->summary);
	}
}

Test(methods, one_item_scored_by_every_method)
{
	mt_table(ALL_INPUTS "a,8,5,3,5,1000,2,8,4,8,6,must,5000,2\n");
	for (size_t k = 0; k < ARRAY_SIZE(mt_all); k++) {
		ranking_release(&r);
		mt_rank(mt_all[k], mt_needs(mt_all[k]));
		cr_assert_eq(r.nscored, 1, "%s", mt_all[k]);
		cr_assert(isfinite(r.res.score[0]), "%s", mt_all[k]);
	}
}

Test(methods, unknown_key_is_rejected_with_its_place)
{
	mt_table(ALL_INPUTS "a,8,5,3,5,1000,2,8,4,8,6,must,5000,2\n");
	for (size_t k = 0; k < ARRAY_SIZE(mt_all); k++) {
		char *keys = xstrfmt("%scolour = red\n", mt_needs(mt_all[k]));
		char *want = xstrfmt("m.ini:%d: [method.t] unknown key 'colour'",
				     *mt_needs(mt_all[k]) ? 4 : 3);

		cr_assert_eq(mt_configure(mt_all[k], keys), 0, "%s: %s",
			     mt_all[k], err);
		cr_assert_eq(config_unused(&cfg, "method.t", "plugin", err),
			     PRIO_EINVAL, "%s", mt_all[k]);
		assert_contains(err, want);
		free(keys);
		free(want);
	}
}

Test(methods, empty_set)
{
	mt_table(ALL_INPUTS);
	for (size_t k = 0; k < ARRAY_SIZE(mt_all); k++) {
		ranking_release(&r);
		mt_rank(mt_all[k], mt_needs(mt_all[k]));
		cr_assert_eq(r.nscored, 0);
		cr_assert_eq(r.nclasses, 0, "%s: no item, no class", mt_all[k]);
	}
}

Test(methods, nothing_scored_is_not_an_error)
{
	/* Every item unusable: thresholds and ranges have nothing to use. */
	mt_table(ALL_INPUTS "a,x,x,x,x,x,x,x,x,x,x,x,x,x\nb,,,,,,,,,,,,,\n");
	for (size_t k = 0; k < ARRAY_SIZE(mt_all); k++) {
		ranking_release(&r);
		mt_rank(mt_all[k], mt_needs(mt_all[k]));
		cr_assert_eq(r.nscored, 0, "%s", mt_all[k]);
		cr_assert_not_null(unit_reason(&r, 0), "%s", mt_all[k]);
		cr_assert_not_null(unit_reason(&r, 1), "%s", mt_all[k]);
		cr_assert_eq(r.nclasses, 0, "%s", mt_all[k]);
	}
}

Test(methods, every_method_explains_a_scored_item)
{
	mt_table(ALL_INPUTS "a,8,5,3,5,1000,2,8,4,8,6,must,5000,2\n");
	for (size_t k = 0; k < ARRAY_SIZE(mt_all); k++) {
		char *text;
		size_t len;

		ranking_release(&r);
		mt_rank(mt_all[k], mt_needs(mt_all[k]));
		text = mt_explain(0);
		len = strlen(text);
		cr_assert(len && text[len - 1] == '\n', "%s: '%s'", mt_all[k],
			  text);
		free(text);
	}
}
