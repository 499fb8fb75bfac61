/*
 * acl.c - an organisation's own table: one [role.NAME] section per role,
 * with `allow =` and `deny =` lists of actions or patterns (item.edit.*),
 * deny winning; `title =` names the role in messages. Checked when loaded:
 * a pattern that names no action is an error with its file and line.
 */
#include <stdlib.h>

#include "rules.h"

PRIO_HOST_INIT

struct acl {
	struct rule *rules;
	char **names;		/* NULL-terminated, for roles() */
	size_t n;
};

static void release(void *state)
{
	struct acl *a = state;

	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free((char *)a->rules[i].title);
	free(a->rules);
	free(a->names);
	free(a);
}

struct check_ctx {
	const struct prio_section *sec;
	const char *key;
	char *err;
};

static int check_pattern(const char *pat, size_t len, void *arg)
{
	struct check_ctx *c = arg;

	if (rules_known(pat, len))
		return 0;
	return host->bad_value(c->sec, c->key, c->err,
			       "'%.*s' is not an action (prio roles lists them)",
			       (int)len, pat);
}

static int add_role(void *arg, const struct prio_section *sec)
{
	struct acl *a = ((void **)arg)[0];
	char *err = ((void **)arg)[1];
	const char *name = host->section_name(sec);
	const char *title = host->get(sec, "title", NULL);
	struct rule *r;
	struct check_ctx c = { sec, "allow", err };
	int rc;

	r = realloc(a->rules, (a->n + 1) * sizeof(*r));
	if (!r)
		return PRIO_ENOMEM;
	a->rules = r;
	r = &a->rules[a->n];
	r->role = name;
	r->allow = host->get(sec, "allow", NULL);
	r->deny = host->get(sec, "deny", NULL);
	r->title = NULL;
	if ((rc = rules_each(r->allow, check_pattern, &c)))
		return rc;
	c.key = "deny";
	if ((rc = rules_each(r->deny, check_pattern, &c)))
		return rc;
	{
		size_t len = strlen(title ? title : name) + sizeof("the role ");
		char *t = malloc(len);
		if (!t)
			return PRIO_ENOMEM;
		snprintf(t, len, "%s%s", title ? "" : "the role ",
			 title ? title : name);
		r->title = t;
	}
	a->n++;
	return 0;
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	struct acl *a = calloc(1, sizeof(*a));
	void *arg[2] = { a, err };
	int rc;

	if (!a)
		return PRIO_ENOMEM;
	if ((rc = host->section_each(sec, "role.", add_role, arg))) {
		release(a);
		return rc;
	}
	if (!a->n) {
		release(a);
		snprintf(err, PRIO_ERR_MAX, "the acl policy needs at least one "
			 "[role.NAME] section with allow = ...");
		return PRIO_EINVAL;
	}
	a->names = calloc(a->n + 1, sizeof(char *));
	if (!a->names) {
		release(a);
		return PRIO_ENOMEM;
	}
	for (size_t i = 0; i < a->n; i++)
		a->names[i] = (char *)a->rules[i].role;
	*state = a;
	return 0;
}

static int check(void *state, const struct prio_request *req, char *err)
{
	const struct acl *a = state;
	return rules_check(a->rules, a->n, "acl", req, err);
}

static const char *const *list_roles(void *state)
{
	return (const char *const *)((struct acl *)state)->names;
}

static const struct prio_policy_ops ops = {
	.struct_size = sizeof(struct prio_policy_ops),
	.configure = configure,
	.check = check,
	.roles = list_roles,
	.release = release,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_POLICY, "acl", "1.0",
		   "the organisation's own table of roles, in [role.NAME]",
		   prio_host_keep, NULL, &ops);
