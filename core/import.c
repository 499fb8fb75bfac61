/*
 * import.c - reading a file through a format plugin into a table.
 */
#include "prio.h"

#include <stdlib.h>
#include <string.h>

int import_read(struct prio *p, const char *path, const char *format,
		struct table *t, int lenient, char *err)
{
	struct prio_sink sink = {
		.t = t, .schema = &p->schema, .file = path, .lenient = lenient
	};
	const struct prio_format_ops *ops;
	struct instance f;
	char *data;
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
	if (!(data = file_read(path, &len, err))) {
		rc = PRIO_EIO;
		goto out;
	}
	err[0] = '\0';
	rc = ops->import(f.state, path, data, len, &sink, err);
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
