/*
 * config.h - prio's configuration: INI files in layers.
 *
 * Layers are loaded in order and later ones win: built-in defaults,
 * /etc/prio/prio.ini, $XDG_CONFIG_HOME/prio/prio.ini, the workspace's
 * prio.ini, -c FILE, then --set SECTION.KEY=VALUE. Every value remembers
 * the file and line it came from, for error messages and `prio config
 * --origin`.
 *
 * Parsing goes through inih's ini_parse_stream with a reader of our own,
 * because Debian's inih silently cuts lines at 200 bytes and gives the
 * handler no line number: the reader counts lines and refuses long ones.
 *
 * Values: blanks around them are dropped and " ;" starts a comment, so a
 * value that needs either is written in double quotes: delimiter = ";".
 * A line that starts with blanks continues the value above it.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#include <prio/plugin.h>

struct config_entry {
	char *section;		/* "rank", "method.wsjf" */
	char *key;
	char *value;
	const char *file;	/* owned by the config's file list */
	int line;
	int used;		/* read by a plugin (see host->get) */
};

struct config {
	struct config_entry *v;
	size_t n, cap;
	char **files;
	size_t nfiles, files_cap;
	struct prio_section **secs;	/* handed out by config_section */
	size_t nsecs, secs_cap;
};

/* A section as a plugin sees it: [method.NAME], [roles], [role.NAME]. */
struct prio_section {
	struct config *cfg;
	const char *name;	/* "method.wsjf" */
	int located;		/* an error already says FILE:LINE: [name] */
};

/*
 * A section's keys as plugins read them (struct prio_host's get, each
 * and bad_value, which are these): a value (NULL: unset) and where it
 * was written; each key that starts with prefix; an error naming the
 * key's file, line and value. What is read is marked used (an unread
 * key is an error: config_unused).
 */
const char *section_get(const struct prio_section *sec, const char *key,
			struct prio_origin *where);
int section_each(const struct prio_section *sec, const char *prefix,
		 int (*fn)(void *, const char *, const char *,
			   const struct prio_origin *),
		 void *arg);
int section_bad_value(const struct prio_section *sec, const char *key,
		      char *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * A section handle that lives as long as the config (for host->section).
 * The name is copied.
 */
struct prio_section *config_section(struct config *cfg, const char *name);

/* Marks a key as known, so config_unused does not report it. */
void config_mark_used(struct config *cfg, const char *section, const char *key);

void config_release(struct config *cfg);

/*
 * Adds a layer from a file; a missing file is an error (check first), and
 * so is one that is not a regular file of at most CONFIG_MAX bytes: a
 * configuration named by someone else (-c /dev/zero, a FIFO) must not
 * make prio grow or hang. A key set twice in one file is an error that
 * names both lines (a continuation line is not a second setting).
 */
#define CONFIG_MAX (1 << 20)
int config_load_file(struct config *cfg, const char *path, char *err);
/* Adds a layer from text in memory, named `name` in messages. */
int config_load_string(struct config *cfg, const char *text,
		       const char *name, char *err);
/* Adds "SECTION.KEY=VALUE" from the command line. */
int config_set(struct config *cfg, const char *assignment, char *err);

/* The effective entry for section/key (the last one loaded), or NULL. */
struct config_entry *config_find(const struct config *cfg,
				 const char *section, const char *key);
const char *config_get(const struct config *cfg, const char *section,
		       const char *key);

/*
 * Checks what the core itself owns: known sections, known keys in them,
 * well-formed values. Plugin sections are checked by the plugins (every
 * key they did not ask for is rejected by config_unused).
 */
int config_check(const struct config *cfg, char *err);

/*
 * After a plugin configured `section`: fails naming the first key in it
 * that nobody asked for. `skip` is a key the core owns ("plugin"), or NULL.
 */
int config_unused(const struct config *cfg, const char *section,
		  const char *skip, char *err);

/*
 * The sections that decide who may do what ([users], [roles], [role.NAME])
 * belong to the workspace and the machine: a personal layer (the user's
 * own file, -c FILE, --set) that sets them could grant its author any
 * role. Fails naming the first entry of cfg->v[from..to) that does.
 */
int config_refuse_rights(const struct config *cfg, size_t from, size_t to,
			 char *err);

/* Is this the effective entry (not overridden by a later layer)? */
int config_effective(const struct config *cfg, size_t i);

/* Formats an entry's origin as "FILE:LINE" (or "FILE"). */
const char *config_where(const struct config_entry *e, char *buf, size_t size);

#endif /* CONFIG_H */
