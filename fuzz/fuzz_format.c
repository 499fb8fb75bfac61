/*
 * fuzz_format.c - libFuzzer target for a format plugin's importer, built
 * with the plugin's source linked in statically (-DPLUGIN="...c"): any
 * bytes are imported leniently (as prio rank --in does) and strictly
 * against the built-in schema (as prio import does), and what was read is
 * exported again. The lenient import keeps the rows as read, as rank --in
 * does, with every other column left unread, and exports them as read.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "prio.h"

#include PLUGIN

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;
static struct schema schema;
static int devnull = -1;

static void once(void)
{
	char err[PRIO_ERR_MAX];

	if (devnull >= 0)
		return;
	devnull = open("/dev/null", O_WRONLY);
	if (prio_plugin.init && prio_plugin.init(&host_services, err) < 0)
		abort();
	if (config_load_string(&cfg, defaults_ini, "<built-in>", err) ||
	    schema_load(&schema, &cfg, err))
		abort();
}

/* As rank --in marks what its method does not read: every other column. */
static int unread(void *arg, char *err)
{
	struct table *t = arg;

	(void)err;
	for (size_t i = 1; i < t->ncols; i += 2)
		t->cols[i].unread = 1;
	return 0;
}

static void import_once(const uint8_t *data, size_t size, int lenient)
{
	const struct prio_format_ops *fops = prio_plugin.ops;
	struct prio_section *sec = config_section(&cfg, "format.fuzz");
	struct prio_sink sink = { .file = "fuzz", .lenient = lenient };
	char err[PRIO_ERR_MAX];
	void *state = NULL;
	struct table t;

	if (!fops->import)
		return;
	if (fops->configure && fops->configure(sec, &state, err) < 0)
		return;
	if (lenient) {
		/* The table keeps (and frees) the bytes, as import_read's. */
		char *copy = malloc(size + 1);

		memcpy(copy, data, size);
		copy[size] = '\0';
		table_init(&t);
		table_borrow(&t, copy, size);
		data = (const uint8_t *)copy;
		sink.section = "format.fuzz";
		sink.keep_raw = 1;
		sink.columns = unread;
		sink.columns_arg = &t;
	} else {
		table_for_schema(&t, &schema);
	}
	sink.t = &t;
	sink.schema = lenient ? NULL : &schema;
	if (fops->import(state, "fuzz", (const char *)data, size, &sink, err) == 0 &&
	    fops->export && t.nrows) {
		struct prio_items v;
		struct prio_out out = { .fd = devnull, .name = "null" };

		view_all(&v, &t);
		v.raw_at = t.raw_section != NULL;	/* all the file's */
		fops->export(state, &v, &out, err);
		buf_release(&out.b);
		view_release(&v);
	}
	free(sink.colmap);
	table_release(&t);
	if (fops->release && state)
		fops->release(state);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	once();
	import_once(data, size, 1);
	import_once(data, size, 0);
	return 0;
}
