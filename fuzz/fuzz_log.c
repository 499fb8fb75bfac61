/*
 * fuzz_log.c - libFuzzer target for what prio reads back from its log
 * (core/history.c): an entry's JSON object of values, the runs of ids an
 * import made, JSON strings, and the times --at takes. A backlog.db is a
 * file anyone who can write the workspace can change: its log must never
 * crash prio.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "history.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *arg, long long id, unsigned long line)
{
	(void)id;
	(void)line;
	/* Runs may be long (count is the input's): stop early. */
	return ++*(size_t *)arg > 1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), at[21], err[PRIO_ERR_MAX];
	struct log_entry e = { .action = "import" };
	struct jobj o;
	struct buf b = {0};
	size_t n = 0;

	memcpy(s, data, size);
	s[size] = '\0';
	e.after = s;

	if (jobj_parse(s, &o) == 0) {
		for (size_t i = 0; i < o.n; i++)
			jget(&o, o.v[i].key);
		jobj_release(&o);
	}
	/* As an import's own entry: its runs of ids, checked. */
	history_import_ids(&e, count, &n);
	if (*s == '"')
		json_read_string(s, &b);
	buf_release(&b);
	date_at(s, at, err);
	free(s);
	return 0;
}
