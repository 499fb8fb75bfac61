/*
 * cmd-criteria.c - prio criteria add|list|check|uncheck|edit|rm ID ...:
 * the acceptance criteria of an item, what prio accept checks.
 *
 * Every change is logged with the criterion's values before and after,
 * so that prio undo can put it back; one command's changes (check 1 2 3)
 * are one change.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "agile.h"
#include "visible.h"

struct crits {
	struct criterion *v;
	size_t n, cap;
};

static int collect(void *arg, const struct criterion *c)
{
	struct crits *cs = arg;

	GROW(cs->v, cs->n + 1, cs->cap);
	cs->v[cs->n] = *c;
	cs->v[cs->n++].text = xstrdup(c->text);
	return 0;
}

static void crits_release(struct crits *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free((char *)cs->v[i].text);
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

static const struct criterion *crit_find(const struct crits *cs, long long n)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].n == n)
			return &cs->v[i];
	return NULL;
}

static int list(struct prio *p, long long id, int json, char *err)
{
	struct crits cs = {0};
	struct buf b = {0};
	int rc;

	if (json) {
		if ((rc = criteria_json(p, id, &b, err))) {
			buf_release(&b);
			return fail(exit_status(rc), "%s", err);
		}
		fputs(b.p, stdout);
		buf_release(&b);
		return EXIT_OK;
	}
	if ((rc = store_criteria(p->store, id, collect, &cs, err)))
		return fail(exit_status(rc), "%s", err);
	printf("item %lld:\n", id);
	for (size_t i = 0; i < cs.n; i++)
		vis_printf("  %lld. [%s] %s\n", cs.v[i].n,
		       cs.v[i].checked ? "x" : " ", cs.v[i].text);
	if (!cs.n)
		printf("  (no acceptance criteria: prio criteria add %lld "
		       "TEXT)\n", id);
	crits_release(&cs);
	return EXIT_OK;
}

/* A criterion's number from the command line: 0 if it is not one. */
static long long number(const char *arg)
{
	char *end;
	long long n = strtoll(arg, &end, 10);

	return *arg && !*end && n >= 1 ? n : 0;
}

/* {"criterion": N, "text": ..., "checked": ...}, either part optional. */
static void crit_json(struct buf *b, long long n, const char *text,
		      int checked)
{
	buf_addf(b, "{\"criterion\": %lld", n);
	if (text) {
		buf_adds(b, ", \"text\": ");
		buf_addjson(b, text, strlen(text));
	}
	if (checked >= 0)
		buf_addf(b, ", \"checked\": %s", checked ? "true" : "false");
	buf_addc(b, '}');
}

static int logged(struct prio *p, long long id, struct buf *before,
		  struct buf *after, char *err)
{
	int rc = audit(p, "item.edit.story", id, before->p, after->p, err);

	buf_reset(before);
	buf_reset(after);
	return rc;
}

/* check / uncheck N... or all: one change. */
static int set_checked(struct prio *p, long long id, const struct crits *cs,
		       char **args, int nargs, int check, struct buf *out,
		       char *err)
{
	struct buf before = {0}, after = {0};
	int all = nargs == 1 && !strcmp(args[0], "all"), rc = 0;
	size_t n = all ? cs->n : (size_t)nargs;

	for (size_t i = 0; i < n && !rc; i++) {
		const struct criterion *c = all ? &cs->v[i] :
			crit_find(cs, number(args[i]));

		crit_json(&before, c->n, NULL, c->checked);
		crit_json(&after, c->n, NULL, check);
		if ((rc = store_criterion_check(p->store, id, c->n, check,
						err)) >= 0 &&
		    !(rc = logged(p, id, &before, &after, err)))
			buf_addf(out, "item %lld: criterion %lld %s\n", id,
				 c->n, check ? "checked" : "unchecked");
	}
	buf_release(&before);
	buf_release(&after);
	return rc;
}

static int change(struct prio *p, const char *sub, long long id,
		  char **args, int nargs, char *err)
{
	struct buf before = {0}, after = {0}, out = {0};
	struct crits cs = {0};
	const struct criterion *c = NULL;
	int rc, check = !strcmp(sub, "check");
	long long n = 0;

	if ((rc = store_criteria(p->store, id, collect, &cs, err)))
		goto out;
	/* Every number first: a wrong one changes nothing. */
	for (int i = 0; i < nargs && strcmp(sub, "add"); i++) {
		if (!strcmp(args[i], "all") && nargs == 1 &&
		    (check || !strcmp(sub, "uncheck")))
			break;
		if (i && (!strcmp(sub, "edit") || !strcmp(sub, "rm")))
			break;	/* the text */
		if (!(n = number(args[i]))) {
			rc = fail(EXIT_USAGE, "criteria: '%s': expected the "
				  "number of a criterion (prio criteria list "
				  "ID)", args[i]);
			goto out;
		}
		if (!(c = crit_find(&cs, n))) {
			rc = fail(EXIT_DATA, "item %lld has no criterion %lld "
				  "(prio criteria list %lld)", id, n, id);
			goto out;
		}
	}
	if ((rc = authorize(p, "item.edit.story", "criteria", id, err)) ||
	    (rc = store_begin(p->store, err)))
		goto failed;
	if (!strcmp(sub, "add")) {
		if ((rc = store_criterion_add(p->store, id, args[0], &n, err)))
			goto failed;
		crit_json(&after, n, args[0], -1);
		rc = logged(p, id, &before, &after, err);
		if (!rc)
			buf_addf(&out, "item %lld: criterion %lld added\n", id,
				 n);
	} else if (!strcmp(sub, "edit")) {
		crit_json(&before, n, c->text, -1);
		crit_json(&after, n, args[1], -1);
		if ((rc = store_criterion_edit(p->store, id, n, args[1],
					       err)) >= 0 &&
		    !(rc = logged(p, id, &before, &after, err)))
			buf_addf(&out, "item %lld: criterion %lld edited\n",
				 id, n);
	} else if (!strcmp(sub, "rm")) {
		crit_json(&before, n, c->text, c->checked);
		if ((rc = store_criterion_rm(p->store, id, n, err)) >= 0 &&
		    !(rc = logged(p, id, &before, &after, err)))
			buf_addf(&out, "item %lld: criterion %lld removed\n",
				 id, n);
	} else {
		rc = set_checked(p, id, &cs, args, nargs, check, &out, err);
	}
	if (rc || (rc = store_commit(p->store, err)))
		goto failed;
	fputs(out.p ? out.p : "", stdout);	/* once it is true */
	rc = EXIT_OK;
	goto out;
failed:
	store_rollback(p->store);
	rc = fail(exit_status(rc), "item %lld: %s", id, err);
out:
	buf_release(&before);
	buf_release(&after);
	buf_release(&out);
	crits_release(&cs);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	const char *sub;
	long long id;
	int o, rc, nargs, json = 0;

	while ((o = cmd_getopt(&cmd_criteria, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind < 2)
		return cmd_usage(&cmd_criteria, EXIT_USAGE);
	sub = argv[optind];
	nargs = argc - optind - 2;
	if (!strcmp(sub, "list")) {
		/* getopt stopped at the sub-command (a criterion's text may
		 * start with a dash): list's one option is read here. */
		const char *f = NULL, *a = nargs ? argv[optind + 2] : "";

		if (nargs == 2 && !strcmp(a, "--format"))
			f = argv[optind + 3];
		else if (nargs == 1 && !strncmp(a, "--format=", 9))
			f = a + 9;
		else if (nargs)
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
		if (f && (json = json_format(f)) < 0)
			return fail(EXIT_USAGE, "criteria: --format %s: expected "
				    "text or json", f);
	} else if (!strcmp(sub, "add")) {
		if (nargs != 1 || !*argv[optind + 2])
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
	} else if (!strcmp(sub, "edit")) {
		if (nargs != 2 || !*argv[optind + 3])
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
	} else if (!strcmp(sub, "rm")) {
		if (nargs != 1)
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
	} else if (!strcmp(sub, "check") || !strcmp(sub, "uncheck")) {
		if (nargs < 1)
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
	} else {
		fail(EXIT_USAGE, "criteria: unknown subcommand '%s'", sub);
		return cmd_usage(&cmd_criteria, EXIT_USAGE);
	}
	if ((rc = find_item(p, argv[optind + 1], &id)))
		return rc;
	if (!strcmp(sub, "list"))
		return list(p, id, json, err);
	return change(p, sub, id, argv + optind + 2, nargs, err);
}

const struct cmd cmd_criteria = {
	"criteria", run,
	"prio criteria add ID TEXT\n"
	"       prio criteria list ID [--format text|json]\n"
	"       prio criteria check|uncheck ID N... | all\n"
	"       prio criteria edit ID N TEXT\n"
	"       prio criteria rm ID N",
	"keep an item's acceptance criteria",
	"An item is accepted (prio accept) only when every criterion is\n"
	"checked. Criteria are numbered from 1 per item; a number stays with\n"
	"its criterion (rm leaves a gap). Changing them needs the\n"
	"item.edit.story right; listing them is open to everyone. Each change\n"
	"is logged with the values before, for prio undo.\n"
	"\n"
	"list --format json (keys are kept; new ones may be added):\n"
	"  {\"id\" (the item's), \"criteria\": [{\"n\", \"text\",\n"
	"   \"checked\" (true or false)}]}\n",
	.setup = SETUP_STORE,
	.subcommands = 1,
	.needs_args = 1,
};
