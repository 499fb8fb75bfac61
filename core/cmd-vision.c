/*
 * cmd-vision.c - prio vision [set TEXT]: the product vision, a short text
 * kept in the store; every version is in the log (prio log).
 */
#include "cmd.h"
#include "visible.h"

#include <string.h>

static int run(struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX], *old = NULL;
	struct buf before = {0}, after = {0};
	int o, rc;

	while ((o = cmd_getopt(&cmd_vision, argc, argv, "+h", NULL)) != -1)
		return o == 'h' ? EXIT_OK : EXIT_USAGE;
	if (!(argc - optind == 0 ||
	      (argc - optind == 2 && !strcmp(argv[optind], "set"))))
		return cmd_usage(&cmd_vision, EXIT_USAGE);
	if ((rc = store_meta_get(p->store, "vision", &old, err)))
		return fail(exit_status(rc), "%s", err);
	if (argc == optind) {
		if (old) {
			struct buf b = {0};

			buf_addvis_lines(&b, old, strlen(old), "");
			puts(b.p);
			buf_release(&b);
		} else
			printf("(no vision yet: prio vision set TEXT)\n");
		free(old);
		return EXIT_OK;
	}
	if ((rc = authorize(p, "vision.edit", NULL, 0, err))) {
		free(old);
		return fail(exit_status(rc), "%s", err);
	}
	buf_adds(&before, "{\"vision\": ");
	if (old)
		buf_addjson(&before, old, strlen(old));
	else
		buf_adds(&before, "null");
	buf_adds(&before, "}");
	buf_adds(&after, "{\"vision\": ");
	buf_addjson(&after, argv[optind + 1], strlen(argv[optind + 1]));
	buf_adds(&after, "}");
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_meta_set(p->store, "vision",
				 *argv[optind + 1] ? argv[optind + 1] : NULL,
				 err)) ||
	    (rc = audit(p, "vision.edit", 0, before.p, after.p, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		rc = fail(exit_status(rc), "%s", err);
	} else {
		printf("vision set\n");
	}
	free(old);
	buf_release(&before);
	buf_release(&after);
	return rc;
}

const struct cmd cmd_vision = {
	"vision", run, "prio vision [set TEXT]",
	"show or change the product vision",
	"Every version is kept in the log (prio log). Changing it needs the\n"
	"vision.edit right; an empty TEXT removes it.\n",
	.setup = SETUP_STORE,
};
