/*
 * acme.c - ACME Corp's planning file: pipe-separated, a fixed header, P1..P4
 * by rank quartile, titles upper-cased to 60 characters. Built out of tree
 * against the installed prio headers; see README.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <prio/format.h>

#define HEADER "ACME-PLAN|1\nPRIO|REF|SUMMARY\n"

PRIO_HOST_INIT	/* `host`, and prio_host_keep, an init that sets it */

/* Writes one value, the separator replaced so that rows stay rows. */
static int put(struct prio_out *out, const char *v, size_t len, size_t max,
	       int upper)
{
	char buf[256];
	size_t n = len < max && len < sizeof(buf) ? len : max;

	for (size_t i = 0; i < n; i++)
		buf[i] = v[i] == '|' || v[i] == '\n' ? ' ' :
			 upper ? (char)toupper((unsigned char)v[i]) : v[i];
	return host->write(out, buf, n);
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	int rank = host->field(items, "rank", 0, err);
	int key = host->field(items, "key", 0, err);
	int title = host->field(items, "title", 0, err);
	size_t n = host->count(items), ranked = 0, len;
	const char *v;
	int rc;

	(void)state;
	if (rank < 0 || key < 0 || title < 0)
		return PRIO_EINVAL;	/* err says which field is missing */
	for (size_t i = 0; i < n; i++)
		ranked += host->text(items, rank, i, &len) != NULL;
	rc = host->write(out, HEADER, sizeof(HEADER) - 1);
	for (size_t i = 0; i < n && !rc; i++) {
		char prio[8];	/* unscored items come last: ACME calls them P4 */

		snprintf(prio, sizeof(prio), "P%zu",
			 i < ranked ? 1 + 4 * i / (ranked ? ranked : 1) : 4);
		rc = host->write(out, prio, strlen(prio));
		rc = rc ? rc : host->write(out, "|", 1);
		v = host->text(items, key, i, &len);
		rc = rc ? rc : put(out, v ? v : "", v ? len : 0, 20, 0);
		rc = rc ? rc : host->write(out, "|", 1);
		v = host->text(items, title, i, &len);
		rc = rc ? rc : put(out, v ? v : "", v ? len : 0, 60, 1);
		rc = rc ? rc : host->write(out, "\n", 1);
	}
	return rc;
}

static const char *const extensions[] = { "acme", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.export = export,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "acme", "1.0",
		   "ACME Corp planning file (P1-P4 by rank quartile)",
		   prio_host_keep, NULL, &ops);
