/*
 * store.c - which store a workspace has, and what every store offers
 * the same way on top of its operations (store.h).
 */
#include "store.h"

#include <poll.h>
#include <string.h>

#include "util.h"

int store_is_server(const char *where)
{
	return !strncmp(where, "postgresql://", 13) ||
	       !strncmp(where, "postgres://", 11);
}

int store_open(struct store **sp, const char *where, const char *schema,
	       int create, char *err)
{
	if (store_is_server(where)) {
		const struct store_ops *pg = module_symbol("store-pg",
							   "store_pg", err);

		return pg ? pg->open(sp, where, schema, create, err) : PRIO_EIO;
	}
	if (strstr(where, "://") && strncmp(where, "file://", 7))
		return errf(err, PRIO_EINVAL, "%s: no such kind of store "
			    "(a file, or postgresql://...)", where);
	return store_sqlite.open(sp, where, NULL, create, err);
}

int store_apply_rights(struct store *s, const struct store_rights *r,
		       struct buf *report, char *err)
{
	if (!s->ops->apply_rights)
		return errf(err, PRIO_EINVAL, "the backlog is a file here: only "
			    "a server store (prio init --store) enforces roles "
			    "itself; prio checks them in every command");
	return s->ops->apply_rights(s, r, report, err);
}

int store_wait(struct store *s, int ms, char *err)
{
	if (s->ops->wait)
		return s->ops->wait(s, ms, err);
	poll(NULL, 0, ms);
	return 0;
}

int store_log_read(struct store *s, long long item,
		   int (*fn)(void *arg, const struct log_entry *e, const char *at),
		   void *arg, char *err)
{
	return store_log_select(s, item ? "item = ?1" : "?1 = 0", item, fn, arg,
				err);
}
