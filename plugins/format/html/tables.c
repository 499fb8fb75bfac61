/*
 * tables.c - the ranked items as a table that sorts, the items that could
 * not be scored, and the method with its settings (html.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Tables */

static void badge(struct obuf *b, const char *cls, const char *v, size_t len)
{
	ob_addf(b, "<span class=\"%s\">", cls);
	esc(b, v, len);
	ob_adds(b, "</span>");
}

/*
 * A header cell that sorts its column. Field names read better with
 * spaces for underscores (and may then wrap); the name is in the tooltip.
 */
static void th(struct obuf *b, const char *label, int number, int sorted)
{
	ob_addf(b, "<th scope=\"col\"%s%s", number ?
		" class=\"num\" data-type=\"number\"" : "",
		sorted ? " aria-sort=\"ascending\"" : "");
	if (strchr(label, '_')) {
		ob_adds(b, " title=\"");
		esc_s(b, label);
		ob_adds(b, "\"");
	}
	ob_adds(b, "><button type=\"button\">");
	for (const char *s = label; *s; s++) {
		size_t run = strcspn(s, "_");
		esc(b, s, run);
		s += run;
		if (!*s)
			break;
		ob_addc(b, ' ');
	}
	ob_adds(b, "<span class=\"ind\" aria-hidden=\"true\"></span></button>"
		"</th>");
}

void ranked_table(struct obuf *b, const struct page *p)
{
	size_t len;
	int show_type = 0, show_status = 0, show_class = p->nclasses > 0;

	for (size_t k = 0; k < p->nranked; k++) {
		show_type |= text(p, p->type, p->ranked[k], &len) != NULL;
		show_status |= text(p, p->status, p->ranked[k], &len) != NULL;
	}
	ob_addf(b, "<section>\n<h2>Ranked backlog <span class=\"count\">%zu"
		"</span></h2>\n", p->nranked);
	if (!p->nranked) {
		ob_adds(b, "<p class=\"note\">No item could be ranked.</p>\n"
			"</section>\n");
		return;
	}
	ob_adds(b, "<p class=\"hint\">Click a column&#39;s heading to sort "
		"by it; click again to reverse.</p>\n"
		"<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>");
	th(b, "Rank", 1, 1);
	th(b, "Key", 0, 0);
	th(b, "Title", 0, 0);
	if (show_type)
		th(b, "Type", 0, 0);
	if (show_status)
		th(b, "Status", 0, 0);
	th(b, "Score", 1, 0);
	if (show_class)
		th(b, "Class", 0, 0);
	for (size_t k = 0; k < p->nextra; k++) {
		/* The column the section maps to it, if any. */
		const char *name = html_host->column_name(p->items, p->extra[k]);
		th(b, name ? name : html_host->field_name(p->items, p->extra[k]),
		   html_host->field_type(p->items, p->extra[k]) == PRIO_TYPE_NUMBER,
		   0);
	}
	ob_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < p->nranked && !b->rc; k++) {
		size_t i = p->ranked[k];
		const char *v;

		ob_addf(b, "<tr><td class=\"num rank\">%zu</td><td class=\"key\">",
			k + 1);
		item_name(b, p, i);
		ob_adds(b, "</td><td class=\"title\"");
		if ((v = text(p, p->title, i, &len))) {
			ob_adds(b, " data-v=\"");
			esc(b, v, len);
			ob_adds(b, "\">");
			esc(b, v, len);
		} else {
			ob_adds(b, ">");
		}
		if ((v = text(p, p->labels, i, &len))) {
			const char *end = v + len;
			ob_adds(b, " <span class=\"labels\">");
			while (v < end) {
				const char *comma = memchr(v, ',', (size_t)(end - v));
				const char *s = v;
				size_t l = (size_t)((comma ? comma : end) - v);

				fmt_trim(&s, &l);
				if (l)
					badge(b, "label", s, l);
				v = comma ? comma + 1 : end;
			}
			ob_adds(b, "</span>");
		}
		ob_adds(b, "</td>");
		if (show_type) {
			ob_adds(b, "<td>");
			if ((v = text(p, p->type, i, &len)))
				esc(b, v, len);
			ob_adds(b, "</td>");
		}
		if (show_status) {
			ob_adds(b, "<td>");
			if ((v = text(p, p->status, i, &len)))
				badge(b, "status", v, len);
			ob_adds(b, "</td>");
		}
		ob_addf(b, "<td class=\"num score\" data-v=\"%.17g\">%.2f</td>",
			p->sc[i], p->sc[i]);
		if (show_class) {
			ob_adds(b, "<td>");
			if ((v = text(p, p->klass, i, &len))) {
				const char *c = colour(p, i);
				ob_addf(b, "<span class=\"class\" style=\"color:%s;"
					"border-color:%s\">", c, c);
				esc(b, v, len);
				ob_adds(b, "</span>");
			}
			ob_adds(b, "</td>");
		}
		for (size_t x = 0; x < p->nextra; x++) {
			int f = p->extra[x];
			int num = html_host->field_type(p->items, f) == PRIO_TYPE_NUMBER;

			ob_adds(b, num ? "<td class=\"num\">" : "<td>");
			if ((v = text(p, f, i, &len)))
				esc(b, v, len);
			ob_adds(b, "</td>");
		}
		ob_adds(b, "</tr>\n");
		ob_spill(b);
	}
	ob_adds(b, "</tbody>\n</table></div>\n</section>\n");
}

void unscored_table(struct obuf *b, const struct page *p)
{
	size_t nun = p->n - p->nranked;

	if (!nun)
		return;
	ob_addf(b, "<section>\n<h2>Not scored <span class=\"count\">%zu</span>"
		"</h2>\n<p class=\"hint\">The method could not score these "
		"items; they are not ranked (not ranked last either) until "
		"what is missing is filled in.</p>\n<div class=\"scroll\">"
		"<table class=\"sortable\">\n<thead><tr>", nun);
	th(b, "Key", 0, 0);
	th(b, "Title", 0, 0);
	th(b, "Why", 0, 0);
	ob_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->n && !b->rc; i++) {
		size_t len;
		const char *v;

		if (!is_unscored(p, i))
			continue;
		ob_adds(b, "<tr><td class=\"key\">");
		item_name(b, p, i);
		ob_adds(b, "</td><td class=\"title\">");
		if ((v = text(p, p->title, i, &len)))
			esc(b, v, len);
		ob_adds(b, "</td><td class=\"why\">");
		if ((v = text(p, p->unscored, i, &len)))
			esc(b, v, len);
		else
			ob_adds(b, "no score");
		ob_adds(b, "</td></tr>\n");
		ob_spill(b);
	}
	ob_adds(b, "</tbody>\n</table></div>\n</section>\n");
}

void method_section(struct obuf *b, const struct page *p)
{
	const char *method = html_host->describe(p->items, "method");
	const char *plugin = html_host->describe(p->items, "method.plugin");
	const char *conf = html_host->describe(p->items, "method.config");
	const char *when = html_host->describe(p->items, "generated");

	ob_adds(b, "<section class=\"method\">\n<h2>How this was ranked</h2>\n"
		"<dl>");
	if (method) {
		ob_adds(b, "<dt>Method</dt><dd><code>");
		esc_s(b, method);
		ob_adds(b, "</code>");
		if (plugin && strcmp(plugin, method)) {
			ob_adds(b, " (plugin <code>");
			esc_s(b, plugin);
			ob_adds(b, "</code>)");
		}
		ob_adds(b, "</dd>");
	}
	if (when) {
		ob_adds(b, "<dt>Generated</dt><dd><time datetime=\"");
		esc_s(b, when);
		ob_adds(b, "\">");
		esc_s(b, when);
		ob_adds(b, "</time></dd>");
	}
	{
		/* The whole backlog's numbers, when the page shows its top. */
		const char *tot = html_host->describe(p->items, "total");
		const char *totr = html_host->describe(p->items, "total.ranked");
		size_t all = tot ? strtoul(tot, NULL, 10) : p->n;
		size_t allr = totr ? strtoul(totr, NULL, 10) : p->nranked;

		ob_addf(b, "<dt>Items</dt><dd>%zu ranked, %zu not scored",
			allr, all - allr);
		if (all > p->n)
			ob_addf(b, " (the first %zu shown)", p->n);
		ob_adds(b, "</dd></dl>\n");
	}
	if (!method && !conf) {
		ob_adds(b, "</section>\n");
		return;
	}
	ob_adds(b, "<h3>Settings</h3>\n");
	if (conf && *conf) {
		ob_adds(b, "<pre class=\"config\">[method.");
		esc_s(b, method ? method : "?");
		ob_adds(b, "]\n");
		esc_s(b, conf);
		ob_adds(b, "</pre>\n");
	} else {
		ob_adds(b, "<p class=\"note\">None: the method&#39;s defaults."
			"</p>\n");
	}
	ob_adds(b, "</section>\n");
}
