/*
 * prio/format.h - the operations of a format plugin: a way for backlogs to
 * come in and go out.
 *
 * Import: the host reads the whole input and hands it over as bytes; the
 * plugin parses it and passes rows to the host (host->sink_columns once,
 * then host->sink_row per row, with the line each row starts on, so that
 * the host's errors can say FILE:LINE). The host validates the values
 * (every text must be UTF-8), maps columns to fields and applies the rows
 * in one transaction, so an importer never touches the backlog itself
 * and a failed import changes nothing.
 *
 * Column mapping is the host's, for every format: in any [format.NAME]
 * section,
 *
 *	map.Story Points = job_size	; the column "Story Points" is job_size
 *	map.Sprint =			; nothing: ignore the column
 *	ignore = Notes, Owner		; ignore these columns
 *	value.moscow.Must = must	; a value as the file spells it
 *	date_format = %d/%m/%Y		; dates and times as the file writes them
 *
 * Column names also match fields and map. keys by any case and blanks
 * ("Business Value" is business_value), and allowed values by any case.
 * The host reads these keys itself (a plugin does not ask for them, and
 * they are never "unknown keys" of its section) and applies them in
 * sink_columns: pass the column names as the file has them (for JSON,
 * the object keys). A column that is neither a field, nor mapped, nor
 * ignored is an error naming the file and the columns (all of them at
 * once, with the lines to paste into the section); a map to a field
 * that does not exist is an error naming the INI file and line. An
 * importer that must know the fields before it names them (to convert
 * or merge columns) asks host->sink_map and names fields with
 * host->sink_fields instead.
 *
 * One column is no field: "sprint" (unless a field has that name) names
 * the sprint the row's item goes into, which the host creates when the
 * workspace lacks it (see `prio import --help`); the row needs an id or
 * a key. An importer whose file has sprints names this column (jira.c
 * does). A host that predates it refuses it as an unknown column: a
 * clear error, and nothing written.
 *
 * Export: the host hands over a set of items, already in output order, and
 * the plugin writes bytes through host->write. The set's fields are those
 * to write, in order (host->field_count, field_name, field_type, text); a
 * ranked export has the fields "rank", "score" and "class" first. Write a
 * field under host->column_name when that is not NULL (the column the
 * section maps to it), so that the file imports back through the same
 * section.
 *
 * A line-based format may hand the host each row's bytes (sink_raw) and
 * copy them back on export (raw), and say so (PRIO_FORMAT_COPIES_ROWS):
 * `prio rank --in big.csv --format csv` then writes a million rows with
 * one copy each instead of a dozen values each. csv.c shows how.
 *
 * Either operation may be NULL when the format goes only one way.
 */
#ifndef PRIO_FORMAT_H
#define PRIO_FORMAT_H

#include <prio/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

struct prio_format_ops {
	size_t struct_size;	/* sizeof(struct prio_format_ops) */

	/* File name endings this format claims, NULL-terminated: {"csv", NULL}. */
	const char *const *extensions;

	/* As for methods: read the [format.NAME] section into *state. */
	int (*configure)(const struct prio_section *sec, void **state,
			 char *err);

	/*
	 * Parses `len` bytes of `data` (not NUL-terminated) that came from
	 * `name` (a path, or "-" for standard input). Errors that the plugin
	 * finds itself should start with "LINE: " when there is a line.
	 */
	int (*import)(void *state, const char *name, const char *data,
		      size_t len, struct prio_sink *sink, char *err);

	/* Writes `items` to `out`. */
	int (*export)(void *state, const struct prio_items *items,
		      struct prio_out *out, char *err);

	void (*release)(void *state);

	/* Since ABI 1.2: PRIO_FORMAT_* below, or 0. */
	unsigned long flags;

	void *reserved[7];
};

/*
 * Import hands each row's bytes to the host (host->sink_raw), and export
 * writes them back (host->raw) for every item that has them, in place of
 * the fields they hold. The host then keeps only the values that someone
 * else reads: `prio rank --in big.csv --format csv` stores a quarter less
 * and writes each row with one copy. Claim it only if export does both.
 */
#define PRIO_FORMAT_COPIES_ROWS 0x1ul

#ifdef __cplusplus
}
#endif

#endif /* PRIO_FORMAT_H */
