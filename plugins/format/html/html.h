/*
 * html.h - the html format plugin: the ranked backlog as one
 * self-contained HTML page: no external file, font or script, so it
 * opens offline, mails as an attachment and prints as it shows.
 *
 * The page has: a summary; when the workspace has sprints (host->workflow:
 * see prio/workflow.h), the sprint's numbers, its burndown against the ideal
 * line, the velocity per closed sprint with its average, and the
 * release forecast (inline SVG); a bar chart of the top scores and a
 * value / effort quadrant (inline SVG); the ranked items as a table that
 * sorts by any column on a click (inline script, numbers as numbers,
 * text in natural order, empty cells last); the items that could not be
 * scored, with the reason; and the method with its settings. Everything
 * that comes from the backlog is escaped (& < > " ').
 *
 * Keys of [format.html] (or any [format.NAME] with plugin = html):
 *   x = effort, y = value   the quadrant's axes (the chart is left out,
 *                           with a note, when the items lack them)
 *   split = median          where the quadrant splits: at the medians of
 *                           the ranked items (as the value_effort method
 *                           does by default), or at the axes' midpoint
 *   top = 15                bars in the score chart (1 to 100)
 *   fields = a, b           the table's extra columns (default: every
 *                           number field that some item has)
 *   title = Shop backlog    the page's heading
 * Export only.
 *
 * The plugin is a folder; what its files share is declared here:
 *   page.c      the descriptor and [format.html]'s keys, escaping, what
 *               the page knows of each item, and export: the page
 *   charts.c    the score bars, the value / effort quadrant and the
 *               class legend (inline SVG)
 *   tables.c    the ranked and the unscored items, and the method
 *   workflow.c  the sprint: its numbers, the burndown, the velocity and
 *               the release forecast, from host->workflow
 *   assets.c    the fixed style sheet and script
 * Nothing here leaves the .so: plugins are built with hidden visibility.
 */
#ifndef HTML_H
#define HTML_H

#include <stddef.h>

#include <prio/format.h>
#include <prio/workflow.h>

#include "../fmt_out.h"

/* The host's services, kept by init (page.c). */
extern const struct prio_host *html_host;

/* [format.html]'s settings. */
struct html {
	char *x, *y, *title;
	int midpoint;		/* split the quadrant halfway, not at medians */
	long top;
	struct fmt_fields fields;
};

/* Handles of the columns the page shows, and what it knows of each item. */
struct page {
	const struct html *h;
	const struct prio_items *items;
	size_t n;
	int rank, score, klass, unscored, id, key, title, type, status, labels;
	const double *sc;	/* scores, NaN when unscored */
	size_t *ranked;		/* items with a score, best first */
	size_t nranked;
	int *extra;		/* the table's extra columns */
	size_t nextra;
	/* classes in order of first appearance, and their colours */
	char **classes;
	const char **colours;
	size_t nclasses;
};

/* Classes beyond these many share the accent colour and have no legend. */
#define MAX_CLASSES 16
/* Their colour, and the style sheet's accent. */
#define ACCENT "#2563eb"

/* Escaping (page.c) */

/* Text for HTML content or a quoted attribute: & < > " ' escaped. */
void esc(struct obuf *b, const char *s, size_t len);
void esc_s(struct obuf *b, const char *s);
/* At most max characters (code points) of s, with "…" when cut. */
void esc_cut(struct obuf *b, const char *s, size_t len, size_t max);

/* The set (page.c) */

int page_init(struct page *p, const struct html *h,
	      const struct prio_items *items, char *err);
void page_release(struct page *p);
/* Field f of item i as text, or NULL (and *len 0) when empty. */
const char *text(const struct page *p, int f, size_t i, size_t *len);
int is_unscored(const struct page *p, size_t i);
/* The colour of item i: its class's, or the accent. */
const char *colour(const struct page *p, size_t i);
/* The key of item i, or "#id". */
void item_name(struct obuf *b, const struct page *p, size_t i);

/* Charts (charts.c) */

/* A round step near range/ticks: 1, 2 or 5 times a power of ten. */
double nice_step(double range, int ticks);
void score_chart(struct obuf *b, const struct page *p);
int quadrant(struct obuf *b, const struct page *p);
void legend(struct obuf *b, const struct page *p);

/* Tables (tables.c) */

void ranked_table(struct obuf *b, const struct page *p);
void unscored_table(struct obuf *b, const struct page *p);
void method_section(struct obuf *b, const struct page *p);

/* The sprint's numbers, then its three charts (workflow.c). */
void workflow_section(struct obuf *b, const struct prio_workflow *w);

/* The page's style and script: fixed text, no data in them (assets.c). */
extern const char html_style[];
extern const char html_script[];

#endif /* HTML_H */
