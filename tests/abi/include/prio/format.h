/*
 * prio/format.h - the operations of a format plugin: a way for backlogs to
 * come in and go out.
 *
 * Import: the host reads the whole input and hands it over as bytes; the
 * plugin parses it and passes rows to the host (host->sink_columns once,
 * then host->sink_row per row, with the line each row starts on, so that
 * the host's errors can say FILE:LINE). The host validates the values,
 * maps columns to fields and applies the rows in one transaction, so an
 * importer never touches the backlog itself and a failed import changes
 * nothing.
 *
 * Export: the host hands over a set of items, already in output order, and
 * the plugin writes bytes through host->write. The set's fields are those
 * to write, in order (host->field_count, field_name, field_type, text); a
 * ranked export has the fields "rank", "score" and "class" first.
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

	void *reserved[8];
};

#ifdef __cplusplus
}
#endif

#endif /* PRIO_FORMAT_H */
