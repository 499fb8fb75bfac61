/*
 * plugin.h - finding, checking and loading plugins.
 *
 * Every directory on the plugin path is scanned for *.so files in name
 * order (plugins_load), or one plugin is looked for as NAME.so
 * (plugins_load_named), which is how commands find theirs. When two files
 * claim one name, the first called NAME.so that loads wins, else the
 * first on the path: both ways of loading agree. A plugin is refused, with the reason kept for `prio plugins` and
 * for the error when it is needed, when its file or any folder from "/"
 * down to it (through symbolic links, whose targets' folders count too)
 * could be changed by someone else, when it is not a shared object, when
 * it has no descriptor, when its ABI does not match, when its kind is
 * unknown, when its operations are smaller than its kind's or lack the
 * one it cannot do without (a method's score, a policy's check), when
 * its name is taken, when its init fails, or when it
 * crashes, exits or hangs in a probe (see struct plugins). The file
 * checked is the file loaded: it is opened once, checked through the
 * open descriptor and loaded through /proc/self/fd, so that no one can
 * swap it in between. Refused plugins are closed.
 */
#ifndef PLUGIN_H
#define PLUGIN_H

#include <stddef.h>

#include <prio/plugin.h>

struct plugin {
	char *path;			/* absolute */
	void *handle;			/* dlopen handle, or NULL if refused */
	const struct prio_plugin *desc;	/* NULL if refused before reading it */
	char *refused;			/* why it was refused, or NULL */
	int fd;				/* the file loaded, or -1 (plugin.c) */
};

struct plugins {
	struct plugin **v;	/* each allocated once: a plugin stays put
				   while others are loaded */
	size_t n, cap;
	/*
	 * Which plugins are loaded first in a child process, so that one
	 * that crashes (or exits, or hangs) in its constructor or init is
	 * refused by name, "crashed in init (SIGSEGV)", instead of taking
	 * prio down: none (zero, for tests that load fixtures in
	 * process), all (prio plugins), or those from outside the folder
	 * `shipped`, prio's own, whose plugins the tests run (a fork
	 * and a second load: about a millisecond a plugin).
	 */
	enum { PLUGINS_PROBE_NONE, PLUGINS_PROBE_FOREIGN,
	       PLUGINS_PROBE_ALL } probe;
	const char *shipped;
};

/*
 * Loads every plugin in the directories (absolute paths). Refusals are
 * recorded, not returned: one bad plugin does not stop the others. A
 * directory that does not exist is skipped.
 */
void plugins_load(struct plugins *ps, char *const *dirs, size_t ndirs,
		  const struct prio_host *host);
void plugins_release(struct plugins *ps);

/*
 * Loads NAME.so from the first directory that has one, unless it is
 * loaded already: a command needs two or three plugins, and each one
 * loaded costs a command a few tenths of a millisecond. Returns that
 * plugin, refused or not; NULL when NAME is not a plugin name, or no
 * directory has the file, or one is not absolute or safe (plugins_load
 * then says why), or cannot be read. plugins_load skips what this loaded.
 */
const struct plugin *plugins_load_named(struct plugins *ps, char *const *dirs,
					size_t ndirs, const char *name,
					const struct prio_host *host);

/* The loaded plugin of that kind and name, or NULL. */
const struct plugin *plugins_find(const struct plugins *ps,
				  enum prio_kind kind, const char *name);
/* A refused plugin whose file is NAME.so, for a better error, or NULL. */
const struct plugin *plugins_refused(const struct plugins *ps,
				     const char *name);

const char *plugin_kind_name(enum prio_kind kind);
/* Is the file at path NAME.so? */
int plugin_named_after(const char *path, const char *name);

#endif /* PLUGIN_H */
