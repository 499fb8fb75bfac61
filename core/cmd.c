/*
 * cmd.c - what the commands share: usage, option parsing, FIELD=VALUE.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

static const struct cmd *const commands[] = {
	&cmd_init, &cmd_add, &cmd_set, &cmd_show, &cmd_rm, &cmd_list,
	&cmd_rank, &cmd_import, &cmd_export, &cmd_undo, &cmd_pin, &cmd_unpin, &cmd_move, &cmd_explain, &cmd_compare, &cmd_stability,
	&cmd_criteria, &cmd_accept, &cmd_reject, &cmd_sprint, &cmd_velocity,
	&cmd_burndown, &cmd_vision, &cmd_roadmap, &cmd_method,
	&cmd_log, &cmd_roles, &cmd_plugins, &cmd_config, &cmd_help,
};

const struct cmd *cmd_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

void cmd_list_all(FILE *to)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(to, "  %-10s %s\n", commands[i]->name,
			commands[i]->summary);
}

int cmd_usage(const struct cmd *c, int status)
{
	if (status == EXIT_OK) {
		printf("usage: %s\n\n%s\n", c->usage, c->summary);
		if (c->help && *c->help)
			printf("\n%s", c->help);
	} else {
		fprintf(stderr, "usage: %s\n(prio help %s for more)\n",
			c->usage, c->name);
	}
	return status;
}

int cmd_getopt(const struct cmd *c, int argc, char **argv, const char *opts,
	       const struct option *longopts)
{
	static const struct option help_only[] = {
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	int o;

	opterr = 0;
	o = getopt_long(argc, argv, opts, longopts ? longopts : help_only, NULL);
	if (o == 'h') {
		cmd_usage(c, EXIT_OK);
	} else if (o == '?' || o == ':') {
		if (optopt && strchr(opts, optopt))
			fail(EXIT_USAGE, "%s: -%c needs a value", c->name, optopt);
		else if (optopt)
			fail(EXIT_USAGE, "%s: unknown option -%c", c->name, optopt);
		else
			fail(EXIT_USAGE, "%s: unknown option or missing value "
			     "in '%s'", c->name, argv[optind - 1]);
		cmd_usage(c, EXIT_USAGE);
		o = '?';
	}
	return o;
}

int parse_limit(const char *arg, size_t *limit)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end || end == arg || n < 0)
		return fail(EXIT_USAGE, "--limit '%s': expected a whole number "
			    ">= 0", arg) ? -1 : -1;
	*limit = (size_t)n;
	return 0;
}

int parse_assignments(struct prio *p, struct table *t, char **args, int n,
		      int *cols, size_t *ncols)
{
	char err[PRIO_ERR_MAX];

	for (int i = 0; i < n; i++) {
		const char *a = args[i], *eq = strchr(a, '=');
		const struct field *f;
		size_t len;
		double num;
		int col;

		if (!eq || eq == a)
			return fail(EXIT_USAGE, "'%s': expected FIELD=VALUE", a);
		f = schema_find(&p->schema, a, (size_t)(eq - a));
		if (!f)
			return fail(EXIT_DATA, "unknown field '%.*s' (prio config "
				    "shows the [field.*] declared)",
				    (int)(eq - a), a);
		if (f->flags & FIELD_READONLY)
			return fail(EXIT_DATA, "%s is set by prio, not by hand",
				    f->name);
		len = strlen(eq + 1);
		if (len && field_validate(f, eq + 1, len, &num, err) < 0)
			return fail(EXIT_DATA, "%s: %s", f->name, err);
		col = table_find(t, f->name, strlen(f->name));
		for (size_t k = 0; k < *ncols; k++)
			if (cols[k] == col)
				return fail(EXIT_USAGE, "%s is given twice",
					    f->name);
		cols[(*ncols)++] = col;
		if (len)
			table_set(t, col, 0, eq + 1, len);
	}
	return 0;
}

int find_item(struct prio *p, const char *ref, long long *id)
{
	char err[PRIO_ERR_MAX];
	int rc = store_lookup(p->store, ref, strlen(ref), id, err);

	if (rc < 0)
		return fail(exit_status(rc), "%s", err);
	if (!rc)
		return fail(EXIT_DATA, "no item '%s'", ref);
	return 0;
}

int config_write_logged(struct prio *p, const char *ini, const char *old,
			const char *text, const char *action,
			const char *before, const char *after, char *err)
{
	struct config check = {0};
	int rc = config_load_string(&check, text, ini, err);

	config_release(&check);	/* the new file must load first */
	if (rc || (rc = prio_open_store(p, err)) ||
	    (rc = store_begin(p->store, err)) ||
	    (rc = audit(p, action, 0, before, after, err)) ||
	    (rc = file_write_atomic(ini, text, strlen(text), err)))
		goto failed;
	if ((rc = store_commit(p->store, err))) {
		/* No log entry, so no change: the old file goes back. */
		char why[PRIO_ERR_MAX];
		if (file_write_atomic(ini, old, strlen(old), why))
			errprefix(err, rc, "%s is changed, and not logged (%s)",
				  ini, why);
		goto failed;
	}
	return 0;
failed:
	if (p->store)
		store_rollback(p->store);
	return rc;
}
