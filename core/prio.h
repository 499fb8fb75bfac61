/*
 * prio.h - what every command shares: the workspace, the configuration in
 * force, the schema, the plugins and the store, each set up on demand.
 *
 * Commands (core/cmd-*.c) are the only code that prints errors and picks
 * an exit status; everything below them returns a PRIO_E* code with the
 * message in a caller's buffer.
 *
 * The core is a stack: each file calls only files of its own line or
 * below, and no two files need each other (scripts/check-layers, run by
 * make test, reads the objects and holds the code to this), lowest
 * first:
 *
 *   util, visible, date, suggest   no prio state
 *   config, field, defaults        the INI layers, the schema
 *   table                          items in memory
 *   store, store-sqlite            the backlog on disk (store.h)
 *   mapping, plugin, trust         a format's names; loading plugins
 *   host                           the services plugins call, the sink
 *   workspace                      struct prio: set-up, plugins, store
 *   import, filter                 reading files, choosing items
 *   policy, item, history          rights, the rules of a write, the log
 *   rank, agile, import-sprints,   ranking, the workflow's arithmetic,
 *     workspace-json                 whole workspaces
 *   output                         a ranking printed or written
 *   edit, undo, sprints            changes: set, pin, accept, undo, sprint
 *   explain, history-show, charts  reports: explain, log, burndown
 *   serve                          the board's HTTP server (serve.h)
 *   cmd                            what the commands share
 *   cmd-*.c                        one command each
 *   commands, main                 the table of commands, and main
 *
 * A lower file that must reach up does it through a pointer the upper
 * one sets (p->policy_end; the table cmd_use hands to cmd.c). What two
 * commands share is in cmd.c (pin's and unpin's pin_set, list's and
 * rank's rank_main), or below the commands when the board does the same
 * (edit.c: set, pin, move, accept, reject; undo.c, sprints.c, explain.c,
 * history-show.c, charts.c).
 */
#ifndef PRIO_H
#define PRIO_H

#include <stdint.h>

#include <prio/format.h>
#include <prio/method.h>

#include "config.h"
#include "field.h"
#include "host.h"
#include "plugin.h"
#include "store.h"
#include "table.h"

struct filter;

/* Exit statuses. */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,		/* the operation or the data failed */
	EXIT_USAGE = 2,		/* the command line was wrong */
	EXIT_DENIED = 3		/* refused by the role policy */
};

/* The core's own error code beside PRIO_E*: the command line was wrong
 * in a way only the workspace shows (exit_status: EXIT_USAGE). */
#define PRIO_EUSAGE (-100)

struct prio {
	char *prefix;		/* the install tree: where bin/prio lives, up one */
	const char *dir_opt;	/* -C DIR */
	const char *config_opt;	/* -c FILE */
	const char *as_opt;	/* --as USER */
	char **sets;		/* --set S.K=V, in order */
	size_t nsets;

	char *ws;		/* the workspace folder, or NULL */
	struct config cfg;
	struct schema schema;
	struct plugins plugins;
	char **dirs;		/* the plugin path */
	size_t ndirs;
	int plugins_loaded;	/* all of them, not only those asked for */
	struct store *store;

	/* Who is acting (policy.c), resolved on the first check. */
	char *user;
	char **roles;
	size_t nroles;
	char *roles_text;	/* "pm,po", for the log */
	const char *via;	/* where user came from: "--as", "PRIO_USER",
				   "login", or "server" (a shared store's
				   authenticated role) */
	/*
	 * Set by workspace.c for a workspace on a server: opens the store
	 * and sets user (the server's) and store_roles (the roles its group
	 * roles give, "pm,po", or NULL). policy.c calls it before it reads
	 * who acts (a hook, so that policy.c, below workspace.c, needs none
	 * of it).
	 */
	int (*identify)(struct prio *p, char *err);
	char *store_roles;
	const struct plugin *policy;
	void *policy_state;
	/*
	 * Set by policy.c once it keeps state: what prio_release calls to
	 * log a refusal still pending and free that state (a function
	 * pointer, so that workspace.c, below policy.c, needs none of it).
	 */
	void (*policy_end)(struct prio *p);
	/* A refusal not in the log yet (policy_log_refusal writes it). */
	struct {
		const char *action;
		long long item;
		char *after;	/* the values that were refused, as JSON */
		char *reason;
	} refused;
	/* The policy's answers so far, by (action, field) pointer. */
	struct decision *decided;
	size_t ndecided;
};

/* The built-in configuration layer (core/defaults.c). */
extern const char defaults_ini[];
/* The prio.ini that `prio init` writes. */
extern const char workspace_ini[];

/*
 * Finds the workspace (need: 1 required, 0 optional) and loads the
 * configuration layers and the schema.
 */
int prio_setup(struct prio *p, int need_ws, char *err);
/* The workspace at or above start (a real path, to free), or NULL. */
char *prio_find_workspace(const char *start);
/* Loads every plugin on the path (once): to list them, or search them. */
void prio_load_plugins(struct prio *p);
/*
 * The plugin of that kind and name, or NULL: NAME.so from the path if it
 * is that plugin, else the one that says so among all of them (loading
 * them all, as listing them or guessing a format from a file name does).
 */
const struct plugin *prio_find_plugin(struct prio *p, enum prio_kind kind,
				      const char *name);
/*
 * Opens the workspace's store: backlog.db, or the server and schema of
 * [store] url and schema (a workspace on a server).
 */
int prio_open_store(struct prio *p, char *err);
/* The server URL of the workspace's store ([store] url), or NULL. */
const char *prio_store_url(const struct prio *p);
void prio_release(struct prio *p);

/* The path of the store file in workspace dir ws. */
char *prio_store_path(const char *ws);

/* An instance of a method or format: a configured section. */
struct instance {
	const struct plugin *plugin;
	struct prio_section sec;
	char *section;
	void *state;
	struct mapping map;	/* a format's map. and ignore (mapping.h) */
};

/*
 * Configures [method.NAME] against the items (name NULL: [rank] method).
 */
int method_open(struct prio *p, const char *name, struct prio_items *items,
		struct instance *m, char *err);
/*
 * Configures [format.NAME]; falls back to a plugin of that name. The
 * core reads the section's column mapping itself, into f->map.
 */
int format_open(struct prio *p, const char *name, struct instance *f,
		char *err);
/* The format for a file name's ending (one named after it first), or NULL. */
const char *format_guess(struct prio *p, const char *path);
/* Does format NAME's export copy the rows its import read (format.h)? */
int format_copies_rows(struct prio *p, const char *name);
void instance_close(struct instance *in);

/* rank.c: scores and orders. r is released with ranking_release. */
/* Marks the columns rank_run reads itself (manual order, pins) wanted. */
void rank_columns_wanted(struct table *t);
int rank_run(struct instance *m, struct prio_items *items, struct ranking *r,
	     char *err);
void ranking_release(struct ranking *r);
/*
 * Keeps the rows of a ranking whose keep[row] is set, dropping the others
 * from t and r; each keeps its rank in the whole (rank_of), unless
 * rerank: what a filter does to a ranking.
 */
void ranking_filter(struct ranking *r, struct table *t,
		    const unsigned char *keep, int rerank);
/* The rank of the k-th scored item of r, from 1. */
static inline size_t ranking_rank(const struct ranking *r, size_t k)
{
	return r->rank_of ? r->rank_of[k] : k + 1;
}
/*
 * Finished work takes no rank ([rank] finished: done, accepted, rejected
 * by default). rank_split puts t's open items first, in their order, and
 * the finished ones after them (keep) or nowhere (dropped from t); *nopen
 * and *finished say how many. t's status column must have been loaded.
 * Rank the first *nopen rows; then ranking_add_finished puts the finished
 * rows that follow them at the end of r's order, with no rank or score.
 */
int rank_split(struct prio *p, struct table *t, int keep, size_t *nopen,
	       size_t *finished, char *err);
void ranking_add_finished(struct ranking *r, size_t nopen, size_t n);
/*
 * Adds the computed columns rank, score, class and unscored to the table
 * behind the ranking; returns the index of "rank" (the others follow).
 */
int ranking_columns(struct ranking *r, struct table *t);
/* Ranks the workspace's open items: the top N only when o->limit. */
struct output_opts;
int ranked_workspace(struct prio *p, struct instance *m, struct prio_items *v,
		     struct table *t, struct ranking *r,
		     const struct output_opts *o, char *err);
/* The item's rank now (1-based), -1 when it is unscored, -2 finished. */
int current_rank(struct prio *p, long long id, double *rank, char *err);

/*
 * The ranking cache (rank.c): the signature of what a ranking depends on
 * besides the items; save stores one, load reads back its top `limit`
 * scored and unscored items as rows of t (only their ids set) and returns
 * 1, or returns 0 when there is no current entry.
 */
char *ranking_signature(struct prio *p, const struct instance *m);
void ranking_save(struct store *s, const char *sig, long long generation,
		  long long log_id, struct table *t, const struct ranking *r);
int ranking_load(struct store *s, const char *sig, long long generation,
		 size_t limit, struct table *t, struct ranking *r);

/*
 * import.c: parses a file with a format into t through a sink.
 *   lenient: any column goes, as text (rank --in); else only fields.
 *   rejects: a fresh table; rows that fail their checks go there
 *            instead of failing the import. NULL: they fail it.
 *   columns: called once the columns are in t, before the first row,
 *            with arg (NULL: nothing to do then).
 *   keep_raw: keep the rows as read (table.raw), for an export of the
 *            same format section that copies them (format_copies_rows).
 */
struct import_opts {
	int lenient;
	int keep_raw;
	struct table *rejects;
	int (*columns)(void *arg, char *err);
	void *arg;
	char *sha256;		/* NULL, or 65 bytes: the file's, in hex */
};
int import_read(struct prio *p, const char *path, const char *format,
		struct table *t, const struct import_opts *o, char *err);
/*
 * import-sprints.c: once t's rows are written (in the transaction), puts
 * each row's item in the sprint its "sprint" column names, creating the
 * sprints missing; rows whose line is in rej (NULL: none) are skipped.
 * *made: sprints created; *placed: items put in a sprint.
 */
int import_sprints(struct prio *p, const struct table *t, const char *path,
		   const struct table *rej, size_t *made, size_t *placed,
		   char *err);

/*
 * workspace-json.c: the whole workspace (vision, roadmap, items with
 * their pins and positions, criteria, sprints) as one JSON document.
 * export appends it to b. sniff: is path a JSON object for the json
 * format (from, else the name), so a workspace rather than items? import
 * reads one into an empty workspace, inside the caller's transaction.
 */
struct workspace_counts {
	size_t items, initiatives, criteria, sprints;
	int vision;
	long long *ids;		/* the items made, in file order (free it) */
	char sha256[65];	/* of the file */
};
int workspace_export(struct prio *p, struct buf *b, char *err);
int workspace_sniff(struct prio *p, const char *path, const char *from);
int workspace_import(struct prio *p, const char *path,
		     struct workspace_counts *n, char *err);
/* The same from text in memory; name is what messages call it. */
int workspace_import_text(struct prio *p, const char *name, const char *text,
			  size_t len, struct workspace_counts *n, char *err);

/* output.c: ranked output as a terminal table or through a format. */
struct output_opts {
	const char *format;	/* "table" or a format name */
	const char *file;	/* NULL or "-": standard output */
	size_t limit;		/* 0: all */
	int with_score;		/* rank, score and class columns */
	int all;		/* finished work too, after the rest */
	struct filter *filter;	/* the items shown (NULL: all) */
	int rerank;		/* ranks among those shown, not the whole */
	const char *at;		/* the backlog as it stood then (the log's
				   form of time: date.h), or NULL: now */
};
int output_ranked(struct prio *p, struct table *t, struct ranking *r,
		  const struct instance *m, const struct output_opts *o,
		  char *err);
/*
 * What prio list and prio rank do once their options are read: ranks the
 * workspace's items (p set up, a workspace) or, when in is set, file in's
 * (format from; NULL: from its name) with method (NULL: the [rank]
 * method), and writes them as o says (o->filter parsed, o->format a
 * format or "table").
 */
int output_rank(struct prio *p, const char *method, const char *in,
		const char *from, const struct output_opts *o, char *err);

/*
 * Is file (not "-") one prio may write an output to? Not the workspace's
 * store, its journals or its prio.ini, nor any SQLite database.
 */
int output_safe(struct prio *p, const char *file, char *err);
/* Writes a view with a format to file (NULL or "-": stdout), atomically,
 * if output_safe. */
int write_view(struct prio *p, const char *format, const char *file,
	       struct prio_items *v, char *err);

/* A table whose columns are the schema's fields, nothing loaded yet. */
void table_for_schema(struct table *t, const struct schema *s);

/*
 * policy.c: who is acting and what they may do. policy_load resolves the
 * user and their roles and loads the [roles] policy; allowed asks the
 * policy without recording anything; authorize asks it and records a
 * refusal in the audit log (PRIO_EDENIED, the reason in err). audit
 * records a change, inside the change's transaction.
 */
int policy_load(struct prio *p, char *err);
int allowed(struct prio *p, const char *action, const char *field, char *err);
int authorize(struct prio *p, const char *action, const char *field,
	      long long item, char *err);
int audit(struct prio *p, const char *action, long long item,
	  const char *before, const char *after, char *err);
/* The policy's roles, NULL-terminated. */
const char *const *policy_roles(struct prio *p);
/* The [roles] default that applies (NULL: none; see policy.c). */
const char *policy_default(struct prio *p);
/*
 * The one check of a change to an item, whatever the command that makes
 * it (set, add, import, undo): may the person acting write row r of t (a
 * table_for_schema table), columns cols, onto item id (0: a new item)? Only what changes needs a
 * right: each value is compared with the item's value now (numbers as
 * numbers, parents as items), and a new item's title, key, type and id
 * come with creating it. A change of status is an action of its own
 * (prio/policy.h): done needs item.finish, accepted or rejected (and
 * leaving them) item.accept, and accepted also policy_acceptable.
 *
 * acts (NULL, or ncols of them) gets, for each column, the action that
 * changes it, or NULL where the value stays as it is: what to log, and
 * what need not be written; before (NULL, or a buffer) gets the values
 * now of the columns that change, as JSON. A refusal is PRIO_EDENIED,
 * recorded with the value tried; it reaches the log as soon as no
 * transaction is open (policy_log_refusal; prio_release at the latest).
 */
int policy_change(struct prio *p, long long id, const struct table *t,
		  size_t r, const int *cols, size_t ncols, const char **acts,
		  struct buf *before, char *err);
/*
 * May item id be accepted? Every acceptance criterion must be checked:
 * PRIO_EINVAL listing the open ones.
 */
int policy_acceptable(struct prio *p, long long id, char *err);
/* Writes the refusal not yet logged, if any, in a transaction of its own. */
void policy_log_refusal(struct prio *p);
void policy_release(struct prio *p);

/*
 * ini-edit.c: the INI text with section.key set to value (NULL: removed),
 * every other line kept. The caller frees the result.
 */
char *ini_set(const char *text, const char *section, const char *key,
	      const char *value);

/* Maps a PRIO_E* code to an exit status. */
int exit_status(int rc);
/* Prints "prio: MESSAGE" on stderr and returns status. */
int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* PRIO_H */
