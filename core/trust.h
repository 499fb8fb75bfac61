/*
 * trust.h - the workspaces the user trusts to make prio load native code.
 *
 * A workspace is data: a cloned repository may hold one, and its prio.ini
 * is written by whoever made it. A `[plugins] path` there (or in a -c
 * file inside it) would make prio dlopen a .so of theirs, so it counts
 * only for a workspace the user has trusted with `prio trust`, as git's
 * safe.directory and direnv's allow do. Everything else a workspace may
 * say (methods, fields, formats, Lua scripts, which run sandboxed) needs
 * no trust.
 *
 * The list is the user's own file, $XDG_CONFIG_HOME/prio/trusted (or
 * ~/.config/prio/trusted): one real path a line (symbolic links resolved,
 * so a link cannot stand in for a trusted folder), blank lines ignored.
 * It is not an INI file because a path may be longer than an INI line.
 * A list that someone else could write is not used: it is an error.
 */
#ifndef TRUST_H
#define TRUST_H

#include <stddef.h>

/* The list's path (to free), or NULL when neither variable is set. */
char *trust_file(void);

/*
 * Reads the list into *dirs (each and the array to free; none: NULL, 0).
 * A missing file is an empty list.
 */
int trust_read(char ***dirs, size_t *n, char *err);

/* Is the folder `real` (a real path) on the list? 1, 0, or PRIO_E*. */
int trust_check(const char *real, char *err);

/* Adds `real` (a real path); returns 1 if it was already there. */
int trust_add(const char *real, char *err);

/* Removes `dir` from the list; returns 0, or 1 if it was not there. */
int trust_remove(const char *dir, char *err);

void trust_free(char **dirs, size_t n);

#endif /* TRUST_H */
