/*
 * visible.c - text from the data, shown without control characters
 * (see visible.h for the forms and why).
 */
#include "visible.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

static int printable_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/*
 * The shown form of the character that starts s (len > 0 bytes): writes
 * it to out (at most 7 bytes, *olen of them) and its columns to *cols,
 * and returns how many bytes of s it stands for.
 */
static size_t one(const char *str, size_t len, char out[8], size_t *olen,
		  size_t *cols)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	size_t n;

	if (printable_ascii(c)) {
		out[0] = (char)c;
		*olen = *cols = 1;
		return 1;
	}
	if (c >= 0x80) {
		/* A lead byte's own count; utf8_valid_prefix judges the rest. */
		n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (n <= len && utf8_valid_prefix(str, n) == n) {
			if (c == 0xc2 && s[1] < 0xa0) {	/* C1: U+0080..U+009F */
				*olen = *cols = (size_t)snprintf(out, 8, "\\u%04x",
								 s[1]);
				return 2;
			}
			memcpy(out, s, n);
			*olen = n;
			*cols = 1;
			return n;
		}
	}
	if (c >= '\a' && c <= '\r')
		*olen = (size_t)snprintf(out, 8, "\\%c", "abtnvfr"[c - '\a']);
	else if (c == 0x1b)
		*olen = (size_t)snprintf(out, 8, "\\e");
	else
		*olen = (size_t)snprintf(out, 8, "\\x%02x", c);
	*cols = *olen;
	return 1;
}

size_t buf_addvis(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, cols = 0;

	buf_grow(b, len);	/* NUL-terminated even when len is 0 */
	while (i < len) {
		size_t j = i, olen, c;
		char out[8];

		while (j < len && printable_ascii((unsigned char)s[j]))
			j++;
		if (j > i) {	/* most text: copied a run at a time */
			buf_add(b, s + i, j - i);
			cols += j - i;
			i = j;
			continue;
		}
		i += one(s + i, len - i, out, &olen, &c);
		buf_add(b, out, olen);
		cols += c;
	}
	b->p[b->len] = '\0';
	return cols;
}

void buf_addvis_lines(struct buf *b, const char *s, size_t len,
		      const char *indent)
{
	size_t i = 0;

	for (;;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t j = nl ? (size_t)(nl - s) : len;

		buf_addvis(b, s + i, j - i);
		if (!nl)
			break;
		buf_addc(b, '\n');
		buf_adds(b, indent);
		i = j + 1;
	}
}

/* The bytes of s that fit in w columns once shown; their columns in *cols. */
static size_t scan(const char *s, size_t len, size_t w, size_t *cols)
{
	size_t i = 0, used = 0;

	while (i < len) {
		size_t olen, c = 1, n = 1;
		char out[8];

		if (!printable_ascii((unsigned char)s[i]))
			n = one(s + i, len - i, out, &olen, &c);
		if (used + c > w)
			break;
		used += c;
		i += n;
	}
	*cols = used;
	return i;
}

int vis_plain(const char *s, size_t len)
{
	for (size_t i = 0, n, olen, c; i < len; i += n) {
		char out[8];

		n = one(s + i, len - i, out, &olen, &c);
		if (olen != n || memcmp(out, s + i, n))
			return 0;
	}
	return 1;
}

size_t vis_width(const char *s, size_t len)
{
	size_t cols;

	scan(s, len, SIZE_MAX, &cols);
	return cols;
}

size_t vis_fit(const char *s, size_t len, size_t w)
{
	size_t cols;

	return scan(s, len, w, &cols);
}

static void pad(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

/* A %s or %c: the argument shown, padded to `width` columns. */
static void add_text(struct buf *b, const char *s, size_t len, int left,
		     size_t width)
{
	size_t cols = vis_width(s, len);

	if (!left && width > cols)
		pad(b, width - cols);
	buf_addvis(b, s, len);
	if (left && width > cols)
		pad(b, width - cols);
}

/*
 * Every other conversion goes to printf as one spec rebuilt from the
 * checked format (the compiler saw buf_addvisf's format attribute), so
 * the format here is not a literal.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/*
 * One conversion at fmt (just past the '%'), its arguments taken from
 * *ap; returns where the format goes on.
 */
static const char *conversion(struct buf *b, const char *fmt, va_list *ap)
{
	char spec[40], flags[8], len_mod[3] = "";
	int width = -1, prec = -1, left = 0;
	size_t nf = 0, nl = 0, n;
	char conv;

	while (*fmt && strchr("-+ #0", *fmt) && nf < sizeof(flags) - 1) {
		left |= *fmt == '-';
		flags[nf++] = *fmt++;
	}
	flags[nf] = '\0';
	if (*fmt == '*') {
		width = va_arg(*ap, int);
		fmt++;
		if (width < 0) {
			left = 1;
			width = -width;
		}
	} else if (*fmt >= '0' && *fmt <= '9')
		for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			prec = va_arg(*ap, int);
			fmt++;
		} else
			for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
	}
	while (*fmt && strchr("hlLzjt", *fmt) && nl < 2)
		len_mod[nl++] = *fmt++;
	len_mod[nl] = '\0';
	conv = *fmt ? *fmt++ : '%';
	if (conv == 's' || conv == 'c') {
		char ch;
		const char *s = &ch;

		n = 1;
		if (conv == 'c')
			ch = (char)va_arg(*ap, int);
		else if (!(s = va_arg(*ap, const char *)))
			s = "(null)";
		if (conv == 's')
			n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
		add_text(b, s, n, left, width > 0 ? (size_t)width : 0);
		return fmt;
	}
	if (conv == '%') {
		buf_addc(b, '%');
		return fmt;
	}
	n = (size_t)snprintf(spec, sizeof(spec), "%%%s", flags);
	if (width > 0)
		n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%d", width);
	if (prec >= 0)
		n += (size_t)snprintf(spec + n, sizeof(spec) - n, ".%d", prec);
	snprintf(spec + n, sizeof(spec) - n, "%s%c", len_mod, conv);
	if (strchr("diouxX", conv)) {
		int sign = conv == 'd' || conv == 'i';

		if (!strcmp(len_mod, "ll"))
			sign ? buf_addf(b, spec, va_arg(*ap, long long)) :
			       buf_addf(b, spec, va_arg(*ap, unsigned long long));
		else if (!strcmp(len_mod, "l"))
			sign ? buf_addf(b, spec, va_arg(*ap, long)) :
			       buf_addf(b, spec, va_arg(*ap, unsigned long));
		else if (!strcmp(len_mod, "z"))
			sign ? buf_addf(b, spec, va_arg(*ap, ssize_t)) :
			       buf_addf(b, spec, va_arg(*ap, size_t));
		else if (!strcmp(len_mod, "j"))
			sign ? buf_addf(b, spec, va_arg(*ap, intmax_t)) :
			       buf_addf(b, spec, va_arg(*ap, uintmax_t));
		else if (!strcmp(len_mod, "t"))
			buf_addf(b, spec, va_arg(*ap, ptrdiff_t));
		else	/* int, and the char and short that became int */
			sign ? buf_addf(b, spec, va_arg(*ap, int)) :
			       buf_addf(b, spec, va_arg(*ap, unsigned));
	} else if (strchr("eEfFgGaA", conv)) {
		if (!strcmp(len_mod, "L"))
			buf_addf(b, spec, va_arg(*ap, long double));
		else
			buf_addf(b, spec, va_arg(*ap, double));
	} else if (conv == 'p')
		buf_addf(b, spec, va_arg(*ap, void *));
	return fmt;
}

#pragma GCC diagnostic pop

void buf_vaddvisf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;

	va_copy(cp, ap);	/* by address: a va_list may be an array */
	while (*fmt) {
		const char *pct = strchr(fmt, '%');

		if (!pct) {
			buf_adds(b, fmt);
			break;
		}
		buf_add(b, fmt, (size_t)(pct - fmt));
		fmt = conversion(b, pct + 1, &cp);
	}
	va_end(cp);
	buf_grow(b, 0);
	b->p[b->len] = '\0';
}

void buf_addvisf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddvisf(b, fmt, ap);
	va_end(ap);
}

int vis_fprintf(FILE *to, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	int n;

	va_start(ap, fmt);
	buf_vaddvisf(&b, fmt, ap);
	va_end(ap);
	n = fwrite(b.p, 1, b.len, to) == b.len ? (int)b.len : -1;
	buf_release(&b);
	return n;
}
