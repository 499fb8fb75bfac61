/*
 * cmd-criteria.c - prio criteria add|list|check|uncheck ID ...: the
 * acceptance criteria of an item, what prio accept checks.
 */
#include "cmd.h"
#include "visible.h"

#include <stdlib.h>
#include <string.h>

static int print_one(void *arg, const struct criterion *c)
{
	size_t *n = arg;

	vis_printf("  %lld. [%s] %s\n", c->n, c->checked ? "x" : " ", c->text);
	++*n;
	return 0;
}

static int list(struct prio *p, long long id, char *err)
{
	size_t n = 0;
	int rc;

	printf("item %lld:\n", id);
	if ((rc = store_criteria(p->store, id, print_one, &n, err)))
		return fail(exit_status(rc), "%s", err);
	if (!n)
		printf("  (no acceptance criteria: prio criteria add %lld "
		       "TEXT)\n", id);
	return EXIT_OK;
}

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	struct buf after = {0};
	const char *sub;
	long long id, n = 0;
	int o, rc, check = 0;

	while ((o = cmd_getopt(&cmd_criteria, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind < 2)
		return cmd_usage(&cmd_criteria, EXIT_USAGE);
	sub = argv[optind];
	if (!strcmp(sub, "list")) {
		if (argc - optind != 2)
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
	} else if (!strcmp(sub, "add")) {
		if (argc - optind != 3 || !*argv[optind + 2])
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
	} else if (!strcmp(sub, "check") || !strcmp(sub, "uncheck")) {
		char *end;
		if (argc - optind != 3)
			return cmd_usage(&cmd_criteria, EXIT_USAGE);
		n = strtoll(argv[optind + 2], &end, 10);
		if (*end || n < 1)
			return fail(EXIT_USAGE, "criteria: '%s': expected the "
				    "number of a criterion (prio criteria list "
				    "ID)", argv[optind + 2]);
		check = !strcmp(sub, "check");
	} else {
		fail(EXIT_USAGE, "criteria: unknown subcommand '%s'", sub);
		return cmd_usage(&cmd_criteria, EXIT_USAGE);
	}
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = find_item(p, argv[optind + 1], &id)))
		return rc;
	if (!strcmp(sub, "list"))
		return list(p, id, err);
	if ((rc = authorize(p, "item.edit.story", "criteria", id, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = store_begin(p->store, err)))
		return fail(exit_status(rc), "%s", err);
	if (!strcmp(sub, "add")) {
		const char *text = argv[optind + 2];
		if ((rc = store_criterion_add(p->store, id, text, &n, err)))
			goto failed;
		buf_addf(&after, "{\"criterion\": %lld, \"text\": ", n);
		buf_addjson(&after, text, strlen(text));
		buf_adds(&after, "}");
		rc = audit(p, "item.edit.story", id, NULL, after.p, err);
	} else {
		rc = store_criterion_check(p->store, id, n, check, err);
		if (rc == 0) {
			store_rollback(p->store);
			return fail(EXIT_DATA, "item %lld has no criterion %lld "
				    "(prio criteria list %lld)", id, n, id);
		}
		if (rc < 0)
			goto failed;
		buf_addf(&after, "{\"criterion\": %lld, \"checked\": %s}", n,
			 check ? "true" : "false");
		rc = audit(p, "item.edit.story", id, NULL, after.p, err);
	}
	if (rc || (rc = store_commit(p->store, err)))
		goto failed;
	buf_release(&after);
	if (!strcmp(sub, "add"))
		printf("item %lld: criterion %lld added\n", id, n);
	else
		vis_printf("item %lld: criterion %lld %s\n", id, n,
		       check ? "checked" : "unchecked");
	return EXIT_OK;
failed:
	store_rollback(p->store);
	buf_release(&after);
	return fail(exit_status(rc), "item %lld: %s", id, err);
}

const struct cmd cmd_criteria = {
	"criteria", run,
	"prio criteria add ID TEXT\n"
	"       prio criteria list ID\n"
	"       prio criteria check|uncheck ID N",
	"keep an item's acceptance criteria",
	"An item is accepted (prio accept) only when every criterion is\n"
	"checked. Criteria are numbered from 1 per item. Changing them needs\n"
	"the item.edit.story right; listing them is open to everyone.\n",
};
