/*
 * policy.c - who is acting, with which roles, and whether the [roles]
 * policy lets them. The person: --as USER, else PRIO_USER, else the login
 * name; their roles: [users] NAME = role, role; someone not listed gets
 * [roles] default, or is refused when there is none.
 */
#include "prio.h"

#include <prio/policy.h>

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *login_name(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *u = pw ? pw->pw_name : getenv("USER");

	return xstrdup(u && *u ? u : "unknown");
}

/* Splits "pm, po" into p->roles, checking each against the policy. */
static int add_roles(struct prio *p, const struct config_entry *e, char *err)
{
	const char *const *known = policy_roles(p);
	const char *s = e->value;
	char where[PRIO_ERR_MAX / 2];

	while (*s) {
		size_t len = strcspn(s, ", \t");
		const char *const *k;

		for (k = known; len && *k; k++)
			if (strlen(*k) == len && !strncmp(*k, s, len))
				break;
		if (len && !*k) {
			struct buf all = {0};
			for (k = known; *k; k++)
				buf_addf(&all, "%s%s", k == known ? "" : ", ", *k);
			errf(err, PRIO_EINVAL, "%s: [%s] %s: unknown role '%.*s' "
			     "(the %s policy has: %s)",
			     config_where(e, where, sizeof(where)), e->section,
			     e->key, (int)len, s, p->policy->desc->name, all.p);
			buf_release(&all);
			return PRIO_EINVAL;
		}
		if (len) {
			p->roles = xrealloc(p->roles,
					    (p->nroles + 1) * sizeof(char *));
			p->roles[p->nroles++] = xstrndup(s, len);
		}
		s += len;
		s += strspn(s, ", \t");
	}
	return 0;
}

const char *const *policy_roles(struct prio *p)
{
	const struct prio_policy_ops *ops = p->policy->desc->ops;
	static const char *const none[] = { NULL };
	const char *const *r = ops->roles ? ops->roles(p->policy_state) : NULL;

	return r ? r : none;
}

int policy_load(struct prio *p, char *err)
{
	const char *name = config_get(&p->cfg, "roles", "policy");
	const struct prio_policy_ops *ops;
	struct config_entry *e;
	const char *as = p->as_opt ? p->as_opt : getenv("PRIO_USER");
	int rc;

	if (p->policy)
		return 0;
	if (!name || !*name)
		return errf(err, PRIO_EINVAL, "[roles] policy is not set");
	p->policy = prio_find_plugin(p, PRIO_KIND_POLICY, name);
	if (!p->policy) {
		const struct plugin *r = plugins_refused(&p->plugins, name);
		char where[PRIO_ERR_MAX / 2];

		e = config_find(&p->cfg, "roles", "policy");
		if (r)
			return errf(err, PRIO_EINVAL, "%s: policy '%s': plugin "
				    "%s was refused: %s",
				    config_where(e, where, sizeof(where)), name,
				    r->path, r->refused);
		return errf(err, PRIO_EINVAL, "%s: [roles] no policy plugin '%s' "
			    "(prio plugins lists them)",
			    config_where(e, where, sizeof(where)), name);
	}
	ops = p->policy->desc->ops;
	err[0] = '\0';
	if (ops->configure &&
	    (rc = ops->configure(config_section(&p->cfg, "roles"),
				 &p->policy_state, err)) < 0) {
		p->policy = NULL;
		return rc;
	}
	/* Every key the policy did not read is unknown, in [role.*] too. */
	config_mark_used(&p->cfg, "roles", "policy");
	config_mark_used(&p->cfg, "roles", "default");
	for (size_t i = 0; i < p->cfg.n; i++) {
		const char *sec = p->cfg.v[i].section;
		if ((!strcmp(sec, "roles") || !strncmp(sec, "role.", 5)) &&
		    (rc = config_unused(&p->cfg, sec, NULL, err)))
			return rc;
	}
	/* Every role named anywhere must exist under this policy. */
	for (size_t i = 0; i < p->cfg.n; i++) {
		e = &p->cfg.v[i];
		if ((!strcmp(e->section, "users") ||
		     (!strcmp(e->section, "roles") && !strcmp(e->key, "default"))) &&
		    config_effective(&p->cfg, i)) {
			size_t before = p->nroles;
			rc = add_roles(p, e, err);
			while (p->nroles > before)	/* checked, not taken */
				free(p->roles[--p->nroles]);
			if (rc)
				return rc;
		}
	}
	p->user = as && *as ? xstrdup(as) : login_name();
	e = config_find(&p->cfg, "users", p->user);
	if (!e || !*e->value)
		e = config_find(&p->cfg, "roles", "default");
	if (e && (rc = add_roles(p, e, err)))
		return rc;
	{
		struct buf b = {0};
		for (size_t i = 0; i < p->nroles; i++)
			buf_addf(&b, "%s%s", i ? "," : "", p->roles[i]);
		p->roles_text = buf_detach(&b);
	}
	return 0;
}

int allowed(struct prio *p, const char *action, const char *field, char *err)
{
	const struct prio_policy_ops *ops;
	struct prio_request req;
	int rc;

	if ((rc = policy_load(p, err)))
		return rc;
	if (!p->nroles)
		return errf(err, PRIO_EDENIED, "user '%s' has no role: map it "
			    "in [users] (%s = ROLE) or set [roles] default",
			    p->user, p->user);
	ops = p->policy->desc->ops;
	req.roles = (const char *const *)p->roles;
	req.nroles = p->nroles;
	req.user = p->user;
	req.action = action;
	req.field = field;
	err[0] = '\0';
	rc = ops->check(p->policy_state, &req, err);
	if (rc < 0 && !err[0])
		errf(err, rc, "%s may not %s", p->user, action);
	return rc < 0 ? PRIO_EDENIED : 0;
}

int authorize(struct prio *p, const char *action, const char *field,
	      long long item, char *err)
{
	int rc = allowed(p, action, field, err);
	char ignored[PRIO_ERR_MAX];

	if (rc != PRIO_EDENIED)
		return rc;
	/* A refusal is recorded too, in a transaction of its own. */
	if (prio_open_store(p, ignored) == 0 &&
	    store_begin(p->store, ignored) == 0) {
		struct buf after = {0};
		struct log_entry e = {
			.user = p->user, .roles = p->roles_text ? p->roles_text : "",
			.action = action, .item = item, .reason = err,
		};
		if (field) {
			buf_addc(&after, '{');
			buf_addjson(&after, field, strlen(field));
			buf_adds(&after, ": null}");
			e.after = after.p;
		}
		if (store_log(p->store, &e, ignored) ||
		    store_commit(p->store, ignored))
			store_rollback(p->store);
		buf_release(&after);
	}
	return PRIO_EDENIED;
}

int audit(struct prio *p, const char *action, long long item,
	  const char *before, const char *after, char *err)
{
	struct log_entry e = {
		.user = p->user ? p->user : "unknown",
		.roles = p->roles_text ? p->roles_text : "",
		.action = action, .item = item, .before = before, .after = after,
	};
	return store_log(p->store, &e, err);
}
