/*
 * test_formats.c - the format plugins (plugins/format/): the core's
 * column mapping through each of them, csv, json's import, jira, markdown
 * and html. Each plugin is loaded from build/lib/prio/plugins and driven
 * through its ops, with the core's own section mapping (as format_open
 * reads it), sink (lenient, as `prio rank --in`: unknown columns kept as
 * text, the built-in fields typed; or strict, as `prio import`) and
 * output (bytes to a temporary file).
 * Ranked sets are made the way the core makes them: ranking_columns over
 * a struct ranking, and a view with rank, score, class, unscored first.
 */
#include "unit.h"

#include <prio/workflow.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static struct plugins fmt_ps;
static struct config fmt_cfg, fmt_defaults;
static struct schema fmt_schema;
static struct prio_section fmt_sec;
static struct mapping fmt_map;
static const struct prio_format_ops *fmt_ops;
static void *fmt_state;
static struct table fmt_t;
static struct prio_sink fmt_sink;
static struct ranking fmt_r;
static struct prio_items fmt_v;
static int fmt_have_v;
static char *fmt_tmp;
static char fmt_err[PRIO_ERR_MAX];
static char fmt_section[64];

static void fmt_new_table(void)
{
	table_for_schema(&fmt_t, &fmt_schema);
	memset(&fmt_sink, 0, sizeof(fmt_sink));
	fmt_sink.t = &fmt_t;
	fmt_sink.file = "x";
	fmt_sink.lenient = 1;
	fmt_sink.schema = NULL;
}

static void fmt_setup(void)
{
	memset(&fmt_ps, 0, sizeof(fmt_ps));
	memset(&fmt_cfg, 0, sizeof(fmt_cfg));
	memset(&fmt_defaults, 0, sizeof(fmt_defaults));
	memset(&fmt_sec, 0, sizeof(fmt_sec));
	memset(&fmt_r, 0, sizeof(fmt_r));
	fmt_state = NULL;
	fmt_have_v = 0;
	unit_config(&fmt_defaults, defaults_ini, "<built-in>");
	cr_assert_eq(schema_load(&fmt_schema, &fmt_defaults, fmt_err), 0, "%s",
		     fmt_err);
	fmt_new_table();
	fmt_tmp = unit_tmpdir();
	plugins_load(&fmt_ps, (char *[]){ (char *)unit_abs(UNIT_PLUGINS) }, 1,
		     &host_services);
}

static void fmt_close(void)
{
	if (fmt_state && fmt_ops->release)
		fmt_ops->release(fmt_state);
	fmt_state = NULL;
	mapping_release(&fmt_map);
	config_release(&fmt_cfg);
}

static void fmt_teardown(void)
{
	fmt_close();
	if (fmt_have_v)
		view_release(&fmt_v);
	ranking_release(&fmt_r);
	free(fmt_sink.colmap);
	table_release(&fmt_t);
	schema_release(&fmt_schema);
	config_release(&fmt_defaults);
	plugins_release(&fmt_ps);
	unit_rmtree(fmt_tmp);
	free(fmt_tmp);
}

TestSuite(fmt_csv, .init = fmt_setup, .fini = fmt_teardown);
TestSuite(fmt_json, .init = fmt_setup, .fini = fmt_teardown);
TestSuite(jira, .init = fmt_setup, .fini = fmt_teardown);
TestSuite(markdown, .init = fmt_setup, .fini = fmt_teardown);
TestSuite(html, .init = fmt_setup, .fini = fmt_teardown);

/*
 * Configures [format.NAME] (plugin NAME) with the keys in `keys` (lines
 * of INI) as format_open does: the core's mapping, then the plugin's
 * configure; returns the first error. c.ini line 3 is the first key.
 */
static int fmt_open(const char *plugin, const char *keys)
{
	const struct plugin *p = plugins_find(&fmt_ps, PRIO_KIND_FORMAT, plugin);
	char *ini;
	int rc;

	cr_assert_not_null(p, "plugin %s not loaded", plugin);
	fmt_close();
	fmt_ops = p->desc->ops;
	snprintf(fmt_section, sizeof(fmt_section), "format.%s", plugin);
	ini = xstrfmt("[%s]\nplugin = %s\n%s", fmt_section, plugin, keys);
	unit_config(&fmt_cfg, ini, "c.ini");
	free(ini);
	fmt_sec.cfg = &fmt_cfg;
	fmt_sec.name = fmt_section;
	fmt_sec.located = 0;
	fmt_err[0] = '\0';
	fmt_state = NULL;
	if ((rc = mapping_read(&fmt_map, &fmt_sec, fmt_err)))
		return rc;
	if (!fmt_ops->configure)
		return 0;
	return fmt_ops->configure(&fmt_sec, &fmt_state, fmt_err);
}

static void fmt_open_ok(const char *plugin, const char *keys)
{
	cr_assert_eq(fmt_open(plugin, keys), 0, "%s", fmt_err);
	cr_assert_eq(config_unused(&fmt_cfg, fmt_section, "plugin", fmt_err), 0,
		     "a key the plugin did not read: %s", fmt_err);
}

static int fmt_import_len(const char *data, size_t len)
{
	fmt_err[0] = '\0';
	fmt_sink.map = &fmt_map;
	fmt_sink.section = fmt_section;
	return fmt_ops->import(fmt_state, "x", data, len, &fmt_sink, fmt_err);
}

/* From now on, the sink is as prio import's: unknown columns refused. */
static void fmt_strict(void)
{
	fmt_sink.lenient = 0;
	fmt_sink.schema = &fmt_schema;
}

static int fmt_import(const char *data)
{
	return fmt_import_len(data, strlen(data));
}

static void fmt_import_ok(const char *data)
{
	cr_assert_eq(fmt_import(data), 0, "%s", fmt_err);
}

/* Starts over with an empty table (and sink). */
static void fmt_reset(void)
{
	if (fmt_have_v)
		view_release(&fmt_v);
	fmt_have_v = 0;
	ranking_release(&fmt_r);
	free(fmt_sink.colmap);
	table_release(&fmt_t);
	fmt_new_table();
}

/*
 * Keeps the table the file made in *keep (the caller releases it) and
 * starts over with an empty one.
 */
static void fmt_detach(struct table *keep)
{
	if (fmt_have_v)
		view_release(&fmt_v);
	fmt_have_v = 0;
	ranking_release(&fmt_r);
	*keep = fmt_t;
	free(fmt_sink.colmap);
	fmt_new_table();
}

/* The column the file brought in (the sink marked it), or -1. */
static int fmt_col(const char *name)
{
	int c = table_find(&fmt_t, name, strlen(name));
	return c >= 0 && fmt_t.cols[c].wanted ? c : -1;
}

static const char *fmt_cell(const char *name, size_t row)
{
	int c = fmt_col(name);

	cr_assert_geq(c, 0, "no column '%s'", name);
	return unit_cell(&fmt_t, c, row);
}

#define fmt_cell_eq(name, row, want)					\
	do {								\
		const char *got_ = fmt_cell(name, row);			\
		cr_assert(got_ && !strcmp(got_, want),			\
			  "%s[%d]: '%s', expected '%s'", name, (int)(row), \
			  got_ ? got_ : "(none)", want);		\
	} while (0)

/* Runs the export over v into a file and returns its bytes. */
static char *fmt_export_view(struct prio_items *v)
{
	char *path = unit_path(fmt_tmp, "out");
	struct prio_out out = { .name = path };
	char *data;
	int rc;

	out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	cr_assert_geq(out.fd, 0);
	fmt_err[0] = '\0';
	v->columns = mapping_columns(&fmt_map, v);	/* as export_to does */
	rc = fmt_ops->export(fmt_state, v, &out, fmt_err);
	free(v->columns);
	v->columns = NULL;
	cr_assert_eq(rc, 0, "%s", fmt_err);
	cr_assert_eq(out_flush(&out), 0);
	buf_release(&out.b);
	close(out.fd);
	data = unit_read(path, NULL);
	free(path);
	return data;
}

/* The columns of the table the file brought in, as the core exports them. */
static char *fmt_export_plain(void)
{
	int cols[256], nc = 0;
	struct prio_items v;
	char *out;

	for (size_t c = 0; c < fmt_t.ncols && nc < 256; c++)
		if (fmt_t.cols[c].wanted)
			cols[nc++] = (int)c;
	view_some(&v, &fmt_t, cols, nc, NULL, fmt_t.nrows);
	out = fmt_export_view(&v);
	view_release(&v);
	return out;
}

/*
 * Ranks the table as a method would have: score[i] (NaN: unscored, with
 * the reason why[i]) and class klass[i] (NULL: none); then makes the view
 * the core hands exporters: rank, score, class, unscored, then the fields
 * the file has, best first, and the describe() answers.
 */
static void fmt_rank(const double *score, const char *const *klass,
		     const char *const *why)
{
	size_t n = fmt_t.nrows, ns = 0;
	int cols[256], nc = 0, rank;

	fmt_r.res.count = n;
	fmt_r.res.score = xmalloc((n ? n : 1) * sizeof(double));
	fmt_r.res.klass = xmalloc((n ? n : 1) * sizeof(int));
	fmt_r.reason = xcalloc(n ? n : 1, sizeof(uint32_t));
	fmt_r.order = xmalloc((n ? n : 1) * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		fmt_r.res.score[i] = score[i];
		fmt_r.res.klass[i] = klass && klass[i] ?
			host_services.class_id(&fmt_r.res, klass[i]) : -1;
		if (isnan(score[i]))
			host_services.unscored(&fmt_r.res, i, "%s",
					       why && why[i] ? why[i] : "no score");
	}
	/* Best first, ties in row order (insertion sort: stable). */
	for (size_t i = 0; i < n; i++) {
		size_t k;
		if (isnan(score[i]))
			continue;
		for (k = ns; k > 0 && score[fmt_r.order[k - 1]] < score[i]; k--)
			fmt_r.order[k] = fmt_r.order[k - 1];
		fmt_r.order[k] = (uint32_t)i;
		ns++;
	}
	fmt_r.nscored = ns;
	for (size_t i = 0, u = ns; i < n; i++)
		if (isnan(score[i]))
			fmt_r.order[u++] = (uint32_t)i;
	rank = ranking_columns(&fmt_r, &fmt_t);
	for (int c = rank; c < rank + 4; c++)
		cols[nc++] = c;
	for (int c = 0; c < rank; c++)
		if (fmt_t.cols[c].wanted)
			cols[nc++] = c;
	view_some(&fmt_v, &fmt_t, cols, nc, fmt_r.order, n);
	fmt_have_v = 1;
	view_describe(&fmt_v, "generated", "2026-01-31T09:00:00Z");
	view_describe(&fmt_v, "method", "shop");
	view_describe(&fmt_v, "method.plugin", "wsjf");
	view_describe(&fmt_v, "method.config", "plugin = wsjf\nscale = <none> & \"raw\"\n");
}

/* A small backlog with the awkward values every format must survive. */
static const char fmt_backlog[] =
	"id,key,title,type,status,labels,estimate,value,effort,created\n"
	"1,SHOP-1,Guest checkout,story,ready,\"checkout,conversion\",5,9,2,"
	"2026-01-05T10:00:00Z\n"
	"2,SHOP-2,\"Pipes | and *stars* <b>bold</b> & \"\"quotes\"\" it's\","
	"bug,new,urgent,3,6,1,\n"
	"3,,\"Two\nlines\",task,new,,,4,8,\n"
	"4,SHOP-4,Wishlist,story,proposed,,,5,,\n"
	"5,SHOP-5,Dark mode,story,new,ui,2,3,2,\n";

static const double fmt_scores[] = { 4.5, 6, 0.5, NAN, 1.5 };
static const char *const fmt_classes[] = {
	"quick-win", "fill-in", "time-sink", NULL, "fill-in"
};
static const char *const fmt_why[] = {
	NULL, NULL, NULL, "effort is missing", NULL
};

static void fmt_ranked_backlog(void)
{
	fmt_open_ok("csv", "");
	fmt_import_ok(fmt_backlog);
	fmt_rank(fmt_scores, fmt_classes, fmt_why);
}

/* Every cell of every column of a and b is the same. */
static void fmt_same_tables(struct table *a, struct table *b)
{
	cr_assert_eq(a->nrows, b->nrows, "%zu rows, then %zu", a->nrows,
		     b->nrows);
	for (size_t c = 0; c < a->ncols; c++) {
		int d;
		if (!a->cols[c].wanted || field_is_computed(a->cols[c].name,
							    strlen(a->cols[c].name)))
			continue;
		d = table_find(b, a->cols[c].name, strlen(a->cols[c].name));
		cr_assert(d >= 0 && b->cols[d].wanted, "column %s lost",
			  a->cols[c].name);
		for (size_t r = 0; r < a->nrows; r++) {
			const char *x = unit_cell(a, (int)c, r);
			const char *y = unit_cell(b, d, r);
			cr_assert((!x && !y) || (x && y && !strcmp(x, y)),
				  "%s[%zu]: '%s', then '%s'", a->cols[c].name, r,
				  x ? x : "(none)", y ? y : "(none)");
		}
	}
}

/* CSV: mapping and ignoring columns ---------------------------------------- */

Test(fmt_csv, map_renames_a_column)
{
	fmt_open_ok("csv", "map.Story Points = job_size\n");
	fmt_import_ok("title,Story Points\na,5\n");
	fmt_cell_eq("job_size", 0, "5");
	cr_assert_eq(fmt_col("Story Points"), -1);
}

Test(fmt_csv, map_ignores_blanks_but_not_case)
{
	fmt_open_ok("csv", "map.Custom field (Story Points) = estimate\n"
		    "map.Value = business_value\n");
	fmt_import_ok("title, Custom field (Story Points) ,Value,value\n"
		      "a,8,1,2\n");
	fmt_cell_eq("estimate", 0, "8");
	fmt_cell_eq("business_value", 0, "1");
	fmt_cell_eq("value", 0, "2");
}

Test(fmt_csv, ignore_drops_columns)
{
	fmt_open_ok("csv", "ignore = Notes, Owner\n");
	fmt_import_ok("Notes,title,x, Owner \nn1,a,1,o1\n\"n,2\",b,2,o2\n");
	cr_assert_eq(fmt_col("Notes"), -1);
	cr_assert_eq(fmt_col("Owner"), -1);
	fmt_cell_eq("title", 0, "a");
	fmt_cell_eq("x", 0, "1");
	fmt_cell_eq("title", 1, "b");
	fmt_cell_eq("x", 1, "2");
	cr_assert_eq(table_line(&fmt_t, 1), 3);
}

Test(fmt_csv, an_empty_map_ignores_too)
{
	fmt_open_ok("csv", "map.Sprint =\n");
	fmt_import_ok("title,Sprint\na,S1\n");
	cr_assert_eq(fmt_col("Sprint"), -1);
	fmt_cell_eq("title", 0, "a");
}

Test(fmt_csv, ragged_rows_are_caught_with_columns_ignored)
{
	fmt_open_ok("csv", "ignore = Notes\n");
	cr_assert_eq(fmt_import("title,Notes,x\na,n,1\n\"b\nc\",n\nd,n,3,4\n"),
		     PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "x:3: 2 values where the header has 3 columns");
	cr_assert(fmt_sink.failed, "the sink's own message");
}

Test(fmt_csv, two_columns_on_one_field)
{
	fmt_open_ok("csv", "map.Story Points = job_size\n");
	cr_assert_eq(fmt_import("title,job_size,Story Points\na,1,2\n"),
		     PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "x:1: columns 'job_size' and 'Story Points' "
			 "both go to field 'job_size'");
	fmt_reset();
	fmt_open_ok("csv", "map.A = job_size\nmap. B = job_size\n");
	cr_assert_eq(fmt_import("title,A,B\na,1,2\n"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "x:1: columns 'A' and 'B' both go to field "
			 "'job_size'");
	fmt_reset();
	fmt_open_ok("csv", "");
	cr_assert_eq(fmt_import("title,x, x\na,1,2\n"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "x:1: column 'x' appears twice");
}

Test(fmt_csv, bad_mapping_keys_name_file_and_line)
{
	cr_assert_eq(fmt_open("csv", "map.Story Points = Job Size\n"),
		     PRIO_EINVAL);
	assert_contains(fmt_err, "c.ini:3: [format.csv] map.Story Points = "
			"'Job Size': expected a field name");
	cr_assert_null(fmt_state);
	cr_assert_eq(fmt_open("csv", "map.Notes = note\nignore = a, Notes\n"),
		     PRIO_EINVAL);
	assert_contains(fmt_err, "c.ini:4: [format.csv] ignore");
	assert_contains(fmt_err, "column 'Notes' also appears in map.Notes");
	cr_assert_eq(fmt_open("csv", "map.Notes = 9lives\n"), PRIO_EINVAL);
	cr_assert_eq(fmt_open("csv", "map. = x\n"), PRIO_EINVAL);
	assert_contains(fmt_err, "an empty column name");
}

Test(fmt_csv, export_writes_mapped_names_and_imports_back)
{
	char *out;
	struct table first;

	fmt_open_ok("csv", "map.Story Points = job_size\nignore = Notes\n");
	fmt_import_ok("title,Story Points,Notes\na,5,n\n\"b, c\",,m\n");
	out = fmt_export_plain();
	cr_assert_str_eq(out, "title,Story Points\na,5\n\"b, c\",\n");
	fmt_detach(&first);
	fmt_import_ok(out);
	fmt_same_tables(&first, &fmt_t);
	table_release(&first);
	free(out);
}

/* The core's mapping, the same through csv, json and jira ---------------- */

TestSuite(mapping, .init = fmt_setup, .fini = fmt_teardown);

static const char map_keys[] =
	"map.Issue key = key\n"
	"map.Summary = title\n"
	"map.Story Points = job_size\n"
	"map. Value = business_value\n"
	"ignore = Notes, Owner\n";

/* The same two items, as each format writes them. */
static const char map_csv[] =
	"Issue key,Summary,Story Points,Value,Notes,Owner\n"
	"M-1,First,5,8,\"a note, long\",ann\n"
	"\n"
	"M-2,Second,,3,,bob\n";
static const char map_json[] =
	"[\n"
	"  {\"Issue key\": \"M-1\", \"Summary\": \"First\", \"Story Points\": 5,\n"
	"   \"Value\": 8, \"Notes\": \"a note, long\", \"Owner\": \"ann\"},\n"
	"  {\"Issue key\": \"M-2\", \"Summary\": \"Second\", \"Story Points\": null,"
	" \"Value\": 3, \"Notes\": null, \"Owner\": \"bob\"}\n"
	"]\n";

/* Imports data with map_keys through plugin, strictly, and checks it. */
static void map_import_ok(const char *plugin, const char *data)
{
	fmt_reset();
	fmt_strict();
	fmt_open_ok(plugin, map_keys);
	cr_assert_eq(fmt_import(data), 0, "%s: %s", plugin, fmt_err);
	cr_assert_eq(fmt_t.nrows, 2, "%s", plugin);
	fmt_cell_eq("key", 0, "M-1");
	fmt_cell_eq("title", 0, "First");
	fmt_cell_eq("job_size", 0, "5");
	fmt_cell_eq("business_value", 0, "8");
	fmt_cell_eq("key", 1, "M-2");
	cr_assert_null(fmt_cell("job_size", 1));
	fmt_cell_eq("business_value", 1, "3");
	/* Mapped over jira's own default (Story Points -> estimate) too. */
	cr_assert_eq(fmt_col("estimate"), -1, "%s", plugin);
	cr_assert_eq(table_find(&fmt_t, "Notes", 5), -1, "%s", plugin);
	cr_assert_eq(table_find(&fmt_t, "Owner", 5), -1, "%s", plugin);
	cr_assert_eq(table_line(&fmt_t, 1), 4, "%s: the line of M-2", plugin);
}

Test(mapping, maps_and_ignores_alike_in_csv_json_and_jira)
{
	map_import_ok("csv", map_csv);
	map_import_ok("jira", map_csv);
	map_import_ok("json", map_json);	/* M-2's object starts on line 4 */
}

Test(mapping, exports_write_the_mapped_names_and_read_back)
{
	static const char *const plugins[] = { "csv", "json" };
	static const char *const heads[][4] = {
		{ "Issue key,", "Summary,", "Value,", "Story Points\n" },
		{ "\"Issue key\": \"M-1\"", "\"Summary\": \"First\"",
		  "\"Story Points\": 5", "\"Value\": 8" },
	};

	for (size_t k = 0; k < ARRAY_SIZE(plugins); k++) {
		struct table first;
		char *out;

		map_import_ok(plugins[k], k ? map_json : map_csv);
		out = fmt_export_plain();
		for (size_t h = 0; h < 4; h++)
			assert_contains(out, heads[k][h]);
		cr_assert_null(strstr(out, "job_size"), "%s", out);
		fmt_detach(&first);
		fmt_strict();
		cr_assert_eq(fmt_import(out), 0, "%s: %s", plugins[k], fmt_err);
		fmt_same_tables(&first, &fmt_t);
		table_release(&first);
		free(out);
	}
}

Test(mapping, an_unknown_column_is_an_error_unless_mapped_or_ignored)
{
	static const char keys[] = "map.Issue key = key\nmap.Summary = title\n"
				   "map.Story Points = job_size\n"
				   "map.Value = business_value\nignore = Notes\n";

	fmt_strict();
	fmt_open_ok("csv", keys);
	cr_assert_eq(fmt_import(map_csv), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "x:1: unknown column 'Owner'; declare a "
			 "[field.NAME] section to keep it, or add to "
			 "[format.csv]:\n  ignore = Owner");
	cr_assert(fmt_sink.failed);
	cr_assert_eq(fmt_t.nrows, 0);

	fmt_reset();
	fmt_strict();
	fmt_open_ok("json", keys);
	cr_assert_eq(fmt_import(map_json), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "x:1: unknown column 'Owner'; declare a "
			 "[field.NAME] section to keep it, or add to "
			 "[format.json]:\n  ignore = Owner");

	/* A lower-case name could be a field: say how to declare it. */
	fmt_reset();
	fmt_strict();
	fmt_open_ok("csv", "");
	cr_assert_eq(fmt_import("title,colour\na,red\n"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "x:1: unknown column 'colour'; declare a "
			 "[field.colour] section to keep it, or add to "
			 "[format.csv]:\n  ignore = colour");

	/* Jira drops the columns it does not know, as it always has. */
	fmt_reset();
	fmt_strict();
	fmt_open_ok("jira", keys);
	cr_assert_eq(fmt_import(map_csv), 0, "%s", fmt_err);
	cr_assert_eq(table_find(&fmt_t, "Owner", 5), -1);
}

Test(mapping, a_map_to_an_unknown_field_names_the_ini_line)
{
	static const char *const plugins[] = { "csv", "json", "jira" };

	for (size_t k = 0; k < ARRAY_SIZE(plugins); k++) {
		char want[200];

		fmt_open_ok(plugins[k], "ignore = Notes\n"
			    "map.Story Points = points\nmap.Rank = rank\n");
		cr_assert_eq(mapping_check(&fmt_map, &fmt_sec, &fmt_t, fmt_err),
			     PRIO_EINVAL);
		snprintf(want, sizeof(want), "c.ini:4: [format.%s] map.Story "
			 "Points = 'points': unknown field (declare it in a "
			 "[field.points] section)", plugins[k]);
		cr_assert_str_eq(fmt_err, want);
	}
	/* rank, score, class: computed, read and dropped, like an export's. */
	fmt_open_ok("csv", "map.Rank = rank\nmap.Points = job_size\n");
	cr_assert_eq(mapping_check(&fmt_map, &fmt_sec, &fmt_t, fmt_err), 0,
		     "%s", fmt_err);
}

Test(mapping, json_arrays_go_to_a_key_mapped_to_labels)
{
	fmt_open_ok("json", "map.tags = labels\n");
	fmt_import_ok("[{\"title\": \"a\", \"tags\": [\"x\", \"y\"]}]");
	fmt_cell_eq("labels", 0, "x,y");
	cr_assert_eq(fmt_col("tags"), -1);
	fmt_reset();
	fmt_open_ok("json", "map.labels = title\n");
	cr_assert_eq(fmt_import("[{\"labels\": [\"x\"]}]"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "1: item 1: field labels: an array is not a "
			 "value prio takes (a string, a number or null)");
}

Test(mapping, section_names_match_the_file_not_the_fields)
{
	/*
	 * Jira names fields itself after asking the section: an "ignore"
	 * of a field's name must not drop the field that Jira's own
	 * "Labels" column became.
	 */
	fmt_open_ok("jira", "ignore = labels\n");
	fmt_import_ok("Summary,Labels\na,x\n");
	fmt_cell_eq("labels", 0, "x");
}

Test(fmt_csv, tricky_values_go_round_unchanged)
{
	char *out, *again;
	struct table first;

	fmt_open_ok("csv", "");
	fmt_import_ok("title,note,estimate\n"
		      "\" leading and trailing \",\"a,b\",1.5\n"
		      "\"quote \"\" inside\",\"cr\r\nlf\",0.1\n"
		      "'single',\"\"\"\",-2\n"
		      "\"only\rcr\",tab\there,\n");
	out = fmt_export_plain();
	fmt_detach(&first);
	fmt_import_ok(out);
	fmt_same_tables(&first, &fmt_t);
	fmt_cell_eq("title", 0, " leading and trailing ");
	fmt_cell_eq("note", 1, "cr\r\nlf");
	again = fmt_export_plain();
	cr_assert_str_eq(again, out, "a second export is the same file");
	table_release(&first);
	free(out);
	free(again);
}

/* JSON ---------------------------------------------------------------------- */

Test(fmt_json, descriptor_imports_and_exports)
{
	fmt_open_ok("json", "");
	cr_assert_not_null(fmt_ops->import);
	cr_assert_not_null(fmt_ops->export);
	cr_assert_str_eq(fmt_ops->extensions[0], "json");
}

Test(fmt_json, keys_are_the_union_in_first_seen_order)
{
	fmt_open_ok("json", "");
	fmt_import_ok("[\n"
		      "  {\"title\": \"a\", \"x\": 1},\n"
		      "  {\"y\": \"why\", \"title\": \"b\"},\n"
		      "  {\"x\": 3}\n"
		      "]\n");
	cr_assert_eq(fmt_t.nrows, 3);
	cr_assert_eq(fmt_col("x"), (int)fmt_t.ncols - 2, "x, then y");
	cr_assert_eq(fmt_col("y"), (int)fmt_t.ncols - 1);
	fmt_cell_eq("title", 0, "a");
	fmt_cell_eq("x", 0, "1");
	cr_assert_null(fmt_cell("y", 0));
	fmt_cell_eq("y", 1, "why");
	fmt_cell_eq("title", 1, "b");
	cr_assert_null(fmt_cell("x", 1));
	cr_assert_null(fmt_cell("title", 2));
	fmt_cell_eq("x", 2, "3");
	/* Each row has the line its object starts on. */
	cr_assert_eq(table_line(&fmt_t, 0), 2);
	cr_assert_eq(table_line(&fmt_t, 1), 3);
	cr_assert_eq(table_line(&fmt_t, 2), 4);
}

Test(fmt_json, numbers_come_back_as_the_shortest_exact_text)
{
	fmt_open_ok("json", "");
	fmt_import_ok("[{\"a\": 5, \"b\": 5.0, \"c\": 0.1, \"d\": -0.5, "
		      "\"e\": 12345678901234567, \"f\": 1.5e-7, \"g\": 1e21, "
		      "\"h\": 17.666666666666668, \"i\": 0.30000000000000004, "
		      "\"j\": -0}]");
	fmt_cell_eq("a", 0, "5");
	fmt_cell_eq("b", 0, "5");
	fmt_cell_eq("c", 0, "0.1");
	fmt_cell_eq("d", 0, "-0.5");
	fmt_cell_eq("e", 0, "12345678901234567");
	fmt_cell_eq("f", 0, "1.5e-07");
	fmt_cell_eq("g", 0, "1e+21");
	fmt_cell_eq("h", 0, "17.666666666666668");
	fmt_cell_eq("i", 0, "0.30000000000000004");
	fmt_cell_eq("j", 0, "0");
}

Test(fmt_json, strings_null_and_labels)
{
	fmt_open_ok("json", "");
	fmt_import_ok("[{\"title\": \"caf\\u00e9 \\\"q\\\"\\n\\t\", \"note\": null, "
		      "\"labels\": [\"a\", \"b\", \"\", \"c d\"]}]");
	fmt_cell_eq("title", 0, "caf\xc3\xa9 \"q\"\n\t");
	cr_assert_null(fmt_cell("note", 0));
	fmt_cell_eq("labels", 0, "a,b,c d");
}

Test(fmt_json, what_cannot_be_a_value_names_line_item_and_field)
{
	fmt_open_ok("json", "");
	cr_assert_eq(fmt_import("[\n{\"title\": \"a\"},\n\n  {\"title\": \"b\",\n"
				"   \"done\": true}\n]"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "4: item 2: field done: true is not a value "
			 "prio takes (a string, a number or null)");
	cr_assert_eq(fmt_import("[{\"x\": {\"y\": 1}}]"), PRIO_EINVAL);
	assert_contains(fmt_err, "1: item 1: field x: an object is not a value");
	cr_assert_eq(fmt_import("[{\"x\": [1]}]"), PRIO_EINVAL);
	assert_contains(fmt_err, "field x: an array is not a value");
	cr_assert_eq(fmt_import("[{\"labels\": [\"a\", 2]}]"), PRIO_EINVAL);
	assert_contains(fmt_err, "item 1: field labels: expected strings in the "
			"array, not a number");
	cr_assert_eq(fmt_import("[{\"labels\": [\"a,b\"]}]"), PRIO_EINVAL);
	assert_contains(fmt_err, "label 'a,b' has a comma");
	cr_assert_eq(fmt_import("[{\"labels\": false}]"), PRIO_EINVAL);
	assert_contains(fmt_err, "or an array of strings");
}

Test(fmt_json, syntax_errors_say_the_line)
{
	fmt_open_ok("json", "");
	cr_assert_eq(fmt_import("[\n  {\"a\": 1},\n  {\"a\": }\n]\n"),
		     PRIO_EINVAL);
	cr_assert(!strncmp(fmt_err, "3: ", 3), "%s", fmt_err);
	cr_assert_eq(fmt_import("[\n{\"a\": 1, \"a\": 2}]"), PRIO_EINVAL);
	assert_contains(fmt_err, "2: duplicate object key");
	cr_assert_eq(fmt_import(""), PRIO_EINVAL);
	cr_assert(!strncmp(fmt_err, "1: ", 3), "%s", fmt_err);
	cr_assert_not(fmt_sink.have_columns);
}

Test(fmt_json, the_top_must_be_an_array_of_objects)
{
	fmt_open_ok("json", "");
	cr_assert_eq(fmt_import("{\"title\": \"a\"}"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "1: expected an array of item objects, not an "
			 "object");
	cr_assert_eq(fmt_import("[\n{\"title\": \"a\"},\n\"b\"]"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "3: item 2: expected an object, not a string");
}

Test(fmt_json, an_empty_array_is_no_items)
{
	fmt_open_ok("json", "");
	fmt_import_ok(" [ ] ");
	cr_assert(fmt_sink.have_columns);
	cr_assert_eq(fmt_t.nrows, 0);
}

Test(fmt_json, byte_order_mark_and_no_nul_terminator)
{
	static const char data[] = "\xef\xbb\xbf[{\"title\": \"a\"}]GARBAGE";

	fmt_open_ok("json", "");
	cr_assert_eq(fmt_import_len(data, sizeof(data) - 1 - 7), 0, "%s",
		     fmt_err);
	fmt_cell_eq("title", 0, "a");
}

Test(fmt_json, export_numbers_text_and_null)
{
	char *out;

	fmt_ranked_backlog();
	fmt_open_ok("json", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "{\"rank\": 1, \"score\": 6, \"class\": \"fill-in\", "
			"\"unscored\": null, \"id\": 2, \"key\": \"SHOP-2\", "
			"\"title\": \"Pipes | and *stars* <b>bold</b> & \\\"quotes\\\" "
			"it's\"");
	assert_contains(out, "\"title\": \"Two\\nlines\"");
	assert_contains(out, "\"rank\": null, \"score\": null, \"class\": null, "
			"\"unscored\": \"effort is missing\"");
	free(out);
}

Test(fmt_json, export_then_import_loses_nothing)
{
	char *out, *again;
	struct table first;

	fmt_ranked_backlog();
	fmt_open_ok("json", "");
	out = fmt_export_view(&fmt_v);
	fmt_detach(&first);
	fmt_import_ok(out);
	/* Rows came in ranked order: compare by id. */
	cr_assert_eq(fmt_t.nrows, first.nrows);
	for (size_t r = 0; r < fmt_t.nrows; r++) {
		size_t want = (size_t)atoi(fmt_cell("id", r)) - 1;
		for (size_t c = 0; c < first.ncols; c++) {
			const char *name = first.cols[c].name;
			const char *x, *y;
			if (!first.cols[c].wanted ||
			    field_is_computed(name, strlen(name)))
				continue;
			x = unit_cell(&first, (int)c, want);
			y = fmt_cell(name, r);
			cr_assert((!x && !y) || (x && y && !strcmp(x, y)),
				  "%s of item %zu: '%s', then '%s'", name,
				  want + 1, x ? x : "(none)", y ? y : "(none)");
		}
	}
	table_release(&first);
	/* And the same again, byte for byte. */
	fmt_rank((const double[]){ 6, 4.5, 1.5, 0.5, NAN },
		 (const char *const[]){ "fill-in", "quick-win", "fill-in",
					"time-sink", NULL },
		 (const char *const[]){ NULL, NULL, NULL, NULL,
					"effort is missing" });
	again = fmt_export_view(&fmt_v);
	cr_assert_str_eq(again, out);
	free(out);
	free(again);
}

/* Jira ---------------------------------------------------------------------- */

static void fmt_jira_fixture(const char *keys)
{
	size_t len;
	char *data = unit_read("tests/data/formats/jira-export.csv", &len);

	fmt_open_ok("jira", keys);
	cr_assert_eq(fmt_import_len(data, len), 0, "%s", fmt_err);
	free(data);
}

Test(jira, imports_the_export_as_jira_writes_it)
{
	fmt_jira_fixture("");
	cr_assert_eq(fmt_t.nrows, 6);
	fmt_cell_eq("key", 0, "SHOP-100");
	fmt_cell_eq("title", 0, "Loyalty programme");
	fmt_cell_eq("type", 0, "epic");
	fmt_cell_eq("status", 0, "new");
	fmt_cell_eq("created", 0, "2026-11-01T09:00:00Z");
	cr_assert_null(fmt_cell("parent", 0));

	/* Repeated Labels joined; Epic Link as the parent; points as they are. */
	fmt_cell_eq("labels", 1, "loyalty,checkout");
	fmt_cell_eq("status", 1, "in-progress");
	fmt_cell_eq("estimate", 1, "5.0");
	fmt_cell_eq("parent", 1, "SHOP-100");
	fmt_cell_eq("created", 1, "2026-11-02T10:30:00Z");

	/* Parent as an issue id becomes that key. */
	fmt_cell_eq("labels", 2, "loyalty,ui,account");
	fmt_cell_eq("parent", 2, "SHOP-100");
	fmt_cell_eq("created", 2, "2026-11-03T14:05:00Z");
	fmt_cell_eq("type", 3, "bug");
	fmt_cell_eq("status", 3, "done");
	cr_assert_null(fmt_cell("labels", 3));
	fmt_cell_eq("type", 4, "task");		/* Sub-task */
	fmt_cell_eq("parent", 4, "SHOP-101");
	fmt_cell_eq("created", 4, "2026-11-16T12:00:00Z");
	fmt_cell_eq("type", 5, "spike");
	fmt_cell_eq("status", 5, "proposed");	/* Backlog */
	fmt_cell_eq("title", 5, "Evaluate a rules engine (Drools, \"Easy Rules\")");

	/* The sprint an issue is in: its last Sprint column. */
	fmt_cell_eq("sprint", 1, "Sprint 42");
	/* Other columns stay out. */
	cr_assert_eq(fmt_col("Sprint"), -1);
	cr_assert_eq(fmt_col("Priority"), -1);
	cr_assert_eq(fmt_col("Description"), -1);
	cr_assert_eq(fmt_col("Issue id"), -1);

	/* Lines: the second issue's description spans four. */
	cr_assert_eq(table_line(&fmt_t, 1), 3);
	cr_assert_eq(table_line(&fmt_t, 2), 7);
	cr_assert_eq(table_line(&fmt_t, 5), 10);
}

Test(jira, more_columns_by_mapping)
{
	fmt_jira_fixture("map.Sprint = sprint\n"
			 "map.Custom field (Story Points) = job_size\n"
			 "map.Priority = priority\n");
	fmt_cell_eq("sprint", 1, "Sprint 41,Sprint 42");
	fmt_cell_eq("job_size", 1, "5.0");
	cr_assert_eq(fmt_col("estimate"), -1);
	fmt_cell_eq("priority", 3, "Highest");
}

Test(jira, columns_can_be_ignored)
{
	fmt_jira_fixture("ignore = Parent, Custom field (Epic Link)\n"
			 "map.Created =\n");
	cr_assert_eq(fmt_col("parent"), -1);
	cr_assert_eq(fmt_col("created"), -1);
	fmt_cell_eq("key", 1, "SHOP-101");
}

Test(jira, types_and_statuses_are_configurable)
{
	static const char file[] =
		"Issue key,Summary,Issue Type,Status\n"
		"A-1,One,Improvement,Blocked\n"
		"A-2,Two,New Feature,QA\n";

	fmt_open_ok("jira", "");	/* unknown: by default, by name */
	fmt_import_ok(file);
	fmt_cell_eq("type", 0, "story");
	fmt_cell_eq("status", 0, "in-progress");
	fmt_cell_eq("status", 1, "new");
	fmt_reset();
	fmt_open_ok("jira", "strict = yes\n");
	/* Strict passes the name on for the host to refuse (or reject the
	 * row, under --rejects); tests/cli.d/jira.sh checks both. */
	fmt_import_ok(file);
	fmt_cell_eq("type", 0, "Improvement");
	fmt_cell_eq("status", 1, "QA");
	fmt_reset();
	fmt_open_ok("jira", "type.Improvement = story\ntype.* = task\n"
		    "status.blocked = ready\nstatus.* = new\n");
	fmt_import_ok(file);
	fmt_cell_eq("type", 0, "story");
	fmt_cell_eq("status", 0, "ready");
	fmt_cell_eq("type", 1, "task");
	fmt_cell_eq("status", 1, "new");
}

Test(jira, times_in_the_formats_jira_writes)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "23/Nov/26 9:05 AM", "2026-11-23T09:05:00Z" },
		{ "3/nov/26 12:00 AM", "2026-11-03T00:00:00Z" },
		{ "23/Nov/26 12:30 PM", "2026-11-23T12:30:00Z" },
		{ "23/Nov/26 11:59 pm", "2026-11-23T23:59:00Z" },
		{ "01/Jan/2027 17:45", "2027-01-01T17:45:00Z" },
		{ "29/Feb/28 8:00 AM", "2028-02-29T08:00:00Z" },
		{ "23/Nov/26", "2026-11-23T00:00:00Z" },
		{ "2026-11-23 09:05", "2026-11-23T09:05:00Z" },
		{ "2026-11-23T09:05:07.123+0100", "2026-11-23T08:05:07Z" },
		{ "2026-11-23T23:30:00-02:30", "2026-11-24T02:00:00Z" },
		{ "2026-11-23T09:05:00Z", "2026-11-23T09:05:00Z" },
		{ "2026-11-23", "2026-11-23T00:00:00Z" },
		{ "9/8/2021 9:05", "2021-09-08T09:05:00Z" },
		{ "11/23/2026 9:05:07 PM", "2026-11-23T21:05:07Z" },
		{ "11/23/2026", "2026-11-23T00:00:00Z" },
	};
	static const char *const bad[] = {
		"31/Feb/26 9:00 AM", "23/Foo/26 9:05 AM", "23/Nov/26 13:05 PM",
		"23/Nov/26 9:61 AM", "yesterday", "23/11/26 9:05", "2026-13-01",
		"23/Nov/261 9:05", "23/11/2026 9:05", "11/23/26 9:05",
	};

	fmt_open_ok("jira", "");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *f = xstrfmt("Summary,Created\nx,%s\n", cases[i].in);
		fmt_reset();
		cr_assert_eq(fmt_import(f), 0, "%s: %s", cases[i].in, fmt_err);
		fmt_cell_eq("created", 0, cases[i].out);
		free(f);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *f = xstrfmt("Summary,Created\nx,23/Nov/26\n\nx,%s\n",
				  bad[i]);
		fmt_reset();
		cr_assert_eq(fmt_import(f), PRIO_EINVAL, "%s was taken", bad[i]);
		assert_contains(fmt_err, "4: column Created: '");
		assert_contains(fmt_err, "is not a time");
		free(f);
	}
}

Test(jira, times_in_a_zone_or_a_format_of_your_own)
{
	fmt_open_ok("jira", "utc_offset = +01:00\n");
	fmt_import_ok("Summary,Created\nx,23/Nov/26 9:05 AM\n");
	fmt_cell_eq("created", 0, "2026-11-23T08:05:00Z");
	fmt_reset();
	fmt_open_ok("jira", "date_format = %m/%d/%Y %H:%M\n");
	fmt_import_ok("Summary,Created\nx,11/23/2026 09:05\n");
	fmt_cell_eq("created", 0, "2026-11-23T09:05:00Z");
	fmt_reset();	/* and still what every export writes */
	fmt_import_ok("Summary,Created\nx,2026-11-23 09:05:07\n");
	fmt_cell_eq("created", 0, "2026-11-23T09:05:07Z");
	cr_assert_eq(fmt_open("jira", "utc_offset = CET\n"), PRIO_EINVAL);
	assert_contains(fmt_err, "c.ini:3: [format.jira] utc_offset = 'CET'");
	cr_assert_eq(fmt_open("jira", "date_format = dd/MM/yy\n"), PRIO_EINVAL);
	assert_contains(fmt_err, "c.ini:3: [format.jira] date_format");
}

Test(jira, a_parent_id_not_in_the_file_is_left_out)
{
	fmt_open_ok("jira", "");
	fmt_import_ok("Issue key,Issue id,Summary,Parent\n"
		      "A-1,100,One,\n"
		      "A-2,101,Two,100\n"
		      "A-3,102,Three,999\n"
		      "A-4,103,Four,A-9\n");
	fmt_cell_eq("parent", 1, "A-1");
	cr_assert_null(fmt_cell("parent", 2));
	fmt_cell_eq("parent", 3, "A-9");	/* a key stays a key */
}

Test(jira, ragged_rows_and_bad_quotes_say_the_line)
{
	fmt_open_ok("jira", "");
	cr_assert_eq(fmt_import("Summary,Labels,Labels\na,b,c\n\"d\ne\",f\n"),
		     PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "3: 2 values where the header has 3 columns");
	fmt_reset();
	cr_assert_eq(fmt_import("Summary\n\"never closed\n"), PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "2: a quoted field is never closed");
	fmt_reset();
	cr_assert_eq(fmt_import("\n\n"), PRIO_EINVAL);
	assert_contains(fmt_err, "header");
}

Test(jira, export_is_a_csv_for_jira_and_imports_back)
{
	char *out;
	struct table first;

	fmt_open_ok("csv", "");
	fmt_import_ok("id,key,title,type,status,labels,estimate,parent,created,"
		      "business_value\n"
		      "1,SHOP-1,\"Epic, big\",epic,new,\"a,b,c\",,,"
		      "2026-11-23T09:05:00Z,5\n"
		      "2,SHOP-2,Child,story,in-progress,a,3,1,"
		      "2026-11-23T21:30:00Z,\n"
		      "3,SHOP-3,Spike it,spike,proposed,,1,,,2\n");
	fmt_rank((const double[]){ 1.5, 2.5, NAN }, NULL,
		 (const char *const[]){ NULL, NULL, "job_size is missing" });
	fmt_open_ok("jira", "");
	out = fmt_export_view(&fmt_v);
	cr_assert_str_eq(out,
		"Summary,Issue key,Issue id,Issue Type,Status,Parent,Story Points,"
		"Labels,Labels,Labels,Created,Prio rank,Prio score,Prio class,"
		"business_value\n"
		"Child,SHOP-2,,Story,In Progress,SHOP-1,3,a,,,2026-11-23 21:30:00,"
		"1,2.5,,\n"
		"\"Epic, big\",SHOP-1,,Epic,To Do,,,a,b,c,2026-11-23 09:05:00,2,"
		"1.5,,5\n"
		"Spike it,SHOP-3,,Spike,Backlog,,1,,,,,,,,2\n");
	/* Back through the importer: the fields Jira has are the same. */
	fmt_detach(&first);
	fmt_import_ok(out);
	fmt_cell_eq("key", 0, "SHOP-2");
	fmt_cell_eq("title", 1, "Epic, big");
	fmt_cell_eq("type", 0, "story");
	fmt_cell_eq("status", 0, "in-progress");
	fmt_cell_eq("status", 2, "proposed");
	fmt_cell_eq("labels", 1, "a,b,c");
	fmt_cell_eq("estimate", 0, "3");
	fmt_cell_eq("parent", 0, "SHOP-1");
	fmt_cell_eq("created", 0, "2026-11-23T21:30:00Z");
	fmt_cell_eq("created", 1, "2026-11-23T09:05:00Z");
	cr_assert_eq(fmt_col("business_value"), -1, "not a Jira column");
	table_release(&first);
	free(out);
}

Test(jira, export_uses_the_mapping_and_the_zone)
{
	char *out;

	fmt_open_ok("csv", "");
	fmt_import_ok("key,title,type,status,job_size,created\n"
		      "K-1,T,debt,accepted,8,2026-11-23T23:30:00Z\n");
	fmt_rank((const double[]){ 1 }, NULL, NULL);
	fmt_open_ok("jira", "map.Custom field (Size) = job_size\n"
		    "type.Tech Debt = debt\nutc_offset = +01:00\n");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "Custom field (Size)");
	assert_contains(out, ",Tech Debt,Done,");
	assert_contains(out, "2026-11-24 00:30:00");
	free(out);
}

/* Markdown ------------------------------------------------------------------ */

Test(markdown, ranked_table_then_the_unscored)
{
	char *out;

	fmt_ranked_backlog();
	fmt_open_ok("markdown", "fields = value, effort\n");
	out = fmt_export_view(&fmt_v);
	cr_assert_str_eq(out,
		"# Backlog ranked by shop\n"
		"\n"
		"5 items: 4 ranked, 1 unscored. Method: wsjf. Generated "
		"2026-01-31T09:00:00Z.\n"
		"\n"
		"| Rank | Key | Title | Score | Class | value | effort |\n"
		"| ---: | --- | --- | ---: | --- | ---: | ---: |\n"
		"| 1 | SHOP-2 | Pipes \\| and \\*stars\\* \\<b\\>bold\\</b\\> \\& "
		"\"quotes\" it's | 6.00 | fill-in | 6 | 1 |\n"
		"| 2 | SHOP-1 | Guest checkout | 4.50 | quick-win | 9 | 2 |\n"
		"| 3 | SHOP-5 | Dark mode | 1.50 | fill-in | 3 | 2 |\n"
		"| 4 | #3 | Two <br> lines | 0.50 | time-sink | 4 | 8 |\n"
		"\n"
		"## Unscored\n"
		"\n"
		"| Key | Title | Why |\n"
		"| --- | --- | --- |\n"
		"| SHOP-4 | Wishlist | effort is missing |\n");
	free(out);
}

Test(markdown, no_class_column_without_classes_and_no_unscored_section)
{
	char *out;

	fmt_open_ok("csv", "");
	fmt_import_ok("key,title\nA-1,a\nA-2,b\n");
	fmt_rank((const double[]){ 1, 2.346 }, NULL, NULL);
	fmt_open_ok("markdown", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "| Rank | Key | Title | Score |\n| ---: | --- | --- "
			"| ---: |\n| 1 | A-2 | b | 2.35 |\n| 2 | A-1 | a | 1.00 |\n");
	assert_not_contains(out, "Class");
	assert_not_contains(out, "Unscored");
	free(out);
}

Test(markdown, nothing_ranked)
{
	char *out;

	fmt_open_ok("csv", "");
	fmt_import_ok("key,title\nA-1,a\n");
	fmt_rank((const double[]){ NAN }, NULL,
		 (const char *const[]){ "value is missing" });
	fmt_open_ok("markdown", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "No item could be ranked.");
	assert_contains(out, "| A-1 | a | value is missing |");
	free(out);
}

Test(markdown, every_special_character_is_escaped)
{
	char *out;

	fmt_open_ok("csv", "");
	fmt_import_ok("key,title\nA-1,\"a|b\\c `d` _e_ ~f~ [g](h) <i> &amp; $x$ "
		      "\r\nj\rk\"\n");
	fmt_rank((const double[]){ 1 }, NULL, NULL);
	fmt_open_ok("markdown", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "| a\\|b\\\\c \\`d\\` \\_e\\_ \\~f\\~ \\[g\\](h) "
			"\\<i\\> \\&amp; \\$x\\$  <br> j <br> k |");
	free(out);
}

Test(markdown, unknown_fields_name_the_setting)
{
	fmt_ranked_backlog();
	fmt_open_ok("markdown", "\nfields = value, colour\n");
	fmt_err[0] = '\0';
	cr_assert_eq(fmt_ops->export(fmt_state, &fmt_v, NULL, fmt_err),
		     PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "c.ini:4: [format.markdown] fields: unknown "
			 "field 'colour'");
}

/* HTML ---------------------------------------------------------------------- */

/* How many times needle occurs in hay. */
static size_t fmt_count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

Test(html, a_page_with_everything_in_it)
{
	char *out;

	fmt_ranked_backlog();
	fmt_open_ok("html", "");
	out = fmt_export_view(&fmt_v);
	cr_assert(!strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">", 31));
	assert_contains(out, "<meta charset=\"utf-8\">");
	assert_contains(out, "</html>\n");
	/* Self-contained: nothing to fetch. */
	assert_not_contains(out, "http://");
	assert_not_contains(out, "https://");
	assert_not_contains(out, "src=");
	assert_not_contains(out, "<link");
	assert_not_contains(out, "@import");
	assert_not_contains(out, "url(");
	cr_assert_eq(fmt_count(out, "<script"), 1, "our one script");
	cr_assert_eq(fmt_count(out, "<style"), 1);
	/* The parts. */
	assert_contains(out, "ranked by shop");
	assert_contains(out, "Top 4 scores");
	assert_contains(out, "<table class=\"sortable\">");
	assert_contains(out, "aria-label=\"value against effort");
	assert_contains(out, "Quick wins");
	assert_contains(out, "effort is missing");
	assert_contains(out, "<pre class=\"config\">[method.shop]\nplugin = wsjf\n"
			"scale = &lt;none&gt; &amp; &quot;raw&quot;\n</pre>");
	assert_contains(out, "<time datetime=\"2026-01-31T09:00:00Z\">");
	/* Rows in rank order, with rounded scores and exact sort keys. */
	cr_assert_lt(strstr(out, "<td class=\"key\">SHOP-2</td>"),
		     strstr(out, "<td class=\"key\">SHOP-1</td>"));
	assert_contains(out, "<td class=\"num score\" data-v=\"6\">6.00</td>");
	assert_contains(out, "<span class=\"label\">checkout</span>");
	assert_contains(out, "<td class=\"key\">#3</td>");
	free(out);
}

Test(html, everything_from_the_backlog_is_escaped)
{
	char *out;

	fmt_open_ok("csv", "");
	fmt_import_ok("key,title,labels,status\n"
		      "\"<K&1>\",\"<script>alert('x')</script> & \"\"q\"\"\","
		      "\"<l>,'m'\",new\n");
	fmt_rank((const double[]){ 2 }, (const char *const[]){ "<c\"l>" }, NULL);
	fmt_open_ok("html", "title = Shop's <backlog> & \"more\"\n");
	out = fmt_export_view(&fmt_v);
	assert_not_contains(out, "<script>alert");
	assert_not_contains(out, "<K&1>");
	assert_not_contains(out, "<c\"l>");
	assert_contains(out, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
			"&amp; &quot;q&quot;");
	assert_contains(out, "&lt;K&amp;1&gt;");
	assert_contains(out, "<span class=\"label\">&lt;l&gt;</span>");
	assert_contains(out, "<span class=\"label\">&#39;m&#39;</span>");
	assert_contains(out, "&lt;c&quot;l&gt;");
	assert_contains(out, "<h1>Shop&#39;s &lt;backlog&gt; &amp; &quot;more&quot;");
	free(out);
}

Test(html, no_quadrant_without_its_fields)
{
	char *out;

	fmt_open_ok("csv", "");
	fmt_import_ok("key,title,business_value\nA-1,a,3\n");
	fmt_rank((const double[]){ 3 }, NULL, NULL);
	fmt_open_ok("html", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "No quadrant chart: the items have no number field "
			"<code>effort</code>");
	assert_not_contains(out, "Quick wins");
	assert_contains(out, "Top 1 score<");
	/* By default the table shows the number fields the items have. */
	assert_contains(out, ">business value<");
	free(out);
}

Test(html, axes_top_and_fields_are_configurable)
{
	char *out;

	fmt_ranked_backlog();
	fmt_open_ok("html", "x = estimate\ny = value\ntop = 2\nfields = effort\n"
		    "split = midpoint\n");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "aria-label=\"value against estimate");
	assert_contains(out, "Top 2 scores");
	cr_assert_eq(fmt_count(out, "class=\"bar-value\""), 2);
	assert_contains(out, "<th scope=\"col\" class=\"num\" data-type=\"number\">"
			"<button type=\"button\">effort");
	assert_not_contains(out, ">estimate<span");
	free(out);
}

Test(html, bad_settings)
{
	cr_assert_eq(fmt_open("html", "top = 0\n"), PRIO_EINVAL);
	assert_contains(fmt_err, "c.ini:3: [format.html] top = '0'");
	cr_assert_eq(fmt_open("html", "top = many\n"), PRIO_EINVAL);
	cr_assert_eq(fmt_open("html", "split = mean\n"), PRIO_EINVAL);
	assert_contains(fmt_err, "expected median or midpoint");
	fmt_ranked_backlog();
	fmt_open_ok("html", "fields = nope\n");
	cr_assert_eq(fmt_ops->export(fmt_state, &fmt_v, NULL, fmt_err),
		     PRIO_EINVAL);
	cr_assert_str_eq(fmt_err, "c.ini:3: [format.html] fields: unknown field "
			 "'nope'");
}

Test(html, an_empty_backlog_is_still_a_page)
{
	char *out;

	fmt_open_ok("csv", "");
	fmt_import_ok("key,title\n");
	fmt_rank(NULL, NULL, NULL);
	fmt_open_ok("html", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "No item could be scored.");
	assert_contains(out, "No item could be ranked.");
	assert_contains(out, "</html>\n");
	free(out);
}

/*
 * The workflow as the core gives it (prio/workflow.h): an open sprint of
 * three days, and with `closed`, two closed sprints and a forecast. The
 * record is the view's to free (one allocation); the arrays are static.
 */
static struct prio_workflow *fmt_sprint(int started, int closed)
{
	static const struct prio_wf_day burn[] = {
		{ "2026-07-01", 11, 11, {0} },
		{ "2026-07-02", 6, 5.5, {0} },
		{ "2026-07-03", NAN, 0, {0} },
	};
	static const struct prio_wf_day not_started[] = {
		{ "2026-07-01", NAN, 11, {0} },
		{ "2026-07-02", NAN, 0, {0} },
	};
	static const struct prio_wf_sprint sprints[] = {
		{ "S<0>", "2026-06-01", "2026-06-14", 9, 5, 5, 0, 1, 30, {0} },
		{ "S1", "2026-06-15", "2026-06-28", 8, 8, 8, 1, 0, 22, {0} },
	};
	static const struct prio_wf_forecast forecast[] = {
		{ "optimistic", 8, 3, "2026-07-29", "2026-08-11", {0} },
		{ "expected", 6.5, 4, "2026-08-12", "2026-08-25", {0} },
		{ "pessimistic", 5, 4, "2026-08-12", "2026-08-25", {0} },
	};
	struct prio_workflow *w = calloc(1, sizeof(*w));

	cr_assert_not_null(w);
	w->struct_size = sizeof(*w);
	w->sprint = "S<2> & \"go\"";
	memcpy(w->start, "2026-07-01", 11);
	memcpy(w->end, "2026-07-03", 11);
	w->capacity = 12;
	w->committed = 11;
	w->done = 5;
	w->accepted = 3;
	w->day = 2;
	w->days = 3;
	w->bugs_opened = 1;
	w->burndown = started ? burn : not_started;
	w->nburndown = started ? 3 : 2;
	w->velocity_average = w->velocity_spread = NAN;
	if (closed) {
		w->sprints = sprints;
		w->nsprints = 2;
		w->velocity_average = 6.5;
		w->velocity_spread = 1.5;
		w->velocity_count = 2;
		w->forecast = forecast;
		w->nforecast = 3;
	}
	w->left = 20;
	fmt_v.workflow = w;
	return w;
}

Test(html, the_sprint_burndown_velocity_and_forecast)
{
	char *out;

	fmt_ranked_backlog();
	fmt_sprint(1, 1);
	fmt_open_ok("html", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "<h2>Sprint S&lt;2&gt; &amp; &quot;go&quot; ");
	assert_not_contains(out, "S<2>");
	assert_not_contains(out, "S<0>");
	assert_contains(out, "<li><b>11</b><span>committed</span></li>");
	assert_contains(out, "<li><b>1 / 0</b><span>bugs opened / closed");
	assert_contains(out, "open, day 2 of 3</span>");
	assert_contains(out, "<b>6</b> of 11 points left on 2026-07-02; the "
			"ideal line is at 5.5: <b>behind</b>");
	assert_contains(out, "2026-07-02: 6 points left (ideal 5.5)");
	assert_not_contains(out, "2026-07-03: ");	/* a day to come */
	assert_contains(out, ">07-01</text>");
	assert_contains(out, ">07-03</text>");
	assert_contains(out, "Velocity: 6.5 points per sprint");
	assert_contains(out, "S&lt;0&gt;: 9 committed, 5 accepted");
	assert_contains(out, "<rect class=\"accepted\" ");	/* S1, averaged */
	assert_contains(out, "Release: 20 points left <span class=\"state\">"
			"expected done by 2026-08-25");
	assert_contains(out, "S&lt;0&gt;: 30 points left");
	assert_contains(out, "<b>optimistic</b>&#160;(8.0/sprint): 3 sprints, "
			"2026-07-29 to 2026-08-11");
	assert_contains(out, ">+4</text>");
	assert_contains(out, "<h2>Ranking</h2>");
	free(out);
}

Test(html, a_sprint_not_started_and_none_closed)
{
	char *out;

	/* Not started, no closed sprint: a burndown only. */
	fmt_ranked_backlog();
	fmt_sprint(0, 0);
	fmt_open_ok("html", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "The sprint has not started: 11 points planned.");
	assert_not_contains(out, "Velocity:");
	assert_not_contains(out, "Release:");
	free(out);
}

Test(html, a_forecast_at_no_speed_and_one_with_nothing_left)
{
	static const struct prio_wf_forecast none[] = {
		{ "optimistic", 0, -1, "", "", {0} },
		{ "expected", -1, -1, "", "", {0} },
		{ "pessimistic", -2, -1, "", "", {0} },
	};
	static const struct prio_wf_forecast done[] = {
		{ "optimistic", 9.5, 0, "", "", {0} },
		{ "expected", 8, 0, "", "", {0} },
		{ "pessimistic", 6.5, 0, "", "", {0} },
	};
	struct prio_workflow *w;
	char *out;

	fmt_ranked_backlog();
	w = fmt_sprint(1, 1);
	w->forecast = none;
	fmt_open_ok("html", "");
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "(0.0/sprint): no forecast");
	assert_contains(out, "S1: 8 committed, 8 accepted");
	assert_not_contains(out, "expected done by");
	assert_contains(out, "</html>\n");
	free(out);

	w->forecast = done;
	out = fmt_export_view(&fmt_v);
	assert_contains(out, "<b>expected</b>&#160;nothing left</li>");
	assert_not_contains(out, "expected done by");
	free(out);
}
