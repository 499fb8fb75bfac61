/*
 * policy.c - who is acting, with which roles, and whether the [roles]
 * policy lets them. The person: --as USER, else PRIO_USER, else the login
 * name; their roles: [users] NAME = role, role; someone not listed gets
 * [roles] default, or is refused when there is none.
 *
 * Every change to an item goes through policy_change, so that a right
 * holds whatever the path: a status cannot be set by import that set
 * would refuse.
 */
#include "prio.h"

#include <prio/policy.h>

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An answer of the policy, kept: an import asks the same for each row. */
struct decision {
	const char *action;	/* the caller's pointer: static or the schema's */
	char *field;
	const char *seen;	/* the field's pointer when last asked */
};

/* Lists open criteria, as many as a message holds (PRIO_ERR_MAX). */
static int open_one(void *arg, const struct criterion *c)
{
	struct buf *b = arg;

	if (c->checked || (b->len > PRIO_ERR_MAX / 2 &&
			   !strcmp(b->p + b->len - 3, "...")))
		return 0;
	if (b->len > PRIO_ERR_MAX / 2)
		buf_adds(b, "\n  ...");
	else
		buf_addf(b, "\n  %lld. %.80s", c->n, c->text);
	return 0;
}

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

/*
 * The built-in layer says `default = product` for the built-in policy:
 * under another policy that is no role, and no error either (the user
 * chose the policy and wrote no default). A default the user wrote is
 * checked.
 */
static const struct config_entry *default_entry(struct prio *p)
{
	const struct config_entry *e = config_find(&p->cfg, "roles", "default");
	const char *const *k;

	if (!e || strcmp(e->file, "<built-in>"))
		return e;
	for (k = policy_roles(p); *k && strcmp(*k, e->value); k++)
		;
	return *k ? e : NULL;
}

const char *policy_default(struct prio *p)
{
	const struct config_entry *e = default_entry(p);

	return e && *e->value ? e->value : NULL;
}

static void policy_end(struct prio *p);

int policy_load(struct prio *p, char *err)
{
	const char *name, *as;
	const struct prio_policy_ops *ops;
	struct config_entry *e;
	int rc;

	if (p->policy)
		return 0;	/* asked for every row of an import: cheap */
	p->policy_end = policy_end;
	name = config_get(&p->cfg, "roles", "policy");
	as = p->as_opt ? p->as_opt : getenv("PRIO_USER");
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
		     (e == default_entry(p))) &&
		    config_effective(&p->cfg, i)) {
			size_t before = p->nroles;
			rc = add_roles(p, e, err);
			while (p->nroles > before)	/* checked, not taken */
				free(p->roles[--p->nroles]);
			if (rc)
				return rc;
		}
	}
	if (p->identify) {
		/* A shared store: the server says who, and its groups say
		 * roles, besides [users]; --as was refused at set-up. */
		if ((rc = p->identify(p, err)))
			return rc;
		p->via = "server";
	} else {
		p->via = !as || !*as ? "login" : p->as_opt ? "--as"
							   : "PRIO_USER";
		p->user = as && *as ? xstrdup(as) : login_name();
	}
	e = config_find(&p->cfg, "users", p->user);
	if (p->store_roles) {
		struct config_entry granted = {
			.section = (char *)"users", .key = p->user,
			.value = p->store_roles,
			.file = (char *)"the server's roles",
		};
		if ((rc = add_roles(p, &granted, err)))
			return rc;
	}
	if ((!e || !*e->value) && !p->nroles)
		e = (struct config_entry *)default_entry(p);
	if (e && *e->value && (rc = add_roles(p, e, err)))
		return rc;
	/* One role named twice ([users] and the server's groups): once. */
	for (size_t i = 0; i < p->nroles; i++)
		for (size_t k = i + 1; k < p->nroles; k++)
			if (!strcmp(p->roles[i], p->roles[k])) {
				free(p->roles[k]);
				p->roles[k--] = p->roles[--p->nroles];
			}
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
	/*
	 * Asked before and allowed: the same answer, without asking again
	 * (an import asks for each row). The caller's pointer finds it
	 * first; the copy of the name makes sure.
	 */
	for (int by_name = 0; by_name < 2; by_name++)
		for (size_t i = 0; i < p->ndecided; i++) {
			struct decision *d = &p->decided[i];
			if (d->action != action ||
			    (!by_name && d->seen != field) ||
			    (field ? !d->field || strcmp(d->field, field)
				   : d->field != NULL))
				continue;
			d->seen = field;
			return 0;
		}
	ops = p->policy->desc->ops;
	req.roles = (const char *const *)p->roles;
	req.nroles = p->nroles;
	req.user = p->user;
	req.action = action;
	req.field = field;
	/* A policy older than item.finish judges it as a status change. */
	if (!strcmp(action, "item.finish") && p->policy->desc->abi_minor < 3)
		req.action = "item.edit.status";
	err[0] = '\0';
	rc = ops->check(p->policy_state, &req, err);
	if (rc < 0 && !err[0])
		errf(err, rc, "%s may not %s", p->user, action);
	if (rc >= 0) {
		p->decided = xrealloc(p->decided, (p->ndecided + 1) *
				      sizeof(*p->decided));
		p->decided[p->ndecided].action = action;
		p->decided[p->ndecided].seen = field;
		p->decided[p->ndecided++].field = field ? xstrdup(field) : NULL;
	}
	return rc < 0 ? PRIO_EDENIED : 0;
}

/* prio_release's end of the policy (prio.h). */
static void policy_end(struct prio *p)
{
	policy_log_refusal(p);
	policy_release(p);
}

/* Keeps a refusal for the log, and writes it there if it can now. */
static int refuse(struct prio *p, const char *action, long long item,
		  struct buf *after, char *err)
{
	free(p->refused.after);
	free(p->refused.reason);
	p->refused.action = action;
	p->refused.item = item;
	p->refused.after = after ? buf_detach(after) : NULL;
	p->refused.reason = xstrdup(err);
	p->policy_end = policy_end;
	policy_log_refusal(p);
	return PRIO_EDENIED;
}

void policy_log_refusal(struct prio *p)
{
	char ignored[PRIO_ERR_MAX];
	struct log_entry e = {
		.user = p->user, .roles = p->roles_text ? p->roles_text : "",
		.action = p->refused.action, .item = p->refused.item,
		.after = p->refused.after, .reason = p->refused.reason,
		.via = p->via,
	};

	/* Inside the refused change's transaction it waits for the rollback. */
	if (!p->refused.reason || prio_open_store(p, ignored) ||
	    store_in_transaction(p->store) || store_begin(p->store, ignored))
		return;
	if (store_log(p->store, &e, ignored) || store_commit(p->store, ignored))
		store_rollback(p->store);
	free(p->refused.after);
	free(p->refused.reason);
	memset(&p->refused, 0, sizeof(p->refused));
}

int authorize(struct prio *p, const char *action, const char *field,
	      long long item, char *err)
{
	int rc = allowed(p, action, field, err);

	return rc == PRIO_EDENIED ? refuse(p, action, item, NULL, err) : rc;
}

/*
 * Asks for the right to write column c of row r (the refusal records
 * the value tried).
 */
static int ask(struct prio *p, const char *action, long long item,
	       const struct table *t, size_t r, int c, char *err)
{
	int rc = allowed(p, action, t->cols[c].name, err);
	struct buf tried = {0};

	if (rc != PRIO_EDENIED)
		return rc;
	table_row_json(t, r, &c, 1, &tried);
	return refuse(p, action, item, &tried, err);
}

static int is_final(const char *s)
{
	return !strcmp(s, "accepted") || !strcmp(s, "rejected");
}

int policy_acceptable(struct prio *p, long long id, char *err)
{
	struct buf open = {0};
	int rc;

	if ((rc = store_criteria(p->store, id, open_one, &open, err)))
		return rc;
	if (open.len)
		rc = errf(err, PRIO_EINVAL, "item %lld is not accepted: these "
			  "acceptance criteria are open:%s\n(prio criteria "
			  "check %lld N when one is met)", id, open.p, id);
	buf_release(&open);
	return rc;
}

/*
 * The action that moves an item from status `from` to `to`: accepting
 * and rejecting, and undoing either, is the accept right's.
 */
static const char *status_action(const char *from, const char *to)
{
	if (is_final(to) || is_final(from))
		return "item.accept";
	return strcmp(to, "done") ? "item.edit.status" : "item.finish";
}

/* Do cell (a, ra, ca) and cell (b, rb, cb) of field f hold one value? */
static int same(struct prio *p, const struct field *f, const struct table *a,
		size_t ra, int ca, const struct table *b, size_t rb, int cb)
{
	char na[32], nb[32], ignored[PRIO_ERR_MAX];
	size_t la, lb;
	const char *va = table_text(a, ca, ra, na, &la);
	const char *vb = table_text(b, cb, rb, nb, &lb);
	double x, y;
	long long id;

	if (!va || !vb)
		return !va && !vb;
	/* A parent named by key is the item with that id. */
	if ((f->flags & FIELD_REF) &&
	    store_lookup(p->store, vb, lb, &id, ignored) == 1) {
		snprintf(nb, sizeof(nb), "%lld", id);
		vb = nb;
		lb = strlen(nb);
	}
	if (f->type == PRIO_TYPE_NUMBER && num_parse(va, la, &x) == 0 &&
	    num_parse(vb, lb, &y) == 0)
		return x == y;
	return la == lb && !memcmp(va, vb, la);
}

/* What comes with creating an item, and what prio keeps itself. */
static int free_on_create(const char *name)
{
	return strchr("tki", name[0]) &&	/* an import asks each row */
	       (!strcmp(name, "title") || !strcmp(name, "key") ||
		!strcmp(name, "type") || !strcmp(name, "id"));
}

/* A text cell as a string ("" when missing), for the caller to free. */
static char *cell_string(const struct table *t, int c, size_t r)
{
	char num[32];
	size_t len;
	const char *v = table_text(t, c, r, num, &len);

	return xstrndup(v ? v : "", v ? len : 0);
}

int policy_change(struct prio *p, long long id, const struct table *t,
		  size_t r, const int *cols, size_t ncols, const char **acts,
		  struct buf *before, char *err)
{
	struct table now;	/* laid out as t: the schema's fields */
	int *fcols = xmalloc((ncols ? ncols : 1) * sizeof(int)), rc;
	int *changed = xmalloc((ncols ? ncols : 1) * sizeof(int));
	size_t nf = 0, nchanged = 0;

	table_init(&now);
	for (size_t i = 0; i < ncols; i++) {
		if (acts)
			acts[i] = NULL;
		if (t->cols[cols[i]].field)
			fcols[nf++] = cols[i];
	}
	if (!(rc = policy_load(p, err)) && id) {
		table_release(&now);
		table_for_schema(&now, &p->schema);
		table_add_row(&now, 0);
		rc = store_item_read(p->store, id, t, fcols, nf, &now, 0, err);
		rc = rc < 0 ? rc : rc ? 0 : errf(err, PRIO_EINVAL, "item %lld: "
						 "no such item", id);
	}
	for (size_t i = 0; i < nf && !rc; i++) {
		int c = fcols[i];
		const struct field *f = t->cols[c].field;
		const char *action = f->action;
		char *from = NULL, *to = NULL;

		/* updated is prio's own stamp of the write, not a value. */
		if (!strcmp(f->name, "updated"))
			continue;
		if (id ? same(p, f, &now, 0, c, t, r, c)
		       : table_cell(t, c, r) == CELL_NONE)
			continue;
		if (!strcmp(f->name, "status")) {
			/* A new item's status before is the store's default. */
			from = id ? cell_string(&now, c, 0) : xstrdup("new");
			to = cell_string(t, c, r);
			action = strcmp(from, to) ? status_action(from, to) : NULL;
		}
		if (acts)
			for (size_t k = 0; k < ncols; k++)
				if (cols[k] == c)
					acts[k] = action;
		if (action)
			changed[nchanged++] = c;
		if (action && (id || !free_on_create(f->name)))
			rc = ask(p, action, id, t, r, c, err);
		if (!rc && action && id && !strcmp(to ? to : "", "accepted"))
			rc = policy_acceptable(p, id, err);
		free(from);
		free(to);
	}
	if (!rc && before && id)
		table_row_json(&now, 0, changed, nchanged, before);
	table_release(&now);
	free(changed);
	free(fcols);
	return rc;
}

void policy_release(struct prio *p)
{
	for (size_t i = 0; i < p->ndecided; i++)
		free(p->decided[i].field);
	free(p->decided);
	free(p->refused.after);
	free(p->refused.reason);
}

int audit(struct prio *p, const char *action, long long item,
	  const char *before, const char *after, char *err)
{
	struct log_entry e = {
		.user = p->user ? p->user : "unknown",
		.roles = p->roles_text ? p->roles_text : "",
		.action = action, .item = item, .before = before, .after = after,
		.via = p->via,
	};
	return store_log(p->store, &e, err);
}
