/*
 * store.c - which store a workspace has, and what every store offers
 * the same way on top of its operations (store.h).
 */
#include "store.h"

#include <string.h>

#include "util.h"

int store_open(struct store **sp, const char *where, int create, char *err)
{
	/* Only the embedded store so far: a path. */
	if (strstr(where, "://") && strncmp(where, "file://", 7))
		return errf(err, PRIO_EINVAL, "%s: no such kind of store "
			    "(a workspace's store is a file)", where);
	return store_sqlite.open(sp, where, create, err);
}

int store_log_read(struct store *s, long long item,
		   int (*fn)(void *arg, const struct log_entry *e, const char *at),
		   void *arg, char *err)
{
	return store_log_select(s, item ? "item = ?1" : "?1 = 0", item, fn, arg,
				err);
}
