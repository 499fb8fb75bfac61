/*
 * prio/method-util.h - the boring parts of a method plugin, written once:
 * the host (PRIO_HOST_INIT), resolving a configured field to a handle
 * with a message that names the file and line, the reason an input is
 * unusable, LO..HI bounds, lists of allowed numbers, and writing an
 * explanation. Include it once, in the file that defines the plugin
 * (these are static inline functions, not a library: each plugin is its
 * own .so with its own `host`). Every method shipped with prio uses it.
 */
#ifndef PRIO_METHOD_UTIL_H
#define PRIO_METHOD_UTIL_H

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prio/method.h>

/* The host's services: `host`, kept by prio_host_keep. */
PRIO_HOST_INIT

/*
 * The field named `value` (def when it is NULL: not configured), resolved
 * to a handle; a configured name that does not resolve is the
 * configuration's fault, so the message names its file and line.
 */
static inline int method_resolve(const struct prio_section *sec,
				 const struct prio_items *items,
				 const char *key, const char *value,
				 const char *def, enum prio_type want, int *h,
				 char *err)
{
	char why[PRIO_ERR_MAX];
	size_t len;

	*h = host->field(items, value ? value : def, want, err);
	if (*h >= 0)
		return 0;
	if (value) {
		memcpy(why, err, PRIO_ERR_MAX);
		why[PRIO_ERR_MAX - 1] = '\0';
		return host->bad_value(sec, key, err, "%s", why);
	}
	len = strlen(err);
	snprintf(err + len, PRIO_ERR_MAX - len, " (%s names the field to use)",
		 key);
	return *h;
}

/* The number field that `key` names; its default: the key without "field.". */
static inline int method_field(const struct prio_section *sec,
			       const struct prio_items *items, const char *key,
			       int *h, char *err)
{
	return method_resolve(sec, items, key, host->get(sec, key, NULL),
			      key + strlen("field."), PRIO_TYPE_NUMBER, h, err);
}

/* Why a number input is unusable: missing, or present but not a number. */
static inline void method_unusable(const struct prio_items *items,
				   struct prio_result *res, size_t i,
				   int field)
{
	const char *name = host->field_name(items, field);
	size_t len;
	const char *v = host->text(items, field, i, &len);

	if (!v)
		host->unscored(res, i, "%s is missing", name);
	else
		host->unscored(res, i, "%s is not a number: '%.*s'", name,
			       len > 40 ? 40 : (int)len, v);
}

/*
 * "LO..HI" with LO < HI, blanks allowed around the numbers. The low end
 * is cut out first: strtod alone would read "1..10" as 1. and then .10.
 */
static inline int method_bounds(const char *s, double *lo, double *hi)
{
	const char *dots = strstr(s, "..");
	char low[64], *end;

	if (!dots || (size_t)(dots - s) >= sizeof(low))
		return -1;
	memcpy(low, s, (size_t)(dots - s));
	low[dots - s] = '\0';
	errno = 0;
	*lo = strtod(low, &end);
	if (end == low || end[strspn(end, " \t")])
		return -1;
	s = dots + 2;
	*hi = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || !isfinite(*lo) ||
	    !isfinite(*hi) || *lo >= *hi)
		return -1;
	return 0;
}

/* A list of allowed numbers, and how a reason shows it. */
#define METHOD_LIST_MAX 32

struct method_list {
	size_t n;
	double v[METHOD_LIST_MAX];
	char text[256];		/* "3, 2, 1, 0.5, 0.25" */
};

/*
 * Up to METHOD_LIST_MAX numbers from min to max, separated by commas,
 * bars or blanks; -1 if there are none or one is bad.
 */
static inline int method_list_parse(struct method_list *l, const char *s,
				    double min, double max)
{
	size_t used = 0;

	l->n = 0;
	for (;;) {
		char *end;
		double d;

		s += strspn(s, " \t,|");
		if (!*s)
			break;
		errno = 0;
		d = strtod(s, &end);
		/* strchr finds the NUL too: the end of the string is fine. */
		if (end == s || errno == ERANGE || !isfinite(d) || d < min ||
		    d > max || !strchr(" \t,|", *end) ||
		    l->n == METHOD_LIST_MAX)
			return -1;
		l->v[l->n++] = d;
		used += (size_t)snprintf(l->text + used, sizeof(l->text) - used,
					 "%s%g", used ? ", " : "", d);
		if (used >= sizeof(l->text))
			used = sizeof(l->text) - 1;
		s = end;
	}
	return l->n ? 0 : -1;
}

static inline int method_list_has(const struct method_list *l, double x)
{
	for (size_t k = 0; k < l->n; k++)
		if (x == l->v[k])
			return 1;
	return 0;
}

/*
 * For explain: printf-style text to out through host->write. Returns 0,
 * or PRIO_EIO / PRIO_ENOMEM with err filled.
 */
static inline int method_printf(struct prio_out *out, char *err,
				const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline int method_printf(struct prio_out *out, char *err,
				const char *fmt, ...)
{
	char small[512], *p = small;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		snprintf(err, PRIO_ERR_MAX, "cannot format the explanation");
		return PRIO_EINTERNAL;
	}
	if ((size_t)n >= sizeof(small)) {
		if (!(p = malloc((size_t)n + 1))) {
			snprintf(err, PRIO_ERR_MAX, "out of memory");
			return PRIO_ENOMEM;
		}
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rc = host->write(out, p, (size_t)n);
	if (p != small)
		free(p);
	if (rc)
		snprintf(err, PRIO_ERR_MAX, "cannot write the explanation");
	return rc;
}

#endif /* PRIO_METHOD_UTIL_H */
