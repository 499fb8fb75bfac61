/*
 * prio/plugin.h - the plugin ABI: the descriptor every plugin exports and
 * the services the host lends it.
 *
 * A plugin is a shared object that exports exactly one data symbol,
 * `prio_plugin`, a `const struct prio_plugin` built with PRIO_PLUGIN_DEFINE.
 * The host reads the descriptor before running any of the plugin's code:
 *
 *   1. the ABI major must equal the host's, the minor must be <= the host's;
 *   2. the kind must be one the host knows;
 *   3. no other plugin may already carry the same name;
 *   4. only then is `init` called, with the host's services.
 *
 * A minimal plugin (a method; see prio/method.h and prio/format.h):
 *
 *	#include <prio/method.h>
 *
 *	PRIO_HOST_INIT		(declares `host`, and prio_host_keep to set it)
 *
 *	static const struct prio_method_ops ops = { .configure = ..., ... };
 *	PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "mine", "1.0",
 *			   "one line on what it does", prio_host_keep, NULL,
 *			   &ops);
 *
 * A plugin that has more to set up writes its own init and keeps the
 * host pointer there (`host = h;`).
 *
 * Build it with `cc -shared -fPIC -fvisibility=hidden $(pkg-config --cflags
 * prio-plugin)` and drop the .so into a directory on the plugin path (see
 * `prio help plugins`). A plugin links nothing from the host: every service
 * it needs comes through `struct prio_host`.
 *
 * Compatibility rules, for whoever changes this file:
 *   - adding a field at the end of a struct, or using a reserved slot, is a
 *     minor bump (PRIO_ABI_MINOR + 1); a plugin built against the older minor
 *     still loads and simply does not see the new field;
 *   - anything else (removing, reordering, changing a type) is a major bump;
 *   - every versioned struct carries its own size, so either side can tell
 *     which fields the other one has; a field that took a reserved slot
 *     (the same size) is read only from plugins of the minor that added
 *     it (the descriptor's abi_minor). Leave `reserved` zero: designated
 *     initialisers do;
 *   - the host checks a plugin's ops once, when it loads it: an ops
 *     struct_size smaller than its kind's, or a method without score (a
 *     policy without check), is refused there with the reason, so that
 *     no caller has to test them later.
 */
#ifndef PRIO_PLUGIN_H
#define PRIO_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PRIO_ABI_MAJOR 1
#define PRIO_ABI_MINOR 4

/*
 * Errors. Every callback returns 0 on success or one of these (negative),
 * and on failure writes a one-line message, without a trailing newline or
 * a "prio:" prefix, into the caller's `char err[PRIO_ERR_MAX]`. The host
 * adds the file, line or item it knows about and prints it.
 */
#define PRIO_ERR_MAX 512

enum prio_error {
	PRIO_OK = 0,
	PRIO_EINVAL = -1,	/* bad input data or configuration */
	PRIO_ENOMEM = -2,	/* out of memory */
	PRIO_EIO = -3,		/* reading or writing failed */
	PRIO_ELIMIT = -4,	/* a limit (time, memory, size) was hit */
	PRIO_EDENIED = -5,	/* refused by the role policy */
	PRIO_EINTERNAL = -6	/* a bug: please report it */
};

/* What a plugin is for. The host refuses kinds it does not know. */
enum prio_kind {
	PRIO_KIND_METHOD = 1,	/* orders the backlog: prio/method.h */
	PRIO_KIND_FORMAT = 2,	/* imports and exports: prio/format.h */
	PRIO_KIND_POLICY = 3	/* decides who may do what */
};

/*
 * Opaque handles. The host owns all of them; a plugin only passes them
 * back to host services and never frees them.
 */
struct prio_section;	/* one INI section: [method.NAME], [format.NAME] */
struct prio_items;	/* a set of backlog items, read through fields */
struct prio_result;	/* where a method puts its scores and classes */
struct prio_sink;	/* where a format's importer puts rows */
struct prio_out;	/* where a format's exporter writes bytes */
struct prio_workflow;	/* sprints, burndown, velocity: prio/workflow.h */

/* Where a configuration value came from, for error messages. */
struct prio_origin {
	const char *file;	/* a path, "<built-in>" or "<command line>" */
	int line;		/* 1-based; 0 when there is no line */
};

/* Field types, as declared in [field.NAME] or built into the core. */
enum prio_type {
	PRIO_TYPE_TEXT = 1,
	PRIO_TYPE_NUMBER = 2
};

/* Log levels for prio_host.log. */
enum prio_log_level {
	PRIO_LOG_ERROR = 0,
	PRIO_LOG_WARN = 1,
	PRIO_LOG_INFO = 2,
	PRIO_LOG_DEBUG = 3
};

/*
 * The host's services, passed to `init`. Append-only: new services go at
 * the end (or into `reserved`) with a minor bump. A host refuses plugins
 * built for a newer minor than its own, so every service of the headers
 * a plugin was built with is there: no plugin needs to test struct_size.
 * All strings handed to a service are copied by the host if it keeps them.
 */
struct prio_host {
	unsigned abi_major;
	unsigned abi_minor;
	size_t struct_size;

	/* A message on stderr, after "prio: "; name yourself in it. */
	void (*log)(int level, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));

	/*
	 * Configuration of one instance. `get` returns the value of `key` in
	 * the section, or NULL when it is not set, and fills `where` (may be
	 * NULL). Every key the plugin reads is marked as known; after
	 * `configure` returns, the host rejects any key in the section that
	 * the plugin never asked for, naming its file and line. So a plugin
	 * simply asks for every key it supports.
	 *
	 * `each` calls fn for every key starting with `prefix` (such as
	 * "weight."), in file order, and marks them as known; fn returns 0 to
	 * go on or an error to stop, which `each` then returns.
	 *
	 * `section_name` is the instance's name: "wsjf" for [method.wsjf].
	 */
	const char *(*get)(const struct prio_section *sec, const char *key,
			   struct prio_origin *where);
	int (*each)(const struct prio_section *sec, const char *prefix,
		    int (*fn)(void *arg, const char *key, const char *value,
			      const struct prio_origin *where),
		    void *arg);
	const char *(*section_name)(const struct prio_section *sec);
	/*
	 * Reports a bad value: fills err with "FILE:LINE: [SECTION] KEY =
	 * 'VALUE': " and the printf-style rest, and returns PRIO_EINVAL for
	 * the plugin to return. Use it for every complaint about a key, so
	 * that all such messages name the place to fix.
	 */
	int (*bad_value)(const struct prio_section *sec, const char *key,
			 char *err, const char *fmt, ...)
		__attribute__((format(printf, 4, 5)));

	/*
	 * Other sections of the same configuration: `section` returns any
	 * section by name (it may be empty), `section_each` calls fn once
	 * for every section whose name starts with prefix ("role."), in
	 * file order; fn returns 0 to go on. Keys read through them are
	 * checked like the plugin's own: any key never asked for is an error.
	 */
	const struct prio_section *(*section)(const struct prio_section *from,
					      const char *name);
	int (*section_each)(const struct prio_section *from, const char *prefix,
			    int (*fn)(void *arg, const struct prio_section *sec),
			    void *arg);

	/*
	 * Items. A field is named once, at configure time, and read by its
	 * handle (>= 0) in the hot loop. `field` returns the handle or a
	 * negative error with the reason in err (unknown field, or a text
	 * field where a number was needed when want is PRIO_TYPE_NUMBER).
	 *
	 * `numbers` returns the field as an array of `count` doubles, NaN
	 * where the item has no valid number; it is computed once per set
	 * and stays valid as long as the set. `text` returns one item's
	 * value as text (not NUL-terminated; length in *len) or NULL when
	 * the item has none; numbers come out formatted. Text that the set
	 * holds as text lives as long as the set; a number formatted for
	 * the call lives in one of four buffers (per thread) that later
	 * calls reuse in turn, so use or copy a result before the fourth
	 * call of `text` after it.
	 */
	int (*field)(const struct prio_items *items, const char *name,
		     enum prio_type want, char *err);
	size_t (*count)(const struct prio_items *items);
	const double *(*numbers)(const struct prio_items *items, int field);
	const char *(*text)(const struct prio_items *items, int field,
			    size_t item, size_t *len);

	/* Fields of a set, for exporters that write every one of them. */
	int (*field_count)(const struct prio_items *items);
	const char *(*field_name)(const struct prio_items *items, int field);
	enum prio_type (*field_type)(const struct prio_items *items, int field);

	/*
	 * Results of a method (see prio/method.h). `unscored` sets the item's
	 * score to NaN and records why, as a printf format. `class_id`
	 * interns a class name ("must", "quick-win") and returns its number,
	 * to be stored in result->klass[item].
	 */
	void (*unscored)(struct prio_result *res, size_t item,
			 const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	int (*class_id)(struct prio_result *res, const char *name);

	/*
	 * Import (see prio/format.h). Name the columns once, then hand over
	 * each row with the line it started on. Values need not be
	 * NUL-terminated and are copied. A negative return means the host
	 * refused (an unknown column, a row that does not fit, text that is
	 * not UTF-8): stop and return it; err already says why.
	 *
	 * The host maps the columns named here through the format's section
	 * (map.COLUMN = field, ignore = ...) before it looks them up as
	 * fields, so an importer passes the names as the file has them.
	 */
	int (*sink_columns)(struct prio_sink *sink, size_t n,
			    const char *const *names, const size_t *lens,
			    char *err);
	int (*sink_row)(struct prio_sink *sink, unsigned long line, size_t n,
			const char *const *values, const size_t *lens,
			char *err);

	/* Export: append bytes to the output. Returns 0 or PRIO_EIO. */
	int (*write)(struct prio_out *out, const void *buf, size_t len);

	/*
	 * What a report may want to say about a set, or NULL when unknown:
	 *   "method"         the method instance that ranked it ("wsjf")
	 *   "method.plugin"  the plugin behind that method
	 *   "method.config"  its settings, one "key = value" per line
	 *   "generated"      when, as YYYY-MM-DDTHH:MM:SSZ
	 *   "total"          how many items the backlog has, and
	 *   "total.ranked"   how many of them are ranked: with a --limit,
	 *                    the set holds only the first of them
	 * The string lives as long as the set. Keys are added without a
	 * change of ABI version: a host that does not know a key answers
	 * NULL, which a plugin must handle anyway.
	 *
	 * The product workflow, when the set is a workspace's backlog and
	 * the workspace has a sprint (all of these are NULL otherwise, as
	 * for `prio rank --in FILE`). Dates are YYYY-MM-DD; numbers are
	 * written as prio prints them ("8", "2.5", "2.4494897427831779"),
	 * for strtod; points are story points. Lists have one line per
	 * entry, each ending in "\n", fields separated by one tab; an empty
	 * field means "no value". Names never contain a tab or a line break
	 * (they are written as spaces). New fields may be added at the end
	 * of a line, so split on tabs and ignore what you do not know.
	 *
	 *   "sprint"            the open sprint, or else the last closed one:
	 *                       its name; and of it:
	 *   "sprint.state"      "open" or "closed"
	 *   "sprint.start", "sprint.end"            its first and last day
	 *   "sprint.capacity"   points it was planned to
	 *   "sprint.committed"  points of its items (not those taken out
	 *                       by hand; those sent back at the close, yes)
	 *   "sprint.done", "sprint.accepted"        points of those done
	 *                       (accepted) now, or at the close if closed
	 *   "sprint.day", "sprint.days"             day "day" of "days" has
	 *                       begun: "0" before the start, = days at the end
	 *   "sprint.bugs"       bugs opened TAB bugs closed during it: "1\t0"
	 *   "burndown"          its days, first to last, each
	 *                       date TAB remaining TAB ideal
	 *                       (remaining points at the end of the day, empty
	 *                       for days to come; the ideal line falls
	 *                       straight from the first day's remaining to 0):
	 *                       "2026-07-01\t11\t11\n2026-07-02\t11\t9.777...\n"
	 *   "velocity"          the closed sprints, oldest first, each
	 *                       name TAB start TAB end TAB committed TAB done
	 *                       TAB accepted TAB bugs opened TAB bugs closed
	 *                       (NULL until a sprint is closed, as are:)
	 *   "velocity.average"  accepted points per sprint over the last
	 *                       "velocity.count" closed sprints, and
	 *   "velocity.spread"   their population standard deviation
	 *   "velocity.count"    so the last count lines of "velocity" are
	 *                       the ones averaged
	 *   "release"           points left in the backlog at the end of
	 *                       each closed sprint: name TAB end TAB left
	 *   "release.left"      points left today (items with an estimate,
	 *                       not done, epics aside)
	 *   "forecast"          three lines, optimistic, expected and
	 *                       pessimistic (at average + spread, average,
	 *                       average - spread): case TAB points per sprint
	 *                       TAB sprints needed TAB first day TAB last day
	 *                       of the last of them. Sprints "0": nothing is
	 *                       left (no days); all three empty: no forecast
	 *                       at a speed that is not above 0.
	 *                       "expected\t8\t3\t2026-08-20\t2026-08-29\n"
	 *
	 * Since ABI 1.4 the same comes typed, with nothing to parse:
	 * host->workflow below. These keys stay for older plugins.
	 */
	const char *(*describe)(const struct prio_items *items,
				const char *what);

	/* Since ABI 1.1. */

	/*
	 * What the format's section says about an input column: 1 with
	 * *field set when map.COLUMN = field maps it, 1 with *field NULL
	 * when it is ignored (ignore = ..., or map.COLUMN = with nothing),
	 * 0 when the section does not name it. sink_columns applies this
	 * itself; ask only when the fields must be known before they are
	 * named, to convert or merge columns on the way (as jira does with
	 * its own default names), and then name them with sink_fields.
	 */
	int (*sink_map)(struct prio_sink *sink, const char *name, size_t len,
			const char **field);
	/*
	 * As sink_columns, for names that are already fields: the host
	 * checks them but maps nothing again.
	 */
	int (*sink_fields)(struct prio_sink *sink, size_t n,
			   const char *const *names, const size_t *lens,
			   char *err);
	/*
	 * Export: the column to write field `field` under, when the
	 * format's section maps a column to it (map.COLUMN = field), so
	 * that the file comes back in through the same section; NULL when
	 * nothing does (write the field's own name).
	 */
	const char *(*column_name)(const struct prio_items *items, int field);

	/* Since ABI 1.2. */

	/*
	 * Import, for a format with PRIO_FORMAT_COPIES_ROWS (prio/format.h):
	 * the row about to be given to sink_row, as it stands in the data
	 * passed to import (a pointer into it), from its first value to its
	 * last, without the line end. The host keeps it when the same format
	 * section writes the rows back (`prio rank --in FILE`), and ignores
	 * a row whose values are not all inside those bytes.
	 */
	int (*sink_raw)(struct prio_sink *sink, const char *row, size_t len);
	/*
	 * Export, for a format with PRIO_FORMAT_COPIES_ROWS: when the
	 * fields of item i from *from to the last are, in order, exactly the
	 * columns of a row that this format section read (sink_raw above),
	 * that row's bytes. Write the fields before *from as usual, then
	 * these as they are: the host may not have kept the values apart.
	 * NULL (for the whole set, or for this item) means: write every
	 * field yourself.
	 */
	const char *(*raw)(const struct prio_items *items, size_t i,
			   int *from, size_t *len);

	/* Since ABI 1.4. */

	/*
	 * The product workflow of the set as typed records (prio/workflow.h),
	 * or NULL when it has none; computed on the first call, and living
	 * as long as the set.
	 */
	const struct prio_workflow *(*workflow)(const struct prio_items *items);

	void *reserved[2];
};

/*
 * The descriptor. Fill it with PRIO_PLUGIN_DEFINE, never by hand, so that
 * the ABI numbers and the size are those of the headers you built with.
 */
struct prio_plugin {
	unsigned abi_major;
	unsigned abi_minor;
	size_t struct_size;
	enum prio_kind kind;
	const char *name;	/* unique among loaded plugins: [a-z0-9_]+ */
	const char *version;	/* the plugin's own version, free text */
	const char *summary;	/* one line for `prio plugins` */

	/*
	 * Called once after the checks, before any other callback. Keep the
	 * host pointer; return 0, or an error with err filled, in which case
	 * the plugin is refused and unloaded (fini is not called).
	 */
	int (*init)(const struct prio_host *host, char *err);
	/* Called once before unloading. May be NULL. */
	void (*fini)(void);

	/* The kind's operations: struct prio_method_ops, prio_format_ops. */
	const void *ops;

	void *reserved[4];
};

#if defined(__GNUC__)
#define PRIO_EXPORT __attribute__((visibility("default")))
#else
#define PRIO_EXPORT
#endif

/*
 * Declares the plugin's `host` pointer (a static, one per plugin) and
 * prio_host_keep, an init that only keeps it: pass it to
 * PRIO_PLUGIN_DEFINE when there is nothing else to set up.
 */
#define PRIO_HOST_INIT							\
	static const struct prio_host *host;				\
	__attribute__((unused))						\
	static int prio_host_keep(const struct prio_host *h, char *err)	\
	{								\
		(void)err;						\
		host = h;						\
		return 0;						\
	}

/*
 * Defines the one exported symbol of a plugin. Use it once per plugin,
 * at file scope.
 *
 * To link plugins into one program instead (a test, a fuzzer, a static
 * build), compile each with -DPRIO_PLUGIN_STATIC=NAME: the descriptor is
 * then `const struct prio_plugin NAME`, not exported, so several plugins
 * live side by side; hand &NAME to the host as it would the loaded one.
 */
#ifdef PRIO_PLUGIN_STATIC
#define PRIO_PLUGIN_SYMBOL_ PRIO_PLUGIN_STATIC
#define PRIO_PLUGIN_LINKAGE_
#else
#define PRIO_PLUGIN_SYMBOL_ prio_plugin
#define PRIO_PLUGIN_LINKAGE_ PRIO_EXPORT
#endif

#define PRIO_PLUGIN_DEFINE(kind_, name_, version_, summary_, init_, fini_, ops_) \
	PRIO_PLUGIN_LINKAGE_ extern const struct prio_plugin PRIO_PLUGIN_SYMBOL_; \
	const struct prio_plugin PRIO_PLUGIN_SYMBOL_ = {		\
		.abi_major = PRIO_ABI_MAJOR,				\
		.abi_minor = PRIO_ABI_MINOR,				\
		.struct_size = sizeof(struct prio_plugin),		\
		.kind = (kind_),					\
		.name = (name_),					\
		.version = (version_),					\
		.summary = (summary_),					\
		.init = (init_),					\
		.fini = (fini_),					\
		.ops = (ops_),						\
	}

#ifdef __cplusplus
}
#endif

#endif /* PRIO_PLUGIN_H */
