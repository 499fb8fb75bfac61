/*
 * mapping.c - map.COLUMN = field and ignore = ... of a [format.NAME]
 * section: read once per format instance, used by the import sink and
 * by exports (see mapping.h).
 */
#include "mapping.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "field.h"
#include "config.h"
#include "table.h"
#include "util.h"

/* What reading a section needs at hand, for the callback of host->each. */
struct reading {
	struct mapping *m;
	const struct prio_section *sec;
	char *err;
};

void mapping_release(struct mapping *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].from);
		free(m->v[i].to);
		free(m->v[i].key);
	}
	free(m->v);
	for (size_t i = 0; i < m->nvals; i++) {
		free(m->vals[i].field);
		free(m->vals[i].from);
		free(m->vals[i].to);
		free(m->vals[i].key);
	}
	free(m->vals);
	free(m->date_format);
	memset(m, 0, sizeof(*m));
}

size_t mapping_fold(const char *name, size_t len, char *out, size_t size)
{
	size_t n = 0;
	int gap = 0;

	blank_trim(&name, &len);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == ' ' || c == '\t' || c == '_' || c == '-') {
			gap = n > 0;
			continue;
		}
		if (n + gap + 1 >= size)
			return 0;
		if (gap)
			out[n++] = '_';
		gap = 0;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[n] = '\0';
	return n;
}

const struct mapping_entry *mapping_find(const struct mapping *m,
					 const char *name, size_t len)
{
	blank_trim(&name, &len);
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->v[i].from) == len &&
		    !memcmp(name, m->v[i].from, len))
			return &m->v[i];
	return NULL;
}

const struct mapping_entry *mapping_find_folded(const struct mapping *m,
						const char *name, size_t len)
{
	char a[MAPPING_NAME_MAX], b[MAPPING_NAME_MAX];
	size_t alen = m->n ? mapping_fold(name, len, a, sizeof(a)) : 0;

	for (size_t i = 0; i < m->n && alen; i++)
		if (mapping_fold(m->v[i].from, strlen(m->v[i].from), b,
				 sizeof(b)) == alen && !memcmp(a, b, alen))
			return &m->v[i];
	return NULL;
}

const char *mapping_reverse(const struct mapping *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].to && !strcmp(m->v[i].to, name))
			return m->v[i].from;
	return NULL;
}

/* Column `from` (flen bytes) goes to field `to`, or is ignored (NULL). */
static int add(struct reading *r, const char *key, const char *from,
	       size_t flen, const char *to, size_t tlen)
{
	const struct mapping_entry *dup;
	struct mapping *m = r->m;
	struct mapping_entry *e;

	blank_trim(&from, &flen);
	if (!flen)
		return section_bad_value(r->sec, key, r->err,
					       "an empty column name");
	if ((dup = mapping_find(m, from, flen))) {
		if (!dup->to && !to)
			return 0;	/* ignored twice: no harm */
		return section_bad_value(r->sec, key, r->err,
					       "column '%.*s' also appears in "
					       "%s", (int)flen, from, dup->key);
	}
	GROW(m->v, m->n + 1, m->cap);
	e = &m->v[m->n++];
	e->from = xstrndup(from, flen);
	e->to = to ? xstrndup(to, tlen) : NULL;
	e->key = xstrdup(key);
	return 0;
}

static int map_key(void *arg, const char *key, const char *value,
		   const struct prio_origin *where)
{
	struct reading *r = arg;
	const char *from = key + strlen("map.");
	const char *to = value;
	size_t tlen = strlen(value);

	(void)where;
	blank_trim(&to, &tlen);
	if (tlen && !name_valid(to, tlen))
		return section_bad_value(r->sec, key, r->err,
					       "expected a field name (a-z, "
					       "0-9, _), or nothing to ignore "
					       "the column");
	return add(r, key, from, strlen(from), tlen ? to : NULL, tlen);
}

const char *mapping_value(const struct mapping *m, const char *field,
			  const char *val, size_t len)
{
	const struct mapping_value *v = m->vals, *end = v + m->nvals;

	if (!m->nvals)
		return NULL;
	blank_trim(&val, &len);
	for (; v < end; v++)
		if (!strcmp(v->field, field) && strlen(v->from) == len &&
		    !memcmp(v->from, val, len))
			return v->to;
	for (v = m->vals; v < end; v++)
		if (!strcmp(v->field, field) && strlen(v->from) == len &&
		    !strncasecmp(v->from, val, len))
			return v->to;
	return NULL;
}

/* value.FIELD.VALUE = value */
static int value_key(void *arg, const char *key, const char *value,
		     const struct prio_origin *where)
{
	struct reading *r = arg;
	struct mapping *m = r->m;
	const char *field = key + strlen("value."), *dot = strchr(field, '.');
	const char *from = dot ? dot + 1 : NULL, *to = value;
	size_t flen = from ? strlen(from) : 0, tlen = strlen(value);
	struct mapping_value *v;

	(void)where;
	if (!dot || !name_valid(field, (size_t)(dot - field)))
		return section_bad_value(r->sec, key, r->err,
					       "expected value.FIELD.VALUE, "
					       "like value.moscow.Must");
	blank_trim(&from, &flen);
	blank_trim(&to, &tlen);
	if (!flen || !tlen)
		return section_bad_value(r->sec, key, r->err,
					       "expected a value on both sides, "
					       "like value.moscow.Must = must");
	GROW(m->vals, m->nvals + 1, m->vcap);
	v = &m->vals[m->nvals++];
	v->field = xstrndup(field, (size_t)(dot - field));
	v->from = xstrndup(from, flen);
	v->to = xstrndup(to, tlen);
	v->key = xstrdup(key);
	return 0;
}

int mapping_read(struct mapping *m, const struct prio_section *sec,
		 char *err)
{
	struct reading r = { .m = m, .sec = sec, .err = err };
	const char *s;
	int rc;

	/*
	 * Through the host's own get and each, so that the keys count as
	 * asked for: config_unused must not call them unknown afterwards.
	 */
	if ((rc = section_each(sec, "map.", map_key, &r)) ||
	    (rc = section_each(sec, "value.", value_key, &r)))
		goto fail;
	if ((s = section_get(sec, "date_format", NULL))) {
		if (!*s || !strchr(s, '%')) {
			rc = section_bad_value(sec, "date_format", err,
						     "expected a strptime(3) "
						     "format, like %%d/%%m/%%Y");
			goto fail;
		}
		m->date_format = xstrdup(s);
	}
	if ((s = section_get(sec, "ignore", NULL)))
		for (;;) {
			const char *comma = strchr(s, ',');
			size_t len = comma ? (size_t)(comma - s) : strlen(s);
			const char *name = s;

			blank_trim(&name, &len);
			if (len && (rc = add(&r, "ignore", name, len, NULL, 0)))
				goto fail;
			if (!comma)
				break;
			s = comma + 1;
		}
	return 0;
fail:
	mapping_release(m);
	return rc;
}

int mapping_check(const struct mapping *m, const struct prio_section *sec,
		  const struct table *t, char *err)
{
	for (size_t i = 0; i < m->n; i++) {
		const char *to = m->v[i].to;

		if (!to || table_find(t, to, strlen(to)) >= 0 ||
		    field_is_computed(to, strlen(to)))
			continue;
		return section_bad_value(sec, m->v[i].key, err,
					       "unknown field (declare it in "
					       "a [field.%s] section)", to);
	}
	for (size_t i = 0; i < m->nvals; i++)
		if (table_find(t, m->vals[i].field,
			       strlen(m->vals[i].field)) < 0)
			return section_bad_value(sec, m->vals[i].key, err,
						       "unknown field '%s'",
						       m->vals[i].field);
	return 0;
}

int mapping_visible(const struct mapping *m, const struct prio_items *v,
		    int *vis)
{
	int n = 0;

	for (int f = 0; f < v->nvis; f++) {
		const char *name = v->t->cols[v->vis[f]].name;
		const struct mapping_entry *e =
			mapping_find(m, name, strlen(name));
		int shadowed = 0;

		for (int g = 0; g < v->nvis && e && e->to && !shadowed; g++)
			shadowed = g != f &&
				   !strcmp(v->t->cols[v->vis[g]].name, e->to);
		if (!shadowed)
			vis[n++] = v->vis[f];
	}
	return n;
}

const char **mapping_columns(const struct mapping *m,
			     const struct prio_items *v)
{
	const char **col;
	int any = 0;

	if (!m->n || !v->nvis)
		return NULL;
	col = xcalloc((size_t)v->nvis, sizeof(*col));
	for (int f = 0; f < v->nvis; f++)
		any |= !!(col[f] = mapping_reverse(m,
				v->t->cols[v->vis[f]].name));
	if (!any) {
		free(col);
		return NULL;
	}
	for (int f = 0; f < v->nvis; f++) {
		if (!col[f])
			continue;
		for (int g = 0; g < v->nvis && col[f]; g++)
			if (g != f && (!strcmp(v->t->cols[v->vis[g]].name,
					       col[f]) ||
				       (g < f && col[g] &&
					!strcmp(col[g], col[f]))))
				col[f] = NULL;
	}
	return col;
}
