/*
 * fuzz_lua.c - libFuzzer target for the lua method: any bytes as a
 * scoring script, configured on a small fixed set of items (numbers,
 * text, labels, dates, an untyped column) with tight limits, then ranked
 * and one item explained, and released. Errors are expected; crashes,
 * leaks and undefined behaviour are not.
 *
 * The plugin's sources are linked in (the Makefile compiles them with
 * this file: their own translation units, so their static helpers cannot
 * clash with the core's). They are built with -DLUAM_IN_PROCESS: the
 * script runs in this process rather than in a forked worker, because
 * libFuzzer neither sees the coverage of a child nor notices its crashes
 * (a child killed by ASan is only "the Lua worker died" to the parent),
 * and a fork per run is slow. The memory cap and instruction budget stay;
 * the soft time limit uses SIGPROF (SIGALRM is libFuzzer's); the hard
 * kill has no in-process equivalent (see plugins/method/lua/worker.c).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "prio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct prio_plugin prio_plugin;	/* plugins/method/lua */

static struct config cfg;
static struct table t;
static struct prio_items v;
static struct plugin plug;
static char script[] = "/tmp/prio-fuzz-lua-XXXXXX";
static int devnull = -1;

static void cleanup(void)
{
	unlink(script);
}

/* The items: as tests/unit/test_lua.c's, read as a file would be. */
static void items(void)
{
	static const char *const names[] = {
		"key", "title", "type", "labels", "created", "business_value",
		"job_size", "revenue"
	};
	static const char *const rows[][8] = {
		{ "A", "Alpha", "story", "checkout, urgent",
		  "2026-01-01T10:00:00Z", "8", "4", "100" },
		{ "B", "Beta", "bug", "payments", "2026-06-01", "1", "1",
		  "n/a" },
		{ "C", "Gamma", "spike", NULL, NULL, "20", "5", NULL },
		{ "D", "Delta", "story", "", "2026-11-20", "3", NULL, "2.5" },
	};
	const size_t ncols = sizeof(names) / sizeof(names[0]);

	table_init(&t);
	for (size_t c = 0; c < ncols; c++)
		table_add_column(&t, names[c],
				 c == 7 ? 0 : c >= 5 ? PRIO_TYPE_NUMBER
						     : PRIO_TYPE_TEXT, NULL);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t row = table_add_row(&t, (unsigned long)i + 2);

		for (size_t c = 0; c < ncols; c++)
			if (rows[i][c] && rows[i][c][0])
				table_set(&t, (int)c, row, rows[i][c],
					  strlen(rows[i][c]));
	}
	view_all(&v, &t);
}

static void once(void)
{
	char err[PRIO_ERR_MAX], *ini;
	int fd;

	if (devnull >= 0)
		return;
	devnull = open("/dev/null", O_WRONLY);
	fd = mkstemp(script);
	if (devnull < 0 || fd < 0)
		abort();
	close(fd);
	atexit(cleanup);
	if (prio_plugin.init(&host_services, err) < 0)
		abort();
	plug.desc = &prio_plugin;
	ini = xstrfmt("[method.fuzz]\nplugin = lua\nscript = %s\n"
		      "max_instructions = 100000\nmax_memory = 8M\n"
		      "timeout = 1s\nreference_date = 2026-11-23\n"
		      "param.w = 2\nparam.focus = checkout, payments\n",
		      script);
	if (config_load_string(&cfg, ini, "fuzz.ini", err))
		abort();
	free(ini);
	items();
}

/* Only the harness's own failures are bugs; the script's are not. */
static void check(int rc, const char *err)
{
	if (rc == PRIO_EINTERNAL) {
		fprintf(stderr, "fuzz_lua: internal error: %s\n", err);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct prio_method_ops *ops = prio_plugin.ops;
	struct instance m = { .plugin = &plug };
	char err[PRIO_ERR_MAX];
	struct ranking r;
	FILE *f;
	int rc;

	once();
	f = fopen(script, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
		abort();
	m.sec.cfg = &cfg;
	m.sec.name = "method.fuzz";
	m.section = (char *)"method.fuzz";
	err[0] = '\0';
	rc = ops->configure(&m.sec, &v, &m.state, err);
	check(rc, err);
	if (rc)
		return 0;
	rc = rank_run(&m, &v, &r, err);
	check(rc, err);
	if (!rc) {
		/* An item the input picks, scored or not. */
		size_t item = size % v.count;
		struct prio_out out = { .fd = devnull, .name = "null" };

		err[0] = '\0';
		rc = ops->explain(m.state, &v, &r.res, item, &out, err);
		check(rc, err);
		buf_release(&out.b);
	}
	ranking_release(&r);
	ops->release(m.state);
	return 0;
}
