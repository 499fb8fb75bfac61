/*
 * old_format.c - a format built against the ABI 1.0 headers: "KEY=TITLE"
 * lines in, and out with every field as NAME:VALUE, tab-separated, then
 * the workflow's describe() keys as #KEY=VALUE.
 */
#include <string.h>

#include <prio/format.h>

static const struct prio_host *host;

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

static int import(void *state, const char *name, const char *data,
		  size_t len, struct prio_sink *sink, char *err)
{
	static const char *const cols[] = { "key", "title" };
	static const size_t lens[] = { 3, 5 };
	unsigned long line = 0;
	int rc;

	(void)state;
	(void)name;
	if ((rc = host->sink_columns(sink, 2, cols, lens, err)))
		return rc;
	while (len) {
		const char *eol = memchr(data, '\n', len), *eq;
		size_t n = eol ? (size_t)(eol - data) : len;
		const char *vals[2];
		size_t vl[2];

		line++;
		if (n && !(eq = memchr(data, '=', n))) {
			strcpy(err, "expected KEY=TITLE");
			return PRIO_EINVAL;
		}
		if (n) {
			vals[0] = data, vl[0] = (size_t)(eq - data);
			vals[1] = eq + 1, vl[1] = n - vl[0] - 1;
			if ((rc = host->sink_row(sink, line, 2, vals, vl, err)))
				return rc;
		}
		data += n + (eol != NULL);
		len -= n + (eol != NULL);
	}
	return 0;
}

static const char *const keys[] = {
	"sprint", "sprint.state", "sprint.start", "sprint.end",
	"sprint.capacity", "sprint.committed", "sprint.done",
	"sprint.accepted", "sprint.day", "sprint.days", "sprint.bugs",
	"burndown", "velocity", "velocity.average", "velocity.spread",
	"velocity.count", "release", "release.left", "forecast", NULL
};

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	int nf = host->field_count(items), rc = 0;

	(void)state;
	(void)err;
	for (size_t i = 0; i < host->count(items) && !rc; i++) {
		for (int f = 0; f < nf && !rc; f++) {
			const char *name = host->field_name(items, f), *v;
			size_t len;

			if (!(v = host->text(items, f, i, &len)))
				continue;
			rc = host->write(out, name, strlen(name));
			rc = rc ? rc : host->write(out, ":", 1);
			rc = rc ? rc : host->write(out, v, len);
			rc = rc ? rc : host->write(out, "\t", 1);
		}
		rc = rc ? rc : host->write(out, "\n", 1);
	}
	/* Then what a 1.0 report read of the workflow: describe() text. */
	for (size_t k = 0; keys[k] && !rc; k++) {
		const char *v = host->describe(items, keys[k]);

		if (!v)
			continue;
		rc = host->write(out, "#", 1);
		rc = rc ? rc : host->write(out, keys[k], strlen(keys[k]));
		rc = rc ? rc : host->write(out, "=", 1);
		rc = rc ? rc : host->write(out, v, strlen(v));
		rc = rc ? rc : host->write(out, "\n", 1);
	}
	return rc;
}

static const char *const extensions[] = { "old", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.import = import,
	.export = export,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "old_format", "1.0",
		   "built against ABI 1.0: KEY=TITLE lines", init, NULL, &ops);
