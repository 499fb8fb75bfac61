/*
 * test_lua.c - the lua method plugin (plugins/method/lua/): scoring rules
 * as Lua 5.4 scripts, sandboxed and limited.
 *
 * Each test writes a script and an INI file into its own temporary
 * folder (the script is found relative to the INI file, as prio does),
 * loads lua.so from build/lib/prio/plugins, configures [method.t] and
 * ranks a small table through rank_run. The sandbox has one test per
 * point: every escape attempt, every limit, every bad return value.
 *
 * The INI starts "[method.t]\nplugin = lua\nscript = scoring/t.lua\n",
 * so the keys a test adds begin on line 4; scripts begin on line 1.
 */
#include "unit.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct plugins ps;
static struct config cfg;
static struct table t;
static struct prio_items v;
static struct instance m;
static struct ranking r;
static char err[PRIO_ERR_MAX];
static char *dir;

static void lt_setup(void)
{
	memset(&ps, 0, sizeof(ps));
	memset(&cfg, 0, sizeof(cfg));
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	memset(&v, 0, sizeof(v));
	table_init(&t);
	err[0] = '\0';
	dir = unit_tmpdir();
}

static void lt_teardown(void)
{
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	config_release(&cfg);
	plugins_release(&ps);
	unit_rmtree(dir);
	free(dir);
}

TestSuite(lua, .init = lt_setup, .fini = lt_teardown);

/*
 * The items most tests score. Number columns are set as text, as from a
 * file; revenue is untyped, as a column of `prio rank --in` that the
 * configuration does not declare.
 *
 *	key title   type  labels            created     bv tc rr js revenue
 *	A   Alpha   story "checkout, urgent" 2026-01-01  8  5  3  4  100
 *	B   Beta    bug   payments          2026-06-01  1  1  1  1  n/a
 *	C   Gamma   spike -                 -          20  8  2  5  -
 *	D   Delta   story ""                2026-11-20  3  0  0  -  2.5
 *	E   Epsilon bug   security          2025-11-23  1  0  0  8  0
 */
enum { C_KEY, C_TITLE, C_TYPE, C_LABELS, C_CREATED, C_BV, C_TC, C_RR, C_JS,
       C_REVENUE, NCOLS };

static void lt_items(void)
{
	static const char *const names[NCOLS] = {
		"key", "title", "type", "labels", "created", "business_value",
		"time_criticality", "risk_reduction", "job_size", "revenue"
	};
	static const char *const rows[][NCOLS] = {
		{ "A", "Alpha", "story", "checkout, urgent",
		  "2026-01-01T10:00:00Z", "8", "5", "3", "4", "100" },
		{ "B", "Beta", "bug", "payments", "2026-06-01T00:00:00Z",
		  "1", "1", "1", "1", "n/a" },
		{ "C", "Gamma", "spike", NULL, NULL, "20", "8", "2", "5", NULL },
		{ "D", "Delta", "story", "", "2026-11-20T08:00:00Z", "3", "0",
		  "0", NULL, "2.5" },
		{ "E", "Epsilon", "bug", "security", "2025-11-23T00:00:00Z",
		  "1", "0", "0", "8", "0" },
	};

	for (int c = 0; c < NCOLS; c++)
		table_add_column(&t, names[c],
				 c == C_REVENUE ? 0
				 : c >= C_BV ? PRIO_TYPE_NUMBER : PRIO_TYPE_TEXT,
				 NULL);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		size_t row = table_add_row(&t, (unsigned long)i + 2);
		for (int c = 0; c < NCOLS; c++)
			if (rows[i][c] && rows[i][c][0])
				table_set(&t, c, row, rows[i][c],
					  strlen(rows[i][c]));
	}
	view_all(&v, &t);
}

/*
 * Writes scoring/t.lua (unless code is NULL) and t.ini with the keys,
 * loads lua.so and configures [method.t]. A test that sets no timeout
 * gets 3s, after its own keys, so a test never waits long.
 */
static int lt_configure(const char *keys, const char *code)
{
	const struct prio_method_ops *ops;
	char *sub, *ini, *text;

	if (!keys)
		keys = "";
	if (code) {
		sub = unit_path(dir, "scoring");
		mkdir(sub, 0700);
		free(unit_write_str(sub, "t.lua", code));
		free(sub);
	}
	text = xstrfmt("[method.t]\nplugin = lua\n%s%s%s",
		       code ? "script = scoring/t.lua\n" : "", keys,
		       strstr(keys, "timeout") ? "" : "timeout = 3s\n");
	ini = unit_write_str(dir, "t.ini", text);
	free(text);
	cr_assert_eq(config_load_file(&cfg, ini, err), 0, "%s", err);
	free(ini);
	m.plugin = unit_plugin(&ps, UNIT_PLUGINS, PRIO_KIND_METHOD, "lua");
	m.section = xstrdup("method.t");
	m.sec.cfg = &cfg;
	m.sec.name = m.section;
	ops = m.plugin->desc->ops;
	err[0] = '\0';
	return ops->configure(&m.sec, &v, &m.state, err);
}

/* Configures (which must work) and ranks; returns rank_run's code. */
static int lt_rank(const char *keys, const char *code)
{
	int rc = lt_configure(keys, code);

	cr_assert_eq(rc, 0, "configure: %s", err);
	cr_assert_eq(config_unused(&cfg, "method.t", "plugin", err), 0, "%s",
		     err);
	err[0] = '\0';
	return rank_run(&m, &v, &r, err);
}

/* Ranks the standard items, which must work. */
static void lt_ok(const char *keys, const char *code)
{
	int rc;

	lt_items();
	rc = lt_rank(keys, code);
	cr_assert_eq(rc, 0, "rank: %s", err);
}

/* Ranks the standard items and expects the rank to fail with code rc. */
static void lt_fails(const char *keys, const char *code, int rc)
{
	int got;

	lt_items();
	got = lt_rank(keys, code);
	cr_assert_eq(got, rc, "rank gave %d, expected %d: %s", got, rc, err);
}

/* The scripts's one-item answer as a string: `return nil, tostring(x)`. */
static const char *lt_probe(const char *expr)
{
	char *code = xstrfmt("function score(item)\n"
			     "  return nil, tostring(%s)\n"
			     "end\n", expr);

	lt_ok(NULL, code);
	free(code);
	return unit_reason(&r, 0);
}

/* --- loading and configuration -------------------------------------------- */

Test(lua, descriptor)
{
	const struct plugin *p;

	p = unit_plugin(&ps, UNIT_PLUGINS, PRIO_KIND_METHOD, "lua");
	cr_assert_eq(p->desc->abi_major, PRIO_ABI_MAJOR);
	cr_assert_str_eq(p->desc->name, "lua");
	cr_assert_not_null(p->desc->summary);
}

Test(lua, scores_classes_and_order)
{
	lt_ok("param.w = 2\n",
	      "-- a comment line\n"
	      "function score(item)\n"
	      "  if item.type == 'bug' then return 100, 'bug' end\n"
	      "  if not item.job_size then return nil, 'no size' end\n"
	      "  return item.business_value * params.w / item.job_size\n"
	      "end\n");
	cr_assert_float_eq(r.res.score[0], 4.0, 1e-12);	/* 8 * 2 / 4 */
	cr_assert_float_eq(r.res.score[1], 100.0, 1e-12);
	cr_assert_float_eq(r.res.score[2], 8.0, 1e-12);	/* 20 * 2 / 5 */
	cr_assert_float_eq(r.res.score[4], 100.0, 1e-12);
	cr_assert_eq(r.nscored, 4);
	/* B and E tie at 100: row order; D is unscored, last. */
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 1, 4, 2, 0, 3 }),
			 5 * sizeof(uint32_t));
	cr_assert_str_eq(unit_reason(&r, 3), "no size");
	cr_assert_eq(r.res.klass[0], -1);
	cr_assert_geq(r.res.klass[1], 0);
	cr_assert_eq(r.res.klass[1], r.res.klass[4], "one class id per name");
	cr_assert_str_eq(r.classes[r.res.klass[1]], "bug");
}

Test(lua, params_are_numbers_or_text)
{
	lt_ok("param.weight = 2.5\nparam.team = web\nparam.code = 007x\n",
	      "function score(item)\n"
	      "  assert(math.type(params.weight) == 'float')\n"
	      "  assert(params.team == 'web' and params.code == '007x')\n"
	      "  assert(params.missing == nil)\n"
	      "  return params.weight\n"
	      "end\n");
	cr_assert_float_eq(r.res.score[0], 2.5, 1e-12);
}

Test(lua, script_is_relative_to_its_ini_file)
{
	char *sub = unit_path(dir, "conf"), *deeper = unit_path(sub, "rules");
	char *ini;

	mkdir(sub, 0700);
	mkdir(deeper, 0700);
	free(unit_write_str(deeper, "x.lua",
			    "function score(item) return 7 end\n"));
	ini = unit_write_str(sub, "x.ini", "[method.t]\nplugin = lua\n"
			     "script = rules/x.lua\n");
	m.plugin = unit_plugin(&ps, UNIT_PLUGINS, PRIO_KIND_METHOD, "lua");
	cr_assert_eq(chdir("/"), 0);	/* not relative to the cwd */
	lt_items();
	cr_assert_eq(config_load_file(&cfg, ini, err), 0, "%s", err);
	m.section = xstrdup("method.t");
	m.sec.cfg = &cfg;
	m.sec.name = m.section;
	cr_assert_eq(((const struct prio_method_ops *)m.plugin->desc->ops)
		     ->configure(&m.sec, &v, &m.state, err), 0, "%s", err);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "%s", err);
	cr_assert_float_eq(r.res.score[0], 7.0, 1e-12);
	free(ini);
	free(deeper);
	free(sub);
}

Test(lua, missing_script_names_the_ini_line)
{
	lt_items();
	cr_assert_eq(lt_configure("script = scoring/nope.lua\n", NULL),
		     PRIO_EINVAL);
	assert_contains(err, "t.ini:3:");
	assert_contains(err, "script = 'scoring/nope.lua'");
	assert_contains(err, "/scoring/nope.lua: No such file");
	cr_assert_null(m.state);
}

Test(lua, script_key_is_required)
{
	lt_items();
	cr_assert_eq(lt_configure("", NULL), PRIO_EINVAL);
	assert_contains(err, "[method.t] script");
}

Test(lua, syntax_error_names_script_and_line)
{
	lt_items();
	cr_assert_eq(lt_configure(NULL, "function score(item)\n"
				  "  return 1 +\n"
				  "end\n"), PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:3: ");
	assert_contains(err, "near 'end'");
	cr_assert_null(m.state);
}

Test(lua, missing_score_function)
{
	lt_items();
	cr_assert_eq(lt_configure(NULL, "local function score(item)\n"
				  "  return 1\nend\n"), PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua: defines no function score(item)");
}

Test(lua, score_that_is_not_a_function)
{
	lt_items();
	cr_assert_eq(lt_configure(NULL, "score = 5\n"), PRIO_EINVAL);
	assert_contains(err, "defines no function score(item)");
}

Test(lua, top_level_error_names_script_and_line)
{
	lt_items();
	cr_assert_eq(lt_configure(NULL, "local x = 1\n"
				  "local y = x.field\n"
				  "function score(item) return 1 end\n"),
		     PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:2: attempt to index a number value");
}

Test(lua, binary_chunks_are_refused)
{
	static const char chunk[] = "\033Lua\x54\x00\x19\x93\r\n\x1a\n";
	char *sub = unit_path(dir, "scoring");

	mkdir(sub, 0700);
	free(unit_write(sub, "bin.lua", chunk, sizeof(chunk) - 1));
	free(sub);
	lt_items();
	cr_assert_eq(lt_configure("script = scoring/bin.lua\n", NULL),
		     PRIO_EINVAL);
	assert_contains(err, "bin.lua");
	assert_contains(err, "attempt to load a binary chunk (mode is 't')");
}

/* A bad value of one key: configure fails naming its file and line. */
static void lt_bad_key(const char *keys, const char *want)
{
	lt_items();
	cr_assert_eq(lt_configure(keys, "function score(item) return 1 end\n"),
		     PRIO_EINVAL, "%s accepted", keys);
	assert_contains(err, "t.ini:4:");
	assert_contains(err, want);
}

Test(lua, bad_timeout)
{
	lt_bad_key("timeout = forever\n", "expected a time");
}

Test(lua, bad_timeout_too_short)
{
	lt_bad_key("timeout = 1ms\n", "from 10ms to 24h");
}

Test(lua, bad_max_memory)
{
	lt_bad_key("max_memory = lots\n", "expected a size");
}

Test(lua, bad_max_memory_too_small)
{
	lt_bad_key("max_memory = 1K\n", "at least 256K");
}

Test(lua, bad_max_instructions)
{
	lt_bad_key("max_instructions = -5\n", "whole number");
}

Test(lua, bad_on_error)
{
	lt_bad_key("on_error = ignore\n", "expected fail or unscored");
}

Test(lua, bad_reference_date)
{
	lt_bad_key("reference_date = 2026-02-30\n", "YYYY-MM-DD");
}

Test(lua, bad_fields_list)
{
	lt_bad_key("fields =\n", "list the fields the script may read");
}

Test(lua, good_limit_spellings)
{
	lt_ok("max_memory = 2M\nmax_instructions = 0\ntimeout = 1500ms\n",
	      "function score(item) return 1 end\n");
	lt_teardown();
	lt_setup();
	lt_ok("max_memory = 1048576\ntimeout = 2\n",
	      "function score(item) return 1 end\n");
}

Test(lua, unknown_key_is_rejected_by_the_host)
{
	lt_items();
	cr_assert_eq(lt_configure("colour = red\n",
				  "function score(item) return 1 end\n"), 0,
		     "%s", err);
	cr_assert_eq(config_unused(&cfg, "method.t", "plugin", err),
		     PRIO_EINVAL);
	assert_contains(err, "t.ini:4:");
	assert_contains(err, "'colour'");
}

/* --- what a script sees of an item ---------------------------------------- */

Test(lua, numbers_text_and_missing_values)
{
	lt_ok(NULL,
	      "function score(item)\n"
	      "  if item.key ~= 'C' then return 0 end\n"
	      "  assert(math.type(item.business_value) == 'float')\n"
	      "  assert(item.business_value == 20 and item.job_size == 5)\n"
	      "  assert(item.title == 'Gamma' and item.type == 'spike')\n"
	      "  assert(item.created == nil and item.revenue == nil)\n"
	      "  return 1\n"
	      "end\n");
	cr_assert_float_eq(r.res.score[2], 1.0, 1e-12);
}

Test(lua, untyped_values_are_numbers_or_their_text)
{
	lt_ok(NULL,
	      "function score(item)\n"
	      "  local v = item.revenue\n"
	      "  if type(v) == 'string' then return nil, 'text ' .. v end\n"
	      "  if v == nil then return nil, 'none' end\n"
	      "  return v\n"
	      "end\n");
	cr_assert_float_eq(r.res.score[0], 100.0, 1e-12);
	cr_assert_str_eq(unit_reason(&r, 1), "text n/a");
	cr_assert_str_eq(unit_reason(&r, 2), "none");
	cr_assert_float_eq(r.res.score[3], 2.5, 1e-12);
	cr_assert_float_eq(r.res.score[4], 0.0, 1e-12);
}

Test(lua, labels_are_a_list_and_a_set)
{
	lt_ok(NULL,
	      "function score(item)\n"
	      "  local l = item.labels\n"
	      "  local s = #l .. ':' .. table.concat(l, '|')\n"
	      "  if l.urgent then s = s .. ':urgent' end\n"
	      "  return nil, s\n"
	      "end\n");
	cr_assert_str_eq(unit_reason(&r, 0), "2:checkout|urgent:urgent");
	cr_assert_str_eq(unit_reason(&r, 1), "1:payments");
	cr_assert_str_eq(unit_reason(&r, 2), "0:", "no labels: {}");
	cr_assert_str_eq(unit_reason(&r, 3), "0:");
}

Test(lua, unknown_field_is_an_error)
{
	lt_fails(NULL, "function score(item)\n"
		 "  return item.revnue or 0\n"
		 "end\n", PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:2: item A: item has no field 'revnue'");
}

Test(lua, item_changes_last_one_call)
{
	/*
	 * Item A adds a key and overwrites a field; B (and the others) must
	 * see neither.
	 */
	lt_ok(NULL,
	      "function score(item)\n"
	      "  local seen = rawget(item, 'extra')\n"
	      "  local bv = item.business_value\n"
	      "  if item.key == 'A' then\n"
	      "    item.extra = 1\n"
	      "    item.business_value = 1000\n"
	      "    item.job_size = nil\n"
	      "  end\n"
	      "  if seen then error('extra leaked') end\n"
	      "  return bv\n"
	      "end\n");
	cr_assert_float_eq(r.res.score[0], 8.0, 1e-12);
	cr_assert_float_eq(r.res.score[1], 1.0, 1e-12);
	cr_assert_float_eq(r.res.score[2], 20.0, 1e-12);
}

Test(lua, pairs_lists_every_field)
{
	const char *s = lt_probe("(function()\n"
				 "  local n, t = 0, {}\n"
				 "  for k, v in pairs(item) do\n"
				 "    n = n + 1; t[k] = v\n"
				 "  end\n"
				 "  return n .. ' ' .. t.title .. ' ' .. "
				 "tostring(t.job_size)\n"
				 "end)()");

	cr_assert_str_eq(s, "10 Alpha 4.0");
}

Test(lua, fields_key_limits_what_a_script_reads)
{
	lt_ok("fields = type, job_size\n",
	      "function score(item)\n"
	      "  if item.type == 'bug' then return 1 end\n"
	      "  return item.job_size or 0\n"
	      "end\n");
	cr_assert_float_eq(r.res.score[0], 4.0, 1e-12);
	lt_teardown();
	lt_setup();
	lt_fails("fields = type, job_size\n",
		 "function score(item) return item.business_value end\n",
		 PRIO_EINVAL);
	assert_contains(err, "item has no field 'business_value'");
}

Test(lua, fields_key_with_an_unknown_name)
{
	lt_items();
	cr_assert_eq(lt_configure("fields = type, colour\n",
				  "function score(item) return 1 end\n"),
		     PRIO_EINVAL);
	assert_contains(err, "t.ini:4:");
	assert_contains(err, "unknown field 'colour'");
}

Test(lua, age_days_to_the_reference_date)
{
	lt_ok("reference_date = 2026-11-23\n",
	      "function score(item)\n"
	      "  assert(reference_date == '2026-11-23')\n"
	      "  assert(today == days('2026-11-23') and today == 20780)\n"
	      "  if item.age_days == nil then return nil, 'no age' end\n"
	      "  assert(math.type(item.age_days) == 'integer')\n"
	      "  return item.age_days\n"
	      "end\n");
	cr_assert_float_eq(r.res.score[0], 326.0, 1e-12);
	cr_assert_float_eq(r.res.score[1], 175.0, 1e-12);
	cr_assert_str_eq(unit_reason(&r, 2), "no age");
	cr_assert_float_eq(r.res.score[3], 3.0, 1e-12);
	cr_assert_float_eq(r.res.score[4], 365.0, 1e-12);
}

Test(lua, age_days_needs_a_reference_date)
{
	lt_fails(NULL, "function score(item) return item.age_days end\n",
		 PRIO_EINVAL);
	assert_contains(err, "item.age_days needs reference_date = YYYY-MM-DD "
			"in [method.t]");
	lt_teardown();
	lt_setup();
	cr_assert_str_eq(lt_probe("today"), "nil");
}

Test(lua, days_of_a_date)
{
	cr_assert_str_eq(lt_probe("days('1970-01-02') .. ' ' .. "
				  "days('2000-03-01') .. ' ' .. "
				  "days('1969-12-31') .. ' ' .. "
				  "days('2024-02-29T23:59:59Z') .. ' ' .. "
				  "tostring(days('2023-02-29')) .. ' ' .. "
				  "tostring(days('soon'))"),
			 "1 11017 -1 19782 nil nil");
}

Test(lua, items_are_named_by_key_id_or_place)
{
	/* key when there is one, else id, else the place in the set */
	table_add_column(&t, "id", PRIO_TYPE_NUMBER, NULL);
	table_add_column(&t, "key", PRIO_TYPE_TEXT, NULL);
	table_add_row(&t, 2);
	table_add_row(&t, 3);
	table_set(&t, 0, 0, "17", 2);
	table_set(&t, 1, 0, "K-1", 3);
	table_set(&t, 0, 1, "18", 2);
	view_all(&v, &t);
	cr_assert_eq(lt_rank(NULL, "function score(item) error('no') end\n"),
		     PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:1: item K-1: no");
	lt_teardown();
	lt_setup();
	table_add_column(&t, "id", PRIO_TYPE_NUMBER, NULL);
	table_add_column(&t, "key", PRIO_TYPE_TEXT, NULL);
	table_add_row(&t, 2);
	table_add_row(&t, 3);
	table_set(&t, 0, 1, "18", 2);
	view_all(&v, &t);
	cr_assert_eq(lt_rank(NULL, "function score(item)\n"
			     "  if item.id == 18 then error('no') end\n"
			     "  return 1\n"
			     "end\n"), PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:2: item 18: no");
	lt_teardown();
	lt_setup();
	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_row(&t, 2);
	table_add_row(&t, 3);
	view_all(&v, &t);
	cr_assert_eq(lt_rank(NULL, "n = 0\nfunction score(item)\n"
			     "  n = n + 1\n"
			     "  if n == 2 then error('no') end\n"
			     "  return 1\n"
			     "end\n"), PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:4: item #2: no");
}

Test(lua, ordered_view_reads_rows_through_the_order)
{
	static const uint32_t order[] = { 2, 0 };	/* C, then A */
	int cols[NCOLS];

	lt_items();
	view_release(&v);
	for (int c = 0; c < NCOLS; c++)
		cols[c] = c;
	view_some(&v, &t, cols, NCOLS, order, 2);
	cr_assert_eq(lt_rank(NULL, "function score(item)\n"
			     "  return item.business_value, item.key\n"
			     "end\n"), 0, "%s", err);
	cr_assert_float_eq(r.res.score[0], 20.0, 1e-12);
	cr_assert_float_eq(r.res.score[1], 8.0, 1e-12);
	cr_assert_str_eq(r.classes[r.res.klass[0]], "C");
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 2, 0 }), 2 * sizeof(uint32_t));
}

Test(lua, empty_set)
{
	lt_items();
	view_release(&v);
	view_some(&v, &t, (int[]){ 0 }, 1, (uint32_t[]){ 0 }, 0);
	cr_assert_eq(lt_rank(NULL, "function score(item) return 1 end\n"), 0,
		     "%s", err);
	cr_assert_eq(r.nscored, 0);
}

/* --- what score returns --------------------------------------------------- */

/* score returns `ret` for item A: the rank fails, naming it all. */
static void lt_bad_return(const char *ret, const char *want)
{
	char *code = xstrfmt("function score(item)\n"
			     "  return %s\n"
			     "end\n", ret);

	lt_fails(NULL, code, PRIO_EINVAL);
	free(code);
	assert_contains(err, "scoring/t.lua:1: item A: ");
	assert_contains(err, want);
}

Test(lua, bad_return_nil)
{
	lt_bad_return("nil", "score returned nil: return a number, or nil and "
		      "a reason");
}

Test(lua, bad_return_nothing)
{
	lt_bad_return("", "score returned nil");
}

Test(lua, bad_return_nan)
{
	lt_bad_return("0/0", "score returned nan");
}

Test(lua, bad_return_inf)
{
	lt_bad_return("math.huge", "score returned inf");
}

Test(lua, bad_return_string)
{
	/* not even a numeric string: "5" is text, not a score */
	lt_bad_return("'5'", "score returned a string ('5')");
}

Test(lua, bad_return_table)
{
	lt_bad_return("{}", "score returned a table");
}

Test(lua, bad_return_boolean)
{
	lt_bad_return("true", "score returned a boolean");
}

Test(lua, bad_class_number)
{
	lt_bad_return("1, 2", "score returned 2 as the class: return a string");
}

Test(lua, bad_class_empty)
{
	lt_bad_return("1, ''", "the class must be 1 to 64 bytes long (is 0)");
}

Test(lua, nil_and_a_reason_is_unscored)
{
	lt_ok(NULL, "function score(item)\n"
	      "  if item.type == 'bug' then return nil, 'bugs go to triage' end\n"
	      "  return 1, false\n"
	      "end\n");
	cr_assert_eq(r.nscored, 3);
	cr_assert(isnan(r.res.score[1]));
	cr_assert_str_eq(unit_reason(&r, 1), "bugs go to triage");
	cr_assert_eq(r.res.klass[0], -1, "false: no class");
}

Test(lua, nil_and_an_empty_reason)
{
	lt_ok(NULL, "function score(item) return nil, '' end\n");
	cr_assert_str_eq(unit_reason(&r, 0), "no reason given");
}

Test(lua, classes_are_buckets_not_labels)
{
	/* A class per item is a mistake: 1001 different ones fail. */
	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_rows(&t, 1001);
	view_all(&v, &t);
	cr_assert_eq(lt_rank(NULL, "n = 0\n"
			     "function score(item)\n"
			     "  n = n + 1\n"
			     "  return n, 'class ' .. n\n"
			     "end\n"), PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:2: item #1001: more than 1000 "
			"different classes");
}

Test(lua, integer_scores)
{
	lt_ok(NULL, "function score(item) return 3 // 2 end\n");
	cr_assert_float_eq(r.res.score[0], 1.0, 1e-12);
}

/* --- on_error ------------------------------------------------------------- */

Test(lua, runtime_error_fails_the_rank)
{
	lt_fails(NULL, "function score(item)\n"
		 "  return item.job_size * 2\n"
		 "end\n", PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:2: item D: attempt to perform "
			"arithmetic on a nil value (field 'job_size')");
	assert_contains(err, dir);	/* the script's full path */
}

Test(lua, error_with_level_two_blames_the_caller)
{
	lt_fails(NULL, "local function need(v)\n"
		 "  if not v then error('missing', 2) end\n"
		 "  return v\n"
		 "end\n"
		 "function score(item)\n"
		 "  return need(item.job_size) + 0\n"
		 "end\n", PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:6: item D: missing");
}

Test(lua, error_objects_that_are_not_strings)
{
	lt_fails(NULL, "function score(item) error({}) end\n", PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:1: item A: error object is a "
			"table value");
}

Test(lua, on_error_unscored_lists_the_item)
{
	lt_ok("on_error = unscored\n",
	      "function score(item)\n"
	      "  return item.business_value / item.job_size\n"
	      "end\n");
	cr_assert_eq(r.nscored, 4);
	cr_assert(isnan(r.res.score[3]));
	cr_assert_str_eq(unit_reason(&r, 3), "scoring/t.lua:2: attempt to "
			 "perform arithmetic on a nil value (field "
			 "'job_size')");
	cr_assert_float_eq(r.res.score[0], 2.0, 1e-12);
}

Test(lua, on_error_unscored_takes_bad_returns_too)
{
	lt_ok("on_error = unscored\n",
	      "function score(item)\n"
	      "  if item.type == 'bug' then return 'high' end\n"
	      "  return 1\n"
	      "end\n");
	cr_assert_eq(r.nscored, 3);
	assert_contains(unit_reason(&r, 1), "score returned a string ('high')");
}

Test(lua, on_error_unscored_does_not_cover_limits)
{
	lt_fails("on_error = unscored\nmax_instructions = 100000\n",
		 "function score(item) while true do end end\n", PRIO_ELIMIT);
	assert_contains(err, "instruction limit reached");
}

/* --- the sandbox ---------------------------------------------------------- */

/* Names in a space-separated list, sorted by the script. */
static void lt_assert_names(const char *got, const char *const *want)
{
	size_t n = 0, words = 1;

	cr_assert_not_null(got);
	for (const char *p = got; *p; p++)
		words += *p == ' ';
	for (; want[n]; n++) {
		char *w = xstrfmt(" %s ", want[n]), *g = xstrfmt(" %s ", got);
		cr_assert(strstr(g, w), "'%s' missing from '%s'", want[n], got);
		free(w);
		free(g);
	}
	cr_assert_eq(words, n, "expected exactly %zu names: '%s'", n, got);
}

#define LT_NAMES_OF(t)							\
	"function score(item)\n"					\
	"  local n = {}\n"						\
	"  for k in pairs(" t ") do n[#n + 1] = k end\n"		\
	"  table.sort(n)\n"						\
	"  return nil, table.concat(n, ' ')\n"				\
	"end\n"

Test(lua, globals_are_exactly_the_allowlist)
{
	static const char *const want[] = {
		"_G", "_VERSION", "assert", "days", "error", "getmetatable",
		"ipairs", "math", "next", "pairs", "params", "pcall", "print",
		"rawequal", "rawget", "rawlen", "score", "select",
		"setmetatable", "string", "table", "tonumber", "tostring",
		"type", "utf8", "xpcall", NULL
	};

	lt_ok(NULL, LT_NAMES_OF("_G"));
	lt_assert_names(unit_reason(&r, 0), want);
}

Test(lua, string_library_is_the_allowlist)
{
	static const char *const want[] = {
		"byte", "char", "find", "format", "gmatch", "gsub", "len",
		"lower", "match", "pack", "packsize", "rep", "reverse", "sub",
		"unpack", "upper", NULL
	};

	lt_ok(NULL, LT_NAMES_OF("string"));
	lt_assert_names(unit_reason(&r, 0), want);
}

Test(lua, math_library_is_the_allowlist)
{
	static const char *const want[] = {
		"abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp",
		"floor", "fmod", "huge", "log", "max", "maxinteger", "min",
		"mininteger", "modf", "pi", "rad", "random", "sin", "sqrt",
		"tan", "tointeger", "type", "ult", NULL
	};

	lt_ok(NULL, LT_NAMES_OF("math"));
	lt_assert_names(unit_reason(&r, 0), want);
}

Test(lua, global_table_is_the_sandbox)
{
	cr_assert_str_eq(lt_probe("_G._G == _G and _G.io == nil and "
				  "_ENV == _G"), "true");
}

/* An escape attempt: the rank fails, and the message says why. */
static void lt_escape(const char *attempt, const char *want)
{
	char *code = xstrfmt("function score(item)\n"
			     "  return %s\n"
			     "end\n", attempt);

	lt_fails(NULL, code, PRIO_EINVAL);
	free(code);
	assert_contains(err, "scoring/t.lua:2: item A: ");
	assert_contains(err, want);
}

Test(lua, no_io)
{
	lt_escape("io.open('/etc/passwd'):read('a')", "(global 'io')");
}

Test(lua, no_os_execute)
{
	lt_escape("os.execute('touch /tmp/prio-lua-escaped')", "(global 'os')");
}

Test(lua, no_clock)
{
	lt_escape("os.time()", "(global 'os')");
}

Test(lua, no_require)
{
	lt_escape("require('os')", "(global 'require')");
}

Test(lua, no_package_loadlib)
{
	lt_escape("package.loadlib('libc.so.6', 'system')", "(global 'package')");
}

Test(lua, no_debug)
{
	lt_escape("debug.getregistry()", "(global 'debug')");
}

Test(lua, no_load)
{
	lt_escape("load('return os')()", "(global 'load')");
}

Test(lua, no_loadstring)
{
	lt_escape("loadstring('return 1')()", "(global 'loadstring')");
}

Test(lua, no_loadfile)
{
	lt_escape("loadfile('/etc/passwd')", "(global 'loadfile')");
}

Test(lua, no_dofile)
{
	lt_escape("dofile('/etc/passwd')", "(global 'dofile')");
}

Test(lua, no_collectgarbage)
{
	lt_escape("collectgarbage('count')", "(global 'collectgarbage')");
}

Test(lua, no_rawset)
{
	lt_escape("rawset(item, 'x', 1)", "(global 'rawset')");
}

Test(lua, no_coroutine)
{
	lt_escape("coroutine.wrap(function() end)", "(global 'coroutine')");
}

Test(lua, no_string_dump)
{
	lt_escape("string.dump(score)", "(field 'dump')");
}

Test(lua, no_dump_through_the_string_metatable)
{
	lt_escape("('x'):dump()", "(method 'dump')");
}

Test(lua, string_metatable_is_locked)
{
	lt_escape("getmetatable('').__index.dump", "attempt to index a boolean");
}

Test(lua, string_metatable_cannot_be_replaced)
{
	lt_escape("setmetatable('', {})", "table expected, got string");
}

Test(lua, no_randomseed)
{
	lt_escape("math.randomseed(os)", "(field 'randomseed')");
}

Test(lua, setmetatable_refuses_gc)
{
	/* A finalizer runs with hooks off: nothing could stop a loop in it. */
	lt_escape("setmetatable({}, { __gc = function() while true do end "
		  "end })", "__gc metamethods are not allowed");
}

Test(lua, setmetatable_refuses_a_gc_placeholder)
{
	/* __gc = true, swapped for a function later, would mark the object */
	lt_escape("setmetatable({}, { __gc = true })",
		  "__gc metamethods are not allowed");
}

Test(lua, setmetatable_works_on_plain_tables)
{
	cr_assert_str_eq(lt_probe("setmetatable({}, { __index = function() "
				  "return 5 end }).anything"), "5");
}

Test(lua, item_metatable_is_protected)
{
	cr_assert_str_eq(lt_probe("getmetatable(item)"), "item");
	lt_teardown();
	lt_setup();
	lt_escape("setmetatable(item, {})", "cannot change a protected "
		  "metatable");
}

Test(lua, string_changes_stay_in_their_run)
{
	/*
	 * One script rewrites the string library at its top level; a second
	 * instance, and a second run of the first, see the real one.
	 */
	struct instance m2 = { 0 };
	char *ini, *sub = unit_path(dir, "scoring");
	const struct prio_method_ops *ops;

	lt_items();
	mkdir(sub, 0700);
	free(unit_write_str(sub, "a.lua",
			    "string.len = function() return 99 end\n"
			    "local mt = getmetatable('')\n"
			    "function score(item)\n"
			    "  return ('abc'):len(), tostring(mt)\n"
			    "end\n"));
	free(unit_write_str(sub, "b.lua", "function score(item)\n"
			    "  return ('abc'):len()\n"
			    "end\n"));
	ini = unit_write_str(dir, "t.ini", "[method.a]\nplugin = lua\n"
			     "script = scoring/a.lua\n\n[method.b]\n"
			     "plugin = lua\nscript = scoring/b.lua\n");
	cr_assert_eq(config_load_file(&cfg, ini, err), 0, "%s", err);
	m.plugin = m2.plugin = unit_plugin(&ps, UNIT_PLUGINS,
					   PRIO_KIND_METHOD, "lua");
	ops = m.plugin->desc->ops;
	m.section = xstrdup("method.a");
	m.sec.cfg = m2.sec.cfg = &cfg;
	m.sec.name = m.section;
	m2.section = xstrdup("method.b");
	m2.sec.name = m2.section;
	cr_assert_eq(ops->configure(&m.sec, &v, &m.state, err), 0, "%s", err);
	cr_assert_eq(ops->configure(&m2.sec, &v, &m2.state, err), 0, "%s", err);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "%s", err);
	cr_assert_float_eq(r.res.score[0], 99.0, 1e-12);
	cr_assert_str_eq(r.classes[r.res.klass[0]], "false");
	ranking_release(&r);
	cr_assert_eq(rank_run(&m2, &v, &r, err), 0, "%s", err);
	cr_assert_float_eq(r.res.score[0], 3.0, 1e-12);
	ranking_release(&r);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "%s", err);
	cr_assert_float_eq(r.res.score[0], 99.0, 1e-12);
	instance_close(&m2);
	free(ini);
	free(sub);
}

Test(lua, globals_do_not_survive_a_run)
{
	/* A counter in a global starts again with every run. */
	static const char *const code =
		"n = 0\nfunction score(item) n = n + 1 return n end\n";

	lt_ok(NULL, code);
	cr_assert_float_eq(r.res.score[4], 5.0, 1e-12);
	ranking_release(&r);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "%s", err);
	cr_assert_float_eq(r.res.score[0], 1.0, 1e-12);
	cr_assert_float_eq(r.res.score[4], 5.0, 1e-12);
}

Test(lua, random_is_the_same_on_every_run)
{
	double first[5];

	lt_ok(NULL, "function score(item) return math.random() end\n");
	memcpy(first, r.res.score, sizeof(first));
	cr_assert_neq(first[0], first[1]);
	ranking_release(&r);
	cr_assert_eq(rank_run(&m, &v, &r, err), 0, "%s", err);
	cr_assert_arr_eq(r.res.score, first, sizeof(first));
}

Test(lua, print_goes_to_stderr_not_the_output)
{
	char *out = unit_path(dir, "out"), *errf = unit_path(dir, "err");
	int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int e = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int so = dup(1), se = dup(2);
	char *text;

	cr_assert(o >= 0 && e >= 0 && so >= 0 && se >= 0);
	fflush(stdout);
	fflush(stderr);
	dup2(o, 1);
	dup2(e, 2);
	lt_ok(NULL, "print('loading')\n"
	      "function score(item)\n"
	      "  if item.key == 'A' then print('seen', item.key, 1.5) end\n"
	      "  return 1\n"
	      "end\n");
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(o);
	close(e);
	text = unit_read(out, NULL);
	cr_assert_str_eq(text, "");
	free(text);
	text = unit_read(errf, NULL);
	assert_contains(text, "prio: scoring/t.lua: loading\n");
	/* print's tab between values, as every control, shown as \t. */
	assert_contains(text, "prio: scoring/t.lua: seen\\tA\\t1.5\n");
	free(text);
	free(out);
	free(errf);
}

/* What a script that runs fine writes to stderr (standard output: none). */
static char *stderr_of(const char *code)
{
	char *path = unit_path(dir, "stderr"), *text;
	int e = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), se = dup(2);

	cr_assert(e >= 0 && se >= 0);
	fflush(stderr);
	dup2(e, 2);
	lt_ok(NULL, code);
	fflush(stderr);
	dup2(se, 2);
	close(e);
	close(se);
	text = unit_read(path, NULL);
	free(path);
	return text;
}

Test(lua, print_cannot_drive_the_terminal)
{
	char *text = stderr_of("print('\\27]0;PWNED\\7\\27[2J', '\\r\\194\\155')\n"
			       "function score(item) return 1 end\n");

	assert_contains(text, "prio: scoring/t.lua: \\e]0;PWNED\\a\\e[2J"
			"\\t\\r\\u009b\n");
	assert_not_contains(text, "\x1b");
	assert_not_contains(text, "\r");
	free(text);
}

Test(lua, a_flood_of_prints_is_cut_once_per_run)
{
	char *text = stderr_of("function score(item)\n"
			       "  for i = 1, 20000 do print(('x'):rep(100)) end\n"
			       "  return 1\n"
			       "end\n");
	const char *cut = "print: more than 64 KiB in one run; the rest is "
			  "not shown";
	size_t len = strlen(text);

	/* Each item prints 2 MB: 64 KiB show, and the prefixes of its lines. */
	cr_assert_lt(len, 64 * 1024 + 1000 * 64, "%zu bytes", len);
	cr_assert_gt(len, 64 * 1024, "%zu bytes", len);
	assert_contains(text, cut);
	cr_assert_null(strstr(strstr(text, cut) + 1, cut), "said once");
	free(text);
}

/* --- limits --------------------------------------------------------------- */

Test(lua, instruction_limit_names_line_and_item)
{
	lt_fails("max_instructions = 100000\n",
		 "function score(item)\n"
		 "  while true do\n"
		 "  end\n"
		 "end\n", PRIO_ELIMIT);
	assert_contains(err, "scoring/t.lua:");
	assert_contains(err, ": item A: instruction limit reached "
			"(max_instructions = 100000)");
}

Test(lua, instruction_budget_is_per_run)
{
	/* About 4 instructions a turn, 1000 turns an item, 5 items. */
	static const char *const code =
		"function score(item)\n"
		"  local s = 0\n"
		"  for i = 1, 1000 do s = s + i end\n"
		"  return s\n"
		"end\n";

	lt_fails("max_instructions = 10000\n", code, PRIO_ELIMIT);
	assert_contains(err, "instruction limit reached");
	assert_not_contains(err, "item A:");	/* A fits in the budget */
	lt_teardown();
	lt_setup();
	lt_ok("max_instructions = 100000\n", code);
	cr_assert_float_eq(r.res.score[4], 500500.0, 1e-9);
}

Test(lua, instruction_limit_at_load_time)
{
	lt_items();
	cr_assert_eq(lt_configure("max_instructions = 100000\n",
				  "while true do end\n"
				  "function score(item) return 1 end\n"),
		     PRIO_ELIMIT);
	assert_contains(err, "scoring/t.lua:1: instruction limit reached");
}

Test(lua, pcall_cannot_catch_a_limit)
{
	lt_fails("max_instructions = 100000\n",
		 "function score(item)\n"
		 "  while true do\n"
		 "    pcall(function() while true do end end)\n"
		 "  end\n"
		 "end\n", PRIO_ELIMIT);
	assert_contains(err, "instruction limit reached");
}

Test(lua, xpcall_cannot_catch_a_limit)
{
	lt_fails("max_instructions = 100000\n",
		 "function score(item)\n"
		 "  while true do\n"
		 "    xpcall(function() while true do end end,\n"
		 "           function(e) while true do end end)\n"
		 "  end\n"
		 "end\n", PRIO_ELIMIT);
	assert_contains(err, "instruction limit reached");
}

Test(lua, memory_limit_on_tables)
{
	lt_fails("max_memory = 1M\n",
		 "function score(item)\n"
		 "  local t = {}\n"
		 "  for i = 1, 1e7 do t[i] = i end\n"
		 "end\n", PRIO_ELIMIT);
	assert_contains(err, "scoring/t.lua: item A: memory limit reached "
			"(max_memory = 1M)");
}

Test(lua, memory_limit_inside_a_library_call)
{
	lt_fails("max_memory = 1M\n",
		 "function score(item) return #('x'):rep(1e8) end\n",
		 PRIO_ELIMIT);
	assert_contains(err, "memory limit reached (max_memory = 1M)");
}

Test(lua, pcall_cannot_catch_the_memory_limit)
{
	lt_fails("max_memory = 1M\n",
		 "function score(item)\n"
		 "  pcall(string.rep, 'x', 1e8)\n"
		 "  return 1\n"
		 "end\n", PRIO_ELIMIT);
	assert_contains(err, "memory limit reached");
}

Test(lua, memory_limit_at_load_time)
{
	lt_items();
	cr_assert_eq(lt_configure("max_memory = 1M\n",
				  "big = ('x'):rep(1e8)\n"
				  "function score(item) return 1 end\n"),
		     PRIO_ELIMIT);
	assert_contains(err, "scoring/t.lua: memory limit reached");
}

Test(lua, huge_strings_are_refused)
{
	lt_escape("('x'):rep(1 << 62)", "resulting string too large");
}

Test(lua, deep_recursion_is_an_error)
{
	lt_fails(NULL, "local function f(n) return f(n + 1) + 1 end\n"
		 "function score(item) return f(1) end\n", PRIO_EINVAL);
	assert_contains(err, "stack overflow");
}

static double lt_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(lua, timeout_in_lua_code_names_the_line)
{
	double start;

	lt_items();
	cr_assert_eq(lt_configure("max_instructions = 0\ntimeout = 1s\n",
				  "function score(item)\n"
				  "  while true do\n"
				  "  end\n"
				  "end\n"), 0, "%s", err);
	start = lt_seconds();
	cr_assert_eq(rank_run(&m, &v, &r, err), PRIO_ELIMIT, "%s", err);
	cr_assert_lt(lt_seconds() - start, 2.5);
	assert_contains(err, "scoring/t.lua:");
	assert_contains(err, ": item A: time limit reached (timeout = 1s)");
	assert_not_contains(err, "library call");
}

Test(lua, timeout_inside_a_library_call_kills_the_worker)
{
	/* The count hook never fires inside string.find: only a kill stops it. */
	double start;

	lt_items();
	cr_assert_eq(lt_configure("timeout = 500ms\n",
				  "function score(item)\n"
				  "  return ('a'):rep(40000):find(('a-'):rep(40) "
				  ".. 'b')\n"
				  "end\n"), 0, "%s", err);
	start = lt_seconds();
	cr_assert_eq(rank_run(&m, &v, &r, err), PRIO_ELIMIT, "%s", err);
	cr_assert_lt(lt_seconds() - start, 2.0);
	assert_contains(err, "scoring/t.lua: item A: time limit reached "
			"(timeout = 500ms); the worker was stopped inside a "
			"library call");
}

Test(lua, timeout_while_loading)
{
	lt_items();
	cr_assert_eq(lt_configure("timeout = 500ms\n",
				  "local x = ('a'):rep(40000):find(('a-'):rep(40) "
				  ".. 'b')\n"
				  "function score(item) return 1 end\n"),
		     PRIO_ELIMIT);
	assert_contains(err, "scoring/t.lua: time limit reached (timeout = "
			"500ms) while loading the script");
}

Test(lua, timeout_covers_the_whole_run)
{
	/* Five items of some 100 ms or more each: over the whole run. */
	lt_fails("max_instructions = 0\ntimeout = 400ms\n",
		 "function score(item)\n"
		 "  local s = 0\n"
		 "  for i = 1, 1e8 do s = s + i end\n"
		 "  return s\n"
		 "end\n", PRIO_ELIMIT);
	assert_contains(err, "time limit reached (timeout = 400ms)");
}

/* --- explain(item), for prio explain ------------------------------------- */

/*
 * Calls the plugin's explain op for item (after lt_ok or lt_example), as
 * prio explain does; returns its code, with what it wrote in *text.
 */
static int lt_explain(size_t item, char **text)
{
	const struct prio_method_ops *ops = m.plugin->desc->ops;
	char *path = unit_path(dir, "explain.out");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), rc;
	struct prio_out out = { .fd = fd, .name = "explain.out" };

	cr_assert(fd >= 0);
	cr_assert_not_null(ops->explain);
	err[0] = '\0';
	rc = ops->explain(m.state, &v, &r.res, item, &out, err);
	if (!rc)
		rc = out_flush(&out);
	buf_release(&out.b);
	close(fd);
	*text = unit_read(path, NULL);
	free(path);
	return rc;
}

/* explain(item) must work; returns what it wrote (static). */
static const char *lt_explain_ok(size_t item)
{
	static char *text;
	int rc;

	free(text);
	rc = lt_explain(item, &text);
	cr_assert_eq(rc, 0, "explain: %s", err);
	return text;
}

/* explain(item) must fail with rc; err says why. */
static void lt_explain_fails(size_t item, int rc)
{
	char *text;
	int got = lt_explain(item, &text);

	cr_assert_eq(got, rc, "explain gave %d, expected %d: %s", got, rc, err);
	cr_assert_str_eq(text, "", "lines written despite the error");
	free(text);
}

#define LT_SCORE_BV "function score(item) return item.business_value end\n"

Test(lua, explain_returns_a_table_of_lines)
{
	lt_ok("param.w = 2\n", LT_SCORE_BV
	      "function explain(item)\n"
	      "  return { item.key .. ': ' .. item.business_value .. ' * '\n"
	      "           .. params.w, 'labels ' .. #item.labels }\n"
	      "end\n");
	cr_assert_str_eq(lt_explain_ok(0), "A: 8.0 * 2\nlabels 2\n");
	cr_assert_str_eq(lt_explain_ok(2), "C: 20.0 * 2\nlabels 0\n");
	cr_assert_str_eq(lt_explain_ok(1), "B: 1.0 * 2\nlabels 1\n");
}

Test(lua, explain_returns_a_string)
{
	lt_ok(NULL, LT_SCORE_BV
	      "function explain(item)\n"
	      "  if item.key == 'A' then return 'one\\ntwo\\n' end\n"
	      "  if item.key == 'B' then return {} end\n"
	      "  return 'just ' .. item.title\n"
	      "end\n");
	cr_assert_str_eq(lt_explain_ok(0), "one\ntwo\n");
	cr_assert_str_eq(lt_explain_ok(1), "");
	cr_assert_str_eq(lt_explain_ok(3), "just Delta\n");
}

Test(lua, explain_without_the_function_shows_the_score)
{
	lt_ok(NULL, "function score(item)\n"
	      "  if item.key == 'D' then return nil, 'no' end\n"
	      "  return item.business_value / 8\n"
	      "end\n");
	cr_assert_str_eq(lt_explain_ok(0), "score(item) returned 1\n");
	cr_assert_str_eq(lt_explain_ok(4), "score(item) returned 0.125\n");
	cr_assert_str_eq(lt_explain_ok(3), "score(item) left it unscored\n");
}

Test(lua, explain_that_is_not_a_function_is_ignored)
{
	lt_ok(NULL, LT_SCORE_BV "explain = 'not a function'\n");
	cr_assert_str_eq(lt_explain_ok(1), "score(item) returned 1\n");
}

Test(lua, explain_bad_return_names_script_line_and_item)
{
	lt_ok(NULL, LT_SCORE_BV
	      "\n"
	      "function explain(item)\n"
	      "  if item.key == 'A' then return 5 end\n"
	      "  if item.key == 'B' then return { 'ok', item.labels } end\n"
	      "  if item.key == 'C' then return { 'ok', 7 } end\n"
	      "end\n");
	lt_explain_fails(0, PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:3: item A: explain returned 5: "
			"return a string, or a table of strings");
	lt_explain_fails(1, PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:3: item B: explain returned a "
			"table whose [2] is a table");
	lt_explain_fails(2, PRIO_EINVAL);
	assert_contains(err, "item C: explain returned a table whose [2] is 7");
	lt_explain_fails(3, PRIO_EINVAL);
	assert_contains(err, "item D: explain returned nil");
}

Test(lua, explain_error_names_script_line_and_item)
{
	lt_ok(NULL, LT_SCORE_BV
	      "function explain(item)\n"
	      "  return 'x' .. item.job_size\n"
	      "end\n");
	cr_assert_str_eq(lt_explain_ok(0), "x4.0\n");
	lt_explain_fails(3, PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:3: item D: attempt to concatenate "
			"a nil value (field 'job_size')");
}

Test(lua, explain_runs_in_the_sandbox)
{
	lt_ok(NULL, LT_SCORE_BV
	      "function explain(item) return io.open('/etc/passwd'):read('a') end\n");
	lt_explain_fails(0, PRIO_EINVAL);
	assert_contains(err, "scoring/t.lua:2: item A: ");
	assert_contains(err, "(global 'io')");
}

Test(lua, explain_has_the_limits_of_a_run)
{
	lt_ok("max_instructions = 100000\n", LT_SCORE_BV
	      "function explain(item)\n"
	      "  while true do end\n"
	      "end\n");
	lt_explain_fails(1, PRIO_ELIMIT);
	assert_contains(err, "scoring/t.lua:3: item B: instruction limit "
			"reached (max_instructions = 100000)");
	lt_teardown();
	lt_setup();
	lt_ok("max_memory = 1M\n", LT_SCORE_BV
	      "function explain(item) return ('x'):rep(1e8) end\n");
	lt_explain_fails(0, PRIO_ELIMIT);
	assert_contains(err, "item A: memory limit reached (max_memory = 1M)");
}

Test(lua, explain_inside_a_library_call_is_killed)
{
	double start;

	lt_ok("timeout = 500ms\n", LT_SCORE_BV
	      "function explain(item)\n"
	      "  return ('a'):rep(40000):find(('a-'):rep(40) .. 'b')\n"
	      "end\n");
	start = lt_seconds();
	lt_explain_fails(0, PRIO_ELIMIT);
	cr_assert_lt(lt_seconds() - start, 2.0);
	assert_contains(err, "scoring/t.lua: item A: time limit reached "
			"(timeout = 500ms); the worker was stopped inside a "
			"library call");
}

Test(lua, explain_starts_from_a_fresh_run)
{
	/* The top level runs again; nothing of the scoring run is left. */
	lt_ok(NULL, "n = 0\n"
	      "function score(item) n = n + 1 return n end\n"
	      "function explain(item) return 'n = ' .. n .. ', ' .. score(item) end\n");
	cr_assert_float_eq(r.res.score[4], 5.0, 1e-12);
	cr_assert_str_eq(lt_explain_ok(4), "n = 0, 1\n");
}

Test(lua, explain_text_is_limited)
{
	lt_ok(NULL, LT_SCORE_BV
	      "function explain(item) return { ('x'):rep(70000) } end\n");
	lt_explain_fails(0, PRIO_EINVAL);
	assert_contains(err, "explain returned more than 64 KB of text");
}

/* --- the example scripts in config/scoring -------------------------------- */

static void lt_example(const char *name, const char *keys)
{
	char *k = xstrfmt("script = %s\n%s",
			  unit_abs(name), keys ? keys : "");

	lt_items();
	cr_assert_eq(lt_rank(k, NULL), 0, "%s: %s", name, err);
	free(k);
}

Test(lua, example_wsjf_matches_the_wsjf_method)
{
	/* (8+5+3)/4 = 4, 3/1 = 3, 30/5 = 6, D no size, 1/8 = 0.125 */
	lt_example("config/scoring/wsjf.lua", NULL);
	cr_assert_float_eq(r.res.score[0], 4.0, 1e-12);
	cr_assert_float_eq(r.res.score[1], 3.0, 1e-12);
	cr_assert_float_eq(r.res.score[2], 6.0, 1e-12);
	cr_assert_str_eq(unit_reason(&r, 3), "job_size is missing");
	cr_assert_float_eq(r.res.score[4], 0.125, 1e-12);
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 2, 0, 1, 4, 3 }),
			 5 * sizeof(uint32_t));
}

Test(lua, example_rules_by_type_and_labels)
{
	lt_example("config/scoring/rules.lua",
		   "param.focus = checkout, payments\nparam.focus_boost = 1.5\n");
	/* A: 16/4 = 4, checkout is in focus: 6 */
	cr_assert_float_eq(r.res.score[0], 6.0, 1e-12);
	cr_assert_eq(r.res.klass[0], -1);
	/* B: a bug, not urgent */
	cr_assert_float_eq(r.res.score[1], 500.0, 1e-12);
	cr_assert_str_eq(r.classes[r.res.klass[1]], "fix");
	/* C: a spike, 30/5 / 2 = 3 */
	cr_assert_float_eq(r.res.score[2], 3.0, 1e-12);
	cr_assert_str_eq(unit_reason(&r, 3), "needs a job size above 0");
	/* E: a security bug */
	cr_assert_float_eq(r.res.score[4], 1000.0, 1e-12);
	cr_assert_str_eq(r.classes[r.res.klass[4]], "fix-now");
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 4, 1, 0, 2, 3 }),
			 5 * sizeof(uint32_t));
}

Test(lua, example_wsjf_explains_its_numbers)
{
	lt_example("config/scoring/wsjf.lua", NULL);
	cr_assert_str_eq(lt_explain_ok(0),
			 "cost of delay = business_value + time_criticality + "
			 "risk_reduction = 8 + 5 + 3 = 16\n"
			 "WSJF = cost of delay / job_size = 16 / 4 = 4\n");
	cr_assert_str_eq(lt_explain_ok(4),
			 "cost of delay = business_value + time_criticality + "
			 "risk_reduction = 1 + 0 + 0 = 1\n"
			 "WSJF = cost of delay / job_size = 1 / 8 = 0.125\n");
	cr_assert_str_eq(lt_explain_ok(3), "not scored: job_size is missing\n");
}

Test(lua, example_age_to_the_reference_date)
{
	lt_example("config/scoring/age.lua", "reference_date = 2026-11-23\n");
	/* A: 326 days, factor capped at 2: 8 * 2 / 4 */
	cr_assert_float_eq(r.res.score[0], 4.0, 1e-12);
	cr_assert_str_eq(r.classes[r.res.klass[0]], "stale");
	/* B: 175 days: 1 + 0.1 * 175 / 30 */
	cr_assert_float_eq(r.res.score[1], 1.0 + 0.1 * 175 / 30, 1e-12);
	cr_assert_eq(r.res.klass[1], -1);
	/* C: no created date: no rise */
	cr_assert_float_eq(r.res.score[2], 4.0, 1e-12);
	cr_assert_str_eq(unit_reason(&r, 3), "needs a job size above 0");
	/* E: 365 days: 1 * 2 / 8 */
	cr_assert_float_eq(r.res.score[4], 0.25, 1e-12);
	cr_assert_arr_eq(r.order, ((uint32_t[]){ 0, 2, 1, 4, 3 }),
			 5 * sizeof(uint32_t));
}
