/*
 * store-sqlite.c - the backlog in SQLite: the embedded store, behind the
 * table of operations store.h describes.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "field.h"
#include "table.h"
#include "util.h"

#define STMT_CACHE 4

/* A prepared write, for one shape: insert or update, of these columns. */
struct cached {
	int update;
	int *cols;
	size_t ncols;
	int skip;		/* the index in cols not bound (id, in an
				   update), or -1 */
	int now, id;		/* the parameters of the time and of the id */
	int newid;		/* the parameter of a new item's id, or 0 */
	sqlite3_stmt *stmt;
};

struct sq {
	struct store base;	/* first: a struct store * is a struct sq * */
	sqlite3 *db;
	char *path;
	char **slots;		/* custom fields by their place in doc */
	size_t nslots, slots_cap;
	struct cached cache[STMT_CACHE];
	struct cached reader;	/* store_item_json's read */
	unsigned next;		/* round robin over the cache */
	sqlite3_stmt *by_key, *by_id, *log, *up, *kids;
	sqlite3_stmt *log_put;	/* once per entry of a copied log */
	sqlite3_stmt *sp_remove, *sp_outcome;	/* once per item at a close */
	int readonly;		/* the workspace cannot be written */
	int dirty;		/* the open transaction changed items */
	long long change;	/* the log change of the open transaction, or 0 */
	char now[21];		/* the time of the open transaction, or "" */
	char *found;		/* the name store_initiative_find found */
	long long next_id;	/* the next new item's id, or 0: not known
				   in this transaction */
	int bulk;		/* items_key is dropped until the commit */
};

/* One time for a whole transaction: an import's items share it. */
static const char *sq_now(struct sq *s)
{
	if (!s->now[0])
		time_now(s->now);
	return s->now;
}

/*
 * Schema migrations, in order; user_version is how many have run. Never
 * edit one that has shipped: add another.
 */
static int migrate_doc(struct sq *s, char *err);

/*
 * Schema migrations, in order; user_version is how many have run. Never
 * edit one that has shipped: add another. One that must look at the
 * store first is a function.
 */
struct migration {
	const char *sql;
	int (*fn)(struct sq *s, char *err);
};

static const struct migration migrations[] = {
	{ "CREATE TABLE items ("
	" id INTEGER PRIMARY KEY,"
	" key TEXT UNIQUE,"
	" title TEXT NOT NULL,"
	" type TEXT NOT NULL DEFAULT 'story',"
	" status TEXT NOT NULL DEFAULT 'new',"
	" parent INTEGER,"
	" estimate NUMERIC,"
	" labels TEXT,"
	" created TEXT NOT NULL,"
	" updated TEXT NOT NULL);"
	"CREATE INDEX items_parent ON items(parent);"
	"CREATE TABLE fields (name TEXT PRIMARY KEY, type TEXT NOT NULL);", NULL },

	/* generation: bumped by every commit that changed items (store_commit). */
	{ "CREATE TABLE meta (key TEXT PRIMARY KEY, value);"
	"INSERT INTO meta VALUES ('generation', 0);"
	"CREATE TABLE cache (name TEXT PRIMARY KEY, generation INTEGER NOT NULL,"
	" data BLOB NOT NULL);", NULL },

	/* The audit log: every change, and every refusal. */
	{ "CREATE TABLE log ("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" user TEXT NOT NULL,"
	" roles TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" item INTEGER,"
	" before TEXT,"
	" after TEXT,"
	" outcome TEXT NOT NULL,"
	" reason TEXT);"
	"CREATE INDEX log_item ON log(item);", NULL },

	/* Manual order (prio move) and pinned ranks (prio pin). */
	{ ("ALTER TABLE items ADD COLUMN position NUMERIC;"
	 "ALTER TABLE items ADD COLUMN pin INTEGER;"), NULL },

	/*
	 * The product workflow: user stories, the roadmap link, the days an
	 * item became done and accepted, why it was last rejected; acceptance
	 * criteria, sprints (and every item's time in them), the roadmap.
	 */
	{ ("ALTER TABLE items ADD COLUMN story TEXT;"
	 "ALTER TABLE items ADD COLUMN initiative TEXT;"
	 "ALTER TABLE items ADD COLUMN initiative_rank NUMERIC;"
	 "ALTER TABLE items ADD COLUMN done_on TEXT;"
	 "ALTER TABLE items ADD COLUMN accepted_on TEXT;"
	 "ALTER TABLE items ADD COLUMN reject_reason TEXT;"
	 "CREATE TABLE criteria (item INTEGER NOT NULL, n INTEGER NOT NULL,"
	 " text TEXT NOT NULL, checked INTEGER NOT NULL DEFAULT 0,"
	 " PRIMARY KEY (item, n));"
	 "CREATE TABLE sprints (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	 " start TEXT NOT NULL, end TEXT NOT NULL, capacity NUMERIC,"
	 " closed_on TEXT, done NUMERIC, accepted NUMERIC);"
	 "CREATE TABLE sprint_items (id INTEGER PRIMARY KEY,"
	 " sprint INTEGER NOT NULL, item INTEGER NOT NULL, points NUMERIC,"
	 " added TEXT NOT NULL, removed TEXT, outcome TEXT);"
	 "CREATE INDEX sprint_items_sprint ON sprint_items(sprint);"
	 "CREATE TABLE roadmap (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	 " horizon TEXT, rank INTEGER NOT NULL);"), NULL },

	/*
	 * An item's rows in sprint_items, found without reading the whole
	 * sprint: closing one of n items is n lookups, not n scans.
	 */
	{ "CREATE INDEX sprint_items_item ON sprint_items(item, sprint);", NULL },

	/*
	 * History. Ids are never reused: removed_id is the highest id ever
	 * removed (from the log, for a store made before), and a new item's
	 * id is above it and every id in use. The log's entries group into
	 * changes (one command: a set of several kinds, a whole import),
	 * numbered by their first entry, which prio undo reverts as one;
	 * an undo's entries say which change they revert (undoes). Before,
	 * an import's entries shared their time and user.
	 */
	{ ("INSERT OR REPLACE INTO meta VALUES ('removed_id', coalesce((SELECT"
	 " max(item) FROM log WHERE action = 'item.delete'), 0));"
	 "ALTER TABLE log ADD COLUMN change INTEGER;"
	 "ALTER TABLE log ADD COLUMN undoes INTEGER;"
	 "UPDATE log SET change = CASE WHEN action = 'import' THEN (SELECT"
	 " min(l.id) FROM log l WHERE l.action = 'import' AND l.at = log.at"
	 " AND l.user = log.user) ELSE id END;"
	 "CREATE INDEX log_change ON log(change);"
	 "CREATE INDEX log_undoes ON log(undoes);"), NULL },

	/* Where the identity in a log entry came from: --as, PRIO_USER, login. */
	{ "ALTER TABLE log ADD COLUMN via TEXT;", NULL },

	/* Custom fields in one document column: migrate_doc. */
	{ NULL, migrate_doc },
};

/*
 * SQLite's message for the last error, but a failed write in the words
 * of the system, as prio's own writes say it: SQLite says "database or
 * disk is full" for ENOSPC and "disk I/O error" for every other errno
 * (EFBIG, EROFS, ...).
 */
static const char *db_msg(struct sq *s)
{
	int code = sqlite3_errcode(s->db) & 0xff;
	int sys = sqlite3_system_errno(s->db);

	if (code == SQLITE_FULL)
		return strerror(ENOSPC);
	if (code == SQLITE_IOERR && sys)
		return strerror(sys);
	return sqlite3_errmsg(s->db);
}

static int db_err(struct sq *s, char *err, const char *what)
{
	return errf(err, PRIO_EIO, "%s: %s: %s", s->path, what, db_msg(s));
}

static int exec(struct sq *s, const char *sql, char *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		int code = rc & 0xff;

		errf(err, PRIO_EIO, "%s: %s", s->path,
		     msg && code != SQLITE_FULL && code != SQLITE_IOERR ? msg
		     : db_msg(s));
		sqlite3_free(msg);
		return PRIO_EIO;
	}
	return 0;
}

/*
 * prio_doc(v0, v1, ...): the JSON array of custom field values that
 * items.doc holds, ending at the last value that is not NULL, so that an item
 * has one doc whatever wrote it (an import, an update, an undo).
 */
static void doc_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf b = {0};
	int end = argc;

	while (end > 0 && sqlite3_value_type(argv[end - 1]) == SQLITE_NULL)
		end--;
	if (!end) {
		sqlite3_result_null(ctx);
		return;
	}
	buf_addc(&b, '[');
	for (int i = 0; i < end; i++) {
		char num[32];

		if (i)
			buf_addc(&b, ',');
		switch (sqlite3_value_type(argv[i])) {
		case SQLITE_NULL:
			buf_adds(&b, "null");
			break;
		case SQLITE_INTEGER:
			if (llabs(sqlite3_value_int64(argv[i])) < 1000000000000000LL)
				buf_add(&b, num, (size_t)num_format((double)
					sqlite3_value_int64(argv[i]), num,
					sizeof(num)));
			else
				buf_addf(&b, "%lld", (long long)
					 sqlite3_value_int64(argv[i]));
			break;
		case SQLITE_FLOAT:
			buf_add(&b, num, (size_t)num_format(
				sqlite3_value_double(argv[i]), num, sizeof(num)));
			break;
		default:
			buf_addjson(&b, (const char *)sqlite3_value_text(argv[i]),
				    (size_t)sqlite3_value_bytes(argv[i]));
			break;
		}
	}
	buf_addc(&b, ']');
	sqlite3_result_text(ctx, b.p, (int)b.len, free);
}

/* The custom fields the store has, by slot. */
static int read_slots(struct sq *s, char *err)
{
	sqlite3_stmt *st;

	/* The prepared writes and reads name the slots: made again. */
	for (size_t i = 0; i < STMT_CACHE; i++) {
		sqlite3_finalize(s->cache[i].stmt);
		s->cache[i].stmt = NULL;
	}
	sqlite3_finalize(s->reader.stmt);
	s->reader.stmt = NULL;

	for (size_t i = 0; i < s->nslots; i++)
		free(s->slots[i]);
	s->nslots = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT name, slot FROM fields ORDER BY "
			       "slot", -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "reading the schema");
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t slot = (size_t)sqlite3_column_int64(st, 1);

		GROW(s->slots, slot + 1, s->slots_cap);
		while (s->nslots <= slot)
			s->slots[s->nslots++] = NULL;
		s->slots[slot] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return 0;
}

/*
 * Schema 8: custom fields leave their columns (f_NAME, one ALTER TABLE
 * each) for one document column, a JSON array with a slot per field
 * (fields.slot): no ALTER TABLE when a field is declared, and the same
 * layout for a server store. An array, not an object: the names would
 * be stored once per item, and cost more than the values. The table is
 * made again (one pass, in the migration's transaction), with the
 * parent index made partial: most items have none.
 */
static int migrate_doc(struct sq *s, char *err)
{
	static const char *const builtin =
		"id, key, title, type, status, parent, estimate, labels, "
		"created, updated, position, pin, story, initiative, "
		"initiative_rank, done_on, accepted_on, reject_reason";
	struct buf sql = {0}, arr = {0};
	sqlite3_stmt *st;
	int rc, n = 0;

	if ((rc = exec(s, "ALTER TABLE fields ADD COLUMN slot INTEGER;"
		       "UPDATE fields SET slot = (SELECT count(*) FROM fields f"
		       " WHERE f.rowid < fields.rowid);", err)))
		return rc;
	/* A field with no column (never written) is a null in its slot. */
	if (sqlite3_prepare_v2(s->db, "SELECT 'f_' || name IN (SELECT name "
			       "FROM pragma_table_info('items')), name FROM "
			       "fields ORDER BY slot", -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "reading the schema");
	buf_adds(&arr, "prio_doc(");
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *col = sqlite3_mprintf("\"f_%w\"",
					    (const char *)sqlite3_column_text(st, 1));
		buf_addf(&arr, "%s%s", n++ ? ", " : "",
			 sqlite3_column_int(st, 0) ? col : "NULL");
		sqlite3_free(col);
	}
	sqlite3_finalize(st);
	buf_adds(&arr, ")");
	buf_addf(&sql,
		 "CREATE TABLE items_v8 ("
		 " id INTEGER PRIMARY KEY, key TEXT, title TEXT NOT NULL,"
		 " type TEXT NOT NULL DEFAULT 'story',"
		 " status TEXT NOT NULL DEFAULT 'new', parent INTEGER,"
		 " estimate NUMERIC, labels TEXT, created TEXT NOT NULL,"
		 " updated TEXT NOT NULL, position NUMERIC, pin INTEGER,"
		 " story TEXT, initiative TEXT, initiative_rank NUMERIC,"
		 " done_on TEXT, accepted_on TEXT, reject_reason TEXT, doc TEXT);"
		 "INSERT INTO items_v8 SELECT %s, %s FROM items;"
		 "DROP TABLE items;"
		 "ALTER TABLE items_v8 RENAME TO items;"
		 "CREATE UNIQUE INDEX items_key ON items(key);"
		 "CREATE INDEX items_parent ON items(parent) WHERE parent IS NOT"
		 " NULL;", builtin, n ? arr.p : "NULL");
	rc = exec(s, sql.p, err);
	buf_release(&sql);
	buf_release(&arr);
	return rc;
}

/* Is the open database one prio made? Checked before anything writes
 * to it (journal_mode = WAL does): only prio init makes a backlog of an
 * empty database. */
static int is_prio(struct sq *s)
{
	sqlite3_stmt *st;
	int yes = 1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	return yes;
}

static int migrate(struct sq *s, char *err)
{
	sqlite3_stmt *st;
	int version = 0, rc;

	/* Most opens find the schema current: check before taking the lock. */
	for (int locked = 0; locked < 2; locked++) {
		if (locked && store_begin(&s->base, err))
			return PRIO_EIO;
		version = -1;
		if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
				       NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (version < 0) {
			store_rollback(&s->base);
			return db_err(s, err, "reading the schema version");
		}
		if (!locked && version == (int)ARRAY_SIZE(migrations))
			return 0;
	}
	if (version > (int)ARRAY_SIZE(migrations)) {
		store_rollback(&s->base);
		return errf(err, PRIO_EINVAL,
			    "%s: made by a newer prio (schema %d; this one "
			    "knows up to %zu)", s->path, version,
			    ARRAY_SIZE(migrations));
	}
	for (; version < (int)ARRAY_SIZE(migrations); version++) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
			 version + 1);
		if ((rc = migrations[version].sql ?
		     exec(s, migrations[version].sql, err) :
		     migrations[version].fn(s, err)) ||
		    (rc = exec(s, pragma, err))) {
			store_rollback(&s->base);
			return rc;
		}
	}
	return store_commit(&s->base, err);
}

/*
 * An existing store must be an SQLite file: SQLite itself takes an empty
 * file (or none) for a new database, and a command would then write a
 * fresh, empty backlog where the old one was.
 */
static int check_file(const char *path, char *err)
{
	char head[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 && errno == ENOENT)
		return errf(err, PRIO_EIO, "%s: no backlog here (prio init "
			    "creates one)", path);
	if (fd < 0)
		return errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n < 0)
		return errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
	if (n == 0)
		return errf(err, PRIO_EINVAL, "%s: an empty file, not a prio "
			    "backlog (prio init creates one)", path);
	if (n < (ssize_t)sizeof(head) || memcmp(head, "SQLite format 3", 16))
		return errf(err, PRIO_EINVAL, "%s: not a prio backlog (not an "
			    "SQLite database)", path);
	return 0;
}

/* Can the store, and the folder its journal files go in, be written? */
static int writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int ok;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	ok = (access(path, W_OK) == 0 || (errno != EROFS && errno != EACCES))
	     && (access(slash ? dir : ".", W_OK) == 0 ||
		 (errno != EROFS && errno != EACCES));
	free(dir);
	return ok;
}

static int sq_open(struct store **sp, const char *path, const char *schema,
		   int create, char *err)
{
	struct sq *s = xcalloc(1, sizeof(*s));
	/* One thread: SQLite's own mutexes are pure cost. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (create ? SQLITE_OPEN_CREATE : 0);
	int rc;

	(void)schema;	/* a file is one workspace */
	*sp = NULL;
	s->base.ops = &store_sqlite;
	s->path = xstrdup(path);
	if (!create && (rc = check_file(path, err))) {
		free(s->path);
		free(s);
		return rc;
	}
	/*
	 * A new store is made as any file the user makes: 0666 less the
	 * umask, in the folder's group when the folder is setgid. SQLite
	 * would make it 0644 whatever the umask, and it gives its -wal and
	 * -shm files the database's mode, so under `umask 002` in a setgid
	 * folder a group shares the workspace: a read by one (which makes
	 * those files) leaves nothing the others cannot write.
	 */
	if (create) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

		if (fd < 0) {
			errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
			free(s->path);
			free(s);
			return PRIO_EIO;
		}
		close(fd);
	}
	/*
	 * A read-only workspace (a read-only mount, a folder of someone
	 * else's) is read read-only, where a read-write open fails for want
	 * of the WAL's -shm file. With no -wal file either, the database
	 * file is the whole backlog, and SQLite reads it as immutable (it
	 * could create neither file); with one, it needs them both there.
	 * Writes are refused by store_begin, naming the workspace.
	 */
	if (!create && !writable(path)) {
		char *wal = xstrfmt("%s-wal", path);
		char *shm = xstrfmt("%s-shm", path);
		struct buf uri = {0};
		int lost = access(wal, F_OK) == 0 && access(shm, F_OK) < 0;

		free(shm);
		if (lost) {
			free(wal);
			free(s->path);
			free(s);
			return errf(err, PRIO_EIO, "%s: the workspace is "
				    "read-only, and the backlog's last changes "
				    "are in its -wal file, which SQLite cannot "
				    "read without a -shm file beside it: open "
				    "the workspace once where it can be "
				    "written", path);
		}

		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX |
			SQLITE_OPEN_URI;
		s->readonly = 1;
		buf_adds(&uri, "file:");
		for (const char *c = path; *c; c++)
			if (*c == '%' || *c == '?' || *c == '#')
				buf_addf(&uri, "%%%02X", (unsigned char)*c);
			else
				buf_addc(&uri, *c);
		if (access(wal, F_OK) < 0)
			buf_adds(&uri, "?immutable=1");
		free(wal);
		rc = sqlite3_open_v2(uri.p, &s->db, flags, NULL);
		buf_release(&uri);
	} else {
		rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	}
	if (rc != SQLITE_OK) {
		errf(err, PRIO_EIO, "%s: %s", path,
		     s->db ? sqlite3_errmsg(s->db) : "cannot open");
		store_close(&s->base);
		return PRIO_EIO;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_create_function(s->db, "prio_doc", -1, SQLITE_UTF8 |
				SQLITE_DETERMINISTIC, NULL, doc_fn, NULL, NULL);
	/*
	 * 8 KiB pages (for a new store; an existing one keeps its own): an
	 * import of a million items took a quarter of its time in system
	 * calls at SQLite's 4 KiB, and a fifth less CPU at 8 KiB. Larger
	 * pages import faster still (64 KiB: a further tenth) but make every
	 * small read larger: `prio list` on 10k items went from 13 to 17 ms.
	 */
	if (!create && !is_prio(s)) {
		errf(err, PRIO_EINVAL, "%s: an SQLite database, but not a prio "
		     "backlog (prio init creates one)", path);
		store_close(&s->base);
		return PRIO_EINVAL;
	}
	if ((!s->readonly &&
	     exec(s, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; "
		  "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;",
		  err)) ||
	    migrate(s, err) || read_slots(s, err)) {
		store_close(&s->base);
		return PRIO_EIO;
	}
	*sp = &s->base;
	return 0;
}

static void sq_close(struct store *base)
{
	struct sq *s = (struct sq *)base;
	if (!s)
		return;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		free(s->cache[i].cols);
		sqlite3_finalize(s->cache[i].stmt);
	}
	free(s->reader.cols);
	sqlite3_finalize(s->reader.stmt);
	sqlite3_finalize(s->by_key);
	sqlite3_finalize(s->by_id);
	sqlite3_finalize(s->log);
	sqlite3_finalize(s->log_put);
	sqlite3_finalize(s->up);
	sqlite3_finalize(s->kids);
	sqlite3_finalize(s->sp_remove);
	sqlite3_finalize(s->sp_outcome);
	for (size_t i = 0; i < s->nslots; i++)
		free(s->slots[i]);
	free(s->slots);
	free(s->found);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

static int sq_begin(struct store *base, char *err)
{
	struct sq *s = (struct sq *)base;
	s->dirty = 0;
	s->change = 0;
	s->next_id = 0;
	s->now[0] = '\0';
	if (s->readonly) {
		const char *slash = strrchr(s->path, '/');
		int len = slash ? (int)(slash - s->path) : 1;

		return errf(err, PRIO_EIO, "%.*s: the workspace is read-only "
			    "(%s cannot be written)", len ? len : 1,
			    slash ? s->path : ".", s->path);
	}
	return exec(s, "BEGIN IMMEDIATE", err);
}

/*
 * A bulk write into an empty backlog: the key index is made once at the
 * end (one sort) instead of kept at every row (a million random
 * inserts into it). Inside the transaction: a crash, a rollback or a
 * commit brings it back.
 */
static int sq_bulk(struct store *base, int on, char *err)
{
	struct sq *s = (struct sq *)base;
	int rc;

	if (on == s->bulk)
		return 0;
	if (on)
		rc = exec(s, "DROP INDEX IF EXISTS items_key", err);
	else if ((rc = exec(s, "CREATE UNIQUE INDEX IF NOT EXISTS items_key "
			    "ON items(key)", err)) &&
		 sqlite3_errcode(s->db) == SQLITE_CONSTRAINT)
		rc = errf(err, PRIO_EINVAL, "two items have the same key");
	if (!rc)
		s->bulk = on;
	return rc;
}

static int sq_commit(struct store *base, char *err)
{
	struct sq *s = (struct sq *)base;
	int rc;

	if (s->bulk && (rc = sq_bulk(base, 0, err)))
		return rc;

	if (s->dirty && (rc = exec(s, "UPDATE meta SET value = value + 1 "
				   "WHERE key = 'generation'", err)))
		return rc;
	s->dirty = 0;
	return exec(s, "COMMIT", err);
}

static int sq_in_transaction(struct store *base)
{
	struct sq *s = (struct sq *)base;
	return !sqlite3_get_autocommit(s->db);
}

static void sq_rollback(struct store *base)
{
	struct sq *s = (struct sq *)base;
	s->dirty = 0;
	s->next_id = 0;
	s->bulk = 0;	/* the index comes back with the rest */
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static long long sq_generation(struct store *base, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	long long g = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = "
			       "'generation'", -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "reading the generation");
	if (sqlite3_step(st) == SQLITE_ROW)
		g = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return g < 0 ? db_err(s, err, "reading the generation") : g;
}

static int sq_cache_get(struct store *base, const char *name,
			long long generation, void **data, size_t *len)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int found = 0;

	*data = NULL;
	*len = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT data FROM cache WHERE name = ?1 "
			       "AND (generation = ?2 OR ?2 < 0)", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, generation);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		*data = xmalloc(*len ? *len : 1);
		memcpy(*data, sqlite3_column_blob(st, 0), *len);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

static void sq_cache_put(struct store *base, const char *name,
			 long long generation, const void *data, size_t len)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st = NULL;
	char err[PRIO_ERR_MAX];

	/* Best effort: never wait for a writer, never fail the command. */
	sqlite3_busy_timeout(s->db, 0);
	if (exec(s, "BEGIN IMMEDIATE", err))
		goto out;
	if (store_generation(&s->base, err) != generation)
		goto out;	/* changed meanwhile: this result is old */
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO cache VALUES "
			       "(?1, ?2, ?3)", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, generation);
	sqlite3_bind_blob64(st, 3, data, len, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		exec(s, "DELETE FROM cache WHERE generation <> (SELECT value "
		     "FROM meta WHERE key = 'generation'); COMMIT", err);
out:
	sqlite3_finalize(st);
	store_rollback(&s->base);
	sqlite3_busy_timeout(s->db, 10000);
}

/* The slot of a custom field in doc, or -1 when the store has none. */
static int slot_of(const struct sq *s, const char *name)
{
	for (size_t i = 0; i < s->nslots; i++)
		if (s->slots[i] && !strcmp(s->slots[i], name))
			return (int)i;
	return -1;
}

/*
 * What SELECT reads for a field: a built-in field's column, a custom
 * field's slot in doc, or NULL for a field nothing has written yet.
 */
static void column_expr(const struct sq *s, const struct field *f,
			struct buf *sql)
{
	int slot;

	if (f->flags & FIELD_BUILTIN)
		buf_addf(sql, "\"%s\"", f->name);
	else if ((slot = slot_of(s, f->name)) >= 0)
		buf_addf(sql, "json_extract(doc, '$[%d]')", slot);
	else
		buf_adds(sql, "NULL");
}

static int sq_sync_fields(struct store *base, const struct schema *schema,
			  char *err)
{
	struct sq *s = (struct sq *)base;
	int added = 0;

	for (size_t i = schema->nbuiltin; i < schema->n; i++) {
		const struct field *f = &schema->v[i];
		char *sql;
		int rc;

		if (slot_of(s, f->name) >= 0)
			continue;
		sql = sqlite3_mprintf("INSERT OR REPLACE INTO fields VALUES "
				      "(%Q, %Q, (SELECT coalesce(max(slot), -1) "
				      "+ 1 FROM fields));", f->name,
				      f->type == PRIO_TYPE_NUMBER ? "number"
								  : "text");
		rc = exec(s, sql, err);
		sqlite3_free(sql);
		if (rc)
			return rc;
		added = 1;
	}
	if (!added)
		return 0;
	s->dirty = 1;
	return read_slots(s, err);
}

/*
 * "SELECT wanted columns FROM items": which table column each built-in
 * one is (cols), and, when custom fields are wanted, doc last, with the
 * table column of each of its slots (*slots, -1 where not wanted; NULL
 * when none is). The caller frees *slots.
 */
static size_t select_wanted(struct sq *s, const struct table *t,
			    struct buf *sql, int *cols, int **slots)
{
	size_t n = table_read_columns(t, s->slots, s->nslots, cols, slots);

	buf_adds(sql, "SELECT ");
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_adds(sql, ", ");
		column_expr(s, t->cols[cols[k]].field, sql);
	}
	if (*slots)
		buf_adds(sql, n ? ", doc" : "doc");
	buf_adds(sql, " FROM items");
	return n;
}

static void read_row(sqlite3_stmt *st, struct table *t, size_t row,
		     const int *cols, size_t n, const int *slots,
		     size_t nslots)
{
	if (slots && sqlite3_column_type(st, (int)n) != SQLITE_NULL) {
		const char *doc = (const char *)sqlite3_column_text(st, (int)n);

		table_read_doc(doc, doc + sqlite3_column_bytes(st, (int)n), t, row,
			 slots, nslots);
	}
	for (size_t k = 0; k < n; k++) {
		int col = cols[k];

		if (sqlite3_column_type(st, (int)k) == SQLITE_NULL)
			continue;
		if (t->cols[col].type == PRIO_TYPE_NUMBER)
			table_set_num(t, col, row,
				      sqlite3_column_double(st, (int)k));
		else
			table_set(t, col, row,
				  (const char *)sqlite3_column_text(st, (int)k),
				  (size_t)sqlite3_column_bytes(st, (int)k));
	}
}

static int sq_load(struct store *base, struct table *t, long long only,
		   char *err)
{
	struct sq *s = (struct sq *)base;
	struct buf sql = {0};
	int *cols = xmalloc((t->ncols + 1) * sizeof(int)), *slots;
	size_t n = select_wanted(s, t, &sql, cols, &slots);
	sqlite3_stmt *st = NULL;
	long long count = 0;
	int rc, began = 0;

	buf_adds(&sql, only ? " WHERE id = ?" : " ORDER BY id");
	/* One snapshot for the count and the rows (a write has its own). */
	if (sqlite3_get_autocommit(s->db)) {
		if ((rc = exec(s, "BEGIN", err)))
			goto out;
		began = 1;
	}
	if (!only && (count = store_count(&s->base, err)) < 0) {
		rc = PRIO_EIO;
		goto out;
	}
	if (sqlite3_prepare_v2(s->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
		rc = db_err(s, err, "reading items");
		goto out;
	}
	if (only)
		sqlite3_bind_int64(st, 1, only);
	if (only) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			read_row(st, t, table_add_row(t, 0), cols, n, slots,
				 s->nslots);
	} else {
		/* The snapshot has exactly count rows: add them at once. */
		size_t first = table_add_rows(t, (size_t)count), i = 0;

		while (i < (size_t)count &&
		       (rc = sqlite3_step(st)) == SQLITE_ROW)
			read_row(st, t, first + i++, cols, n, slots, s->nslots);
		if (i == (size_t)count)
			rc = SQLITE_DONE;
	}
	rc = rc == SQLITE_DONE ? 0 : db_err(s, err, "reading items");
out:
	sqlite3_finalize(st);
	if (began)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	buf_release(&sql);
	free(cols);
	free(slots);
	return rc;
}

static int sq_fill(struct store *base, struct table *t, const uint32_t *rows,
		   size_t nrows, char *err)
{
	struct sq *s = (struct sq *)base;
	struct buf sql = {0};
	int *cols = xmalloc((t->ncols + 1) * sizeof(int)), *slots;
	size_t n = select_wanted(s, t, &sql, cols, &slots);
	int idc = table_find(t, "id", 2), rc = 0;
	const double *ids = table_numbers(t, idc);
	/* One read transaction: one lock for all the rows, not one each. */
	int own = sqlite3_get_autocommit(s->db) && nrows > 1;
	sqlite3_stmt *st = NULL;

	buf_adds(&sql, " WHERE id = ?");
	if (own && (rc = exec(s, "BEGIN", err)))
		own = 0;
	else if (sqlite3_prepare_v2(s->db, sql.p, -1, &st, NULL) != SQLITE_OK)
		rc = db_err(s, err, "reading items");
	for (size_t i = 0; i < nrows && !rc; i++) {
		sqlite3_bind_int64(st, 1, (long long)ids[rows[i]]);
		if (sqlite3_step(st) == SQLITE_ROW)
			read_row(st, t, rows[i], cols, n, slots, s->nslots);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	buf_release(&sql);
	free(cols);
	free(slots);
	return rc;
}

static int prepare(struct sq *s, sqlite3_stmt **st, const char *sql,
		   char *err)
{
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return 0;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "preparing a query");
	return 0;
}

static int lookup(struct sq *s, const char *ref, size_t len, int by_key,
		  long long *id, char *err)
{
	long long num = 0;
	sqlite3_stmt *st;
	int rc = by_key ? 0 : id_parse(ref, len, &num);

	if (rc < 0)
		return id_refuse(err, ref, len);
	if (rc) {
		if (prepare(s, &s->by_id, "SELECT id FROM items WHERE id = ?",
			    err))
			return PRIO_EIO;
		st = s->by_id;
		sqlite3_bind_int64(st, 1, num);
	} else {
		if (prepare(s, &s->by_key,
			    "SELECT id FROM items WHERE key = ?", err))
			return PRIO_EIO;
		st = s->by_key;
		sqlite3_bind_text(st, 1, ref, (int)len, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "looking up an item");
	return 0;
}

static int sq_lookup(struct store *base, const char *ref, size_t len,
		     long long *id, char *err)
{
	struct sq *s = (struct sq *)base;
	return lookup(s, ref, len, 0, id, err);
}

static int sq_lookup_key(struct store *base, const char *key, size_t len,
			 long long *id, char *err)
{
	struct sq *s = (struct sq *)base;
	return lookup(s, key, len, 1, id, err);
}

/* How errors name an item: by its key, or its id when it has none. */
static void item_name(struct sq *s, long long id, struct buf *b)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, "SELECT key FROM items WHERE id = ?1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL) {
			buf_adds(b, (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
			return;
		}
		sqlite3_finalize(st);
	}
	buf_addf(b, "%lld", id);
}

/*
 * Item `self` may take `parent` as its parent unless that closes a
 * cycle: walking up from parent reaches self. The walk also stops at a
 * cycle already there (written before prio checked), which self is not
 * on: Brent's way, a mark moved ahead at each power of two, which the
 * walk meets again once it goes round.
 */
static int parent_check(struct sq *s, long long self, long long parent,
			char *err)
{
	long long *chain = NULL, at = parent, mark = 0;
	size_t n = 0, cap = 0, power = 1, steps = 0;
	int rc = 0;

	if (parent == self)
		return errf(err, PRIO_EINVAL, "parent: an item cannot be its "
			    "own parent");
	/*
	 * Only an item with children can close a cycle: one probe of the
	 * parent index, where most writes stop (an import sets a parent
	 * before the item's own children have theirs).
	 */
	if (prepare(s, &s->kids, "SELECT 1 FROM items WHERE parent = ? "
		    "LIMIT 1", err))
		return PRIO_EIO;
	sqlite3_bind_int64(s->kids, 1, self);
	rc = sqlite3_step(s->kids);
	sqlite3_reset(s->kids);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_err(s, err, "reading children");
	if (prepare(s, &s->up, "SELECT parent FROM items WHERE id = ?", err))
		return PRIO_EIO;
	while (at && at != self && at != mark) {
		if (++steps == power) {
			mark = at;
			power *= 2;
			steps = 0;
		}
		GROW(chain, n + 1, cap);
		chain[n++] = at;
		sqlite3_reset(s->up);
		sqlite3_bind_int64(s->up, 1, at);
		rc = sqlite3_step(s->up);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			free(chain);
			sqlite3_reset(s->up);
			return db_err(s, err, "reading a parent");
		}
		at = rc == SQLITE_ROW ? sqlite3_column_int64(s->up, 0) : 0;
	}
	sqlite3_reset(s->up);
	rc = 0;
	if (at == self) {
		struct buf b = {0};

		/* self -> parent -> ... -> self: each the parent of the last. */
		item_name(s, self, &b);
		for (size_t i = 0; i < n; i++) {
			if (n > 12 && i == 5) {
				buf_addf(&b, " -> (%zu more)", n - 10);
				i = n - 5;
			}
			buf_adds(&b, " -> ");
			item_name(s, chain[i], &b);
		}
		buf_adds(&b, " -> ");
		item_name(s, self, &b);
		rc = errf(err, PRIO_EINVAL, "parent: that would make a cycle, "
			  "each item the parent of the one before: %s", b.p);
		buf_release(&b);
	}
	free(chain);
	return rc;
}

/*
 * The statement for this shape of write, prepared once per shape.
 * Parameters are numbered: the columns' values in order (?1, ?2, ...),
 * then the time, then (an update) the id. Custom fields are slots of
 * doc: a new item's doc is made of the values given, an update's of
 * those and the slots it keeps.
 */
static struct cached *write_stmt(struct sq *s, long long id,
				 const struct table *t, const int *cols,
				 size_t ncols, char *err)
{
	struct buf sql = {0}, vals = {0};
	struct cached *c;
	int nbind = 0, has_created = 0, has_updated = 0, skip = -1, now;
	int has_id = 0, *slot = xcalloc(s->nslots + 1, sizeof(int)), ndoc = 0;
	int emitted = 0;	/* the columns named in sql so far */
	sqlite3_stmt *st;

	for (size_t i = 0; i < STMT_CACHE; i++) {
		c = &s->cache[i];
		if (c->stmt && c->update == !!id && c->ncols == ncols &&
		    !memcmp(c->cols, cols, ncols * sizeof(*cols))) {
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			free(slot);
			return c;
		}
	}
	/* ?now, the time of the write, is bound after the columns. */
	now = 1;
	for (size_t i = 0; i < ncols; i++)
		now += !(id && !strcmp(t->cols[cols[i]].field->name, "id"));
	buf_adds(&sql, id ? "UPDATE items SET " : "INSERT INTO items (");
	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = t->cols[cols[i]].field;
		const char *name = f->name;
		const char *sep;

		if (id && !strcmp(name, "id")) {
			skip = (int)i;
			continue;
		}
		nbind++;
		if (!(f->flags & FIELD_BUILTIN)) {
			int k = slot_of(s, name);

			if (k < 0) {	/* store_sync_fields first */
				errf(err, PRIO_EINTERNAL, "field %s: not in the "
				     "store", name);
				free(slot);
				buf_release(&sql);
				return NULL;
			}
			slot[k] = nbind;
			ndoc++;
			continue;
		}
		has_id |= !strcmp(name, "id");
		has_created |= !strcmp(name, "created");
		has_updated |= !strcmp(name, "updated");
		sep = emitted++ ? ", " : "";
		if (!strcmp(name, "created") || !strcmp(name, "updated")) {
			/*
			 * A file's empty created keeps the item's, or is now
			 * for a new item; an empty updated is now.
			 */
			char other[16];

			snprintf(other, sizeof(other), "?%d", now);
			if (id)
				buf_addf(&sql, "%s\"%s\" = coalesce(?%d, %s)",
					 sep, name, nbind,
					 name[0] == 'c' ? "created" : other);
			else
				buf_addf(&sql, "%s\"%s\"", sep, name);
			buf_addf(&vals, "%scoalesce(?%d, ?%d)",
				 vals.len ? ", " : "", nbind, now);
			continue;
		}
		buf_addf(&sql, id ? "%s\"%s\" = ?%d" : "%s\"%s\"", sep, name,
			 nbind);
		buf_addf(&vals, "%s?%d", vals.len ? ", " : "", nbind);
	}
	if (ndoc) {
		/* prio_doc(): each slot the value given, or (an update) the one
		 * it has. */
		struct buf arr = {0};
		size_t end = s->nslots;

		while (!id && end > 0 && !slot[end - 1])
			end--;
		buf_adds(&arr, "prio_doc(");
		for (size_t k = 0; k < end; k++) {
			if (k)
				buf_adds(&arr, ", ");
			if (slot[k])
				buf_addf(&arr, "?%d", slot[k]);
			else if (id)
				buf_addf(&arr, "json_extract(doc, '$[%zu]')", k);
			else
				buf_adds(&arr, "NULL");
		}
		buf_addc(&arr, ')');
		buf_addf(&sql, id ? "%sdoc = %s" : "%sdoc",
			 emitted++ ? ", " : "", arr.p);
		if (!id)
			buf_addf(&vals, "%s%s", vals.len ? ", " : "", arr.p);
		buf_release(&arr);
	}
	if (!id) {
		const char *sep = emitted ? ", " : "";

		if (!has_created) {
			buf_addf(&sql, "%screated", sep);
			buf_addf(&vals, "%s?%d", vals.len ? ", " : "", now);
			sep = ", ";
		}
		if (!has_updated) {
			buf_addf(&sql, "%supdated", sep);
			buf_addf(&vals, "%s?%d", vals.len ? ", " : "", now);
			sep = ", ";
		}
		if (!has_id) {	/* store_write numbers it: next_id */
			buf_addf(&sql, "%sid", sep);
			buf_addf(&vals, "%s?%d", vals.len ? ", " : "", now + 1);
		}
		buf_addf(&sql, ") VALUES (%s)", vals.p ? vals.p : "");
	} else {
		if (!has_updated)
			buf_addf(&sql, "%supdated = ?%d", emitted ? ", " : "",
				 now);
		buf_addf(&sql, " WHERE id = ?%d", now + 1);
	}
	free(slot);
	buf_release(&vals);
	if (sqlite3_prepare_v3(s->db, sql.p, -1, SQLITE_PREPARE_PERSISTENT,
			       &st, NULL) != SQLITE_OK) {
		db_err(s, err, "preparing a write");
		buf_release(&sql);
		return NULL;
	}
	buf_release(&sql);
	c = &s->cache[s->next++ % STMT_CACHE];
	sqlite3_finalize(c->stmt);
	free(c->cols);
	c->stmt = st;
	c->update = !!id;
	c->cols = xmalloc((ncols ? ncols : 1) * sizeof(*cols));
	memcpy(c->cols, cols, ncols * sizeof(*cols));
	c->ncols = ncols;
	c->skip = skip;
	c->now = now;
	c->id = now + 1;
	c->newid = !id && !has_id ? now + 1 : 0;
	return c;
}

static int bind_value(struct sq *s, sqlite3_stmt *st, int pos,
		      const struct table *t, int col, size_t row,
		      long long self, char *err)
{
	const struct column *c = &t->cols[col];
	const struct field *f = c->field;
	char buf[32];
	size_t len;
	const char *v = table_text(t, col, row, buf, &len);
	double num;
	long long ref;

	if (!v) {
		if (!strcmp(f->name, "type"))
			return sqlite3_bind_text(st, pos, "story", -1,
						 SQLITE_STATIC);
		if (!strcmp(f->name, "status"))
			return sqlite3_bind_text(st, pos, "new", -1,
						 SQLITE_STATIC);
		if (f->flags & FIELD_REQUIRED)
			return errf(err, PRIO_EINVAL, "%s must not be empty",
				    f->name);
		return sqlite3_bind_null(st, pos);
	}
	if (f->flags & FIELD_REF) {
		int rc = store_lookup(&s->base, v, len, &ref, err);
		if (rc < 0)
			return rc;
		if (!rc)
			return errf(err, PRIO_EINVAL, "%s '%.*s': no such item",
				    f->name, (int)len, v);
		if (self && (rc = parent_check(s, self, ref, err)))
			return rc;
		return sqlite3_bind_int64(st, pos, ref);
	}
	if (f->type == PRIO_TYPE_NUMBER) {
		if (num_parse(v, len, &num) < 0)
			return errf(err, PRIO_EINVAL, "%s: not a number: '%.*s'",
				    f->name, (int)len, v);
		if (fabs(num) < 9e15 && num == floor(num))
			return sqlite3_bind_int64(st, pos, (long long)num);
		return sqlite3_bind_double(st, pos, num);
	}
	/* The table outlives the statement's step: no copy, unless the
	 * text was formatted into buf. */
	return sqlite3_bind_text(st, pos, v, (int)len,
				 v == buf ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

/* Runs one statement with up to two int64 and two text parameters. */
static int run1(struct sq *s, const char *sql, long long a, long long b,
		const char *x, const char *y, char *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "preparing a query");
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_text(st, 3, x, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(st) >= 4)
		sqlite3_bind_text(st, 4, y, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT)
		return errf(err, PRIO_EINVAL, "%s", sqlite3_errmsg(s->db));
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
		: db_err(s, err, "writing");
}

/*
 * A new item's id: never one in use, never one removed. Found once per
 * transaction (which holds the write lock), then counted up.
 */
static int next_id(struct sq *s, char *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, "SELECT max(coalesce((SELECT max(id) FROM "
			       "items), 0), coalesce((SELECT value FROM meta "
			       "WHERE key = 'removed_id'), 0)) + 1", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "numbering an item");
	if (sqlite3_step(st) == SQLITE_ROW)
		s->next_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return s->next_id ? 0 : db_err(s, err, "numbering an item");
}

static int sq_write(struct store *base, long long id, const struct table *t,
		    size_t row, const int *cols, size_t ncols, long long *out,
		    char *err)
{
	struct sq *s = (struct sq *)base;
	struct cached *c = write_stmt(s, id, t, cols, ncols, err);
	const char *now = sq_now(s);
	int pos = 1, rc;
	sqlite3_stmt *st;

	if (!c)
		return PRIO_EIO;
	st = c->stmt;
	for (size_t i = 0; i < ncols; i++) {
		if ((int)i == c->skip)
			continue;
		rc = bind_value(s, st, pos++, t, cols[i], row, id, err);
		if (rc < 0)
			return rc;
		if (rc != SQLITE_OK)
			return db_err(s, err, "writing an item");
	}
	sqlite3_bind_text(st, c->now, now, -1, SQLITE_STATIC);
	if (id)
		sqlite3_bind_int64(st, c->id, id);
	if (c->newid) {
		if (!s->next_id && (rc = next_id(s, err)))
			return rc;
		sqlite3_bind_int64(st, c->newid, s->next_id);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT) {
		int ext = sqlite3_extended_errcode(s->db);
		sqlite3_reset(st);
		if (ext == SQLITE_CONSTRAINT_UNIQUE)
			return errf(err, PRIO_EINVAL,
				    "key already used by another item");
		if (ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return errf(err, PRIO_EINVAL, "id already used");
		return errf(err, PRIO_EINVAL, "%s", sqlite3_errmsg(s->db));
	}
	if (rc != SQLITE_DONE) {
		rc = db_err(s, err, "writing an item");
		sqlite3_reset(st);
		return rc;
	}
	if (!id) {
		id = sqlite3_last_insert_rowid(s->db);
		if (s->next_id && id >= s->next_id)
			s->next_id = id + 1;
	}
	if (out)
		*out = id;
	sqlite3_reset(st);
	s->dirty = 1;
	return 0;
}

static int sq_delete(struct store *base, long long id, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	s->dirty = 1;
	/* Children lose their parent rather than point at nothing. */
	if (sqlite3_prepare_v2(s->db,
			       "UPDATE items SET parent = NULL WHERE parent = ?1;",
			       -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "deleting an item");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "deleting an item");
	if (run1(s, "DELETE FROM criteria WHERE item = ?1", id, 0, NULL, NULL,
		 err) ||
	    run1(s, "UPDATE meta SET value = max(value, ?1) WHERE key = "
		 "'removed_id'", id, 0, NULL, NULL, err))
		return PRIO_EIO;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM items WHERE id = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return db_err(s, err, "deleting an item");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, err, "deleting an item");
}

static int sq_children(struct store *base, long long item,
		       int (*fn)(void *arg, long long id, const char *key, const char *title),
		       void *arg, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT id, key, title FROM items WHERE "
			       "parent = ?1 ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "reading items");
	sqlite3_bind_int64(st, 1, item);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fn(arg, sqlite3_column_int64(st, 0),
			     (const char *)sqlite3_column_text(st, 1),
			     (const char *)sqlite3_column_text(st, 2))))
			break;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc < 0 ? rc : db_err(s, err, "reading items");
}

static long long sq_count(struct store *base, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM items", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "counting items");
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int sq_log(struct store *base, const struct log_entry *e, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	/* The first entry of a transaction starts a change, numbered by it. */
	if (prepare(s, &s->log, "INSERT INTO log (at, user, roles, action, "
		    "item, before, after, outcome, reason, change, undoes, via) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?10, (SELECT "
		    "coalesce(max(id), 0) + 1 FROM log)), ?11, ?12)", err))
		return PRIO_EIO;
	st = s->log;
	sqlite3_bind_text(st, 1, sq_now(s), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->roles, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->action, -1, SQLITE_STATIC);
	if (e->item > 0)
		sqlite3_bind_int64(st, 5, e->item);
	sqlite3_bind_text(st, 6, e->before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->after, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->reason ? "refused" : "done", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 9, e->reason, -1, SQLITE_STATIC);
	if (s->change)
		sqlite3_bind_int64(st, 10, s->change);
	if (e->undoes)
		sqlite3_bind_int64(st, 11, e->undoes);
	sqlite3_bind_text(st, 12, e->via, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "writing the log");
	if (!s->change)
		s->change = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int sq_log_select(struct store *base, const char *where, long long arg1,
			 int (*fn)(void *arg, const struct log_entry *e, const char *at),
			 void *arg, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	char *sql = sqlite3_mprintf("SELECT at, user, roles, action, item, "
				    "before, after, reason, id, change, undoes, via "
				    "FROM log WHERE %s ORDER BY id", where);
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return db_err(s, err, "reading the log");
	sqlite3_bind_int64(st, 1, arg1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct log_entry e = {
			.user = (const char *)sqlite3_column_text(st, 1),
			.roles = (const char *)sqlite3_column_text(st, 2),
			.action = (const char *)sqlite3_column_text(st, 3),
			.item = sqlite3_column_int64(st, 4),
			.before = (const char *)sqlite3_column_text(st, 5),
			.after = (const char *)sqlite3_column_text(st, 6),
			.reason = (const char *)sqlite3_column_text(st, 7),
			.id = sqlite3_column_int64(st, 8),
			.change = sqlite3_column_int64(st, 9),
			.undoes = sqlite3_column_int64(st, 10),
			.via = (const char *)sqlite3_column_text(st, 11),
		};
		if ((rc = fn(arg, &e, (const char *)sqlite3_column_text(st, 0))))
			break;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return rc == SQLITE_ROW || rc > 0 ? db_err(s, err, "reading the log") : rc;
}

static int sq_log_put(struct store *base, const struct log_entry *e,
		      const char *at, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &s->log_put, "INSERT INTO log (id, at, user, roles, "
		    "action, item, before, after, outcome, reason, change, "
		    "undoes, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?)", err))
		return PRIO_EIO;
	st = s->log_put;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->roles, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->action, -1, SQLITE_STATIC);
	if (e->item > 0)
		sqlite3_bind_int64(st, 6, e->item);
	sqlite3_bind_text(st, 7, e->before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->after, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, e->reason ? "refused" : "done", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 10, e->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, e->change ? e->change : e->id);
	if (e->undoes)
		sqlite3_bind_int64(st, 12, e->undoes);
	sqlite3_bind_text(st, 13, e->via, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return errf(err, PRIO_EINVAL, "log entry %lld: there is one "
			    "of that number already", e->id);
	return rc == SQLITE_DONE ? 0 : db_err(s, err, "writing the log");
}

/* removed_id (the highest id removed) is what keeps ids from coming back. */
static int sq_next_id(struct store *base, long long floor, long long *next,
		      char *err)
{
	struct sq *s = (struct sq *)base;

	if (floor > 1 && run1(s, "UPDATE meta SET value = max(value, ?1) "
			      "WHERE key = 'removed_id'", floor - 1, 0, NULL,
			      NULL, err))
		return PRIO_EIO;
	s->next_id = 0;
	if (next_id(s, err))
		return PRIO_EIO;
	*next = s->next_id;
	return 0;
}

/* The read of one item's columns: one prepared per shape, like the writes. */
static int item_reader(struct sq *s, const struct table *t, const int *cols,
		       size_t ncols, char *err)
{
	struct cached *c = &s->reader;
	int rc;

	if (!c->stmt || c->ncols != ncols ||
	    memcmp(c->cols, cols, ncols * sizeof(*cols))) {
		struct buf sql = {0};

		buf_adds(&sql, "SELECT ");
		for (size_t i = 0; i < ncols; i++) {
			if (i)
				buf_adds(&sql, ", ");
			column_expr(s, t->cols[cols[i]].field, &sql);
		}
		buf_adds(&sql, ncols ? " FROM items WHERE id = ?" :
			 "1 FROM items WHERE id = ?");
		sqlite3_finalize(c->stmt);
		c->stmt = NULL;
		rc = sqlite3_prepare_v2(s->db, sql.p, -1, &c->stmt, NULL);
		buf_release(&sql);
		if (rc != SQLITE_OK)
			return db_err(s, err, "reading an item");
		free(c->cols);
		c->cols = xmalloc((ncols ? ncols : 1) * sizeof(*cols));
		memcpy(c->cols, cols, ncols * sizeof(*cols));
		c->ncols = ncols;
	}
	return 0;
}

static int sq_item_read(struct store *base, long long id, const struct table *t,
			const int *cols, size_t ncols, struct table *into,
			size_t row, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if ((rc = item_reader(s, t, cols, ncols, err)))
		return rc;
	st = s->reader.stmt;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, into, row, cols, ncols, NULL, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0
			       : db_err(s, err, "reading an item");
}

static int sq_item_json(struct store *base, long long id, const struct table *t,
			const int *cols, size_t ncols, struct buf *out,
			char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if ((rc = item_reader(s, t, cols, ncols, err)))
		return rc;
	st = s->reader.stmt;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_addc(out, '{');
		for (size_t i = 0; i < ncols; i++) {
			const struct column *col = &t->cols[cols[i]];
			int type = sqlite3_column_type(st, (int)i);

			if (i)
				buf_adds(out, ", ");
			buf_addjson(out, col->name, strlen(col->name));
			buf_adds(out, ": ");
			if (type == SQLITE_NULL)
				buf_adds(out, "null");
			else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
				char num[32];
				buf_add(out, num, (size_t)num_format(
					sqlite3_column_double(st, (int)i), num,
					sizeof(num)));
			} else
				buf_addjson(out, (const char *)
					    sqlite3_column_text(st, (int)i),
					    (size_t)sqlite3_column_bytes(st, (int)i));
		}
		buf_addc(out, '}');
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						     : db_err(s, err, "reading an item");
}

/* --- the product workflow ------------------------------------------------ */

static int sq_meta_get(struct store *base, const char *key, char **value,
		       char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;

	*value = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "reading meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

static int sq_meta_set(struct store *base, const char *key, const char *value,
		       char *err)
{
	struct sq *s = (struct sq *)base;
	if (!value)
		return run1(s, "DELETE FROM meta WHERE key = ?3", 0, 0, key,
			    NULL, err);
	return run1(s, "INSERT OR REPLACE INTO meta VALUES (?3, ?4)", 0, 0,
		    key, value, err);
}

static int sq_criterion_add(struct store *base, long long item,
			    const char *text, long long *n, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(n), 0) + 1 FROM "
			       "criteria WHERE item = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "reading criteria");
	sqlite3_bind_int64(st, 1, item);
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
	sqlite3_finalize(st);
	return run1(s, "INSERT INTO criteria (item, n, text) VALUES "
		    "(?1, ?2, ?3)", item, *n, text, NULL, err);
}

static int sq_criterion_check(struct store *base, long long item, long long n,
			      int checked, char *err)
{
	struct sq *s = (struct sq *)base;
	int rc = run1(s, checked ?
		      "UPDATE criteria SET checked = 1 WHERE item = ?1 AND n = ?2" :
		      "UPDATE criteria SET checked = 0 WHERE item = ?1 AND n = ?2",
		      item, n, NULL, NULL, err);

	return rc ? rc : sqlite3_changes(s->db) > 0;
}

static int sq_criterion_edit(struct store *base, long long item, long long n,
			     const char *text, char *err)
{
	struct sq *s = (struct sq *)base;
	int rc = run1(s, "UPDATE criteria SET text = ?3 WHERE item = ?1 AND "
		      "n = ?2", item, n, text, NULL, err);

	return rc ? rc : sqlite3_changes(s->db) > 0;
}

static int sq_criterion_rm(struct store *base, long long item, long long n,
			   char *err)
{
	struct sq *s = (struct sq *)base;
	int rc = run1(s, "DELETE FROM criteria WHERE item = ?1 AND n = ?2",
		      item, n, NULL, NULL, err);

	return rc ? rc : sqlite3_changes(s->db) > 0;
}

static int sq_criterion_put(struct store *base, long long item, long long n,
			    const char *text, int checked, char *err)
{
	struct sq *s = (struct sq *)base;
	return run1(s, checked ?
		    "INSERT OR REPLACE INTO criteria VALUES (?1, ?2, ?3, 1)" :
		    "INSERT OR REPLACE INTO criteria VALUES (?1, ?2, ?3, 0)",
		    item, n, text, NULL, err);
}

static int sq_criteria(struct store *base, long long item,
		       int (*fn)(void *arg, const struct criterion *c),
		       void *arg, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT n, text, checked FROM criteria "
			       "WHERE item = ?1 ORDER BY n", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "reading criteria");
	sqlite3_bind_int64(st, 1, item);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct criterion c = {
			sqlite3_column_int64(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			sqlite3_column_int(st, 2),
		};
		if ((rc = fn(arg, &c)))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc < 0 ? rc : db_err(s, err, "reading criteria");
}

static void copy_text(char *to, size_t size, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	snprintf(to, size, "%s", v ? v : "");
}

static double column_num(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN :
		sqlite3_column_double(st, col);
}

static void read_sprint(sqlite3_stmt *st, struct sprint *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->id = sqlite3_column_int64(st, 0);
	copy_text(sp->name, sizeof(sp->name), st, 1);
	copy_text(sp->start, sizeof(sp->start), st, 2);
	copy_text(sp->end, sizeof(sp->end), st, 3);
	sp->capacity = column_num(st, 4);
	sp->closed = sqlite3_column_type(st, 5) != SQLITE_NULL;
	copy_text(sp->closed_on, sizeof(sp->closed_on), st, 5);
	sp->done = column_num(st, 6);
	sp->accepted = column_num(st, 7);
}

/*
 * An item the sprint's close found done and that has been accepted since
 * counts as accepted in that sprint (once: not if it went into a later
 * sprint, which then counts it). Read, not written at acceptance: every
 * way a status changes (accept, set, import, undo) agrees with it.
 */
#define LATE_ACCEPTED(si) \
	"(" si ".outcome = 'done' AND EXISTS (SELECT 1 FROM items i WHERE " \
	"i.id = " si ".item AND i.status = 'accepted') AND NOT EXISTS " \
	"(SELECT 1 FROM sprint_items l WHERE l.item = " si ".item AND " \
	"l.id > " si ".id AND (l.removed IS NULL OR l.outcome IS NOT NULL)))"

#define SPRINT_COLS "id, name, start, end, capacity, closed_on, done, " \
	"accepted + (SELECT coalesce(sum(si.points), 0) FROM sprint_items " \
	"si WHERE si.sprint = sprints.id AND " LATE_ACCEPTED("si") ")"

static int sq_sprint_find(struct store *base, const char *name,
			  struct sprint *sp, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int found;

	if (sqlite3_prepare_v2(s->db, name ?
			       "SELECT " SPRINT_COLS " FROM sprints WHERE name = ?1" :
			       "SELECT " SPRINT_COLS " FROM sprints WHERE "
			       "closed_on IS NULL ORDER BY start LIMIT 1", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "reading sprints");
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		read_sprint(st, sp);
	sqlite3_finalize(st);
	return found;
}

static int sq_sprint_new(struct store *base, const struct sprint *sp,
			 long long *id, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO sprints (name, start, end, "
			       "capacity) VALUES (?1, ?2, ?3, ?4)", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "adding a sprint");
	sqlite3_bind_text(st, 1, sp->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sp->start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sp->end, -1, SQLITE_STATIC);
	if (!isnan(sp->capacity))
		sqlite3_bind_double(st, 4, sp->capacity);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT)
		return errf(err, PRIO_EINVAL, "there is already a sprint "
			    "called '%s'", sp->name);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "adding a sprint");
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int sq_sprints(struct store *base, int only_closed,
		      int (*fn)(void *arg, const struct sprint *sp), void *arg,
		      char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, only_closed ?
			       "SELECT " SPRINT_COLS " FROM sprints WHERE "
			       "closed_on IS NOT NULL ORDER BY start, id" :
			       "SELECT " SPRINT_COLS " FROM sprints "
			       "ORDER BY start, id", -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "reading sprints");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sprint sp;
		read_sprint(st, &sp);
		if ((rc = fn(arg, &sp)))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc < 0 ? rc : db_err(s, err, "reading sprints");
}

static int sq_sprint_items(struct store *base, long long sprint,
			   int (*fn)(void *arg, const struct sprint_item *it),
			   void *arg, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT item, points, added, removed, "
			       "CASE WHEN " LATE_ACCEPTED("si") " THEN "
			       "'accepted' ELSE outcome END FROM sprint_items si "
			       "WHERE sprint = ?1 ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "reading a sprint");
	sqlite3_bind_int64(st, 1, sprint);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sprint_item it = {
			sqlite3_column_int64(st, 0), column_num(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4),
		};
		if ((rc = fn(arg, &it)))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc < 0 ? rc : db_err(s, err, "reading a sprint");
}

static int sq_item_sprint(struct store *base, long long item, long long *sprint,
			  char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;

	*sprint = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT si.sprint FROM sprint_items si "
			       "JOIN sprints sp ON sp.id = si.sprint WHERE "
			       "si.item = ?1 AND si.removed IS NULL AND "
			       "sp.closed_on IS NULL", -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "reading a sprint");
	sqlite3_bind_int64(st, 1, item);
	if (sqlite3_step(st) == SQLITE_ROW)
		*sprint = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int sq_sprint_add(struct store *base, long long sprint, long long item,
			 double points, const char *on, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO sprint_items (sprint, item, "
			       "points, added) VALUES (?1, ?2, ?3, ?4)", -1,
			       &st, NULL) != SQLITE_OK)
		return db_err(s, err, "adding to a sprint");
	sqlite3_bind_int64(st, 1, sprint);
	sqlite3_bind_int64(st, 2, item);
	if (!isnan(points))
		sqlite3_bind_double(st, 3, points);
	sqlite3_bind_text(st, 4, on, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, err, "adding to a sprint");
}

static int sq_sprint_remove(struct store *base, long long sprint,
			    long long item, const char *on, const char *outcome,
			    char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	/* Prepared once: a close may send back every item of the sprint. */
	if (prepare(s, &s->sp_remove, "UPDATE sprint_items SET removed = ?3, "
		    "outcome = ?4 WHERE sprint = ?1 AND item = ?2 AND removed "
		    "IS NULL", err))
		return PRIO_EIO;
	st = s->sp_remove;
	sqlite3_bind_int64(st, 1, sprint);
	sqlite3_bind_int64(st, 2, item);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, outcome, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "removing from a sprint");
	return sqlite3_changes(s->db) > 0;
}

static int sq_sprint_outcome(struct store *base, long long sprint,
			     long long item, const char *outcome, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &s->sp_outcome, "UPDATE sprint_items SET outcome = ?3 "
		    "WHERE sprint = ?1 AND item = ?2 AND removed IS NULL", err))
		return PRIO_EIO;
	st = s->sp_outcome;
	sqlite3_bind_int64(st, 1, sprint);
	sqlite3_bind_int64(st, 2, item);
	sqlite3_bind_text(st, 3, outcome, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, err, "recording an outcome");
}

static int sq_sprint_close(struct store *base, long long sprint, const char *on,
			   double done, double accepted, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "UPDATE sprints SET closed_on = ?2, "
			       "done = ?3, accepted = ?4 WHERE id = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "closing a sprint");
	sqlite3_bind_int64(st, 1, sprint);
	sqlite3_bind_text(st, 2, on, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, done);
	sqlite3_bind_double(st, 4, accepted);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, err, "closing a sprint");
}

static int sq_initiative_find(struct store *base, const char *ref,
			      struct initiative *in, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int found;

	memset(in, 0, sizeof(*in));
	if (sqlite3_prepare_v2(s->db, "SELECT id, rank, name FROM roadmap WHERE "
			       "name = ?1 OR CAST(id AS TEXT) = ?1 ORDER BY "
			       "name = ?1 DESC LIMIT 1", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "reading the roadmap");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		in->id = sqlite3_column_int64(st, 0);
		in->rank = sqlite3_column_int64(st, 1);
		free(s->found);
		in->name = s->found =
			xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return found;
}

static long long initiative_count(struct sq *s)
{
	sqlite3_stmt *st;
	long long n = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM roadmap", -1, &st,
			       NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int sq_initiative_add(struct store *base, const char *name,
			     const char *horizon, long long rank, long long *id,
			     char *err)
{
	struct sq *s = (struct sq *)base;
	long long n = initiative_count(s);
	sqlite3_stmt *st;
	int rc;

	if (rank <= 0 || rank > n + 1)
		rank = n + 1;
	if ((rc = run1(s, "UPDATE roadmap SET rank = rank + 1 WHERE rank >= ?1",
		       rank, 0, NULL, NULL, err)))
		return rc;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO roadmap (name, horizon, "
			       "rank) VALUES (?1, ?2, ?3)", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "adding an initiative");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, horizon, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, rank);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT)
		return errf(err, PRIO_EINVAL, "there is already an initiative "
			    "called '%s'", name);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "adding an initiative");
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int sq_initiative_set(struct store *base, long long id, const char *name,
			     const char *horizon, long long rank, char *err)
{
	struct sq *s = (struct sq *)base;
	long long n = initiative_count(s), old = 0;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT rank FROM roadmap WHERE id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_err(s, err, "reading the roadmap");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		old = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (name) {
		rc = run1(s, "UPDATE roadmap SET name = ?3 WHERE id = ?1", id, 0,
			  name, NULL, err);
		if (rc == PRIO_EINVAL)
			return errf(err, PRIO_EINVAL, "there is already an "
				    "initiative called '%s'", name);
		if (rc)
			return rc;
	}
	if (horizon && (rc = run1(s, "UPDATE roadmap SET horizon = ?3 WHERE "
				  "id = ?1", id, 0, horizon, NULL, err)))
		return rc;
	if (rank > 0 && rank != old) {
		if (rank > n)
			rank = n;
		/* Out of the order, the others close up, then back in. */
		if ((rc = run1(s, "UPDATE roadmap SET rank = rank - 1 WHERE "
			       "rank > ?1", old, 0, NULL, NULL, err)) ||
		    (rc = run1(s, "UPDATE roadmap SET rank = rank + 1 WHERE "
			       "rank >= ?1 AND id <> ?2", rank, id, NULL, NULL,
			       err)) ||
		    (rc = run1(s, "UPDATE roadmap SET rank = ?2 WHERE id = ?1",
			       id, rank, NULL, NULL, err)))
			return rc;
	}
	return 0;
}

static int sq_initiative_rm(struct store *base, long long id, char *err)
{
	struct sq *s = (struct sq *)base;
	int rc;

	if ((rc = run1(s, "UPDATE roadmap SET rank = rank - 1 WHERE rank > "
		       "(SELECT rank FROM roadmap WHERE id = ?1)", id, 0, NULL,
		       NULL, err)) ||
	    (rc = run1(s, "DELETE FROM roadmap WHERE id = ?1", id, 0, NULL,
		       NULL, err)))
		return rc;
	return 0;
}

static int sq_initiatives(struct store *base,
			  int (*fn)(void *arg, const struct initiative *in),
			  void *arg, char *err)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT r.id, r.name, r.horizon, r.rank, "
			       "(SELECT count(*) FROM items WHERE initiative = "
			       "r.name) FROM roadmap r ORDER BY r.rank", -1, &st,
			       NULL) != SQLITE_OK)
		return db_err(s, err, "reading the roadmap");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct initiative in = {
			sqlite3_column_int64(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			sqlite3_column_int64(st, 3),
			sqlite3_column_int64(st, 4),
		};
		if ((rc = fn(arg, &in)))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc < 0 ? rc : db_err(s, err, "reading the roadmap");
}

const struct store_ops store_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.bulk = sq_bulk,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.in_transaction = sq_in_transaction,
	.rollback = sq_rollback,
	.generation = sq_generation,
	.cache_get = sq_cache_get,
	.cache_put = sq_cache_put,
	.sync_fields = sq_sync_fields,
	.load = sq_load,
	.fill = sq_fill,
	.lookup = sq_lookup,
	.lookup_key = sq_lookup_key,
	.write = sq_write,
	.delete = sq_delete,
	.children = sq_children,
	.count = sq_count,
	.log = sq_log,
	.log_select = sq_log_select,
	.item_read = sq_item_read,
	.item_json = sq_item_json,
	.meta_get = sq_meta_get,
	.meta_set = sq_meta_set,
	.criterion_add = sq_criterion_add,
	.criterion_check = sq_criterion_check,
	.criterion_edit = sq_criterion_edit,
	.criterion_rm = sq_criterion_rm,
	.criterion_put = sq_criterion_put,
	.criteria = sq_criteria,
	.sprint_find = sq_sprint_find,
	.sprint_new = sq_sprint_new,
	.sprints = sq_sprints,
	.sprint_items = sq_sprint_items,
	.item_sprint = sq_item_sprint,
	.sprint_add = sq_sprint_add,
	.sprint_remove = sq_sprint_remove,
	.sprint_outcome = sq_sprint_outcome,
	.sprint_close = sq_sprint_close,
	.initiative_find = sq_initiative_find,
	.initiative_add = sq_initiative_add,
	.initiative_set = sq_initiative_set,
	.initiative_rm = sq_initiative_rm,
	.initiatives = sq_initiatives,
	.log_put = sq_log_put,
	.next_id = sq_next_id,
};
