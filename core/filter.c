/*
 * filter.c - the filter grammar (see filter.h): parsed once against the
 * schema, matched per row of a loaded table.
 */
#include "filter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "field.h"
#include "store.h"
#include "suggest.h"
#include "table.h"
#include "util.h"

enum kind {
	T_EQ,		/* FIELD:A or FIELD:A,B */
	T_CMP,		/* FIELD:>N ... */
	T_EMPTY,	/* FIELD: */
	T_LABEL,	/* +LABEL, -LABEL */
	T_TEXT,		/* /TEXT/ */
	T_SPRINT,	/* sprint:NAME */
	T_UNDER		/* under:ID */
};

struct filter_term {
	enum kind kind;
	int neg;		/* -LABEL */
	const char *col;	/* the column read (a field's name) */
	int is_num, is_date;
	char op[3];		/* "<", "<=", ">", ">=" */
	double num;		/* T_CMP on a number */
	char *text;		/* T_CMP date, T_LABEL, T_TEXT, T_SPRINT,
				   T_UNDER: the operand */
	char **vals;		/* T_EQ: the values (text) */
	double *nums;		/* T_EQ: the values (numbers) */
	size_t nvals;
	struct idset set;	/* T_SPRINT, T_UNDER: the ids */
};

int filter_is_term(const char *arg)
{
	return arg[0] == '-' && isalpha((unsigned char)arg[1]) && arg[2] &&
	       !strchr(arg, '=');
}

/* Dates a filter compares: days and times, as YYYY-MM-DD... text. */
static int is_date_field(const struct field *f)
{
	return (f->flags & (FIELD_TIME | FIELD_DATE)) != 0;
}

/*
 * A date operand: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], today, yesterday,
 * tomorrow, or +Nd / -Nd / +Nw / -Nw from today. Written into out as the
 * text a stored value is compared with (a date, or a date and time).
 */
static int date_operand(const char *s, char out[20], char *err)
{
	long day;
	int rc;

	if (strlen(s) >= 16 && s[10] == 'T' && s[13] == ':') {
		if (date_relative(s, 10, &day, err) || strlen(s) > 19)
			return -1;
		memcpy(out, s, strlen(s) + 1);
		return 0;
	}
	if ((rc = date_relative(s, strlen(s), &day, err)))
		return rc == -1 ? -1 : -2;
	date_format(day, out);
	return 0;
}

static const char *const specials[] = { "sprint", "under" };

/* An unknown field in a term, with the closest name if there is one. */
static int unknown_field(const struct schema *s, const char *term,
			 const char *name, size_t len, char *err)
{
	const char **names = xcalloc(s->n + ARRAY_SIZE(specials) + 1,
				     sizeof(*names));
	const char *near;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		names[n++] = s->v[i].name;
	for (size_t i = 0; i < ARRAY_SIZE(specials); i++)
		names[n++] = specials[i];
	near = suggest(name, len, names, n);
	free(names);
	if (near)
		return errf(err, PRIO_EINVAL, "filter '%s': unknown field "
			    "'%.*s'; did you mean '%s'?", term, (int)len, name,
			    near);
	return errf(err, PRIO_EINVAL, "filter '%s': unknown field '%.*s'",
		    term, (int)len, name);
}

/* Checks an enum value (type, status, values =) and keeps it as given. */
static int check_value(const struct field *f, const char *term,
		       const char *v, size_t len, char *err)
{
	const char *near;

	if (!f->nvalues)
		return 0;
	for (size_t i = 0; i < f->nvalues; i++)
		if (strlen(f->values[i]) == len &&
		    !strncasecmp(f->values[i], v, len))
			return 0;
	near = suggest(v, len, (const char *const *)f->values, f->nvalues);
	return errf(err, PRIO_EINVAL, "filter '%s': '%.*s' is not a %s%s%s%s",
		    term, (int)len, v, f->name, near ? "; did you mean '" : "",
		    near ? near : "", near ? "'?" : "");
}

static int parse_field_term(struct filter_term *ft, const struct schema *s,
			    const char *term, const char *colon, char *err)
{
	const char *name = term, *v = colon + 1;
	size_t nlen = (size_t)(colon - term);
	const struct field *f;

	if (nlen == 6 && !strncmp(name, "sprint", 6)) {
		if (!*v)
			return errf(err, PRIO_EINVAL, "filter '%s': sprint: needs "
				    "a sprint's name, or open", term);
		ft->kind = T_SPRINT;
		ft->text = xstrdup(v);
		return 0;
	}
	if (nlen == 5 && !strncmp(name, "under", 5)) {
		if (!*v)
			return errf(err, PRIO_EINVAL, "filter '%s': under: needs "
				    "an item's id or key", term);
		ft->kind = T_UNDER;
		ft->text = xstrdup(v);
		ft->col = "parent";
		return 0;
	}
	if (!(f = schema_find(s, name, nlen)))
		return unknown_field(s, term, name, nlen, err);
	ft->col = f->name;
	ft->is_num = f->type == PRIO_TYPE_NUMBER;
	ft->is_date = is_date_field(f);
	if (!*v) {
		ft->kind = T_EMPTY;
		return 0;
	}
	if (*v == '<' || *v == '>') {
		size_t ol = 1 + (v[1] == '=');
		char d[20];
		int rc;

		memcpy(ft->op, v, ol);
		ft->op[ol] = 0;
		v += ol;
		ft->kind = T_CMP;
		if (ft->is_num) {
			if (!*v || num_parse(v, strlen(v), &ft->num) < 0)
				return errf(err, PRIO_EINVAL, "filter '%s': '%s' "
					    "is not a number", term, v);
			return 0;
		}
		if (!ft->is_date)
			return errf(err, PRIO_EINVAL, "filter '%s': %s is text: "
				    "only numbers and dates compare with %s",
				    term, f->name, ft->op);
		if ((rc = date_operand(v, d, err)) == -2)
			return PRIO_EINVAL;
		if (rc < 0)
			return errf(err, PRIO_EINVAL, "filter '%s': '%s' is not "
				    "a date (YYYY-MM-DD, today, yesterday, "
				    "tomorrow, +3d, -2w)", term, v);
		ft->text = xstrdup(d);
		return 0;
	}
	ft->kind = T_EQ;
	for (const char *p = v; ; ) {
		size_t len = strcspn(p, ",");
		const char *b = p;
		size_t bl = len;

		blank_trim(&b, &bl);
		if (!bl)
			return errf(err, PRIO_EINVAL, "filter '%s': an empty "
				    "value in a list", term);
		ft->vals = xrealloc(ft->vals, (ft->nvals + 1) * sizeof(char *));
		ft->nums = xrealloc(ft->nums, (ft->nvals + 1) * sizeof(double));
		ft->vals[ft->nvals] = xstrndup(b, bl);
		ft->nums[ft->nvals] = 0;
		ft->nvals++;
		if (ft->is_num &&
		    num_parse(b, bl, &ft->nums[ft->nvals - 1]) < 0)
			return errf(err, PRIO_EINVAL, "filter '%s': '%.*s' is "
				    "not a number", term, (int)bl, b);
		if (check_value(f, term, b, bl, err))
			return PRIO_EINVAL;
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}

static int parse_term(struct filter *f, const struct schema *s,
		      const char *term, char *err)
{
	struct filter_term ft = {0};
	size_t len = strlen(term);
	const char *colon = strchr(term, ':');
	int rc = 0;

	if (len >= 2 && term[0] == '/' && term[len - 1] == '/') {
		if (len == 2)
			return errf(err, PRIO_EINVAL, "filter '%s': no text "
				    "between the slashes", term);
		ft.kind = T_TEXT;
		ft.text = xstrndup(term + 1, len - 2);
	} else if (term[0] == '/') {
		return errf(err, PRIO_EINVAL, "filter '%s': a text search is "
			    "/TEXT/, with a closing slash", term);
	} else if (term[0] == '+' || term[0] == '-') {
		if (len < 2 || strchr(term, ','))
			return errf(err, PRIO_EINVAL, "filter '%s': expected "
				    "+LABEL or -LABEL", term);
		ft.kind = T_LABEL;
		ft.neg = term[0] == '-';
		ft.text = xstrdup(term + 1);
		ft.col = "labels";
	} else if (colon && colon > term && name_valid(term,
							(size_t)(colon - term))) {
		rc = parse_field_term(&ft, s, term, colon, err);
	} else if (!*term || strchr(term, ' ') || colon) {
		return errf(err, PRIO_EINVAL, "filter '%s': expected FIELD:VALUE, "
			    "+LABEL, -LABEL, /TEXT/, or an item's id or key",
			    term);
	} else {
		f->refs = xrealloc(f->refs, (f->nrefs + 1) * sizeof(char *));
		f->refs[f->nrefs++] = xstrdup(term);
		f->active = 1;
		return 0;
	}
	f->v = xrealloc(f->v, (f->n + 1) * sizeof(*f->v));
	f->v[f->n++] = ft;	/* kept even on error: filter_release frees it */
	f->active = 1;
	return rc;
}

int filter_parse(struct filter *f, const struct schema *s, char *const *terms,
		 size_t n, char *err)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < n; i++) {
		int rc = parse_term(f, s, terms[i], err);

		if (rc) {
			filter_release(f);
			return rc;
		}
	}
	return 0;
}

void filter_want(const struct filter *f, struct table *t)
{
	int id = table_find(t, "id", 2);

	if (id >= 0)
		t->cols[id].wanted = 1;
	for (size_t i = 0; i < f->n; i++) {
		const struct filter_term *ft = &f->v[i];
		const char *cols[2] = { ft->col, NULL };
		int c;

		if (ft->kind == T_TEXT)
			cols[0] = "title", cols[1] = "story";
		for (int k = 0; k < 2; k++)
			if (cols[k] && (c = table_find(t, cols[k],
						       strlen(cols[k]))) >= 0)
				t->cols[c].wanted = 1;
	}
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static int in_set(const struct idset *set, size_t n, long long id)
{
	return n && bsearch(&id, set->v, n, sizeof(*set->v), cmp_ll) != NULL;
}

static void set_add(struct idset *set, long long id)
{
	GROW(set->v, set->n + 1, set->cap);
	set->v[set->n++] = id;
}

static void set_sort(struct idset *set)
{
	if (set->n)
		qsort(set->v, set->n, sizeof(*set->v), cmp_ll);
}

static void set_release(struct idset *set)
{
	free(set->v);
	memset(set, 0, sizeof(*set));
}

static int sprint_item(void *arg, const struct sprint_item *it)
{
	/* In it now, or there at its close: not taken out by hand. */
	if (!it->removed || it->outcome)
		set_add(arg, it->item);
	return 0;
}

static int lookup(struct store *s, const char *ref, long long *id, char *err)
{
	int rc = store_lookup(s, ref, strlen(ref), id, err);

	if (rc < 0)
		return rc;
	if (!rc)
		return errf(err, PRIO_EINVAL, "filter: no item '%s'", ref);
	return 0;
}

/* The descendants of root: rows whose parent chain reaches it. */
static void descendants(struct idset *set, struct table *t, long long root)
{
	int pc = table_find(t, "parent", 6), ic = table_find(t, "id", 2);
	const double *par = pc >= 0 ? table_numbers(t, pc) : NULL;
	const double *ids = table_numbers(t, ic);
	size_t before;

	set_add(set, root);
	do {	/* one more generation a pass, until none is added */
		before = set->n;
		set_sort(set);
		for (size_t r = 0; par && r < t->nrows; r++) {
			long long id = (long long)ids[r];

			if (par[r] == par[r] && !in_set(set, before, id) &&
			    in_set(set, before, (long long)par[r]))
				set_add(set, id);
		}
	} while (set->n != before);
	/* The root itself is not under itself. */
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i] == root) {
			memmove(&set->v[i], &set->v[i + 1],
				(set->n - i - 1) * sizeof(*set->v));
			set->n--;
			break;
		}
}

int filter_prepare(struct filter *f, struct store *s, struct table *t,
		   char *err)
{
	int rc;

	set_release(&f->ids);
	for (size_t i = 0; i < f->nrefs; i++) {
		long long id;

		if ((rc = lookup(s, f->refs[i], &id, err)))
			return rc;
		set_add(&f->ids, id);
	}
	set_sort(&f->ids);
	for (size_t i = 0; i < f->n; i++) {
		struct filter_term *ft = &f->v[i];

		set_release(&ft->set);
		if (ft->kind == T_SPRINT) {
			struct sprint sp;
			int open = !strcmp(ft->text, "open");

			rc = store_sprint_find(s, open ? NULL : ft->text, &sp, err);
			if (rc < 0)
				return rc;
			if (!rc)
				return errf(err, PRIO_EINVAL, "filter 'sprint:%s': "
					    "%s", ft->text, open ? "no sprint "
					    "is open" : "no such sprint");
			if ((rc = store_sprint_items(s, sp.id, sprint_item,
						     &ft->set, err)))
				return rc;
		} else if (ft->kind == T_UNDER) {
			long long root;

			if ((rc = lookup(s, ft->text, &root, err)))
				return rc;
			descendants(&ft->set, t, root);
		}
		set_sort(&ft->set);
	}
	return 0;
}

/* Does s[0..len) contain needle, ignoring ASCII case? */
static int contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (!strncasecmp(s + i, needle, n))
			return 1;
	return 0;
}

/* Does the comma-separated list s[0..len) hold label (ignoring case)? */
static int has_label(const char *s, size_t len, const char *label)
{
	size_t n = strlen(label);

	while (len) {
		size_t k = 0;
		const char *b;
		size_t bl;

		while (k < len && s[k] != ',')
			k++;
		b = s, bl = k;
		blank_trim(&b, &bl);
		if (bl == n && !strncasecmp(b, label, n))
			return 1;
		s += k + (k < len);
		len -= k + (k < len);
	}
	return 0;
}

static int compare(const char *op, int c)
{
	if (op[0] == '<')
		return op[1] ? c <= 0 : c < 0;
	return op[1] ? c >= 0 : c > 0;
}

static int term_match(const struct filter_term *ft, struct table *t,
		      size_t r, long long id)
{
	char buf[32];
	size_t len = 0;
	const char *v = NULL;
	int col = ft->col ? table_find(t, ft->col, strlen(ft->col)) : -1;

	if (ft->kind == T_SPRINT || ft->kind == T_UNDER)
		return in_set(&ft->set, ft->set.n, id);
	if (ft->kind == T_TEXT) {
		static const char *const cols[] = { "title", "story" };

		for (size_t k = 0; k < ARRAY_SIZE(cols); k++) {
			int c = table_find(t, cols[k], strlen(cols[k]));

			if (c >= 0 && (v = table_text(t, c, r, buf, &len)) &&
			    contains(v, len, ft->text))
				return 1;
		}
		return 0;
	}
	if (col >= 0)
		v = table_text(t, col, r, buf, &len);
	if (v && !len)
		v = NULL;
	switch (ft->kind) {
	case T_EMPTY:
		return !v;
	case T_LABEL:
		return (v && has_label(v, len, ft->text)) != ft->neg;
	case T_CMP:
		if (!v)
			return 0;
		if (ft->is_num) {
			double x = table_numbers(t, col)[r];

			return x == x && compare(ft->op, (x > ft->num) -
							 (x < ft->num));
		} else {
			size_t n = strlen(ft->text);
			int c = strncmp(v, ft->text, len < n ? len : n);

			if (!c && len < n)
				c = -1;
			return compare(ft->op, c);
		}
	case T_EQ:
		if (!v)
			return 0;
		for (size_t k = 0; k < ft->nvals; k++) {
			if (ft->is_num) {
				if (table_numbers(t, col)[r] ==
				    ft->nums[k])
					return 1;
			} else if (strlen(ft->vals[k]) == len &&
				   !strncasecmp(v, ft->vals[k], len)) {
				return 1;
			}
		}
		return 0;
	default:
		return 0;
	}
}

int filter_reads(const struct filter *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].col && !strcmp(f->v[i].col, name))
			return 1;
	return 0;
}

int filter_match(const struct filter *f, struct table *t, size_t r)
{
	int ic = table_find(t, "id", 2);
	long long id = ic >= 0 ? (long long)table_numbers(t, ic)[r] : 0;

	if (!f->active)
		return 1;
	if (f->nrefs && !in_set(&f->ids, f->ids.n, id))
		return 0;
	for (size_t i = 0; i < f->n; i++)
		if (!term_match(&f->v[i], t, r, id))
			return 0;
	return 1;
}

void filter_release(struct filter *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct filter_term *ft = &f->v[i];

		for (size_t k = 0; k < ft->nvals; k++)
			free(ft->vals[k]);
		free(ft->vals);
		free(ft->nums);
		free(ft->text);
		set_release(&ft->set);
	}
	free(f->v);
	for (size_t i = 0; i < f->nrefs; i++)
		free(f->refs[i]);
	free(f->refs);
	set_release(&f->ids);
	memset(f, 0, sizeof(*f));
}
