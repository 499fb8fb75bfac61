/*
 * test_csv.c - the CSV format plugin (plugins/format/csv.c), loaded from
 * build/lib/prio/plugins and driven through its ops with the core's own
 * sink (rows into a table, as `prio rank --in` does: lenient, no schema)
 * and output (bytes to a file descriptor).
 */
#include "unit.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static struct plugins ps;
static struct config cfg;
static const struct prio_format_ops *ops;
static struct prio_section sec;
static void *state;
static struct table t;
static struct prio_sink sink;
static char *tmp;
static char err[PRIO_ERR_MAX];

/* Loads csv.so and configures [format.csv] from ini. */
static int configure(const char *ini)
{
	const struct plugin *p;

	unit_config(&cfg, ini, "c.ini");
	p = unit_plugin(&ps, UNIT_PLUGINS, PRIO_KIND_FORMAT, "csv");
	ops = p->desc->ops;
	sec.cfg = &cfg;
	sec.name = "format.csv";
	err[0] = '\0';
	return ops->configure(&sec, &state, err);
}

static void setup(void)
{
	memset(&ps, 0, sizeof(ps));
	memset(&cfg, 0, sizeof(cfg));
	memset(&sec, 0, sizeof(sec));
	state = NULL;
	table_init(&t);
	memset(&sink, 0, sizeof(sink));
	sink.t = &t;
	sink.file = "t.csv";
	sink.lenient = 1;
	tmp = unit_tmpdir();
	cr_assert_eq(configure("[format.csv]\nplugin = csv\n"), 0, "%s", err);
}

static void teardown(void)
{
	if (state)
		ops->release(state);
	free(sink.colmap);
	table_release(&t);
	config_release(&cfg);
	plugins_release(&ps);
	unit_rmtree(tmp);
	free(tmp);
}

TestSuite(csv, .init = setup, .fini = teardown);

static int import_len(const char *data, size_t len)
{
	err[0] = '\0';
	return ops->import(state, "t.csv", data, len, &sink, err);
}

static int import(const char *data)
{
	return import_len(data, strlen(data));
}

static void import_ok(const char *data)
{
	cr_assert_eq(import(data), 0, "%s", err);
}

/* The cell of row `row` in the column called `name`. */
static const char *cell(const char *name, size_t row)
{
	int c = table_find(&t, name, strlen(name));

	cr_assert_geq(c, 0, "no column '%s'", name);
	return unit_cell(&t, c, row);
}

/*
 * Exports a view of t (all columns and rows) and returns the bytes;
 * raw_at as write_view would set it (1 + the first field the rows as
 * read stand for; 0: none).
 */
static char *export_at(int raw_at)
{
	char *path = unit_path(tmp, "out.csv");
	struct prio_out out = { .name = path };
	struct prio_items v;
	char *data;
	int rc;

	out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	cr_assert_geq(out.fd, 0);
	view_all(&v, &t);
	v.raw_at = raw_at;
	err[0] = '\0';
	rc = ops->export(state, &v, &out, err);
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert_eq(out_flush(&out), 0);
	buf_release(&out.b);
	close(out.fd);
	view_release(&v);
	data = unit_read(path, NULL);
	free(path);
	return data;
}

static char *export(void)
{
	return export_at(0);
}

Test(csv, descriptor_claims_csv)
{
	const struct plugin *p = plugins_find(&ps, PRIO_KIND_FORMAT, "csv");

	cr_assert_not_null(p);
	cr_assert_not_null(ops->extensions);
	cr_assert_str_eq(ops->extensions[0], "csv");
	cr_assert_null(ops->extensions[1]);
	cr_assert_not_null(ops->import);
	cr_assert_not_null(ops->export);
}

Test(csv, header_and_rows)
{
	import_ok("title,x\nfirst,1\nsecond,2\n");
	cr_assert_eq(t.ncols, 2);
	cr_assert_eq(t.nrows, 2);
	cr_assert_str_eq(t.cols[0].name, "title");
	cr_assert_str_eq(cell("title", 0), "first");
	cr_assert_str_eq(cell("x", 1), "2");
	cr_assert_eq(table_line(&t, 0), 2);
	cr_assert_eq(table_line(&t, 1), 3);
}

Test(csv, last_line_without_newline)
{
	import_ok("title,x\nfirst,1");
	cr_assert_eq(t.nrows, 1);
	cr_assert_str_eq(cell("x", 0), "1");
}

Test(csv, empty_values_are_missing)
{
	import_ok("title,x,y\n,1,\nz,,\n");
	cr_assert_eq(t.nrows, 2);
	cr_assert_null(cell("title", 0));
	cr_assert_null(cell("y", 0));
	cr_assert_str_eq(cell("title", 1), "z");
	cr_assert_null(cell("x", 1));
}

Test(csv, quoted_field_with_commas)
{
	import_ok("title,labels\n\"Guest checkout, fast\",\"a,b,c\"\n");
	cr_assert_str_eq(cell("title", 0), "Guest checkout, fast");
	cr_assert_str_eq(cell("labels", 0), "a,b,c");
}

Test(csv, doubled_quotes)
{
	import_ok("title,note\n\"say \"\"hi\"\"\",\"\"\"\"\n\"\",x\n");
	cr_assert_str_eq(cell("title", 0), "say \"hi\"");
	cr_assert_str_eq(cell("note", 0), "\"");
	cr_assert_null(cell("title", 1), "\"\" is an empty value");
}

Test(csv, many_doubled_quotes_in_one_row)
{
	/* Unescaped copies share a scratch buffer that may move: all right. */
	struct buf b = {0};

	buf_adds(&b, "a,b,c\n");
	for (int i = 0; i < 3; i++) {
		buf_addc(&b, '"');
		for (int k = 0; k < 2000; k++)
			buf_adds(&b, "x\"\"");
		buf_adds(&b, i < 2 ? "\"," : "\"\n");
	}
	import_ok(b.p);
	for (int i = 0; i < 3; i++) {
		const char *name = (const char *[]){ "a", "b", "c" }[i];
		char buf[32];
		size_t len;
		const char *v = table_text(&t, table_find(&t, name, 1), 0, buf,
					   &len);
		cr_assert_eq(len, 4000);
		cr_assert_eq(memcmp(v, "x\"x\"x\"", 6), 0);
		cr_assert_eq(v[3999], '"');
	}
	buf_release(&b);
}

Test(csv, embedded_newlines_and_line_numbers)
{
	import_ok("title,x\n"				/* line 1 */
		  "\"two\nlines\",1\n"			/* lines 2-3 */
		  "plain,2\n"				/* line 4 */
		  "\"three\n\nlines\",3\n"		/* lines 5-7 */
		  "last,4\n");				/* line 8 */
	cr_assert_eq(t.nrows, 4);
	cr_assert_str_eq(cell("title", 0), "two\nlines");
	cr_assert_str_eq(cell("title", 2), "three\n\nlines");
	cr_assert_eq(table_line(&t, 0), 2);
	cr_assert_eq(table_line(&t, 1), 4);
	cr_assert_eq(table_line(&t, 2), 5);
	cr_assert_eq(table_line(&t, 3), 8);
}

Test(csv, newline_after_doubled_quote_counts)
{
	import_ok("title,x\n\"a \"\"q\"\"\nb\",1\nnext,2\n");
	cr_assert_str_eq(cell("title", 0), "a \"q\"\nb");
	cr_assert_eq(table_line(&t, 1), 4);
}

Test(csv, crlf)
{
	import_ok("title,x\r\nfirst,1\r\n\"quoted\",2\r\n\"in\r\nside\",3\r\n");
	cr_assert_str_eq(t.cols[1].name, "x", "no \\r in the last name");
	cr_assert_eq(t.nrows, 3);
	cr_assert_str_eq(cell("x", 0), "1");
	cr_assert_str_eq(cell("title", 1), "quoted");
	cr_assert_str_eq(cell("x", 1), "2");
	cr_assert_str_eq(cell("title", 2), "in\r\nside", "kept inside quotes");
	cr_assert_eq(table_line(&t, 2), 4);
}

/* Old Mac files: CR alone ends a line, and counts as one. */
Test(csv, cr_only)
{
	import_ok("title,x\rfirst,1\r\r\"in\rside\",2\rlast,3");
	cr_assert_str_eq(t.cols[1].name, "x", "no \\r in the last name");
	cr_assert_eq(t.nrows, 3);
	cr_assert_str_eq(cell("x", 0), "1");
	cr_assert_str_eq(cell("title", 1), "in\rside", "kept inside quotes");
	cr_assert_eq(table_line(&t, 1), 4);
	cr_assert_str_eq(cell("title", 2), "last");
	cr_assert_eq(table_line(&t, 2), 6);
}

Test(csv, byte_order_mark)
{
	import_ok("\xef\xbb\xbftitle,x\nfirst,1\n");
	cr_assert_str_eq(t.cols[0].name, "title");
	cr_assert_str_eq(cell("title", 0), "first");
}

Test(csv, blank_lines_are_skipped)
{
	import_ok("\ntitle,x\n\nfirst,1\n\r\n\nsecond,2\n\n");
	cr_assert_eq(t.nrows, 2);
	cr_assert_str_eq(cell("title", 0), "first");
	cr_assert_eq(table_line(&t, 0), 4);
	cr_assert_str_eq(cell("title", 1), "second");
	cr_assert_eq(table_line(&t, 1), 7);
}

Test(csv, ragged_row_names_its_line)
{
	cr_assert_lt(import("title,x\nfirst,1\n\"multi\nline\",2\nthird,3,extra\n"),
		     0);
	assert_contains(err, "t.csv:5:");
	assert_contains(err, "3 values");
	assert_contains(err, "2 columns");
	cr_assert(sink.failed, "the sink refused: its message is complete");
}

Test(csv, short_row_is_ragged_too)
{
	cr_assert_lt(import("title,x,y\nfirst,1\n"), 0);
	assert_contains(err, "t.csv:2:");
}

Test(csv, unterminated_quote)
{
	cr_assert_eq(import("title,x\nfirst,1\n\"never closed,2\nmore,3\n"),
		     PRIO_EINVAL);
	assert_contains(err, "3:");
	assert_contains(err, "never closed");
	cr_assert_not(sink.failed, "the plugin's own error, not the sink's");
}

Test(csv, text_after_closing_quote)
{
	cr_assert_eq(import("title,x\n\"a\"b,1\n"), PRIO_EINVAL);
	assert_contains(err, "2:");
	assert_contains(err, "closing quote");
}

Test(csv, empty_input_has_no_header)
{
	cr_assert_eq(import(""), PRIO_EINVAL);
	assert_contains(err, "header");
	cr_assert_eq(import("\n\n\r\n"), PRIO_EINVAL);
	assert_contains(err, "header");
}

Test(csv, header_only)
{
	import_ok("title,x\n");
	cr_assert_eq(t.ncols, 2);
	cr_assert_eq(t.nrows, 0);
}

Test(csv, computed_columns_are_skipped)
{
	/* A ranked export imports again: rank, score, class are prio's own. */
	import_ok("rank,score,title\n1,4.5,a\n");
	cr_assert_eq(table_find(&t, "rank", 4), -1);
	cr_assert_eq(table_find(&t, "score", 5), -1);
	cr_assert_str_eq(cell("title", 0), "a");
}

Test(csv, data_is_not_nul_terminated)
{
	/* The host hands bytes and a length: nothing past them is read. */
	static const char data[] = "title,x\nfirst,1\nIGNORED";

	cr_assert_eq(import_len(data, strlen("title,x\nfirst,1")), 0, "%s", err);
	cr_assert_eq(t.nrows, 1);
	cr_assert_str_eq(cell("x", 0), "1");
}

Test(csv, value_ends_found_eight_bytes_at_a_time_at_every_offset)
{
	/* A value of n characters (some UTF-8: high bits set), then each
	 * of the ends a value can have, for n across two words; the ends
	 * are found a word at a time, so each offset in a word is tried. */
	static const char *const ends[] = { ",", "\n", "\r\n", "\r" };

	for (size_t e = 0; e < ARRAY_SIZE(ends); e++)
		for (size_t n = 1; n <= 20; n++) {
			struct buf in = {0}, want = {0};

			table_release(&t);
			table_init(&t);
			sink.have_columns = 0;
			for (size_t i = 0; i < n; i++)
				if (i % 3)
					buf_addc(&want, (char)('a' + i));
				else
					buf_adds(&want, "\xc3\xa9");
			buf_adds(&in, ends[e][0] == ',' ? "b,a\n" : "a,b\nq,");
			buf_add(&in, want.p, want.len);
			buf_adds(&in, ends[e]);
			buf_adds(&in, ends[e][0] == ',' ? "x\n" : "z,w");
			/* No NUL after the bytes: nothing past them is read. */
			cr_assert_eq(import_len(in.p, in.len), 0, "%s", err);
			cr_assert_str_eq(cell("b", 0), want.p, "n %zu end %zu", n, e);
			cr_assert_str_eq(cell(ends[e][0] == ',' ? "a" : "b",
					      ends[e][0] == ',' ? 0 : 1),
					 ends[e][0] == ',' ? "x" : "w");
			buf_release(&in);
			buf_release(&want);
		}
}

Test(csv, quote_at_the_very_end)
{
	static const char data[] = "title\n\"abc";

	cr_assert_eq(import_len(data, sizeof(data) - 1), PRIO_EINVAL);
	assert_contains(err, "never closed");
}

Test(csv, delimiter_key)
{
	ops->release(state);
	state = NULL;
	config_release(&cfg);
	plugins_release(&ps);
	/* Quoted: after a blank, inih takes ; for a comment. */
	cr_assert_eq(configure("[format.csv]\nplugin = csv\n"
			       "delimiter = \";\"\n"), 0, "%s", err);
	import_ok("title;x\n\"a;b\";1,5\n");
	cr_assert_str_eq(cell("title", 0), "a;b");
	cr_assert_str_eq(cell("x", 0), "1,5");
}

Test(csv, unquoted_semicolon_delimiter_is_explained)
{
	ops->release(state);
	state = NULL;
	config_release(&cfg);
	plugins_release(&ps);
	cr_assert_eq(configure("[format.csv]\nplugin = csv\ndelimiter = ;\n"),
		     PRIO_EINVAL);
	assert_contains(err, "c.ini:3:");
	assert_contains(err, "quote");
}

Test(csv, tab_delimiter)
{
	ops->release(state);
	state = NULL;
	config_release(&cfg);
	plugins_release(&ps);
	cr_assert_eq(configure("[format.csv]\nplugin = csv\ndelimiter = tab\n"),
		     0, "%s", err);
	import_ok("title\tx\na,b\t1\n");
	cr_assert_str_eq(cell("title", 0), "a,b");
}

Test(csv, bad_delimiter_names_file_and_line)
{
	ops->release(state);
	state = NULL;
	config_release(&cfg);
	plugins_release(&ps);
	cr_assert_eq(configure("[format.csv]\nplugin = csv\n\ndelimiter = ab\n"),
		     PRIO_EINVAL);
	assert_contains(err, "c.ini:4:");
	assert_contains(err, "delimiter");
	cr_assert_null(state);
}

Test(csv, strict_sink_refuses_unknown_columns)
{
	/* prio import: columns must be fields of the schema. */
	struct config c2 = {0};
	struct schema s;

	unit_config(&c2, defaults_ini, "<built-in>");
	cr_assert_eq(schema_load(&s, &c2, err), 0, "%s", err);
	table_release(&t);
	table_for_schema(&t, &s);
	sink.schema = &s;
	sink.lenient = 0;
	cr_assert_lt(import("title,colour\na,red\n"), 0);
	assert_contains(err, "t.csv:1:");
	assert_contains(err, "colour");

	/* And checks values against their field, naming line and column. */
	cr_assert_lt(import("title,estimate\na,1\nb,-4\n"), 0);
	assert_contains(err, "t.csv:3:");
	assert_contains(err, "estimate");
	assert_contains(err, "minimum");
	table_release(&t);
	schema_release(&s);
	config_release(&c2);
}

/* The rows as the file has them, for `rank --in FILE --format csv`. */

static const char *raw(size_t row)
{
	static char s[256];
	size_t len;
	const char *p = table_raw(&t, row, &len);

	cr_assert_not_null(p, "row %zu has no raw bytes", row);
	cr_assert_lt(len, sizeof(s));
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/*
 * Imports file as rank --in does when the rows go out as read: the table
 * keeps the bytes (borrowed, so rows can point into them) and the rows.
 */
static char *kept(const char *file, size_t len)
{
	char *data = malloc(len + 1);

	memcpy(data, file, len + 1);
	cr_assert_eq(table_borrow(&t, data, len), 0);
	sink.section = "format.csv";
	sink.keep_raw = 1;
	return data;
}

Test(csv, rows_are_kept_as_the_file_has_them)
{
	static const char file[] = "\xef\xbb\xbfk,t,n\r\n"
		"\"A\",\"x\r\ny, \"\"q\"\"\",1\r\n"
		"\r\n"
		"B,plain,\r\n"
		"C,\"end\",\"2\"";
	char *data = kept(file, sizeof(file) - 1);
	char *out;

	cr_assert_eq(import_len(data, sizeof(file) - 1), 0, "%s", err);
	cr_assert_eq(t.nrows, 3);
	cr_assert_str_eq(t.raw_section, "format.csv");
	cr_assert_eq(t.raw_cols, 3);
	cr_assert_str_eq(raw(0), "\"A\",\"x\r\ny, \"\"q\"\"\",1");
	cr_assert_str_eq(raw(1), "B,plain,");
	cr_assert_str_eq(raw(2), "C,\"end\",\"2\"");
	/* The values are the same as without: only the bytes are kept. */
	cr_assert_str_eq(cell("t", 0), "x\r\ny, \"q\"");
	/* Export copies them, each on a line of its own. */
	out = export_at(1);
	cr_assert_str_eq(out, "k,t,n\n\"A\",\"x\r\ny, \"\"q\"\"\",1\n"
			 "B,plain,\nC,\"end\",\"2\"\n");
	free(out);
	/* Without raw_at, value by value, quoting only where needed. */
	out = export();
	cr_assert_str_eq(out, "k,t,n\nA,\"x\r\ny, \"\"q\"\"\",1\n"
			 "B,plain,\nC,end,2\n");
	free(out);
}

/* As rank --in does once the columns are known: no one reads t. */
static int t_unread(void *arg, char *e)
{
	(void)arg;
	(void)e;
	t.cols[table_find(&t, "t", 1)].unread = 1;
	return 0;
}

Test(csv, unread_values_stay_in_the_rows)
{
	static const char file[] = "k,t\nA,\"x, y\"\nB,z\n";
	char *data = kept(file, sizeof(file) - 1);
	char *out;

	sink.columns = t_unread;
	cr_assert_eq(import_len(data, sizeof(file) - 1), 0, "%s", err);
	cr_assert_null(unit_cell(&t, 1, 0));	/* not stored... */
	cr_assert_str_eq(cell("k", 1), "B");
	out = export_at(1);			/* ...but written */
	cr_assert_str_eq(out, "k,t\nA,\"x, y\"\nB,z\n");
	free(out);
}

Test(csv, unread_values_are_kept_where_the_row_is_not)
{
	/* Not the table's file (not borrowed): no row can be kept as read,
	 * so every value is. */
	sink.section = "format.csv";
	sink.keep_raw = 1;
	sink.columns = t_unread;
	import_ok("k,t\nA,\"x, y\"\n");
	cr_assert_null(t.raw);
	cr_assert_str_eq(cell("t", 0), "x, y");
}

Test(csv, raw_bytes_that_are_not_the_rows_are_not_kept)
{
	static const char file[] = "k,t\nA,x\nB,y\n";
	char *data = kept(file, sizeof(file) - 1);
	const char *names[2] = { data, data + 2 };
	const char *row[2] = { data + 8, data + 10 };	/* B, y */
	size_t one[2] = { 1, 1 };

	cr_assert_eq(host_services.sink_columns(&sink, 2, names, one, err), 0,
		     "%s", err);
	/* The bytes of A's row, then B's values: not B's bytes. */
	host_services.sink_raw(&sink, data + 4, 3);
	cr_assert_eq(host_services.sink_row(&sink, 3, 2, row, one, err), 0);
	cr_assert_null(table_raw(&t, 0, &one[0]));
	cr_assert_str_eq(cell("k", 0), "B");	/* kept as values */
	/* B's own bytes are kept. */
	host_services.sink_raw(&sink, data + 8, 3);
	cr_assert_eq(host_services.sink_row(&sink, 4, 2, row, one, err), 0);
	cr_assert_not_null(table_raw(&t, 1, &one[0]));
}

Test(csv, no_raw_rows_when_the_table_is_not_the_files_columns)
{
	static const char file[] = "k,rank,t\nA,3,x\n";
	char *data = kept(file, sizeof(file) - 1);

	/* rank is computed: skipped, so a row holds a value t has not. */
	cr_assert_eq(import_len(data, sizeof(file) - 1), 0, "%s", err);
	cr_assert_null(t.raw_section);
	cr_assert_null(t.raw);
}

/* Export */

Test(csv, export_quotes_only_where_needed)
{
	char *out;

	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "note", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "n", PRIO_TYPE_NUMBER, NULL);
	for (int i = 0; i < 5; i++)
		table_add_row(&t, 0);
	table_set(&t, 0, 0, "plain", 5);
	table_set(&t, 1, 0, "with space", 10);
	table_set_num(&t, 2, 0, 3);
	table_set(&t, 0, 1, "a,b", 3);
	table_set(&t, 1, 1, "say \"hi\"", 8);
	table_set_num(&t, 2, 1, 0.1);
	table_set(&t, 0, 2, "two\nlines", 9);
	table_set(&t, 1, 2, "cr\rhere", 7);
	table_set_num(&t, 2, 2, -2.5);
	table_set(&t, 0, 3, "it's", 4);	/* nothing to quote */
	/* row 4: every cell missing */
	out = export();
	cr_assert_str_eq(out,
			 "title,note,n\n"
			 "plain,with space,3\n"
			 "\"a,b\",\"say \"\"hi\"\"\",0.1\n"
			 "\"two\nlines\",\"cr\rhere\",-2.5\n"
			 "it's,,\n"
			 ",,\n");
	free(out);
}

Test(csv, export_finds_what_to_quote_at_every_offset)
{
	/* Each byte that needs quotes, at each offset of values across
	 * two words (looked at eight bytes at a time), and none: é's high
	 * bits must not pass for one. */
	static const char special[] = { ',', '"', '\n', '\r', 0 };
	struct buf want = {0};
	size_t row = 0;
	char *out;

	table_add_column(&t, "v", PRIO_TYPE_TEXT, NULL);
	buf_adds(&want, "v\n");
	for (size_t s = 0; s < sizeof(special); s++)
		for (size_t n = 1; n <= 18; n++)
			for (size_t at = 0; at < n; at++) {
				char v[32];

				for (size_t i = 0; i < n; i++)
					v[i] = i % 2 ? 'x' : '\xe9';
				if (special[s])
					v[at] = special[s];
				table_add_row(&t, 0);
				table_set(&t, 0, row++, v, n);
				if (special[s])
					buf_addc(&want, '"');
				if (v[0] == '\r')	/* a formula's trigger */
					buf_addc(&want, '\'');
				for (size_t i = 0; i < n; i++) {
					buf_addc(&want, v[i]);
					if (v[i] == '"')
						buf_addc(&want, '"');
				}
				if (special[s])
					buf_addc(&want, '"');
				buf_addc(&want, '\n');
				if (!special[s])
					break;	/* one of each length */
			}
	out = export();
	cr_assert_eq(strlen(out), want.len);
	cr_assert_eq(memcmp(out, want.p, want.len), 0);
	free(out);
	buf_release(&want);
}

Test(csv, export_of_an_empty_set_is_the_header)
{
	char *out;

	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "a,b", PRIO_TYPE_TEXT, NULL);
	out = export();
	cr_assert_str_eq(out, "title,\"a,b\"\n");
	free(out);
}

Test(csv, export_with_a_delimiter_quotes_it)
{
	char *out;

	ops->release(state);
	state = NULL;
	config_release(&cfg);
	plugins_release(&ps);
	/* Quoted: after a blank, inih takes ; for a comment. */
	cr_assert_eq(configure("[format.csv]\nplugin = csv\n"
			       "delimiter = \";\"\n"), 0, "%s", err);
	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "x", PRIO_TYPE_TEXT, NULL);
	table_add_row(&t, 0);
	table_set(&t, 0, 0, "a;b", 3);
	table_set(&t, 1, 0, "1,5", 3);
	out = export();
	cr_assert_str_eq(out, "title;x\n\"a;b\";1,5\n");
	free(out);
}

Test(csv, round_trip)
{
	static const char in[] =
		"title,x,note\n"
		"\"a, b\",1,\"say \"\"hi\"\"\"\n"
		"plain,2.5,\"two\nlines\"\n"
		",,\n"
		"\"\"\"\",-3,x\n";
	struct table first;
	char *out;

	import_ok(in);
	out = export();
	cr_assert_str_eq(out, in, "the file was canonical: same bytes back");

	/* And importing the export gives the same cells. */
	first = t;
	table_init(&t);
	free(sink.colmap);
	memset(&sink, 0, sizeof(sink));
	sink.t = &t;
	sink.file = "t.csv";
	sink.lenient = 1;
	import_ok(out);
	cr_assert_eq(t.nrows, first.nrows);
	cr_assert_eq(t.ncols, first.ncols);
	for (size_t c = 0; c < t.ncols; c++)
		for (size_t row = 0; row < t.nrows; row++) {
			const char *a = unit_cell(&first, (int)c, row);
			const char *b = unit_cell(&t, (int)c, row);
			cr_assert((!a && !b) || (a && b && !strcmp(a, b)),
				  "row %zu col %zu: '%s' vs '%s'", row, c,
				  a ? a : "(none)", b ? b : "(none)");
		}
	table_release(&first);
	free(out);
}

Test(csv, round_trip_of_a_ranked_view)
{
	/* An ordered view (ranked output): rows come out in view order. */
	char *path = unit_path(tmp, "ranked.csv");
	static const uint32_t order[] = { 2, 0 };
	int cols[] = { 1, 0 };
	struct prio_out out = { .name = path };
	struct prio_items v;
	char *data;

	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "x", PRIO_TYPE_TEXT, NULL);
	for (int i = 0; i < 3; i++) {
		char s[2] = { (char)('a' + i), 0 };
		table_add_row(&t, 0);
		table_set(&t, 0, (size_t)i, s, 1);
		table_set(&t, 1, (size_t)i, s, 1);
	}
	out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	view_some(&v, &t, cols, 2, order, 2);
	cr_assert_eq(ops->export(state, &v, &out, err), 0, "%s", err);
	cr_assert_eq(out_flush(&out), 0);
	close(out.fd);
	buf_release(&out.b);
	view_release(&v);
	data = unit_read(path, NULL);
	cr_assert_str_eq(data, "x,title\nc,c\na,a\n");
	free(data);
	free(path);
}
