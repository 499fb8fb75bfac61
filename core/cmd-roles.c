/*
 * cmd-roles.c - prio roles: the role policy in force, who holds which
 * role, and who may do what; prio roles switch: move to another policy
 * without losing anything.
 */
#include "cmd.h"
#include "visible.h"

#include <prio/policy.h>

#include <stdlib.h>
#include <string.h>

#include "agile.h"

#define NAME_(id, name, what) name,
static const char *const actions[] = { PRIO_ACTIONS(NAME_) NULL };
#undef NAME_

/* May one role do the action under the policy (plugin + state)? */
static int role_may(const struct plugin *pl, void *state, const char *role,
		    const char *action)
{
	const struct prio_policy_ops *ops = pl->desc->ops;
	const char *roles[] = { role };
	struct prio_request req = { roles, 1, "", action, NULL };
	char err[PRIO_ERR_MAX];

	return ops->check(state, &req, err) == 0;
}

/* Bit k set: roles may do actions[k]. */
static unsigned long may_mask(const struct plugin *pl, void *state,
			      char *const *roles, size_t n)
{
	unsigned long m = 0;

	for (size_t k = 0; actions[k]; k++)
		for (size_t i = 0; i < n; i++)
			if (role_may(pl, state, roles[i], actions[k]))
				m |= 1ul << k;
	return m;
}

static int show(struct prio *p)
{
	const char *const *roles = policy_roles(p);
	const char *def = policy_default(p);
	size_t w = 6;

	vis_printf("policy: %s (%s)\n", p->policy->desc->name, p->policy->path);
	vis_printf("you:    %s (%s)\n\n", p->user,
	       p->nroles ? p->roles_text : "no role");
	printf("users:\n");
	for (size_t i = 0; i < p->cfg.n; i++)
		if (!strcmp(p->cfg.v[i].section, "users") &&
		    config_effective(&p->cfg, i))
			vis_printf("  %-14s %s\n", p->cfg.v[i].key, p->cfg.v[i].value);
	vis_printf("  %-14s %s\n\n", "(anyone else)", def ? def : "refused");
	for (const char *const *a = actions; *a; a++)
		if (strlen(*a) > w)
			w = strlen(*a);
	/* Each role's column is as wide as its name, and at least "yes". */
	vis_printf("%-*s", (int)w, "ACTION");
	for (const char *const *r = roles; *r; r++)
		vis_printf("  %-*s", r[1] ? (int)(strlen(*r) > 3 ? strlen(*r) : 3) : 0,
		       *r);
	printf("\n");
	for (const char *const *a = actions; *a; a++) {
		vis_printf("%-*s", (int)w, *a);
		for (const char *const *r = roles; *r; r++)
			vis_printf("  %-*s", r[1] ? (int)(strlen(*r) > 3 ? strlen(*r)
							    : 3) : 0,
			       role_may(p->policy, p->policy_state, *r, *a) ?
			       "yes" : "-");
		printf("\n");
	}
	return EXIT_OK;
}

/* "po, developer" as a JSON array of names. */
static void json_roles(struct buf *b, const char *s)
{
	size_t n = 0;

	buf_addc(b, '[');
	while (*s) {
		size_t len = strcspn(s, ", \t");

		if (len) {
			buf_adds(b, n++ ? ", " : "");
			buf_addjson(b, s, len);
		}
		s += len;
		s += strspn(s, ", \t");
	}
	buf_addc(b, ']');
}

static void json_str(struct buf *b, const char *s)
{
	if (s)
		buf_addjson(b, s, strlen(s));
	else
		buf_adds(b, "null");
}

static int show_json(struct prio *p)
{
	const char *const *roles = policy_roles(p);
	const char *def = policy_default(p);
	struct buf b = {0};
	size_t n = 0;

	buf_adds(&b, "{\"policy\": ");
	json_str(&b, p->policy->desc->name);
	buf_adds(&b, ", \"path\": ");
	json_str(&b, p->policy->path);
	buf_adds(&b, ", \"you\": {\"user\": ");
	json_str(&b, p->user);
	buf_adds(&b, ", \"roles\": [");
	for (size_t i = 0; i < p->nroles; i++) {
		buf_adds(&b, i ? ", " : "");
		json_str(&b, p->roles[i]);
	}
	buf_adds(&b, "], \"via\": ");
	json_str(&b, p->via);
	buf_adds(&b, "},\n \"users\": [");
	for (size_t i = 0; i < p->cfg.n; i++)
		if (!strcmp(p->cfg.v[i].section, "users") &&
		    config_effective(&p->cfg, i)) {
			buf_adds(&b, n++ ? ", {\"user\": " : "{\"user\": ");
			json_str(&b, p->cfg.v[i].key);
			buf_adds(&b, ", \"roles\": ");
			json_roles(&b, p->cfg.v[i].value);
			buf_addc(&b, '}');
		}
	buf_adds(&b, "], \"default\": ");
	json_str(&b, def);
	buf_adds(&b, ",\n \"roles\": [");
	for (const char *const *r = roles; *r; r++) {
		buf_adds(&b, r != roles ? ", " : "");
		json_str(&b, *r);
	}
	buf_adds(&b, "],\n \"actions\": {");
	for (const char *const *a = actions; *a; a++) {
		buf_adds(&b, a != actions ? ",\n   " : "\n   ");
		json_str(&b, *a);
		buf_adds(&b, ": [");
		n = 0;
		for (const char *const *r = roles; *r; r++)
			if (role_may(p->policy, p->policy_state, *r, *a)) {
				buf_adds(&b, n++ ? ", " : "");
				json_str(&b, *r);
			}
		buf_addc(&b, ']');
	}
	buf_adds(&b, "}}\n");
	fputs(b.p, stdout);
	buf_release(&b);
	return EXIT_OK;
}

/* A user's roles after the switch. */
struct person {
	char *user;
	char **roles;
	size_t nroles;
	char **old;
	size_t nold;
};

static void split_roles(const char *s, char ***out, size_t *n)
{
	while (*s) {
		size_t len = strcspn(s, ", \t");
		if (len) {
			*out = xrealloc(*out, (*n + 1) * sizeof(char *));
			(*out)[(*n)++] = xstrndup(s, len);
		}
		s += len;
		s += strspn(s, ", \t");
	}
}

static struct person *person(struct person **v, size_t *n, const char *user)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].user, user))
			return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].user = xstrdup(user);
	return &(*v)[(*n)++];
}

static int known_role(const char *const *roles, const char *r)
{
	for (; *roles; roles++)
		if (!strcmp(*roles, r))
			return 1;
	return 0;
}

static void list_actions(struct buf *b, unsigned long m)
{
	for (size_t k = 0; actions[k]; k++)
		if (m & (1ul << k))
			buf_addvisf(b, " %s", actions[k]);
}

static int do_switch(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "default", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *maps = NULL, *def = NULL, *name;
	const struct plugin *to;
	const struct prio_policy_ops *ops;
	void *state = NULL;
	struct person *people = NULL;
	size_t npeople = 0;
	struct buf report = {0}, problems = {0}, before = {0}, after = {0};
	char err[PRIO_ERR_MAX], *ini = NULL, *orig = NULL, *text = NULL;
	int dry = 0, o, rc;
	size_t len;

	optind = 1;
	while ((o = cmd_getopt(&cmd_roles, argc, argv, "hn", longopts)) != -1) {
		if (o == 'm')
			maps = optarg;
		else if (o == 'd')
			def = optarg;
		else if (o == 'n')
			dry = 1;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cmd_usage(&cmd_roles, EXIT_USAGE);
	name = argv[optind];
	if ((rc = authorize(p, "config.edit", NULL, 0, err)))
		return fail(exit_status(rc), "%s", err);
	to = prio_find_plugin(p, PRIO_KIND_POLICY, name);
	if (!to)
		return fail(EXIT_DATA, "no policy '%s' (prio plugins lists them)",
			    name);
	ops = to->desc->ops;
	if (ops->configure &&
	    (rc = ops->configure(config_section(&p->cfg, "roles"), &state,
				 err)) < 0)
		return fail(exit_status(rc), "%s", err);
	{
		const char *const *new_roles = ops->roles(state);
		const char *old_def = policy_default(p);

		/* Everyone mapped now, with their roles; then --map. */
		for (size_t i = 0; i < p->cfg.n; i++) {
			const struct config_entry *e = &p->cfg.v[i];
			struct person *pp;
			if (strcmp(e->section, "users") ||
			    !config_effective(&p->cfg, i))
				continue;
			pp = person(&people, &npeople, e->key);
			split_roles(e->value, &pp->old, &pp->nold);
		}
		for (const char *m = maps; m && *m;) {
			size_t l = strcspn(m, ",");
			char *pair = xstrndup(m, l), *eq = strchr(pair, '=');
			struct person *pp;

			if (!eq || eq == pair || !eq[1]) {
				rc = fail(EXIT_USAGE, "--map %s: expected "
					  "USER=ROLE[,USER=ROLE...]", pair);
				free(pair);
				goto out;
			}
			*eq = '\0';
			/* --map gives the new roles; the old ones are not kept. */
			pp = person(&people, &npeople, pair);
			split_roles(eq + 1, &pp->roles, &pp->nroles);
			free(pair);
			m += l;
			m += strspn(m, ",");
		}
		for (size_t i = 0; i < npeople; i++) {
			struct person *pp = &people[i];
			if (!pp->nroles)	/* not remapped: keeps the old */
				for (size_t k = 0; k < pp->nold; k++)
					split_roles(pp->old[k], &pp->roles,
						    &pp->nroles);
			for (size_t k = 0; k < pp->nroles; k++)
				if (!known_role(new_roles, pp->roles[k]))
					buf_addvisf(&problems, "  %s: role '%s' does "
						 "not exist under %s; give "
						 "them one with --map %s=ROLE\n",
						 pp->user, pp->roles[k], name,
						 pp->user);
			if (!pp->nroles)
				buf_addvisf(&problems, "  %s would have no role\n",
					 pp->user);
		}
		if (!def)
			def = old_def && *old_def ? old_def : "none";
		if (strcmp(def, "none") && !known_role(new_roles, def))
			buf_addvisf(&problems, "  the default role '%s' does not "
				 "exist under %s; set one with --default ROLE "
				 "(or --default none: unlisted users refused)\n",
				 def, name);
		if (problems.len) {
			rc = fail(EXIT_DATA, "cannot switch to %s: someone "
				  "would be left without a role:", name);
			fputs(problems.p, stderr);	/* shown already */
			goto out;
		}
		/* What each person gains and loses. */
		buf_addvisf(&report, "%s -> %s\n", p->policy->desc->name, name);
		for (size_t i = 0; i < npeople; i++) {
			struct person *pp = &people[i];
			unsigned long was = may_mask(p->policy, p->policy_state,
						     pp->old, pp->nold);
			unsigned long will = may_mask(to, state, pp->roles,
						      pp->nroles);
			buf_addvisf(&report, "  %s: ", pp->user);
			for (size_t k = 0; k < pp->nroles; k++)
				buf_addvisf(&report, "%s%s", k ? "," : "",
					    pp->roles[k]);
			if (will & ~was) {
				buf_adds(&report, "\n    gains:");
				list_actions(&report, will & ~was);
			}
			if (was & ~will) {
				buf_adds(&report, "\n    loses:");
				list_actions(&report, was & ~will);
			}
			if (was == will)
				buf_adds(&report, "  (no change)");
			buf_addc(&report, '\n');
		}
		buf_addvisf(&report, "  anyone else: %s\n", def);
	}
	if (dry) {
		fputs(report.p, stdout);
		printf("dry run: nothing changed\n");
		rc = EXIT_OK;
		goto out;
	}
	/* Rewrite the workspace's prio.ini, keeping every other line. */
	ini = xstrfmt("%s/prio.ini", p->ws);
	if (!(orig = file_read(ini, &len, err))) {
		rc = fail(EXIT_DATA, "%s", err);
		goto out;
	}
	buf_addf(&before, "{\"policy\": \"%s\"}", p->policy->desc->name);
	buf_addf(&after, "{\"policy\": \"%s\", \"default\": \"%s\"}", name, def);
	{
		char *t2 = ini_set(orig, "roles", "policy", name);

		text = ini_set(t2, "roles", "default",
			       strcmp(def, "none") ? def : "");
		free(t2);
		for (size_t i = 0; i < npeople; i++) {
			struct buf r = {0};
			for (size_t k = 0; k < people[i].nroles; k++)
				buf_addf(&r, "%s%s", k ? ", " : "",
					 people[i].roles[k]);
			t2 = ini_set(text, "users", people[i].user, r.p);
			free(text);
			text = t2;
			buf_release(&r);
		}
	}
	if ((rc = config_write_logged(p, ini, orig, text, "config.edit",
				      before.p, after.p, err))) {
		rc = fail(exit_status(rc), "%s", err);
		goto out;
	}
	/* Said once it is so: after the commit, not before. */
	fputs(report.p, stdout);
	vis_printf("switched to %s in %s\n", name, ini);
	rc = EXIT_OK;
out:
	for (size_t i = 0; i < npeople; i++) {
		for (size_t k = 0; k < people[i].nroles; k++)
			free(people[i].roles[k]);
		for (size_t k = 0; k < people[i].nold; k++)
			free(people[i].old[k]);
		free(people[i].roles);
		free(people[i].old);
		free(people[i].user);
	}
	free(people);
	if (state && ops->release)
		ops->release(state);
	buf_release(&report);
	buf_release(&problems);
	buf_release(&before);
	buf_release(&after);
	free(ini);
	free(orig);
	free(text);
	return rc;
}

/* May one role change field f (its item.edit.* action)? */
static int role_may_field(const struct plugin *pl, void *state,
			  const char *role, const struct field *f)
{
	const struct prio_policy_ops *ops = pl->desc->ops;
	const char *roles[] = { role };
	struct prio_request req = { roles, 1, "", f->action, f->name };
	char err[PRIO_ERR_MAX];

	return f->action && ops->check(state, &req, err) == 0;
}

/*
 * prio roles apply: the policy compiled into the server, so that what
 * prio refuses, SQL refuses too (store_apply_rights). The rules are
 * read off the policy by asking it, role by role, action by action,
 * field by field.
 */
static int do_apply(struct prio *p, int argc, char **argv)
{
	const char *const *roles = policy_roles(p);
	size_t nroles = 0, nactions = ARRAY_SIZE(actions) - 1, nm = 0;
	struct store_rights r = {0};
	unsigned char *may, *edit;
	const char **members = NULL;
	struct buf report = {0};
	char err[PRIO_ERR_MAX];
	int rc;

	if (argc != 1)
		return fail(EXIT_USAGE, "roles apply: unexpected '%s' (usage: "
			    "prio roles apply)", argv[1]);
	if (!prio_store_url(p))
		return fail(EXIT_DATA, "roles apply: the backlog is a file here; "
			    "only a server store (prio init --store) enforces "
			    "roles itself, and prio checks them in every command");
	if ((rc = prio_open_store(p, err)) ||
	    (rc = authorize(p, "config.edit", NULL, 0, err)))
		return fail(exit_status(rc), "%s", err);
	while (roles[nroles])
		nroles++;
	may = xcalloc(nroles * nactions + 1, 1);
	edit = xcalloc(nroles * p->schema.n + 1, 1);
	for (size_t i = 0; i < nroles; i++) {
		for (size_t a = 0; a < nactions; a++)
			may[i * nactions + a] = (unsigned char)role_may(
				p->policy, p->policy_state, roles[i], actions[a]);
		for (size_t f = 0; f < p->schema.n; f++)
			edit[i * p->schema.n + f] = (unsigned char)
				role_may_field(p->policy, p->policy_state,
					       roles[i], &p->schema.v[f]);
	}
	for (size_t i = 0; i < p->cfg.n; i++) {
		const struct config_entry *e = &p->cfg.v[i];
		const char *v = e->value;

		if (strcmp(e->section, "users") || !config_effective(&p->cfg, i))
			continue;
		while (*v) {
			size_t len = strcspn(v, ", \t");

			if (len) {
				members = xrealloc(members, (nm + 3) *
						   sizeof(*members));
				members[nm++] = e->key;
				members[nm++] = xstrndup(v, len);
				members[nm] = NULL;
			}
			v += len;
			v += strspn(v, ", \t");
		}
	}
	r.policy = p->policy->desc->name;
	r.roles = roles;
	r.nroles = nroles;
	r.actions = actions;
	r.nactions = nactions;
	r.may = may;
	r.fields = p->schema.v;
	r.nfields = p->schema.n;
	r.edit = edit;
	r.members = members;
	rc = store_sync_fields(p->store, &p->schema, err);
	if (!rc)
		rc = store_apply_rights(p->store, &r, &report, err);
	if (rc)
		rc = fail(exit_status(rc), "%s", err);
	else {
		/* Names prio checked (roles, fields): printed as they are. */
		vis_printf("applied the %s policy to the server: each role may "
			   "write these columns of items\n", r.policy);
		fputs(report.p ? report.p : "", stdout);
	}
	for (size_t i = 1; i < nm; i += 2)
		free((char *)members[i]);
	free(members);
	free(may);
	free(edit);
	buf_release(&report);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX];
	int o, rc, json = 0;

	if (argc > 1 && !strcmp(argv[1], "switch")) {
		if ((rc = prio_setup(p, 1, err)) || (rc = policy_load(p, err)))
			return fail(exit_status(rc), "%s", err);
		return do_switch(p, argc - 1, argv + 1);
	}
	if (argc > 1 && !strcmp(argv[1], "apply")) {
		if ((rc = prio_setup(p, 1, err)) || (rc = policy_load(p, err)))
			return fail(exit_status(rc), "%s", err);
		return do_apply(p, argc - 1, argv + 1);
	}
	while ((o = cmd_getopt(&cmd_roles, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'f' && (json = json_format(optarg)) < 0)
			return fail(EXIT_USAGE, "roles: --format %s: expected "
				    "text or json", optarg);
		else if (o != 'f')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (optind != argc)
		return cmd_usage(&cmd_roles, EXIT_USAGE);
	if ((rc = prio_setup(p, 0, err)) || (rc = policy_load(p, err)))
		return fail(exit_status(rc), "%s", err);
	return json ? show_json(p) : show(p);
}

const struct cmd cmd_roles = {
	"roles", run,
	"prio roles [--format text|json]\n"
	"       prio roles switch POLICY [--map USER=ROLE,...] "
	"[--default ROLE|none] [--dry-run]\n"
	"       prio roles apply",
	"show who may do what, or switch the role policy",
	"prio roles shows the policy ([roles] policy), the users ([users]\n"
	"NAME = ROLE, ROLE), and a matrix of actions and roles.\n"
	"\n"
	"prio roles switch POLICY rewrites the workspace's prio.ini to the\n"
	"new policy: --map gives users their roles under it (users not named\n"
	"keep theirs), --default sets the role of anyone not listed. It\n"
	"refuses while anyone would be left without a valid role, prints what\n"
	"each user gains and loses, and keeps every item, score and log\n"
	"entry. --dry-run prints the report and changes nothing. Switching\n"
	"needs config.edit (under separate, the product manager's).\n"
	"\n"
	"prio roles apply (a backlog on a server, prio init --store) compiles\n"
	"the policy into the database: a group role prio_SCHEMA_ROLE per\n"
	"role, granted to the people [users] names; column grants, row\n"
	"security and triggers, so that someone who writes SQL past prio is\n"
	"refused as prio would refuse them. Run it again after changing the\n"
	"policy or [users]; it needs config.edit and the server's rights\n"
	"to create roles.\n"
	"\n"
	"On a file, roles guard a team's workflow, not a security boundary:\n"
	"anyone who can write the workspace's files can change them without\n"
	"prio. On a server, apply them and they are one.\n"
	"\n"
	"--format json (keys are kept; new ones may be added):\n"
	"  {\"policy\", \"path\" (its plugin's file), \"you\": {\"user\",\n"
	"   \"roles\": [...], \"via\" (--as, PRIO_USER or login)},\n"
	"   \"users\": [{\"user\", \"roles\": [...]}] ([users]),\n"
	"   \"default\" (the role of anyone else; null: refused),\n"
	"   \"roles\": [the policy's roles],\n"
	"   \"actions\": {ACTION: [the roles that may]}}\n",
	.setup = SETUP_NONE,
};
