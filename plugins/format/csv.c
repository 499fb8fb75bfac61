/*
 * csv.c - comma-separated values (RFC 4180): a header row naming fields,
 * then one row per item.
 *
 * Import takes quoted fields (with the delimiter, doubled quotes and line
 * breaks inside), CRLF or LF line ends, a UTF-8 byte order mark, and skips
 * blank lines. Export quotes only the values that need it. Keys of
 * [format.csv]: delimiter (one character, or "tab"; default ",").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>

static const struct prio_host *host;

struct csv {
	char delim;
};

struct row {
	const char **val;
	size_t *len;
	size_t *esc;		/* >0: offset+1 of an unescaped copy in scratch */
	size_t n, cap;
	char *scratch;
	size_t slen, scap;
};

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	host = h;
	return 0;
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	const char *d = host->get(sec, "delimiter", NULL);
	struct csv *c = malloc(sizeof(*c));

	if (!c)
		return PRIO_ENOMEM;
	c->delim = ',';
	if (d) {
		if (!strcmp(d, "tab") || !strcmp(d, "\\t"))
			c->delim = '\t';
		else if (strlen(d) == 1 && d[0] != '"' && d[0] != '\n' &&
			 d[0] != '\r')
			c->delim = d[0];
		else {
			free(c);
			return host->bad_value(sec, "delimiter", err,
					       "expected one character or tab%s",
					       *d ? "" : " (quote a ; as \";\": "
					       "after a space it starts a comment)");
		}
	}
	*state = c;
	return 0;
}

static int row_push(struct row *r, const char *v, size_t len, size_t esc)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		const char **val = realloc(r->val, cap * sizeof(*val));
		size_t *l = realloc(r->len, cap * sizeof(*l));
		size_t *e = realloc(r->esc, cap * sizeof(*e));

		if (val)
			r->val = val;
		if (l)
			r->len = l;
		if (e)
			r->esc = e;
		if (!val || !l || !e)
			return PRIO_ENOMEM;
		r->cap = cap;
	}
	r->val[r->n] = v;
	r->len[r->n] = len;
	r->esc[r->n] = esc;
	r->n++;
	return 0;
}

/* Copies a quoted field without its doubled quotes into scratch. */
static int unescape(struct row *r, const char *s, size_t len, size_t *esc)
{
	size_t off = r->slen;

	if (r->slen + len > r->scap) {
		size_t cap = r->scap ? r->scap * 2 : 4096;
		char *p;
		while (cap < r->slen + len)
			cap *= 2;
		if (!(p = realloc(r->scratch, cap)))
			return PRIO_ENOMEM;
		r->scratch = p;
		r->scap = cap;
	}
	for (size_t i = 0; i < len; i++) {
		r->scratch[r->slen++] = s[i];
		if (s[i] == '"')
			i++;	/* the second of a doubled quote */
	}
	*esc = off + 1;
	return (int)(r->slen - off);
}

/*
 * Parses one record starting at *pp; advances *pp past it and *line past
 * its line breaks. Returns 0, or an error with err filled.
 */
static int parse_record(const struct csv *c, const char **pp, const char *end,
			unsigned long *line, struct row *r, char *err)
{
	const char *p = *pp;
	unsigned long start = *line;

	r->n = 0;
	r->slen = 0;
	for (;;) {
		const char *v = p;
		size_t len, esc = 0;
		int rc;

		if (p < end && *p == '"') {
			int doubled = 0;

			v = ++p;
			for (;;) {
				const char *q = memchr(p, '"', (size_t)(end - p));
				for (const char *nl = p; q && nl < q; nl++)
					*line += *nl == '\n';
				if (!q) {
					snprintf(err, PRIO_ERR_MAX, "%lu: a quoted "
						 "field is never closed", start);
					return PRIO_EINVAL;
				}
				if (q + 1 < end && q[1] == '"') {
					doubled = 1;
					p = q + 2;
					continue;
				}
				len = (size_t)(q - v);
				p = q + 1;
				break;
			}
			if (doubled) {
				rc = unescape(r, v, len, &esc);
				if (rc < 0)
					return rc;
				len = (size_t)rc;
			}
			if (p < end && *p != c->delim && *p != '\n' &&
			    !(*p == '\r' && p + 1 < end && p[1] == '\n') &&
			    !(*p == '\r' && p + 1 == end)) {
				snprintf(err, PRIO_ERR_MAX, "%lu: column %zu: "
					 "text after a closing quote", *line,
					 r->n + 1);
				return PRIO_EINVAL;
			}
		} else {
			while (p < end && *p != c->delim && *p != '\n')
				p++;
			len = (size_t)(p - v);
			if (len && v[len - 1] == '\r' && (p == end || *p == '\n'))
				len--;
		}
		if ((rc = row_push(r, v, len, esc)))
			return rc;
		if (p < end && *p == c->delim) {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n') {
			p++;
			++*line;
		}
		break;
	}
	*pp = p;
	/* Values copied to scratch get their final address now. */
	for (size_t i = 0; i < r->n; i++)
		if (r->esc[i])
			r->val[i] = r->scratch + r->esc[i] - 1;
	return 0;
}

static int import(void *state, const char *name, const char *data, size_t len,
		  struct prio_sink *sink, char *err)
{
	const struct csv *c = state;
	const char *p = data, *end = data + len;
	unsigned long line = 1;
	struct row r = {0};
	int header = 1, rc = 0;

	(void)name;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		unsigned long at = line;

		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1;	/* a blank line */
			line++;
			continue;
		}
		if ((rc = parse_record(c, &p, end, &line, &r, err)))
			break;
		if (header)
			rc = host->sink_columns(sink, r.n, r.val, r.len, err);
		else
			rc = host->sink_row(sink, at, r.n, r.val, r.len, err);
		if (rc)
			break;
		header = 0;
	}
	if (!rc && header) {
		snprintf(err, PRIO_ERR_MAX, "1: empty file: expected a header row");
		rc = PRIO_EINVAL;
	}
	free(r.val);
	free(r.len);
	free(r.esc);
	free(r.scratch);
	return rc;
}

struct wbuf {
	char *p;
	size_t len, cap;
};

static int wb_add(struct wbuf *b, const char *s, size_t len)
{
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1 << 16;
		char *p;
		while (cap < b->len + len)
			cap *= 2;
		if (!(p = realloc(b->p, cap)))
			return PRIO_ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	return 0;
}

static int wb_value(struct wbuf *b, char delim, const char *v, size_t len)
{
	int quote = 0;

	for (size_t i = 0; i < len && !quote; i++)
		quote = v[i] == delim || v[i] == '"' || v[i] == '\n' ||
			v[i] == '\r';
	if (!quote)
		return wb_add(b, v, len);
	if (wb_add(b, "\"", 1))
		return PRIO_ENOMEM;
	for (size_t i = 0; i < len; i++)
		if (wb_add(b, v + i, 1) || (v[i] == '"' && wb_add(b, "\"", 1)))
			return PRIO_ENOMEM;
	return wb_add(b, "\"", 1);
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	const struct csv *c = state;
	int nf = host->field_count(items), rc = 0;
	size_t n = host->count(items);
	struct wbuf b = {0};

	(void)err;
	for (int f = 0; f < nf && !rc; f++) {
		const char *name = host->field_name(items, f);
		rc = (f && wb_add(&b, &c->delim, 1)) ||
		     wb_value(&b, c->delim, name, strlen(name));
	}
	rc = rc || wb_add(&b, "\n", 1);
	for (size_t i = 0; i < n && !rc; i++) {
		for (int f = 0; f < nf && !rc; f++) {
			size_t len;
			const char *v = host->text(items, f, i, &len);

			if (f)
				rc = wb_add(&b, &c->delim, 1);
			if (v && !rc)
				rc = wb_value(&b, c->delim, v, len);
		}
		rc = rc || wb_add(&b, "\n", 1);
		if (!rc && b.len >= 1 << 16) {
			rc = host->write(out, b.p, b.len);
			b.len = 0;
		}
	}
	if (rc)
		rc = rc < 0 ? rc : PRIO_ENOMEM;
	else if (b.len)
		rc = host->write(out, b.p, b.len);
	free(b.p);
	return rc;
}

static const char *const extensions[] = { "csv", NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.configure = configure,
	.import = import,
	.export = export,
	.release = free,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "csv", "1.0",
		   "comma-separated values (RFC 4180) with a header row",
		   init, NULL, &ops);
