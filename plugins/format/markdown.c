/*
 * markdown.c - the ranked backlog as a Markdown document: a table of the
 * ranked items (rank, key, title, score, class and the fields asked for),
 * then a table of the items that could not be scored, with the reason.
 *
 * Tables are GitHub-flavoured (the table extension that GitHub, GitLab,
 * and most CommonMark renderers have). Every character that could start
 * Markdown syntax in a cell is backslash-escaped, `|` included, and line
 * breaks become <br>, so any title renders as the text it is.
 *
 * Keys of [format.markdown] (or any [format.NAME] with plugin = markdown):
 *   fields = business_value, job_size   more columns, in this order
 * Export only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>

#include "fmt_out.h"

PRIO_HOST_INIT

struct markdown {
	struct fmt_fields fields;
};

static void release(void *state)
{
	struct markdown *m = state;

	if (!m)
		return;
	fmt_fields_release(&m->fields);
	free(m);
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	struct markdown *m = calloc(1, sizeof(*m));
	int rc;

	(void)err;
	if (!m)
		return PRIO_ENOMEM;
	if ((rc = fmt_fields_read(host, sec, &m->fields))) {
		release(m);
		return rc;
	}
	*state = m;
	return 0;
}

/*
 * Text in a table cell. Backslash escapes are valid before any ASCII
 * punctuation in CommonMark, so escaping more than strictly needed is
 * harmless, but only what could mean something is escaped, to keep the
 * source readable: `|` would end the cell; * _ ` ~ [ ] < > & start
 * emphasis, code, links, HTML or entities; $ starts GitHub's math. A line break
 * would end the row: it becomes " <br> ", a break where HTML is
 * rendered (GitHub, GitLab) and still a space where it is stripped.
 */
static void cell(struct obuf *b, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		char esc[3] = { '\\', (char)c, 0 };

		if (c == '\n')
			rep = " <br> ";
		else if (c == '\r')
			rep = i + 1 < len && s[i + 1] == '\n' ? "" : " <br> ";
		else if (c < 0x20 || c == 0x7f)
			rep = " ";
		else if (strchr("\\|*_`~[]<>&$", c))
			rep = esc;
		if (!rep) {
			run++;
			continue;
		}
		ob_add(b, s + i - run, run);
		ob_adds(b, rep);
		run = 0;
	}
	ob_add(b, s + len - run, run);
}

static void cell_field(struct obuf *b, const struct prio_items *items, int f,
		       size_t i)
{
	size_t len;
	const char *v = f >= 0 ? host->text(items, f, i, &len) : NULL;

	if (v)
		cell(b, v, len);
}

/* Handles of the columns a report shows. */
struct cols {
	int rank, score, klass, unscored, id, key, title;
	int *extra;
	size_t nextra;
};

static int find_cols(const struct markdown *m, const struct prio_items *items,
		     struct cols *c, char *err)
{
	static const char *const fixed[] = {
		"rank", "score", "class", "unscored", "id", "key", "title"
	};

	c->rank = fmt_find(host, items, "rank");
	c->score = fmt_find(host, items, "score");
	c->klass = fmt_find(host, items, "class");
	c->unscored = fmt_find(host, items, "unscored");
	c->id = fmt_find(host, items, "id");
	c->key = fmt_find(host, items, "key");
	c->title = fmt_find(host, items, "title");
	c->nextra = 0;
	c->extra = malloc((m->fields.n ? m->fields.n : 1) * sizeof(int));
	if (!c->extra)
		return PRIO_ENOMEM;
	for (size_t k = 0; k < m->fields.n; k++) {
		int f = fmt_fields_find(host, items, &m->fields, k, err), dup = 0;

		if (f < 0) {
			free(c->extra);
			return f;
		}
		for (size_t x = 0; x < sizeof(fixed) / sizeof(fixed[0]); x++)
			dup |= !strcmp(m->fields.name[k], fixed[x]);
		for (size_t x = 0; x < c->nextra; x++)
			dup |= c->extra[x] == f;
		if (!dup)
			c->extra[c->nextra++] = f;
	}
	return 0;
}

/* Is item i unscored? It has a reason, or no score. */
static int unscored(const struct cols *c, const struct prio_items *items,
		    const double *score, size_t i)
{
	size_t len;

	if (c->unscored >= 0 && host->text(items, c->unscored, i, &len) && len)
		return 1;
	return !score || isnan(score[i]);
}

/* The key, or "#id" for an item without one. */
static void item_name(struct obuf *b, const struct cols *c,
		      const struct prio_items *items, size_t i)
{
	size_t len;
	const char *v = c->key >= 0 ? host->text(items, c->key, i, &len) : NULL;

	if (v && len) {
		cell(b, v, len);
		return;
	}
	v = c->id >= 0 ? host->text(items, c->id, i, &len) : NULL;
	if (v) {
		ob_addc(b, '#');
		cell(b, v, len);
	}
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	const struct markdown *m = state;
	const char *method = host->describe(items, "method");
	const char *plugin = host->describe(items, "method.plugin");
	const char *when = host->describe(items, "generated");
	size_t n = host->count(items), nscored = 0, nun;
	const double *score;
	int has_class = 0, rc;
	struct cols c;
	struct obuf b;

	if ((rc = find_cols(m, items, &c, err)))
		return rc;
	score = c.score >= 0 ? host->numbers(items, c.score) : NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		if (unscored(&c, items, score, i))
			continue;
		nscored++;
		if (c.klass >= 0 && host->text(items, c.klass, i, &len) && len)
			has_class = 1;
	}
	nun = n - nscored;
	ob_init(&b, host, out);
	ob_adds(&b, "# Backlog");
	if (method) {
		ob_adds(&b, " ranked by ");
		cell(&b, method, strlen(method));
	}
	ob_adds(&b, "\n\n");
	{
		/* The whole backlog's numbers, when the set is only its top. */
		const char *tot = host->describe(items, "total");
		const char *totr = host->describe(items, "total.ranked");
		size_t all = tot ? strtoul(tot, NULL, 10) : n;
		size_t allr = totr ? strtoul(totr, NULL, 10) : nscored;

		ob_addf(&b, "%zu item%s: %zu ranked, %zu unscored.", all,
			all == 1 ? "" : "s", allr, all - allr);
		if (all > n)
			ob_addf(&b, " The first %zu are shown.", n);
	}
	if (plugin && method && strcmp(plugin, method)) {
		ob_adds(&b, " Method: ");
		cell(&b, plugin, strlen(plugin));
		ob_adds(&b, ".");
	}
	if (when) {
		ob_adds(&b, " Generated ");
		cell(&b, when, strlen(when));
		ob_adds(&b, ".");
	}
	ob_adds(&b, "\n\n");

	if (nscored) {
		ob_adds(&b, "| Rank | Key | Title | Score |");
		if (has_class)
			ob_adds(&b, " Class |");
		for (size_t k = 0; k < c.nextra; k++) {
			/* The column the section maps to it, if any. */
			const char *name = host->column_name(items, c.extra[k]);
			if (!name)
				name = host->field_name(items, c.extra[k]);
			ob_addc(&b, ' ');
			cell(&b, name, strlen(name));
			ob_adds(&b, " |");
		}
		ob_adds(&b, "\n| ---: | --- | --- | ---: |");
		if (has_class)
			ob_adds(&b, " --- |");
		for (size_t k = 0; k < c.nextra; k++)
			ob_adds(&b, host->field_type(items, c.extra[k]) ==
				PRIO_TYPE_NUMBER ? " ---: |" : " --- |");
		ob_addc(&b, '\n');
	} else {
		ob_adds(&b, "No item could be ranked.\n");
	}
	for (size_t i = 0, r = 0; i < n && !b.rc && nscored; i++) {
		if (unscored(&c, items, score, i))
			continue;
		size_t len;
		const char *rank = c.rank >= 0 ?
				   host->text(items, c.rank, i, &len) : NULL;

		r++;
		if (rank && len) {
			ob_adds(&b, "| ");
			cell(&b, rank, len);
			ob_adds(&b, " | ");
		} else {
			ob_addf(&b, "| %zu | ", r);
		}
		item_name(&b, &c, items, i);
		ob_adds(&b, " | ");
		cell_field(&b, items, c.title, i);
		ob_addf(&b, " | %.2f |", score[i]);
		if (has_class) {
			ob_addc(&b, ' ');
			cell_field(&b, items, c.klass, i);
			ob_adds(&b, " |");
		}
		for (size_t k = 0; k < c.nextra; k++) {
			ob_addc(&b, ' ');
			cell_field(&b, items, c.extra[k], i);
			ob_adds(&b, " |");
		}
		ob_addc(&b, '\n');
		ob_spill(&b);
	}
	if (nun) {
		ob_adds(&b, "\n## Unscored\n\n"
			"| Key | Title | Why |\n| --- | --- | --- |\n");
		for (size_t i = 0; i < n && !b.rc; i++) {
			size_t len;
			const char *why;

			if (!unscored(&c, items, score, i))
				continue;
			ob_adds(&b, "| ");
			item_name(&b, &c, items, i);
			ob_adds(&b, " | ");
			cell_field(&b, items, c.title, i);
			ob_adds(&b, " | ");
			why = c.unscored >= 0 ?
			      host->text(items, c.unscored, i, &len) : NULL;
			if (why && len)
				cell(&b, why, len);
			else
				ob_adds(&b, "no score");
			ob_adds(&b, " |\n");
			ob_spill(&b);
		}
	}
	free(c.extra);
	return ob_finish(&b);
}

static const char *const extensions[] = { "md", "markdown", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.configure = configure,
	.export = export,
	.release = release,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "markdown", "1.0",
		   "the ranked backlog as Markdown tables (export)",
		   prio_host_keep, NULL, &ops);
