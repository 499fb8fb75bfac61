/*
 * acme_feed.c - ACME Corp's dashboard feed: a JSON array of the ranked
 * items, {"priority": "P1", "ref": "SHOP-3", "summary": "...", "points": 5},
 * P1 for the top 10, P2 to rank 50, P3 for the rest, P4 for the unscored.
 * prio/write.h does the quoting and escaping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>
#include <prio/write.h>

PRIO_HOST_INIT

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	int rank = host->field(items, "rank", 0, err);
	int key = host->field(items, "key", 0, err);
	int title = host->field(items, "title", 0, err);
	int est = host->field(items, "estimate", 0, err);
	size_t n = host->count(items), len;
	int rc = 0;

	(void)state;
	if (rank < 0 || key < 0 || title < 0 || est < 0)
		return PRIO_EINVAL;	/* err says which field is missing */
	rc = host->write(out, "[", 1);
	for (size_t i = 0; i < n && !rc; i++) {
		const char *r = host->text(items, rank, i, &len);
		long at = r ? strtol(r, NULL, 10) : 0;	/* 0: unscored */
		char head[64];

		snprintf(head, sizeof(head), "%s{\"priority\": \"P%d\", \"ref\": ",
			 i ? ",\n " : "", !at ? 4 : at <= 10 ? 1 : at <= 50 ? 2 : 3);
		rc = host->write(out, head, strlen(head));
		r = host->text(items, key, i, &len);
		rc = rc ? rc : prio_write_json(host, out, r, len);
		rc = rc ? rc : host->write(out, ", \"summary\": ", 13);
		r = host->text(items, title, i, &len);
		rc = rc ? rc : prio_write_json(host, out, r, len);
		rc = rc ? rc : host->write(out, ", \"points\": ", 12);
		r = host->text(items, est, i, &len);
		rc = rc ? rc : host->write(out, r ? r : "null", r ? len : 4);
		rc = rc ? rc : host->write(out, "}", 1);
	}
	return rc ? rc : host->write(out, "]\n", 2);
}

static const char *const extensions[] = { "acmefeed", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.export = export,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "acme_feed", "1.0",
		   "ACME Corp dashboard feed (JSON, P1-P4)",
		   prio_host_keep, NULL, &ops);
