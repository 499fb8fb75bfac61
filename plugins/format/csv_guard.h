/*
 * csv_guard.h - CSV cells a spreadsheet will not run as formulas, and
 * back. Shared as source by csv.c and jira.c: see fmt_out.h.
 *
 * A spreadsheet that opens a CSV runs a cell that starts with =, +, -
 * or @ as a formula (=HYPERLINK(...), =cmd|'/C calc'!A0), and some treat
 * a leading tab or CR the same way. Export writes such a text cell with
 * a ' first, which spreadsheets take as "this is text" and do not show;
 * import takes that ' off again, so the round trip is exact.
 *
 * For the round trip to be exact for every value, the rule counts the
 * quotes a cell already starts with: a value that is any number of '
 * and then a trigger (=SUM, '=SUM, ''=SUM) gets one more ' on export,
 * and a cell of one or more ' and then a trigger loses one on import.
 * Any other value, 'hello too, goes as it is. (A spreadsheet shows
 * ''=SUM as '=SUM: what the value was.)
 *
 * A number is never guarded, whatever its field: -3, +4, -2.5e3 are
 * numbers to a spreadsheet, not formulas (-2+3 or -3 days are not
 * numbers, and are guarded). So the number fields' cells never are, nor
 * a number in a column prio does not know (rank --in). The header's
 * column names are cells too. `formula_guard = no` in the format's
 * section turns both directions off: the file then holds the data as it
 * is, for programs that are not spreadsheets.
 */
#ifndef CSV_GUARD_H
#define CSV_GUARD_H

#include <stdint.h>

#include "csv_parse.h"

/* Reads formula_guard (yes, the default, or no) into *on. */
FMT_UNUSED static int csv_guard_read(const struct prio_host *host,
				     const struct prio_section *sec, int *on,
				     char *err)
{
	const char *v = host->get(sec, "formula_guard", NULL);

	*on = 1;
	if (!v || !strcmp(v, "yes"))
		return 0;
	if (!strcmp(v, "no")) {
		*on = 0;
		return 0;
	}
	return host->bad_value(sec, "formula_guard", err, "expected yes or no");
}

static inline int csv_trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	       c == '\r';
}

static inline int csv_digits(const char *v, size_t len, size_t *i)
{
	size_t from = *i;

	while (*i < len && v[*i] >= '0' && v[*i] <= '9')
		++*i;
	return *i > from;
}

/* Is v (len bytes) a number as a spreadsheet reads one: -3, +4.5, -1e6? */
static inline int csv_number(const char *v, size_t len)
{
	size_t i = v[0] == '+' || v[0] == '-';
	int digits = csv_digits(v, len, &i);

	if (i < len && v[i] == '.') {
		i++;
		digits |= csv_digits(v, len, &i);
	}
	if (digits && i < len && (v[i] == 'e' || v[i] == 'E')) {
		i++;
		i += i < len && (v[i] == '+' || v[i] == '-');
		digits = csv_digits(v, len, &i);
	}
	return digits && i == len;
}

/*
 * Does v (len bytes) start with `quotes` or more ' and then what a
 * spreadsheet would run: a trigger that does not start a number?
 */
static inline int csv_formula(const char *v, size_t len, size_t quotes)
{
	size_t i = 0;

	while (i < len && v[i] == '\'')
		i++;
	return i >= quotes && i < len && csv_trigger(v[i]) &&
	       !csv_number(v + i, len - i);
}

/* Writes a value, guarded when guard is set and it needs it. */
FMT_UNUSED static void csv_put_guarded(struct obuf *b, char delim,
				       const char *v, size_t len, int guard)
{
	char *g;

	if (!guard || !csv_formula(v, len, 0)) {
		csv_put(b, delim, v, len);
		return;
	}
	/* The ' goes inside the quotes, if any: rare enough for a copy. */
	if (!(g = malloc(len + 1))) {
		b->rc = b->rc ? b->rc : PRIO_ENOMEM;
		return;
	}
	g[0] = '\'';
	memcpy(g + 1, v, len);
	csv_put(b, delim, g, len + 1);
	free(g);
}

/* Takes the guard off the values of the record just read. */
FMT_UNUSED static void csv_unguard(struct csv_reader *r)
{
	for (size_t k = 0; k < r->n; k++)
		if (csv_formula(r->val[k], r->len[k], 1)) {
			r->val[k]++;
			r->len[k]--;
		}
}

/*
 * One cell of a row as read, at p, that starts with a quote or a trigger:
 * sets *guard when export must guard it, and returns where it ends (its
 * delimiter, or the end of the row).
 */
static inline const char *csv_raw_cell(const char *p, const char *end,
				       char delim, int *guard)
{
	const char *from = p, *to = NULL;

	if (*p == '"') {	/* to the closing quote */
		for (from = ++p; p < end; p++)
			if (*p == '"' && (++p == end || *p != '"'))
				break;
		to = p - (p > from && p[-1] == '"');
	}
	while (p < end && *p != delim)
		p++;
	if (!to)
		to = p;
	*guard = to > from && csv_trigger(*from) &&
		 !csv_number(from, (size_t)(to - from));
	return p;
}

/*
 * Whether a row as the file has it (host->raw) holds a cell that export
 * must guard. A cell that starts with ' came guarded from the file (its
 * value is without that ', as csv_unguard read it) and goes back as it
 * is; so only a cell that starts with a trigger needs the guard.
 *
 * Every row of a large export passes here, so the delimiters are found
 * eight bytes at a time, and only the byte after each is looked at: a
 * cell that starts with a quote or a trigger is then read whole.
 */
FMT_UNUSED static int csv_raw_formula(const char *row, size_t len, char delim)
{
	const uint64_t ones = 0x0101010101010101u, low7 = 0x7f7f7f7f7f7f7f7fu;
	const uint64_t pat = ones * (unsigned char)delim;
	const char *p = row, *end = row + len;
	int guard;

	while (p < end) {
		/* p starts a cell. */
		if (*p == '"' || csv_trigger(*p)) {
			p = csv_raw_cell(p, end, delim, &guard);
			if (guard)
				return 1;
			if (p++ == end)
				return 0;
			continue;
		}
		/* Ordinary cells: to the next delimiter before a special one. */
		for (;;) {
			const char *q = NULL;

			if (end - p >= 8) {
				uint64_t w, x, m;

				memcpy(&w, p, 8);
				x = w ^ pat;	/* 0 where a byte is delim */
				m = ~(((x & low7) + low7) | x | low7);
				for (; m; m &= m - 1) {
					q = p + (__builtin_ctzll(m) >> 3) + 1;
					if (q < end && (*q == '"' || csv_trigger(*q)))
						break;
					q = NULL;
				}
				p += 8;
			} else {
				for (; p < end; p++)
					if (*p == delim && p + 1 < end &&
					    (p[1] == '"' || csv_trigger(p[1]))) {
						q = p + 1;
						break;
					}
				if (!q)
					return 0;
			}
			if (q) {
				p = q;
				break;
			}
		}
	}
	return 0;
}

#endif /* CSV_GUARD_H */
