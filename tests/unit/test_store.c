/*
 * test_store.c - the backlog in SQLite (core/store.c), through the
 * narrow interface of core/store.h only (plus sqlite3 itself to look at
 * the file from outside): create and migrate, write, load, look up,
 * constraints, transactions, deletes and custom field columns.
 */
#include "unit.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *tmp, *db;
static struct config cfg;
static struct schema schema;
static struct store *st;
static char err[PRIO_ERR_MAX];

static void setup(void)
{
	tmp = unit_tmpdir();
	db = unit_path(tmp, "backlog.db");
	memset(&cfg, 0, sizeof(cfg));
	memset(&schema, 0, sizeof(schema));
	st = NULL;
	err[0] = '\0';
}

static void teardown(void)
{
	store_close(st);
	schema_release(&schema);
	config_release(&cfg);
	unit_rmtree(tmp);
	free(db);
	free(tmp);
}

TestSuite(store, .init = setup, .fini = teardown);

/* A schema from the built-in layer plus `extra`, and a new store. */
static void open_with(const char *extra)
{
	unit_config(&cfg, defaults_ini, "<built-in>");
	if (extra)
		unit_config(&cfg, extra, "ws.ini");
	cr_assert_eq(schema_load(&schema, &cfg, err), 0, "%s", err);
	cr_assert_eq(store_open(&st, db, NULL, 1, err), 0, "%s", err);
}

static int col(const struct table *t, const char *name)
{
	int c = table_find(t, name, strlen(name));

	cr_assert_geq(c, 0, "no column %s", name);
	return c;
}

/*
 * An item from "field=value" pairs (a NULL value: a missing cell), as
 * prio add does it: one row of a schema table, the given columns written.
 * Returns the store_write code; *id gets the new id.
 */
static int write_item(long long id, long long *out, const char *const *kv,
		      size_t n)
{
	struct table t;
	int cols[32], rc;

	cr_assert_leq(n, 32);
	table_for_schema(&t, &schema);
	table_add_row(&t, 0);
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(kv[i], '=');
		int c;

		if (!eq) {
			cols[i] = col(&t, kv[i]);	/* given but empty */
			continue;
		}
		c = table_find(&t, kv[i], (size_t)(eq - kv[i]));
		cr_assert_geq(c, 0, "no field in '%s'", kv[i]);
		table_set(&t, c, 0, eq + 1, strlen(eq + 1));
		cols[i] = c;
	}
	err[0] = '\0';
	rc = store_write(st, id, &t, 0, cols, n, out, err);
	table_release(&t);
	return rc;
}

#define ITEM(...) (const char *const[]){ __VA_ARGS__ }, \
	ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ }))

static long long add(const char *const *kv, size_t n)
{
	long long id = 0;

	cr_assert_eq(write_item(0, &id, kv, n), 0, "%s", err);
	cr_assert_gt(id, 0);
	return id;
}

/* Loads every item with the named columns wanted. */
static void load(struct table *t, long long only, const char *const *names,
		 size_t n)
{
	table_for_schema(t, &schema);
	for (size_t i = 0; i < n; i++)
		t->cols[col(t, names[i])].wanted = 1;
	cr_assert_eq(store_load(st, t, only, err), 0, "%s", err);
}

static int user_version(void)
{
	sqlite3 *d;
	sqlite3_stmt *q;
	int v = -1;

	cr_assert_eq(sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL),
		     SQLITE_OK);
	if (sqlite3_prepare_v2(d, "PRAGMA user_version", -1, &q, NULL) ==
	    SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(d);
	return v;
}

static void sql(const char *text)
{
	sqlite3 *d;
	char *msg = NULL;

	cr_assert_eq(sqlite3_open(db, &d), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(d, text, NULL, NULL, &msg), SQLITE_OK, "%s",
		     msg ? msg : "?");
	sqlite3_close(d);
}

Test(store, create_migrates_and_reopens)
{
	int version;

	open_with(NULL);
	version = user_version();
	cr_assert_geq(version, 1, "the migrations ran");
	cr_assert_eq(store_count(st, err), 0);
	store_close(st);
	st = NULL;

	/* Opening again runs nothing twice and keeps the data. */
	cr_assert_eq(store_open(&st, db, NULL, 0, err), 0, "%s", err);
	cr_assert_eq(user_version(), version);
	add(ITEM("title=one"));
	store_close(st);
	st = NULL;
	cr_assert_eq(store_open(&st, db, NULL, 0, err), 0, "%s", err);
	cr_assert_eq(user_version(), version);
	cr_assert_eq(store_count(st, err), 1);
}

/*
 * A backlog made by the first prio (schema 1; shipped migrations are never
 * edited, so this SQL stays what it was) is upgraded in place, items kept.
 */
Test(store, old_schema_is_upgraded_with_its_items)
{
	struct table t;
	int version;

	open_with(NULL);
	version = user_version();
	store_close(st);
	st = NULL;
	unit_rmtree(db);

	sql("CREATE TABLE items ("
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
	    "CREATE TABLE fields (name TEXT PRIMARY KEY, type TEXT NOT NULL);"
	    "INSERT INTO items (key, title, created, updated) VALUES "
	    " ('OLD-1', 'from the old days', '2025-01-01T00:00:00Z',"
	    " '2025-01-01T00:00:00Z');"
	    "PRAGMA user_version = 1;");
	cr_assert_eq(store_open(&st, db, NULL, 0, err), 0, "%s", err);
	cr_assert_eq(user_version(), version, "migrated to the current schema");
	load(&t, 0, ITEM("title", "key", "type"));
	cr_assert_eq(t.nrows, 1);
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 0), "from the old days");
	cr_assert_str_eq(unit_cell(&t, col(&t, "type"), 0), "story");
	table_release(&t);
	add(ITEM("title=new"));
	cr_assert_eq(store_count(st, err), 2);
}

Test(store, open_without_create_needs_a_file)
{
	cr_assert_neq(store_open(&st, db, NULL, 0, err), 0);
	cr_assert_null(st);
	assert_contains(err, db);
	assert_contains(err, "prio init");
	cr_assert_neq(access(db, F_OK), 0, "no file left behind");
}

Test(store, newer_schema_is_refused)
{
	open_with(NULL);
	store_close(st);
	st = NULL;
	sql("PRAGMA user_version = 99");
	cr_assert_neq(store_open(&st, db, NULL, 0, err), 0);
	cr_assert_null(st);
	assert_contains(err, "newer prio");
	cr_assert_eq(user_version(), 99, "left as it was");
}

Test(store, not_a_database)
{
	free(unit_write_str(tmp, "backlog.db", "this is not SQLite, sorry........"
			    "................................................"));
	cr_assert_neq(store_open(&st, db, NULL, 0, err), 0);
	cr_assert_null(st);
	assert_contains(err, db);
}

Test(store, insert_and_load_back)
{
	struct table t;
	long long a, b;

	open_with(NULL);
	a = add(ITEM("title=Guest checkout", "key=SHOP-1", "estimate=5",
		     "labels=checkout,conversion", "type=bug",
		     "status=ready"));
	b = add(ITEM("title=Saved carts", "estimate=2.5"));
	cr_assert_eq(b, a + 1);
	cr_assert_eq(store_count(st, err), 2);

	load(&t, 0, ITEM("title", "key", "estimate", "labels", "type",
			 "status", "created", "updated"));
	cr_assert_eq(t.nrows, 2);
	cr_assert_str_eq(unit_cell(&t, col(&t, "id"), 0), "1");
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 0), "Guest checkout");
	cr_assert_str_eq(unit_cell(&t, col(&t, "key"), 0), "SHOP-1");
	cr_assert_str_eq(unit_cell(&t, col(&t, "estimate"), 0), "5");
	cr_assert_str_eq(unit_cell(&t, col(&t, "labels"), 0),
			 "checkout,conversion");
	cr_assert_str_eq(unit_cell(&t, col(&t, "type"), 0), "bug");
	cr_assert_str_eq(unit_cell(&t, col(&t, "status"), 0), "ready");
	cr_assert_eq(strlen(unit_cell(&t, col(&t, "created"), 0)), 20,
		     "created is set: YYYY-MM-DDTHH:MM:SSZ");
	cr_assert_not_null(unit_cell(&t, col(&t, "updated"), 0));

	/* Defaults for what was not given; numbers read as numbers. */
	cr_assert_str_eq(unit_cell(&t, col(&t, "id"), 1), "2");
	cr_assert_null(unit_cell(&t, col(&t, "key"), 1));
	cr_assert_str_eq(unit_cell(&t, col(&t, "type"), 1), "story");
	cr_assert_str_eq(unit_cell(&t, col(&t, "status"), 1), "new");
	cr_assert_float_eq(table_numbers(&t, col(&t, "estimate"))[1], 2.5, 1e-12);
	cr_assert(isnan(table_numbers(&t, col(&t, "parent"))[1]));
	table_release(&t);
}

Test(store, load_reads_only_wanted_columns)
{
	struct table t;

	open_with(NULL);
	add(ITEM("title=x", "key=K-1", "labels=l"));
	load(&t, 0, ITEM("key"));
	cr_assert_str_eq(unit_cell(&t, col(&t, "id"), 0), "1", "id always");
	cr_assert_str_eq(unit_cell(&t, col(&t, "key"), 0), "K-1");
	cr_assert_null(unit_cell(&t, col(&t, "title"), 0), "not wanted");
	cr_assert_null(unit_cell(&t, col(&t, "labels"), 0), "not wanted");
	table_release(&t);
}

Test(store, load_one_item)
{
	struct table t;

	open_with(NULL);
	add(ITEM("title=a"));
	add(ITEM("title=b"));
	add(ITEM("title=c"));
	load(&t, 2, ITEM("title"));
	cr_assert_eq(t.nrows, 1);
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 0), "b");
	table_release(&t);
	load(&t, 42, ITEM("title"));
	cr_assert_eq(t.nrows, 0);
	table_release(&t);
}

Test(store, update_changes_only_the_given_columns)
{
	struct table t;
	long long id, out = 0;
	char created[32];

	open_with(NULL);
	id = add(ITEM("title=old", "key=K-1", "labels=a", "estimate=3"));
	load(&t, id, ITEM("created"));
	snprintf(created, sizeof(created), "%s",
		 unit_cell(&t, col(&t, "created"), 0));
	table_release(&t);

	cr_assert_eq(write_item(id, &out, ITEM("title=new", "labels")), 0, "%s",
		     err);
	cr_assert_eq(out, id);
	cr_assert_eq(store_count(st, err), 1, "an update adds nothing");
	load(&t, 0, ITEM("title", "key", "labels", "estimate", "created"));
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 0), "new");
	cr_assert_null(unit_cell(&t, col(&t, "labels"), 0),
		       "a given column without a value is cleared");
	cr_assert_str_eq(unit_cell(&t, col(&t, "key"), 0), "K-1", "untouched");
	cr_assert_str_eq(unit_cell(&t, col(&t, "estimate"), 0), "3", "untouched");
	cr_assert_str_eq(unit_cell(&t, col(&t, "created"), 0), created,
			 "created is kept");
	table_release(&t);
}

Test(store, the_same_shape_twice_uses_the_cached_statement)
{
	/* Many writes of few shapes: the prepared statements are reused. */
	struct table t;
	char title[32];

	open_with(NULL);
	for (int i = 0; i < 20; i++) {
		snprintf(title, sizeof(title), "title=item %d", i);
		if (i % 3 == 0)
			add(ITEM(title, "estimate=1"));
		else if (i % 3 == 1)
			add(ITEM(title));
		else
			add(ITEM("labels=x", title, "type=task"));
	}
	load(&t, 0, ITEM("title", "estimate", "labels"));
	cr_assert_eq(t.nrows, 20);
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 19), "item 19");
	cr_assert_str_eq(unit_cell(&t, col(&t, "labels"), 17), "x");
	cr_assert_null(unit_cell(&t, col(&t, "estimate"), 17));
	cr_assert_str_eq(unit_cell(&t, col(&t, "estimate"), 18), "1");
	table_release(&t);
}

Test(store, title_is_required)
{
	open_with(NULL);
	cr_assert_eq(write_item(0, NULL, ITEM("key=K-1", "title")), PRIO_EINVAL);
	assert_contains(err, "title");
	cr_assert_eq(store_count(st, err), 0);
}

Test(store, lookup_by_id_and_by_key)
{
	long long a, b, id = 0;

	open_with(NULL);
	a = add(ITEM("title=a", "key=ACME-4"));
	b = add(ITEM("title=b"));

	cr_assert_eq(store_lookup(st, "2", 1, &id, err), 1, "%s", err);
	cr_assert_eq(id, b);
	cr_assert_eq(store_lookup(st, "ACME-4", 6, &id, err), 1, "%s", err);
	cr_assert_eq(id, a);
	/* The length counts, not the NUL. */
	cr_assert_eq(store_lookup(st, "ACME-4x", 6, &id, err), 1);
	cr_assert_eq(store_lookup(st, "ACME-5", 6, &id, err), 0);
	cr_assert_eq(store_lookup(st, "3", 1, &id, err), 0);
	cr_assert_eq(store_lookup(st, "acme-4", 6, &id, err), 0,
		     "keys are case-sensitive");
}

Test(store, duplicate_key_is_an_error)
{
	long long id;

	open_with(NULL);
	add(ITEM("title=a", "key=K-1"));
	id = add(ITEM("title=b", "key=K-2"));
	cr_assert_eq(write_item(0, NULL, ITEM("title=c", "key=K-1")),
		     PRIO_EINVAL);
	assert_contains(err, "key already used");
	cr_assert_eq(write_item(id, NULL, ITEM("key=K-1")), PRIO_EINVAL,
		     "an update can conflict too");
	assert_contains(err, "key already used");
	cr_assert_eq(store_count(st, err), 2);
	/* The statement is usable again after the failure. */
	add(ITEM("title=d", "key=K-3"));
	cr_assert_eq(store_count(st, err), 3);
}

Test(store, items_without_key_do_not_conflict)
{
	open_with(NULL);
	add(ITEM("title=a"));
	add(ITEM("title=b"));
	add(ITEM("title=c", "key"));
	cr_assert_eq(store_count(st, err), 3);
}

Test(store, rollback_leaves_everything_as_it_was)
{
	struct table t;
	long long id;

	open_with(NULL);
	id = add(ITEM("title=kept", "key=K-1"));

	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	add(ITEM("title=added"));
	cr_assert_eq(write_item(id, NULL, ITEM("title=changed")), 0, "%s", err);
	cr_assert_eq(store_delete(st, id, err), 0, "%s", err);
	cr_assert_eq(store_count(st, err), 1, "inside: changed");
	store_rollback(st);

	cr_assert_eq(store_count(st, err), 1);
	load(&t, 0, ITEM("title", "key"));
	cr_assert_eq(t.nrows, 1);
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 0), "kept");
	cr_assert_str_eq(unit_cell(&t, col(&t, "key"), 0), "K-1");
	table_release(&t);

	/* Rolling back outside a transaction does no harm. */
	store_rollback(st);
	cr_assert_eq(store_count(st, err), 1);
}

Test(store, failed_write_then_rollback)
{
	/* prio import: one bad row, and nothing of the file goes in. */
	open_with(NULL);
	add(ITEM("title=a", "key=K-1"));
	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	add(ITEM("title=b", "key=K-2"));
	cr_assert_eq(write_item(0, NULL, ITEM("title=c", "key=K-1")),
		     PRIO_EINVAL);
	store_rollback(st);
	cr_assert_eq(store_count(st, err), 1);
}

Test(store, commit_keeps_the_changes)
{
	open_with(NULL);
	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	add(ITEM("title=a"));
	add(ITEM("title=b"));
	cr_assert_eq(store_commit(st, err), 0, "%s", err);
	store_close(st);
	st = NULL;
	cr_assert_eq(store_open(&st, db, NULL, 0, err), 0, "%s", err);
	cr_assert_eq(store_count(st, err), 2);
}

Test(store, parent_by_id_or_key)
{
	struct table t;
	long long epic, child;

	open_with(NULL);
	epic = add(ITEM("title=epic", "key=EPIC-1", "type=epic"));
	child = add(ITEM("title=child", "parent=EPIC-1"));
	add(ITEM("title=other child", "parent=1"));
	load(&t, 0, ITEM("parent"));
	cr_assert_eq(table_numbers(&t, col(&t, "parent"))[child - 1],
		     (double)epic);
	cr_assert_eq(table_numbers(&t, col(&t, "parent"))[2], (double)epic);
	table_release(&t);

	cr_assert_eq(write_item(0, NULL, ITEM("title=x", "parent=NOPE-9")),
		     PRIO_EINVAL);
	assert_contains(err, "NOPE-9");
	assert_contains(err, "no such item");
}

Test(store, delete_clears_the_parent_of_children)
{
	struct table t;
	long long epic;

	open_with(NULL);
	epic = add(ITEM("title=epic", "key=EPIC-1"));
	add(ITEM("title=child a", "parent=EPIC-1"));
	add(ITEM("title=child b", "parent=EPIC-1"));
	cr_assert_eq(store_delete(st, epic, err), 0, "%s", err);

	cr_assert_eq(store_count(st, err), 2);
	load(&t, 0, ITEM("title", "parent"));
	cr_assert_eq(t.nrows, 2);
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 0), "child a");
	cr_assert_null(unit_cell(&t, col(&t, "parent"), 0));
	cr_assert_null(unit_cell(&t, col(&t, "parent"), 1));
	table_release(&t);
	cr_assert_eq(store_lookup(st, "EPIC-1", 6, &epic, err), 0);
}

Test(store, sync_fields_gives_custom_fields_slots)
{
	struct table t;
	sqlite3 *d;
	sqlite3_stmt *q;
	int found = 0;

	open_with("[field.revenue]\ntype = number\nmin = 0\n"
		  "[field.team]\ntype = text\nvalues = web | mobile\n");
	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	cr_assert_eq(store_sync_fields(st, &schema, err), 0, "%s", err);
	cr_assert_eq(store_commit(st, err), 0, "%s", err);

	cr_assert_eq(sqlite3_open(db, &d), SQLITE_OK);
	/* A slot of doc each, and no column: no ALTER TABLE per field. */
	cr_assert_eq(sqlite3_prepare_v2(d, "SELECT count(DISTINCT slot) FROM "
					"fields WHERE name IN ('revenue', "
					"'team', 'job_size')", -1, &q,
					NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	found = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	cr_assert_eq(found, 3, "a slot for each declared field");
	cr_assert_eq(sqlite3_prepare_v2(d, "SELECT count(*) FROM pragma_table_"
					"info('items') WHERE name LIKE 'f\\_%' "
					"ESCAPE '\\'", -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(q, 0), 0, "no column per field");
	sqlite3_finalize(q);
	cr_assert_eq(sqlite3_prepare_v2(d, "SELECT type FROM fields WHERE name "
					"= 'revenue'", -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), "number");
	sqlite3_finalize(q);
	sqlite3_close(d);

	/* The new columns are written and read like the built-in ones. */
	add(ITEM("title=a", "revenue=12.5", "team=web", "job_size=3"));
	load(&t, 0, ITEM("revenue", "team", "job_size"));
	cr_assert_str_eq(unit_cell(&t, col(&t, "revenue"), 0), "12.5");
	cr_assert_str_eq(unit_cell(&t, col(&t, "team"), 0), "web");
	cr_assert_eq(table_numbers(&t, col(&t, "job_size"))[0], 3);
	table_release(&t);

	/* Syncing again adds nothing and is no error. */
	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	cr_assert_eq(store_sync_fields(st, &schema, err), 0, "%s", err);
	cr_assert_eq(store_commit(st, err), 0, "%s", err);
}

Test(store, field_removed_from_the_configuration_keeps_its_data)
{
	struct table t;

	open_with("[field.revenue]\ntype = number\n");
	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	cr_assert_eq(store_sync_fields(st, &schema, err), 0, "%s", err);
	cr_assert_eq(store_commit(st, err), 0, "%s", err);
	add(ITEM("title=a", "revenue=7"));
	store_close(st);
	st = NULL;
	schema_release(&schema);
	config_release(&cfg);

	/* Without [field.revenue] the item still loads; the column stays. */
	open_with(NULL);
	load(&t, 0, ITEM("title"));
	cr_assert_eq(t.nrows, 1);
	table_release(&t);
	store_close(st);
	st = NULL;
	schema_release(&schema);
	config_release(&cfg);

	open_with("[field.revenue]\ntype = number\n");
	load(&t, 0, ITEM("revenue"));
	cr_assert_str_eq(unit_cell(&t, col(&t, "revenue"), 0), "7");
	table_release(&t);
}

Test(store, load_of_a_field_without_column_is_empty)
{
	struct table t;

	/* Declared, but no store_sync_fields yet: read as missing. */
	open_with("[field.revenue]\ntype = number\n");
	add(ITEM("title=a"));
	load(&t, 0, ITEM("revenue", "title"));
	cr_assert_eq(t.nrows, 1);
	cr_assert_null(unit_cell(&t, col(&t, "revenue"), 0));
	cr_assert_str_eq(unit_cell(&t, col(&t, "title"), 0), "a");
	table_release(&t);
}

Test(store, the_file_is_in_wal_mode)
{
	sqlite3 *d;
	sqlite3_stmt *q;

	open_with(NULL);
	cr_assert_eq(sqlite3_open(db, &d), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(d, "PRAGMA journal_mode", -1, &q, NULL),
		     SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(d);
}

static int keep_entry(void *arg, const struct log_entry *e, const char *at)
{
	struct buf *b = arg;

	buf_addf(b, "%lld %s %s %s %s %lld %s %s %lld %lld %s|", e->id, at,
		 e->user, e->roles, e->action, e->item,
		 e->after ? e->after : "-", e->reason ? e->reason : "-",
		 e->change, e->undoes, e->via ? e->via : "-");
	return 0;
}

/* prio store copy: a log entry put whole keeps what store_log would make. */
Test(store, log_put_keeps_the_entry_whole)
{
	struct log_entry a = {
		.id = 7, .change = 5, .undoes = 2, .user = "ann",
		.roles = "pm,po", .action = "undo", .item = 3,
		.after = "{\"a\": 1}", .via = "--as",
	}, r = {
		.id = 9, .user = "bo", .roles = "", .action = "vision.edit",
		.reason = "nobody may", .via = NULL,
	}, next = { .user = "cy", .roles = "", .action = "x" };
	struct buf b = {0};

	open_with(NULL);
	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	cr_assert_eq(store_log_put(st, &a, "2026-01-02T03:04:05Z", err), 0,
		     "%s", err);
	cr_assert_eq(store_log_put(st, &r, "2026-01-03T00:00:00Z", err), 0,
		     "%s", err);
	cr_assert_eq(store_log_put(st, &r, "2026-01-03T00:00:00Z", err),
		     PRIO_EINVAL);
	cr_assert(strstr(err, "log entry 9"), "%s", err);
	/* A change written after them starts after the last one put. */
	cr_assert_eq(store_log(st, &next, err), 0, "%s", err);
	cr_assert_eq(store_commit(st, err), 0, "%s", err);
	cr_assert_eq(store_log_read(st, 0, keep_entry, &b, err), 0, "%s", err);
	cr_assert_eq(strncmp(b.p, "7 2026-01-02T03:04:05Z ann pm,po undo 3 "
			     "{\"a\": 1} - 5 2 --as|"
			     "9 2026-01-03T00:00:00Z bo  vision.edit 0 - "
			     "nobody may 9 0 -|10 ", 123), 0, "%s", b.p);
	cr_assert(strstr(b.p, "Z cy  x 0 - - 10 0 -|"), "%s", b.p);
	buf_release(&b);
}

/* Ids are never reused, a copy's floor included. */
Test(store, next_id_is_above_used_removed_and_floor)
{
	long long next;

	open_with(NULL);
	cr_assert_eq(store_next_id(st, 0, &next, err), 0, "%s", err);
	cr_assert_eq(next, 1);
	add(ITEM("title=a"));
	add(ITEM("title=b"));
	cr_assert_eq(store_delete(st, 2, err), 0, "%s", err);
	cr_assert_eq(store_next_id(st, 0, &next, err), 0, "%s", err);
	cr_assert_eq(next, 3);
	cr_assert_eq(store_begin(st, err), 0, "%s", err);
	cr_assert_eq(store_next_id(st, 40, &next, err), 0, "%s", err);
	cr_assert_eq(next, 40);
	cr_assert_eq(store_commit(st, err), 0, "%s", err);
	/* A lower floor lowers nothing. */
	cr_assert_eq(store_next_id(st, 5, &next, err), 0, "%s", err);
	cr_assert_eq(next, 40);
	cr_assert_eq(add(ITEM("title=c")), 40);
}
