/*
 * plugin.c - the lua method: custom scoring rules as Lua 5.4 scripts.
 *
 *	[method.acme]
 *	plugin = lua
 *	script = scoring/acme.lua	; relative to this INI file
 *	param.weight = 2		; params.weight in the script
 *
 *	function score(item)
 *	  return (item.revenue or 0) * params.weight / item.effort
 *	end
 *
 *	function explain(item)		-- optional, for prio explain
 *	  return { "revenue * weight / effort = ..." }
 *	end
 *
 * config/lua.ini documents every key, the sandbox and the limits. This
 * file reads the section; worker.c runs the script; sandbox.c and items.c
 * are what the script sees.
 */
#include "luam.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const struct prio_host *luam_host;

/* Defaults: a run of a million items fits them with room to spare. */
#define DEFAULT_INSTRUCTIONS "1000000000"
#define DEFAULT_MEMORY "64M"
#define DEFAULT_TIMEOUT "10s"

/* A script is a rule, not a program: a megabyte is plenty. */
#define SCRIPT_MAX (1 << 20)

static int init(const struct prio_host *h, char *err)
{
	(void)err;
	luam_host = h;
	return 0;
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	return p ? memcpy(p, s, n) : NULL;
}

static void release(void *state)
{
	struct luam_script *sc = state;

	if (!sc)
		return;
	free(sc->section);
	free(sc->path);
	free(sc->shown);
	free(sc->chunkname);
	free(sc->src);
	for (size_t i = 0; i < sc->nparams; i++) {
		free(sc->params[i].name);
		free(sc->params[i].value);
	}
	free(sc->params);
	free(sc->instructions_text);
	free(sc->memory_text);
	free(sc->timeout_text);
	for (int f = 0; f < sc->nfields; f++)
		free(sc->fields[f].name);
	free(sc->fields);
	free(sc);
}

/*
 * The script's path: as written when absolute, else relative to the
 * folder of the INI file that set it (or to the current folder, for
 * --set on the command line).
 */
static char *resolve(const char *script, const struct prio_origin *o)
{
	const char *slash;
	size_t dlen;
	char *p;

	if (script[0] == '/' || !o->file || o->file[0] == '<' ||
	    !(slash = strrchr(o->file, '/')))
		return dup_str(script);
	dlen = (size_t)(slash - o->file);
	p = malloc(dlen + 1 + strlen(script) + 1);
	if (p)
		sprintf(p, "%.*s/%s", (int)dlen, o->file, script);
	return p;
}

static int read_script(const struct prio_section *sec, struct luam_script *sc,
		       char *err)
{
	struct stat st;
	size_t got = 0;
	/* O_NONBLOCK: opening a FIFO with no writer must not hang. */
	int fd = open(sc->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int regular;

	if (fd < 0)
		return luam_host->bad_value(sec, "script", err, "cannot open "
					    "%s: %s", sc->path,
					    strerror(errno));
	regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (!regular || st.st_size > SCRIPT_MAX) {
		close(fd);
		return luam_host->bad_value(sec, "script", err, "%s: %s",
					    sc->path, regular ? "over 1 MiB"
					    : "not a regular file");
	}
	sc->src = malloc((size_t)st.st_size + 1);
	if (!sc->src) {
		close(fd);
		return PRIO_ENOMEM;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, sc->src + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return luam_host->bad_value(sec, "script", err,
						    "cannot read %s: %s",
						    sc->path, n ? strerror(errno)
						    : "it shrank");
		}
		got += (size_t)n;
	}
	close(fd);
	sc->src[got] = '\0';
	sc->srclen = got;
	return 0;
}

static int add_param(void *arg, const char *key, const char *value,
		     const struct prio_origin *where)
{
	struct luam_script *sc = arg;
	struct luam_param *p;

	(void)where;
	p = realloc(sc->params, (sc->nparams + 1) * sizeof(*p));
	if (!p)
		return PRIO_ENOMEM;
	sc->params = p;
	p += sc->nparams;
	p->name = dup_str(key + strlen("param."));
	p->value = dup_str(value);
	if (!p->name || !p->value) {
		free(p->name);
		free(p->value);
		return PRIO_ENOMEM;
	}
	sc->nparams++;
	return 0;
}

/* Digits only, with an optional multiplier suffix; -1 when not that. */
static int parse_count(const char *s, const char *suffixes,
		       const unsigned long long *mult, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = s, *k;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (ULLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (*p) {
		if (p[1] || !(k = strchr(suffixes, *p)))
			return -1;
		if (v > ULLONG_MAX / mult[k - suffixes])
			return -1;
		v *= mult[k - suffixes];
	}
	*out = v;
	return 0;
}

/* "5s", "1.5s", "500ms", "2m", "1h"; plain numbers are seconds. */
static int parse_ms(const char *s, long *out)
{
	char *end;
	double v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtod(s, &end);
	if (!strcmp(end, "ms"))
		;
	else if (!*end || !strcmp(end, "s"))
		v *= 1000;
	else if (!strcmp(end, "m"))
		v *= 60 * 1000;
	else if (!strcmp(end, "h"))
		v *= 3600 * 1000;
	else
		return -1;
	if (!(v >= 10 && v <= 24.0 * 3600 * 1000))
		return -1;
	*out = (long)v;
	return 0;
}

/* Reads a key into *text (the default when unset), for messages too. */
static const char *key_text(const struct prio_section *sec, const char *key,
			    const char *def, char **text)
{
	const char *v = luam_host->get(sec, key, NULL);

	*text = dup_str(v ? v : def);
	return *text;
}

static int limits(const struct prio_section *sec, struct luam_script *sc,
		  char *err)
{
	static const unsigned long long one[] = { 1 };
	static const unsigned long long bytes[] = {
		1ull << 10, 1ull << 20, 1ull << 30, 1ull << 10, 1ull << 20,
		1ull << 30
	};
	unsigned long long v;
	const char *s;

	s = key_text(sec, "max_instructions", DEFAULT_INSTRUCTIONS,
		     &sc->instructions_text);
	if (!s)
		return PRIO_ENOMEM;
	if (parse_count(s, "", one, &v) < 0 || v > (1ull << 53))
		return luam_host->bad_value(sec, "max_instructions", err,
					    "expected a whole number of "
					    "instructions per run (0: no "
					    "budget)");
	sc->max_instructions = v;

	s = key_text(sec, "max_memory", DEFAULT_MEMORY, &sc->memory_text);
	if (!s)
		return PRIO_ENOMEM;
	if (parse_count(s, "KMGkmg", bytes, &v) < 0 || v < (256u << 10) ||
	    v > SIZE_MAX / 2)
		return luam_host->bad_value(sec, "max_memory", err,
					    "expected a size of at least 256K, "
					    "such as 64M or 1G");
	sc->max_memory = (size_t)v;

	s = key_text(sec, "timeout", DEFAULT_TIMEOUT, &sc->timeout_text);
	if (!s)
		return PRIO_ENOMEM;
	if (parse_ms(s, &sc->timeout_ms) < 0)
		return luam_host->bad_value(sec, "timeout", err,
					    "expected a time from 10ms to 24h, "
					    "such as 5s, 500ms or 2m");
	return 0;
}

static int on_error(const struct prio_section *sec, struct luam_script *sc,
		    char *err)
{
	const char *v = luam_host->get(sec, "on_error", NULL);

	if (!v || !strcmp(v, "fail"))
		sc->on_error = LUAM_FAIL;
	else if (!strcmp(v, "unscored"))
		sc->on_error = LUAM_UNSCORED;
	else
		return luam_host->bad_value(sec, "on_error", err,
					    "expected fail or unscored");
	return 0;
}

/*
 * "today": the day the ranking runs (UTC, as prio's own "today"), or
 * PRIO_TODAY when set, so that tests and reports can fix it.
 */
static int today(const struct prio_section *sec, char text[11], char *err)
{
	const char *env = getenv("PRIO_TODAY");
	long long day;
	time_t t = time(NULL);
	struct tm tm;

	if (env && *env) {
		if (strlen(env) != 10 || items_parse_date(env, 10, &day) < 0)
			return luam_host->bad_value(sec, "reference_date", err,
						    "PRIO_TODAY='%.20s' is not "
						    "a date as YYYY-MM-DD", env);
		memcpy(text, env, 11);
		return 0;
	}
	if (!gmtime_r(&t, &tm) || !strftime(text, 11, "%Y-%m-%d", &tm))
		return luam_host->bad_value(sec, "reference_date", err,
					    "the clock cannot say which day "
					    "it is");
	return 0;
}

static int reference_date(const struct prio_section *sec,
			  struct luam_script *sc, char *err)
{
	const char *v = luam_host->get(sec, "reference_date", NULL);
	char day[11];
	int rc;

	if (!v)
		return 0;
	if (!strcmp(v, "today")) {
		if ((rc = today(sec, day, err)))
			return rc;
		v = day;
	}
	if (strlen(v) != 10 ||
	    items_parse_date(v, 10, &sc->reference_day) < 0)
		return luam_host->bad_value(sec, "reference_date", err,
					    "expected a date as YYYY-MM-DD, or "
					    "today");
	memcpy(sc->reference_text, v, 11);
	sc->has_reference = 1;
	return 0;
}

static int add_field(struct luam_script *sc, const char *name, int handle,
		     enum luam_kind kind)
{
	struct luam_field *f = realloc(sc->fields,
				       (size_t)(sc->nfields + 1) * sizeof(*f));

	if (!f)
		return PRIO_ENOMEM;
	sc->fields = f;
	f += sc->nfields;
	f->name = dup_str(name);
	f->handle = handle;
	f->kind = kind;
	if (!f->name)
		return PRIO_ENOMEM;
	sc->nfields++;
	return 0;
}

/* Is name in the comma-separated list (blanks around names allowed)? */
static int listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (*list) {
		const char *comma = strchr(list, ',');
		const char *b = list, *e = comma ? comma : list + strlen(list);

		while (b < e && (*b == ' ' || *b == '\t' || *b == '\n'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
			e--;
		if ((size_t)(e - b) == n && !memcmp(b, name, n))
			return 1;
		if (!comma)
			break;
		list = comma + 1;
	}
	return 0;
}

/*
 * Every field of the set becomes readable (or those of `fields =`), and
 * asking for each handle now is also what makes the core load it. A
 * field the host can read as numbers (a number field, or an untyped
 * column of `rank --in`) comes as a number; the rest as text.
 */
static int resolve_fields(const struct prio_section *sec,
			  const struct prio_items *items,
			  struct luam_script *sc, char *err)
{
	const char *only = luam_host->get(sec, "fields", NULL);
	int n = luam_host->field_count(items), created = -1, rc;
	char scratch[PRIO_ERR_MAX];

	if (only && !*only)
		return luam_host->bad_value(sec, "fields", err, "list the "
					    "fields the script may read");
	if (only) {
		/* Every name listed must be a field of the set. */
		const char *p = only;

		while (*p) {
			const char *comma = strchr(p, ',');
			const char *b = p, *e = comma ? comma : p + strlen(p);
			char name[128];

			while (b < e && (*b == ' ' || *b == '\t' || *b == '\n'))
				b++;
			while (e > b && (e[-1] == ' ' || e[-1] == '\t' ||
					 e[-1] == '\n'))
				e--;
			snprintf(name, sizeof(name), "%.*s", (int)(e - b), b);
			if (e == b || luam_host->field(items, name, 0,
						       scratch) < 0)
				return luam_host->bad_value(sec, "fields", err,
							    "%s", e == b ?
							    "an empty name" :
							    scratch);
			if (!comma)
				break;
			p = comma + 1;
		}
	}
	sc->key_handle = sc->id_handle = -1;
	for (int h = 0; h < n; h++) {
		const char *name = luam_host->field_name(items, h);
		enum luam_kind kind = LK_TEXT;
		int handle;

		if (!name)
			continue;
		/*
		 * Items are named in messages by key or id, and ages come
		 * from created, whether the script may read them or not.
		 */
		if (!strcmp(name, "key") || !strcmp(name, "id") ||
		    (!strcmp(name, "created") && sc->has_reference)) {
			handle = luam_host->field(items, name, 0, err);
			if (handle < 0)
				return handle;
			if (!strcmp(name, "key"))
				sc->key_handle = handle;
			else if (!strcmp(name, "id"))
				sc->id_handle = handle;
			else
				created = handle;
		}
		if (only && !listed(only, name))
			continue;
		handle = luam_host->field(items, name, 0, err);
		if (handle < 0)
			return handle;
		if (!strcmp(name, "labels"))
			kind = LK_LABELS;
		else if (luam_host->field_type(items, handle) ==
			 PRIO_TYPE_NUMBER ||
			 luam_host->field(items, name, PRIO_TYPE_NUMBER,
					  scratch) >= 0)
			kind = LK_NUMBER;
		if ((rc = add_field(sc, name, handle, kind)))
			return rc;
	}
	/* Without a created field, every item's age is nil. */
	if (sc->has_reference &&
	    (rc = add_field(sc, "age_days", created, LK_AGE)))
		return rc;
	return 0;
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct luam_script *sc = calloc(1, sizeof(*sc));
	struct prio_origin where;
	const char *script;
	int rc;

	if (!sc)
		return PRIO_ENOMEM;
	sc->section = malloc(strlen(luam_host->section_name(sec)) + 8);
	if (!sc->section) {
		rc = PRIO_ENOMEM;
		goto fail;
	}
	sprintf(sc->section, "method.%s", luam_host->section_name(sec));
	script = luam_host->get(sec, "script", &where);
	if (!script || !*script) {
		rc = luam_host->bad_value(sec, "script", err, "set it to the "
					  "Lua file that defines score(item)");
		goto fail;
	}
	sc->shown = dup_str(script);
	sc->path = resolve(script, &where);
	if (!sc->shown || !sc->path ||
	    !(sc->chunkname = malloc(strlen(sc->path) + 2))) {
		rc = PRIO_ENOMEM;
		goto fail;
	}
	sprintf(sc->chunkname, "@%s", sc->path);
	if ((rc = read_script(sec, sc, err)) ||
	    (rc = luam_host->each(sec, "param.", add_param, sc)) ||
	    (rc = limits(sec, sc, err)) || (rc = on_error(sec, sc, err)) ||
	    (rc = reference_date(sec, sc, err)) ||
	    (rc = resolve_fields(sec, items, sc, err)))
		goto fail;
	/*
	 * Compile the script and run its top level now, in a worker, so
	 * that a syntax error or a missing score() fails here, naming the
	 * script and line, before anything is ranked.
	 */
	if ((rc = worker_run(sc, items, NULL, err)))
		goto fail;
	*state = sc;
	return 0;
fail:
	if (rc == PRIO_ENOMEM && !err[0])
		snprintf(err, PRIO_ERR_MAX, "out of memory");
	release(sc);
	return rc;
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	return worker_run(state, items, res, err);
}

/*
 * prio explain: the script's explain(item), run like score (worker.c),
 * writes the lines; without one, what score returned is all we know.
 */
static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	char line[80];
	double s;
	int rc = worker_explain(state, items, item, out, err), n;

	if (rc != LUAM_NO_EXPLAIN)
		return rc;
	s = res && item < res->count ? res->score[item] : NAN;
	if (isnan(s)) {
		n = snprintf(line, sizeof(line), "score(item) left it "
			     "unscored\n");
	} else {
		/* As Lua's tostring shows a number (%.14g). */
		n = snprintf(line, sizeof(line), "score(item) returned %.14g\n",
			     s);
	}
	if (luam_host->write(out, line, (size_t)n)) {
		snprintf(err, PRIO_ERR_MAX, "cannot write the explanation");
		return PRIO_EIO;
	}
	return 0;
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = release,
	.explain = explain,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "lua", "1.0",
		   "custom scoring rules as sandboxed Lua 5.4 scripts",
		   init, NULL, &ops);
