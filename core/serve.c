/*
 * serve.c - the board's HTTP server on libmicrohttpd (serve.h).
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "agile.h"
#include "charts.h"
#include "date.h"
#include "edit.h"
#include "explain.h"
#include "filter.h"
#include "history.h"
#include "sprints.h"
#include "undo.h"

/* The page's files, read once from share/prio/ at start. */
static const struct {
	const char *path, *file, *type;
} files[] = {
	{ "/", "board.html", "text/html; charset=utf-8" },
	{ "/board.js", "board.js", "text/javascript; charset=utf-8" },
	{ "/board.css", "board.css", "text/css; charset=utf-8" },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

struct serve {
	struct MHD_Daemon *d;
	struct prio *p;
	pthread_mutex_t lock;	/* p and its store, generation, stopping */
	pthread_cond_t changed;	/* generation moved, or stopping */
	pthread_t poller;
	long long generation;
	int stopping;
	unsigned port;
	char token[65];		/* in the URL, then the cookie */
	char csrf[65];		/* in X-CSRF-Token on every write */
	char *tmp;		/* a private folder for the views written */
	char *page[NFILES];
	size_t page_len[NFILES];
};

/* A request as its body arrives. */
struct req {
	struct buf body;
	int too_big;
};

/* 32 random bytes as 64 hex digits. */
static int random_hex(char out[65], char *err)
{
	unsigned char b[32];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errf(err, PRIO_EIO, "getrandom: %s",
				    strerror(errno));
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(b); i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	return 0;
}

/* Compares secrets in time that does not depend on where they differ. */
static int same_secret(const char *given, const char *secret)
{
	size_t n = strlen(secret);
	unsigned char d = 0;

	if (!given || strlen(given) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(given[i] ^ secret[i]);
	return !d;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     const char *type, const void *data, size_t len,
			     const char *cookie)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, (void *)data, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	/* The page's own files, nothing from elsewhere, nothing inline. */
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; "
				"frame-ancestors 'none'; form-action 'none'");
	if (cookie)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

/* {"error": MESSAGE} with that status. */
static enum MHD_Result reply_error(struct MHD_Connection *c, unsigned status,
				   const char *msg)
{
	struct buf b = {0};
	enum MHD_Result ok;

	buf_adds(&b, "{\"error\": ");
	buf_addjson(&b, msg, strlen(msg));
	buf_adds(&b, "}\n");
	ok = reply(c, status, "application/json", b.p, b.len, NULL);
	buf_release(&b);
	return ok;
}

static enum MHD_Result reply_json(struct MHD_Connection *c, struct buf *b)
{
	return reply(c, MHD_HTTP_OK, "application/json", b->p ? b->p : "",
		     b->len, NULL);
}

/* The HTTP status of a PRIO_E* code. */
static unsigned http_status(int rc)
{
	switch (rc) {
	case PRIO_EDENIED:
		return MHD_HTTP_FORBIDDEN;
	case PRIO_EINVAL:
		return MHD_HTTP_UNPROCESSABLE_CONTENT;
	case PRIO_ELIMIT:
		return MHD_HTTP_CONTENT_TOO_LARGE;
	default:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
}

/* ---- reading ---------------------------------------------------------- */

/*
 * Splits q into the terms of a filter at blanks, as a shell would for
 * prio list; a term that starts with '/' runs to the next '/', blanks
 * and all (/guest checkout/). terms has room for strlen(q) / 2 + 1.
 */
static size_t split_terms(char *q, char **terms)
{
	size_t n = 0;

	while (*(q += strspn(q, " \t\r\n"))) {
		char *close = *q == '/' ? strchr(q + 1, '/') : NULL;

		terms[n++] = q;
		q = close ? close + 1 : q;
		q += strcspn(q, " \t\r\n");
		if (*q)
			*q++ = '\0';
	}
	return n;
}

/*
 * GET /api/items?q=FILTER&all=1&limit=N&method=NAME: what `prio rank
 * --format json [--all] [--limit N] [--method NAME] FILTER...` prints
 * (prio list without method), through the same ranking and the json
 * format.
 */
static int items_json(struct serve *sv, const char *q, int all, size_t limit,
		      const char *method, struct buf *out, unsigned *status,
		      char *err)
{
	struct prio *p = sv->p;
	struct output_opts o = { .format = "json", .all = all,
				 .limit = limit };
	char *text = xstrdup(q ? q : ""), *file, *data;
	char **terms = xcalloc(strlen(text) / 2 + 2, sizeof(*terms));
	struct filter f = {0};
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct table t;
	size_t nterms = 0, len;
	int rc;

	table_init(&t);
	nterms = split_terms(text, terms);
	if (nterms) {
		if ((rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
			*status = MHD_HTTP_BAD_REQUEST;
			goto out;
		}
		o.filter = &f;
		if (filter_reads(&f, "status"))
			o.all = 1;
	}
	file = xstrfmt("%s/items.json", sv->tmp);
	o.file = file;
	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	if (!(rc = method_open(p, method, &v, &m, err)) &&
	    !(rc = ranked_workspace(p, &m, &v, &t, &r, &o, err)) &&
	    !(rc = output_ranked(p, &t, &r, &m, &o, err))) {
		if ((data = file_read(file, &len, err))) {
			buf_add(out, data, len);
			free(data);
		} else {
			rc = PRIO_EIO;
		}
	}
	unlink(file);
	free(file);
	if (rc)
		*status = http_status(rc);
out:
	filter_release(&f);
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	free(terms);
	free(text);
	return rc;
}

/*
 * GET /api/session: who is acting, the CSRF token, the generation, and
 * each field: may this person change it, and if not, the policy's
 * reason (the page shows it read-only, the reason on hover).
 */
static int session_json(struct serve *sv, struct buf *b, char *err)
{
	static const char *const acts[] = { "backlog.order", "item.accept",
					    "sprint.plan" };
	struct prio *p = sv->p;
	int rc;

	if ((rc = policy_load(p, err)))
		return rc;
	buf_adds(b, "{\"user\": ");
	buf_addjson(b, p->user ? p->user : "", p->user ? strlen(p->user) : 0);
	buf_adds(b, ", \"roles\": [");
	for (size_t i = 0; i < p->nroles; i++) {
		buf_adds(b, i ? ", " : "");
		buf_addjson(b, p->roles[i], strlen(p->roles[i]));
	}
	buf_addf(b, "], \"csrf\": \"%s\", \"generation\": %lld, \"fields\": [",
		 sv->csrf, sv->generation);
	for (size_t i = 0; i < p->schema.n; i++) {
		const struct field *f = &p->schema.v[i];
		char why[PRIO_ERR_MAX] = "";
		int may = !(f->flags & FIELD_READONLY);

		if (!may)
			snprintf(why, sizeof(why), "%s is set by prio, not by "
				 "hand", f->name);
		else if (f->action && allowed(p, f->action, f->name, why))
			may = 0;
		buf_adds(b, i ? ",\n  " : "\n  ");
		buf_adds(b, "{\"name\": ");
		buf_addjson(b, f->name, strlen(f->name));
		buf_addf(b, ", \"may\": %s", may ? "true" : "false");
		if (!may) {
			buf_adds(b, ", \"why\": ");
			buf_addjson(b, why, strlen(why));
		}
		buf_adds(b, "}");
	}
	/* The rights the page's buttons need. */
	buf_adds(b, "],\n \"may\": {");
	for (size_t i = 0; i < ARRAY_SIZE(acts); i++) {
		char why[PRIO_ERR_MAX];

		buf_addf(b, "%s\"%s\": %s", i ? ", " : "", acts[i],
			 allowed(p, acts[i], NULL, why) ? "false" : "true");
	}
	buf_adds(b, "}}\n");
	return 0;
}

/*
 * GET /api/sprint?name=NAME: prio sprint show [NAME] --format json;
 * /api/velocity: prio velocity --format json; /api/burndown?sprint=NAME
 * or ?release=1: prio burndown [--sprint NAME | --release] --format json.
 */
static int report(struct serve *sv, struct MHD_Connection *c,
		  const char *what, struct buf *out, unsigned *status,
		  char *err)
{
	const char *name = MHD_lookup_connection_value(
		c, MHD_GET_ARGUMENT_KIND, !strcmp(what, "sprint") ? "name"
								 : "sprint");
	const char *release = MHD_lookup_connection_value(
		c, MHD_GET_ARGUMENT_KIND, "release");
	struct chart ch;
	char today[11];
	long day;
	int rc;

	if ((rc = date_today(&day, err))) {
		*status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		return rc;
	}
	date_format(day, today);
	chart_setup(&ch, 1);
	if (!strcmp(what, "sprint"))
		rc = sprints_show(sv->p, name, 1, 0, today, out, err);
	else if (!strcmp(what, "velocity"))
		rc = charts_velocity(sv->p, day, 1, 1, out, err);
	else if (release && strcmp(release, "1")) {
		*status = MHD_HTTP_BAD_REQUEST;
		return errf(err, PRIO_EINVAL, "release=1 or none");
	} else if (release && name) {
		*status = MHD_HTTP_BAD_REQUEST;
		return errf(err, PRIO_EINVAL, "sprint=NAME or release=1, not "
			    "both");
	} else if (release)
		rc = charts_release(sv->p, day, 1, &ch, out, err);
	else
		rc = charts_burndown(sv->p, name, day, 1, &ch, out, err);
	if (rc)
		*status = http_status(rc);
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

/*
 * A write's body: one JSON object whose values are strings, numbers,
 * booleans or null, and nothing after it. val NULL is null; str says a
 * string.
 */
struct body {
	struct field_value {
		char *key, *val;
		int str;
	} *v;
	size_t n;
};

static void body_release(struct body *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].key);
		free(b->v[i].val);
	}
	free(b->v);
}

static const struct field_value *body_get(const struct body *b,
					  const char *key)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].key, key))
			return &b->v[i];
	return NULL;
}

static int body_parse(const char *data, size_t len, struct body *b,
		      char *err)
{
	json_error_t je;
	json_t *root = json_loadb(data ? data : "", len,
				  JSON_REJECT_DUPLICATES, &je), *v;
	const char *k;
	int rc = 0;

	memset(b, 0, sizeof(*b));
	if (!root)
		return errf(err, PRIO_EINVAL, "the body is not a JSON object "
			    "of fields and values: %s (byte %d)", je.text,
			    je.position);
	if (!json_is_object(root)) {
		json_decref(root);
		return errf(err, PRIO_EINVAL, "the body is not a JSON object "
			    "of fields and values");
	}
	b->v = xcalloc(json_object_size(root) + 1, sizeof(*b->v));
	json_object_foreach(root, k, v) {
		struct field_value *f = &b->v[b->n];
		char num[32];

		/* (jansson refuses a string with a NUL in it.) */
		if (json_is_string(v))
			f->val = xstrdup(json_string_value(v)), f->str = 1;
		else if (json_is_integer(v))
			f->val = xstrfmt("%" JSON_INTEGER_FORMAT,
					 json_integer_value(v));
		else if (json_is_real(v))
			num_format(json_real_value(v), num, sizeof(num)),
				f->val = xstrdup(num);
		else if (json_is_boolean(v))
			f->val = xstrdup(json_is_true(v) ? "true" : "false");
		else if (!json_is_null(v)) {
			rc = errf(err, PRIO_EINVAL, "%s: expected a string, a "
				  "number, a boolean or null", k);
			break;
		}
		f->key = xstrdup(k);
		b->n++;
	}
	json_decref(root);
	if (rc)
		body_release(b);
	return rc;
}

/* The item REF names (an id or a key): 0, or 404 with the reason. */
static int find(struct serve *sv, const char *ref, size_t len, long long *id,
		unsigned *status, char *err)
{
	int rc = store_lookup(sv->p->store, ref, len, id, err);

	if (rc < 0) {
		*status = MHD_HTTP_NOT_FOUND;
		return rc;
	}
	if (!rc) {
		*status = MHD_HTTP_NOT_FOUND;
		return errf(err, PRIO_EINVAL, "no item '%.*s'", (int)len, ref);
	}
	return 0;
}

/*
 * GET /api/items/REF/log: prio log REF --format json (a removed item's
 * too); /explain: prio explain REF --format json; /criteria: prio
 * criteria list REF --format json.
 */
static int item_read(struct serve *sv, const char *path, struct buf *out,
		     unsigned *status, char *err)
{
	const char *slash = strchr(path, '/');
	char *ref = xstrndup(path, slash ? (size_t)(slash - path)
					 : strlen(path));
	long long id;
	int rc;

	*status = MHD_HTTP_NOT_FOUND;
	if (slash && !strcmp(slash, "/log")) {
		if (!(rc = history_item(sv->p, ref, &id, err)) &&
		    (rc = history_show(sv->p, id, 1, out, err)))
			*status = http_status(rc);
	} else if (slash && !strcmp(slash, "/criteria")) {
		if (!(rc = find(sv, ref, strlen(ref), &id, status, err)) &&
		    (rc = criteria_json(sv->p, id, out, err)))
			*status = http_status(rc);
	} else if (slash && !strcmp(slash, "/explain")) {
		if (!(rc = find(sv, ref, strlen(ref), &id, status, err)) &&
		    (rc = explain_write(sv->p, NULL, id, NULL, 1, out, err)))
			*status = http_status(rc);
	} else {
		rc = errf(err, PRIO_EINVAL, "no such GET request: /api/items/%s"
			  " (REF/log, REF/explain, REF/criteria)", path);
	}
	free(ref);
	return rc;
}

/* POST /api/items/REF {"FIELD": "VALUE" | number | null, ...}: prio set. */
static int write_fields(struct serve *sv, long long id, const struct body *o,
			unsigned *status, char *err)
{
	struct prio *p = sv->p;
	char **args = xcalloc(o->n + 1, sizeof(*args));
	int *cols = xmalloc((o->n + 1) * sizeof(int)), usage, changed, rc;
	size_t ncols = 0;
	struct table t;

	for (size_t i = 0; i < o->n; i++)
		args[i] = xstrfmt("%s=%s", o->v[i].key,
				  o->v[i].val ? o->v[i].val : "");
	table_for_schema(&t, &p->schema);
	table_add_row(&t, 0);
	if (!o->n) {
		*status = MHD_HTTP_BAD_REQUEST;
		rc = errf(err, PRIO_EINVAL, "no field to change");
	} else if ((rc = edit_assign(p, &t, args, (int)o->n, cols, &ncols,
				     &usage, err))) {
		*status = usage ? MHD_HTTP_BAD_REQUEST
				: MHD_HTTP_UNPROCESSABLE_CONTENT;
	} else if ((rc = edit_set(p, id, &t, cols, ncols, &changed, err))) {
		*status = http_status(rc);
	}
	for (size_t i = 0; i < o->n; i++)
		free(args[i]);
	free(args);
	free(cols);
	table_release(&t);
	return rc;
}

/*
 * POST /api/items/REF/ACTION with its JSON body: the write, in one
 * transaction, through the commands' own functions. 0 and a JSON answer
 * in out, or an error and *status.
 */
static int write_item(struct serve *sv, const char *ref, size_t len,
		      const char *action, const struct body *o, struct buf *out,
		      unsigned *status, char *err)
{
	const struct field_value *x;
	long long id;
	double rank;
	char *end;
	int rc;

	if ((rc = find(sv, ref, len, &id, status, err)))
		return rc;
	if (!*action) {
		rc = write_fields(sv, id, o, status, err);
	} else if (!strcmp(action, "/pin")) {
		/* {"rank": N}: pinned there; {"rank": null}: unpinned. */
		if (!(x = body_get(o, "rank")) || o->n != 1 || x->str) {
			*status = MHD_HTTP_BAD_REQUEST;
			return errf(err, PRIO_EINVAL, "pin: expected "
				    "{\"rank\": N} or {\"rank\": null}");
		}
		if (!x->val) {
			rank = NAN;
		} else {
			rank = strtod(x->val, &end);
			if (*end || rank < 1 || rank != floor(rank) || rank > 1e9) {
				*status = MHD_HTTP_BAD_REQUEST;
				return errf(err, PRIO_EINVAL, "pin: rank '%s': "
					    "expected a whole number from 1",
					    x->val);
			}
		}
		if ((rc = edit_pin(sv->p, id, &rank, x->val ? "pin" : "unpin",
				   err)))
			*status = http_status(rc);
	} else if (!strcmp(action, "/accept") || !strcmp(action, "/reject")) {
		const char *reason = NULL;

		if (action[1] == 'r') {
			x = body_get(o, "reason");
			if (!x || !x->str || !x->val || !*x->val || o->n != 1) {
				*status = MHD_HTTP_BAD_REQUEST;
				return errf(err, PRIO_EINVAL, "reject: say why "
					    "with {\"reason\": TEXT}");
			}
			reason = x->val;
		} else if (o->n) {
			*status = MHD_HTTP_BAD_REQUEST;
			return errf(err, PRIO_EINVAL, "accept: expected {}");
		}
		if ((rc = edit_review(sv->p, id, reason, err)))
			*status = http_status(rc);
	} else if (!strcmp(action, "/move")) {
		/* {"before": REF}, {"top": true} or {"bottom": true}. */
		const struct field_value *b = body_get(o, "before"),
			*t = body_get(o, "top"), *u = body_get(o, "bottom");
		long long other = 0;
		size_t to;

		if (o->n != 1 || (b && (!b->val || !b->str)) ||
		    (t && (!t->val || strcmp(t->val, "true"))) ||
		    (u && (!u->val || strcmp(u->val, "true")))) {
			*status = MHD_HTTP_BAD_REQUEST;
			return errf(err, PRIO_EINVAL, "move: expected {\"before"
				    "\": REF}, {\"top\": true} or {\"bottom"
				    "\": true}");
		}
		if (b && (rc = find(sv, b->val, strlen(b->val), &other, status,
				    err)))
			return rc;
		rc = edit_move(sv->p, id, other, u != NULL, &to, err);
		if (rc == EDIT_UNCHANGED || !rc) {
			buf_addf(out, "{\"ok\": true, \"id\": %lld, \"position\""
				 ": %zu, \"changed\": %s}\n", id, to,
				 rc ? "false" : "true");
			return 0;
		}
		*status = http_status(rc);
	} else if (!strcmp(action, "/sprint-add") ||
		   !strcmp(action, "/sprint-rm")) {
		/* {} or {"force": true}: over the capacity knowingly. */
		struct sprint_move mv;
		char today[11], num[24];
		long day;
		int add = action[8] == 'a';

		x = body_get(o, "force");
		if (o->n > (x != NULL) || (x && (!add || x->str || !x->val ||
				(strcmp(x->val, "true") &&
				 strcmp(x->val, "false"))))) {
			*status = MHD_HTTP_BAD_REQUEST;
			return errf(err, PRIO_EINVAL, "%s: expected {}%s",
				    action + 1, add ? " or {\"force\": true}"
						    : "");
		}
		if ((rc = date_today(&day, err))) {
			*status = MHD_HTTP_INTERNAL_SERVER_ERROR;
			return rc;
		}
		date_format(day, today);
		snprintf(num, sizeof(num), "%lld", id);
		if ((rc = sprints_change(sv->p, num, add, x &&
					 !strcmp(x->val, "true"), today, &mv,
					 err)))
			*status = http_status(rc);
	} else {
		*status = MHD_HTTP_NOT_FOUND;
		return errf(err, PRIO_EINVAL, "no such action '%s'", action + 1);
	}
	if (!rc)
		buf_addf(out, "{\"ok\": true, \"id\": %lld}\n", id);
	return rc;
}

/*
 * POST /api/undo {} or {"entry": N}: prio undo [ENTRY], the same
 * checks, in one transaction.
 */
static int write_undo(struct serve *sv, const struct body *o, struct buf *out,
		      unsigned *status, char *err)
{
	const struct field_value *x = body_get(o, "entry");
	struct buf what = {0};
	long long number;
	char *end;
	size_t n;
	int rc;

	if (o->n > (x != NULL) || (x && (!x->val || x->str ||
					 strtoll(x->val, &end, 10) < 1 || *end))) {
		*status = MHD_HTTP_BAD_REQUEST;
		return errf(err, PRIO_EINVAL, "undo: expected {} or {\"entry\": "
			    "N}, N a log entry (prio log)");
	}
	if ((rc = undo_change(sv->p, x ? x->val : NULL, 0, &what, &number, &n,
			      err))) {
		*status = http_status(rc);
		buf_release(&what);
		return rc;
	}
	buf_addf(out, "{\"ok\": true, \"change\": %lld, \"message\": ", number);
	buf_addf(&what, "undid change %lld (%zu entr%s)", number, n,
		 n == 1 ? "y" : "ies");
	buf_addjson(out, what.p, what.len);
	buf_adds(out, "}\n");
	buf_release(&what);
	return 0;
}

/* ---- events ----------------------------------------------------------- */

struct stream {
	struct serve *sv;
	long long seen;
	char line[64];		/* the event being sent */
	size_t len, off;	/* its length, and how much is sent */
};

/*
 * The event stream: the generation each time it changes (at once on
 * connecting), and a comment every 15 s so that a closed tab is noticed.
 * An event MHD has no room for whole goes out over several calls.
 */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	struct serve *sv = s->sv;
	struct timespec until;
	size_t n;

	(void)pos;
	if (s->off == s->len) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 15;
		pthread_mutex_lock(&sv->lock);
		while (!sv->stopping && sv->generation == s->seen &&
		       !pthread_cond_timedwait(&sv->changed, &sv->lock, &until))
			;
		if (sv->stopping) {
			pthread_mutex_unlock(&sv->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (sv->generation == s->seen) {
			s->len = (size_t)snprintf(s->line, sizeof(s->line),
						  ": still here\n\n");
		} else {
			s->seen = sv->generation;
			s->len = (size_t)snprintf(s->line, sizeof(s->line),
						  "data: %lld\n\n", s->seen);
		}
		pthread_mutex_unlock(&sv->lock);
		s->off = 0;
	}
	n = s->len - s->off < max ? s->len - s->off : max;
	memcpy(buf, s->line + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static enum MHD_Result events(struct serve *sv, struct MHD_Connection *c)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	struct MHD_Response *r;
	enum MHD_Result ok;

	s->sv = sv;
	s->seen = -1;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024,
					      stream_read, s, free);
	if (!r) {
		free(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok;
}

/* Reads the store's generation until the server stops. */
static void *poll_generation(void *arg)
{
	struct serve *sv = arg;
	const struct timespec nap = { 0, SERVE_POLL_MS * 1000000L };
	char err[PRIO_ERR_MAX];

	for (;;) {
		long long g;

		pthread_mutex_lock(&sv->lock);
		if (sv->stopping) {
			pthread_mutex_unlock(&sv->lock);
			return NULL;
		}
		g = store_generation(sv->p->store, err);
		if (g >= 0 && g != sv->generation) {
			sv->generation = g;
			pthread_cond_broadcast(&sv->changed);
		}
		pthread_mutex_unlock(&sv->lock);
		nanosleep(&nap, NULL);
	}
}

/* ---- the request ------------------------------------------------------ */

/* Is the Host header this server (not a name rebound to 127.0.0.1)? */
static int host_ok(struct serve *sv, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    "Host");
	char a[64], b[64];

	if (!h)
		return 0;
	snprintf(a, sizeof(a), "127.0.0.1:%u", sv->port);
	snprintf(b, sizeof(b), "localhost:%u", sv->port);
	return !strcmp(h, a) || !strcmp(h, b);
}

static enum MHD_Result handle(struct serve *sv, struct MHD_Connection *c,
			      const char *url, const char *method,
			      struct req *rq)
{
	const char *tok = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
						      "token");
	const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
							 "prio_token");
	int get = !strcmp(method, "GET"), post = !strcmp(method, "POST");
	char err[PRIO_ERR_MAX];
	unsigned status = MHD_HTTP_OK;
	struct buf out = {0};
	enum MHD_Result ok;
	int rc = 0;

	if (!host_ok(sv, c))
		return reply_error(c, MHD_HTTP_MISDIRECTED_REQUEST, "this "
				   "server answers to 127.0.0.1 and localhost "
				   "only");
	if (url[0] != '/' || strstr(url, ".."))
		return reply_error(c, MHD_HTTP_BAD_REQUEST, "a path with "
				   "\"..\" is refused");
	if (!get && !post)
		return reply_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET "
				   "and POST");
	if (!tok && !cookie)
		return reply_error(c, MHD_HTTP_UNAUTHORIZED, "no token: open "
				   "the URL prio serve printed");
	if (tok ? !same_secret(tok, sv->token) : !same_secret(cookie,
							      sv->token))
		return reply_error(c, MHD_HTTP_FORBIDDEN, "wrong token: open "
				   "the URL prio serve printed");
	if (tok && get && !strcmp(url, "/")) {
		/* The token goes into a cookie, and out of the address bar. */
		char set[160];
		struct MHD_Response *r = MHD_create_response_from_buffer(
			0, (void *)"", MHD_RESPMEM_PERSISTENT);

		snprintf(set, sizeof(set), "prio_token=%s; Path=/; HttpOnly; "
			 "SameSite=Strict", sv->token);
		MHD_add_response_header(r, "Set-Cookie", set);
		MHD_add_response_header(r, "Location", "/");
		MHD_add_response_header(r, "Cache-Control", "no-store");
		ok = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
		MHD_destroy_response(r);
		return ok;
	}
	if (get) {
		for (size_t i = 0; i < NFILES; i++)
			if (!strcmp(url, files[i].path))
				return reply(c, MHD_HTTP_OK, files[i].type,
					     sv->page[i], sv->page_len[i],
					     NULL);
		if (!strcmp(url, "/api/events"))
			return events(sv, c);
	}
	if (strncmp(url, "/api/", 5))
		return reply_error(c, MHD_HTTP_NOT_FOUND, "no such page");

	if (post) {
		const char *type = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, "Content-Type");
		const char *csrf = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, "X-CSRF-Token");

		if (!same_secret(csrf, sv->csrf))
			return reply_error(c, MHD_HTTP_FORBIDDEN, "a write "
					   "needs the X-CSRF-Token header "
					   "(from /api/session)");
		if (!type || strncmp(type, "application/json", 16) ||
		    (type[16] && type[16] != ';'))
			return reply_error(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
					   "a write takes a JSON body "
					   "(Content-Type: application/json)");
		if (rq->too_big) {
			snprintf(err, sizeof(err), "the body is over %d bytes",
				 SERVE_BODY_MAX);
			return reply_error(c, MHD_HTTP_CONTENT_TOO_LARGE, err);
		}
	}

	pthread_mutex_lock(&sv->lock);
	if (get && !strcmp(url, "/api/items")) {
		const char *q = MHD_lookup_connection_value(
			c, MHD_GET_ARGUMENT_KIND, "q");
		const char *all = MHD_lookup_connection_value(
			c, MHD_GET_ARGUMENT_KIND, "all");
		const char *limit = MHD_lookup_connection_value(
			c, MHD_GET_ARGUMENT_KIND, "limit");
		char *end = NULL;
		unsigned long long n = limit ? strtoull(limit, &end, 10) : 0;

		if (limit && (*end || end == limit || *limit == '-' ||
			      n > SIZE_MAX)) {
			status = MHD_HTTP_BAD_REQUEST;
			rc = errf(err, PRIO_EINVAL, "limit '%s': expected a "
				  "whole number >= 0", limit);
		} else {
			rc = items_json(sv, q, all && !strcmp(all, "1"),
					(size_t)n, MHD_lookup_connection_value(
						c, MHD_GET_ARGUMENT_KIND,
						"method"), &out, &status, err);
		}
	} else if (get && !strncmp(url, "/api/items/", 11)) {
		rc = item_read(sv, url + 11, &out, &status, err);
	} else if (get && (!strcmp(url, "/api/sprint") ||
			   !strcmp(url, "/api/velocity") ||
			   !strcmp(url, "/api/burndown"))) {
		rc = report(sv, c, url + 5, &out, &status, err);
	} else if (get && !strcmp(url, "/api/session")) {
		if ((rc = session_json(sv, &out, err)))
			status = http_status(rc);
	} else if (post && (!strncmp(url, "/api/items/", 11) ||
			    !strcmp(url, "/api/undo"))) {
		struct body o;

		if (body_parse(rq->body.p, rq->body.len, &o, err)) {
			status = MHD_HTTP_BAD_REQUEST;
			rc = PRIO_EINVAL;
		} else if (!strcmp(url, "/api/undo")) {
			rc = write_undo(sv, &o, &out, &status, err);
			body_release(&o);
		} else {
			const char *ref = url + 11, *slash = strchr(ref, '/');
			size_t len = slash ? (size_t)(slash - ref)
					   : strlen(ref);

			rc = write_item(sv, ref, len, slash ? slash : "", &o,
					&out, &status, err);
			body_release(&o);
		}
		/* A refusal reaches the log now, not when the server stops. */
		policy_log_refusal(sv->p);
	} else {
		status = MHD_HTTP_NOT_FOUND;
		rc = errf(err, PRIO_EINVAL, "no such %s request: %s", method,
			  url);
	}
	pthread_mutex_unlock(&sv->lock);
	ok = rc ? reply_error(c, status, err) : reply_json(c, &out);
	buf_release(&out);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *data,
				  size_t *size, void **state)
{
	struct req *rq = *state;

	(void)version;
	if (!rq) {
		const char *cl = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, "Content-Length");

		const char *expect = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, "Expect");
		char msg[64];

		*state = rq = xcalloc(1, sizeof(*rq));
		if (!cl || strtoull(cl, NULL, 10) <= SERVE_BODY_MAX)
			return MHD_YES;
		/*
		 * Said too big up front. A client that waits for 100 Continue
		 * is answered before it sends a byte; one that sends at once
		 * is read to the end, unkept, and answered then (an answer
		 * mid-body would be lost in the reset of a closed socket).
		 */
		rq->too_big = 1;
		if (!expect || strcasecmp(expect, "100-continue"))
			return MHD_YES;
		snprintf(msg, sizeof(msg), "the body is over %d bytes",
			 SERVE_BODY_MAX);
		return reply_error(c, MHD_HTTP_CONTENT_TOO_LARGE, msg);
	}
	if (*size) {
		if (!rq->too_big && rq->body.len + *size > SERVE_BODY_MAX) {
			rq->too_big = 1;
			buf_release(&rq->body);
		}
		if (!rq->too_big)
			buf_add(&rq->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	return handle(cls, c, url, method, rq);
}

static void on_done(void *cls, struct MHD_Connection *c, void **state,
		    enum MHD_RequestTerminationCode why)
{
	struct req *rq = *state;

	(void)cls, (void)c, (void)why;
	if (rq) {
		buf_release(&rq->body);
		free(rq);
	}
	*state = NULL;
}

static void release(struct serve *sv)
{
	for (size_t i = 0; i < NFILES; i++)
		free(sv->page[i]);
	if (sv->tmp)
		rmdir(sv->tmp);
	free(sv->tmp);
	pthread_mutex_destroy(&sv->lock);
	pthread_cond_destroy(&sv->changed);
	free(sv);
}

int serve_start(struct prio *p, unsigned port, struct serve **svp, char *url,
		char *err)
{
	struct serve *sv = xcalloc(1, sizeof(*sv));
	struct sockaddr_in at = { .sin_family = AF_INET };
	const union MHD_DaemonInfo *info;
	const char *tmpdir = getenv("TMPDIR");
	int rc;

	pthread_mutex_init(&sv->lock, NULL);
	pthread_cond_init(&sv->changed, NULL);
	sv->p = p;
	for (size_t i = 0; i < NFILES; i++) {
		char *path = xstrfmt("%s/share/prio/%s", p->prefix,
				     files[i].file);

		sv->page[i] = file_read(path, &sv->page_len[i], err);
		free(path);
		if (!sv->page[i]) {
			release(sv);
			return PRIO_EIO;
		}
	}
	if ((rc = random_hex(sv->token, err)) ||
	    (rc = random_hex(sv->csrf, err))) {
		release(sv);
		return rc;
	}
	sv->tmp = xstrfmt("%s/prio-serve-XXXXXX", tmpdir && *tmpdir ? tmpdir
								   : "/tmp");
	if (!mkdtemp(sv->tmp)) {
		rc = errf(err, PRIO_EIO, "%s: %s", sv->tmp, strerror(errno));
		free(sv->tmp);
		sv->tmp = NULL;
		release(sv);
		return rc;
	}
	if ((sv->generation = store_generation(p->store, err)) < 0) {
		release(sv);
		return PRIO_EIO;
	}
	at.sin_port = htons((uint16_t)port);
	at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sv->d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
		MHD_USE_POLL, (uint16_t)port, NULL, NULL,
		on_request, sv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&at,
		MHD_OPTION_NOTIFY_COMPLETED, on_done, sv,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)2000,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		MHD_OPTION_THREAD_STACK_SIZE, (size_t)(512 * 1024),
		MHD_OPTION_END);
	if (!sv->d) {
		rc = errf(err, PRIO_EIO, "cannot listen on 127.0.0.1:%u%s",
			  port, port ? " (in use?)" : "");
		release(sv);
		return rc;
	}
	info = MHD_get_daemon_info(sv->d, MHD_DAEMON_INFO_BIND_PORT);
	sv->port = info ? info->port : port;
	if (pthread_create(&sv->poller, NULL, poll_generation, sv)) {
		MHD_stop_daemon(sv->d);
		release(sv);
		return errf(err, PRIO_EIO, "cannot start the poller thread");
	}
	snprintf(url, 128, "http://127.0.0.1:%u/?token=%s", sv->port,
		 sv->token);
	*svp = sv;
	return 0;
}

void serve_stop(struct serve *sv)
{
	if (!sv)
		return;
	pthread_mutex_lock(&sv->lock);
	sv->stopping = 1;
	pthread_cond_broadcast(&sv->changed);
	pthread_mutex_unlock(&sv->lock);
	pthread_join(sv->poller, NULL);
	MHD_stop_daemon(sv->d);
	release(sv);
}
