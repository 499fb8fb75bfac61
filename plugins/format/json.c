/*
 * json.c - a JSON array with one object per item.
 *
 * Export: number fields are JSON numbers, text fields strings, and a field
 * an item lacks is null, so every object has the same keys.
 *
 * Import (with jansson): an array of objects whose keys are columns. The
 * columns are the union of the keys of all objects, in the order first
 * seen; a key an object lacks, or null, is an empty value. Numbers come
 * back as the shortest text that reads back as the same double (integers
 * without ".0"), strings as they are; `labels` (or a key that the
 * section maps to labels) may also be an array of strings (joined with
 * commas). Anything else (true, false, an object, an
 * array elsewhere) is an error naming the line of the object, its number
 * in the array and the key. An export imports back to the same backlog.
 *
 * The keys are the columns the core maps (map.KEY = field) or drops
 * (ignore = KEY) as the [format.NAME] section says; export writes each
 * field under the key the core maps to it, so the file comes back in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <prio/format.h>

#include "fmt_out.h"

PRIO_HOST_INIT

/* Import */

/*
 * The line each element of the top-level array starts on. jansson says
 * where a parse error is, but not where a value it parsed was; the text
 * is valid JSON by now, so a scan that knows strings and nesting will do.
 */
static void element_lines(const char *s, size_t len, unsigned long *lines,
			  size_t n)
{
	unsigned long line = 1;
	int depth = 0, in_str = 0, esc = 0, want = 0;
	size_t k = 0;

	for (size_t i = 0; i < len && k < n; i++) {
		char c = s[i];

		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '\n')
			line++;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (want && c != ']') {
			lines[k++] = line;
			want = 0;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{')
			want = ++depth == 1;
		else if (c == ']' || c == '}')
			depth--;
		else if (c == ',' && depth == 1)
			want = 1;
	}
	for (; k < n; k++)
		lines[k] = line;
}

/* The columns: every key seen, in order. The strings are jansson's. */
struct columns {
	const char **name;
	size_t *len;
	size_t n, cap;
};

/* The column of key; `hint` is where it was in the last object. */
static long column_find(const struct columns *c, const char *key, size_t hint)
{
	if (hint < c->n && !strcmp(c->name[hint], key))
		return (long)hint;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], key))
			return (long)i;
	return -1;
}

static int column_add(struct columns *c, const char *key)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		const char **name = realloc(c->name, cap * sizeof(*name));
		size_t *len = realloc(c->len, cap * sizeof(*len));

		if (name)
			c->name = name;
		if (len)
			c->len = len;
		if (!name || !len)
			return PRIO_ENOMEM;
		c->cap = cap;
	}
	c->name[c->n] = key;
	c->len[c->n++] = strlen(key);
	return 0;
}

static const char *kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	default: return "null";
	}
}

/* One object's values as text, in a buffer that a row reuses. */
struct row {
	const char **val;
	size_t *len;
	size_t *off;		/* offset+1 into text, or 0 */
	struct obuf text;
};

/* The shortest "%.Ng" that reads back as exactly v. */
static void add_real(struct obuf *b, double v)
{
	char s[40];

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	ob_adds(b, s);
}

/*
 * Appends value v of column `key` to the row's text; `labels`: the key
 * goes to the field labels, which may be an array.
 */
static int value_text(struct obuf *b, const json_t *v, const char *key,
		      int labels, unsigned long line, size_t item, char *err)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		ob_add(b, json_string_value(v), json_string_length(v));
		return 0;
	case JSON_INTEGER:
		ob_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return 0;
	case JSON_REAL:
		add_real(b, json_real_value(v));
		return 0;
	case JSON_NULL:
		return 0;
	case JSON_ARRAY:
		if (labels) {
			size_t i, first = 1;
			json_t *e;

			json_array_foreach(v, i, e) {
				const char *s = json_string_value(e);
				size_t len = json_string_length(e);

				if (!json_is_string(e)) {
					snprintf(err, PRIO_ERR_MAX, "%lu: item "
						 "%zu: field %s: expected "
						 "strings in the array, not %s",
						 line, item, key, kind(e));
					return PRIO_EINVAL;
				}
				if (memchr(s, ',', len)) {
					snprintf(err, PRIO_ERR_MAX, "%lu: item "
						 "%zu: field %s: label '%s' "
						 "has a comma", line, item, key,
						 s);
					return PRIO_EINVAL;
				}
				if (!len)
					continue;
				if (!first)
					ob_addc(b, ',');
				ob_add(b, s, len);
				first = 0;
			}
			return 0;
		}
		break;
	default:
		break;
	}
	snprintf(err, PRIO_ERR_MAX, "%lu: item %zu: field %s: %s is not a "
		 "value prio takes (a string, a number or null%s)", line, item,
		 key, kind(v), labels ? ", or an array of strings" : "");
	return PRIO_EINVAL;
}

static int send_rows(const json_t *root, const struct columns *cols,
		     const unsigned long *lines, struct prio_sink *sink,
		     char *err)
{
	struct row r = {0};
	size_t i;
	json_t *obj;
	int rc = 0;
	size_t n = cols->n ? cols->n : 1;
	unsigned char *labels = malloc(n);

	r.val = malloc(n * sizeof(*r.val));
	r.len = malloc(n * sizeof(*r.len));
	r.off = malloc(n * sizeof(*r.off));
	ob_init(&r.text, host, NULL);
	if (!r.val || !r.len || !r.off || !labels)
		rc = PRIO_ENOMEM;
	/* Which keys go to labels, as the section maps them. */
	for (size_t c = 0; c < cols->n && !rc; c++) {
		const char *to;

		labels[c] = host->sink_map(sink, cols->name[c], cols->len[c], &to)
			    ? to && !strcmp(to, "labels")
			    : !strcmp(cols->name[c], "labels");
	}
	json_array_foreach(root, i, obj) {
		const char *key;
		json_t *v;
		size_t pos = 0;

		if (rc)
			break;
		memset(r.off, 0, cols->n * sizeof(*r.off));
		r.text.len = 0;
		json_object_foreach(obj, key, v) {
			long c = column_find(cols, key, pos++);
			size_t start = r.text.len;

			if (c < 0) {
				rc = PRIO_EINTERNAL;	/* pass one saw them all */
				break;
			}
			if ((rc = value_text(&r.text, v, key, labels[c],
					     lines[i], i + 1, err)))
				break;
			if (r.text.rc) {
				rc = r.text.rc;
				break;
			}
			r.off[c] = start + 1;
			r.len[c] = r.text.len - start;
		}
		if (rc)
			break;
		/* The text may have moved while it grew: point at it now. */
		for (size_t c = 0; c < cols->n; c++) {
			r.val[c] = r.off[c] && r.text.p ?
				   r.text.p + (r.off[c] - 1) : "";
			if (!r.off[c])
				r.len[c] = 0;
		}
		rc = host->sink_row(sink, lines[i], cols->n, r.val, r.len, err);
	}
	free(r.val);
	free(r.len);
	free(r.off);
	free(r.text.p);
	free(labels);
	return rc;
}

static int import(void *state, const char *name, const char *data, size_t len,
		  struct prio_sink *sink, char *err)
{
	struct columns cols = {0};
	unsigned long *lines = NULL;
	json_error_t je;
	json_t *root, *obj;
	size_t i, n;
	int rc = 0;

	(void)state;
	(void)name;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(err, PRIO_ERR_MAX, "%d: %s", je.line > 0 ? je.line : 1,
			 je.text);
		return PRIO_EINVAL;
	}
	if (!json_is_array(root)) {
		snprintf(err, PRIO_ERR_MAX, "1: expected an array of item "
			 "objects, not %s", kind(root));
		json_decref(root);
		return PRIO_EINVAL;
	}
	n = json_array_size(root);
	if (!(lines = malloc((n ? n : 1) * sizeof(*lines)))) {
		json_decref(root);
		return PRIO_ENOMEM;
	}
	element_lines(data, len, lines, n);
	/* Pass one: every object's keys make the columns. */
	json_array_foreach(root, i, obj) {
		const char *key;
		json_t *v;
		size_t pos = 0;

		if (!json_is_object(obj)) {
			snprintf(err, PRIO_ERR_MAX, "%lu: item %zu: expected an "
				 "object, not %s", lines[i], i + 1, kind(obj));
			rc = PRIO_EINVAL;
			break;
		}
		json_object_foreach(obj, key, v) {
			if (column_find(&cols, key, pos++) < 0 &&
			    (rc = column_add(&cols, key)))
				break;
		}
		if (rc)
			break;
	}
	if (!rc)
		rc = host->sink_columns(sink, cols.n, cols.name, cols.len, err);
	if (!rc)
		rc = send_rows(root, &cols, lines, sink, err);
	free(cols.name);
	free(cols.len);
	free(lines);
	json_decref(root);
	return rc;
}

/* Export */

/* A JSON string: quotes, backslashes and control characters escaped. */
static void add_string(struct obuf *b, const char *s, size_t len)
{
	size_t run = 0;

	ob_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\') {
			run++;
			continue;
		}
		ob_add(b, s + i - run, run);
		run = 0;
		switch (c) {
		case '"': ob_add(b, "\\\"", 2); break;
		case '\\': ob_add(b, "\\\\", 2); break;
		case '\n': ob_add(b, "\\n", 2); break;
		case '\r': ob_add(b, "\\r", 2); break;
		case '\t': ob_add(b, "\\t", 2); break;
		default: ob_addf(b, "\\u%04x", c);
		}
	}
	ob_add(b, s + len - run, run);
	ob_addc(b, '"');
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
	int nf = host->field_count(items);
	size_t n = host->count(items);
	const char **names = malloc((nf > 0 ? (size_t)nf : 1) * sizeof(*names));
	struct obuf b;

	(void)state;
	(void)err;
	if (!names)
		return PRIO_ENOMEM;
	/* Each field under the key the section maps to it, else its name. */
	for (int f = 0; f < nf; f++)
		if (!(names[f] = host->column_name(items, f)))
			names[f] = host->field_name(items, f);
	ob_init(&b, host, out);
	ob_addc(&b, '[');
	for (size_t i = 0; i < n && !b.rc; i++) {
		ob_adds(&b, i ? ",\n  {" : "\n  {");
		for (int f = 0; f < nf; f++) {
			const char *name = names[f];
			size_t len;
			const char *v = host->text(items, f, i, &len);

			if (f)
				ob_add(&b, ", ", 2);
			add_string(&b, name, strlen(name));
			ob_add(&b, ": ", 2);
			if (!v)
				ob_add(&b, "null", 4);
			else if (host->field_type(items, f) == PRIO_TYPE_NUMBER &&
				 is_number(v, len))
				ob_add(&b, v, len);
			else
				add_string(&b, v, len);
		}
		ob_addc(&b, '}');
		ob_spill(&b);
	}
	ob_adds(&b, n ? "\n]\n" : "]\n");
	free(names);
	return ob_finish(&b);
}

static const char *const extensions[] = { "json", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.import = import,
	.export = export,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "json", "1.1",
		   "a JSON array of item objects", prio_host_keep, NULL, &ops);
