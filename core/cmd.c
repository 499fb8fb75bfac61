/*
 * cmd.c - what the commands share: set-up, usage, option parsing,
 * FIELD=VALUE, and what two commands have in common.
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agile.h"
#include "date.h"
#include "edit.h"
#include "filter.h"
#include "suggest.h"

/*
 * The command table, handed in by main (commands.c has it): cmd.c, which
 * every command calls, names no command itself.
 */
static const struct cmd *const *commands;

void cmd_use(const struct cmd *const *table)
{
	commands = table;
}

const struct cmd *const *cmd_table(void)
{
	return commands;
}

const char cmd_global_help[] =
	"Global options:\n"
	"  -C DIR        use the workspace at or above DIR "
	"(also PRIO_WORKSPACE)\n"
	"  -c FILE       read FILE after the other configuration files\n"
	"  --set S.K=V   set a configuration value, last of all\n"
	"  --as USER     act as USER (also PRIO_USER; default: login)\n"
	"  --version     print the version\n"
	"  -h, --help    this help; prio help COMMAND for a command's\n"
	"\nEnvironment:\n"
	"  PRIO_TODAY=YYYY-MM-DD  today's date for prio (sprints, charts,\n"
	"                the dates it records): makes tests deterministic\n"
	"  NO_COLOR      no colours in charts; LANG/LC_ALL not UTF-8:\n"
	"                ASCII charts\n";

const struct cmd *cmd_find(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

int cmd_run(const struct cmd *c, struct prio *p, int argc, char **argv)
{
	char err[PRIO_ERR_MAX];
	const char *last = argv[argc - 1];
	int help = (argc == 2 || (argc == 3 && c->subcommands)) &&
		   (!strcmp(last, "-h") || !strcmp(last, "--help"));
	int rc = 0;

	/* Help, and the usage of a command given nothing, are there outside
	 * a workspace too: the command says them before it needs any. */
	if (argc == 1 && c->needs_args)
		help = 1;
	if (!help && c->setup >= SETUP_CONFIG)
		rc = prio_setup(p, c->setup >= SETUP_WORKSPACE, err);
	if (!help && !rc && c->setup >= SETUP_STORE)
		rc = prio_open_store(p, err);
	if (rc)
		return fail(exit_status(rc), "%s", err);
	return c->run(p, argc, argv);
}

const char *cmd_suggest(const char *name)
{
	const char *names[64] = {0};
	size_t n = 0;

	for (; commands[n] && n < ARRAY_SIZE(names); n++)
		names[n] = commands[n]->name;
	return suggest(name, strlen(name), names, n);
}

int cmd_unknown(const char *name)
{
	const char *near = cmd_suggest(name);

	if (near)
		return fail(EXIT_USAGE, "unknown command '%s'; did you mean "
			    "'%s'?", name, near);
	return fail(EXIT_USAGE, "unknown command '%s' (prio help lists them)",
		    name);
}

void cmd_list_all(FILE *to)
{
	for (size_t i = 0; commands[i]; i++)
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

/*
 * The items FILTER... names: bare ids and keys are looked up one by one
 * (prio set 12 ...: no need to read the backlog); any other term reads
 * the columns it needs of every item. Sorted ids in *ids.
 */
static int items_chosen(struct prio *p, struct filter *f, long long **ids,
			size_t *n, char *err)
{
	struct table t;
	int rc, idc;

	*ids = NULL;
	*n = 0;
	if (!f->n) {
		if ((rc = filter_prepare(f, p->store, NULL, err)))
			return rc;
		*ids = xmalloc((f->ids.n ? f->ids.n : 1) * sizeof(**ids));
		for (size_t i = 0; i < f->ids.n; i++)
			if (!i || f->ids.v[i] != f->ids.v[i - 1])
				(*ids)[(*n)++] = f->ids.v[i];
		return 0;
	}
	table_for_schema(&t, &p->schema);
	filter_want(f, &t);
	if (!(rc = store_load(p->store, &t, 0, err)) &&
	    !(rc = filter_prepare(f, p->store, &t, err))) {
		idc = table_find(&t, "id", 2);
		*ids = xmalloc((t.nrows ? t.nrows : 1) * sizeof(**ids));
		for (size_t r = 0; r < t.nrows; r++)
			if (filter_match(f, &t, r))
				(*ids)[(*n)++] = (long long)table_numbers(&t, idc)[r];
	}
	table_release(&t);
	return rc;
}

int choose_items(struct prio *p, char **terms, size_t nterms, long long **ids,
		 size_t *n)
{
	char err[PRIO_ERR_MAX];
	struct filter f;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = filter_parse(&f, &p->schema, terms, nterms, err)))
		return fail(EXIT_USAGE, "%s", err);
	rc = items_chosen(p, &f, ids, n, err);
	filter_release(&f);
	if (rc)
		return fail(exit_status(rc), "%s", err);
	if (!*n)
		return fail(EXIT_DATA, "no item matches");
	return 0;
}

int filter_one_ref(struct prio *p, char **terms, size_t n)
{
	char err[PRIO_ERR_MAX], *end;
	struct filter f = {0};
	int one;

	if (n != 1)
		return 0;
	/* A number, blanks around it or not, or nothing, is meant as an
	 * id (show -- -3, show ' 5'), and find_item says why it is none. */
	(void)strtod(terms[0], &end);
	end += strspn(end, " \t");
	if (!*end)
		return 1;
	one = !filter_parse(&f, &p->schema, terms, n, err) && !f.n &&
	      f.nrefs == 1;
	filter_release(&f);
	return one;
}

/* On a terminal, more than one item is changed only once confirmed. */
int confirm_many(const char *what, size_t n)
{
	char line[16];

	if (n < 2 || !isatty(0) || !isatty(2))
		return 1;
	fprintf(stderr, "prio: %s %zu items? [y/N] ", what, n);
	return fgets(line, sizeof(line), stdin) &&
	       (line[0] == 'y' || line[0] == 'Y');
}

size_t filter_args_take(int *argc, char **argv, char **terms)
{
	size_t n = 0;
	int i, j;

	for (i = j = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (filter_is_term(argv[i]))
			terms[n++] = argv[i];
		else
			argv[j++] = argv[i];
	}
	*argc = j;
	argv[j] = NULL;
	return n;
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
	int usage;

	if (edit_assign(p, t, args, n, cols, ncols, &usage, err))
		return fail(usage ? EXIT_USAGE : EXIT_DATA, "%s", err);
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

/* prio pin and unpin: the pin written (rank NaN: none), logged. */
int pin_set(struct prio *p, const struct cmd *c, const char *ref,
	    double rank)
{
	char err[PRIO_ERR_MAX];
	long long id;
	int rc;

	if ((rc = find_item(p, ref, &id)))
		return rc;
	if ((rc = edit_pin(p, id, &rank, c->name, err)))
		return fail(exit_status(rc), "%s", err);
	if (isnan(rank))
		printf("unpinned %lld\n", id);
	else
		printf("pinned %lld at rank %.0f\n", id, rank);
	return EXIT_OK;
}

/* prio list and prio rank: their options, checked; the work is output_rank's. */
int rank_main(const struct cmd *c, int with_input, struct prio *p, int argc,
	      char **argv)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "in", required_argument, NULL, 'i' },
		{ "from", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "rerank", no_argument, NULL, 'R' },
		{ "at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct output_opts out = { .format = "table" };
	struct filter f = {0};
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms);
	const char *method = NULL, *in = NULL, *from = NULL;
	int o, rc;
	char err[PRIO_ERR_MAX], at[21];

	while ((o = cmd_getopt(c, argc, argv, "hm:n:f:o:", longopts)) != -1) {
		switch (o) {
		case 'h':
			rc = EXIT_OK;
			goto out;
		case 'n':
			if (parse_limit(optarg, &out.limit)) {
				rc = cmd_usage(c, EXIT_USAGE);
				goto out;
			}
			break;
		case 'f':
			out.format = optarg;
			break;
		case 'o':
			out.file = optarg;
			break;
		case 'a':
			out.all = 1;
			break;
		case 'R':
			out.rerank = 1;
			break;
		case 'A':
			if (date_at(optarg, at, err)) {
				rc = fail(EXIT_USAGE, "%s: %s", c->name, err);
				goto out;
			}
			out.at = at;
			break;
		case 'm':
		case 'i':
		case 'F':
			if (with_input) {
				*(o == 'm' ? &method : o == 'i' ? &in : &from) =
					optarg;
				break;
			}
			/* not options of prio list */
			__attribute__((fallthrough));
		default:
			/* The option, not its value (--in FILE). */
			if (o != '?')
				fail(EXIT_USAGE, "%s: unknown option '%s'",
				     c->name, optind >= 2 &&
				     argv[optind - 1] == optarg ?
				     argv[optind - 2] : argv[optind - 1]);
			rc = o == '?' ? EXIT_USAGE : cmd_usage(c, EXIT_USAGE);
			goto out;
		}
	}
	/* What getopt left are filter terms too (filter.h). */
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (nterms && in) {
		rc = fail(EXIT_USAGE, "%s: filters choose items of the "
			  "workspace, not of --in FILE", c->name);
		goto out;
	}
	if (from && !in) {
		rc = fail(EXIT_USAGE, "rank: --from goes with --in FILE");
		goto out;
	}
	if (out.at && in) {
		rc = fail(EXIT_USAGE, "%s: --at goes with the workspace, not "
			  "--in FILE", c->name);
		goto out;
	}
	if (out.all && in) {
		rc = fail(EXIT_USAGE, "rank: --all goes with the workspace, "
			  "not --in FILE");
		goto out;
	}
	if ((rc = prio_setup(p, !in, err)))
		goto failed;
	if (nterms) {
		if ((rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
			rc = fail(EXIT_USAGE, "%s", err);
			goto out;
		}
		out.filter = &f;
		/* status:done asks for finished work: it is shown, unranked. */
		if (filter_reads(&f, "status"))
			out.all = 1;
	}
	/* -o FILE: the file's format, from its name unless --format says;
	 * a table is for the terminal, never written to a file. */
	if (out.file && strcmp(out.file, "-") && !strcmp(out.format, "table") &&
	    !(out.format = format_guess(p, out.file))) {
		rc = fail(EXIT_USAGE, "%s: cannot tell the format from the "
			  "name; say it with --format (csv, json, ...)",
			  out.file);
		goto out;
	}
	if ((rc = output_rank(p, method, in, from, &out, err)))
		goto failed;
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	filter_release(&f);
	free(terms);
	return rc;
}
