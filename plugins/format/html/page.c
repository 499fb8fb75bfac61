/*
 * page.c - the html format plugin's descriptor and settings, escaping,
 * what the page knows of each item, and export: the page itself (html.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

const struct prio_host *html_host;

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	html_host = h;
	return 0;
}

static void release(void *state)
{
	struct html *h = state;

	if (!h)
		return;
	free(h->x);
	free(h->y);
	free(h->title);
	fmt_fields_release(&h->fields);
	free(h);
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	struct html *h = calloc(1, sizeof(*h));
	const char *x = html_host->get(sec, "x", NULL);
	const char *y = html_host->get(sec, "y", NULL);
	const char *top = html_host->get(sec, "top", NULL);
	const char *title = html_host->get(sec, "title", NULL);
	const char *split = html_host->get(sec, "split", NULL);
	int rc = PRIO_ENOMEM;

	if (!h)
		return PRIO_ENOMEM;
	h->top = 15;
	if (top) {
		char *end;
		h->top = strtol(top, &end, 10);
		if (end == top || *end || h->top < 1 || h->top > 100) {
			rc = html_host->bad_value(sec, "top", err,
					     "expected a whole number from 1 to 100");
			goto fail;
		}
	}
	if (split && strcmp(split, "median") && strcmp(split, "midpoint")) {
		rc = html_host->bad_value(sec, "split", err,
				     "expected median or midpoint");
		goto fail;
	}
	h->midpoint = split && !strcmp(split, "midpoint");
	if (!(h->x = strdup(x && *x ? x : "effort")) ||
	    !(h->y = strdup(y && *y ? y : "value")) ||
	    (title && !(h->title = strdup(title))))
		goto fail;
	if ((rc = fmt_fields_read(html_host, sec, &h->fields)))
		goto fail;
	*state = h;
	return 0;
fail:
	release(h);
	return rc;
}

/* Escaping */

/* Text for HTML content or a quoted attribute: & < > " ' escaped. */
void esc(struct obuf *b, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\n': case '\t': run++; continue;
		default:
			if (c >= 0x20 && c != 0x7f) {
				run++;
				continue;
			}
			rep = " ";	/* other controls are not HTML text */
		}
		ob_add(b, s + i - run, run);
		ob_adds(b, rep);
		run = 0;
	}
	ob_add(b, s + len - run, run);
}

void esc_s(struct obuf *b, const char *s)
{
	esc(b, s, strlen(s));
}

/* At most max characters (code points) of s, with "…" when cut. */
void esc_cut(struct obuf *b, const char *s, size_t len, size_t max)
{
	size_t i = 0, n = 0;

	while (i < len) {
		size_t j = i + 1;
		while (j < len && ((unsigned char)s[j] & 0xc0) == 0x80)
			j++;
		if (++n > max - 1 && j < len) {
			/* cut: room for the ellipsis */
			esc(b, s, i);
			ob_adds(b, "\xe2\x80\xa6");
			return;
		}
		i = j;
	}
	esc(b, s, len);
}

/* The set */

static const char *const palette[] = {
	"#2563eb", "#059669", "#d97706", "#dc2626", "#7c3aed", "#0891b2",
	"#db2777", "#65a30d"
};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

/* The classes of the built-in methods, in colours that say what they mean. */
static const struct {
	const char *name, *colour;
} known_classes[] = {
	{ "quick-win", "#059669" }, { "big-bet", "#2563eb" },
	{ "fill-in", "#d97706" }, { "time-sink", "#dc2626" },
	{ "must", "#dc2626" }, { "should", "#d97706" },
	{ "could", "#2563eb" }, { "wont", "#7b8794" },
};

static const char *class_colour(const char *name, size_t k)
{
	for (size_t i = 0; i < sizeof(known_classes) / sizeof(known_classes[0]);
	     i++)
		if (!strcmp(known_classes[i].name, name))
			return known_classes[i].colour;
	return palette[k % NPALETTE];
}

const char *text(const struct page *p, int f, size_t i, size_t *len)
{
	const char *v = f >= 0 ? html_host->text(p->items, f, i, len) : NULL;

	if (v && !*len)
		v = NULL;
	if (!v)
		*len = 0;
	return v;
}

int is_unscored(const struct page *p, size_t i)
{
	size_t len;

	return text(p, p->unscored, i, &len) || !p->sc || isnan(p->sc[i]);
}

/* The colour of item i: its class's, or the accent. */
const char *colour(const struct page *p, size_t i)
{
	size_t len;
	const char *c = text(p, p->klass, i, &len);

	if (!c)
		return ACCENT;
	for (size_t k = 0; k < p->nclasses; k++)
		if (strlen(p->classes[k]) == len && !memcmp(p->classes[k], c, len))
			return p->colours[k];
	return ACCENT;
}

int page_init(struct page *p, const struct html *h,
		     const struct prio_items *items, char *err)
{
	static const char *const shown[] = {
		"rank", "score", "class", "unscored", "id", "key", "title",
		"type", "status", "labels", "parent"
	};
	int nf = html_host->field_count(items);

	memset(p, 0, sizeof(*p));
	p->h = h;
	p->items = items;
	p->n = html_host->count(items);
	p->rank = fmt_find(html_host, items, "rank");
	p->score = fmt_find(html_host, items, "score");
	p->klass = fmt_find(html_host, items, "class");
	p->unscored = fmt_find(html_host, items, "unscored");
	p->id = fmt_find(html_host, items, "id");
	p->key = fmt_find(html_host, items, "key");
	p->title = fmt_find(html_host, items, "title");
	p->type = fmt_find(html_host, items, "type");
	p->status = fmt_find(html_host, items, "status");
	p->labels = fmt_find(html_host, items, "labels");
	p->sc = p->score >= 0 ? html_host->numbers(items, p->score) : NULL;
	p->ranked = malloc((p->n ? p->n : 1) * sizeof(*p->ranked));
	p->extra = malloc(((size_t)nf + h->fields.n + 1) * sizeof(*p->extra));
	p->classes = calloc(MAX_CLASSES, sizeof(*p->classes));
	p->colours = calloc(MAX_CLASSES, sizeof(*p->colours));
	if (!p->ranked || !p->extra || !p->classes || !p->colours)
		return PRIO_ENOMEM;
	for (size_t i = 0; i < p->n; i++) {
		size_t len;
		const char *c;

		if (is_unscored(p, i))
			continue;
		p->ranked[p->nranked++] = i;
		c = text(p, p->klass, i, &len);
		if (!c || p->nclasses == MAX_CLASSES)
			continue;
		for (size_t k = 0; k < p->nclasses && c; k++)
			if (strlen(p->classes[k]) == len &&
			    !memcmp(p->classes[k], c, len))
				c = NULL;
		if (!c)
			continue;
		if (!(p->classes[p->nclasses] = strndup(c, len)))
			return PRIO_ENOMEM;
		p->colours[p->nclasses] = class_colour(p->classes[p->nclasses],
						       p->nclasses);
		p->nclasses++;
	}
	if (h->fields.set) {
		for (size_t k = 0; k < h->fields.n; k++) {
			int f = fmt_fields_find(html_host, items, &h->fields, k, err);
			if (f < 0)
				return f;
			p->extra[p->nextra++] = f;
		}
		return 0;
	}
	/* By default, the number fields some item has: the method's inputs. */
	for (int f = 0; f < nf; f++) {
		const char *name = html_host->field_name(items, f);
		const double *num;
		int skip = html_host->field_type(items, f) != PRIO_TYPE_NUMBER;

		for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++)
			skip |= !strcmp(name, shown[k]);
		if (skip || !(num = html_host->numbers(items, f)))
			continue;
		for (size_t i = 0; i < p->n; i++)
			if (!isnan(num[i])) {
				p->extra[p->nextra++] = f;
				break;
			}
	}
	return 0;
}

void page_release(struct page *p)
{
	for (size_t k = 0; k < p->nclasses; k++)
		free(p->classes[k]);
	free(p->classes);
	free(p->colours);
	free(p->ranked);
	free(p->extra);
}

/* The key of item i, or "#id". */
void item_name(struct obuf *b, const struct page *p, size_t i)
{
	size_t len;
	const char *v = text(p, p->key, i, &len);

	if (v) {
		esc(b, v, len);
	} else if ((v = text(p, p->id, i, &len))) {
		ob_addc(b, '#');
		esc(b, v, len);
	}
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	const struct html *h = state;
	const char *method = html_host->describe(items, "method");
	const char *when = html_host->describe(items, "generated");
	const char *heading = h->title ? h->title : "Backlog";
	const struct prio_workflow *w;
	struct page p;
	struct obuf b;
	int rc;

	ob_init(&b, html_host, out);
	if ((rc = page_init(&p, h, items, err))) {
		page_release(&p);
		return rc;
	}
	ob_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		"content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"prio\">\n<title>");
	esc_s(&b, heading);
	if (method) {
		ob_adds(&b, " \xe2\x80\x94 ranked by ");
		esc_s(&b, method);
	}
	ob_adds(&b, "</title>\n");
	ob_adds(&b, html_style);
	ob_adds(&b, "</head>\n<body>\n<header>\n<h1>");
	esc_s(&b, heading);
	if (method) {
		ob_adds(&b, " <span class=\"sub\">ranked by ");
		esc_s(&b, method);
		ob_adds(&b, "</span>");
	}
	ob_adds(&b, "</h1>\n<ul class=\"stats\">");
	ob_addf(&b, "<li><b>%zu</b><span>items</span></li>", p.n);
	ob_addf(&b, "<li><b>%zu</b><span>ranked</span></li>", p.nranked);
	ob_addf(&b, "<li><b>%zu</b><span>not scored</span></li>",
		p.n - p.nranked);
	if (p.nranked)
		ob_addf(&b, "<li><b>%.2f</b><span>top score</span></li>",
			p.sc[p.ranked[0]]);
	ob_adds(&b, "</ul>\n</header>\n<main>\n");
	if ((w = html_host->workflow(items))) {
		workflow_section(&b, w);
		ob_adds(&b, "<h2>Ranking</h2>\n");
	}
	ob_adds(&b, "<section class=\"charts\">\n");
	score_chart(&b, &p);
	if ((rc = quadrant(&b, &p))) {
		page_release(&p);
		free(b.p);
		return rc;
	}
	ob_adds(&b, "</section>\n");
	legend(&b, &p);
	ranked_table(&b, &p);
	unscored_table(&b, &p);
	method_section(&b, &p);
	ob_adds(&b, "</main>\n<footer>Made with prio");
	if (when) {
		ob_adds(&b, ", ");
		esc_s(&b, when);
	}
	ob_adds(&b, ".</footer>\n");
	ob_adds(&b, html_script);
	ob_adds(&b, "</body>\n</html>\n");
	page_release(&p);
	return ob_finish(&b);
}

static const char *const extensions[] = { "html", "htm", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.configure = configure,
	.export = export,
	.release = release,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "html", "1.0",
		   "the ranked backlog as one self-contained HTML page (export)",
		   init, NULL, &ops);
