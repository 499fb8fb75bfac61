/*
 * jira.c - Jira's CSV export, read as Jira writes it, and a CSV that
 * Jira's importer takes.
 *
 * Jira writes one column per value of a multi-valued field ("Labels"
 * three times, "Sprint" twice), names custom fields "Custom field (Story
 * Points)", and writes times in its own format ("23/Nov/26 9:05 AM").
 * The import maps, by default (Jira's column names match without regard
 * to case; the names in map. and ignore match exactly):
 *
 *   Issue key -> key            Summary -> title
 *   Issue Type -> type          Status -> status
 *   Labels (every one) -> labels, joined with commas
 *   Custom field (Story Points), Story Points,
 *   Custom field (Story point estimate) -> estimate
 *   Parent key (first, wherever it is), Parent, Parent id,
 *   Custom field (Epic Link), Epic Link -> parent
 *   Created -> created, as YYYY-MM-DDTHH:MM:SSZ
 *   Resolved -> done_on, the day (velocity counts work by it)
 *   Sprint (every one) -> sprint, the last that has a value (Jira lists
 *   an issue's sprints oldest first): the core puts the item in that
 *   sprint, creating it (see core/import-sprints.c)
 *
 * and ignores every other column. When several columns go to one field,
 * the first that has a value wins, and the values of all the columns of
 * that same name are joined with commas. A parent given as a Jira issue
 * id (a number, as newer exports write it) becomes the key of the issue
 * with that "Issue id" in the file; one that is not in the file is left
 * out, with a warning. Issue id itself is dropped unless mapped: declare
 * [field.jira_id] (type = text) and map.Issue id = jira_id to keep it.
 * No field is declared for it by default, since every export of every
 * workspace would then carry a jira_id column.
 *
 * The core's map.COLUMN = field and ignore = A, B (see prio/format.h)
 * come before these defaults: a mapped column goes to its field (and is
 * converted as that field's Jira column would be), an ignored one is
 * dropped, whatever the defaults say. Jira asks the core (sink_map) and
 * names fields (sink_fields), because it merges and converts columns on
 * the way. Unlike other formats, every other column is dropped rather
 * than refused: a Jira export has a hundred columns nobody imports.
 *
 * Keys of [format.jira] (or any [format.NAME] with plugin = jira):
 *   type.NAME = type      an issue type to a prio type (type.* = story
 *                         for every type not otherwise known)
 *   status.NAME = status  the same for statuses (status.* = new)
 *   strict = yes          refuse a type or status not named above nor
 *                         among Jira's own (nor prio's), instead of the
 *                         defaults below: the row fails the import, or
 *                         goes to the rejects under --rejects
 *
 * Without strict (and without type.* / status.*), a type Jira's own names
 * do not know becomes a story, and a status goes by its name, as Jira's
 * status categories would: one that says "review", "progress" or
 * "blocked" is in-progress, "closed", "resolved" or "done" is done, any
 * other (Analyzing, Todo, ...) is new. Workflows name statuses freely, and
 * refusing the whole file for one of them helped nobody; one line on
 * stderr says which names were mapped so, and to what.
 *   date_format = FMT     a strptime(3) format for the times, tried
 *                         before the ones every export uses (Jira's
 *                         23/Nov/26 9:05 AM, a spreadsheet's 11/23/2026
 *                         9:05, month first, and ISO 8601), and the
 *                         format export writes them in
 *   utc_offset = +01:00   the zone the file's times are in (default UTC)
 *
 * Export writes Summary, Issue key, Issue id (jira_id, or what is mapped
 * to Issue id; empty, not prio's id, without), Issue Type, Status, Parent,
 * Story Points, one Labels column per label, Created (as 2026-11-23
 * 09:05:07, which keeps the seconds, or in date_format), then "Prio rank",
 * "Prio score", "Prio class" and the other fields under their own names
 * (or the column names the core maps to them), which the Jira importer
 * can map to custom fields or skip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <prio/format.h>

#include "csv_guard.h"

PRIO_HOST_INIT

/* NAME = value pairs: type.NAME and status.NAME. */
struct vmap_entry {
	char *from, *to;
};

struct vmap {
	struct vmap_entry *v;
	size_t n, cap;
	char *any;		/* the value of NAME "*", or NULL */
	const struct prio_host *host;
	const struct prio_section *sec;
	char *err;
	const char *kind;	/* "type", "status" */
};

struct jira {
	struct vmap types, statuses;
	int strict;		/* refuse unknown types and statuses */
	char *date_format;	/* strptime(3), or NULL: Jira's own */
	long offset;		/* seconds east of UTC of the file's times */
	char section[64];	/* "format.jira", for hints in messages */
	int guard;		/* formula_guard (csv_guard.h) */
};

/* Jira's columns and the fields they go to, when nothing says otherwise. */
static const struct {
	const char *column, *field;
} default_columns[] = {
	{ "Issue key", "key" },
	{ "Summary", "title" },
	{ "Issue Type", "type" },
	{ "Status", "status" },
	{ "Labels", "labels" },
	{ "Custom field (Story Points)", "estimate" },
	{ "Custom field (Story point estimate)", "estimate" },
	{ "Story Points", "estimate" },
	{ "Story point estimate", "estimate" },
	{ "Parent key", "parent" },
	{ "Parent", "parent" },
	{ "Parent id", "parent" },
	{ "Custom field (Epic Link)", "parent" },
	{ "Epic Link", "parent" },
	{ "Created", "created" },
	{ "Resolved", "done_on" },
	{ "Sprint", "sprint" },
};

/*
 * Jira's issue types and statuses (Scrum and Kanban workflows). Export
 * writes a prio value as Jira's own name for it (`standard`), else as
 * the configured name (type.NAME = value), else as the first name here.
 */
struct pair {
	const char *from, *to;
	int standard;		/* a name every Jira has */
};

static const struct pair default_types[] = {
	{ "Epic", "epic", 1 }, { "Story", "story", 1 }, { "Task", "task", 1 },
	{ "Bug", "bug", 1 }, { "Spike", "spike", 0 }, { "Tech debt", "debt", 0 },
	{ "Sub-task", "task", 0 }, { "Subtask", "task", 0 },
	{ "Technical debt", "debt", 0 },
};

static const struct pair default_statuses[] = {
	{ "Backlog", "proposed", 1 }, { "To Do", "new", 1 },
	{ "Selected for Development", "ready", 1 },
	{ "In Progress", "in-progress", 1 }, { "Done", "done", 1 },
	{ "Open", "new", 0 }, { "Reopened", "new", 0 }, { "Ready", "ready", 0 },
	{ "In Review", "in-progress", 0 }, { "Closed", "done", 0 },
	{ "Resolved", "done", 0 }, { "Accepted", "accepted", 0 },
};

/* Export's name for prio's `accepted`: Jira's workflows end at Done. */
#define ACCEPTED_OUT "Done"

static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Configuration */

static void vmap_release(struct vmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].from);
		free(m->v[i].to);
	}
	free(m->v);
	free(m->any);
	m->v = NULL;
	m->any = NULL;
	m->n = m->cap = 0;
}

static int vmap_key(void *arg, const char *key, const char *value,
		    const struct prio_origin *where)
{
	struct vmap *m = arg;
	const char *from = key + strlen(m->kind) + 1, *to = value;
	size_t flen = strlen(from), tlen = strlen(value);
	struct vmap_entry *e;

	(void)where;
	fmt_trim(&from, &flen);
	fmt_trim(&to, &tlen);
	if (!flen)
		return m->host->bad_value(m->sec, key, m->err,
					  "which %s? (%s.NAME = value)",
					  m->kind, m->kind);
	if (flen == 1 && *from == '*') {
		free(m->any);
		return (m->any = strndup(to, tlen)) ? 0 : PRIO_ENOMEM;
	}
	for (size_t i = 0; i < m->n; i++)
		if (fmt_name_eq(from, flen, m->v[i].from))
			return m->host->bad_value(m->sec, key, m->err,
						  "%s '%s' is mapped twice",
						  m->kind, m->v[i].from);
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		struct vmap_entry *v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return PRIO_ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	e = &m->v[m->n];
	e->from = strndup(from, flen);
	e->to = strndup(to, tlen);
	if (!e->from || !e->to) {
		free(e->from);
		free(e->to);
		return PRIO_ENOMEM;
	}
	m->n++;
	return 0;
}

static int vmap_read(struct vmap *m, const char *kind,
		     const struct prio_section *sec, char *err)
{
	char prefix[16];

	m->host = host;
	m->sec = sec;
	m->err = err;
	m->kind = kind;
	snprintf(prefix, sizeof(prefix), "%s.", kind);
	return host->each(sec, prefix, vmap_key, m);
}

/* "+01:00", "-0530", "+2", "Z", "UTC" into seconds east of UTC. */
static int parse_offset(const char *s, size_t len, long *off)
{
	long h = 0, m = 0;
	int sign;
	size_t i = 1, d;

	if ((len == 1 && (*s == 'Z' || *s == 'z')) ||
	    (len == 3 && fmt_name_eq(s, len, "UTC"))) {
		*off = 0;
		return 0;
	}
	if (!len || (*s != '+' && *s != '-'))
		return -1;
	sign = *s == '-' ? -1 : 1;
	for (d = i; i < len && i < d + 2 && s[i] >= '0' && s[i] <= '9'; i++)
		h = h * 10 + (s[i] - '0');
	if (i == d)
		return -1;
	if (i < len && s[i] == ':')
		i++;
	for (d = i; i < len && i < d + 2 && s[i] >= '0' && s[i] <= '9'; i++)
		m = m * 10 + (s[i] - '0');
	if (i != len || (i != d && i != d + 2) || h > 14 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

static void jira_release(void *state)
{
	struct jira *j = state;

	if (!j)
		return;
	vmap_release(&j->types);
	vmap_release(&j->statuses);
	free(j->date_format);
	free(j);
}

static int configure(const struct prio_section *sec, void **state, char *err)
{
	struct jira *j = calloc(1, sizeof(*j));
	const char *v;
	int rc;

	if (!j)
		return PRIO_ENOMEM;
	snprintf(j->section, sizeof(j->section), "format.%s",
		 host->section_name(sec));
	if ((rc = vmap_read(&j->types, "type", sec, err)) ||
	    (rc = vmap_read(&j->statuses, "status", sec, err)))
		goto fail;
	if ((v = host->get(sec, "strict", NULL))) {
		if (!strcasecmp(v, "yes") || !strcasecmp(v, "true"))
			j->strict = 1;
		else if (strcasecmp(v, "no") && strcasecmp(v, "false")) {
			rc = host->bad_value(sec, "strict", err,
					     "expected yes or no");
			goto fail;
		}
	}
	if ((v = host->get(sec, "date_format", NULL))) {
		if (!*v || !strchr(v, '%')) {
			rc = host->bad_value(sec, "date_format", err,
					     "expected a strptime(3) format, "
					     "like %%d/%%b/%%y %%I:%%M %%p");
			goto fail;
		}
		if (!(j->date_format = strdup(v))) {
			rc = PRIO_ENOMEM;
			goto fail;
		}
	}
	if ((v = host->get(sec, "utc_offset", NULL)) &&
	    parse_offset(v, strlen(v), &j->offset)) {
		rc = host->bad_value(sec, "utc_offset", err,
				     "expected +HH:MM or -HH:MM (or Z)");
		goto fail;
	}
	if ((rc = csv_guard_read(host, sec, &j->guard, err)))
		goto fail;
	*state = j;
	return 0;
fail:
	jira_release(j);
	return rc;
}

/* Times */

static int digits(const char **p, const char *end, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (*p < end && **p >= '0' && **p <= '9' && n < max) {
		*v = *v * 10 + (**p - '0');
		++*p;
		n++;
	}
	return n >= min ? 0 : -1;
}

static int lit(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		++*p;
		return 0;
	}
	return -1;
}

static void blanks(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		++*p;
}

/* [H]H:MM[:SS[.fff]], then AM or PM if ampm (then H is 1 to 12). */
static int clock_time(const char **p, const char *end, struct tm *tm,
		      int ampm)
{
	int h, m, s = 0, v;

	if (digits(p, end, 1, 2, &h) || lit(p, end, ':') ||
	    digits(p, end, 2, 2, &m))
		return -1;
	if (!lit(p, end, ':')) {
		if (digits(p, end, 2, 2, &s))
			return -1;
		if (!lit(p, end, '.') && digits(p, end, 1, 9, &v))
			return -1;
	}
	blanks(p, end);
	if (ampm && end - *p >= 2 && ((*p)[1] | 0x20) == 'm' &&
	    ((**p | 0x20) == 'a' || (**p | 0x20) == 'p')) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + ((**p | 0x20) == 'p' ? 12 : 0);
		*p += 2;
	}
	if (h > 23 || m > 59 || s > 60)
		return -1;
	tm->tm_hour = h;
	tm->tm_min = m;
	tm->tm_sec = s;
	return 0;
}

/* D/Mon/YY[YY] [time]: Jira's own format (dd/MMM/yy h:mm a). */
static int jira_date(const char **p, const char *end, struct tm *tm)
{
	int d, y, mon = -1;

	if (digits(p, end, 1, 2, &d) || lit(p, end, '/') || end - *p < 4)
		return -1;
	for (int i = 0; i < 12; i++)
		if (fmt_name_eq(*p, 3, months[i]))
			mon = i;
	if (mon < 0)
		return -1;
	*p += 3;
	if (lit(p, end, '/'))
		return -1;
	{
		const char *s = *p;
		if (digits(p, end, 2, 4, &y) || *p - s == 3)
			return -1;
		if (*p - s == 2)
			y += 2000;	/* Jira's issues are all of this century */
	}
	tm->tm_mday = d;
	tm->tm_mon = mon;
	tm->tm_year = y - 1900;
	blanks(p, end);
	return *p < end ? clock_time(p, end, tm, 1) : 0;
}

/* M/D/YYYY [H:MM[:SS] [AM|PM]]: what a spreadsheet makes of Jira's times. */
static int us_date(const char **p, const char *end, struct tm *tm)
{
	int m, d, y;

	if (digits(p, end, 1, 2, &m) || lit(p, end, '/') ||
	    digits(p, end, 1, 2, &d) || lit(p, end, '/') ||
	    digits(p, end, 4, 4, &y) || m < 1 || m > 12)
		return -1;
	tm->tm_mday = d;
	tm->tm_mon = m - 1;
	tm->tm_year = y - 1900;
	blanks(p, end);
	return *p < end ? clock_time(p, end, tm, 1) : 0;
}

/* YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][zone]: ISO 8601, Jira's REST API. */
static int iso_date(const char **p, const char *end, struct tm *tm,
		    long *zone)
{
	int y, m, d;

	if (digits(p, end, 4, 4, &y) || lit(p, end, '-') ||
	    digits(p, end, 1, 2, &m) || lit(p, end, '-') ||
	    digits(p, end, 1, 2, &d))
		return -1;
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	if (*p < end && (**p == 'T' || **p == ' ')) {
		++*p;
		blanks(p, end);
		if (clock_time(p, end, tm, 0))
			return -1;
		blanks(p, end);
		if (*p < end) {
			if (parse_offset(*p, (size_t)(end - *p), zone))
				return -1;
			*p = end;
		}
	}
	return 0;
}

/* The whole of s in strptime(3) format fmt (blanks after it allowed). */
static int strptime_all(const char *fmt, const char *s, size_t len,
			struct tm *tm)
{
	char buf[128];
	const char *e;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!(e = strptime(buf, fmt, tm)))
		return -1;
	while (*e == ' ' || *e == '\t')
		e++;
	return *e ? -1 : 0;
}

/*
 * A time as Jira writes it, into "YYYY-MM-DDTHH:MM:SSZ". Returns 0, or
 * -1 when it is not a time in any format we know.
 */
static int parse_time(const struct jira *j, const char *s, size_t len,
		      char out[21])
{
	struct tm tm = {0}, back;
	const char *p = s, *end = s + len;
	long zone = j->offset;
	time_t t;

	/* date_format first, then the formats every export uses: a section
	 * with date_format reads back what prio wrote before it was set. */
	if (!j->date_format || strptime_all(j->date_format, s, len, &tm)) {
		memset(&tm, 0, sizeof(tm));
		if (jira_date(&p, end, &tm) || p != end) {
			p = s;
			memset(&tm, 0, sizeof(tm));
			if (us_date(&p, end, &tm) || p != end) {
				p = s;
				memset(&tm, 0, sizeof(tm));
				if (iso_date(&p, end, &tm, &zone) || p != end)
					return -1;
			}
		}
	}
	back = tm;
	t = timegm(&tm);
	/* timegm normalises 31/Feb into March: such a date is wrong. */
	if (t == (time_t)-1 || tm.tm_mday != back.tm_mday ||
	    tm.tm_mon != back.tm_mon || tm.tm_year != back.tm_year)
		return -1;
	t -= zone;
	if (!gmtime_r(&t, &tm))
		return -1;
	return strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) ? 0 : -1;
}

/*
 * "2026-11-23T09:05:07Z" as "2026-11-23 09:05:07" in the offset, or in
 * date_format: what parse_time reads back, seconds and century included
 * (Jira's own 23/Nov/26 9:05 AM keeps neither). Jira's importer takes it
 * with its date format set to yyyy-MM-dd HH:mm:ss.
 */
static int format_time(const struct jira *j, const char *s, size_t len,
		       char out[32])
{
	struct tm tm = {0};
	const char *p = s, *end = s + len;
	long zone = 0;
	time_t t;

	if (iso_date(&p, end, &tm, &zone) || p != end)
		return -1;
	t = timegm(&tm) - zone + j->offset;
	if (!gmtime_r(&t, &tm))
		return -1;
	if (!j->date_format)
		return strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm) ? 0 : -1;
	/* The user's own format: strftime cannot overrun out whatever it is. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return strftime(out, 32, j->date_format, &tm) ? 0 : -1;
#pragma GCC diagnostic pop
}

/* Import */

enum conv { C_NONE, C_TYPE, C_STATUS, C_PARENT, C_TIME, C_DATE, C_LAST };

/* A field of the import and the columns that feed it. */
struct out {
	const char *field;
	enum conv conv;
	size_t *cols;		/* in file order */
	size_t n;
};

/* Issue id -> Issue key, to turn parents given as ids into keys. */
struct idkey {
	unsigned long long id;
	char *key;
};

struct import {
	const struct jira *j;
	const char *file;
	struct prio_sink *sink;
	char **names;		/* the header, copied: trimmed names */
	size_t ncols;
	struct out *out;
	size_t nout;
	struct idkey *ids;
	size_t nids;
	const char **val;	/* a row on its way to the sink */
	size_t *len, *off;
	struct obuf text;
	struct obuf guessed[2];	/* "Test -> story, ..." for types, statuses */
	size_t nguessed[2];
	/*
	 * Why strict refused this row's type or status, or "". The value
	 * goes to the sink as it is, which refuses it too: into the rejects
	 * under --rejects, like any bad row, or failing with this message.
	 */
	char refused[PRIO_ERR_MAX];
};

static void import_release(struct import *im)
{
	for (size_t i = 0; i < im->ncols; i++)
		free(im->names[i]);
	free(im->names);
	for (size_t i = 0; i < im->nout; i++)
		free(im->out[i].cols);
	free(im->out);
	for (size_t i = 0; i < im->nids; i++)
		free(im->ids[i].key);
	free(im->ids);
	free(im->val);
	free(im->len);
	free(im->off);
	free(im->text.p);
	free(im->guessed[0].p);
	free(im->guessed[1].p);
}

static enum conv conv_for(const char *field)
{
	if (!strcmp(field, "type"))
		return C_TYPE;
	if (!strcmp(field, "status"))
		return C_STATUS;
	if (!strcmp(field, "parent"))
		return C_PARENT;
	if (!strcmp(field, "created") || !strcmp(field, "updated"))
		return C_TIME;
	if (!strcmp(field, "done_on"))
		return C_DATE;
	if (!strcmp(field, "sprint"))
		return C_LAST;
	return C_NONE;
}

/*
 * Which field the header's column i goes to, or NULL: what the section
 * says (map. or ignore), else Jira's defaults.
 */
static const char *target(const struct import *im, size_t i, int *mapped)
{
	const char *name = im->names[i], *to;

	if ((*mapped = host->sink_map(im->sink, name, strlen(name), &to)))
		return to;
	for (size_t k = 0; k < sizeof(default_columns) /
	     sizeof(default_columns[0]); k++)
		if (fmt_name_eq(name, strlen(name), default_columns[k].column))
			return default_columns[k].field;
	return NULL;
}

static int header(struct import *im, const struct csv_reader *r,
		  struct prio_sink *sink, char *err)
{
	const char **names;
	size_t *lens;
	int rc;

	im->ncols = r->n;
	im->names = calloc(r->n, sizeof(*im->names));
	im->out = calloc(r->n, sizeof(*im->out));
	if (!im->names || !im->out)
		return PRIO_ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const char *s = r->val[i];
		size_t len = r->len[i];

		fmt_trim(&s, &len);
		if (!(im->names[i] = strndup(s, len)))
			return PRIO_ENOMEM;
	}
	for (size_t i = 0; i < r->n; i++) {
		int mapped;
		const char *field = target(im, i, &mapped);
		struct out *o = NULL;
		size_t *cols;

		if (!field)
			continue;
		for (size_t k = 0; k < im->nout && !o; k++)
			if (!strcmp(im->out[k].field, field))
				o = &im->out[k];
		if (!o) {
			o = &im->out[im->nout++];
			o->field = field;
			o->conv = conv_for(field);
			/* Mapped to a field of that name: every sprint. */
			if (o->conv == C_LAST && mapped)
				o->conv = C_NONE;
		}
		if (!(cols = realloc(o->cols, (o->n + 1) * sizeof(*cols))))
			return PRIO_ENOMEM;
		o->cols = cols;
		o->cols[o->n++] = i;
		/* A parent's key beats its id, which needs the parent in the
		 * file: Parent key goes first, wherever the file has it. */
		if (o->conv == C_PARENT && fmt_name_eq(im->names[i],
		    strlen(im->names[i]), "Parent key")) {
			memmove(o->cols + 1, o->cols, (o->n - 1) * sizeof(*cols));
			o->cols[0] = i;
		}
	}
	names = malloc((im->nout ? im->nout : 1) * sizeof(*names));
	lens = malloc((im->nout ? im->nout : 1) * sizeof(*lens));
	im->val = malloc((im->nout ? im->nout : 1) * sizeof(*im->val));
	im->len = malloc((im->nout ? im->nout : 1) * sizeof(*im->len));
	im->off = malloc((im->nout ? im->nout : 1) * sizeof(*im->off));
	if (!names || !lens || !im->val || !im->len || !im->off) {
		free(names);
		free(lens);
		return PRIO_ENOMEM;
	}
	for (size_t k = 0; k < im->nout; k++) {
		names[k] = im->out[k].field;
		lens[k] = strlen(names[k]);
	}
	rc = host->sink_fields(sink, im->nout, names, lens, err);
	free(names);
	free(lens);
	return rc;
}

static int idkey_cmp(const void *a, const void *b)
{
	const struct idkey *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int all_digits(const char *s, size_t len)
{
	if (!len || len > 19)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * Pass one, when a parent may be given as an issue id: every row's
 * Issue id and Issue key. Rows that do not fit are left to pass two.
 */
static int collect_ids(struct import *im, const char *data, size_t len,
		       char *err)
{
	struct csv_reader r;
	unsigned long at;
	size_t idc = im->ncols, keyc = im->ncols, cap = 0;
	int rc, first = 1;

	for (size_t i = 0; i < im->ncols; i++) {
		if (idc == im->ncols && fmt_name_eq(im->names[i],
				strlen(im->names[i]), "Issue id"))
			idc = i;
		if (keyc == im->ncols && fmt_name_eq(im->names[i],
				strlen(im->names[i]), "Issue key"))
			keyc = i;
	}
	if (idc == im->ncols || keyc == im->ncols)
		return 0;
	csv_reader_init(&r, data, len, ',');
	while ((rc = csv_next(&r, &at, err)) > 0) {
		const char *id, *key;
		size_t ilen, klen;

		if (im->j->guard)
			csv_unguard(&r);
		id = r.val[idc < r.n ? idc : 0];
		key = r.val[keyc < r.n ? keyc : 0];
		ilen = r.len[idc < r.n ? idc : 0];
		klen = r.len[keyc < r.n ? keyc : 0];

		if (first || r.n != im->ncols) {
			first = 0;
			continue;
		}
		fmt_trim(&id, &ilen);
		fmt_trim(&key, &klen);
		if (!all_digits(id, ilen) || !klen)
			continue;
		if (im->nids == cap) {
			struct idkey *v;
			cap = cap ? cap * 2 : 256;
			if (!(v = realloc(im->ids, cap * sizeof(*v)))) {
				rc = PRIO_ENOMEM;
				break;
			}
			im->ids = v;
		}
		im->ids[im->nids].id = strtoull(id, NULL, 10);
		if (!(im->ids[im->nids].key = strndup(key, klen))) {
			rc = PRIO_ENOMEM;
			break;
		}
		im->nids++;
	}
	csv_reader_release(&r);
	if (rc < 0)
		return rc;
	if (im->nids)	/* qsort(NULL, 0) is undefined */
		qsort(im->ids, im->nids, sizeof(*im->ids), idkey_cmp);
	return 0;
}

/* type.NAME / status.NAME, then Jira's names, then NAME "*". */
static const char *lookup(const struct vmap *m, const struct pair *def,
			  size_t ndef, const char *s, size_t len)
{
	for (size_t i = 0; i < m->n; i++)
		if (fmt_name_eq(s, len, m->v[i].from))
			return m->v[i].to;
	for (size_t i = 0; i < ndef; i++)
		if (fmt_name_eq(s, len, def[i].from))
			return def[i].to;
	return m->any;
}

/* The prio status for a status nobody named: see the top of the file. */
static const char *status_by_name(const char *s, size_t len)
{
	static const struct pair words[] = {
		{ "review", "in-progress", 0 }, { "progress", "in-progress", 0 },
		{ "blocked", "in-progress", 0 }, { "closed", "done", 0 },
		{ "resolved", "done", 0 }, { "done", "done", 0 },
	};
	char name[128];

	snprintf(name, sizeof(name), "%.*s", (int)len, s);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(name, words[i].from))
			return words[i].to;
	return "new";
}

/* Notes a name mapped by default, once, for the summary line. */
static void guessed(struct import *im, int k, const char *s, size_t len,
		    const char *to)
{
	struct obuf *b = &im->guessed[k];
	char item[160];
	int n = snprintf(item, sizeof(item), "%.*s -> %s", (int)len, s, to);

	for (const char *p = b->p; p && (p = strstr(p, item)); p++)
		if ((p == b->p || p[-1] == ' ') &&
		    (p[n] == ',' || p + n == b->p + b->len))
			return;
	if (im->nguessed[k]++)
		ob_adds(b, ", ");
	ob_adds(b, item);
	ob_addc(b, '\0');	/* for strstr above, outside len */
	if (!b->rc)
		b->len--;
}

/* Appends the value of o for row r, converted. */
static int convert(struct import *im, const struct out *o, const char *col,
		   const char *v, size_t len, unsigned long line, char *err)
{
	const struct jira *j = im->j;
	const char *to;
	char t[21];
	int rc;

	switch (o->conv) {
	case C_TYPE:
	case C_STATUS:
		if (o->conv == C_TYPE)
			to = lookup(&j->types, default_types, sizeof(default_types)
				    / sizeof(default_types[0]), v, len);
		else
			to = lookup(&j->statuses, default_statuses,
				    sizeof(default_statuses) /
				    sizeof(default_statuses[0]), v, len);
		if (!to && !j->strict && len) {
			int k = o->conv == C_STATUS;
			to = k ? status_by_name(v, len) : "story";
			guessed(im, k, v, len, to);
		}
		if (!to) {
			const char *kind = o->conv == C_TYPE ? "type" : "status";
			if (!im->refused[0])
				snprintf(im->refused, PRIO_ERR_MAX, "%lu: column "
					 "%s: '%.*s' is no prio %s: say which "
					 "in [%s] (%s.%.*s = ..., or %s.* = "
					 "... for all others)", line, col,
					 (int)len, v, kind, j->section, kind,
					 (int)len, v, kind);
			break;
		}
		ob_adds(&im->text, to);
		return 0;
	case C_TIME:
	case C_DATE:
		/* A day is the file's day: no shift by utc_offset. */
		if (o->conv == C_DATE) {
			struct jira local = *j;
			local.offset = 0;
			rc = parse_time(&local, v, len, t);
		} else {
			rc = parse_time(j, v, len, t);
		}
		if (rc) {
			snprintf(err, PRIO_ERR_MAX, "%lu: column %s: '%.*s' is "
				 "not a time like 23/Nov/26 9:05 AM or "
				 "2026-11-23 09:05%s", line, col, (int)len, v,
				 j->date_format ? " in date_format" :
				 " (set date_format for others)");
			return PRIO_EINVAL;
		}
		if (o->conv == C_DATE)
			t[10] = '\0';	/* the day, in UTC */
		ob_adds(&im->text, t);
		return 0;
	case C_PARENT:
		if (all_digits(v, len)) {
			struct idkey k = { .id = strtoull(v, NULL, 10) };
			const struct idkey *hit = !im->nids ? NULL :
				bsearch(&k, im->ids, im->nids, sizeof(k),
					idkey_cmp);
			if (hit) {
				ob_adds(&im->text, hit->key);
				return 0;
			}
			host->log(PRIO_LOG_WARN, "%s:%lu: column %s: issue id "
				  "%.*s is not in the file: no parent", im->file,
				  line, col, (int)len, v);
			return 0;
		}
		break;
	default:
		break;
	}
	ob_add(&im->text, v, len);
	return 0;
}

static int row(struct import *im, const struct csv_reader *r,
	       unsigned long line, struct prio_sink *sink, char *err)
{
	int rc;

	if (r->n != im->ncols) {
		snprintf(err, PRIO_ERR_MAX, "%lu: %zu values where the header "
			 "has %zu columns", line, r->n, im->ncols);
		return PRIO_EINVAL;
	}
	im->text.len = 0;
	im->refused[0] = '\0';
	for (size_t k = 0; k < im->nout; k++) {
		const struct out *o = &im->out[k];
		const char *group = NULL;
		size_t start = im->text.len;

		for (size_t c = 0; c < o->n; c++) {
			size_t i = o->cols[c];
			const char *v = r->val[i];
			size_t len = r->len[i];

			fmt_trim(&v, &len);
			if (!len)
				continue;
			/* Jira lists an issue's sprints oldest first. */
			if (o->conv == C_LAST) {
				im->text.len = start;
				group = im->names[i];
			}
			/* The first column with a value, and its namesakes. */
			else if (!group)
				group = im->names[i];
			else if (strcasecmp(group, im->names[i]))
				continue;
			else
				ob_addc(&im->text, ',');
			if ((rc = convert(im, o, im->names[i], v, len, line,
					  err)))
				return rc;
		}
		im->off[k] = start;
		im->len[k] = im->text.len - start;
	}
	if (im->text.rc)
		return im->text.rc;
	for (size_t k = 0; k < im->nout; k++)
		im->val[k] = im->text.p ? im->text.p + im->off[k] : "";
	rc = host->sink_row(sink, line, im->nout, im->val, im->len, err);
	if (rc && im->refused[0])	/* say how to map it, not what prio has */
		snprintf(err, PRIO_ERR_MAX, "%s:%s", im->file, im->refused);
	return rc;
}

static int import(void *state, const char *name, const char *data, size_t len,
		  struct prio_sink *sink, char *err)
{
	struct import im = { .j = state, .file = name, .sink = sink };
	struct csv_reader r;
	unsigned long at;
	int rc, first = 1;

	ob_init(&im.text, host, NULL);
	ob_init(&im.guessed[0], host, NULL);
	ob_init(&im.guessed[1], host, NULL);
	csv_reader_init(&r, data, len, ',');
	while ((rc = csv_next(&r, &at, err)) > 0) {
		if (im.j->guard)
			csv_unguard(&r);
		if (first) {
			first = 0;
			if ((rc = header(&im, &r, sink, err)))
				break;
			for (size_t k = 0; k < im.nout; k++)
				if (im.out[k].conv == C_PARENT)
					rc = collect_ids(&im, data, len, err);
			if (rc)
				break;
			continue;
		}
		if ((rc = row(&im, &r, at, sink, err)))
			break;
	}
	if (!rc && first) {
		snprintf(err, PRIO_ERR_MAX, "1: empty file: expected a header row");
		rc = PRIO_EINVAL;
	}
	if (!rc)
		rc = im.guessed[0].rc ? im.guessed[0].rc : im.guessed[1].rc;
	if (!rc && (im.nguessed[0] || im.nguessed[1])) {
		/* One line: "3 statuses mapped by default: A -> new, ...". */
		char st[32] = "", ty[32] = "";

		if (im.nguessed[1])
			snprintf(st, sizeof(st), "%zu status%s", im.nguessed[1],
				 im.nguessed[1] == 1 ? "" : "es");
		if (im.nguessed[0])
			snprintf(ty, sizeof(ty), "%zu type%s", im.nguessed[0],
				 im.nguessed[0] == 1 ? "" : "s");
		host->log(PRIO_LOG_WARN, "%s: %s%s%.*s%s%s%s%.*s (strict = yes "
			  "in [%s] refuses them)", name, st,
			  *st ? " mapped by default: " : "",
			  (int)im.guessed[1].len,
			  im.guessed[1].p ? im.guessed[1].p : "",
			  *st && *ty ? "; " : "", ty,
			  *ty ? " mapped by default: " : "",
			  (int)im.guessed[0].len,
			  im.guessed[0].p ? im.guessed[0].p : "", im.j->section);
	}
	csv_reader_release(&r);
	import_release(&im);
	return rc;
}

/* Export */

/*
 * What export writes for a prio type or status: Jira's own name, else the
 * configured one, else ours. (type.Improvement = story reads Improvements
 * as stories, but a story goes out as a Story.)
 */
static const char *reverse(const struct vmap *m, const struct pair *def,
			   size_t ndef, const char *v, size_t len)
{
	for (size_t i = 0; i < ndef; i++)
		if (def[i].standard && strlen(def[i].to) == len &&
		    !memcmp(def[i].to, v, len))
			return def[i].from;
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->v[i].to) == len && !memcmp(m->v[i].to, v, len))
			return m->v[i].from;
	for (size_t i = 0; i < ndef; i++)
		if (strlen(def[i].to) == len && !memcmp(def[i].to, v, len))
			return def == default_statuses &&
			       !strcmp(def[i].to, "accepted") ? ACCEPTED_OUT
							     : def[i].from;
	return NULL;
}

/* One column of the export: a field, and what it is called. */
struct col {
	int f;			/* the field's handle */
	const char *name;
	enum conv conv;
	int label;		/* the label column number + 1, or 0 */
};

struct export {
	const struct jira *j;
	const struct prio_items *items;
	struct col *cols;
	size_t n;
	/* id -> row, to write a parent's key */
	const double *ids;
	size_t *rows;
	size_t nids;
	int keyf;
};

static void col_add(struct export *e, int f, const char *name, enum conv conv,
		    int label)
{
	const char *mapped = f < 0 ? NULL : host->column_name(e->items, f);

	e->cols[e->n].f = f;
	e->cols[e->n].name = mapped && !label ? mapped : name;
	e->cols[e->n].conv = conv;
	e->cols[e->n].label = label;
	e->n++;
}

/* Orders rows by id, for a binary search. */
static int by_id(const void *a, const void *b, void *ids_)
{
	const double *ids = ids_;
	double x = ids[*(const size_t *)a], y = ids[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

/* Label number k (0-based) of a comma-separated list, trimmed. */
static const char *nth_label(const char *v, size_t len, int k, size_t *out)
{
	const char *end = v + len;

	while (v <= end) {
		const char *comma = memchr(v, ',', (size_t)(end - v));
		const char *s = v;
		size_t l = (size_t)((comma ? comma : end) - v);

		fmt_trim(&s, &l);
		if (l && k-- == 0) {
			*out = l;
			return s;
		}
		if (!comma)
			break;
		v = comma + 1;
	}
	*out = 0;
	return NULL;
}

static int count_labels(const char *v, size_t len)
{
	int k = 0;
	size_t l;

	while (nth_label(v, len, k, &l))
		k++;
	return k;
}

/* The parent's key, when the parent is in the set and has one. */
static const char *parent_key(const struct export *e, const char *v,
			      size_t len, size_t *klen)
{
	char buf[64];
	double id;
	size_t lo = 0, hi = e->nids;

	if (e->keyf < 0 || !e->ids || len >= sizeof(buf))
		return NULL;
	memcpy(buf, v, len);
	buf[len] = '\0';
	id = strtod(buf, NULL);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		double m = e->ids[e->rows[mid]];
		if (m < id)
			lo = mid + 1;
		else if (m > id)
			hi = mid;
		else
			return host->text(e->items, e->keyf, e->rows[mid], klen);
	}
	return NULL;
}

static void put_value(struct obuf *b, const struct export *e,
		      const struct col *c, size_t i)
{
	const struct jira *j = e->j;
	size_t len, l;
	const char *v = c->f < 0 ? NULL : host->text(e->items, c->f, i, &len);
	const char *s;
	char t[32];

	if (!v)
		return;
	if (c->label) {
		if ((s = nth_label(v, len, c->label - 1, &l)))
			csv_put_guarded(b, ',', s, l, j->guard);
		return;
	}
	switch (c->conv) {
	case C_TYPE:
		s = reverse(&j->types, default_types, sizeof(default_types) /
			    sizeof(default_types[0]), v, len);
		break;
	case C_STATUS:
		s = reverse(&j->statuses, default_statuses,
			    sizeof(default_statuses) /
			    sizeof(default_statuses[0]), v, len);
		break;
	case C_TIME:
		s = format_time(j, v, len, t) ? NULL : t;
		break;
	case C_PARENT:
		if ((s = parent_key(e, v, len, &l)) && l) {
			csv_put_guarded(b, ',', s, l, j->guard);
			return;
		}
		s = NULL;
		break;
	default:
		s = NULL;
	}
	if (s)
		csv_put_guarded(b, ',', s, strlen(s), j->guard);
	else
		csv_put_guarded(b, ',', v, len, j->guard);
}

/* Whether the section maps column `name` to some field. */
static int column_mapped(const struct prio_items *items, const char *name)
{
	for (int f = 0; f < host->field_count(items); f++) {
		const char *c = host->column_name(items, f);

		if (c && fmt_name_eq(c, strlen(c), name))
			return 1;
	}
	return 0;
}

static int export(void *state, const struct prio_items *items,
		  struct prio_out *out, char *err)
{
	static const struct {
		const char *field, *name;
	} first[] = {
		{ "title", "Summary" }, { "key", "Issue key" },
		{ "jira_id", "Issue id" }, { "type", "Issue Type" },
		{ "status", "Status" }, { "parent", "Parent" },
		{ "estimate", "Story Points" }, { "labels", "Labels" },
		{ "created", "Created" }, { "done_on", "Resolved" },
		{ "rank", "Prio rank" },
		{ "score", "Prio score" }, { "class", "Prio class" },
	};
	struct export e = { .j = state, .items = items };
	int nf = host->field_count(items), labelf, nlabels = 0, idf, rc;
	size_t n = host->count(items);
	struct obuf b;

	(void)err;
	e.keyf = fmt_find(host, items, "key");
	labelf = fmt_find(host, items, "labels");
	idf = fmt_find(host, items, "id");
	for (size_t i = 0; i < n && labelf >= 0; i++) {
		size_t len;
		const char *v = host->text(items, labelf, i, &len);
		int k = v ? count_labels(v, len) : 0;
		if (k > nlabels)
			nlabels = k;
	}
	e.cols = malloc(((size_t)nf + (size_t)nlabels + 1) * sizeof(*e.cols));
	if (!e.cols)
		return PRIO_ENOMEM;
	for (size_t k = 0; k < sizeof(first) / sizeof(first[0]); k++) {
		int f = fmt_find(host, items, first[k].field);

		/* Issue id is Jira's, never prio's id: empty unless kept. */
		if (f < 0 && !strcmp(first[k].field, "jira_id") &&
		    !column_mapped(items, "Issue id"))
			col_add(&e, -1, first[k].name, C_NONE, 0);
		if (f < 0)
			continue;
		if (f == labelf) {
			for (int l = 0; l < nlabels; l++)
				col_add(&e, f, "Labels", C_NONE, l + 1);
			continue;
		}
		col_add(&e, f, first[k].name, conv_for(first[k].field), 0);
	}
	/* Then the other fields; prio's updated and unscored mean nothing to Jira. */
	for (int f = 0; f < nf; f++) {
		const char *name = host->field_name(items, f);
		int known = !strcmp(name, "unscored") || !strcmp(name, "id") ||
			    (!strcmp(name, "updated") &&
			     !host->column_name(items, f));

		for (size_t k = 0; k < sizeof(first) / sizeof(first[0]); k++)
			known |= !strcmp(name, first[k].field);
		if (!known)
			col_add(&e, f, name, conv_for(name), 0);
	}
	/* id -> row, for parents. */
	if (idf >= 0 && e.keyf >= 0 && fmt_find(host, items, "parent") >= 0) {
		const double *ids = host->numbers(items, idf);

		e.rows = malloc((n ? n : 1) * sizeof(*e.rows));
		if (!e.rows) {
			free(e.cols);
			return PRIO_ENOMEM;
		}
		e.ids = ids;
		for (size_t i = 0; i < n; i++)
			if (ids && ids[i] == ids[i])	/* not NaN */
				e.rows[e.nids++] = i;
		if (e.nids)
			qsort_r(e.rows, e.nids, sizeof(*e.rows), by_id,
				(void *)ids);
	}
	ob_init(&b, host, out);
	for (size_t c = 0; c < e.n; c++) {
		if (c)
			ob_addc(&b, ',');
		csv_put_guarded(&b, ',', e.cols[c].name,
				strlen(e.cols[c].name), e.j->guard);
	}
	ob_addc(&b, '\n');
	for (size_t i = 0; i < n && !b.rc; i++) {
		for (size_t c = 0; c < e.n; c++) {
			if (c)
				ob_addc(&b, ',');
			put_value(&b, &e, &e.cols[c], i);
		}
		ob_addc(&b, '\n');
		ob_spill(&b);
	}
	rc = ob_finish(&b);
	free(e.cols);
	free(e.rows);
	return rc;
}

static const char *const extensions[] = { NULL };

static const struct prio_format_ops ops = {
	.struct_size = sizeof(struct prio_format_ops),
	.extensions = extensions,
	.configure = configure,
	.import = import,
	.export = export,
	.release = jira_release,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_FORMAT, "jira", "1.1",
		   "Jira's CSV export in, a CSV for Jira's importer out",
		   prio_host_keep, NULL, &ops);
