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
 *	static const struct prio_host *host;
 *
 *	static int init(const struct prio_host *h, char *err)
 *	{
 *		(void)err;
 *		host = h;
 *		return 0;
 *	}
 *
 *	static const struct prio_method_ops ops = { .configure = ..., ... };
 *	PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "mine", "1.0",
 *			   "one line on what it does", init, NULL, &ops);
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
 *     which fields the other one has.
 */
#ifndef PRIO_PLUGIN_H
#define PRIO_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PRIO_ABI_MAJOR 1
#define PRIO_ABI_MINOR 0

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
 * the end (or into `reserved`) with a minor bump, so check `struct_size`
 * before using a service newer than the minor you were built against.
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
	 * the item has none; numbers come out formatted.
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
	 * refused (an unknown column, a row that does not fit): stop and
	 * return it; err already says why.
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
	 * The string lives as long as the set.
	 */
	const char *(*describe)(const struct prio_items *items,
				const char *what);

	void *reserved[8];
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
 * Defines the one exported symbol of a plugin. Use it once per plugin,
 * at file scope.
 */
#define PRIO_PLUGIN_DEFINE(kind_, name_, version_, summary_, init_, fini_, ops_) \
	PRIO_EXPORT extern const struct prio_plugin prio_plugin;	\
	const struct prio_plugin prio_plugin = {			\
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
