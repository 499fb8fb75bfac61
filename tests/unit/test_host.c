/*
 * test_host.c - struct prio_host (core/host.c), the services plugins get:
 * configuration lookups with origins, field handles and values over views,
 * results, and output. Called directly here, the way a plugin calls them.
 */
#include "unit.h"

#include <prio/workflow.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const struct prio_host *h = &host_services;
static struct config cfg;
static struct table t;
static struct prio_items v;
static char err[PRIO_ERR_MAX];

static void setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(&v, 0, sizeof(v));
	table_init(&t);
	err[0] = '\0';
}

static void teardown(void)
{
	view_release(&v);
	table_release(&t);
	config_release(&cfg);
}

TestSuite(host, .init = setup, .fini = teardown);

Test(host, versions_and_size)
{
	cr_assert_eq(h->abi_major, PRIO_ABI_MAJOR);
	cr_assert_eq(h->abi_minor, PRIO_ABI_MINOR);
	cr_assert_eq(h->struct_size, sizeof(struct prio_host));
	/* Every service is there: a plugin calls them without checking. */
	cr_assert(h->log && h->get && h->each && h->section_name);
	cr_assert(h->field && h->count && h->numbers && h->text);
	cr_assert(h->field_count && h->field_name && h->field_type);
	cr_assert(h->unscored && h->class_id);
	cr_assert(h->sink_columns && h->sink_row && h->write);
}

Test(host, get_returns_value_and_origin)
{
	struct prio_section sec = { .cfg = &cfg, .name = "method.w" };
	struct prio_origin o;

	unit_config(&cfg, "[method.w]\nplugin = x\nscale = 3\n", "a.ini");
	unit_config(&cfg, "[method.w]\n\nscale = 5\n", "b.ini");
	cr_assert_str_eq(h->get(&sec, "scale", &o), "5");
	cr_assert_str_eq(o.file, "b.ini");
	cr_assert_eq(o.line, 3);
	cr_assert_null(h->get(&sec, "absent", &o));
	cr_assert_null(o.file);
	cr_assert_eq(o.line, 0);
	cr_assert_null(h->get(&sec, "plugin2", NULL), "where may be NULL");
	cr_assert_str_eq(h->section_name(&sec), "w");
}

/* Collects each() calls as "key=value@line;". */
static int collect(void *arg, const char *key, const char *value,
		   const struct prio_origin *where)
{
	buf_addf(arg, "%s=%s@%d;", key, value, where->line);
	return strcmp(key, "weight.stop") ? 0 : PRIO_EINVAL;
}

Test(host, each_walks_a_prefix_in_file_order)
{
	struct prio_section sec = { .cfg = &cfg, .name = "method.w" };
	struct buf got = {0};

	unit_config(&cfg, "[method.w]\nplugin = weighted\nweight.value = 2\n"
		    "weight.risk = 1\nother = 0\n", "a.ini");
	unit_config(&cfg, "[method.w]\nweight.value = 3\n", "b.ini");
	cr_assert_eq(h->each(&sec, "weight.", collect, &got), 0);
	/* Overridden entries are skipped; the effective one is in its place. */
	cr_assert_str_eq(got.p, "weight.risk=1@4;weight.value=3@2;");
	/* Every key it visited is known; `other` is not. */
	cr_assert_eq(config_unused(&cfg, "method.w", "plugin", err), PRIO_EINVAL);
	assert_contains(err, "'other'");
	buf_release(&got);
}

Test(host, each_stops_on_error)
{
	struct prio_section sec = { .cfg = &cfg, .name = "method.w" };
	struct buf got = {0};

	unit_config(&cfg, "[method.w]\nweight.a = 1\nweight.stop = 2\n"
		    "weight.b = 3\n", "a.ini");
	cr_assert_eq(h->each(&sec, "weight.", collect, &got), PRIO_EINVAL);
	cr_assert_str_eq(got.p, "weight.a=1@2;weight.stop=2@3;");
	buf_release(&got);
}

Test(host, bad_value_names_file_line_section_and_key)
{
	struct prio_section sec = { .cfg = &cfg, .name = "method.w" };

	unit_config(&cfg, "[method.w]\nplugin = x\nscale = fast\n", "a.ini");
	cr_assert_eq(h->bad_value(&sec, "scale", err, "expected %s", "a number"),
		     PRIO_EINVAL);
	cr_assert_str_eq(err, "a.ini:3: [method.w] scale = 'fast': expected a "
			 "number");
	cr_assert(sec.located);
	/* A key that is not set: no place to name, still the key. */
	cr_assert_eq(h->bad_value(&sec, "depth", err, "needed"), PRIO_EINVAL);
	assert_contains(err, "[method.w] depth");
	assert_contains(err, "needed");
}

/* A table: title (text), n (number), u (untyped), 3 rows. */
static void small_table(void)
{
	static const char *const title[] = { "a", "b", "c" };
	static const char *const n[] = { "1", NULL, "2.5" };
	static const char *const u[] = { "x", "7", NULL };

	table_add_column(&t, "title", PRIO_TYPE_TEXT, NULL);
	table_add_column(&t, "n", PRIO_TYPE_NUMBER, NULL);
	table_add_column(&t, "u", 0, NULL);
	for (size_t r = 0; r < 3; r++) {
		table_add_row(&t, 0);
		table_set(&t, 0, r, title[r], 1);
		if (n[r])
			table_set(&t, 1, r, n[r], strlen(n[r]));
		if (u[r])
			table_set(&t, 2, r, u[r], 1);
	}
}

Test(host, field_handles)
{
	small_table();
	view_all(&v, &t);
	cr_assert_eq(h->field(&v, "n", PRIO_TYPE_NUMBER, err), 1);
	cr_assert(t.cols[1].wanted, "a field asked for is wanted");
	cr_assert_eq(h->field(&v, "u", PRIO_TYPE_NUMBER, err), 2,
		     "untyped input may hold numbers");
	cr_assert_eq(h->field(&v, "title", PRIO_TYPE_TEXT, err), 0);

	cr_assert_lt(h->field(&v, "title", PRIO_TYPE_NUMBER, err), 0);
	assert_contains(err, "'title' is text");
	cr_assert_lt(h->field(&v, "nothing", PRIO_TYPE_TEXT, err), 0);
	assert_contains(err, "unknown field 'nothing'");

	cr_assert_eq(h->field_count(&v), 3);
	cr_assert_str_eq(h->field_name(&v, 2), "u");
	cr_assert_null(h->field_name(&v, 3));
	cr_assert_eq(h->field_type(&v, 1), PRIO_TYPE_NUMBER);
	cr_assert_eq(h->field_type(&v, 2), PRIO_TYPE_TEXT, "untyped: text");
}

Test(host, numbers_and_text)
{
	const double *n, *u;
	size_t len;
	const char *s;

	small_table();
	view_all(&v, &t);
	cr_assert_eq(h->count(&v), 3);
	n = h->numbers(&v, 1);
	cr_assert_eq(n[0], 1);
	cr_assert(isnan(n[1]), "missing is NaN");
	cr_assert_eq(n[2], 2.5);
	u = h->numbers(&v, 2);
	cr_assert(isnan(u[0]), "'x' is not a number: NaN");
	cr_assert_eq(u[1], 7);
	cr_assert_null(h->numbers(&v, 9));

	s = h->text(&v, 0, 1, &len);
	cr_assert_eq(len, 1);
	cr_assert_eq(s[0], 'b');
	cr_assert_null(h->text(&v, 1, 1, &len), "missing");
	cr_assert_null(h->text(&v, 0, 3, &len), "no such item");
	cr_assert_eq(len, 0);
	cr_assert_null(h->text(&v, -1, 0, &len), "no such field");
}

Test(host, numbers_without_text_come_out_formatted)
{
	size_t len;
	const char *a, *b;

	table_add_column(&t, "score", PRIO_TYPE_NUMBER, NULL);
	table_add_row(&t, 0);
	table_add_row(&t, 0);
	table_set_num(&t, 0, 0, 4);
	table_set_num(&t, 0, 1, 0.1);
	view_all(&v, &t);
	/* Two texts at once stay valid: a plugin compares or copies them. */
	a = h->text(&v, 0, 0, &len);
	cr_assert_eq(len, 1);
	b = h->text(&v, 0, 1, &len);
	cr_assert_eq(len, 3);
	cr_assert_eq(memcmp(a, "4", 1), 0);
	cr_assert_eq(memcmp(b, "0.1", 3), 0);
}

Test(host, ordered_view_permutes_numbers_and_text)
{
	static const uint32_t order[] = { 2, 0 };
	int cols[] = { 1, 0 };
	const double *n;
	size_t len;
	const char *s;

	small_table();
	view_some(&v, &t, cols, 2, order, 2);
	cr_assert_eq(h->count(&v), 2);
	cr_assert_eq(h->field(&v, "n", PRIO_TYPE_NUMBER, err), 0, "handles are "
		     "positions in the view");
	cr_assert_lt(h->field(&v, "u", PRIO_TYPE_TEXT, err), 0, "not in view");
	n = h->numbers(&v, 0);
	cr_assert_eq(n[0], 2.5, "item 0 is row 2");
	cr_assert_eq(n[1], 1, "item 1 is row 0");
	cr_assert_eq(h->numbers(&v, 0), n, "computed once per set");
	s = h->text(&v, 1, 0, &len);
	cr_assert_eq(s[0], 'c');
}

Test(host, unscored_and_classes)
{
	struct ranking r = {0};
	double score[3] = { 1, 2, 3 };
	int klass[3] = { -1, -1, -1 };
	uint32_t reason[3] = { 0 };
	int must, should;

	r.res.count = 3;
	r.res.score = score;
	r.res.klass = klass;
	r.reason = reason;
	h->unscored(&r.res, 1, "%s is missing (%d)", "job_size", 7);
	h->unscored(&r.res, 5, "out of range: ignored");
	cr_assert(isnan(score[1]));
	cr_assert_eq(score[0], 1);
	cr_assert_str_eq(unit_reason(&r, 1), "job_size is missing (7)");
	cr_assert_null(unit_reason(&r, 0));

	must = h->class_id(&r.res, "must");
	should = h->class_id(&r.res, "should");
	cr_assert_neq(must, should);
	cr_assert_eq(h->class_id(&r.res, "must"), must, "interned");
	cr_assert_str_eq(r.classes[should], "should");
	for (int i = 0; i < 20; i++) {
		char name[16];
		snprintf(name, sizeof(name), "c%d", i);
		cr_assert_eq(h->class_id(&r.res, name), i + 2);
	}
	cr_assert_str_eq(r.classes[must], "must", "kept while growing");

	/* ranking_release frees what the host allocated; ours are local. */
	buf_release(&r.reasons);
	for (int i = 0; i < r.nclasses; i++)
		free(r.classes[i]);
	free(r.classes);
}

Test(host, write_buffers_and_flushes)
{
	char *dir = unit_tmpdir(), *path = unit_path(dir, "out");
	struct prio_out out = { .name = path };
	char *big = xmalloc(3 << 20), *back;
	size_t len;

	memset(big, 'z', 3 << 20);
	out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	cr_assert_eq(h->write(&out, "head\n", 5), 0);
	cr_assert_eq(h->write(&out, big, 3 << 20), 0);
	cr_assert_eq(h->write(&out, "tail", 4), 0);
	cr_assert_eq(out_flush(&out), 0);
	close(out.fd);
	back = unit_read(path, &len);
	cr_assert_eq(len, 5 + (3u << 20) + 4);
	cr_assert_eq(memcmp(back, "head\nzzz", 8), 0);
	cr_assert_eq(memcmp(back + len - 5, "ztail", 5), 0);
	free(back);
	free(big);
	buf_release(&out.b);
	unit_rmtree(dir);
	free(dir);
	free(path);
}

Test(host, write_failure_is_remembered)
{
	struct prio_out out = { .name = "bad" };
	int fds[2];

	/* A pipe whose reader is gone: every write fails with EPIPE. */
	cr_assert_eq(pipe(fds), 0);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	out.fd = fds[1];
	cr_assert_eq(h->write(&out, "x", 1), 0, "buffered: no error yet");
	cr_assert_eq(out_flush(&out), PRIO_EIO);
	cr_assert_eq(out.failed, EPIPE);
	cr_assert_eq(h->write(&out, "y", 1), PRIO_EIO, "and stays failed");
	close(fds[1]);
	buf_release(&out.b);
}

Test(host, describe)
{
	small_table();
	view_all(&v, &t);
	cr_assert_null(h->describe(&v, "method"), "nothing said yet");
	view_describe(&v, "method", "wsjf");
	view_describe(&v, "method.plugin", "wsjf");
	view_describe(&v, "generated", "2026-01-31T09:00:00Z");
	cr_assert_str_eq(h->describe(&v, "method"), "wsjf");
	cr_assert_str_eq(h->describe(&v, "generated"), "2026-01-31T09:00:00Z");
	cr_assert_null(h->describe(&v, "method.config"));
	cr_assert_null(h->describe(&v, "meth"));
}

static int later_calls;

static int later_ok(void *arg, struct buf *out, struct prio_workflow **wf,
		    char *msg)
{
	(void)msg;
	later_calls++;
	describe_add(out, "sprint", arg);
	describe_add(out, "burndown", "2026-07-01\t11\t11\n");
	*wf = xcalloc(1, sizeof(**wf));
	(*wf)->struct_size = sizeof(**wf);
	(*wf)->sprint = arg;
	return 0;
}

static int later_fails(void *arg, struct buf *out, struct prio_workflow **wf,
		       char *msg)
{
	(void)arg;
	later_calls++;
	describe_add(out, "sprint", "half done");
	*wf = xcalloc(1, sizeof(**wf));	/* half done: the host frees it */
	return errf(msg, PRIO_EIO, "the store went away");
}

Test(host, describe_later_answers_once_and_keeps_earlier_answers)
{
	const char *method;
	const struct prio_workflow *w;

	small_table();
	view_all(&v, &t);
	view_describe(&v, "method", "wsjf");
	v.later = later_ok;
	v.later_arg = (char[]){ "S1" };
	later_calls = 0;
	method = h->describe(&v, "method");
	cr_assert_str_eq(method, "wsjf");
	cr_assert_eq(later_calls, 0, "what is known costs nothing more");
	cr_assert_str_eq(h->describe(&v, "sprint"), "S1");
	cr_assert_str_eq(h->describe(&v, "burndown"), "2026-07-01\t11\t11\n");
	cr_assert_null(h->describe(&v, "velocity"));
	cr_assert_eq(later_calls, 1, "computed once");
	cr_assert_eq(h->describe(&v, "method"), method, "earlier answers stay");
	cr_assert_eq(v.later_rc, 0);
	w = h->workflow(&v);
	cr_assert_not_null(w);
	cr_assert_str_eq(w->sprint, "S1");
	cr_assert_eq(h->workflow(&v), w, "the same records every time");
	cr_assert_eq(later_calls, 1, "typed and text come from one run");
}

Test(host, workflow_first_then_describe_and_none_without_a_later)
{
	cr_assert_eq(h->abi_minor >= 4, 1, "workflow is ABI 1.4");
	small_table();
	view_all(&v, &t);
	cr_assert_null(h->workflow(&v), "no workspace: no workflow");
	v.later = later_ok;
	v.later_arg = (char[]){ "S2" };
	later_calls = 0;
	cr_assert_str_eq(h->workflow(&v)->sprint, "S2");
	cr_assert_str_eq(h->describe(&v, "sprint"), "S2");
	cr_assert_eq(later_calls, 1);
}

Test(host, describe_later_failure_is_kept_for_the_export)
{
	small_table();
	view_all(&v, &t);
	v.later = later_fails;
	later_calls = 0;
	cr_assert_null(h->describe(&v, "sprint"), "nothing half done");
	cr_assert_null(h->describe(&v, "burndown"));
	cr_assert_null(h->workflow(&v), "nothing half done, typed either");
	cr_assert_eq(later_calls, 1);
	cr_assert_eq(v.later_rc, PRIO_EIO);
	cr_assert_str_eq(v.later_err, "the store went away");
}
