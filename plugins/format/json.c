/*
 * json.c - a JSON array with one object per item. Number fields are JSON
 * numbers, text fields strings, and a field an item lacks is null, so
 * every object has the same keys.
 *
 * Export only, for now: reading JSON back comes with the formats work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>

static const struct prio_host *host;

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

struct wbuf {
	char *p;
	size_t len, cap;
	int failed;
};

static void add(struct wbuf *b, const char *s, size_t len)
{
	if (b->failed)
		return;
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1 << 16;
		char *p;
		while (cap < b->len + len)
			cap *= 2;
		if (!(p = realloc(b->p, cap))) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void add_string(struct wbuf *b, const char *s, size_t len)
{
	size_t run = 0;

	add(b, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c >= 0x20 && c != '"' && c != '\\') {
			run++;
			continue;
		}
		add(b, s + i - run, run);
		run = 0;
		switch (c) {
		case '"': add(b, "\\\"", 2); break;
		case '\\': add(b, "\\\\", 2); break;
		case '\n': add(b, "\\n", 2); break;
		case '\r': add(b, "\\r", 2); break;
		case '\t': add(b, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			add(b, esc, 6);
		}
	}
	add(b, s + len - run, run);
	add(b, "\"", 1);
}

/* Is v exactly a JSON number? Input from a file may say "n/a" anywhere. */
static int is_number(const char *v, size_t len)
{
	size_t i = 0, d;

	if (i < len && v[i] == '-')
		i++;
	if (i < len && v[i] == '0')
		i++;
	else if (i < len && v[i] >= '1' && v[i] <= '9')
		while (i < len && v[i] >= '0' && v[i] <= '9')
			i++;
	else
		return 0;
	if (i < len && v[i] == '.') {
		for (d = ++i; i < len && v[i] >= '0' && v[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < len && (v[i] == 'e' || v[i] == 'E')) {
		if (++i < len && (v[i] == '+' || v[i] == '-'))
			i++;
		for (d = i; i < len && v[i] >= '0' && v[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == len;
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	int nf = host->field_count(items), rc = 0;
	size_t n = host->count(items);
	struct wbuf b = {0};

	(void)state;
	(void)err;
	add(&b, "[", 1);
	for (size_t i = 0; i < n && !rc; i++) {
		add(&b, i ? ",\n  {" : "\n  {", i ? 5 : 4);
		for (int f = 0; f < nf; f++) {
			const char *name = host->field_name(items, f);
			size_t len;
			const char *v = host->text(items, f, i, &len);

			if (f)
				add(&b, ", ", 2);
			add_string(&b, name, strlen(name));
			add(&b, ": ", 2);
			if (!v)
				add(&b, "null", 4);
			else if (host->field_type(items, f) == PRIO_TYPE_NUMBER &&
				 is_number(v, len))
				add(&b, v, len);
			else
				add_string(&b, v, len);
		}
		add(&b, "}", 1);
		if (b.failed)
			rc = PRIO_ENOMEM;
		else if (b.len >= 1 << 16) {
			rc = host->write(out, b.p, b.len);
			b.len = 0;
		}
	}
	add(&b, n ? "\n]\n" : "]\n", n ? 3 : 2);
	if (!rc)
		rc = b.failed ? PRIO_ENOMEM : host->write(out, b.p, b.len);
	free(b.p);
	return rc;
}

static const char *const extensions[] = { "json", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.export = export,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "json", "0.1",
		   "a JSON array of item objects (export)", init, NULL, &ops);
