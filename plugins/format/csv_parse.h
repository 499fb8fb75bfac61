/*
 * csv_parse.h - the CSV reader (RFC 4180), the CSV value writer and the
 * column mapping keys (map.COLUMN = field, ignore = A, B) that csv.c and
 * jira.c share. Shared as source: see fmt_out.h.
 *
 * The reader takes quoted fields (with the delimiter, doubled quotes and
 * line breaks inside), CRLF or LF line ends, a UTF-8 byte order mark, and
 * skips blank lines. Values point into the input where they can, so a
 * million-row file costs no copies; only a quoted value with doubled
 * quotes is copied, without them, into the reader's scratch buffer.
 */
#ifndef CSV_PARSE_H
#define CSV_PARSE_H

#include "fmt_out.h"

struct csv_reader {
	const char *p, *end;	/* what is left of the input */
	unsigned long line;	/* the line p is on */
	char delim;
	/* The record last read: n values. */
	const char **val;
	size_t *len;
	size_t *esc;		/* >0: offset+1 of an unescaped copy in scratch */
	size_t n, cap;
	char *scratch;
	size_t slen, scap;
};

FMT_UNUSED static void csv_reader_init(struct csv_reader *r, const char *data,
				       size_t len, char delim)
{
	memset(r, 0, sizeof(*r));
	r->p = data;
	r->end = data + len;
	r->line = 1;
	r->delim = delim;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		r->p += 3;
}

FMT_UNUSED static void csv_reader_release(struct csv_reader *r)
{
	free(r->val);
	free(r->len);
	free(r->esc);
	free(r->scratch);
	memset(r, 0, sizeof(*r));
}

static int csv_push(struct csv_reader *r, const char *v, size_t len, size_t esc)
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
static int csv_unescape(struct csv_reader *r, const char *s, size_t len,
			size_t *esc)
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

/* Parses the record at r->p, which is not a blank line. */
static int csv_record(struct csv_reader *r, char *err)
{
	const char *p = r->p, *end = r->end;
	unsigned long start = r->line;
	char delim = r->delim;

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
					r->line += *nl == '\n';
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
				rc = csv_unescape(r, v, len, &esc);
				if (rc < 0)
					return rc;
				len = (size_t)rc;
			}
			if (p < end && *p != delim && *p != '\n' &&
			    !(*p == '\r' && p + 1 < end && p[1] == '\n') &&
			    !(*p == '\r' && p + 1 == end)) {
				snprintf(err, PRIO_ERR_MAX, "%lu: column %zu: "
					 "text after a closing quote", r->line,
					 r->n + 1);
				return PRIO_EINVAL;
			}
		} else {
			while (p < end && *p != delim && *p != '\n')
				p++;
			len = (size_t)(p - v);
			if (len && v[len - 1] == '\r' && (p == end || *p == '\n'))
				len--;
		}
		if ((rc = csv_push(r, v, len, esc)))
			return rc;
		if (p < end && *p == delim) {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n') {
			p++;
			r->line++;
		}
		break;
	}
	r->p = p;
	/* Values copied to scratch get their final address now. */
	for (size_t i = 0; i < r->n; i++)
		if (r->esc[i])
			r->val[i] = r->scratch + r->esc[i] - 1;
	return 0;
}

/*
 * Reads the next record into r->val, r->len, r->n, skipping blank lines.
 * Returns 1 with *at the line the record starts on, 0 at the end of the
 * input, or an error with err filled ("LINE: what").
 */
FMT_UNUSED static int csv_next(struct csv_reader *r, unsigned long *at,
			       char *err)
{
	int rc;

	while (r->p < r->end && (*r->p == '\n' || (*r->p == '\r' &&
	       r->p + 1 < r->end && r->p[1] == '\n'))) {
		r->p += *r->p == '\r' ? 2 : 1;	/* a blank line */
		r->line++;
	}
	if (r->p >= r->end)
		return 0;
	*at = r->line;
	if ((rc = csv_record(r, err)))
		return rc;
	return 1;
}

/* Appends a value, quoted only if it holds the delimiter, a quote or a line break. */
FMT_UNUSED static void csv_put(struct obuf *b, char delim, const char *v,
			       size_t len)
{
	size_t run = 0;
	unsigned quote = 0;

	/*
	 * Most values need no quotes. Look at every byte without a branch
	 * (an export does this for every cell): a byte a cycle, where
	 * stopping at the first hit mispredicts on short values.
	 */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		quote |= (c == (unsigned char)delim) | (c == '"') |
			 (c == '\n') | (c == '\r');
	}
	if (!quote) {
		ob_add(b, v, len);
		return;
	}
	ob_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		if (v[i] != '"') {
			run++;
			continue;
		}
		ob_add(b, v + i - run, run + 1);	/* through the quote */
		ob_addc(b, '"');			/* and doubled */
		run = 0;
	}
	ob_add(b, v + len - run, run);
	ob_addc(b, '"');
}

/*
 * Column mapping, from the format's section:
 *
 *	map.Story Points = job_size	; the column "Story Points" is job_size
 *	map.Sprint =			; (an empty field) ignore the column
 *	ignore = Notes, Owner		; ignore these columns
 *
 * Column names match exactly, blanks around them aside (not regardless
 * of case: a file may well have both "Value" and "value", mapped to
 * different fields). INI keys keep their inner spaces, but cannot hold
 * '=', ':' or
 * " ;" (inih splits or cuts there), nor can ignore list a name with a
 * comma: rename such a column in the file.
 */
struct csv_map_entry {
	char *from;		/* the column's name in the file */
	char *to;		/* the field, or NULL: ignore the column */
	const char *key;	/* the INI key that said so, for messages */
};

struct csv_maps {
	struct csv_map_entry *v;
	size_t n, cap;
	const struct prio_host *host;
	const struct prio_section *sec;
	char *err;
};

FMT_UNUSED static void csv_maps_release(struct csv_maps *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].from);
		free(m->v[i].to);
		free((char *)m->v[i].key);
	}
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

FMT_UNUSED static const struct csv_map_entry *
csv_map_find(const struct csv_maps *m, const char *name, size_t len)
{
	fmt_trim(&name, &len);
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->v[i].from) == len &&
		    !memcmp(name, m->v[i].from, len))
			return &m->v[i];
	return NULL;
}

static int csv_map_add(struct csv_maps *m, const char *key, const char *from,
		       size_t flen, const char *to)
{
	const struct csv_map_entry *dup;
	struct csv_map_entry *e;

	fmt_trim(&from, &flen);
	if (!flen)
		return m->host->bad_value(m->sec, key, m->err,
					  "an empty column name");
	if ((dup = csv_map_find(m, from, flen))) {
		if (!dup->to && !to)
			return 0;	/* listed twice: no harm */
		return m->host->bad_value(m->sec, key, m->err,
					  "column '%.*s' also appears in %s",
					  (int)flen, from, dup->key);
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		struct csv_map_entry *v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return PRIO_ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	e = &m->v[m->n];
	e->from = strndup(from, flen);
	e->to = to ? strdup(to) : NULL;
	e->key = strdup(key);
	if (!e->from || (to && !e->to) || !e->key) {
		free(e->from);
		free(e->to);
		free((char *)e->key);
		return PRIO_ENOMEM;
	}
	m->n++;
	return 0;
}

static int csv_map_key(void *arg, const char *key, const char *value,
		       const struct prio_origin *where)
{
	struct csv_maps *m = arg;
	const char *from = key + strlen("map.");
	const char *to = value;
	size_t tlen = strlen(value);

	(void)where;
	fmt_trim(&to, &tlen);
	for (size_t i = 0; i < tlen; i++)
		if (!((to[i] >= 'a' && to[i] <= 'z') ||
		      (i && (to[i] == '_' || (to[i] >= '0' && to[i] <= '9')))))
			return m->host->bad_value(m->sec, key, m->err,
						  "expected a field name "
						  "(a-z, 0-9, _), or nothing "
						  "to ignore the column");
	if (!tlen)
		return csv_map_add(m, key, from, strlen(from), NULL);
	{
		char *t = strndup(to, tlen);
		int rc = t ? csv_map_add(m, key, from, strlen(from), t)
			   : PRIO_ENOMEM;
		free(t);
		return rc;
	}
}

/* Reads map.* and ignore from sec into m (zeroed by the caller). */
FMT_UNUSED static int csv_maps_read(struct csv_maps *m,
				    const struct prio_host *host,
				    const struct prio_section *sec, char *err)
{
	const char *ignore;
	int rc;

	m->host = host;
	m->sec = sec;
	m->err = err;
	if ((rc = host->each(sec, "map.", csv_map_key, m)))
		goto fail;
	if ((ignore = host->get(sec, "ignore", NULL))) {
		const char *s = ignore;

		for (;;) {
			const char *comma = strchr(s, ',');
			size_t len = comma ? (size_t)(comma - s) : strlen(s);
			const char *name = s;

			fmt_trim(&name, &len);
			if (len && (rc = csv_map_add(m, "ignore", name, len,
						     NULL)))
				goto fail;
			if (!comma)
				break;
			s = comma + 1;
		}
	}
	return 0;
fail:
	csv_maps_release(m);
	return rc;
}

/*
 * The column name an exporter writes for field `name`: the column mapped
 * to it, so that the file imports back through the same mapping.
 */
FMT_UNUSED static const char *csv_map_reverse(const struct csv_maps *m,
					      const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].to && !strcmp(m->v[i].to, name))
			return m->v[i].from;
	return NULL;
}

#endif /* CSV_PARSE_H */
