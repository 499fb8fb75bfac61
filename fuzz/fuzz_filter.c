/*
 * fuzz_filter.c - libFuzzer target for the filter grammar (core/filter.c):
 * the input, split at newlines, as the terms of one filter against the
 * built-in schema, then matched against every row of a small table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "field.h"
#include "filter.h"
#include "prio.h"
#include "table.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;
static struct schema schema;
static struct table t;

/* The schema and a few rows, once. */
static void setup(void)
{
	static const char *const rows[][4] = {
		{ "1", "Guest checkout", "story", "checkout, web" },
		{ "2", "Crash \xe2\x80\x94 on pay", "bug", "urgent" },
		{ "3", "", "debt", NULL },
	};
	static const char *const cols[] = { "id", "title", "type", "labels" };
	char err[PRIO_ERR_MAX];

	if (config_load_string(&cfg, defaults_ini, "<built-in>", err) ||
	    schema_load(&schema, &cfg, err))
		abort();
	table_for_schema(&t, &schema);
	for (size_t r = 0; r < 3; r++) {
		size_t row = table_add_row(&t, 0);

		for (size_t c = 0; c < 4; c++)
			if (rows[r][c])
				table_set(&t, table_find(&t, cols[c],
							 strlen(cols[c])),
					  row, rows[r][c], strlen(rows[r][c]));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size), *terms[16], err[PRIO_ERR_MAX];
	size_t n = 0;
	struct filter f;

	if (!t.ncols)
		setup();
	for (char *s = text; s && n < 16; ) {
		char *nl = strchr(s, '\n');

		if (nl)
			*nl = '\0';
		terms[n++] = s;
		s = nl ? nl + 1 : NULL;
	}
	setenv("PRIO_TODAY", "2026-12-06", 1);
	if (filter_parse(&f, &schema, terms, n, err) == 0) {
		/* No store here: only terms that need none are matched. */
		if (!f.nrefs && !filter_reads(&f, "parent"))
			for (size_t r = 0; r < t.nrows; r++)
				filter_match(&f, &t, r);
		filter_release(&f);
	}
	free(text);
	return 0;
}
