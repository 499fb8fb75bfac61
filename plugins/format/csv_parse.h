/*
 * csv_parse.h - the CSV reader (RFC 4180) and the CSV value writer that
 * csv.c and jira.c share. Shared as source: see fmt_out.h. (The column
 * mapping keys, map.COLUMN = field and ignore = A, B, are the core's.)
 *
 * The reader takes quoted fields (with the delimiter, doubled quotes and
 * line breaks inside), CRLF, LF or CR line ends (CR alone: old Mac files;
 * outside quotes a CR is always a line end), a UTF-8 byte order mark, and
 * skips blank lines. Values point into the input where they can, so a
 * million-row file costs no copies; only a quoted value with doubled
 * quotes is copied, without them, into the reader's scratch buffer.
 */
#ifndef CSV_PARSE_H
#define CSV_PARSE_H

#include <stdint.h>

#include "fmt_out.h"

struct csv_reader {
	const char *p, *end;	/* what is left of the input */
	unsigned long line;	/* the line p is on */
	char delim;
	/* The record last read: n values; the bytes they came from. */
	const char *row;
	size_t rowlen;
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

/*
 * The end of an unquoted value at p: the first delimiter, CR or LF, or
 * end. Eight bytes at a time (a million-row file has fifteen million
 * values, most under eight bytes): x is zero in each byte that matches,
 * and m gets the high bit of exactly those bytes.
 */
static inline const char *csv_value_end(const char *p, const char *end,
					char delim)
{
	const uint64_t ones = 0x0101010101010101u, low7 = 0x7f7f7f7f7f7f7f7fu;
	const uint64_t d = ones * (unsigned char)delim, lf = ones * '\n',
		       cr = ones * '\r';

	while (end - p >= 8) {
		uint64_t w, x, m;

		memcpy(&w, p, 8);
		x = w ^ d;
		m = ~(((x & low7) + low7) | x | low7);
		x = w ^ lf;
		m |= ~(((x & low7) + low7) | x | low7);
		x = w ^ cr;
		m |= ~(((x & low7) + low7) | x | low7);
		if (m)
			return p + (__builtin_ctzll(m) >> 3);
		p += 8;
	}
	while (p < end && *p != delim && *p != '\n' && *p != '\r')
		p++;
	return p;
}

/* Parses the record at r->p, which is not a blank line. */
static int csv_record(struct csv_reader *r, char *err)
{
	const char *p = r->p, *end = r->end, *vend;
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
					r->line += *nl == '\n' ||
						   (*nl == '\r' && nl[1] != '\n');
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
				vend = p;
				break;
			}
			if (doubled) {
				rc = csv_unescape(r, v, len, &esc);
				if (rc < 0)
					return rc;
				len = (size_t)rc;
			}
			if (p < end && *p != delim && *p != '\n' &&
			    *p != '\r') {
				snprintf(err, PRIO_ERR_MAX, "%lu: column %zu: "
					 "text after a closing quote", r->line,
					 r->n + 1);
				return PRIO_EINVAL;
			}
		} else {
			p = csv_value_end(p, end, delim);
			len = (size_t)(p - v);
			vend = p;
		}
		if ((rc = csv_push(r, v, len, esc)))
			return rc;
		if (p < end && *p == delim) {
			p++;
			continue;
		}
		if (p < end && (*p == '\r' || *p == '\n')) {
			/* CRLF, LF or CR alone: one line end. */
			p += *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
			r->line++;
		}
		break;
	}
	r->row = r->p;
	r->rowlen = (size_t)(vend - r->p);
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

	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		/* a blank line */
		r->p += *r->p == '\r' && r->p + 1 < r->end &&
			r->p[1] == '\n' ? 2 : 1;
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
	const uint64_t ones = 0x0101010101010101u, low7 = 0x7f7f7f7f7f7f7f7fu;
	const uint64_t d = ones * (unsigned char)delim, q = ones * '"',
		       lf = ones * '\n', cr = ones * '\r';
	uint64_t m = 0;
	size_t run = 0, i = 0;
	unsigned quote = 0;

	/*
	 * Most values need no quotes. Look at every byte without a branch
	 * (an export does this for every cell), eight at a time as
	 * csv_value_end does, then the last few one by one: stopping at the
	 * first hit would mispredict on short values.
	 */
	for (; i + 8 <= len; i += 8) {
		uint64_t w, x;

		memcpy(&w, v + i, 8);
		x = w ^ d;
		m |= ~(((x & low7) + low7) | x | low7);
		x = w ^ q;
		m |= ~(((x & low7) + low7) | x | low7);
		x = w ^ lf;
		m |= ~(((x & low7) + low7) | x | low7);
		x = w ^ cr;
		m |= ~(((x & low7) + low7) | x | low7);
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		quote |= (c == (unsigned char)delim) | (c == '"') |
			 (c == '\n') | (c == '\r');
	}
	if (!quote && !m) {
		ob_add(b, v, len);
		return;
	}
	ob_addc(b, '"');
	for (i = 0; i < len; i++) {
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

#endif /* CSV_PARSE_H */
