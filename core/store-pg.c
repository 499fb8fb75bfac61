/*
 * store-pg.c - the backlog on a PostgreSQL server: the shared store,
 * behind the same table of operations as the embedded one (store.h).
 *
 * A workspace is a schema of a database (`[store] url` and `schema`), so
 * several live side by side in one. The layout is the embedded store's:
 * a row per item with a column per built-in field and the custom fields
 * in one jsonb array (doc), a slot per field (fields.slot); the log, the
 * sprints, the criteria, the roadmap and meta beside it. Dates stay text
 * in the same forms, so that what the log's read-back (history.c) and
 * the commands' SQL conditions compare is the same on both stores.
 *
 * What the server adds, and the embedded store cannot:
 * - Who acts is the role the server authenticated (session_user), and a
 *   log entry's user is forced to it by a trigger; see store_who.
 * - The generation is bumped by a trigger on items, once per
 *   transaction, so a write made without prio (psql) invalidates the
 *   shared ranking cache too, and it is announced (NOTIFY) on the
 *   schema's channel for `prio watch`.
 * - Writers queue on a lock of the workspace's own (an advisory lock
 *   taken by store_begin), as SQLite's BEGIN IMMEDIATE makes them:
 *   reads inside a change see everything committed before it, and two
 *   people editing one item each write only the fields they name.
 * - prio roles apply (pg_apply_rights, below) compiles the policy into grants, row
 *   security and triggers, so a refusal can come from the server: its
 *   SQLSTATE 42501 (or the triggers' PR001) is PRIO_EDENIED here.
 */
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "field.h"
#include "table.h"
#include "util.h"

#define INT8OID 20
#define BYTEAOID 17

struct pg {
	struct store base;	/* first: a struct store * is a struct pg * */
	PGconn *c;
	char *where;		/* the URL, for messages */
	char *schema;
	char **slots;		/* custom fields by their place in doc */
	size_t nslots, slots_cap;
	int dirty;		/* the open transaction changed items */
	int in_tx;
	long long change;	/* the log change of the open transaction */
	char now[21];
	char *found;		/* the name store_initiative_find found */
	long long next_id;
	char *user;		/* session_user */
	/*
	 * A bulk write (store_bulk): new items wait here as COPY text rows
	 * of the columns copy_cols, and go in at once before anything else
	 * is asked of the server (flush).
	 */
	int bulk;
	int listening;		/* LISTEN on the schema's channel (pg_wait) */
	struct buf copy;
	char *copy_cols;
	size_t copied;
};

static int flush(struct pg *s, char *err);

/* --- talking to the server --------------------------------------------- */

/*
 * The server's message as prio's: a refusal (no privilege, or a rule
 * of the policy's triggers) is PRIO_EDENIED with the server's reason; a
 * broken rule of the data (a key twice) is PRIO_EINVAL.
 */
static int res_err(struct pg *s, PGresult *r, char *err, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
			    : NULL;
	int rc = PRIO_EIO;

	if (!msg || !*msg)
		msg = PQerrorMessage(s->c);
	if (state && (!strcmp(state, "42501") || !strcmp(state, "PR001")))
		rc = PRIO_EDENIED;
	else if (state && (state[0] == '2' && state[1] == '3'))
		rc = PRIO_EINVAL;
	else if (state && !strcmp(state, "40001"))
		rc = PRIO_EINVAL;
	if (rc == PRIO_EDENIED)
		errf(err, rc, "the server refused: %s", msg);
	else
		errf(err, rc, "%s: %s: %s", s->schema, what, msg);
	/* The message ends with a newline when it is libpq's own. */
	for (size_t n = strlen(err); n && err[n - 1] == '\n';)
		err[--n] = '\0';
	PQclear(r);
	return rc;
}

/*
 * Runs sql with text parameters (NULL: SQL NULL); types NULL lets the
 * server infer them. Returns the result, or NULL with err set.
 */
static PGresult *q(struct pg *s, const char *sql, int n,
		   const char *const *vals, char *err, const char *what)
{
	PGresult *r;
	ExecStatusType st;

	if (s->copy.len && flush(s, err))
		return NULL;
	r = PQexecParams(s->c, sql, n, NULL, vals, NULL, NULL, 0);
	st = PQresultStatus(r);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	res_err(s, r, err, what);
	return NULL;
}

/*
 * Runs a write that may find a name or number taken (a unique key):
 * that is PRIO_EINVAL with the message `taken`, the server's others as
 * res_err. Returns the result, or NULL with *rc and err set.
 */
static PGresult *q_taken(struct pg *s, const char *sql, int n,
			 const char *const *vals, const char *taken,
			 const char *what, int *rc, char *err)
{
	PGresult *r;
	ExecStatusType st;
	const char *state;

	if (s->copy.len && (*rc = flush(s, err)))
		return NULL;
	r = PQexecParams(s->c, sql, n, NULL, vals, NULL, NULL, 0);
	st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state && !strcmp(state, "23505")) {
		PQclear(r);
		*rc = errf(err, PRIO_EINVAL, "%s", taken);
	} else {
		*rc = res_err(s, r, err, what);
	}
	return NULL;
}

/* Runs sql; 0 or the error. changed: how many rows it changed. */
static int run_rc(struct pg *s, const char *sql, int n,
		  const char *const *vals, char *err, const char *what,
		  long long *changed)
{
	PGresult *r;
	ExecStatusType st;

	if (s->copy.len && flush(s, err))
		return PRIO_EIO;
	r = PQexecParams(s->c, sql, n, NULL, vals, NULL, NULL, 0);
	st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return res_err(s, r, err, what);
	if (changed)
		*changed = atoll(PQcmdTuples(r));
	PQclear(r);
	return 0;
}

static const char *ll(char b[24], long long v)
{
	snprintf(b, 24, "%lld", v);
	return b;
}

static const char *num(char b[32], double v)
{
	if (isnan(v))
		return NULL;
	num_format(v, b, 32);
	return b;
}

static long long get_ll(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : atoll(PQgetvalue(r, row, col));
}

static double get_num(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NAN
				       : strtod(PQgetvalue(r, row, col), NULL);
}

static const char *get_text(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static const char *pg_now(struct pg *s)
{
	if (!s->now[0])
		time_now(s->now);
	return s->now;
}

/* --- the layout -------------------------------------------------------- */

/*
 * The tables of a new workspace, in its schema (the search path). Never
 * edit what has shipped: meta's 'layout' counts the changes, and a new
 * one is a step of its own, as the embedded store's migrations are.
 */
static const char layout_sql[] =
	"CREATE TABLE items ("
	" id bigint PRIMARY KEY, key text UNIQUE, title text NOT NULL,"
	" type text NOT NULL DEFAULT 'story',"
	" status text NOT NULL DEFAULT 'new', parent bigint,"
	" estimate double precision, labels text, created text NOT NULL,"
	" updated text NOT NULL, position double precision, pin bigint,"
	" story text, initiative text, initiative_rank double precision,"
	" done_on text, accepted_on text, reject_reason text, doc jsonb);"
	"CREATE INDEX items_parent ON items(parent) WHERE parent IS NOT NULL;"
	/* A slot is one field's: nobody's insert can make two share one. */
	"CREATE TABLE fields (name text PRIMARY KEY, type text NOT NULL,"
	" slot integer NOT NULL UNIQUE);"
	"CREATE TABLE meta (key text PRIMARY KEY, value text);"
	"INSERT INTO meta VALUES ('layout', '1'), ('removed_id', '0');"
	/* removed_id only rises: lowered, it would bring removed ids back. */
	"CREATE FUNCTION meta_rules() RETURNS trigger LANGUAGE plpgsql AS $f$"
	" BEGIN IF NEW.key = 'removed_id' AND NEW.value::bigint <"
	"  OLD.value::bigint THEN RAISE EXCEPTION USING ERRCODE = 'PR001',"
	"  MESSAGE = 'removed ids are never given out again: removed_id only"
	" rises'; END IF; RETURN NEW; END $f$;"
	"CREATE TRIGGER meta_rules BEFORE UPDATE ON meta FOR EACH ROW"
	" EXECUTE FUNCTION meta_rules();"
	/* Bumped once per transaction that changes items (gen_bump). */
	"CREATE TABLE generation (n bigint NOT NULL, tx bigint NOT NULL);"
	"INSERT INTO generation VALUES (0, 0);"
	/*
	 * Derived data, one copy per person: a ranking another wrote could
	 * be anything, so each reads only their own (roles apply holds them
	 * to it with row security).
	 */
	"CREATE TABLE cache (name text NOT NULL, owner text NOT NULL DEFAULT"
	" session_user, generation bigint NOT NULL, data bytea NOT NULL,"
	" PRIMARY KEY (name, owner));"
	"CREATE TABLE log (id bigserial PRIMARY KEY, at text NOT NULL,"
	" \"user\" text NOT NULL, roles text NOT NULL, action text NOT NULL,"
	" item bigint, before text, after text, outcome text NOT NULL,"
	" reason text, change bigint, undoes bigint, via text);"
	"CREATE INDEX log_item ON log(item);"
	"CREATE INDEX log_change ON log(change);"
	"CREATE INDEX log_undoes ON log(undoes);"
	"CREATE TABLE criteria (item bigint NOT NULL, n bigint NOT NULL,"
	" text text NOT NULL, checked integer NOT NULL DEFAULT 0,"
	" PRIMARY KEY (item, n));"
	"CREATE TABLE sprints (id bigserial PRIMARY KEY, name text NOT NULL"
	" UNIQUE, start text NOT NULL, \"end\" text NOT NULL,"
	" capacity double precision, closed_on text, done double precision,"
	" accepted double precision);"
	"CREATE TABLE sprint_items (id bigserial PRIMARY KEY,"
	" sprint bigint NOT NULL, item bigint NOT NULL,"
	" points double precision, added text NOT NULL, removed text,"
	" outcome text);"
	"CREATE INDEX sprint_items_sprint ON sprint_items(sprint);"
	"CREATE INDEX sprint_items_item ON sprint_items(item, sprint);"
	"CREATE TABLE roadmap (id bigserial PRIMARY KEY, name text NOT NULL"
	" UNIQUE, horizon text, rank bigint NOT NULL);"
	/*
	 * doc_put(doc, slots, values): doc with each slot set to the value
	 * at the same place of the values array, trailing nulls dropped (no
	 * values left: NULL), so every writer makes the same array.
	 */
	"CREATE FUNCTION doc_put(d jsonb, slots integer[], vals jsonb)"
	" RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $f$"
	" DECLARE i integer; BEGIN"
	"  d := coalesce(d, '[]'::jsonb);"
	"  FOR i IN 1 .. coalesce(array_length(slots, 1), 0) LOOP"
	"   WHILE jsonb_array_length(d) <= slots[i] LOOP"
	"    d := d || 'null'::jsonb; END LOOP;"
	"   d := jsonb_set(d, ARRAY[slots[i]::text], vals -> (i - 1));"
	"  END LOOP;"
	"  WHILE jsonb_array_length(d) > 0 AND"
	"   d -> (jsonb_array_length(d) - 1) = 'null'::jsonb LOOP"
	"   d := d - (jsonb_array_length(d) - 1); END LOOP;"
	"  IF jsonb_array_length(d) = 0 THEN RETURN NULL; END IF;"
	"  RETURN d; END $f$;"
	/*
	 * The generation, once per transaction that changed items, whoever
	 * wrote them; announced on the schema's channel with the ids.
	 */
	"CREATE FUNCTION gen_bump() RETURNS trigger LANGUAGE plpgsql"
	" SECURITY DEFINER AS $f$ BEGIN"
	"  UPDATE generation SET n = n + 1, tx = txid_current()"
	"   WHERE tx <> txid_current();"
	"  PERFORM pg_notify(TG_TABLE_SCHEMA, '');"
	"  RETURN NULL; END $f$;"
	"CREATE TRIGGER items_generation AFTER INSERT OR UPDATE OR DELETE"
	" ON items FOR EACH STATEMENT EXECUTE FUNCTION gen_bump();"
	/*
	 * The log says who the server says: nobody writes another's name.
	 * But the tables' owner (their maker, and after roles apply whoever
	 * may act as prio_SCHEMA_owner), who could rewrite the log anyway,
	 * keeps the names of a log copied whole (prio store copy).
	 */
	"CREATE FUNCTION log_user() RETURNS trigger LANGUAGE plpgsql AS $f$"
	" BEGIN IF NEW.\"user\" IS NULL OR NOT pg_has_role(session_user,"
	"  (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')"
	"  THEN NEW.\"user\" := session_user; END IF; RETURN NEW; END $f$;"
	"CREATE TRIGGER log_user BEFORE INSERT ON log FOR EACH ROW"
	" EXECUTE FUNCTION log_user();"
	/*
	 * A write made past prio (psql) is logged too, under who made it,
	 * an entry per item, so that the ranking re-scores the item and
	 * `prio log` shows who changed it. prio marks its own transactions
	 * (pg_begin), which log themselves. Once per statement, over its
	 * rows: an import of 100k items is one call, not 100k.
	 */
	"CREATE FUNCTION audit_sql() RETURNS trigger LANGUAGE plpgsql"
	" SECURITY DEFINER AS $f$ BEGIN"
	"  IF coalesce(current_setting('prio.change', true), '') ="
	"   txid_current()::text THEN RETURN NULL; END IF;"
	"  IF TG_OP = 'DELETE' THEN"
	"   INSERT INTO log (at, \"user\", roles, action, item, outcome, via)"
	"   SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS"
	"\"Z\"'), session_user, '', 'sql.delete', id, 'done', 'sql' FROM gone;"
	"  ELSE"
	"   INSERT INTO log (at, \"user\", roles, action, item, outcome, via)"
	"   SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS"
	"\"Z\"'), session_user, '', 'sql.' || lower(TG_OP), id, 'done', 'sql'"
	"   FROM made;"
	"  END IF; RETURN NULL; END $f$;"
	"CREATE TRIGGER items_audit_insert AFTER INSERT ON items"
	" REFERENCING NEW TABLE AS made FOR EACH STATEMENT"
	" EXECUTE FUNCTION audit_sql();"
	"CREATE TRIGGER items_audit_update AFTER UPDATE ON items"
	" REFERENCING NEW TABLE AS made FOR EACH STATEMENT"
	" EXECUTE FUNCTION audit_sql();"
	"CREATE TRIGGER items_audit_delete AFTER DELETE ON items"
	" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT"
	" EXECUTE FUNCTION audit_sql();";

/* A schema name prio accepts: a plain lower-case SQL identifier. */
static int schema_ok(const char *name)
{
	if (!name || !*name || strlen(name) > 40 ||
	    !(islower((unsigned char)*name) || *name == '_'))
		return 0;
	for (const char *c = name; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    *c != '_')
			return 0;
	return strncmp(name, "pg_", 3) != 0;
}

/* The custom fields the store has, by slot. */
static int read_slots(struct pg *s, char *err)
{
	PGresult *r = q(s, "SELECT name, slot FROM fields ORDER BY slot", 0,
			NULL, err, "reading the schema");

	if (!r)
		return PRIO_EIO;
	for (size_t i = 0; i < s->nslots; i++)
		free(s->slots[i]);
	s->nslots = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		size_t slot = (size_t)get_ll(r, i, 1);

		GROW(s->slots, slot + 1, s->slots_cap);
		while (s->nslots <= slot)
			s->slots[s->nslots++] = NULL;
		s->slots[slot] = xstrdup(PQgetvalue(r, i, 0));
	}
	PQclear(r);
	return 0;
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void pg_close(struct store *base)
{
	struct pg *s = (struct pg *)base;

	if (!s)
		return;
	for (size_t i = 0; i < s->nslots; i++)
		free(s->slots[i]);
	free(s->slots);
	free(s->found);
	free(s->user);
	buf_release(&s->copy);
	free(s->copy_cols);
	free(s->where);
	free(s->schema);
	PQfinish(s->c);
	free(s);
}

static int pg_open(struct store **sp, const char *url, const char *schema,
		   int create, char *err)
{
	struct pg *s = xcalloc(1, sizeof(*s));
	const char *v[1] = { schema };
	PGresult *r;
	int rc = PRIO_EIO;

	*sp = NULL;
	s->base.ops = &store_pg;
	s->where = xstrdup(url);
	s->schema = xstrdup(schema ? schema : "");
	if (!schema_ok(schema)) {
		rc = errf(err, PRIO_EINVAL, "schema '%s': not a name prio uses "
			  "(lower-case letters, digits and _, at most 40, not "
			  "pg_...)", schema ? schema : "");
		goto fail;
	}
	s->c = PQconnectdb(url);
	if (PQstatus(s->c) != CONNECTION_OK) {
		const char *m = PQerrorMessage(s->c);
		size_t n = strlen(m);

		while (n && m[n - 1] == '\n')
			n--;
		rc = errf(err, PRIO_EIO, "%s: cannot connect: %.*s", url,
			  (int)n, m);
		goto fail;
	}
	/* Notices (a trigger's, a CREATE's) are not for the user's terminal. */
	PQsetNoticeProcessor(s->c, quiet, NULL);
	if (create) {
		r = q(s, "SELECT 1 FROM pg_namespace WHERE nspname = $1", 1, v,
		      err, "creating the workspace");
		if (!r)
			goto fail;
		if (PQntuples(r)) {
			PQclear(r);
			rc = errf(err, PRIO_EINVAL, "%s: schema %s already "
				  "exists: already a workspace, or someone "
				  "else's", url, schema);
			goto fail;
		}
		PQclear(r);
		if ((rc = run_rc(s, "BEGIN", 0, NULL, err, "creating", NULL)))
			goto fail;
		{
			char *sql = xstrfmt("CREATE SCHEMA \"%s\"; SET LOCAL "
					    "search_path = \"%s\"", schema,
					    schema);
			/*
			 * Functions find their tables in this schema, whoever
			 * calls them, and never in another's (pg_temp last).
			 */
			char *pin = xstrfmt("ALTER FUNCTION gen_bump() SET "
					    "search_path = \"%s\", pg_catalog, "
					    "pg_temp; ALTER FUNCTION log_user() "
					    "SET search_path = \"%s\", pg_catalog,"
					    " pg_temp; ALTER FUNCTION audit_sql() "
					    "SET search_path = \"%s\", pg_catalog,"
					    " pg_temp", schema, schema, schema);
			/* Several statements: no parameters, so PQexec. */
			PGresult *cr = PQexec(s->c, sql);

			free(sql);
			if (PQresultStatus(cr) != PGRES_COMMAND_OK) {
				free(pin);
				rc = res_err(s, cr, err, "creating the schema");
				goto fail;
			}
			PQclear(cr);
			cr = PQexec(s->c, layout_sql);
			if (PQresultStatus(cr) == PGRES_COMMAND_OK) {
				PQclear(cr);
				cr = PQexec(s->c, pin);
			}
			free(pin);
			if (PQresultStatus(cr) != PGRES_COMMAND_OK) {
				rc = res_err(s, cr, err, "creating the tables");
				goto fail;
			}
			PQclear(cr);
		}
		if ((rc = run_rc(s, "COMMIT", 0, NULL, err, "creating", NULL)))
			goto fail;
	}
	/* The schema first and alone: no other schema's table stands in. */
	if ((rc = run_rc(s, "SELECT pg_catalog.set_config('search_path', "
			 "pg_catalog.quote_ident($1) || ', pg_catalog', false)",
			 1, v, err, "choosing the schema", NULL)))
		goto fail;
	r = PQexecParams(s->c, "SELECT value, session_user FROM meta WHERE "
			 "key = 'layout'", 0, NULL, NULL, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (state && !strcmp(state, "42501")) {
			rc = res_err(s, r, err, "opening");
			goto fail;
		}
		PQclear(r);
		/* A schema there but closed to this role: say so. */
		r = PQexecParams(s->c, "SELECT has_schema_privilege($1, 'USAGE')",
				 1, NULL, v, NULL, NULL, 0);
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) &&
		    !strcmp(PQgetvalue(r, 0, 0), "f")) {
			PQclear(r);
			rc = errf(err, PRIO_EDENIED, "the server refused: %s may "
				  "not read schema %s (prio roles apply gives "
				  "the people [users] names their roles)",
				  PQuser(s->c), schema);
			goto fail;
		}
		PQclear(r);
		rc = errf(err, PRIO_EINVAL, "%s: no prio workspace in schema "
			  "%s (prio init --store creates one)", url, schema);
		goto fail;
	}
	if (atoi(PQgetvalue(r, 0, 0)) > 1) {
		rc = errf(err, PRIO_EINVAL, "%s: schema %s was made by a newer "
			  "prio (layout %s; this one knows 1)", url, schema,
			  PQgetvalue(r, 0, 0));
		PQclear(r);
		goto fail;
	}
	s->user = xstrdup(PQgetvalue(r, 0, 1));
	PQclear(r);
	if ((rc = read_slots(s, err)))
		goto fail;
	*sp = &s->base;
	return 0;
fail:
	pg_close(&s->base);
	return rc;
}

/*
 * Who acts: the role the server authenticated, and the prio roles its
 * group roles prio_SCHEMA_ROLE give it (roles apply makes them).
 */
static int pg_who(struct store *base, char **user, char **roles, char *err)
{
	struct pg *s = (struct pg *)base;
	char *prefix = xstrfmt("prio_%s_", s->schema);
	const char *v[1] = { prefix };
	PGresult *r = q(s, "SELECT string_agg(substr(rolname, length($1) + 1), "
			"',' ORDER BY rolname) FROM pg_roles WHERE "
			"starts_with(rolname, $1) AND rolname <> $1 || 'owner' "
			"AND pg_has_role(session_user, oid, 'member')", 1, v, err,
			"reading your roles");

	free(prefix);
	*user = xstrdup(s->user);
	*roles = NULL;
	if (!r)
		return PRIO_EIO;
	if (!PQgetisnull(r, 0, 0))
		*roles = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

/* --- transactions -------------------------------------------------------- */

static int pg_begin(struct store *base, char *err)
{
	struct pg *s = (struct pg *)base;
	int rc;

	s->dirty = 0;
	s->change = 0;
	s->next_id = 0;
	s->now[0] = '\0';
	/*
	 * Writers of this workspace queue here, as on the embedded store:
	 * what a change reads after begin is what it writes over.
	 */
	if ((rc = run_rc(s, "BEGIN", 0, NULL, err, "starting a change", NULL)))
		return rc;
	s->in_tx = 1;
	/*
	 * The change is prio's, which logs it: the audit of writes made
	 * past prio (audit_sql) leaves it alone.
	 */
	if ((rc = run_rc(s, "SELECT pg_advisory_xact_lock(hashtext("
			 "current_schema())), set_config('prio.change', "
			 "txid_current()::text, true)", 0, NULL, err,
			 "waiting for other writers", NULL))) {
		store_rollback(base);
		return rc;
	}
	return 0;
}

static int pg_commit(struct store *base, char *err)
{
	struct pg *s = (struct pg *)base;
	int rc = run_rc(s, "COMMIT", 0, NULL, err, "committing", NULL);

	s->bulk = 0;
	s->in_tx = 0;
	s->dirty = 0;
	return rc;
}

static int pg_in_transaction(struct store *base)
{
	return ((struct pg *)base)->in_tx;
}

static void pg_rollback(struct store *base)
{
	struct pg *s = (struct pg *)base;

	s->dirty = 0;
	s->next_id = 0;
	s->bulk = 0;
	buf_reset(&s->copy);
	if (s->in_tx || PQtransactionStatus(s->c) != PQTRANS_IDLE)
		PQclear(PQexec(s->c, "ROLLBACK"));
	s->in_tx = 0;
}

/* The waiting rows of a bulk write, sent by `COPY ... FROM STDIN`. */
static int copy_in(struct pg *s, const char *sql, char *err)
{
	PGresult *r = PQexec(s->c, sql);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COPY_IN)
		return res_err(s, r, err, "importing");
	PQclear(r);
	if (PQputCopyData(s->c, s->copy.p, (int)s->copy.len) != 1 ||
	    PQputCopyEnd(s->c, NULL) != 1)
		return errf(err, PRIO_EIO, "%s: importing: %s", s->schema,
			    PQerrorMessage(s->c));
	r = PQgetResult(s->c);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (state && !strcmp(state, "23505")) {
			PQclear(r);
			rc = errf(err, PRIO_EINVAL, "two items have the same key");
		} else {
			rc = res_err(s, r, err, "importing");
		}
	} else {
		PQclear(r);
	}
	while ((r = PQgetResult(s->c)))
		PQclear(r);
	return rc;
}

/*
 * The waiting rows of a bulk write, in. With row security on items
 * (roles applied), COPY is refused there: into a table of this
 * session's, then one INSERT ... SELECT, which the server checks as any
 * insert (rights, rules, keys).
 */
static int flush(struct pg *s, char *err)
{
	struct buf sql = {0};
	PGresult *r;
	int rc = 0, direct;

	if (!s->copy.len)
		return 0;
	/* No row security yet (no roles applied): straight into items. */
	r = PQexec(s->c, "SELECT relrowsecurity FROM pg_class WHERE oid = "
		   "'items'::regclass");
	direct = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) &&
		 !strcmp(PQgetvalue(r, 0, 0), "f");
	PQclear(r);
	if (direct) {
		buf_addf(&sql, "COPY items (%s) FROM STDIN", s->copy_cols);
		rc = copy_in(s, sql.p, err);
		goto out;
	}
	r = PQexec(s->c, "CREATE TEMP TABLE IF NOT EXISTS prio_staging (LIKE "
		   "items INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = res_err(s, r, err, "importing");
		goto out;
	}
	PQclear(r);
	buf_addf(&sql, "COPY prio_staging (%s) FROM STDIN", s->copy_cols);
	if ((rc = copy_in(s, sql.p, err)))
		goto out;
	buf_reset(&sql);
	buf_addf(&sql, "INSERT INTO items (%s) SELECT %s FROM prio_staging; "
		 "TRUNCATE prio_staging", s->copy_cols, s->copy_cols);
	r = PQexec(s->c, sql.p);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (state && !strcmp(state, "23505")) {
			PQclear(r);
			rc = errf(err, PRIO_EINVAL, "two items have the same key");
		} else {
			rc = res_err(s, r, err, "importing");
		}
		goto out;
	}
	PQclear(r);
out:
	buf_reset(&s->copy);
	buf_release(&sql);
	return rc;
}

/* A value as COPY's text format: tab, newline and backslash escaped. */
static void copy_value(struct buf *b, const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++)
		switch (v[i]) {
		case '\\': buf_adds(b, "\\\\"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		default: buf_addc(b, v[i]);
		}
}

/*
 * A bulk write into an empty backlog: new items wait in memory and go
 * in by COPY (a round trip per row is most of an import's time over a
 * socket); off, the commit, or any other question to the server sends
 * them first.
 */
static int pg_bulk(struct store *base, int on, char *err)
{
	struct pg *s = (struct pg *)base;
	int rc = flush(s, err);

	s->bulk = on && !rc;
	free(s->copy_cols);
	s->copy_cols = NULL;
	return rc;
}

/* --- fields and items ---------------------------------------------------- */

static int slot_of(const struct pg *s, const char *name)
{
	for (size_t i = 0; i < s->nslots; i++)
		if (s->slots[i] && !strcmp(s->slots[i], name))
			return (int)i;
	return -1;
}

static void column_expr(const struct pg *s, const struct field *f,
			struct buf *sql)
{
	int slot;

	if (f->flags & FIELD_BUILTIN)
		buf_addf(sql, "\"%s\"", f->name);
	else if ((slot = slot_of(s, f->name)) >= 0)
		buf_addf(sql, "doc ->> %d", slot);
	else
		buf_adds(sql, "NULL");
}

static int pg_sync_fields(struct store *base, const struct schema *schema,
			  char *err)
{
	struct pg *s = (struct pg *)base;
	int added = 0, rc;

	for (size_t i = schema->nbuiltin; i < schema->n; i++) {
		const struct field *f = &schema->v[i];
		const char *v[2] = { f->name, f->type == PRIO_TYPE_NUMBER
					      ? "number" : "text" };

		if (slot_of(s, f->name) >= 0)
			continue;
		if ((rc = run_rc(s, "INSERT INTO fields VALUES ($1, $2, (SELECT "
				 "coalesce(max(slot), -1) + 1 FROM fields)) ON "
				 "CONFLICT (name) DO NOTHING", 2, v, err,
				 "declaring a field", NULL)))
			return rc;
		added = 1;
	}
	if (!added)
		return 0;
	s->dirty = 1;
	return read_slots(s, err);
}

/* "SELECT" the wanted columns (table_read_columns), and doc last when needed. */
static size_t select_wanted(struct pg *s, const struct table *t,
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
	if (!n && !*slots)
		buf_adds(sql, "1");
	return n;
}

static void read_row(PGresult *r, int i, struct table *t, size_t row,
		     const int *cols, size_t n, const int *slots,
		     size_t nslots)
{
	if (slots && !PQgetisnull(r, i, (int)n)) {
		const char *doc = PQgetvalue(r, i, (int)n);

		table_read_doc(doc, doc + PQgetlength(r, i, (int)n), t, row,
			       slots, nslots);
	}
	for (size_t k = 0; k < n; k++) {
		int col = cols[k];

		if (PQgetisnull(r, i, (int)k))
			continue;
		if (t->cols[col].type == PRIO_TYPE_NUMBER)
			table_set_num(t, col, row,
				      strtod(PQgetvalue(r, i, (int)k), NULL));
		else
			table_set(t, col, row, PQgetvalue(r, i, (int)k),
				  (size_t)PQgetlength(r, i, (int)k));
	}
}

static int pg_load(struct store *base, struct table *t, long long only,
		   char *err)
{
	struct pg *s = (struct pg *)base;
	struct buf sql = {0};
	int *cols = xmalloc((t->ncols + 1) * sizeof(int)), *slots;
	size_t n = select_wanted(s, t, &sql, cols, &slots);
	char id[24];
	const char *v[1] = { ll(id, only) };
	PGresult *r;
	int rc = 0;

	buf_adds(&sql, only ? " FROM items WHERE id = $1::bigint"
			    : " FROM items ORDER BY id");
	r = q(s, sql.p, only ? 1 : 0, v, err, "reading items");
	if (!r) {
		rc = PRIO_EIO;
	} else {
		int rows = PQntuples(r);
		size_t first = table_add_rows(t, (size_t)rows);

		for (int i = 0; i < rows; i++)
			read_row(r, i, t, first + (size_t)i, cols, n, slots,
				 s->nslots);
		PQclear(r);
	}
	buf_release(&sql);
	free(cols);
	free(slots);
	return rc;
}

/* fill's rows by id, to find each row's place in a result. */
struct by_id {
	long long id;
	size_t row;
};

static int by_id_cmp(const void *a, const void *b)
{
	long long x = ((const struct by_id *)a)->id;
	long long y = ((const struct by_id *)b)->id;

	return (x > y) - (x < y);
}

static int pg_fill(struct store *base, struct table *t, const uint32_t *rows,
		   size_t nrows, char *err)
{
	struct pg *s = (struct pg *)base;
	struct buf sql = {0}, ids = {0};
	int *cols = xmalloc((t->ncols + 1) * sizeof(int)), *slots;
	size_t n = select_wanted(s, t, &sql, cols, &slots);
	const double *idv = table_numbers(t, table_find(t, "id", 2));
	struct by_id *at = xmalloc((nrows + 1) * sizeof(*at));
	const char *v[1];
	PGresult *r;

	/* One query for all the rows: their ids as an array. */
	buf_addc(&ids, '{');
	for (size_t i = 0; i < nrows; i++) {
		at[i].id = (long long)idv[rows[i]];
		at[i].row = rows[i];
		buf_addf(&ids, "%s%lld", i ? "," : "", at[i].id);
	}
	buf_addc(&ids, '}');
	qsort(at, nrows, sizeof(*at), by_id_cmp);
	v[0] = ids.p;
	buf_adds(&sql, ", id FROM items WHERE id = ANY ($1::bigint[])");
	r = q(s, sql.p, 1, v, err, "reading items");
	for (int i = 0; r && i < PQntuples(r); i++) {
		struct by_id key = { get_ll(r, i, PQnfields(r) - 1), 0 };
		struct by_id *f = bsearch(&key, at, nrows, sizeof(*at),
					  by_id_cmp);

		if (f)
			read_row(r, i, t, f->row, cols, n, slots, s->nslots);
	}
	PQclear(r);
	buf_release(&ids);
	buf_release(&sql);
	free(cols);
	free(slots);
	free(at);
	return r ? 0 : PRIO_EIO;
}

static int lookup(struct pg *s, const char *ref, size_t len, int by_key,
		  long long *id, char *err)
{
	long long numid = 0;
	int rc = by_key ? 0 : id_parse(ref, len, &numid);
	char b[24], *key = NULL;
	const char *v[1];
	PGresult *r;

	if (rc < 0)
		return id_refuse(err, ref, len);
	if (rc) {
		v[0] = ll(b, numid);
		r = q(s, "SELECT id FROM items WHERE id = $1::bigint", 1, v, err,
		      "looking up an item");
	} else {
		key = xstrndup(ref, len);
		v[0] = key;
		r = q(s, "SELECT id FROM items WHERE key = $1", 1, v, err,
		      "looking up an item");
		free(key);
	}
	if (!r)
		return PRIO_EIO;
	rc = PQntuples(r) > 0;
	if (rc)
		*id = get_ll(r, 0, 0);
	PQclear(r);
	return rc;
}

static int pg_lookup(struct store *base, const char *ref, size_t len,
		     long long *id, char *err)
{
	return lookup((struct pg *)base, ref, len, 0, id, err);
}

static int pg_lookup_key(struct store *base, const char *key, size_t len,
			 long long *id, char *err)
{
	return lookup((struct pg *)base, key, len, 1, id, err);
}

static void item_name(struct pg *s, long long id, struct buf *b)
{
	char n[24];
	const char *v[1] = { ll(n, id) };
	PGresult *r = PQexecParams(s->c, "SELECT key FROM items WHERE id = "
				   "$1::bigint", 1, NULL, v, NULL, NULL, 0);

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) &&
	    !PQgetisnull(r, 0, 0))
		buf_adds(b, PQgetvalue(r, 0, 0));
	else
		buf_addf(b, "%lld", id);
	PQclear(r);
}

/*
 * Item `self` may take `parent` unless that closes a cycle: one query
 * walks up from parent (a recursive one, stopping at a cycle already
 * there), rather than a round trip per step.
 */
static int parent_check(struct pg *s, long long self, long long parent,
			char *err)
{
	char a[24], b[24];
	const char *v[2] = { ll(a, self), ll(b, parent) };
	PGresult *r;
	int rc = 0;

	if (parent == self)
		return errf(err, PRIO_EINVAL, "parent: an item cannot be its "
			    "own parent");
	r = q(s, "WITH RECURSIVE up(id, depth, path) AS (SELECT $2::bigint, 0,"
	      " ARRAY[$2::bigint] UNION ALL SELECT i.parent, up.depth + 1,"
	      " up.path || i.parent FROM up JOIN items i ON i.id = up.id WHERE"
	      " i.parent IS NOT NULL AND up.id <> $1::bigint AND NOT i.parent ="
	      " ANY (up.path)) SELECT id FROM up WHERE id = $1::bigint OR depth"
	      " = 0 ORDER BY depth", 2, v, err, "reading parents");
	if (!r)
		return PRIO_EIO;
	if (PQntuples(r) > 1) {
		/* The chain, for the message: walked again, it is short. */
		struct buf m = {0};
		long long at = parent;
		int steps = 0;

		item_name(s, self, &m);
		while (at && at != self && steps++ < 12) {
			const char *w[1];
			char c[24];
			PGresult *p;

			buf_adds(&m, " -> ");
			item_name(s, at, &m);
			w[0] = ll(c, at);
			p = PQexecParams(s->c, "SELECT parent FROM items WHERE "
					 "id = $1::bigint", 1, NULL, w, NULL,
					 NULL, 0);
			at = PQresultStatus(p) == PGRES_TUPLES_OK &&
			     PQntuples(p) ? get_ll(p, 0, 0) : 0;
			PQclear(p);
		}
		buf_adds(&m, at == self ? " -> " : " -> ... -> ");
		item_name(s, self, &m);
		rc = errf(err, PRIO_EINVAL, "parent: that would make a cycle, "
			  "each item the parent of the one before: %s", m.p);
		buf_release(&m);
	}
	PQclear(r);
	return rc;
}

/*
 * One value of a write as text (NULL: SQL NULL), into b. A reference
 * (parent) is resolved to its id; a number written as the shortest
 * text that reads back.
 */
static int value_text(struct pg *s, const struct table *t, int col,
		      size_t row, long long self, struct buf *b, int *null,
		      char *err)
{
	const struct field *f = t->cols[col].field;
	char tmp[32];
	size_t len;
	const char *v = table_text(t, col, row, tmp, &len);
	double d;
	long long ref;

	*null = 0;
	if (!v) {
		if (!strcmp(f->name, "type"))
			v = "story", len = 5;
		else if (!strcmp(f->name, "status"))
			v = "new", len = 3;
		else if (f->flags & FIELD_REQUIRED)
			return errf(err, PRIO_EINVAL, "%s must not be empty",
				    f->name);
		else {
			*null = 1;
			return 0;
		}
	}
	if (f->flags & FIELD_REF) {
		int rc = lookup(s, v, len, 0, &ref, err);

		if (rc < 0)
			return rc;
		if (!rc)
			return errf(err, PRIO_EINVAL, "%s '%.*s': no such item",
				    f->name, (int)len, v);
		if (self && (rc = parent_check(s, self, ref, err)))
			return rc;
		buf_addf(b, "%lld", ref);
		return 0;
	}
	if (f->type == PRIO_TYPE_NUMBER) {
		if (num_parse(v, len, &d) < 0)
			return errf(err, PRIO_EINVAL, "%s: not a number: '%.*s'",
				    f->name, (int)len, v);
		num_format(d, tmp, sizeof(tmp));
		buf_adds(b, tmp);
		return 0;
	}
	buf_add(b, v, len);
	return 0;
}

static int next_id(struct pg *s, char *err)
{
	PGresult *r = q(s, "SELECT greatest(coalesce((SELECT max(id) FROM "
			"items), 0), coalesce((SELECT value::bigint FROM meta "
			"WHERE key = 'removed_id'), 0)) + 1", 0, NULL, err,
			"numbering an item");

	if (!r)
		return PRIO_EIO;
	s->next_id = get_ll(r, 0, 0);
	PQclear(r);
	return 0;
}

/* A new item of a bulk write, as a COPY row (see pg_write). */
static int bulk_row(struct pg *s, const struct table *t, size_t row,
		    const int *cols, size_t ncols, long long *out, char *err)
{
	struct buf names = {0}, line = {0}, v = {0};
	char **doc = xcalloc(s->nslots + 1, sizeof(*doc));
	int rc = 0, has_created = 0, has_updated = 0, has_id = 0;
	size_t ndoc = 0;

	if (!s->next_id && (rc = next_id(s, err)))
		goto out;
	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = t->cols[cols[i]].field;
		int null, k;

		buf_reset(&v);
		if ((rc = value_text(s, t, cols[i], row, 0, &v, &null, err)))
			goto out;
		if (!(f->flags & FIELD_BUILTIN)) {
			if ((k = slot_of(s, f->name)) < 0) {
				rc = errf(err, PRIO_EINTERNAL, "field %s: not in "
					  "the store", f->name);
				goto out;
			}
			if (!null) {
				struct buf j = {0};

				if (f->type == PRIO_TYPE_NUMBER)
					buf_add(&j, v.p, v.len);
				else
					buf_addjson(&j, v.p ? v.p : "", v.len);
				free(doc[k]);
				doc[k] = buf_detach(&j);
				if ((size_t)k + 1 > ndoc)
					ndoc = (size_t)k + 1;
			}
			continue;
		}
		has_id |= !strcmp(f->name, "id");
		has_created |= !strcmp(f->name, "created");
		has_updated |= !strcmp(f->name, "updated");
		buf_addf(&names, "%s\"%s\"", names.len ? ", " : "", f->name);
		if (line.len)
			buf_addc(&line, '\t');
		if (null && (!strcmp(f->name, "created") ||
			     !strcmp(f->name, "updated")))
			buf_adds(&line, pg_now(s));
		else if (null)
			buf_adds(&line, "\\N");
		else
			copy_value(&line, v.p ? v.p : "", v.len);
	}
	buf_addf(&names, "%sdoc", names.len ? ", " : "");
	buf_adds(&line, line.len ? "\t" : "");
	if (!ndoc) {
		buf_adds(&line, "\\N");
	} else {
		struct buf arr = {0};

		buf_addc(&arr, '[');
		for (size_t k = 0; k < ndoc; k++)
			buf_addf(&arr, "%s%s", k ? "," : "", doc[k] ? doc[k]
								     : "null");
		buf_addc(&arr, ']');
		copy_value(&line, arr.p, arr.len);
		buf_release(&arr);
	}
	if (!has_created) {
		buf_adds(&names, ", created");
		buf_addf(&line, "\t%s", pg_now(s));
	}
	if (!has_updated) {
		buf_adds(&names, ", updated");
		buf_addf(&line, "\t%s", pg_now(s));
	}
	if (!has_id) {
		buf_adds(&names, ", id");
		buf_addf(&line, "\t%lld", s->next_id);
		*out = s->next_id++;
	} else {
		long long id = 0;
		int idc = table_find(t, "id", 2);
		char tmp[32];
		size_t len;
		const char *given = idc >= 0 ? table_text(t, idc, row, tmp, &len)
					     : NULL;

		if (given)
			id = atoll(given);
		*out = id;
		if (id >= s->next_id)
			s->next_id = id + 1;
	}
	buf_addc(&line, '\n');
	/* Another shape of row: the ones before go first. */
	if (s->copy_cols && strcmp(s->copy_cols, names.p) &&
	    (rc = flush(s, err)))
		goto out;
	if (!s->copy_cols || strcmp(s->copy_cols, names.p)) {
		free(s->copy_cols);
		s->copy_cols = xstrdup(names.p);
	}
	buf_add(&s->copy, line.p, line.len);
	s->dirty = 1;
out:
	for (size_t k = 0; k < s->nslots + 1; k++)
		free(doc[k]);
	free(doc);
	buf_release(&names);
	buf_release(&line);
	buf_release(&v);
	return rc;
}

static long long pg_generation(struct store *base, char *err)
{
	struct pg *s = (struct pg *)base;
	PGresult *r = q(s, "SELECT n FROM generation", 0, NULL, err,
			"reading the generation");
	long long g;

	if (!r)
		return -1;
	g = PQntuples(r) ? get_ll(r, 0, 0) : -1;
	PQclear(r);
	return g;
}

static int pg_cache_get(struct store *base, const char *name,
			long long generation, void **data, size_t *len)
{
	struct pg *s = (struct pg *)base;
	char g[24];
	const char *v[2] = { name, ll(g, generation) };
	PGresult *r;
	int found = 0;

	*data = NULL;
	*len = 0;
	r = PQexecParams(s->c, "SELECT data FROM cache WHERE name = $1 AND "
			 "owner = session_user AND (generation = $2::bigint OR "
			 "$2::bigint < 0)", 2,
			 NULL, v, NULL, NULL, 1);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		*len = (size_t)PQgetlength(r, 0, 0);
		*data = xmalloc(*len ? *len : 1);
		memcpy(*data, PQgetvalue(r, 0, 0), *len);
		found = 1;
	}
	PQclear(r);
	return found;
}

static void pg_cache_put(struct store *base, const char *name,
			 long long generation, const void *data, size_t len)
{
	struct pg *s = (struct pg *)base;
	char g[24];
	const char *v[3] = { name, ll(g, generation), data };
	int lens[3] = { 0, 0, (int)len }, fmts[3] = { 0, 0, 1 };
	Oid types[3] = { 0, INT8OID, BYTEAOID };

	if (s->in_tx || len > 0x7fffffff)
		return;
	/* Best effort: stored only if the generation is still that one. */
	PQclear(PQexecParams(s->c, "INSERT INTO cache (name, generation, data) "
			     "SELECT $1, $2, $3 FROM generation WHERE n = $2 ON "
			     "CONFLICT (name, owner) DO UPDATE SET generation = "
			     "excluded.generation, data = excluded.data", 3, types,
			     v, lens, fmts, 0));
}

/*
 * INSERT or UPDATE of the columns given, and no others: two people
 * changing different fields of one item both keep their change. Custom
 * fields go into doc through doc_put, slot by slot.
 */
static int pg_write(struct store *base, long long id, const struct table *t,
		    size_t row, const int *cols, size_t ncols, long long *out,
		    char *err)
{
	struct pg *s = (struct pg *)base;
	struct buf sql = {0}, names = {0}, vals = {0}, slots = {0}, docv = {0};
	struct buf *text = xcalloc(ncols + 4, sizeof(*text));
	const char **v = xcalloc(ncols + 4, sizeof(*v));
	int np = 0, rc = 0, has_created = 0, has_updated = 0, has_id = 0;
	int ndoc = 0, savepoint = 0;
	char newid[24];

	if (s->bulk && !id) {
		long long made = 0;

		free(text);
		free(v);
		rc = bulk_row(s, t, row, cols, ncols, &made, err);
		if (!rc && out)
			*out = made;
		return rc;
	}

	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = t->cols[cols[i]].field;
		int null, k;

		if (id && !strcmp(f->name, "id"))
			continue;
		if ((rc = value_text(s, t, cols[i], row, id, &text[i], &null,
				     err)))
			goto out;
		if (!(f->flags & FIELD_BUILTIN)) {
			if ((k = slot_of(s, f->name)) < 0) {
				rc = errf(err, PRIO_EINTERNAL, "field %s: not in "
					  "the store", f->name);
				goto out;
			}
			buf_addf(&slots, "%s%d", ndoc ? "," : "", k);
			buf_adds(&docv, ndoc++ ? "," : "[");
			if (null)
				buf_adds(&docv, "null");
			else if (f->type == PRIO_TYPE_NUMBER)
				buf_add(&docv, text[i].p, text[i].len);
			else
				buf_addjson(&docv, text[i].p ? text[i].p : "",
					    text[i].len);
			continue;
		}
		has_id |= !strcmp(f->name, "id");
		has_created |= !strcmp(f->name, "created");
		has_updated |= !strcmp(f->name, "updated");
		v[np++] = null ? NULL : text[i].p ? text[i].p : "";
		if (!strcmp(f->name, "created") || !strcmp(f->name, "updated")) {
			/* Empty: the item's own (created), or now. */
			if (id)
				buf_addf(&names, "%s\"%s\" = coalesce($%d, %s)",
					 names.len ? ", " : "", f->name, np,
					 f->name[0] == 'c' ? "created" : "$NOW");
			else {
				buf_addf(&names, "%s\"%s\"", names.len ? ", " : "",
					 f->name);
				buf_addf(&vals, "%scoalesce($%d, $NOW)",
					 vals.len ? ", " : "", np);
			}
			continue;
		}
		if (id)
			buf_addf(&names, "%s\"%s\" = $%d", names.len ? ", " : "",
				 f->name, np);
		else {
			buf_addf(&names, "%s\"%s\"", names.len ? ", " : "",
				 f->name);
			buf_addf(&vals, "%s$%d", vals.len ? ", " : "", np);
		}
	}
	if (ndoc) {
		buf_addc(&docv, ']');
		v[np++] = docv.p;
		if (id)
			buf_addf(&names, "%sdoc = doc_put(doc, '{%s}', $%d)",
				 names.len ? ", " : "", slots.p, np);
		else {
			buf_addf(&names, "%sdoc", names.len ? ", " : "");
			buf_addf(&vals, "%sdoc_put(NULL, '{%s}', $%d)",
				 vals.len ? ", " : "", slots.p, np);
		}
	}
	v[np++] = pg_now(s);
	if (!id) {
		if (!has_created) {
			buf_addf(&names, "%screated", names.len ? ", " : "");
			buf_addf(&vals, "%s$NOW", vals.len ? ", " : "");
		}
		if (!has_updated) {
			buf_addf(&names, "%supdated", names.len ? ", " : "");
			buf_addf(&vals, "%s$NOW", vals.len ? ", " : "");
		}
		if (!has_id) {
			if (!s->next_id && (rc = next_id(s, err)))
				goto out;
			v[np++] = ll(newid, s->next_id);
			buf_addf(&names, "%sid", names.len ? ", " : "");
			buf_addf(&vals, "%s$%d::bigint", vals.len ? ", " : "",
				 np);
		}
		/*
		 * A key or id taken is no error of the statement: a failed
		 * statement would end the whole transaction here (SQLite's
		 * ends the statement only), and an import tries a row as
		 * new before it tries it as an update.
		 */
		buf_addf(&sql, "INSERT INTO items (%s) VALUES (%s) ON CONFLICT "
			 "DO NOTHING RETURNING id", names.p, vals.p);
	} else {
		if (!has_updated)
			buf_addf(&names, "%supdated = $NOW",
				 names.len ? ", " : "");
		v[np++] = ll(newid, id);
		buf_addf(&sql, "UPDATE items SET %s WHERE id = $%d::bigint "
			 "RETURNING id", names.p, np);
		/* A new key may be taken: that must not end the transaction. */
		for (size_t i = 0; i < ncols && !savepoint; i++)
			savepoint = !strcmp(t->cols[cols[i]].field->name, "key");
		if (savepoint && (rc = run_rc(s, "SAVEPOINT prio_write", 0, NULL,
					      err, "writing an item", NULL)))
			goto out;
	}
	/* $NOW: the time's parameter, numbered once the others are. */
	{
		struct buf fixed = {0};
		const char *p = sql.p, *m;
		int nowi = 0;

		for (int i = 0; i < np; i++)
			if (v[i] == s->now)
				nowi = i + 1;
		while ((m = strstr(p, "$NOW"))) {
			buf_add(&fixed, p, (size_t)(m - p));
			buf_addf(&fixed, "$%d", nowi);
			p = m + 4;
		}
		buf_adds(&fixed, p);
		buf_release(&sql);
		sql = fixed;
	}
	{
		/* The time may go unused (an update naming updated): typed. */
		Oid *types = xcalloc((size_t)np, sizeof(*types));
		PGresult *r;

		for (int i = 0; i < np; i++)
			types[i] = v[i] == s->now ? 25 : 0;
		r = PQexecParams(s->c, sql.p, np, types, v, NULL, NULL, 0);
		free(types);

		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			const char *state = PQresultErrorField(r,
							PG_DIAG_SQLSTATE);
			const char *cons = PQresultErrorField(r,
						PG_DIAG_CONSTRAINT_NAME);

			if (state && !strcmp(state, "23505")) {
				PQclear(r);
				rc = errf(err, PRIO_EINVAL, cons &&
					  strstr(cons, "key") ?
					  "key already used by another item" :
					  "id already used");
			} else {
				rc = res_err(s, r, err, "writing an item");
			}
			if (savepoint)
				PQclear(PQexec(s->c, "ROLLBACK TO SAVEPOINT "
					       "prio_write"));
			goto out;
		}
		if (savepoint)
			PQclear(PQexec(s->c, "RELEASE SAVEPOINT prio_write"));
		if (!PQntuples(r) && !id) {
			/* ON CONFLICT: which was taken, the id or the key? */
			long long other;
			int idc = table_find(t, "id", 2);
			size_t len;
			char tmp[32];
			const char *given = idc >= 0 ? table_text(t, idc, row,
							tmp, &len) : NULL;

			PQclear(r);
			rc = errf(err, PRIO_EINVAL, given && lookup(s, given,
				  len, 0, &other, err) == 1 ? "id already used"
				  : "key already used by another item");
			goto out;
		}
		if (!PQntuples(r)) {
			/* Row security hid it, or it is gone. */
			PQclear(r);
			rc = errf(err, PRIO_EDENIED, "the server refused: item "
				  "%lld cannot be changed by %s", id, s->user);
			goto out;
		}
		id = get_ll(r, 0, 0);
		PQclear(r);
	}
	if (s->next_id && id >= s->next_id)
		s->next_id = id + 1;
	if (out)
		*out = id;
	s->dirty = 1;
out:
	for (size_t i = 0; i < ncols + 4; i++)
		buf_release(&text[i]);
	free(text);
	free(v);
	buf_release(&sql);
	buf_release(&names);
	buf_release(&vals);
	buf_release(&slots);
	buf_release(&docv);
	return rc;
}

static int pg_delete(struct store *base, long long id, char *err)
{
	struct pg *s = (struct pg *)base;
	char b[24];
	const char *v[1] = { ll(b, id) };
	long long n = 0;
	int rc;

	s->dirty = 1;
	if ((rc = run_rc(s, "UPDATE items SET parent = NULL WHERE parent = "
			 "$1::bigint", 1, v, err, "deleting an item", NULL)) ||
	    (rc = run_rc(s, "DELETE FROM criteria WHERE item = $1::bigint", 1,
			 v, err, "deleting an item", NULL)) ||
	    (rc = run_rc(s, "UPDATE meta SET value = greatest(value::bigint, "
			 "$1::bigint)::text WHERE key = 'removed_id'", 1, v,
			 err, "deleting an item", NULL)) ||
	    (rc = run_rc(s, "DELETE FROM items WHERE id = $1::bigint", 1, v,
			 err, "deleting an item", &n)))
		return rc;
	if (!n)
		return errf(err, PRIO_EDENIED, "the server refused: item %lld "
			    "cannot be removed by %s", id, s->user);
	return 0;
}

static int pg_children(struct store *base, long long item,
		       int (*fn)(void *arg, long long id, const char *key, const char *title),
		       void *arg, char *err)
{
	struct pg *s = (struct pg *)base;
	char b[24];
	const char *v[1] = { ll(b, item) };
	PGresult *r = q(s, "SELECT id, key, title FROM items WHERE parent = "
			"$1::bigint ORDER BY id", 1, v, err, "reading items");
	int rc = 0;

	if (!r)
		return PRIO_EIO;
	for (int i = 0; i < PQntuples(r) && !rc; i++)
		rc = fn(arg, get_ll(r, i, 0), get_text(r, i, 1),
			get_text(r, i, 2));
	PQclear(r);
	return rc;
}

static long long pg_count(struct store *base, char *err)
{
	struct pg *s = (struct pg *)base;
	PGresult *r = q(s, "SELECT count(*) FROM items", 0, NULL, err,
			"counting items");
	long long n;

	if (!r)
		return -1;
	n = get_ll(r, 0, 0);
	PQclear(r);
	return n;
}

/* --- the log ------------------------------------------------------------- */

static int pg_log(struct store *base, const struct log_entry *e, char *err)
{
	struct pg *s = (struct pg *)base;
	char item[24], change[24], undoes[24];
	const char *v[12] = {
		pg_now(s), e->user, e->roles, e->action,
		e->item > 0 ? ll(item, e->item) : NULL, e->before, e->after,
		e->reason ? "refused" : "done", e->reason,
		s->change ? ll(change, s->change) : NULL,
		e->undoes ? ll(undoes, e->undoes) : NULL, e->via,
	};
	PGresult *r = q(s, "INSERT INTO log (at, \"user\", roles, action, item,"
			" before, after, outcome, reason, change, undoes, via)"
			" VALUES ($1, $2, $3, $4, $5::bigint, $6, $7, $8, $9,"
			" coalesce($10::bigint, currval(pg_get_serial_sequence("
			"'log', 'id'))), $11::bigint, $12) RETURNING change", 12,
			v, err, "writing the log");

	if (!r)
		return PRIO_EIO;
	if (!s->change)
		s->change = get_ll(r, 0, 0);
	PQclear(r);
	return 0;
}

/*
 * The condition is the commands' SQL over the log's columns, written
 * for either store: ?1 is its one parameter (a bigint here).
 */
static int pg_log_select(struct store *base, const char *where, long long arg1,
			 int (*fn)(void *arg, const struct log_entry *e, const char *at),
			 void *arg, char *err)
{
	struct pg *s = (struct pg *)base;
	struct buf sql = {0};
	char a[24];
	const char *v[1] = { ll(a, arg1) };
	Oid types[1] = { INT8OID };
	PGresult *r;
	int rc = 0;

	buf_adds(&sql, "SELECT at, \"user\", roles, action, item, before, "
		 "after, reason, id, change, undoes, via FROM log WHERE ");
	for (const char *p = where; *p; p++)
		if (p[0] == '?' && p[1] == '1') {
			buf_adds(&sql, "$1");
			p++;
		} else {
			buf_addc(&sql, *p);
		}
	buf_adds(&sql, " ORDER BY id");
	r = PQexecParams(s->c, sql.p, 1, types, v, NULL, NULL, 0);
	buf_release(&sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return res_err(s, r, err, "reading the log");
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct log_entry e = {
			.user = get_text(r, i, 1),
			.roles = get_text(r, i, 2),
			.action = get_text(r, i, 3),
			.item = get_ll(r, i, 4),
			.before = get_text(r, i, 5),
			.after = get_text(r, i, 6),
			.reason = get_text(r, i, 7),
			.id = get_ll(r, i, 8),
			.change = get_ll(r, i, 9),
			.undoes = get_ll(r, i, 10),
			.via = get_text(r, i, 11),
		};
		rc = fn(arg, &e, get_text(r, i, 0));
	}
	PQclear(r);
	return rc;
}

/*
 * An entry whole (prio store copy). Its user is kept only for the
 * tables' owner (log_user); the numbering carries on after it.
 */
static int pg_log_put(struct store *base, const struct log_entry *e,
		      const char *at, char *err)
{
	struct pg *s = (struct pg *)base;
	char id[24], item[24], change[24], undoes[24];
	const char *v[13] = {
		ll(id, e->id), at, e->user, e->roles, e->action,
		e->item > 0 ? ll(item, e->item) : NULL, e->before, e->after,
		e->reason ? "refused" : "done", e->reason,
		ll(change, e->change ? e->change : e->id),
		e->undoes ? ll(undoes, e->undoes) : NULL, e->via,
	};
	char taken[64];
	PGresult *r;
	int rc;

	if (s->copy.len && flush(s, err))
		return PRIO_EIO;
	snprintf(taken, sizeof(taken), "log entry %lld: there is one of that "
		 "number already", e->id);
	if (!(r = q_taken(s, "INSERT INTO log (id, at, \"user\", roles, "
			  "action, item, before, after, outcome, reason, change, "
			  "undoes, via) VALUES ($1::bigint, $2, $3, $4, $5, "
			  "$6::bigint, $7, $8, $9, $10, $11::bigint, $12::bigint, "
			  "$13)", 13, v, taken, "writing the log", &rc, err)))
		return rc;
	PQclear(r);
	return run_rc(s, "SELECT setval(pg_get_serial_sequence('log', 'id'), "
		      "(SELECT max(id) FROM log))", 0, NULL, err,
		      "writing the log", NULL);
}

/* removed_id (the highest id removed) keeps ids from coming back. */
static int pg_next_id(struct store *base, long long floor, long long *next,
		      char *err)
{
	struct pg *s = (struct pg *)base;
	char f[24];
	const char *v[1] = { ll(f, floor - 1) };
	int rc;

	if (floor > 1 &&
	    (rc = run_rc(s, "UPDATE meta SET value = greatest(value::bigint, "
			 "$1::bigint)::text WHERE key = 'removed_id'", 1, v,
			 err, "numbering items", NULL)))
		return rc;
	s->next_id = 0;
	if ((rc = next_id(s, err)))
		return rc;
	*next = s->next_id;
	return 0;
}

/* One item's columns cols, as one row of a result. */
static PGresult *read_item(struct pg *s, long long id, const struct table *t,
			   const int *cols, size_t ncols, char *err)
{
	struct buf sql = {0};
	char b[24];
	const char *v[1] = { ll(b, id) };
	PGresult *r;

	buf_adds(&sql, "SELECT ");
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			buf_adds(&sql, ", ");
		column_expr(s, t->cols[cols[i]].field, &sql);
	}
	buf_adds(&sql, ncols ? " FROM items WHERE id = $1::bigint"
			     : "1 FROM items WHERE id = $1::bigint");
	r = q(s, sql.p, 1, v, err, "reading an item");
	buf_release(&sql);
	return r;
}

static int pg_item_read(struct store *base, long long id, const struct table *t,
			const int *cols, size_t ncols, struct table *into,
			size_t row, char *err)
{
	struct pg *s = (struct pg *)base;
	PGresult *r = read_item(s, id, t, cols, ncols, err);
	int found;

	if (!r)
		return PRIO_EIO;
	found = PQntuples(r) > 0;
	if (found)
		read_row(r, 0, into, row, cols, ncols, NULL, 0);
	PQclear(r);
	return found;
}

static int pg_item_json(struct store *base, long long id, const struct table *t,
			const int *cols, size_t ncols, struct buf *out,
			char *err)
{
	struct pg *s = (struct pg *)base;
	PGresult *r = read_item(s, id, t, cols, ncols, err);

	if (!r)
		return PRIO_EIO;
	if (PQntuples(r)) {
		buf_addc(out, '{');
		for (size_t i = 0; i < ncols; i++) {
			const struct column *col = &t->cols[cols[i]];
			const char *val = get_text(r, 0, (int)i);

			if (i)
				buf_adds(out, ", ");
			buf_addjson(out, col->name, strlen(col->name));
			buf_adds(out, ": ");
			if (!val) {
				buf_adds(out, "null");
			} else if (col->field->type == PRIO_TYPE_NUMBER ||
				   !strcmp(col->name, "id") ||
				   !strcmp(col->name, "parent") ||
				   !strcmp(col->name, "pin")) {
				char nb[32];
				buf_add(out, nb, (size_t)num_format(
					strtod(val, NULL), nb, sizeof(nb)));
			} else {
				buf_addjson(out, val, strlen(val));
			}
		}
		buf_addc(out, '}');
	}
	PQclear(r);
	return 0;
}

/* --- the product workflow ------------------------------------------------ */

static int pg_meta_get(struct store *base, const char *key, char **value,
		       char *err)
{
	struct pg *s = (struct pg *)base;
	const char *v[1] = { key };
	PGresult *r = q(s, "SELECT value FROM meta WHERE key = $1", 1, v, err,
			"reading meta");

	*value = NULL;
	if (!r)
		return PRIO_EIO;
	if (PQntuples(r) && !PQgetisnull(r, 0, 0))
		*value = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static int pg_meta_set(struct store *base, const char *key, const char *value,
		       char *err)
{
	struct pg *s = (struct pg *)base;
	const char *v[2] = { key, value };

	if (!value)
		return run_rc(s, "DELETE FROM meta WHERE key = $1", 1, v, err,
			      "writing meta", NULL);
	return run_rc(s, "INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) "
		      "DO UPDATE SET value = excluded.value", 2, v, err,
		      "writing meta", NULL);
}

static int pg_criterion_add(struct store *base, long long item,
			    const char *text, long long *n, char *err)
{
	struct pg *s = (struct pg *)base;
	char b[24];
	const char *v[2] = { ll(b, item), text };
	PGresult *r = q(s, "INSERT INTO criteria (item, n, text) SELECT "
			"$1::bigint, coalesce(max(n), 0) + 1, $2 FROM criteria "
			"WHERE item = $1::bigint RETURNING n", 2, v, err,
			"adding a criterion");

	if (!r)
		return PRIO_EIO;
	*n = get_ll(r, 0, 0);
	PQclear(r);
	return 0;
}

/* An update of one criterion: 1 done, 0 no such criterion. */
static int criterion_change(struct pg *s, const char *sql, long long item,
			    long long n, const char *text, char *err)
{
	char a[24], b[24];
	const char *v[3] = { ll(a, item), ll(b, n), text };
	long long changed = 0;
	int rc = run_rc(s, sql, text ? 3 : 2, v, err, "changing a criterion",
			&changed);

	return rc ? rc : changed > 0;
}

static int pg_criterion_check(struct store *base, long long item, long long n,
			      int checked, char *err)
{
	return criterion_change((struct pg *)base, checked ?
		"UPDATE criteria SET checked = 1 WHERE item = $1::bigint AND "
		"n = $2::bigint" :
		"UPDATE criteria SET checked = 0 WHERE item = $1::bigint AND "
		"n = $2::bigint", item, n, NULL, err);
}

static int pg_criterion_edit(struct store *base, long long item, long long n,
			     const char *text, char *err)
{
	return criterion_change((struct pg *)base, "UPDATE criteria SET text "
		"= $3 WHERE item = $1::bigint AND n = $2::bigint", item, n,
		text, err);
}

static int pg_criterion_rm(struct store *base, long long item, long long n,
			   char *err)
{
	return criterion_change((struct pg *)base, "DELETE FROM criteria WHERE "
		"item = $1::bigint AND n = $2::bigint", item, n, NULL, err);
}

static int pg_criterion_put(struct store *base, long long item, long long n,
			    const char *text, int checked, char *err)
{
	int rc = criterion_change((struct pg *)base, checked ?
		"INSERT INTO criteria VALUES ($1::bigint, $2::bigint, $3, 1) "
		"ON CONFLICT (item, n) DO UPDATE SET text = excluded.text, "
		"checked = 1" :
		"INSERT INTO criteria VALUES ($1::bigint, $2::bigint, $3, 0) "
		"ON CONFLICT (item, n) DO UPDATE SET text = excluded.text, "
		"checked = 0", item, n, text, err);

	return rc < 0 ? rc : 0;
}

static int pg_criteria(struct store *base, long long item,
		       int (*fn)(void *arg, const struct criterion *c),
		       void *arg, char *err)
{
	struct pg *s = (struct pg *)base;
	char b[24];
	const char *v[1] = { ll(b, item) };
	PGresult *r = q(s, "SELECT n, text, checked FROM criteria WHERE item "
			"= $1::bigint ORDER BY n", 1, v, err,
			"reading criteria");
	int rc = 0;

	if (!r)
		return PRIO_EIO;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct criterion c = { get_ll(r, i, 0), get_text(r, i, 1),
				       (int)get_ll(r, i, 2) };
		rc = fn(arg, &c);
	}
	PQclear(r);
	return rc;
}

static void copy_text(char *to, size_t size, PGresult *r, int row, int col)
{
	const char *v = get_text(r, row, col);
	snprintf(to, size, "%s", v ? v : "");
}

static void read_sprint(PGresult *r, int i, struct sprint *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->id = get_ll(r, i, 0);
	copy_text(sp->name, sizeof(sp->name), r, i, 1);
	copy_text(sp->start, sizeof(sp->start), r, i, 2);
	copy_text(sp->end, sizeof(sp->end), r, i, 3);
	sp->capacity = get_num(r, i, 4);
	sp->closed = !PQgetisnull(r, i, 5);
	copy_text(sp->closed_on, sizeof(sp->closed_on), r, i, 5);
	sp->done = get_num(r, i, 6);
	sp->accepted = get_num(r, i, 7);
}

/* As the embedded store's (store-sqlite.c explains it). */
#define LATE_ACCEPTED(si) \
	"(" si ".outcome = 'done' AND EXISTS (SELECT 1 FROM items i WHERE " \
	"i.id = " si ".item AND i.status = 'accepted') AND NOT EXISTS " \
	"(SELECT 1 FROM sprint_items l WHERE l.item = " si ".item AND " \
	"l.id > " si ".id AND (l.removed IS NULL OR l.outcome IS NOT NULL)))"

#define SPRINT_COLS "id, name, start, \"end\", capacity, closed_on, done, " \
	"accepted + (SELECT coalesce(sum(si.points), 0) FROM sprint_items " \
	"si WHERE si.sprint = sprints.id AND " LATE_ACCEPTED("si") ")"

static int sprints_query(struct pg *s, const char *sql, int n,
			 const char *const *v,
			 int (*fn)(void *arg, const struct sprint *sp),
			 void *arg, struct sprint *one, char *err)
{
	PGresult *r = q(s, sql, n, v, err, "reading sprints");
	int rc = 0;

	if (!r)
		return PRIO_EIO;
	if (one) {
		rc = PQntuples(r) > 0;
		if (rc)
			read_sprint(r, 0, one);
	}
	for (int i = 0; fn && i < PQntuples(r) && !rc; i++) {
		struct sprint sp;

		read_sprint(r, i, &sp);
		rc = fn(arg, &sp);
	}
	PQclear(r);
	return rc;
}

static int pg_sprint_find(struct store *base, const char *name,
			  struct sprint *sp, char *err)
{
	const char *v[1] = { name };

	return sprints_query((struct pg *)base, name ?
		"SELECT " SPRINT_COLS " FROM sprints WHERE name = $1" :
		"SELECT " SPRINT_COLS " FROM sprints WHERE closed_on IS NULL "
		"ORDER BY start LIMIT 1", name ? 1 : 0, v, NULL, NULL, sp, err);
}

static int pg_sprints(struct store *base, int only_closed,
		      int (*fn)(void *arg, const struct sprint *sp), void *arg,
		      char *err)
{
	return sprints_query((struct pg *)base, only_closed ?
		"SELECT " SPRINT_COLS " FROM sprints WHERE closed_on IS NOT "
		"NULL ORDER BY start, id" :
		"SELECT " SPRINT_COLS " FROM sprints ORDER BY start, id", 0,
		NULL, fn, arg, NULL, err);
}

static int pg_sprint_new(struct store *base, const struct sprint *sp,
			 long long *id, char *err)
{
	struct pg *s = (struct pg *)base;
	char c[32];
	const char *v[4] = { sp->name, sp->start, sp->end, num(c, sp->capacity) };
	char taken[128];
	PGresult *r;
	int rc;

	snprintf(taken, sizeof(taken), "there is already a sprint called '%s'",
		 sp->name);
	if (!(r = q_taken(s, "INSERT INTO sprints (name, start, \"end\", "
			  "capacity) VALUES ($1, $2, $3, $4) RETURNING id", 4, v,
			  taken, "adding a sprint", &rc, err)))
		return rc;
	*id = get_ll(r, 0, 0);
	PQclear(r);
	return 0;
}

static int pg_sprint_items(struct store *base, long long sprint,
			   int (*fn)(void *arg, const struct sprint_item *it),
			   void *arg, char *err)
{
	struct pg *s = (struct pg *)base;
	char b[24];
	const char *v[1] = { ll(b, sprint) };
	PGresult *r = q(s, "SELECT item, points, added, removed, CASE WHEN "
			LATE_ACCEPTED("si") " THEN 'accepted' ELSE outcome END "
			"FROM sprint_items si WHERE sprint = $1::bigint ORDER BY "
			"id", 1, v, err, "reading a sprint");
	int rc = 0;

	if (!r)
		return PRIO_EIO;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct sprint_item it = {
			get_ll(r, i, 0), get_num(r, i, 1), get_text(r, i, 2),
			get_text(r, i, 3), get_text(r, i, 4),
		};
		rc = fn(arg, &it);
	}
	PQclear(r);
	return rc;
}

static int pg_item_sprint(struct store *base, long long item, long long *sprint,
			  char *err)
{
	struct pg *s = (struct pg *)base;
	char b[24];
	const char *v[1] = { ll(b, item) };
	PGresult *r = q(s, "SELECT si.sprint FROM sprint_items si JOIN sprints "
			"sp ON sp.id = si.sprint WHERE si.item = $1::bigint AND "
			"si.removed IS NULL AND sp.closed_on IS NULL", 1, v, err,
			"reading a sprint");

	*sprint = 0;
	if (!r)
		return PRIO_EIO;
	if (PQntuples(r))
		*sprint = get_ll(r, 0, 0);
	PQclear(r);
	return 0;
}

static int pg_sprint_add(struct store *base, long long sprint, long long item,
			 double points, const char *on, char *err)
{
	struct pg *s = (struct pg *)base;
	char a[24], b[24], c[32];
	const char *v[4] = { ll(a, sprint), ll(b, item), num(c, points), on };

	return run_rc(s, "INSERT INTO sprint_items (sprint, item, points, "
		      "added) VALUES ($1::bigint, $2::bigint, $3, $4)", 4, v,
		      err, "adding to a sprint", NULL);
}

static int pg_sprint_remove(struct store *base, long long sprint,
			    long long item, const char *on, const char *outcome,
			    char *err)
{
	struct pg *s = (struct pg *)base;
	char a[24], b[24];
	const char *v[4] = { ll(a, sprint), ll(b, item), on, outcome };
	long long n = 0;
	int rc = run_rc(s, "UPDATE sprint_items SET removed = $3, outcome = $4 "
			"WHERE sprint = $1::bigint AND item = $2::bigint AND "
			"removed IS NULL", 4, v, err, "removing from a sprint",
			&n);

	return rc ? rc : n > 0;
}

static int pg_sprint_outcome(struct store *base, long long sprint,
			     long long item, const char *outcome, char *err)
{
	struct pg *s = (struct pg *)base;
	char a[24], b[24];
	const char *v[3] = { ll(a, sprint), ll(b, item), outcome };

	return run_rc(s, "UPDATE sprint_items SET outcome = $3 WHERE sprint = "
		      "$1::bigint AND item = $2::bigint AND removed IS NULL", 3,
		      v, err, "recording an outcome", NULL);
}

static int pg_sprint_close(struct store *base, long long sprint, const char *on,
			   double done, double accepted, char *err)
{
	struct pg *s = (struct pg *)base;
	char a[24], b[32], c[32];
	const char *v[4] = { ll(a, sprint), on, num(b, done), num(c, accepted) };

	return run_rc(s, "UPDATE sprints SET closed_on = $2, done = $3, "
		      "accepted = $4 WHERE id = $1::bigint", 4, v, err,
		      "closing a sprint", NULL);
}

static int pg_initiative_find(struct store *base, const char *ref,
			      struct initiative *in, char *err)
{
	struct pg *s = (struct pg *)base;
	const char *v[1] = { ref };
	PGresult *r = q(s, "SELECT id, rank, name FROM roadmap WHERE name = $1 "
			"OR id::text = $1 ORDER BY name = $1 DESC LIMIT 1", 1, v,
			err, "reading the roadmap");
	int found;

	memset(in, 0, sizeof(*in));
	if (!r)
		return PRIO_EIO;
	found = PQntuples(r) > 0;
	if (found) {
		in->id = get_ll(r, 0, 0);
		in->rank = get_ll(r, 0, 1);
		free(s->found);
		in->name = s->found = xstrdup(PQgetvalue(r, 0, 2));
	}
	PQclear(r);
	return found;
}

static long long initiative_count(struct pg *s)
{
	PGresult *r = PQexec(s->c, "SELECT count(*) FROM roadmap");
	long long n = PQresultStatus(r) == PGRES_TUPLES_OK ? get_ll(r, 0, 0) : 0;

	PQclear(r);
	return n;
}

/* An initiative's name taken: the message the embedded store gives. */
static int name_taken(struct pg *s, const char *sql, int n,
		      const char *const *v, const char *name, long long *id,
		      char *err)
{
	char taken[128];
	PGresult *r;
	int rc;

	snprintf(taken, sizeof(taken), "there is already an initiative called "
		 "'%s'", name);
	if (!(r = q_taken(s, sql, n, v, taken, "changing the roadmap", &rc,
			  err)))
		return rc;
	if (id)
		*id = get_ll(r, 0, 0);
	PQclear(r);
	return 0;
}

static int pg_initiative_add(struct store *base, const char *name,
			     const char *horizon, long long rank, long long *id,
			     char *err)
{
	struct pg *s = (struct pg *)base;
	long long n = initiative_count(s);
	char b[24];
	const char *v[3];
	int rc;

	if (rank <= 0 || rank > n + 1)
		rank = n + 1;
	v[0] = ll(b, rank);
	if ((rc = run_rc(s, "UPDATE roadmap SET rank = rank + 1 WHERE rank >= "
			 "$1::bigint", 1, v, err, "changing the roadmap", NULL)))
		return rc;
	v[0] = name;
	v[1] = horizon;
	v[2] = b;
	return name_taken(s, "INSERT INTO roadmap (name, horizon, rank) VALUES "
			  "($1, $2, $3::bigint) RETURNING id", 3, v, name, id,
			  err);
}

static int pg_initiative_set(struct store *base, long long id, const char *name,
			     const char *horizon, long long rank, char *err)
{
	struct pg *s = (struct pg *)base;
	long long n = initiative_count(s), old = 0;
	char a[24], b[24], c[24];
	const char *v[3] = { ll(a, id), NULL, NULL };
	PGresult *r = q(s, "SELECT rank FROM roadmap WHERE id = $1::bigint", 1,
			v, err, "reading the roadmap");
	int rc;

	if (!r)
		return PRIO_EIO;
	if (PQntuples(r))
		old = get_ll(r, 0, 0);
	PQclear(r);
	if (name) {
		v[1] = name;
		if ((rc = name_taken(s, "UPDATE roadmap SET name = $2 WHERE id "
				     "= $1::bigint", 2, v, name, NULL, err)))
			return rc;
	}
	if (horizon) {
		v[1] = horizon;
		if ((rc = run_rc(s, "UPDATE roadmap SET horizon = $2 WHERE id "
				 "= $1::bigint", 2, v, err,
				 "changing the roadmap", NULL)))
			return rc;
	}
	if (rank > 0 && rank != old) {
		if (rank > n)
			rank = n;
		const char *w[2] = { ll(b, old), NULL };

		v[1] = ll(c, rank);
		/* Out of the order, the others close up, then back in. */
		if ((rc = run_rc(s, "UPDATE roadmap SET rank = rank - 1 WHERE "
				 "rank > $1::bigint", 1, w, err,
				 "changing the roadmap", NULL)) ||
		    (rc = run_rc(s, "UPDATE roadmap SET rank = rank + 1 WHERE "
				 "rank >= $2::bigint AND id <> $1::bigint", 2, v,
				 err, "changing the roadmap", NULL)) ||
		    (rc = run_rc(s, "UPDATE roadmap SET rank = $2::bigint WHERE "
				 "id = $1::bigint", 2, v, err,
				 "changing the roadmap", NULL)))
			return rc;
	}
	return 0;
}

static int pg_initiative_rm(struct store *base, long long id, char *err)
{
	struct pg *s = (struct pg *)base;
	char a[24];
	const char *v[1] = { ll(a, id) };
	int rc;

	if ((rc = run_rc(s, "UPDATE roadmap SET rank = rank - 1 WHERE rank > "
			 "(SELECT rank FROM roadmap WHERE id = $1::bigint)", 1,
			 v, err, "changing the roadmap", NULL)))
		return rc;
	return run_rc(s, "DELETE FROM roadmap WHERE id = $1::bigint", 1, v, err,
		      "changing the roadmap", NULL);
}

static int pg_initiatives(struct store *base,
			  int (*fn)(void *arg, const struct initiative *in),
			  void *arg, char *err)
{
	struct pg *s = (struct pg *)base;
	PGresult *r = q(s, "SELECT r.id, r.name, r.horizon, r.rank, (SELECT "
			"count(*) FROM items WHERE initiative = r.name) FROM "
			"roadmap r ORDER BY r.rank", 0, NULL, err,
			"reading the roadmap");
	int rc = 0;

	if (!r)
		return PRIO_EIO;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct initiative in = {
			get_ll(r, i, 0), get_text(r, i, 1), get_text(r, i, 2),
			get_ll(r, i, 3), get_ll(r, i, 4),
		};
		rc = fn(arg, &in);
	}
	PQclear(r);
	return rc;
}

/* --- roles enforced by the server (prio roles apply) --------------------- */

/* A role name that can be part of a server role's: [a-z0-9_]. */
static int role_ok(const char *r)
{
	if (!*r || strlen(r) > 16)
		return 0;
	for (const char *c = r; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    *c != '_')
			return 0;
	return strcmp(r, "owner") != 0;
}

static int action_of(const struct store_rights *r, const char *name)
{
	for (size_t a = 0; a < r->nactions; a++)
		if (!strcmp(r->actions[a], name))
			return (int)a;
	return -1;
}

static int role_may(const struct store_rights *r, size_t role,
		    const char *action)
{
	int a = action_of(r, action);

	return a >= 0 && r->may[role * r->nactions + (size_t)a];
}

/* "ROLE1", "ROLE2": the server roles of the roles that may, or NULL. */
static void roles_that(struct pg *s, const struct store_rights *r,
		       const char *action, int field, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < r->nroles; i++)
		if (field >= 0 ? r->edit[i * r->nfields + (size_t)field]
			       : role_may(r, i, action))
			buf_addf(out, "%s\"prio_%s_%s\"", out->len ? ", " : "",
				 s->schema, r->roles[i]);
}

/* SQL true when session_user holds one of those roles. */
static void may_expr(struct pg *s, const struct store_rights *r,
		     const char *action, int field, struct buf *out)
{
	int n = 0;

	for (size_t i = 0; i < r->nroles; i++)
		if (field >= 0 ? r->edit[i * r->nfields + (size_t)field]
			       : role_may(r, i, action))
			buf_addf(out, "%spg_has_role(session_user, 'prio_%s_%s', "
				 "'MEMBER')", n++ ? " OR " : "", s->schema,
				 r->roles[i]);
	if (!n)
		buf_adds(out, "false");
}

/*
 * The rules grants cannot say, as a trigger: a change of status is one
 * of three actions (prio/policy.h), accepted needs every criterion
 * checked, and each custom field (a slot of doc, one column to a
 * grant) has the rights of its own action.
 */
static void rules_trigger(struct pg *s, const struct store_rights *r,
			  struct buf *sql)
{
	static const char *const status_actions[] = {
		"item.accept", "item.finish", "item.edit.status",
	};

	buf_adds(sql, "CREATE OR REPLACE FUNCTION items_rules() RETURNS "
		 "trigger LANGUAGE plpgsql AS $f$ DECLARE was text := 'new'; "
		 "act text; BEGIN IF TG_OP = 'UPDATE' THEN was := OLD.status; "
		 "END IF; IF NEW.status IS DISTINCT FROM was AND NOT (TG_OP = "
		 "'INSERT' AND NEW.status = 'proposed') THEN act := (CASE WHEN "
		 "NEW.status IN ('accepted', 'rejected') OR was IN ('accepted',"
		 " 'rejected') THEN 'item.accept' WHEN NEW.status = 'done' THEN"
		 " 'item.finish' ELSE 'item.edit.status' END);");
	for (size_t k = 0; k < 3; k++) {
		buf_addf(sql, " IF act = '%s' AND NOT (", status_actions[k]);
		may_expr(s, r, status_actions[k], -1, sql);
		buf_addf(sql, ") THEN RAISE EXCEPTION USING ERRCODE = 'PR001', "
			 "MESSAGE = format('%%s may not move item %%s from %%s "
			 "to %%s (%s, under the %s policy)', session_user, "
			 "NEW.id, was, NEW.status); END IF;", status_actions[k],
			 r->policy);
	}
	buf_adds(sql, " IF NEW.status = 'accepted' AND EXISTS (SELECT 1 FROM "
		 "criteria c WHERE c.item = NEW.id AND c.checked = 0) THEN "
		 "RAISE EXCEPTION USING ERRCODE = 'PR001', MESSAGE = "
		 "format('item %s is not accepted: some of its acceptance "
		 "criteria are open', NEW.id); END IF; END IF;");
	for (size_t f = 0; f < r->nfields; f++) {
		int slot;

		if (r->fields[f].flags & FIELD_BUILTIN ||
		    (slot = slot_of(s, r->fields[f].name)) < 0)
			continue;
		buf_addf(sql, " IF nullif(NEW.doc -> %d, 'null') IS DISTINCT "
			 "FROM (CASE WHEN TG_OP = 'UPDATE' THEN nullif(OLD.doc -> "
			 "%d, 'null') END) AND NOT (", slot, slot);
		may_expr(s, r, NULL, (int)f, sql);
		buf_addf(sql, ") THEN RAISE EXCEPTION USING ERRCODE = 'PR001', "
			 "MESSAGE = format('%%s may not change %s under the %s "
			 "policy', session_user); END IF;", r->fields[f].name,
			 r->policy);
	}
	buf_adds(sql, " RETURN NEW; END $f$;"
		 "DROP TRIGGER IF EXISTS items_rules ON items;"
		 "CREATE TRIGGER items_rules BEFORE INSERT OR UPDATE ON items "
		 "FOR EACH ROW EXECUTE FUNCTION items_rules();");
}

/* Adds "name" to a column list once. */
static void add_col(struct buf *cols, const char *name)
{
	char q[64];

	snprintf(q, sizeof(q), "\"%s\"", name);
	if (!cols->p || !strstr(cols->p, q))
		buf_addf(cols, "%s%s", cols->len ? ", " : "", q);
}

/*
 * Columns a role may write: grants by column, never by table (a table
 * grant would override every column's revoke). A new item's own
 * columns come with creating it; the custom fields are all in doc,
 * which the rules trigger checks slot by slot.
 */
static void item_columns(const struct store_rights *r, size_t role,
			 int insert, struct buf *cols)
{
	static const char *const own[] = {
		"id", "key", "title", "type", "status", "created", "updated",
	};

	buf_reset(cols);
	for (size_t i = insert ? 0 : 6; i < ARRAY_SIZE(own); i++)
		add_col(cols, own[i]);
	for (size_t f = 0; f < r->nfields; f++) {
		const struct field *fd = &r->fields[f];

		/* An item keeps its id: it is what the log and links know. */
		if (r->edit[role * r->nfields + f] &&
		    (insert || strcmp(fd->name, "id")))
			add_col(cols, fd->flags & FIELD_BUILTIN ? fd->name
								 : "doc");
	}
	if (!insert && (role_may(r, role, "item.edit.status") ||
			role_may(r, role, "item.finish") ||
			role_may(r, role, "item.accept"))) {
		add_col(cols, "status");
		add_col(cols, "done_on");
		add_col(cols, "accepted_on");
		add_col(cols, "reject_reason");
	}
	if (role_may(r, role, "backlog.order")) {
		add_col(cols, "position");
		add_col(cols, "pin");
	}
	if (!insert && role_may(r, role, "roadmap.edit")) {
		add_col(cols, "initiative");
		add_col(cols, "initiative_rank");
	}
	if (!insert && role_may(r, role, "item.delete"))
		add_col(cols, "parent");
}

static const char *const tables[] = {
	"items", "fields", "meta", "generation", "cache", "log", "criteria",
	"sprints", "sprint_items", "roadmap",
};

static int pg_apply_rights(struct store *base, const struct store_rights *r,
			   struct buf *report, char *err)
{
	struct pg *s = (struct pg *)base;
	struct buf sql = {0}, cols = {0}, who = {0};
	const char *S = s->schema;
	PGresult *res;
	int rc = 0;

	for (size_t i = 0; i < r->nroles; i++)
		if (!role_ok(r->roles[i]))
			return errf(err, PRIO_EINVAL, "role '%s': a server role "
				    "is named prio_%s_ROLE, and ROLE must be "
				    "lower-case letters, digits and _ (at most 16)",
				    r->roles[i], S);
	buf_addf(&sql, "BEGIN; SET LOCAL search_path = \"%s\";"
		 "SELECT pg_advisory_xact_lock(hashtext('%s'));", S, S);
	/* The owner: no one logs in as it; the tables answer to it. */
	buf_addf(&sql, "DO $d$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles "
		 "WHERE rolname = 'prio_%s_owner') THEN CREATE ROLE "
		 "\"prio_%s_owner\" NOLOGIN; END IF; END $d$;"
		 "GRANT \"prio_%s_owner\" TO CURRENT_USER;"
		 "ALTER SCHEMA \"%s\" OWNER TO \"prio_%s_owner\";", S, S, S, S,
		 S);
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
		buf_addf(&sql, "ALTER TABLE %s OWNER TO \"prio_%s_owner\";",
			 tables[t], S);
	rules_trigger(s, r, &sql);
	buf_addf(&sql, "ALTER FUNCTION items_rules() SET search_path = \"%s\", "
		 "pg_catalog, pg_temp;", S);
	buf_addf(&sql, "ALTER FUNCTION doc_put(jsonb, integer[], jsonb) OWNER TO "
		 "\"prio_%s_owner\"; ALTER FUNCTION gen_bump() OWNER TO "
		 "\"prio_%s_owner\"; ALTER FUNCTION log_user() OWNER TO "
		 "\"prio_%s_owner\"; ALTER FUNCTION items_rules() OWNER TO "
		 "\"prio_%s_owner\"; ALTER FUNCTION audit_sql() OWNER TO "
		 "\"prio_%s_owner\"; ALTER FUNCTION meta_rules() OWNER TO "
		 "\"prio_%s_owner\";", S, S, S, S, S, S);
	buf_addf(&sql, "REVOKE ALL ON SCHEMA \"%s\" FROM PUBLIC;"
		 "REVOKE ALL ON ALL TABLES IN SCHEMA \"%s\" FROM PUBLIC;"
		 "REVOKE ALL ON ALL SEQUENCES IN SCHEMA \"%s\" FROM PUBLIC;"
		 "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA \"%s\" FROM PUBLIC;",
		 S, S, S, S);
	for (size_t i = 0; i < r->nroles; i++) {
		const char *R = r->roles[i];

		buf_addf(&sql, "DO $d$ BEGIN IF NOT EXISTS (SELECT 1 FROM "
			 "pg_roles WHERE rolname = 'prio_%s_%s') THEN CREATE "
			 "ROLE \"prio_%s_%s\" NOLOGIN; END IF; END $d$;", S, R,
			 S, R);
		buf_addf(&who, "\"prio_%s_%s\"", S, R);
		buf_addf(&sql, "REVOKE ALL ON ALL TABLES IN SCHEMA \"%s\" FROM "
			 "%s; GRANT USAGE ON SCHEMA \"%s\" TO %s;"
			 "GRANT SELECT ON ALL TABLES IN SCHEMA \"%s\" TO %s;"
			 "GRANT USAGE ON ALL SEQUENCES IN SCHEMA \"%s\" TO %s;"
			 "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA \"%s\" TO %s;"
			 "GRANT INSERT ON log, fields TO %s;"
			 "GRANT INSERT, UPDATE, DELETE ON cache TO %s;", S, who.p,
			 S, who.p, S, who.p, S, who.p, S, who.p, who.p, who.p);
		if (role_may(r, i, "item.create") ||
		    role_may(r, i, "item.propose") || role_may(r, i, "import")) {
			item_columns(r, i, 1, &cols);
			buf_addf(&sql, "GRANT INSERT (%s) ON items TO %s;", cols.p,
				 who.p);
		}
		item_columns(r, i, 0, &cols);
		buf_addf(&sql, "GRANT UPDATE (%s) ON items TO %s;", cols.p, who.p);
		if (role_may(r, i, "item.delete"))
			buf_addf(&sql, "GRANT DELETE ON items, criteria TO %s;"
				 "GRANT UPDATE (value) ON meta TO %s;", who.p,
				 who.p);
		if (role_may(r, i, "item.edit.story"))
			buf_addf(&sql, "GRANT INSERT, UPDATE, DELETE ON criteria "
				 "TO %s;", who.p);
		if (role_may(r, i, "sprint.plan") || role_may(r, i, "import"))
			buf_addf(&sql, "GRANT INSERT, UPDATE ON sprints, "
				 "sprint_items TO %s;", who.p);
		if (role_may(r, i, "roadmap.edit"))
			buf_addf(&sql, "GRANT INSERT, UPDATE, DELETE ON roadmap "
				 "TO %s;", who.p);
		if (role_may(r, i, "vision.edit"))
			buf_addf(&sql, "GRANT INSERT, UPDATE, DELETE ON meta TO "
				 "%s;", who.p);
		buf_addf(report, "  prio_%s_%s: %s\n", S, R, cols.p);
		buf_reset(&who);
	}
	/* Row security, forced: even the tables' owner is held to it. */
	buf_adds(&sql, "ALTER TABLE items ENABLE ROW LEVEL SECURITY;"
		 "ALTER TABLE items FORCE ROW LEVEL SECURITY;"
		 "ALTER TABLE meta ENABLE ROW LEVEL SECURITY;"
		 "ALTER TABLE meta FORCE ROW LEVEL SECURITY;"
		 "ALTER TABLE cache ENABLE ROW LEVEL SECURITY;"
		 "ALTER TABLE cache FORCE ROW LEVEL SECURITY;"
		 "DROP POLICY IF EXISTS cache_own ON cache;"
		 "CREATE POLICY cache_own ON cache USING (owner = session_user) "
		 "WITH CHECK (owner = session_user);"
		 "DROP POLICY IF EXISTS items_read ON items;"
		 "DROP POLICY IF EXISTS items_create ON items;"
		 "DROP POLICY IF EXISTS items_propose ON items;"
		 "DROP POLICY IF EXISTS items_update ON items;"
		 "DROP POLICY IF EXISTS items_delete ON items;"
		 "DROP POLICY IF EXISTS meta_read ON meta;"
		 "DROP POLICY IF EXISTS meta_vision ON meta;"
		 "DROP POLICY IF EXISTS meta_removed ON meta;"
		 "CREATE POLICY items_read ON items FOR SELECT USING (true);"
		 "CREATE POLICY items_update ON items FOR UPDATE USING (true);"
		 "CREATE POLICY meta_read ON meta FOR SELECT USING (true);");
	roles_that(s, r, "item.create", -1, &who);
	if (!who.len)
		roles_that(s, r, "import", -1, &who);
	if (who.len)
		buf_addf(&sql, "CREATE POLICY items_create ON items FOR INSERT "
			 "TO %s WITH CHECK (true);", who.p);
	roles_that(s, r, "item.propose", -1, &who);
	if (who.len)
		buf_addf(&sql, "CREATE POLICY items_propose ON items FOR INSERT "
			 "TO %s WITH CHECK (status = 'proposed');", who.p);
	roles_that(s, r, "item.delete", -1, &who);
	if (who.len)
		buf_addf(&sql, "CREATE POLICY items_delete ON items FOR DELETE "
			 "TO %s USING (true); CREATE POLICY meta_removed ON meta "
			 "FOR UPDATE TO %s USING (key = 'removed_id') WITH CHECK "
			 "(key = 'removed_id');", who.p, who.p);
	roles_that(s, r, "vision.edit", -1, &who);
	if (who.len)
		buf_addf(&sql, "CREATE POLICY meta_vision ON meta FOR ALL TO %s "
			 "USING (key = 'vision') WITH CHECK (key = 'vision');",
			 who.p);
	/* [users]: each person their roles, where the server knows them. */
	for (const char *const *m = r->members; m && m[0] && m[1]; m += 2) {
		char *lit = PQescapeLiteral(s->c, m[0], strlen(m[0]));
		char *id = PQescapeIdentifier(s->c, m[0], strlen(m[0]));

		if (lit && id && role_ok(m[1]))
			buf_addf(&sql, "DO $d$ BEGIN IF EXISTS (SELECT 1 FROM "
				 "pg_roles WHERE rolname = %s) THEN GRANT "
				 "\"prio_%s_%s\" TO %s; END IF; END $d$;", lit, S,
				 m[1], id);
		PQfreemem(lit);
		PQfreemem(id);
	}
	buf_adds(&sql, "COMMIT;");
	if (getenv("PRIO_DEBUG_SQL"))
		fprintf(stderr, "%s\n", sql.p);
	res = PQexec(s->c, sql.p);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = res_err(s, res, err, "applying the roles");
		PQclear(PQexec(s->c, "ROLLBACK"));
	} else {
		PQclear(res);
	}
	buf_release(&sql);
	buf_release(&cols);
	buf_release(&who);
	return rc;
}

/* --- telling watchers -------------------------------------------------- */

static int pg_wait(struct store *base, int ms, char *err)
{
	struct pg *s = (struct pg *)base;
	struct pollfd fd = { PQsocket(s->c), POLLIN, 0 };
	PGnotify *n;
	int got = 0;

	if (!s->listening) {
		char *sql = xstrfmt("LISTEN \"%s\"", s->schema);
		int rc = run_rc(s, sql, 0, NULL, err, "listening", NULL);

		free(sql);
		if (rc)
			return rc;
		s->listening = 1;
	}
	if (poll(&fd, 1, ms) < 0 && errno != EINTR)
		return errf(err, PRIO_EIO, "%s: waiting: %s", s->schema,
			    strerror(errno));
	if (!PQconsumeInput(s->c))
		return errf(err, PRIO_EIO, "%s: the server went away: %s",
			    s->schema, PQerrorMessage(s->c));
	while ((n = PQnotifies(s->c))) {
		got = 1;
		PQfreemem(n);
	}
	return got;
}

const struct store_ops store_pg = {
	.name = "postgresql",
	.open = pg_open,
	.who = pg_who,
	.apply_rights = pg_apply_rights,
	.wait = pg_wait,
	.log_put = pg_log_put,
	.next_id = pg_next_id,
	.bulk = pg_bulk,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.in_transaction = pg_in_transaction,
	.rollback = pg_rollback,
	.generation = pg_generation,
	.cache_get = pg_cache_get,
	.cache_put = pg_cache_put,
	.sync_fields = pg_sync_fields,
	.load = pg_load,
	.fill = pg_fill,
	.lookup = pg_lookup,
	.lookup_key = pg_lookup_key,
	.write = pg_write,
	.delete = pg_delete,
	.children = pg_children,
	.count = pg_count,
	.log = pg_log,
	.log_select = pg_log_select,
	.item_read = pg_item_read,
	.item_json = pg_item_json,
	.meta_get = pg_meta_get,
	.meta_set = pg_meta_set,
	.criterion_add = pg_criterion_add,
	.criterion_check = pg_criterion_check,
	.criterion_edit = pg_criterion_edit,
	.criterion_rm = pg_criterion_rm,
	.criterion_put = pg_criterion_put,
	.criteria = pg_criteria,
	.sprint_find = pg_sprint_find,
	.sprint_new = pg_sprint_new,
	.sprints = pg_sprints,
	.sprint_items = pg_sprint_items,
	.item_sprint = pg_item_sprint,
	.sprint_add = pg_sprint_add,
	.sprint_remove = pg_sprint_remove,
	.sprint_outcome = pg_sprint_outcome,
	.sprint_close = pg_sprint_close,
	.initiative_find = pg_initiative_find,
	.initiative_add = pg_initiative_add,
	.initiative_set = pg_initiative_set,
	.initiative_rm = pg_initiative_rm,
	.initiatives = pg_initiatives,
};
