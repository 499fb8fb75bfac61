/*
 * host.c - struct prio_host: what plugins may ask of the core.
 */
#include "host.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "field.h"
#include "suggest.h"
#include "visible.h"

static void host_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void host_log(int level, const char *fmt, ...)
{
	static const char *const names[] = { "error: ", "warning: ", "", "" };
	struct buf msg = {0}, b = {0};
	va_list ap;

	if (level >= PRIO_LOG_DEBUG && !getenv("PRIO_DEBUG"))
		return;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	/* A plugin's message may quote the data, or be a script's: shown. */
	buf_addf(&b, "prio: %s", names[level < 0 || level > 3 ? 0 : level]);
	buf_addvis(&b, msg.p, msg.len);
	buf_addc(&b, '\n');
	fputs(b.p, stderr);
	buf_release(&msg);
	buf_release(&b);
}

static const char *host_section_name(const struct prio_section *sec)
{
	const char *dot = strchr(sec->name, '.');
	return dot ? dot + 1 : sec->name;
}

static const struct prio_section *host_section(const struct prio_section *from,
					       const char *name)
{
	return config_section(from->cfg, name);
}

static int host_section_each(const struct prio_section *from,
			     const char *prefix,
			     int (*fn)(void *, const struct prio_section *),
			     void *arg)
{
	struct config *cfg = from->cfg;
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < cfg->n; i++) {
		const char *name = cfg->v[i].section;
		size_t j;
		int rc;

		if (strncmp(name, prefix, plen))
			continue;
		for (j = 0; j < i && strcmp(cfg->v[j].section, name); j++)
			;
		if (j < i)
			continue;	/* seen: once per section */
		if ((rc = fn(arg, config_section(cfg, name))))
			return rc;
	}
	return 0;
}

static int host_field(const struct prio_items *v, const char *name,
		      enum prio_type want, char *err)
{
	for (int h = 0; h < v->nvis; h++) {
		struct column *c = &v->t->cols[v->vis[h]];

		if (strcmp(c->name, name))
			continue;
		if (want == PRIO_TYPE_NUMBER && c->type == PRIO_TYPE_TEXT)
			return errf(err, PRIO_EINVAL,
				    "field '%s' is text, not a number", name);
		if (c->unread && v->t->raw_only)
			return errf(err, PRIO_EINTERNAL, "field '%s' was not "
				    "asked for in configure: its values were "
				    "not kept", name);
		c->wanted = 1;
		return h;
	}
	return errf(err, PRIO_EINVAL, "unknown field '%s'", name);
}

static size_t host_count(const struct prio_items *v)
{
	return v->count;
}

static const double *host_numbers(const struct prio_items *cv, int h)
{
	struct prio_items *v = (struct prio_items *)cv;
	const double *num;

	if (h < 0 || h >= v->nvis)
		return NULL;
	num = table_numbers(v->t, v->vis[h]);
	if (!v->order)
		return num;
	if (!v->perm)
		v->perm = xcalloc((size_t)v->nvis, sizeof(*v->perm));
	if (!v->perm[h]) {
		v->perm[h] = xmalloc(v->count * sizeof(double));
		for (size_t i = 0; i < v->count; i++)
			v->perm[h][i] = num[v->order[i]];
	}
	return v->perm[h];
}

/*
 * An exporter reads its items in output order and writes each as it goes,
 * so the furthest item read is the rows written, near enough for a
 * progress line, and plugins need do nothing for it.
 */
static void reached(const struct prio_items *v, size_t i)
{
	if (v->progress && i >= v->progress_at) {
		((struct prio_items *)v)->progress_at = i + 1;
		progress_tick(v->progress, i + 1, v->count);
	}
}

static const char *host_text(const struct prio_items *v, int h, size_t i,
			     size_t *len)
{
	/*
	 * A formatted number lives in one of four buffers (per thread), so
	 * that a plugin may hold a few at once: plugin.h promises exactly
	 * that much, no more.
	 */
	static __thread char buf[4][32];
	static __thread unsigned next;

	if (h < 0 || h >= v->nvis || i >= v->count) {
		*len = 0;
		return NULL;
	}
	reached(v, i);
	return view_text(v, h, i, buf[next++ & 3], len);
}

static int host_field_count(const struct prio_items *v)
{
	return v->nvis;
}

static const char *host_field_name(const struct prio_items *v, int h)
{
	return h >= 0 && h < v->nvis ? v->t->cols[v->vis[h]].name : NULL;
}

static enum prio_type host_field_type(const struct prio_items *v, int h)
{
	if (h < 0 || h >= v->nvis)
		return PRIO_TYPE_TEXT;
	return v->t->cols[v->vis[h]].type == PRIO_TYPE_NUMBER ? PRIO_TYPE_NUMBER
							      : PRIO_TYPE_TEXT;
}

static void host_unscored(struct prio_result *res, size_t item,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void host_unscored(struct prio_result *res, size_t item,
			  const char *fmt, ...)
{
	struct ranking *r = (struct ranking *)res;
	va_list ap;

	if (item >= res->count)
		return;
	res->score[item] = NAN;
	r->reason[item] = (uint32_t)r->reasons.len + 1;
	va_start(ap, fmt);
	buf_vaddf(&r->reasons, fmt, ap);
	va_end(ap);
	buf_addc(&r->reasons, '\0');
}

static int host_class_id(struct prio_result *res, const char *name)
{
	struct ranking *r = (struct ranking *)res;

	for (int i = 0; i < r->nclasses; i++)
		if (!strcmp(r->classes[i], name))
			return i;
	if (r->nclasses == r->classes_cap) {
		r->classes_cap = r->classes_cap ? r->classes_cap * 2 : 8;
		r->classes = xrealloc(r->classes,
				      (size_t)r->classes_cap * sizeof(char *));
	}
	r->classes[r->nclasses] = xstrdup(name);
	return r->nclasses++;
}

/*
 * Column j (of names) already went to col, and so does column `name`:
 * say whether a mapping (map, or NULL) did it.
 */
static int sink_twice(const struct prio_sink *s, const struct mapping *map,
		      const char *const *names, const size_t *lens, size_t j,
		      const char *name, size_t len, int mapped, int col,
		      char *err)
{
	const char *a = names[j];
	size_t alen = lens[j];

	blank_trim(&a, &alen);
	if (mapped || (map && mapping_find(map, a, alen)))
		return errf(err, PRIO_EINVAL, "%s:1: columns '%.*s' and '%.*s' "
			    "both go to field '%s'", s->file, (int)alen, a,
			    (int)len, name, s->t->cols[col].name);
	return errf(err, PRIO_EINVAL, "%s:1: column '%.*s' appears twice",
		    s->file, (int)len, name);
}

/*
 * A column mapped to an unknown field (mapping_check refuses these when
 * the section is read; a sink without it may still see one).
 */
static int sink_unknown_field(const struct prio_sink *s, const char *name,
			      size_t len, const struct mapping_entry *e,
			      char *err)
{
	return errf(err, PRIO_EINVAL, "%s:1: column '%.*s': %s = %s: "
		    "unknown field", s->file, (int)len, name, e->key, e->to);
}

/*
 * Can name be an INI key after "map." (inih splits at '=' and ':', cuts
 * at ';' and '#', and a key is one line)?
 */
static int map_key_ok(const char *name, size_t len)
{
	return !memchr(name, '=', len) && !memchr(name, ':', len) &&
	       !memchr(name, ';', len) && !memchr(name, '#', len) &&
	       !memchr(name, '\n', len) && !memchr(name, '\r', len);
}

/*
 * The unknown columns (input columns idx[0..n) of names): all of them at
 * once, each with the field it is likely a typo of, and the lines to
 * paste into the section to map or ignore them. Whatever does not fit
 * in err is counted, not cut mid-word.
 */
static int sink_unknown(const struct prio_sink *s, const char *const *names,
			const size_t *lens, const size_t *idx, size_t n,
			char *err)
{
	const char **cands = xcalloc(s->t->ncols + 1, sizeof(*cands));
	struct buf msg = {0}, paste = {0}, ign = {0};
	size_t shown = 0, olen;
	const char *one;
	int rc;

	for (size_t c = 0; c < s->t->ncols; c++)
		cands[c] = s->t->cols[c].name;
	if (n == 1)
		buf_addf(&msg, "%s:1: unknown column ", s->file);
	else
		buf_addf(&msg, "%s:1: %zu unknown columns: ", s->file, n);
	for (size_t k = 0; k < n; k++) {
		const char *name = names[idx[k]], *near;
		size_t len = lens[idx[k]], flen, before = msg.len;
		char folded[MAPPING_NAME_MAX];

		blank_trim(&name, &len);
		flen = mapping_fold(name, len, folded, sizeof(folded));
		near = flen ? suggest(folded, flen, cands, s->t->ncols)
			    : suggest(name, len, cands, s->t->ncols);
		buf_addf(&msg, "%s'%.*s'", k ? "; " : "", (int)len, name);
		if (near)
			buf_addf(&msg, ": did you mean %s?", near);
		if (msg.len > PRIO_ERR_MAX / 2) {
			msg.len = before;
			break;
		}
		shown++;
		if (!map_key_ok(name, len))
			continue;	/* no key can name it: say nothing */
		if (near)
			buf_addf(&paste, "\n  map.%.*s = %s", (int)len, name,
				 near);
		else if (!memchr(name, ',', len))
			buf_addf(&ign, "%s%.*s", ign.len ? ", " : "", (int)len,
				 name);
	}
	if (shown < n)
		buf_addf(&msg, "; and %zu more", n - shown);
	/* One that could be a field's name: say which section declares it. */
	one = names[idx[0]];
	olen = lens[idx[0]];
	blank_trim(&one, &olen);
	if (n > 1 || !name_valid(one, olen)) {
		one = "NAME";
		olen = 4;
	}
	/* Lines that would not fit whole are not offered. */
	if (msg.len + paste.len + ign.len + 120 + strlen(s->section ?
	    s->section : "") >= PRIO_ERR_MAX)
		paste.len = ign.len = 0;
	if (s->section && (paste.len || ign.len))
		/* The lines come last, so that they paste as they are. */
		buf_addf(&msg, "; declare a [field.%.*s] section %s, or add "
			 "to [%s]:%s%s%s", (int)olen, one,
			 n > 1 ? "for each to keep" : "to keep it", s->section,
			 paste.len ? paste.p : "", ign.len ? "\n  ignore = " :
			 "", ign.len ? ign.p : "");
	else if (s->section)
		buf_addf(&msg, " (map or ignore %s in [%s], or declare a "
			 "[field.%.*s] section)", n > 1 ? "them" : "it",
			 s->section, (int)olen, one);
	else
		buf_addf(&msg, " (declare a [field.%.*s] section)", (int)olen,
			 one);
	rc = errf(err, PRIO_EINVAL, "%s", msg.p);
	buf_release(&msg);
	buf_release(&paste);
	buf_release(&ign);
	free(cands);
	return rc;
}

/*
 * The file's rows can stand for the table's (sink_raw) when the table is
 * the file's columns, in its order, each once: nothing ignored, merged,
 * computed or added.
 */
static void raw_columns(struct prio_sink *s, size_t n)
{
	struct table *t = s->t;

	free(t->raw_section);
	t->raw_section = NULL;
	if (!s->keep_raw || !s->section || !n || n != t->ncols || t->nrows)
		return;
	for (size_t i = 0; i < n; i++)
		if (s->colmap[i] != (int)i)
			return;
	t->raw_cols = n;
	t->raw_section = xstrdup(s->section);
}

/*
 * Names the input columns. Unless they are fields already (sink_fields),
 * each goes through the section's mapping first: ignored, or renamed to
 * its field. All of this happens once per file, never per row.
 */
static int sink_columns_(struct prio_sink *s, size_t n,
			 const char *const *names, const size_t *lens,
			 int fields, char *err)
{
	size_t *unknown = NULL, nunknown = 0;
	int rc = 0;

	s->colmap = xrealloc(s->colmap, (n ? n : 1) * sizeof(int));
	s->ncols = n;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i], *to;
		size_t len = lens[i], tlen, good, flen;
		const struct mapping_entry *e = NULL;
		const struct field *f;
		char folded[MAPPING_NAME_MAX];
		int col;

		blank_trim(&name, &len);
		s->colmap[i] = -1;
		if ((good = utf8_valid_prefix(name, len)) < len) {
			rc = errf(err, PRIO_EINVAL, "%s:1: column %zu: the "
				  "name is not valid UTF-8 (byte offset %zu)",
				  s->file, i + 1, good);
			goto out;
		}
		if (!fields && s->map && (e = mapping_find(s->map, name, len)) &&
		    !e->to)
			continue;	/* ignored */
		to = e ? e->to : name;
		tlen = e ? strlen(e->to) : len;
		/*
		 * Neither mapped nor a field as it is: "Story points" may be
		 * map.Story Points's, "Business Value" business_value.
		 */
		if (!e && !fields && table_find(s->t, to, tlen) < 0 &&
		    !field_is_computed(to, tlen) && s->map &&
		    (e = mapping_find_folded(s->map, name, len))) {
			if (!e->to)
				continue;	/* ignored */
			to = e->to;
			tlen = strlen(e->to);
		} else if (!e && !fields && table_find(s->t, to, tlen) < 0 &&
		    !field_is_computed(to, tlen) &&
		    (flen = mapping_fold(name, len, folded, sizeof(folded))) &&
		    (table_find(s->t, folded, flen) >= 0 ||
		     field_is_computed(folded, flen) ||
		     (s->schema && schema_find(s->schema, folded, flen)))) {
			to = folded;
			tlen = flen;
		}
		if (field_is_computed(to, tlen))
			continue;
		/*
		 * "sprint", unless a field has that name: the sprint to put
		 * the item in (import-sprints.c), read after the rows are
		 * written. Not wanted: it is no column of the item.
		 */
		if (!s->lenient && (flen = mapping_fold(to, tlen, folded,
		    sizeof(folded))) == 6 && !memcmp(folded, "sprint", 6) &&
		    !(s->schema && schema_find(s->schema, folded, flen))) {
			if ((col = table_find(s->t, folded, flen)) < 0)
				col = table_add_column(s->t, "sprint",
						       PRIO_TYPE_TEXT, NULL);
			for (size_t j = 0; j < i; j++)
				if (s->colmap[j] == col) {
					rc = sink_twice(s, fields ? NULL :
							s->map, names, lens, j,
							name, len, e != NULL,
							col, err);
					goto out;
				}
			s->colmap[i] = col;
			continue;
		}
		col = table_find(s->t, to, tlen);
		for (size_t j = 0; j < i && col >= 0; j++)
			if (s->colmap[j] == col) {
				rc = sink_twice(s, fields ? NULL : s->map,
						names, lens, j, name, len,
						e != NULL, col, err);
				goto out;
			}
		f = s->schema ? schema_find(s->schema, to, tlen) : NULL;
		if (col < 0 && !s->lenient && e) {
			rc = sink_unknown_field(s, name, len, e, err);
			goto out;
		}
		if (col < 0 && !s->lenient) {
			/* Go on: every unknown column is said at once. */
			unknown = xrealloc(unknown, (nunknown + 1) *
						    sizeof(*unknown));
			unknown[nunknown++] = i;
			continue;
		}
		if (col < 0) {
			char *cname = xstrndup(to, tlen);
			col = table_add_column(s->t, cname, f ? f->type : 0, f);
			free(cname);
		}
		s->colmap[i] = col;
		s->t->cols[col].wanted = 1;	/* the file has this column */
	}
	if (nunknown) {
		rc = sink_unknown(s, names, lens, unknown, nunknown, err);
		goto out;
	}
	s->have_columns = 1;
	s->raw = NULL;
	raw_columns(s, n);
	rc = s->columns ? s->columns(s->columns_arg, err) : 0;
out:
	free(unknown);
	return rc;
}

/*
 * Are the row's values in the bytes sink_raw gave (those that are pieces
 * of the file at all: an unescaped copy is elsewhere)? Otherwise the bytes
 * are not this row's, and copying them out would write another.
 */
static int raw_holds(const struct prio_sink *s, size_t n,
		     const char *const *values, const size_t *lens)
{
	const struct table *t = s->t;
	uintptr_t from = (uintptr_t)s->raw, to = from + s->raw_len;
	uintptr_t file = (uintptr_t)t->borrowed, end = file + t->blen;

	for (size_t i = 0; i < n; i++) {
		uintptr_t v = (uintptr_t)values[i];

		if (v >= file && v < end && (v < from || v + lens[i] > to))
			return 0;
	}
	return 1;
}

/*
 * A value as the field spells it: through the section's value.FIELD.*
 * keys, then an allowed value named in another case ("Must", "SHOULD")
 * as the field lists it.
 */
static void sink_value(struct prio_sink *s, const struct column *c,
		       const char **val, size_t *len)
{
	const struct field *f = c->field;
	const char *to;
	char e[PRIO_ERR_MAX], in[64];
	double num;
	struct tm tm, norm;

	if (s->map && s->map->nvals &&
	    (to = mapping_value(s->map, c->name, *val, *len))) {
		*val = to;
		*len = strlen(to);
	}
	/*
	 * A date or time in the section's date_format, unless it is ISO
	 * already (as an export through the section writes it).
	 */
	if (f && (f->flags & (FIELD_DATE | FIELD_TIME)) && s->map &&
	    s->map->date_format && *len < sizeof(in) &&
	    field_validate(f, *val, *len, &num, e) < 0) {
		memcpy(in, *val, *len);
		in[*len] = '\0';
		memset(&tm, 0, sizeof(tm));
		to = strptime(in, s->map->date_format, &tm);
		while (to && (*to == ' ' || *to == '\t'))
			to++;
		/* strptime takes 31/02: a day that timegm moves is none. */
		norm = tm;
		if (to && !*to && timegm(&norm) != -1 &&
		    norm.tm_mday == tm.tm_mday && norm.tm_mon == tm.tm_mon &&
		    norm.tm_hour == tm.tm_hour && norm.tm_min == tm.tm_min &&
		    (*len = strftime(s->date, sizeof(s->date),
				     f->flags & FIELD_DATE ? "%Y-%m-%d" :
				     "%Y-%m-%dT%H:%M:%SZ", &tm)))
			*val = s->date;
		else
			*len = strlen(in);	/* as it was: refused below */
		return;
	}
	if (!f || !f->nvalues)
		return;
	for (size_t i = 0; i < f->nvalues; i++)
		if (strlen(f->values[i]) == *len &&
		    !memcmp(f->values[i], *val, *len))
			return;
	for (size_t i = 0; i < f->nvalues; i++)
		if (strlen(f->values[i]) == *len &&
		    !strncasecmp(f->values[i], *val, *len)) {
			*val = f->values[i];
			return;
		}
}

static int sink_row_(struct prio_sink *s, unsigned long line, size_t n,
		    const char *const *values, const size_t *lens, char *err)
{
	size_t row;
	int rc = 0, raw;

	if (!s->have_columns)
		return errf(err, PRIO_EINTERNAL,
			    "%s: the importer gave a row before its columns",
			    s->file);
	progress_tick(&s->progress, ++s->rows, 0);
	row = table_add_row(s->t, line);
	/* With the row's bytes kept, the values no one reads stay there. */
	raw = s->raw && s->t->raw_section && raw_holds(s, n, values, lens) &&
	      table_set_raw(s->t, row, s->raw, s->raw_len) == 0;
	s->raw = NULL;
	/* Messages say what, without where: added below, or in the rejects. */
	if (n != s->ncols)
		rc = errf(err, PRIO_EINVAL, "%zu values where the header has %zu "
			  "columns", n, s->ncols);
	/* Every value goes in first, so that a rejected row is whole. */
	for (size_t i = 0; i < n && i < s->ncols; i++) {
		int col = s->colmap[i];
		size_t good, len = lens[i];
		const char *val = values[i];

		if (col < 0 || !len)
			continue;	/* skipped column, or no value */
		if (raw && s->t->cols[col].unread) {
			s->t->raw_only = 1;	/* the row keeps it */
			continue;
		}
		sink_value(s, &s->t->cols[col], &val, &len);
		if (table_set(s->t, col, row, val, len) < 0 && !rc)
			rc = errf(err, PRIO_EINVAL, "column %s: value over %u "
				  "bytes", s->t->cols[col].name, CELL_MAX_LEN);
		/*
		 * Here, once for every format: the store, the exporters and
		 * the terminal all take text to be UTF-8, and a file saved
		 * as Latin-1 would otherwise come back as mojibake.
		 */
		if (!rc && (good = utf8_valid_prefix(val, len)) < len)
			rc = errf(err, PRIO_EINVAL, "column %s: not valid UTF-8 "
				  "(byte offset %zu)", s->t->cols[col].name,
				  good);
	}
	for (size_t i = 0; i < n && i < s->ncols && !rc && !s->lenient; i++) {
		int col = s->colmap[i];
		const struct column *c;
		const char *val = values[i];
		size_t len = lens[i];
		double num;

		if (col < 0 || !len)
			continue;
		c = &s->t->cols[col];
		if (c->field)
			sink_value(s, c, &val, &len);	/* what was stored */
		if (c->field &&
		    field_validate(c->field, val, len, &num, err) < 0)
			rc = errprefix(err, PRIO_EINVAL, "column %s", c->name);
	}
	if (rc && s->rejects) {
		/* Keep the row, with why, instead of failing the import. */
		import_reject(s->rejects, s->t, row, line, err);
		s->t->nrows--;
		s->nrejects++;
		return 0;
	}
	return rc ? errprefix(err, rc, "%s:%lu", s->file, line) : 0;
}

static int sink_columns(struct prio_sink *s, size_t n,
			const char *const *names, const size_t *lens, char *err)
{
	int rc = sink_columns_(s, n, names, lens, 0, err);
	s->failed |= rc < 0;
	return rc;
}

static int sink_fields(struct prio_sink *s, size_t n,
		       const char *const *names, const size_t *lens, char *err)
{
	int rc = sink_columns_(s, n, names, lens, 1, err);
	s->failed |= rc < 0;
	return rc;
}

static int sink_map(struct prio_sink *s, const char *name, size_t len,
		    const char **field)
{
	const struct mapping_entry *e =
		s->map ? mapping_find(s->map, name, len) : NULL;

	*field = e ? e->to : NULL;
	return e != NULL;
}

static int sink_raw(struct prio_sink *s, const char *row, size_t len)
{
	s->raw = row;	/* for the row sink_row takes next */
	s->raw_len = len;
	return 0;
}

/* The file's sprint column: no field, kept with the rejects too. */
static int is_sprint(const struct column *c)
{
	return !c->field && !strcmp(c->name, "sprint");
}

/* A bad row into the rejects (host.h); the sink and the import write them. */
void import_reject(struct table *rej, const struct table *t, size_t row,
		   unsigned long line, const char *why)
{
	char num[32];
	size_t r, len;
	int n;

	/* The rejects have the file's columns, as fields, then line, reason
	 * (and its sprint: no field, but the file's, see import-sprints.c). */
	if (!rej->ncols) {
		for (size_t c = 0; c < t->ncols; c++)
			if (t->cols[c].wanted || is_sprint(&t->cols[c]))
				table_add_column(rej, t->cols[c].name,
						 PRIO_TYPE_TEXT, NULL);
		table_add_column(rej, "line", PRIO_TYPE_NUMBER, NULL);
		table_add_column(rej, "reason", PRIO_TYPE_TEXT, NULL);
	}
	r = table_add_row(rej, 0);
	for (size_t c = 0; c < t->ncols; c++) {
		const char *v;
		int to;

		if (!t->cols[c].wanted && !is_sprint(&t->cols[c]))
			continue;
		to = table_find(rej, t->cols[c].name, strlen(t->cols[c].name));
		if (to >= 0 && (v = table_text(t, (int)c, row, num, &len)))
			table_set(rej, to, r, v, len);
	}
	n = snprintf(num, sizeof(num), "%lu", line);
	table_set(rej, (int)rej->ncols - 2, r, num, (size_t)n);
	table_set(rej, (int)rej->ncols - 1, r, why, strlen(why));
}

static int sink_row(struct prio_sink *s, unsigned long line, size_t n,
		    const char *const *values, const size_t *lens, char *err)
{
	int rc = sink_row_(s, line, n, values, lens, err);
	s->failed |= rc < 0;
	return rc;
}

int out_flush(struct prio_out *out)
{
	const char *p = out->b.p;
	size_t len = out->b.len;

	while (len && !out->failed) {
		ssize_t n = write(out->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			out->failed = errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	buf_reset(&out->b);
	return out->failed ? PRIO_EIO : 0;
}

static int host_write(struct prio_out *out, const void *data, size_t len)
{
	if (out->failed)
		return PRIO_EIO;
	buf_add(&out->b, data, len);
	if (out->fd >= 0 && out->b.len >= (1u << 20))
		return out_flush(out);
	return 0;
}

static const char *host_column_name(const struct prio_items *v, int h)
{
	return v->columns && h >= 0 && h < v->nvis ? v->columns[h] : NULL;
}

static const char *host_raw(const struct prio_items *v, size_t i, int *from,
			    size_t *len)
{
	const char *row;

	if (!v->raw_at || i >= v->count)
		return NULL;
	/* As view_text does for cells: the row of item i + 8, in cache
	 * by its turn (rows are read in rank order, not file order). */
	if (i + 8 < v->count && (row = table_raw(v->t, view_row(v, i + 8),
						  len)))
		__builtin_prefetch(row);
	if (!(row = table_raw(v->t, view_row(v, i), len)))
		return NULL;
	reached(v, i);
	*from = v->raw_at - 1;
	return row;
}

/* Runs the set's `later` once (table.h): what it found, or nothing. */
static void later(struct prio_items *v)
{
	if (!v->later || v->later_done)
		return;
	v->later_done = 1;
	v->later_rc = v->later(v->later_arg, &v->about_later, &v->workflow,
			       v->later_err);
	if (v->later_rc) {
		buf_reset(&v->about_later);
		free(v->workflow);
		v->workflow = NULL;
	}
}

static const char *host_describe(const struct prio_items *cv, const char *what)
{
	/* The set is the host's own: plugins see it const, not the host. */
	struct prio_items *v = (struct prio_items *)cv;
	const char *s = describe_find(&v->about, what);

	if (s)
		return s;
	later(v);
	return describe_find(&v->about_later, what);
}

static const struct prio_workflow *host_workflow(const struct prio_items *cv)
{
	struct prio_items *v = (struct prio_items *)cv;

	later(v);
	return v->workflow;
}

const struct prio_host host_services = {
	.abi_major = PRIO_ABI_MAJOR,
	.abi_minor = PRIO_ABI_MINOR,
	.struct_size = sizeof(struct prio_host),
	.log = host_log,
	.get = section_get,
	.each = section_each,
	.section_name = host_section_name,
	.bad_value = section_bad_value,
	.section = host_section,
	.section_each = host_section_each,
	.field = host_field,
	.count = host_count,
	.numbers = host_numbers,
	.text = host_text,
	.field_count = host_field_count,
	.field_name = host_field_name,
	.field_type = host_field_type,
	.unscored = host_unscored,
	.class_id = host_class_id,
	.sink_columns = sink_columns,
	.sink_row = sink_row,
	.write = host_write,
	.describe = host_describe,
	.workflow = host_workflow,
	.sink_map = sink_map,
	.sink_fields = sink_fields,
	.column_name = host_column_name,
	.sink_raw = sink_raw,
	.raw = host_raw,
};
