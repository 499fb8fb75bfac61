/*
 * prio/write.h - the boring part of an exporter: writing a value as a CSV
 * cell or a JSON string, quoted and escaped, through host->write.
 *
 * A client's format is mostly a choice of columns and a layout; the
 * quoting rules are the same everywhere and easy to get wrong (a comma or
 * a quote inside a title, a line break inside a story, a control
 * character in a JSON string). These write a value correctly, in pieces
 * of at most 256 bytes, and return 0 or the host's error:
 *
 *	#include <prio/format.h>
 *	#include <prio/write.h>
 *
 *	PRIO_HOST_INIT
 *	...
 *	v = host->text(items, title, i, &len);
 *	rc = prio_write_csv(host, out, v, v ? len : 0, ',', PRIO_CSV_GUARD);
 *	rc = rc ? rc : host->write(out, "\n", 1);
 *
 * Values are bytes as the host hands them: UTF-8, not NUL-terminated.
 * Everything here is static inline: nothing to link.
 */
#ifndef PRIO_WRITE_H
#define PRIO_WRITE_H

#include <string.h>

#include <prio/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Flags of prio_write_csv. PRIO_CSV_GUARD puts a ' before a value that a
 * spreadsheet would run as a formula (one that starts with = + - @, a tab
 * or a carriage return), as prio's own csv format does; prio's csv import
 * takes it off again. A number is never guarded: -3 stays -3. So that the
 * import gives every value back, a value that already starts with ' and
 * then such a formula ('=x) gets one more (''=x).
 */
enum { PRIO_CSV_GUARD = 1 };

/* Collects bytes and hands them to the host 256 at a time. */
struct prio_wbuf_ {
	const struct prio_host *host;
	struct prio_out *out;
	size_t n;
	int rc;
	char b[256];
};

static inline void prio_wput_(struct prio_wbuf_ *w, const char *s, size_t len)
{
	while (len && !w->rc) {
		size_t k = sizeof(w->b) - w->n < len ? sizeof(w->b) - w->n : len;

		memcpy(w->b + w->n, s, k);
		w->n += k, s += k, len -= k;
		if (w->n == sizeof(w->b)) {
			w->rc = w->host->write(w->out, w->b, w->n);
			w->n = 0;
		}
	}
}

static inline int prio_wflush_(struct prio_wbuf_ *w)
{
	if (!w->rc && w->n)
		w->rc = w->host->write(w->out, w->b, w->n);
	return w->rc;
}

/* Is v a number ("-3", "+2.5", "-1e3")? Then it is no formula. */
static inline int prio_is_number_(const char *v, size_t len)
{
	size_t i = len && (v[0] == '-' || v[0] == '+'), digits = 0;

	for (; i < len && v[i] >= '0' && v[i] <= '9'; i++)
		digits++;
	if (i < len && v[i] == '.')
		for (i++; i < len && v[i] >= '0' && v[i] <= '9'; i++)
			digits++;
	if (digits && i < len && (v[i] == 'e' || v[i] == 'E')) {
		i++;
		if (i < len && (v[i] == '-' || v[i] == '+'))
			i++;
		for (digits = 0; i < len && v[i] >= '0' && v[i] <= '9'; i++)
			digits++;
	}
	return digits && i == len;
}

/*
 * One CSV cell: quoted (with quotes doubled) when it holds the
 * delimiter, a quote, a line break, or blanks at either end; as it is
 * otherwise. A NULL or empty value writes nothing.
 */
static inline int prio_write_csv(const struct prio_host *host,
				 struct prio_out *out, const char *v,
				 size_t len, char delim, int flags)
{
	struct prio_wbuf_ w = { host, out, 0, 0, { 0 } };
	int guard = 0, quote = 0;
	size_t q = 0;

	if (!v || !len)
		return 0;
	while (q < len && v[q] == '\'')	/* the quotes it already has */
		q++;
	if ((flags & PRIO_CSV_GUARD) && q < len && v[q] &&
	    strchr("=+-@\t\r", v[q]) && !prio_is_number_(v + q, len - q))
		guard = 1;
	quote = v[0] == ' ' || v[len - 1] == ' ';
	for (size_t i = 0; i < len && !quote; i++)
		quote = v[i] == delim || v[i] == '"' || v[i] == '\n' ||
			v[i] == '\r';
	if (quote)
		prio_wput_(&w, "\"", 1);
	if (guard)
		prio_wput_(&w, "'", 1);
	for (size_t i = 0, from = 0; i <= len; i++) {
		if (i < len && v[i] != '"')
			continue;
		prio_wput_(&w, v + from, i - from + (i < len));
		if (i < len)
			prio_wput_(&w, "\"", 1);	/* doubled */
		from = i + 1;
	}
	if (quote)
		prio_wput_(&w, "\"", 1);
	return prio_wflush_(&w);
}

/*
 * A JSON string, quotes included: ", \ and control characters escaped
 * (\n, \t, \r, \b, \f by name, others as \u00XX). A NULL value writes
 * null.
 */
static inline int prio_write_json(const struct prio_host *host,
				  struct prio_out *out, const char *v,
				  size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct prio_wbuf_ w = { host, out, 0, 0, { 0 } };
	size_t from = 0;

	if (!v)
		return host->write(out, "null", 4);
	prio_wput_(&w, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		char esc[6] = { '\\', 0, 0, 0, 0, 0 };
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		prio_wput_(&w, v + from, i - from);
		from = i + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\t': esc[1] = 't'; break;
		case '\r': esc[1] = 'r'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		prio_wput_(&w, esc, n);
	}
	prio_wput_(&w, v + from, len - from);
	prio_wput_(&w, "\"", 1);
	return prio_wflush_(&w);
}

#ifdef __cplusplus
}
#endif

#endif /* PRIO_WRITE_H */
