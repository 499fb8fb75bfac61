/*
 * cmd-roadmap.c - prio roadmap add|list|set|rm: the initiatives (themes)
 * of the roadmap, each with a time horizon and a place in an order.
 * Items link to one with initiative=NAME; their initiative_rank follows
 * its place, an input like any other for the methods.
 */
#include "cmd.h"
#include "item.h"
#include "visible.h"

#include "agile.h"

#include <stdlib.h>
#include <string.h>

static int horizon_valid(const char *h)
{
	/* 2026-Q3 */
	return strlen(h) == 7 && h[4] == '-' && h[5] == 'Q' &&
	       h[6] >= '1' && h[6] <= '4' &&
	       strspn(h, "0123456789") == 4;
}

/* The list, as a table or (json) an array. */
struct listing {
	size_t n;
	int json;
	struct buf b;
};

static int print_one(void *arg, const struct initiative *in)
{
	struct listing *l = arg;

	if (l->json) {
		buf_addf(&l->b, "%s\n  {\"rank\": %lld, \"id\": %lld, "
			 "\"name\": ", l->n++ ? "," : "", in->rank, in->id);
		buf_addjson(&l->b, in->name, strlen(in->name));
		buf_adds(&l->b, ", \"horizon\": ");
		if (in->horizon)
			buf_addjson(&l->b, in->horizon, strlen(in->horizon));
		else
			buf_adds(&l->b, "null");
		buf_addf(&l->b, ", \"items\": %lld}", in->items);
		return 0;
	}
	if (!l->n++)
		vis_printf("%-4s %-24s %-8s %s\n", "RANK", "INITIATIVE", "HORIZON",
		       "ITEMS");
	vis_printf("%-4lld %-24s %-8s %lld\n", in->rank, in->name,
	       in->horizon ? in->horizon : "-", in->items);
	return 0;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "horizon", required_argument, NULL, 'H' },
		{ "rank", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'N' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *sub, *horizon = NULL, *name = NULL;
	char err[PRIO_ERR_MAX], *end;
	struct buf after = {0};
	struct initiative in;
	char *was = NULL;	/* the initiative's name before */
	long long rank = 0, id = 0;
	int o, rc, nargs, json = -1;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return cmd_usage(&cmd_roadmap, EXIT_OK);
	/* No sub-command (prio roadmap, prio roadmap --format json): list */
	sub = argc < 2 || argv[1][0] == '-' ? "list" : argv[1];
	optind = sub == argv[1] ? 2 : 1;
	while (argc >= 2 &&
	       (o = cmd_getopt(&cmd_roadmap, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'H') {
			horizon = optarg;
			if (!horizon_valid(horizon))
				return fail(EXIT_USAGE, "roadmap: --horizon '%s': "
					    "expected a quarter like 2026-Q3",
					    horizon);
		} else if (o == 'r') {
			rank = strtoll(optarg, &end, 10);
			if (*end || rank < 1)
				return fail(EXIT_USAGE, "roadmap: --rank '%s': "
					    "expected a whole number from 1",
					    optarg);
		} else if (o == 'N') {
			name = optarg;
		} else if (o == 'f') {
			if ((json = json_format(optarg)) < 0)
				return fail(EXIT_USAGE, "roadmap: --format %s: "
					    "expected text or json", optarg);
		} else {
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	nargs = argc < 2 ? 0 : argc - optind;
	if (json >= 0 && strcmp(sub, "list"))
		return fail(EXIT_USAGE, "roadmap %s: --format goes with roadmap "
			    "list", sub);
	if (!strcmp(sub, "list") ? nargs != 0 :
	    !strcmp(sub, "add") || !strcmp(sub, "set") || !strcmp(sub, "rm") ?
	    nargs != 1 : 1) {
		if (strcmp(sub, "list") && strcmp(sub, "add") &&
		    strcmp(sub, "set") && strcmp(sub, "rm"))
			fail(EXIT_USAGE, "roadmap: unknown subcommand '%s'", sub);
		return cmd_usage(&cmd_roadmap, EXIT_USAGE);
	}
	if (!strcmp(sub, "add"))
		name = argv[optind];
	if (name && (!*name || strspn(name, "0123456789") == strlen(name)))
		return fail(EXIT_USAGE, "roadmap: '%s': a name, not a number "
			    "(numbers are ids)", name);
	if (!strcmp(sub, "list")) {
		struct listing l = { .json = json > 0 };

		if ((rc = store_initiatives(p->store, print_one, &l, err))) {
			buf_release(&l.b);
			return fail(exit_status(rc), "%s", err);
		}
		if (l.json)
			printf("[%s%s]\n", l.b.p ? l.b.p : "", l.n ? "\n" : "");
		else if (!l.n)
			printf("(no initiatives: prio roadmap add NAME --horizon "
			       "2026-Q3)\n");
		buf_release(&l.b);
		return EXIT_OK;
	}
	if (strcmp(sub, "add")) {
		if ((rc = store_initiative_find(p->store, argv[optind], &in,
						err)) < 0)
			return fail(exit_status(rc), "%s", err);
		if (!rc)
			return fail(EXIT_DATA, "no initiative '%s' (prio roadmap "
				    "list)", argv[optind]);
		id = in.id;
		was = xstrdup(in.name);
	}
	if ((rc = authorize(p, "roadmap.edit", NULL, 0, err)))
		goto failed;
	buf_addf(&after, "{\"roadmap\": \"%s\", \"initiative\": ", sub);
	buf_addjson(&after, argv[optind], strlen(argv[optind]));
	if (name && strcmp(sub, "add")) {
		buf_adds(&after, ", \"name\": ");
		buf_addjson(&after, name, strlen(name));
	}
	if (horizon)
		buf_addf(&after, ", \"horizon\": \"%s\"", horizon);
	if (rank)
		buf_addf(&after, ", \"rank\": %lld", rank);
	buf_adds(&after, "}");
	if ((rc = store_begin(p->store, err)))
		goto failed;
	if (!strcmp(sub, "add"))
		rc = store_initiative_add(p->store, name, horizon, rank, &id, err);
	else if (!strcmp(sub, "set"))
		rc = store_initiative_set(p->store, id, name, horizon, rank, err);
	else
		rc = store_initiative_rm(p->store, id, err);
	/* The items linked follow: a new rank, a new name, or no link. */
	if (!rc)
		rc = item_relink(p, was, !strcmp(sub, "rm") ? NULL :
				 name ? name : was, err);
	if (rc || (rc = audit(p, "roadmap.edit", 0, NULL, after.p, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		goto failed;
	}
	buf_release(&after);
	free(was);
	vis_printf("%s initiative %s\n", !strcmp(sub, "add") ? "added" :
	       !strcmp(sub, "set") ? "changed" : "removed", argv[optind]);
	return EXIT_OK;
failed:
	buf_release(&after);
	free(was);
	return fail(exit_status(rc), "%s", err);
}

const struct cmd cmd_roadmap = {
	"roadmap", run,
	"prio roadmap [list] [--format text|json]\n"
	"       prio roadmap add NAME [--horizon YYYY-QN] [--rank N]\n"
	"       prio roadmap set NAME|ID [--name NEW] [--horizon YYYY-QN] "
	"[--rank N]\n"
	"       prio roadmap rm NAME|ID",
	"keep the roadmap's initiatives in order, with their horizons",
	"Initiatives are ordered from 1; add puts one at --rank (default:\n"
	"last) and set moves it, the others making room. An item links to one\n"
	"with prio set ID initiative=NAME (or its id); its initiative_rank\n"
	"then follows the initiative's place, for methods to use as an input\n"
	"(a weighted scorecard, a Lua script). rm unlinks its items.\n"
	"Changes need the roadmap.edit right.\n"
	"\n"
	"list --format json (keys are kept; new ones may be added), in order:\n"
	"  [{\"rank\", \"id\", \"name\", \"horizon\" (null: none),\n"
	"    \"items\" (how many link to it)}]\n",
	.setup = SETUP_STORE,
	.subcommands = 1,
};
