/*
 * fmt_out.h - the output buffer the format plugins' exporters share.
 *
 * Shared as source, not linked: every plugin is a .so of its own that
 * links nothing from the core, so each one that includes this file gets
 * its own static copy. Not a plugin itself (plugins are the .c files).
 *
 * Appends do not report errors one by one: the first failure (memory, or
 * the host's write) sticks in `rc`, later appends do nothing, and
 * ob_finish returns it. An exporter appends a row, calls ob_spill, which
 * hands the bytes to the host once there are enough of them, and checks
 * ob.rc only where it wants to stop early.
 */
#ifndef FMT_OUT_H
#define FMT_OUT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/format.h>

#define FMT_UNUSED __attribute__((unused))

struct obuf {
	char *p;
	size_t len, cap;
	int rc;				/* 0, or the first error */
	const struct prio_host *host;
	struct prio_out *out;
};

FMT_UNUSED static void ob_init(struct obuf *b, const struct prio_host *host,
			       struct prio_out *out)
{
	memset(b, 0, sizeof(*b));
	b->host = host;
	b->out = out;
}

FMT_UNUSED static int ob_reserve(struct obuf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->rc)
		return b->rc;
	if (b->len + more <= b->cap)
		return 0;
	for (cap = b->cap ? b->cap * 2 : 1 << 16; cap < b->len + more; cap *= 2)
		;
	if (!(p = realloc(b->p, cap)))
		return b->rc = PRIO_ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

FMT_UNUSED static void ob_add(struct obuf *b, const void *s, size_t len)
{
	if (!len || ob_reserve(b, len))
		return;
	memcpy(b->p + b->len, s, len);
	b->len += len;
}

FMT_UNUSED static void ob_adds(struct obuf *b, const char *s)
{
	ob_add(b, s, strlen(s));
}

FMT_UNUSED static void ob_addc(struct obuf *b, char c)
{
	if (!ob_reserve(b, 1))
		b->p[b->len++] = c;
}

__attribute__((format(printf, 2, 3)))
FMT_UNUSED static void ob_addf(struct obuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ob_reserve(b, 128))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->rc = PRIO_EINTERNAL;
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		if (ob_reserve(b, (size_t)n + 1))
			return;
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* Hands what is buffered to the host once it is worth a write. */
FMT_UNUSED static void ob_spill(struct obuf *b)
{
	if (!b->rc && b->len >= 1 << 16) {
		b->rc = b->host->write(b->out, b->p, b->len);
		b->len = 0;
	}
}

/* Writes the rest, frees the buffer, returns the first error or 0. */
FMT_UNUSED static int ob_finish(struct obuf *b)
{
	int rc = b->rc;

	if (!rc && b->len)
		rc = b->host->write(b->out, b->p, b->len);
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	return rc;
}

/* ASCII case-insensitive equality of s (len bytes) and the string t. */
FMT_UNUSED static int fmt_name_eq(const char *s, size_t len, const char *t)
{
	size_t i;

	for (i = 0; i < len && t[i]; i++) {
		unsigned char a = (unsigned char)s[i], c = (unsigned char)t[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (a != c)
			return 0;
	}
	return i == len && !t[i];
}

/* Trims blanks (spaces, tabs) at both ends of s, len bytes. */
FMT_UNUSED static void fmt_trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t'))
		++*s, --*len;
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		--*len;
}

/*
 * The export set's handle for a field, or -1: exporters find rank, score,
 * class and unscored (and the fields they treat specially) by name.
 */
FMT_UNUSED static int fmt_find(const struct prio_host *host,
			       const struct prio_items *items, const char *name)
{
	int nf = host->field_count(items);

	for (int f = 0; f < nf; f++)
		if (!strcmp(host->field_name(items, f), name))
			return f;
	return -1;
}

/* Appends the names of "a, b, c" to *v (n of them); blanks are dropped. */
static FMT_UNUSED int fmt_split(const char *s, char ***v, size_t *n)
{
	for (;;) {
		const char *comma = strchr(s, ',');
		const char *name = s;
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		fmt_trim(&name, &len);
		if (len) {
			char **nv = realloc(*v, (*n + 1) * sizeof(*nv));
			if (!nv)
				return PRIO_ENOMEM;
			*v = nv;
			if (!(nv[*n] = strndup(name, len)))
				return PRIO_ENOMEM;
			++*n;
		}
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

/*
 * A report's "fields = a, b, c" setting: the names as written, and where
 * they were set, for the message when one of them is not a field of the
 * set being exported (only known then).
 */
struct fmt_fields {
	char **name;
	size_t n;
	int set;		/* the key was given, even empty */
	char where[256];	/* "FILE:LINE: [format.NAME] fields" */
};

static FMT_UNUSED void fmt_fields_release(struct fmt_fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->name[i]);
	free(f->name);
	memset(f, 0, sizeof(*f));
}

/* Reads sec's "fields" into f (zeroed by the caller). */
static FMT_UNUSED int fmt_fields_read(const struct prio_host *host,
				      const struct prio_section *sec,
				      struct fmt_fields *f)
{
	struct prio_origin o;
	const char *v = host->get(sec, "fields", &o);

	if (!v)
		return 0;
	if (o.file && o.line)
		snprintf(f->where, sizeof(f->where), "%s:%d: [format.%s] fields",
			 o.file, o.line, host->section_name(sec));
	else
		snprintf(f->where, sizeof(f->where), "[format.%s] fields",
			 host->section_name(sec));
	f->set = 1;
	return fmt_split(v, &f->name, &f->n);
}

/* The handle of f's field k in items, or an error saying where it was set. */
static FMT_UNUSED int fmt_fields_find(const struct prio_host *host,
				      const struct prio_items *items,
				      const struct fmt_fields *f, size_t k,
				      char *err)
{
	int h = fmt_find(host, items, f->name[k]);

	if (h >= 0)
		return h;
	snprintf(err, PRIO_ERR_MAX, "%s: unknown field '%s'", f->where,
		 f->name[k]);
	return PRIO_EINVAL;
}

#endif /* FMT_OUT_H */
