/*
 * luam.h - what the files of the lua method plugin share.
 *
 *   plugin.c   the descriptor and the [method.NAME] keys: configure,
 *              score, explain, release
 *   worker.c   runs the script in a forked worker under a hard deadline
 *              (score(item) for every item, or explain(item) for one);
 *              scores come back through shared memory, classes, reasons
 *              and errors through a pipe
 *   sandbox.c  the Lua state: an environment built from an allowlist, a
 *              memory cap, an instruction budget, messages that name the
 *              script and line
 *   items.c    the one item table a script reads, refilled per item
 *
 * Nothing here leaves the .so: plugins are built with hidden visibility,
 * so the descriptor `prio_plugin` is the only exported symbol. The Lua
 * state only ever exists in the worker process; the parent (prio itself)
 * never runs a line of a script.
 */
#ifndef LUAM_H
#define LUAM_H

#include <signal.h>
#include <stddef.h>

#include <lua.h>

#include <prio/method.h>

/* The host's services, kept by init. */
extern const struct prio_host *luam_host;

/* How an item's field reaches the script. */
enum luam_kind {
	LK_NUMBER,	/* a number; a value that is not one comes as text */
	LK_TEXT,	/* a string */
	LK_LABELS,	/* "a, b" -> { "a", "b", a = true, b = true } */
	LK_AGE		/* age_days: reference_date - created, in days */
};

struct luam_field {
	char *name;
	int handle;		/* the host's (LK_AGE: created's, or -1) */
	enum luam_kind kind;
};

struct luam_param {
	char *name;
	char *value;
};

enum { LUAM_FAIL, LUAM_UNSCORED };

/* One configured [method.NAME] section: everything a worker needs. */
struct luam_script {
	char *section;		/* "method.acme", for messages */
	char *path;		/* the script as opened, named in errors */
	char *shown;		/* the script as written, in unscored reasons */
	char *chunkname;	/* "@" path */
	char *src;
	size_t srclen;

	struct luam_param *params;
	size_t nparams;

	unsigned long long max_instructions;	/* per run; 0: no budget */
	size_t max_memory;			/* bytes */
	long timeout_ms;			/* wall clock, whole run */
	char *instructions_text, *memory_text, *timeout_text; /* as set */
	int on_error;

	int has_reference;
	long long reference_day;	/* days since 1970-01-01 */
	char reference_text[11];	/* YYYY-MM-DD */

	struct luam_field *fields;
	int nfields;
	int key_handle, id_handle;	/* to name items in messages; -1 */
};

/* Limits, as the sandbox reports them. */
enum luam_limit {
	LIMIT_NONE,
	LIMIT_INSTRUCTIONS,
	LIMIT_MEMORY,
	LIMIT_TIME
};

/* Per field of the script, in the worker: what the item table knows. */
struct luam_slot {
	const double *num;	/* host->numbers, fetched on first read */
	int learned;		/* read once: filled for every item since */
};

/*
 * The worker's side of one run. Lives in the worker process only; the
 * parent never creates a Lua state.
 */
struct luam_sandbox {
	lua_State *L;
	const struct luam_script *sc;
	const struct prio_items *items;	/* NULL while only loading */
	size_t count;

	size_t mem_used, mem_max;
	unsigned long long budget, used;	/* instructions */
	int step;				/* of the count hook */
	volatile sig_atomic_t timed_out;	/* set by SIGALRM */
	enum luam_limit fatal;			/* a limit was hit */
	int fatal_line;
	int err_line;				/* set by the message handler */
	char short_src[LUA_IDSIZE];		/* Lua's name of the chunk */
	char what[PRIO_ERR_MAX];	/* the last message, without place */
	int what_line;			/* and its line, or 0 */
	size_t printed;			/* bytes print() wrote this run */

	/* The item table (items.c). */
	size_t cur;			/* the item being scored */
	struct luam_slot *slots;	/* one per field of sc */
	int *learned;			/* fields to fill, in order learned */
	int nlearned;
	int nextras;			/* keys a script added to the item */
	int t_idx, extras_idx;		/* their stack slots */
	int keys_idx;			/* the first of nfields names */
};

/* sandbox.c */
#define LUAM_NO_ITEM ((size_t)-1)

void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
void sandbox_hook(lua_State *L, lua_Debug *ar);
static inline struct luam_sandbox *sandbox_of(lua_State *L)
{
	return *(struct luam_sandbox **)lua_getextraspace(L);
}
/* Builds the environment (protected: call inside lua_pcall). */
void sandbox_open(lua_State *L, struct luam_sandbox *sb);
/* Pushes the message handler every protected call of the script uses. */
void sandbox_push_msgh(lua_State *L);
/*
 * Loads and runs the chunk and leaves score on the stack. On failure
 * returns a PRIO_E* code with the message in msg (PRIO_ERR_MAX).
 */
int sandbox_load(lua_State *L, struct luam_sandbox *sb, int msgh, char *msg);
/*
 * After a failed lua_pcall of the script (status, error object on top):
 * the code and a message naming script, line and item (LUAM_NO_ITEM:
 * none) into msg. Pops the error object.
 */
int sandbox_error(lua_State *L, struct luam_sandbox *sb, int status,
		  size_t item, char *msg, int *is_limit);
/*
 * "SCRIPT[:LINE]: [item X: ]what" into msg (PRIO_ERR_MAX); what and line
 * are also kept in sb->what and sb->what_line.
 */
void sandbox_message(struct luam_sandbox *sb, int line, size_t item,
		     char *msg, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* "PATH[:LINE]: [item ITEM: ]WHAT" into msg, cut to PRIO_ERR_MAX. */
void sandbox_compose(char *msg, const char *path, int line, const char *item,
		     const char *what);
/* "max_memory = 64M" and the like, for limit messages. */
const char *sandbox_limit_text(const struct luam_script *sc,
			       enum luam_limit limit, char *buf, size_t size);

/* items.c */
/* How an item is named in messages: its key, its id, or #position. */
const char *items_name(const struct luam_script *sc,
		       const struct prio_items *items, size_t i, char *buf,
		       size_t size);
/* Creates the item table and its helpers on the stack (protected). */
void items_open(lua_State *L, struct luam_sandbox *sb);
/* Refills the item table for item i (protected). */
void items_fill(lua_State *L, struct luam_sandbox *sb, size_t i);
/* Parses "YYYY-MM-DD" (optionally followed by T or a blank and more). */
int items_parse_date(const char *s, size_t len, long long *day);

/* worker.c */
/*
 * Runs the script in a forked worker: with res NULL, only loads it (what
 * configure checks); else scores every item into res. Returns 0 or a
 * PRIO_E* code with the message in err.
 */
int worker_run(const struct luam_script *sc, const struct prio_items *items,
	       struct prio_result *res, char *err);
/*
 * Runs the script's explain(item) for one item in a worker, as worker_run
 * scores: its lines go to out. Returns 0, LUAM_NO_EXPLAIN when the script
 * defines no function explain, or a PRIO_E* code with the message in err.
 */
#define LUAM_NO_EXPLAIN 1
int worker_explain(const struct luam_script *sc,
		   const struct prio_items *items, size_t item,
		   struct prio_out *out, char *err);

#endif /* LUAM_H */
