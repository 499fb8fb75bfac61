/*
 * field.c - built-in and declared fields, and validation of values.
 */
#include "field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "date.h"
#include "util.h"

static const char *const item_types[] = {
	"epic", "story", "task", "bug", "debt", "spike", NULL
};
static const char *const item_statuses[] = {
	"proposed", "new", "ready", "in-progress", "done", "accepted", NULL
};

/* Who may change a field: the edit = of [field.NAME], as an action. */
static const char *const edit_actions[][2] = {
	{ "story", "item.edit.story" },
	{ "value", "item.edit.value" },
	{ "estimate", "item.edit.estimate" },
	{ "status", "item.edit.status" },
};
#define STORY "item.edit.story"
#define ESTIMATE "item.edit.estimate"
#define STATUS "item.edit.status"
#define ORDER "backlog.order"
#define VALUE "item.edit.value"
#define ACCEPT "item.accept"

static const struct {
	const char *name;
	enum prio_type type;
	unsigned flags;
	const char *const *values;
	const char *action;
	const char *description;
} builtins[] = {
	{ "id", PRIO_TYPE_NUMBER, FIELD_READONLY, NULL, STORY,
	  "the item's number, given by prio" },
	{ "key", PRIO_TYPE_TEXT, 0, NULL, STORY,
	  "an external key, unique (a Jira key, say)" },
	{ "title", PRIO_TYPE_TEXT, FIELD_REQUIRED, NULL, STORY,
	  "what the item is" },
	{ "type", PRIO_TYPE_TEXT, 0, item_types, STORY, "the kind of item" },
	{ "status", PRIO_TYPE_TEXT, 0, item_statuses, STATUS,
	  "where the item stands" },
	{ "parent", PRIO_TYPE_NUMBER, FIELD_REF, NULL, STORY,
	  "the epic or item this one belongs to, by id or key" },
	{ "estimate", PRIO_TYPE_NUMBER, 0, NULL, ESTIMATE, "size in points" },
	{ "labels", PRIO_TYPE_TEXT, 0, NULL, STORY, "comma-separated labels" },
	{ "created", PRIO_TYPE_TEXT, FIELD_TIME, NULL, STORY,
	  "when it was created" },
	{ "updated", PRIO_TYPE_TEXT, FIELD_TIME, NULL, STORY,
	  "when it last changed" },
	{ "position", PRIO_TYPE_NUMBER, FIELD_READONLY, NULL, ORDER,
	  "manual order, set by prio move: breaks ties between scores" },
	{ "pin", PRIO_TYPE_NUMBER, FIELD_READONLY, NULL, ORDER,
	  "a rank the item keeps whatever its score, set by prio pin" },
	{ "story", PRIO_TYPE_TEXT, 0, NULL, STORY,
	  "the user story: As a ..., I want ..., so that ..." },
	{ "initiative", PRIO_TYPE_TEXT, 0, NULL, VALUE,
	  "the roadmap initiative it serves, by name or id" },
	{ "initiative_rank", PRIO_TYPE_NUMBER, FIELD_READONLY, NULL, VALUE,
	  "its initiative's place on the roadmap (1 first), set by prio" },
	{ "done_on", PRIO_TYPE_TEXT, FIELD_READONLY | FIELD_DATE, NULL, STATUS,
	  "the day it became done, set by prio" },
	{ "accepted_on", PRIO_TYPE_TEXT, FIELD_READONLY | FIELD_DATE, NULL,
	  STATUS, "the day it was accepted, set by prio" },
	{ "reject_reason", PRIO_TYPE_TEXT, FIELD_READONLY, NULL, ACCEPT,
	  "why it was last rejected, set by prio reject" },
};

static const char *const computed[] = {
	"rank", "score", "class", "unscored", NULL
};

int field_is_computed(const char *name, size_t len)
{
	for (const char *const *c = computed; *c; c++)
		if (strlen(*c) == len && !memcmp(*c, name, len))
			return 1;
	return 0;
}

static struct field *add_field(struct schema *s, const char *name)
{
	struct field *f;

	GROW(s->v, s->n + 1, s->cap);
	f = &s->v[s->n++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	return f;
}

static int parse_bound(const struct config *cfg, const char *section,
		       const char *key, int *has, double *v, char *err)
{
	struct config_entry *e = config_find(cfg, section, key);
	char where[PRIO_ERR_MAX / 2];

	if (!e)
		return 0;
	if (num_parse(e->value, strlen(e->value), v) < 0)
		return errf(err, PRIO_EINVAL, "%s: [%s] %s = '%s' is not a number",
			    config_where(e, where, sizeof(where)), section, key,
			    e->value);
	*has = 1;
	return 0;
}

static int declare(struct schema *s, const struct config *cfg,
		   const char *section, char *err)
{
	const char *name = section + strlen("field.");
	struct config_entry *type = config_find(cfg, section, "type");
	struct config_entry *values = config_find(cfg, section, "values");
	struct config_entry *edit = config_find(cfg, section, "edit");
	const char *desc = config_get(cfg, section, "description");
	char where[PRIO_ERR_MAX / 2];
	struct field *f;

	for (size_t i = s->nbuiltin; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return 0;	/* declared by an earlier entry of this section */
	if (!type) {
		const struct config_entry *any = NULL;
		for (size_t i = 0; i < cfg->n && !any; i++)
			if (!strcmp(cfg->v[i].section, section))
				any = &cfg->v[i];
		return errf(err, PRIO_EINVAL, "%s: [%s] has no 'type =' key",
			    config_where(any, where, sizeof(where)), section);
	}
	config_where(type, where, sizeof(where));
	for (size_t i = 0; i < s->nbuiltin; i++)
		if (!strcmp(s->v[i].name, name))
			return errf(err, PRIO_EINVAL,
				    "%s: [%s] '%s' is a built-in field", where,
				    section, name);
	f = add_field(s, name);
	f->origin = type;
	f->description = desc ? xstrdup(desc) : NULL;
	f->action = NULL;
	for (size_t i = 0; edit && i < ARRAY_SIZE(edit_actions); i++)
		if (!strcmp(edit->value, edit_actions[i][0]))
			f->action = edit_actions[i][1];
	if (!f->action && !edit)
		f->action = STORY;
	if (!f->action)
		return errf(err, PRIO_EINVAL, "%s: [%s] edit = '%s': expected "
			    "story, value, estimate or status",
			    config_where(edit, where, sizeof(where)), section,
			    edit->value);
	if (!strcmp(type->value, "number"))
		f->type = PRIO_TYPE_NUMBER;
	else if (!strcmp(type->value, "text"))
		f->type = PRIO_TYPE_TEXT;
	else if (!strcmp(type->value, "date"))
		f->type = PRIO_TYPE_TEXT, f->flags |= FIELD_DATE;
	else
		return errf(err, PRIO_EINVAL,
			    "%s: [%s] type = '%s': expected number, text or "
			    "date", where, section, type->value);
	if (parse_bound(cfg, section, "min", &f->has_min, &f->min, err) ||
	    parse_bound(cfg, section, "max", &f->has_max, &f->max, err))
		return PRIO_EINVAL;
	if ((f->has_min || f->has_max) && f->type != PRIO_TYPE_NUMBER)
		return errf(err, PRIO_EINVAL,
			    "%s: [%s] min and max are for numbers", where,
			    section);
	if (f->has_min && f->has_max && f->min > f->max)
		return errf(err, PRIO_EINVAL, "%s: [%s] min is above max",
			    where, section);
	if (values) {
		const char *p = values->value;

		if (f->type != PRIO_TYPE_TEXT)
			return errf(err, PRIO_EINVAL,
				    "%s: [%s] values = is for text fields",
				    config_where(values, where, sizeof(where)),
				    section);
		while (*p) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			const char *b = p, *e = p + len;

			while (b < e && (*b == ' ' || *b == '\n'))
				b++;
			while (e > b && (e[-1] == ' ' || e[-1] == '\n'))
				e--;
			if (b == e)
				return errf(err, PRIO_EINVAL,
					    "%s: [%s] values = has an empty value",
					    config_where(values, where,
							 sizeof(where)),
					    section);
			f->values = xrealloc(f->values,
					     (f->nvalues + 1) * sizeof(char *));
			f->values[f->nvalues++] = xstrndup(b, (size_t)(e - b));
			p = bar ? bar + 1 : p + len;
		}
	}
	return 0;
}

int schema_load(struct schema *s, const struct config *cfg, char *err)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++) {
		struct field *f = add_field(s, builtins[i].name);

		f->type = builtins[i].type;
		f->flags = builtins[i].flags | FIELD_BUILTIN;
		f->action = builtins[i].action;
		f->description = xstrdup(builtins[i].description);
		for (const char *const *v = builtins[i].values; v && *v; v++) {
			f->values = xrealloc(f->values,
					     (f->nvalues + 1) * sizeof(char *));
			f->values[f->nvalues++] = xstrdup(*v);
		}
		if (!strcmp(f->name, "estimate"))
			f->has_min = 1;	/* min 0 */
	}
	s->nbuiltin = s->n;
	for (size_t i = 0; i < cfg->n; i++) {
		int rc;

		if (strncmp(cfg->v[i].section, "field.", 6))
			continue;
		rc = declare(s, cfg, cfg->v[i].section, err);
		if (rc) {
			schema_release(s);	/* nothing half built is left */
			return rc;
		}
	}
	return 0;
}

void schema_release(struct schema *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].description);
		for (size_t j = 0; j < s->v[i].nvalues; j++)
			free(s->v[i].values[j]);
		free(s->v[i].values);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const struct field *schema_find(const struct schema *s, const char *name,
				size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i].name) == len &&
		    !memcmp(s->v[i].name, name, len))
			return &s->v[i];
	return NULL;
}

static int time_valid(const char *v, size_t len)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	if (len != sizeof(shape) - 1)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (shape[i] == 'd' ? !(v[i] >= '0' && v[i] <= '9')
				    : v[i] != shape[i])
			return 0;
	return 1;
}

/* The value as errors show it: cut at 40 bytes. */
static const char *shown(const char *val, size_t len, char buf[64])
{
	snprintf(buf, 64, "%.*s%s", len > 40 ? 40 : (int)len, val,
		 len > 40 ? "..." : "");
	return buf;
}

int field_validate(const struct field *f, const char *val, size_t len,
		   double *num, char *err)
{
	char b[64];
	long long id;

	if (memchr(val, '\0', len))
		return errf(err, PRIO_EINVAL, "contains a NUL byte");
	/* Ids are whole numbers in range, and a number names an id. */
	if ((!strcmp(f->name, "id") && id_parse(val, len, &id) != 1) ||
	    ((f->flags & FIELD_REF) && id_parse(val, len, &id) < 0))
		return id_refuse(err, val, len);
	if (!strcmp(f->name, "key") && id_parse(val, len, &id))
		return errf(err, PRIO_EINVAL, "'%s' cannot be a key: it is a "
			    "number, and prio reads a number as an item id "
			    "(a key needs a letter, like SHOP-5)",
			    shown(val, len, b));
	/* Named on the command line as a filter term: it must read as one. */
	if (!strcmp(f->name, "key") && len &&
	    (strchr("+-/", val[0]) || memchr(val, ':', len) ||
	     memchr(val, ' ', len)))
		return errf(err, PRIO_EINVAL, "'%s' cannot be a key: a filter "
			    "reads it as FIELD:VALUE, +LABEL, -LABEL, /TEXT/ "
			    "or words, not as a key", shown(val, len, b));
	if (f->type == PRIO_TYPE_NUMBER && !(f->flags & FIELD_REF)) {
		if (num_parse(val, len, num) < 0)
			return errf(err, PRIO_EINVAL, "not a number: '%s'",
				    shown(val, len, b));
		if (f->has_min && *num < f->min)
			return errf(err, PRIO_EINVAL, "%s is below the minimum %g",
				    shown(val, len, b), f->min);
		if (f->has_max && *num > f->max)
			return errf(err, PRIO_EINVAL, "%s is above the maximum %g",
				    shown(val, len, b), f->max);
		return 0;
	}
	if ((f->flags & FIELD_REQUIRED) && !len)
		return errf(err, PRIO_EINVAL, "must not be empty");
	if (f->flags & FIELD_DATE) {
		char day[11];
		long d;

		memcpy(day, val, len == 10 ? 10 : 0);
		day[len == 10 ? 10 : 0] = '\0';
		if (date_parse(day, &d) < 0)
			return errf(err, PRIO_EINVAL, "'%s' is not a date like "
				    "2026-12-24", shown(val, len, b));
	}
	if ((f->flags & FIELD_TIME) && !time_valid(val, len))
		return errf(err, PRIO_EINVAL,
			    "'%s' is not a time like 2026-01-31T09:00:00Z",
			    shown(val, len, b));
	if (f->nvalues) {
		struct buf allowed = {0};

		for (size_t i = 0; i < f->nvalues; i++)
			if (strlen(f->values[i]) == len &&
			    !memcmp(f->values[i], val, len))
				return 0;
		for (size_t i = 0; i < f->nvalues; i++)
			buf_addf(&allowed, "%s%s", i ? ", " : "", f->values[i]);
		errf(err, PRIO_EINVAL, "'%s' is not one of: %s",
		     shown(val, len, b), allowed.p);
		buf_release(&allowed);
		return PRIO_EINVAL;
	}
	return 0;
}
