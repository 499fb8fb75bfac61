/*
 * import.c - reading a file through a format plugin into a table.
 */
#include "prio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * How many rows a file may have: its lines, for the line-based formats.
 * Room for them is made before the first row, so that the columns are
 * allocated once, at their size, instead of grown and copied twenty
 * times; a file with more lines than rows (pretty-printed JSON) only
 * reserves address space, since memory is touched as rows arrive.
 */
static size_t rows_hint(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t n = 0;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p++;
	}
	return n;
}

int import_read(struct prio *p, const char *path, const char *format,
		struct table *t, const struct import_opts *o, char *err)
{
	struct prio_sink sink = {
		.t = t, .schema = &p->schema, .file = path,
		.lenient = o->lenient, .keep_raw = o->keep_raw,
		.rejects = o->rejects,
		.columns = o->columns, .columns_arg = o->arg,
	};
	const struct prio_format_ops *ops;
	struct instance f;
	char *data;
	int borrowed = 0;
	size_t len;
	int rc;

	if (!format)
		format = format_guess(p, path);
	if (!format)
		return errf(err, PRIO_EINVAL,
			    "%s: cannot tell the format from the name; "
			    "say it with --from", path);
	if ((rc = format_open(p, format, &f, err)))
		return rc;
	ops = f.plugin->desc->ops;
	if (!ops->import) {
		rc = errf(err, PRIO_EINVAL, "format '%s' cannot import", format);
		goto out;
	}
	/* rank --in takes any column as text, so any name may be mapped to. */
	if (!o->lenient && (rc = mapping_check(&f.map, &f.sec, t, err)))
		goto out;
	sink.map = &f.map;
	sink.section = f.section;
	if (!(data = file_read(path, &len, err))) {
		rc = PRIO_EIO;
		goto out;
	}
	err[0] = '\0';
	if (o->sha256)
		sha256_hex(data, len, o->sha256);
	table_reserve(t, rows_hint(data, len));
	/* The table keeps the file: values that are pieces of it stay put. */
	if (table_borrow(t, data, len) == 0)
		borrowed = 1;
	progress_start(&sink.progress, "reading");
	rc = ops->import(f.state, path, data, len, &sink, err);
	progress_end(&sink.progress);
	if (rc == 0 && sink.failed)	/* the plugin went on regardless */
		rc = PRIO_EINVAL;
	if (!borrowed)
		free(data);
	if (rc < 0 && !sink.failed) {
		/* The plugin's "LINE: what" becomes "FILE:LINE: what". */
		char msg[PRIO_ERR_MAX];
		memcpy(msg, err, sizeof(msg));
		msg[sizeof(msg) - 1] = '\0';
		errf(err, rc, "%s:%s%s", path, msg[0] >= '0' && msg[0] <= '9'
		     ? "" : " ", msg);
	}
	else if (rc == 0 && !sink.have_columns)
		rc = errf(err, PRIO_EINVAL, "%s: no header row", path);
out:
	free(sink.colmap);
	instance_close(&f);
	return rc;
}
