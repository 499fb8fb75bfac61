/*
 * config.c - INI layers, parsed with inih through a line-counting reader.
 */
#include "config.h"

#include <stdio.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "util.h"

/* What the core owns. Sections named PREFIX.NAME are instances. */
struct section_rule {
	const char *name;	/* "rank", or "method." for instances */
	const char *const *keys;/* NULL: the plugin checks its own keys */
};

static const char *const rank_keys[] = { "method", "finished", NULL };
static const char *const roles_keys[] = { "policy", "default", NULL };
/* A key ending in "." stands for every key that starts with it. */
static const char *const stability_keys[] = {
	"runs", "top", "seed", "spread.", NULL
};
static const char *const plugins_keys[] = { "path", NULL };
static const char *const sprint_keys[] = { "velocity_window", NULL };
static const char *const store_keys[] = { "url", "schema", NULL };
static const char *const field_keys[] = {
	"type", "min", "max", "values", "description", "edit", NULL
};

static const struct section_rule rules[] = {
	{ "rank", rank_keys },
	{ "plugins", plugins_keys },
	{ "field.", field_keys },
	{ "method.", NULL },
	{ "format.", NULL },
	{ "roles", roles_keys },
	{ "stability", stability_keys },
	{ "sprint", sprint_keys },
	{ "store", store_keys },	/* a server store: workspace.c */
	{ "users", NULL },	/* user = role, role: checked against the policy */
	{ "role.", NULL },	/* read by the policy (acl) */
};

static const struct section_rule *rule_for(const char *section)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		size_t n = strlen(rules[i].name);
		if (rules[i].name[n - 1] == '.') {
			if (!strncmp(section, rules[i].name, n) &&
			    name_valid(section + n, strlen(section + n)))
				return &rules[i];
		} else if (!strcmp(section, rules[i].name)) {
			return &rules[i];
		}
	}
	return NULL;
}

void config_release(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n; i++) {
		free(cfg->v[i].section);
		free(cfg->v[i].key);
		free(cfg->v[i].value);
	}
	free(cfg->v);
	for (size_t i = 0; i < cfg->nfiles; i++)
		free(cfg->files[i]);
	free(cfg->files);
	for (size_t i = 0; i < cfg->nsecs; i++) {
		free((char *)cfg->secs[i]->name);
		free(cfg->secs[i]);
	}
	free(cfg->secs);
	memset(cfg, 0, sizeof(*cfg));
}

static const char *intern_file(struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nfiles; i++)
		if (!strcmp(cfg->files[i], name))
			return cfg->files[i];
	GROW(cfg->files, cfg->nfiles + 1, cfg->files_cap);
	cfg->files[cfg->nfiles] = xstrdup(name);
	return cfg->files[cfg->nfiles++];
}

static void add_entry(struct config *cfg, const char *section, const char *key,
		      const char *value, const char *file, int line)
{
	struct config_entry *e;

	GROW(cfg->v, cfg->n + 1, cfg->cap);
	e = &cfg->v[cfg->n++];
	e->section = xstrdup(section);
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->file = file;
	e->line = line;
	e->used = 0;
}

/* The state shared by the reader and the handler of one parse. */
struct parse {
	struct config *cfg;
	const char *file;
	const char *p, *end;	/* what is left to read */
	int line;		/* the line last handed to inih */
	int continued;		/* that line starts with blanks: a continuation */
	int have_key;		/* inih has a key to continue (none after [x]) */
	char raw[256];		/* that line as it was, for quoted values */
	size_t joined;		/* 1 + the entry being joined, or 0 */
	size_t jlen, jcap;	/* its value's length and allocation */
	size_t first;		/* the first entry of this layer */
	char *err;
	int failed;		/* err is filled; stop */
};

/*
 * inih's reader: one line per call, like fgets, but counted and checked.
 * A line that would not fit in inih's buffer is an error, not a cut.
 */
static char *reader(char *str, int num, void *stream)
{
	struct parse *ps = stream;
	const char *nl, *s;
	size_t len;

	if (ps->failed || ps->p >= ps->end)
		return NULL;
	nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	len = nl ? (size_t)(nl - ps->p) : (size_t)(ps->end - ps->p);
	ps->line++;
	if (len && ps->p[len - 1] == '\r')
		len--;
	if (memchr(ps->p, '\0', len)) {
		errf(ps->err, PRIO_EINVAL, "%s:%d: NUL byte in line",
		     ps->file, ps->line);
		ps->failed = 1;
		return NULL;
	}
	/* inih needs room for the line, a newline and the NUL. */
	if (len + 3 > (size_t)num) {
		errf(ps->err, PRIO_EINVAL,
		     "%s:%d: line too long (%zu bytes; at most %d)",
		     ps->file, ps->line, len, num - 3);
		ps->failed = 1;
		return NULL;
	}
	for (s = ps->p; s < ps->p + len && (*s == ' ' || *s == '\t'); s++)
		;
	ps->continued = ps->have_key && s > ps->p && s < ps->p + len &&
			*s != ';' && *s != '#';
	if (s == ps->p && len && *s == '[')
		ps->have_key = 0;	/* inih forgets the key at a header */
	memcpy(ps->raw, ps->p, len < sizeof(ps->raw) ? len : sizeof(ps->raw) - 1);
	ps->raw[len < sizeof(ps->raw) ? len : sizeof(ps->raw) - 1] = '\0';
	memcpy(str, ps->p, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	ps->p = nl ? nl + 1 : ps->end;
	return str;
}

static int handler(void *user, const char *section, const char *key,
		   const char *value)
{
	struct parse *ps = user;
	struct config *cfg = ps->cfg;

	if (ps->failed)
		return 0;
	if (!*section) {
		errf(ps->err, PRIO_EINVAL,
		     "%s:%d: '%s' is outside any [section]", ps->file,
		     ps->line, key);
		ps->failed = 1;
		return 0;
	}
	/* A continuation line: inih calls again with the same key. Join. */
	if (ps->continued && cfg->n > ps->first) {
		struct config_entry *e = &cfg->v[cfg->n - 1];
		/*
		 * Grown in place, doubling: a megabyte of continuation lines
		 * would be minutes of copying if each line copied the value.
		 */
		if (!strcmp(e->section, section) && !strcmp(e->key, key)) {
			size_t add = strlen(value);

			if (ps->joined != cfg->n) {
				ps->joined = cfg->n;
				ps->jlen = strlen(e->value);
				ps->jcap = ps->jlen + 1;
			}
			if (ps->jlen + add + 2 > ps->jcap) {
				ps->jcap = 2 * (ps->jlen + add + 2);
				e->value = xrealloc(e->value, ps->jcap);
			}
			e->value[ps->jlen++] = '\n';
			memcpy(e->value + ps->jlen, value, add + 1);
			ps->jlen += add;
			return 1;
		}
	}
	ps->have_key = 1;
	/*
	 * "..." keeps what inih would strip: blanks, and ; after a blank.
	 * inih has already cut the value at " ;", so take it from the line.
	 */
	if (value[0] == '"') {
		const char *eq = strpbrk(ps->raw, "=:"), *q = eq ? eq + 1 : NULL;
		const char *end = ps->raw + strlen(ps->raw);

		while (q && (*q == ' ' || *q == '\t'))
			q++;
		while (end > ps->raw && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (q && *q == '"' && end - q >= 2 && end[-1] == '"') {
			char *v = xstrndup(q + 1, (size_t)(end - q - 2));
			add_entry(cfg, section, key, v, ps->file, ps->line);
			free(v);
			return 1;
		}
	}
	{
		size_t len = strlen(value);
		if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
			char *v = xstrndup(value + 1, len - 2);
			add_entry(cfg, section, key, v, ps->file, ps->line);
			free(v);
			return 1;
		}
	}
	add_entry(cfg, section, key, value, ps->file, ps->line);
	return 1;
}

/* Orders entry indexes by section, key, then line, for duplicates. */
static const struct config *sort_cfg;

static int by_key(const void *a, const void *b)
{
	const struct config_entry *x = &sort_cfg->v[*(const size_t *)a];
	const struct config_entry *y = &sort_cfg->v[*(const size_t *)b];
	int c = strcmp(x->section, y->section);

	if (!c)
		c = strcmp(x->key, y->key);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/*
 * A key set twice in one file is a mistake (which one did the author
 * mean?), not an override: layers override, a file does not override
 * itself. Sorted, not compared pairwise: a hostile file of a megabyte
 * is fifty thousand keys. The pair reported is the one whose second
 * line comes first, so the message is the same on every run.
 */
static int check_duplicates(const struct config *cfg, size_t first,
			    const char *name, char *err)
{
	size_t n = cfg->n - first, *ix, dup = 0;

	if (n < 2)
		return 0;
	ix = xmalloc(n * sizeof(*ix));
	for (size_t i = 0; i < n; i++)
		ix[i] = first + i;
	sort_cfg = cfg;
	qsort(ix, n, sizeof(*ix), by_key);
	for (size_t i = 1; i < n; i++) {
		const struct config_entry *a = &cfg->v[ix[i - 1]];
		const struct config_entry *b = &cfg->v[ix[i]];

		if (!strcmp(a->section, b->section) && !strcmp(a->key, b->key) &&
		    (!dup || b->line < cfg->v[ix[dup]].line))
			dup = i;
	}
	if (dup) {
		const struct config_entry *a = &cfg->v[ix[dup - 1]];
		const struct config_entry *b = &cfg->v[ix[dup]];

		errf(err, PRIO_EINVAL, "%s:%d: [%s] '%s' is set twice in one "
		     "file (first on line %d)", name, b->line, b->section,
		     b->key, a->line);
	}
	free(ix);
	return dup ? PRIO_EINVAL : 0;
}

int config_load_string(struct config *cfg, const char *text, const char *name,
		       char *err)
{
	struct parse ps = {
		.cfg = cfg,
		.file = intern_file(cfg, name),
		.p = text,
		.end = text + strlen(text),
		.first = cfg->n,
		.err = err,
	};
	int rc = ini_parse_stream(reader, &ps, handler, &ps);

	if (ps.failed)
		return PRIO_EINVAL;
	if (rc > 0)
		return errf(err, PRIO_EINVAL,
			    "%s:%d: not a [section] or key = value line",
			    name, rc);
	if (rc < 0)
		return errf(err, PRIO_EINTERNAL, "%s: inih failed (%d)",
			    name, rc);
	return check_duplicates(cfg, ps.first, name, err);
}

int config_load_file(struct config *cfg, const char *path, char *err)
{
	size_t len;
	char *text = file_read_regular(path, CONFIG_MAX, &len, err);
	int rc;

	if (!text)
		return PRIO_EIO;
	if (strlen(text) != len) {
		free(text);
		return errf(err, PRIO_EINVAL, "%s: contains a NUL byte", path);
	}
	rc = config_load_string(cfg, text, path, err);
	free(text);
	return rc;
}

/*
 * SECTION.KEY=VALUE. Instance sections have a dot themselves
 * (method.wsjf.scale=...), so the section is the first two parts when the
 * first part names an instance kind, else the first part.
 */
int config_set(struct config *cfg, const char *arg, char *err)
{
	const char *eq = strchr(arg, '='), *dot = strchr(arg, '.');
	char *section, *key, *value;

	if (!eq || !dot || dot > eq)
		return errf(err, PRIO_EINVAL,
			    "--set %s: expected SECTION.KEY=VALUE", arg);
	if (!strncmp(arg, "method.", 7) || !strncmp(arg, "format.", 7) ||
	    !strncmp(arg, "field.", 6)) {
		const char *d2 = strchr(dot + 1, '.');
		if (!d2 || d2 > eq)
			return errf(err, PRIO_EINVAL,
				    "--set %s: expected SECTION.NAME.KEY=VALUE",
				    arg);
		dot = d2;
	}
	section = xstrndup(arg, (size_t)(dot - arg));
	key = xstrndup(dot + 1, (size_t)(eq - dot - 1));
	value = xstrdup(eq + 1);
	if (!*key) {
		free(section);
		free(key);
		free(value);
		return errf(err, PRIO_EINVAL, "--set %s: empty key", arg);
	}
	add_entry(cfg, section, key, value, intern_file(cfg, "<command line>"),
		  0);
	free(section);
	free(key);
	free(value);
	return 0;
}

struct config_entry *config_find(const struct config *cfg, const char *section,
				 const char *key)
{
	for (size_t i = cfg->n; i-- > 0;)
		if (!strcmp(cfg->v[i].key, key) &&
		    !strcmp(cfg->v[i].section, section))
			return &cfg->v[i];
	return NULL;
}

const char *config_get(const struct config *cfg, const char *section,
		       const char *key)
{
	struct config_entry *e = config_find(cfg, section, key);
	return e ? e->value : NULL;
}

int config_refuse_rights(const struct config *cfg, size_t from, size_t to,
			 char *err)
{
	for (size_t i = from; i < to; i++) {
		const struct config_entry *e = &cfg->v[i];
		char where[PRIO_ERR_MAX / 2];

		if (strcmp(e->section, "users") && strcmp(e->section, "roles") &&
		    strncmp(e->section, "role.", 5))
			continue;
		if (e->line)
			config_where(e, where, sizeof(where));
		else	/* --set: say it as it was typed */
			snprintf(where, sizeof(where), "--set %s.%s=%s",
				 e->section, e->key, e->value);
		return errf(err, PRIO_EINVAL, "%s: [%s] decides who may do "
			    "what: only the workspace's prio.ini or "
			    "/etc/prio/prio.ini may set it", where, e->section);
	}
	return 0;
}

int config_effective(const struct config *cfg, size_t i)
{
	return config_find(cfg, cfg->v[i].section, cfg->v[i].key) == &cfg->v[i];
}

const char *config_where(const struct config_entry *e, char *buf, size_t size)
{
	if (e->line)
		snprintf(buf, size, "%s:%d", e->file, e->line);
	else
		snprintf(buf, size, "%s", e->file);
	return buf;
}

static int check_entry(const struct config_entry *e, char *err)
{
	const struct section_rule *r = rule_for(e->section);
	char where[PRIO_ERR_MAX / 2];

	config_where(e, where, sizeof(where));
	if (!r) {
		/* Suggest by the name's first part: "methd.x" -> method.x */
		const char *names[ARRAY_SIZE(rules)], *near, *dot;
		size_t len = strcspn(e->section, ".");

		for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
			names[i] = rules[i].name;
		near = suggest(e->section, len + (e->section[len] == '.'),
			       names, ARRAY_SIZE(names));
		dot = near ? strchr(near, '.') : NULL;
		if (near)
			return errf(err, PRIO_EINVAL, "%s: unknown section [%s]; "
				    "did you mean [%s%s]?", where, e->section,
				    near, dot && e->section[len] ?
				    e->section + len + 1 : dot ? "NAME" : "");
		return errf(err, PRIO_EINVAL, "%s: unknown section [%s]",
			    where, e->section);
	}
	if (!r->keys) {
		if (!strcmp(e->key, "plugin") &&
		    !name_valid(e->value, strlen(e->value)))
			return errf(err, PRIO_EINVAL,
				    "%s: [%s] plugin = '%s' is not a plugin name",
				    where, e->section, e->value);
		return 0;
	}
	for (const char *const *k = r->keys; *k; k++) {
		size_t len = strlen(*k);
		if ((*k)[len - 1] == '.' ? !strncmp(*k, e->key, len) &&
					     e->key[len]
					 : !strcmp(*k, e->key))
			return 0;
	}
	{
		size_t n = 0;
		const char *near;

		while (r->keys[n])
			n++;
		near = suggest(e->key, strlen(e->key), r->keys, n);

		if (near)
			return errf(err, PRIO_EINVAL, "%s: [%s] unknown key '%s'; "
				    "did you mean '%s'?", where, e->section,
				    e->key, near);
	}
	return errf(err, PRIO_EINVAL, "%s: [%s] unknown key '%s'", where,
		    e->section, e->key);
}

int config_check(const struct config *cfg, char *err)
{
	for (size_t i = 0; i < cfg->n; i++) {
		int rc = check_entry(&cfg->v[i], err);
		if (rc)
			return rc;
	}
	return 0;
}

int config_unused(const struct config *cfg, const char *section,
		  const char *skip, char *err)
{
	for (size_t i = 0; i < cfg->n; i++) {
		const struct config_entry *e = &cfg->v[i];
		char where[PRIO_ERR_MAX / 2];

		if (e->used || strcmp(e->section, section) ||
		    (skip && !strcmp(e->key, skip)))
			continue;
		return errf(err, PRIO_EINVAL, "%s: [%s] unknown key '%s'",
			    config_where(e, where, sizeof(where)), section,
			    e->key);
	}
	return 0;
}

struct prio_section *config_section(struct config *cfg, const char *name)
{
	struct prio_section *sec;

	for (size_t i = 0; i < cfg->nsecs; i++)
		if (!strcmp(cfg->secs[i]->name, name))
			return cfg->secs[i];
	sec = xcalloc(1, sizeof(*sec));
	sec->cfg = cfg;
	sec->name = xstrdup(name);
	GROW(cfg->secs, cfg->nsecs + 1, cfg->secs_cap);
	cfg->secs[cfg->nsecs++] = sec;
	return sec;
}

void config_mark_used(struct config *cfg, const char *section, const char *key)
{
	for (size_t i = 0; i < cfg->n; i++)
		if (!strcmp(cfg->v[i].section, section) &&
		    !strcmp(cfg->v[i].key, key))
			cfg->v[i].used = 1;
}

/* --- a section, as plugins read it (host->get, each, bad_value) --------- */

const char *section_get(const struct prio_section *sec, const char *key,
			struct prio_origin *where)
{
	struct config_entry *e = config_find(sec->cfg, sec->name, key);

	config_mark_used(sec->cfg, sec->name, key);
	if (where) {
		where->file = e ? e->file : NULL;
		where->line = e ? e->line : 0;
	}
	return e ? e->value : NULL;
}

int section_each(const struct prio_section *sec, const char *prefix,
		 int (*fn)(void *, const char *, const char *,
			   const struct prio_origin *),
		 void *arg)
{
	struct config *cfg = sec->cfg;
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < cfg->n; i++) {
		struct config_entry *e = &cfg->v[i];
		struct prio_origin o;
		int rc;

		if (strcmp(e->section, sec->name) ||
		    strncmp(e->key, prefix, plen) || !config_effective(cfg, i))
			continue;
		config_mark_used(cfg, sec->name, e->key);
		o.file = e->file;
		o.line = e->line;
		rc = fn(arg, e->key, e->value, &o);
		if (rc)
			return rc;
	}
	return 0;
}

int section_bad_value(const struct prio_section *sec, const char *key,
		      char *err, const char *fmt, ...)
{
	struct config_entry *e = config_find(sec->cfg, sec->name, key);
	char where[PRIO_ERR_MAX / 2];
	struct buf b = {0};
	va_list ap;

	if (e)
		buf_addf(&b, "%s: [%s] %s = '%s': ",
			 config_where(e, where, sizeof(where)), sec->name, key,
			 e->value);
	else
		buf_addf(&b, "[%s] %s: ", sec->name, key);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	snprintf(err, PRIO_ERR_MAX, "%s", b.p);
	buf_release(&b);
	((struct prio_section *)sec)->located = 1;	/* ours: see above */
	return PRIO_EINVAL;
}
