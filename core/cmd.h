/*
 * cmd.h - the commands. Each lives in its own core/cmd-NAME.c, defines one
 * `const struct cmd cmd_NAME`, and is listed once in commands.c's table.
 *
 * A command says what it needs set up (setup); cmd_run does that before
 * the command runs. The command parses its own options, does its work
 * through the rest of the core, prints what went wrong ("prio: ...") and
 * returns the exit status.
 */
#ifndef CMD_H
#define CMD_H

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "prio.h"

/*
 * What cmd_run sets up before a command runs (git's RUN_SETUP), each
 * level with the ones before it. A command whose needs depend on its
 * arguments (rank: --in FILE needs no workspace) says SETUP_NONE and
 * sets up itself. The write lock (store_begin) stays with the command:
 * it takes it after its checks and questions (prio rm asks on a
 * terminal), so that no writer waits on a person. As in git, a set-up
 * error (no workspace here) comes before a usage error the command
 * would have found in its options.
 */
enum cmd_setup {
	SETUP_NONE = 0,
	SETUP_CONFIG,		/* the configuration; a workspace if there is one */
	SETUP_WORKSPACE,	/* a workspace, required */
	SETUP_STORE		/* and its store open */
};

struct cmd {
	const char *name;
	int (*run)(struct prio *p, int argc, char **argv);
	const char *usage;	/* "prio add TITLE [FIELD=VALUE]..." */
	const char *summary;	/* one line for `prio help` */
	const char *help;	/* the options and what they do */
	enum cmd_setup setup;
	/*
	 * Needs arguments: `prio NAME` alone prints the command's own usage
	 * error, before any set-up, as `prio NAME --help` its help.
	 */
	int needs_args;
	/* Takes a subcommand first: `prio NAME SUB --help` is help too. */
	int subcommands;
};

extern const struct cmd cmd_init, cmd_add, cmd_set, cmd_show, cmd_rm,
	cmd_list, cmd_rank, cmd_import, cmd_export, cmd_log, cmd_roles,
	cmd_pin, cmd_unpin, cmd_move, cmd_explain, cmd_compare, cmd_stability, cmd_plugins, cmd_config, cmd_help,
	cmd_criteria, cmd_accept, cmd_reject, cmd_sprint, cmd_velocity,
	cmd_burndown, cmd_vision, cmd_roadmap, cmd_method, cmd_completion,
	cmd_trust, cmd_serve, cmd_watch,
	cmd_undo, cmd_store;

/* Every command (commands.c), and main handing it to cmd.c. */
extern const struct cmd *const prio_commands[];
void cmd_use(const struct cmd *const *table);

const struct cmd *cmd_find(const char *name);
/*
 * Runs c with argv[0] its name: what c->setup asks for first, its error
 * printed (but no set-up for `prio NAME --help`, `prio NAME SUB --help`
 * when c->subcommands, nor `prio NAME` alone when c->needs_args).
 * Returns the status.
 */
int cmd_run(const struct cmd *c, struct prio *p, int argc, char **argv);
/* The global options and environment, as `prio --help` shows them. */
extern const char cmd_global_help[];
/* Every command, in `prio help` order, NULL-terminated. */
const struct cmd *const *cmd_table(void);
void cmd_list_all(FILE *to);
/* The command closest to a mistyped name, or NULL (suggest.h). */
const char *cmd_suggest(const char *name);
/* Prints that NAME is no command, with a suggestion; returns EXIT_USAGE. */
int cmd_unknown(const char *name);

/*
 * Prints a command's usage and help: to stdout with status 0 (--help),
 * else a short hint to stderr. Returns status.
 */
int cmd_usage(const struct cmd *c, int status);

/*
 * getopt_long over a command's arguments (argv[0] is the command name),
 * with --help handled. Returns the option, -1 at the end, or '?' after
 * printing the usage error; 'h' means help was printed.
 */
int cmd_getopt(const struct cmd *c, int argc, char **argv, const char *opts,
	       const struct option *longopts);

/*
 * Takes the filter terms that look like options (-LABEL: filter.h) out of
 * argv before getopt sees them, into terms; returns how many. Stops at
 * "--".
 */
size_t filter_args_take(int *argc, char **argv, char **terms);

/*
 * What prio set and prio rm start with (their store open): FILTER...
 * (terms) parsed, and the items it chooses found, at least one. Returns
 * 0 with *ids (to free), or the exit status once the error is printed.
 */
int choose_items(struct prio *p, char **terms, size_t nterms, long long **ids,
		 size_t *n);
/*
 * Is FILTER... one id or key alone? Then show and explain print that
 * item (a JSON object) and its own errors; else each item the filter
 * picks (an array).
 */
int filter_one_ref(struct prio *p, char **terms, size_t n);
/* On a terminal, asks before `what` (change, remove) touches n > 1 items. */
int confirm_many(const char *what, size_t n);

/* Parses --limit N. Returns 0 or -1 (message printed). */
int parse_limit(const char *arg, size_t *limit);

/*
 * Replaces the workspace's INI file `ini` (now `old`) with `text`, and logs
 * it as `action` in the same transaction: the file is written only if
 * it loads, and put back if the log entry cannot be committed.
 */
int config_write_logged(struct prio *p, const char *ini, const char *old,
			const char *text, const char *action,
			const char *before, const char *after, char *err);

/*
 * prio list and prio rank: their options read and checked, the workspace
 * set up, and output_rank called. with_input: rank's --method, --in and
 * --from too.
 */
int rank_main(const struct cmd *c, int with_input, struct prio *p, int argc,
	      char **argv);

/*
 * Parses FIELD=VALUE arguments into row 0 of t (a table_for_schema),
 * checking each against the schema. Fills cols with the columns given.
 */
int parse_assignments(struct prio *p, struct table *t, char **args, int n,
		      int *cols, size_t *ncols);

/* Sets (rank) or clears (NaN) an item's pin: prio pin and prio unpin. */
int pin_set(struct prio *p, const struct cmd *c, const char *ref, double rank);

/* Looks up ID (number or key) in the open store; prints the error. */
int find_item(struct prio *p, const char *ref, long long *id);

#endif /* CMD_H */
