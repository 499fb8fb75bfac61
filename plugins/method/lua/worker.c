/*
 * worker.c - runs a script in a forked worker, under limits that hold.
 *
 * A count hook cannot stop a script that is inside a C function (a
 * pattern that backtracks for ever in string.find) or a finalizer, so
 * every run of a script happens in a child process:
 *
 *   - the child builds a fresh Lua state, loads the script and scores
 *     the items; it sets RLIMIT_CPU and asks to die with its parent, so
 *     it cannot outlive prio;
 *   - at the soft deadline (a little before the timeout) SIGALRM turns
 *     the count hook on, which stops Lua code with a clean error naming
 *     the line;
 *   - at the hard deadline the parent, which polls the pipe with a
 *     timeout, kills the child: that stops even a C function.
 *
 * Scores come back through a shared anonymous mapping (a double and a
 * class number per item); class names, unscored reasons and errors
 * through the pipe, as records of one letter, lengths and bytes:
 *
 *   C len name            the next class number has this name
 *   U item len reason     the item is unscored, for this reason
 *   L len text            a line of explain(item)'s answer
 *   N len                 the script defines no explain function
 *   E code len message    the run failed
 *   D                     the run is complete
 *
 * Forking once per run costs a few milliseconds even with a million
 * items in memory (the pages are shared copy-on-write), and it gives
 * every run the same fresh state: nothing one run does leaks into the
 * next, nor into another script.
 *
 * A run scores every item, or (for prio explain) calls the script's
 * explain(item) for one item: the same worker, state and limits.
 *
 * Built with -DLUAM_IN_PROCESS (the fuzzer only, never the plugin), the
 * run happens in the calling process instead: libFuzzer sees no coverage
 * and no crash of a forked child, and a fork per input is slow. The
 * memory cap and the instruction budget are the same; the soft deadline
 * uses the CPU-time timer (ITIMER_PROF, SIGPROF), leaving SIGALRM to
 * libFuzzer's own -timeout. What no in-process run can do is the hard
 * kill: a library call that never returns (a pathological pattern in
 * string.find) hangs, and is reported by libFuzzer as a timeout.
 */
#include "luam.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

/* What both sides see: a header, then scores, then class numbers. */
struct shared {
	volatile size_t current;	/* the item being scored, or
					   LUAM_NO_ITEM while loading */
};
#define SHARED_HEAD 64		/* the header, rounded up for the doubles */

/*
 * The longest class name and unscored reason a script may give, and how
 * many classes: classes are buckets (MoSCoW has four), not labels.
 */
#define CLASS_MAX 64
#define REASON_MAX 300
#define CLASSES_MAX 1000

/* The text explain(item) may return, in all: a few lines, not a report. */
#define EXPLAIN_MAX (64 << 10)

#ifdef LUAM_IN_PROCESS
#define SOFT_TIMER ITIMER_PROF
#define SOFT_SIGNAL SIGPROF
#else
#define SOFT_TIMER ITIMER_REAL
#define SOFT_SIGNAL SIGALRM
#endif

/* What the parent reads (in process: what the run writes). */
struct inbuf {
	char *p;
	size_t len, cap;
};

/* --- the child -------------------------------------------------------- */

struct out {
	int fd;
	struct inbuf *mem;	/* in process: the records go here */
	char buf[1 << 16];
	size_t len;
	int broken;
};

static void out_flush(struct out *o)
{
	const char *p = o->buf;

	if (o->mem && o->len && !o->broken) {
		struct inbuf *b = o->mem;

		if (b->cap - b->len < o->len) {
			size_t cap = b->cap ? b->cap : 65536;
			char *q;

			while (cap - b->len < o->len)
				cap *= 2;
			if (!(q = realloc(b->p, cap))) {
				o->broken = 1;	/* read as a garbled report */
				return;
			}
			b->p = q;
			b->cap = cap;
		}
		memcpy(b->p + b->len, o->buf, o->len);
		b->len += o->len;
		o->len = 0;
		return;
	}
	while (o->len && !o->broken) {
		ssize_t n = write(o->fd, p, o->len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->broken = 1;	/* the parent is gone: nothing to do */
			break;
		}
		p += n;
		o->len -= (size_t)n;
	}
	o->len = 0;
}

static void out_add(struct out *o, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		size_t room = sizeof(o->buf) - o->len;
		size_t n = len < room ? len : room;

		memcpy(o->buf + o->len, p, n);
		o->len += n;
		p += n;
		len -= n;
		if (o->len == sizeof(o->buf))
			out_flush(o);
	}
}

static void out_u32(struct out *o, uint32_t v)
{
	out_add(o, &v, sizeof(v));
}

static void out_record(struct out *o, char type, const uint32_t *nums,
		       int nnums, const char *text, size_t len)
{
	out_add(o, &type, 1);
	for (int k = 0; k < nnums; k++)
		out_u32(o, nums[k]);
	out_u32(o, (uint32_t)len);
	out_add(o, text, len);
}

static void send_error(struct out *o, int code, const char *msg)
{
	uint32_t c = (uint32_t)-code;

	out_record(o, 'E', &c, 1, msg, strlen(msg));
}

/* The child's run, for the protected call and the signal handler. */
struct child {
	struct luam_sandbox sb;
	struct out *out;
	struct shared *sh;
	double *score;
	int32_t *klass;
	int nclasses;
	int failed;
	size_t explain;		/* the item to explain, or LUAM_NO_ITEM */
};

static struct luam_sandbox *volatile alarm_sb;

static void on_alarm(int sig)
{
	struct luam_sandbox *sb = alarm_sb;

	(void)sig;
	if (sb && sb->L) {
		sb->timed_out = 1;
		/* Documented as safe to call asynchronously, as lua.c does. */
		lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
	}
}

/* A class name: its number, telling the parent about new ones. */
static int class_of(lua_State *L, struct child *c, int idx, int map)
{
	size_t len;
	const char *name = lua_tolstring(L, idx, &len);
	int k;

	lua_pushvalue(L, idx);
	if (lua_rawget(L, map) == LUA_TNUMBER) {
		k = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);
		return k;
	}
	lua_pop(L, 1);
	k = c->nclasses++;
	lua_pushvalue(L, idx);
	lua_pushinteger(L, k);
	lua_rawset(L, map);
	out_record(c->out, 'C', NULL, 0, name, len);
	return k;
}

/* "a string ('abc')", "a table", "nan": a bad value, for a message. */
static const char *describe(lua_State *L, int idx, char *buf, size_t size)
{
	size_t len;
	const char *s;

	switch (lua_type(L, idx)) {
	case LUA_TNONE:
	case LUA_TNIL:
		return "nil";
	case LUA_TSTRING:
		s = lua_tolstring(L, idx, &len);
		snprintf(buf, size, "a string ('%.*s%s')",
			 len > 40 ? 40 : (int)len, s, len > 40 ? "..." : "");
		return buf;
	case LUA_TNUMBER:
		if (isnan(lua_tonumber(L, idx)))
			return "nan";	/* printf may say -nan */
		snprintf(buf, size, "%g", lua_tonumber(L, idx));
		return buf;
	default:
		snprintf(buf, size, "a %s", luaL_typename(L, idx));
		return buf;
	}
}

/*
 * What score returned for item i, at stack slots r (score) and r + 1
 * (class or reason): 0, or the failure in msg.
 */
static int take_result(lua_State *L, struct child *c, size_t i, int r,
		       int map, int line, char *msg)
{
	struct luam_sandbox *sb = &c->sb;
	char what[128];
	int t = lua_type(L, r), t2 = lua_type(L, r + 1);
	size_t len;

	if (t == LUA_TNIL && t2 == LUA_TSTRING) {
		/* return nil, "why": the script declines, with a reason */
		const char *why = lua_tolstring(L, r + 1, &len);
		uint32_t nums[1] = { (uint32_t)i };

		if (len > REASON_MAX)
			len = REASON_MAX;
		if (!len) {
			why = "no reason given";
			len = strlen(why);
		}
		c->score[i] = NAN;
		out_record(c->out, 'U', nums, 1, why, len);
		return 0;
	}
	if (t != LUA_TNUMBER || !isfinite(lua_tonumber(L, r))) {
		sandbox_message(sb, line, i, msg, "score returned %s: return a "
				"number, or nil and a reason",
				describe(L, r, what, sizeof(what)));
		return PRIO_EINVAL;
	}
	if (t2 == LUA_TSTRING) {
		lua_tolstring(L, r + 1, &len);
		if (len == 0 || len > CLASS_MAX) {
			sandbox_message(sb, line, i, msg, "the class must be "
					"1 to %d bytes long (is %zu)",
					CLASS_MAX, len);
			return PRIO_EINVAL;
		}
		c->klass[i] = class_of(L, c, r + 1, map);
		if (c->klass[i] >= CLASSES_MAX) {
			sandbox_message(sb, line, i, msg, "more than %d "
					"different classes: classes are buckets "
					"such as 'must' or 'quick-win'",
					CLASSES_MAX);
			return PRIO_EINVAL;
		}
	} else if (t2 != LUA_TNIL && !(t2 == LUA_TBOOLEAN &&
					!lua_toboolean(L, r + 1))) {
		sandbox_message(sb, line, i, msg, "score returned %s as the "
				"class: return a string",
				describe(L, r + 1, what, sizeof(what)));
		return PRIO_EINVAL;
	}
	c->score[i] = lua_tonumber(L, r);
	return 0;
}

/*
 * Per item: fail the run, or (on_error = unscored) note it and go on. The
 * reason stands next to the item, so it names the script as written in
 * the configuration, and not the item.
 */
static int item_failed(struct child *c, size_t i, int rc, int is_limit,
		       const char *msg)
{
	const struct luam_sandbox *sb = &c->sb;
	uint32_t nums[1] = { (uint32_t)i };
	char reason[PRIO_ERR_MAX];

	if (is_limit || sb->sc->on_error != LUAM_UNSCORED) {
		send_error(c->out, rc, msg);
		c->failed = 1;
		return -1;
	}
	sandbox_compose(reason, sb->sc->shown, sb->what_line, NULL, sb->what);
	c->score[i] = NAN;
	out_record(c->out, 'U', nums, 1, reason, strlen(reason));
	return 0;
}

static void score_all(lua_State *L, struct child *c, int msgh, int fn)
{
	struct luam_sandbox *sb = &c->sb;
	char msg[PRIO_ERR_MAX];
	int map, base, line, is_limit, rc;
	lua_Debug ar;

	lua_pushvalue(L, fn);
	lua_getinfo(L, ">S", &ar);
	line = ar.linedefined;	/* bad results are blamed on score */
	items_open(L, sb);
	lua_newtable(L);
	map = lua_gettop(L);
	base = map;
	for (size_t i = 0; i < sb->count; i++) {
		c->sh->current = i;
		c->klass[i] = -1;
		items_fill(L, sb, i);
		lua_pushvalue(L, fn);
		lua_pushvalue(L, sb->t_idx);
		rc = lua_pcall(L, 1, 2, msgh);
		if (rc != LUA_OK) {
			rc = sandbox_error(L, sb, rc, i, msg, &is_limit);
			lua_settop(L, base);
			if (item_failed(c, i, rc, is_limit, msg))
				return;
			continue;
		}
		rc = take_result(L, c, i, base + 1, map, line, msg);
		lua_settop(L, base);
		if (rc && item_failed(c, i, rc, 0, msg))
			return;
	}
}

/* One line of explain's answer, without its final newline. */
static void explain_line(struct child *c, const char *s, size_t len)
{
	if (len && s[len - 1] == '\n')
		len--;
	out_record(c->out, 'L', NULL, 0, s, len);
}

/*
 * The script's explain(item) for the one item: its answer, a string or
 * a table of strings, goes back as lines. A script without
 * explain says so (N), and the parent shows what score returned.
 */
static void explain_one(lua_State *L, struct child *c, int msgh)
{
	struct luam_sandbox *sb = &c->sb;
	size_t i = c->explain, len, total = 0;
	char msg[PRIO_ERR_MAX], what[128];
	int fn, r, line, is_limit, rc;
	lua_Integer n;
	lua_Debug ar;

	if (lua_getglobal(L, "explain") != LUA_TFUNCTION) {
		out_record(c->out, 'N', NULL, 0, "", 0);
		return;
	}
	fn = lua_gettop(L);
	lua_pushvalue(L, fn);
	lua_getinfo(L, ">S", &ar);
	line = ar.linedefined;	/* bad answers are blamed on explain */
	items_open(L, sb);
	c->sh->current = i;
	items_fill(L, sb, i);
	lua_pushvalue(L, fn);
	lua_pushvalue(L, sb->t_idx);
	rc = lua_pcall(L, 1, 1, msgh);
	if (rc != LUA_OK) {
		rc = sandbox_error(L, sb, rc, i, msg, &is_limit);
		goto failed;
	}
	r = lua_gettop(L);
	if (lua_type(L, r) == LUA_TSTRING) {
		const char *s = lua_tolstring(L, r, &len);

		total = len;
		if (total <= EXPLAIN_MAX)
			explain_line(c, s, len);
	} else if (lua_type(L, r) == LUA_TTABLE) {
		/* Raw reads: no metamethod of the script runs here. */
		n = (lua_Integer)lua_rawlen(L, r);
		for (lua_Integer k = 1; k <= n && total <= EXPLAIN_MAX; k++) {
			const char *s;

			if (lua_rawgeti(L, r, k) != LUA_TSTRING) {
				sandbox_message(sb, line, i, msg, "explain "
						"returned a table whose [%lld] "
						"is %s: return a string, or a "
						"table of strings", (long long)k,
						describe(L, -1, what,
							 sizeof(what)));
				rc = PRIO_EINVAL;
				goto failed;
			}
			s = lua_tolstring(L, -1, &len);
			total += len + 1;
			if (total <= EXPLAIN_MAX)
				explain_line(c, s, len);
			lua_pop(L, 1);
		}
	} else {
		sandbox_message(sb, line, i, msg, "explain returned %s: return "
				"a string, or a table of strings (one per line)",
				describe(L, r, what, sizeof(what)));
		rc = PRIO_EINVAL;
		goto failed;
	}
	if (total > EXPLAIN_MAX) {
		sandbox_message(sb, line, i, msg, "explain returned more than "
				"%d KB of text", EXPLAIN_MAX >> 10);
		rc = PRIO_EINVAL;
		goto failed;
	}
	return;
failed:
	send_error(c->out, rc, msg);
	c->failed = 1;
}

/* The child's work, as one protected call: no error escapes to panic. */
static int child_main(lua_State *L)
{
	struct child *c = lua_touserdata(L, 1);
	char msg[PRIO_ERR_MAX];
	int msgh, rc;

	lua_settop(L, 0);
	sandbox_open(L, &c->sb);
	sandbox_push_msgh(L);
	msgh = lua_gettop(L);
	rc = sandbox_load(L, &c->sb, msgh, msg);
	if (rc) {
		send_error(c->out, rc, msg);
		c->failed = 1;
		return 0;
	}
	if (c->explain != LUAM_NO_ITEM)
		explain_one(L, c, msgh);
	else if (c->sb.items)
		score_all(L, c, msgh, lua_gettop(L));
	return 0;
}

static int child_panic(lua_State *L)
{
	struct luam_sandbox *sb = alarm_sb;
	const char *m = lua_tostring(L, -1);
	char msg[PRIO_ERR_MAX];

	if (sb) {
		snprintf(msg, sizeof(msg), "%s: the Lua worker failed: %s",
			 sb->sc->path, m ? m : "?");
		luam_host->log(PRIO_LOG_ERROR, "%s", msg);
	}
#ifdef LUAM_IN_PROCESS
	abort();	/* every call is protected: a panic is a bug */
#else
	_exit(3);
#endif
}

/* The soft deadline: the count hook goes on after soft_ms. */
static void soft_deadline(long soft_ms, struct sigaction *old_sa,
			  struct itimerval *old_it)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SOFT_SIGNAL, &sa, old_sa);
	sigemptyset(&set);
	sigaddset(&set, SOFT_SIGNAL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (soft_ms < 1)
		soft_ms = 1;
	it.it_value.tv_sec = soft_ms / 1000;
	it.it_value.tv_usec = (soft_ms % 1000) * 1000;
	setitimer(SOFT_TIMER, &it, old_it);
}

#ifndef LUAM_IN_PROCESS
static void child_limits(const struct luam_script *sc, long soft_ms)
{
	struct rlimit cpu, core = { 0, 0 };
	rlim_t secs = (rlim_t)(sc->timeout_ms / 1000 + 2);

	/* Die with prio, even if prio is killed itself. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* A backstop should the parent's kill never come. */
	cpu.rlim_cur = secs;
	cpu.rlim_max = secs + 1;
	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_CORE, &core);
	soft_deadline(soft_ms, NULL, NULL);
}
#endif

/*
 * The run itself: a fresh Lua state, the script loaded, then every item
 * scored or one explained. Returns the state (NULL if none could be
 * made); c->failed says whether it failed.
 */
static lua_State *child_run(struct child *c, const struct luam_script *sc,
			    const struct prio_items *items)
{
	struct shared *sh = c->sh;
	lua_State *L;
	char msg[PRIO_ERR_MAX];
	int status;

	c->sb.sc = sc;
	c->sb.items = items;
	/* Explaining fills one item and scores none. */
	c->sb.count = items && c->explain == LUAM_NO_ITEM
		      ? luam_host->count(items) : 0;
	c->sb.mem_max = sc->max_memory;
	c->sb.budget = sc->max_instructions;
	c->sb.cur = LUAM_NO_ITEM;
	c->score = (double *)(void *)((char *)sh + SHARED_HEAD);
	c->klass = (int32_t *)(void *)(c->score + c->sb.count);

	L = lua_newstate(sandbox_alloc, &c->sb);
	if (!L) {
		snprintf(msg, sizeof(msg), "%s: cannot create a Lua state "
			 "within max_memory = %s", sc->path, sc->memory_text);
		send_error(c->out, PRIO_ELIMIT, msg);
		c->failed = 1;
		out_flush(c->out);
		return NULL;
	}
	*(struct luam_sandbox **)lua_getextraspace(L) = &c->sb;
	lua_atpanic(L, child_panic);
	c->sb.L = L;
	if (c->sb.budget) {
		c->sb.step = c->sb.budget > (1u << 20) ? (1 << 20)
						       : (int)c->sb.budget;
		lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, c->sb.step);
	}
	/* Many short-lived strings and tables: the generational GC fits. */
	lua_gc(L, LUA_GCGEN, 0, 0);

	lua_pushcfunction(L, child_main);
	lua_pushlightuserdata(L, c);
	status = lua_pcall(L, 1, 0, 0);
	if (status != LUA_OK) {
		/* Outside the script's own calls: building the state, filling
		   an item. Out of memory is the likely cause. */
		int is_limit, rc;

		rc = sandbox_error(L, &c->sb, status,
				   sh->current == LUAM_NO_ITEM ? LUAM_NO_ITEM
							       : sh->current,
				   msg, &is_limit);
		send_error(c->out, rc, msg);
		c->failed = 1;
	}
	if (!c->failed)
		out_record(c->out, 'D', NULL, 0, "", 0);
	out_flush(c->out);
	return L;
}

#ifdef LUAM_IN_PROCESS
/* The run in this process, its records into in (see the top). */
static void in_process(const struct luam_script *sc,
		       const struct prio_items *items, size_t explain,
		       struct shared *sh, struct inbuf *in, long soft_ms)
{
	static const struct itimerval off = { { 0, 0 }, { 0, 0 } };
	static struct out out;
	struct child c;
	struct sigaction old_sa;
	struct itimerval old_it;
	lua_State *L;

	memset(&c, 0, sizeof(c));
	out.fd = -1;
	out.mem = in;
	out.len = 0;
	out.broken = 0;
	c.out = &out;
	c.sh = sh;
	c.explain = explain;
	if (sc->nfields) {
		c.sb.slots = calloc((size_t)sc->nfields, sizeof(*c.sb.slots));
		c.sb.learned = calloc((size_t)sc->nfields, sizeof(int));
		if (!c.sb.slots || !c.sb.learned)
			abort();
	}
	alarm_sb = &c.sb;
	soft_deadline(soft_ms, &old_sa, &old_it);
	L = child_run(&c, sc, items);
	/*
	 * The timer off first: SIGPROF is unblocked in this (only) thread,
	 * so none is left pending once setitimer returns.
	 */
	setitimer(SOFT_TIMER, &off, NULL);
	alarm_sb = NULL;
	sigaction(SOFT_SIGNAL, &old_sa, NULL);
	setitimer(SOFT_TIMER, &old_it, NULL);
	if (L) {
		lua_sethook(L, NULL, 0, 0);
		lua_close(L);
	}
	free(c.sb.slots);
	free(c.sb.learned);
}
#else
static void child(const struct luam_script *sc, const struct prio_items *items,
		  size_t explain, struct shared *sh, int fd, long soft_ms,
		  pid_t parent)
{
	static struct out out;
	struct child c;

	memset(&c, 0, sizeof(c));
	out.fd = fd;
	c.out = &out;
	c.sh = sh;
	c.explain = explain;
	if (sc->nfields) {
		c.sb.slots = calloc((size_t)sc->nfields, sizeof(*c.sb.slots));
		c.sb.learned = calloc((size_t)sc->nfields, sizeof(int));
		if (!c.sb.slots || !c.sb.learned)
			_exit(5);
	}
	alarm_sb = &c.sb;
	child_limits(sc, soft_ms);
	if (getppid() != parent)
		_exit(4);	/* prio died before we could ask to follow it */
	child_run(&c, sc, items);
	/* No lua_close: the process ends, and that frees everything. */
	_exit(c.failed ? 1 : 0);
}
#endif

/* --- the parent ------------------------------------------------------- */

#ifndef LUAM_IN_PROCESS
static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int in_read(struct inbuf *b, int fd)
{
	ssize_t n;

	if (b->cap - b->len < 65536) {
		size_t cap = b->cap ? b->cap * 2 : 131072;
		char *p = realloc(b->p, cap);

		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	n = read(fd, b->p + b->len, b->cap - b->len);
	if (n > 0)
		b->len += (size_t)n;
	return n < 0 && (errno == EINTR || errno == EAGAIN) ? 1 : (int)n;
}
#endif

static int take_u32(const struct inbuf *b, size_t *pos, uint32_t *v)
{
	if (b->len - *pos < sizeof(*v))
		return -1;
	memcpy(v, b->p + *pos, sizeof(*v));
	*pos += sizeof(*v);
	return 0;
}

/* What the child reported: applied to res once the run is known good. */
struct report {
	int done;
	int no_explain;		/* an N record */
	int code;		/* of an E record, or 0 */
	const char *msg;
	size_t msglen;
};

/*
 * Walks the records. With apply, maps class numbers and marks unscored
 * items in res, and writes explain's lines to out; without, only finds
 * E, N and D.
 */
static int walk(const struct inbuf *b, struct report *rep,
		struct prio_result *res, struct prio_out *out, int apply,
		char *err)
{
	size_t pos = 0;
	int *map = NULL, nmap = 0;

	while (pos < b->len) {
		char type = b->p[pos++];
		uint32_t item = 0, code = 0, len;
		const char *text;

		if ((type == 'U' && take_u32(b, &pos, &item)) ||
		    (type == 'E' && take_u32(b, &pos, &code)) ||
		    take_u32(b, &pos, &len) || b->len - pos < len)
			goto bad;
		text = b->p + pos;
		pos += len;
		switch (type) {
		case 'D':
			rep->done = 1;
			break;
		case 'N':
			rep->no_explain = 1;
			break;
		case 'E':
			rep->code = -(int)code;
			rep->msg = text;
			rep->msglen = len;
			break;
		case 'L':
			if (apply && out &&
			    (luam_host->write(out, text, len) ||
			     luam_host->write(out, "\n", 1))) {
				free(map);
				snprintf(err, PRIO_ERR_MAX, "cannot write the "
					 "explanation");
				return PRIO_EIO;
			}
			break;
		case 'C':
			if (apply && res) {
				char name[CLASS_MAX + 1];
				int *m = realloc(map, (size_t)(nmap + 1) *
						 sizeof(int));

				if (!m)
					goto bad;
				map = m;
				snprintf(name, sizeof(name), "%.*s", (int)len,
					 text);
				map[nmap++] = luam_host->class_id(res, name);
			}
			break;
		case 'U':
			if (apply && res && item < res->count)
				luam_host->unscored(res, item, "%.*s", (int)len,
						    text);
			break;
		default:
			goto bad;
		}
	}
	if (apply && res) {
		for (size_t i = 0; i < res->count; i++) {
			int k = res->klass[i];

			if (k >= 0)
				res->klass[i] = k < nmap ? map[k] : -1;
		}
	}
	free(map);
	return 0;
bad:
	free(map);
	snprintf(err, PRIO_ERR_MAX, "the Lua worker sent a garbled report");
	return PRIO_EINTERNAL;
}

/* Why a child that sent no verdict ended. */
static int died(const struct luam_script *sc, const struct prio_items *items,
		const struct shared *sh, int wstatus, int killed, char *err)
{
	char name[128], limit[128], what[PRIO_ERR_MAX];
	size_t cur = sh->current;
	const char *item = NULL;
	int rc = PRIO_ELIMIT;

	if (cur != LUAM_NO_ITEM && items)
		item = items_name(sc, items, cur, name, sizeof(name));
	sandbox_limit_text(sc, LIMIT_TIME, limit, sizeof(limit));
	if (killed) {
		/* Lua code would have stopped at the soft limit, with a line. */
		snprintf(what, sizeof(what), "%s%s; the worker was stopped "
			 "inside a library call", limit,
			 item ? "" : " while loading the script");
	} else if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGXCPU) {
		snprintf(what, sizeof(what), "CPU time limit reached "
			 "(timeout = %s)", sc->timeout_text);
	} else if (WIFSIGNALED(wstatus)) {
		snprintf(what, sizeof(what), "the Lua worker died (signal %d)",
			 WTERMSIG(wstatus));
		rc = PRIO_EINTERNAL;
	} else {
		snprintf(what, sizeof(what), "the Lua worker ended without a "
			 "result (exit status %d)",
			 WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
		rc = PRIO_EINTERNAL;
	}
	sandbox_compose(err, sc->path, 0, item, what);
	return rc;
}

/*
 * A run: only loading (items NULL), scoring every item into res, or
 * explaining one item into out (explain not LUAM_NO_ITEM).
 */
static int run(const struct luam_script *sc, const struct prio_items *items,
	       struct prio_result *res, size_t explain, struct prio_out *out,
	       char *err)
{
	size_t n = res ? res->count : 0, size;
	long margin;
	struct shared *sh;
	struct inbuf in = { 0 };
	struct report rep = { 0 };
	int killed = 0, wstatus = 0, rc;
#ifndef LUAM_IN_PROCESS
	long start = now_ms(), deadline = start + sc->timeout_ms;
	int fds[2], eof = 0;
	pid_t pid, self = getpid();
#endif

	if (res && n != luam_host->count(items))
		return snprintf(err, PRIO_ERR_MAX, "the result has %zu places "
				"for %zu items", n, luam_host->count(items)),
		       PRIO_EINTERNAL;
	if (!res && explain == LUAM_NO_ITEM)
		items = NULL;	/* only loading */
	size = SHARED_HEAD + n * (sizeof(double) + sizeof(int32_t));
	sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		  -1, 0);
	if (sh == MAP_FAILED)
		return snprintf(err, PRIO_ERR_MAX, "cannot map %zu bytes for "
				"the Lua worker: %s", size, strerror(errno)),
		       PRIO_ENOMEM;
	sh->current = LUAM_NO_ITEM;
	/*
	 * The soft limit comes a fifth (at most half a second) before the
	 * hard one, so that on a busy machine Lua code still gets its clean
	 * error, with the line, before the kill.
	 */
	margin = sc->timeout_ms / 5 < 500 ? sc->timeout_ms / 5 : 500;
#ifdef LUAM_IN_PROCESS
	in_process(sc, items, explain, sh, &in, sc->timeout_ms - margin);
#else
	if (pipe2(fds, O_CLOEXEC) < 0) {
		munmap(sh, size);
		return snprintf(err, PRIO_ERR_MAX, "cannot make a pipe for the "
				"Lua worker: %s", strerror(errno)),
		       PRIO_EIO;
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		child(sc, items, explain, sh, fds[1],
		      sc->timeout_ms - margin - (now_ms() - start), self);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		munmap(sh, size);
		return snprintf(err, PRIO_ERR_MAX, "cannot start the Lua "
				"worker: %s", strerror(errno)),
		       PRIO_EIO;
	}
	for (;;) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		long left = deadline - now_ms();
		int r;

		if (left <= 0) {
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		r = in_read(&in, fds[0]);
		if (r <= 0) {
			eof = r == 0;	/* the child is done */
			break;
		}
	}
	/* Whatever stopped the reading, the child must not go on. */
	if (!eof && !killed)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
#endif

	rc = walk(&in, &rep, res, out, 0, err);
	if (!rc && rep.code && !killed) {
		snprintf(err, PRIO_ERR_MAX, "%.*s", (int)rep.msglen, rep.msg);
		rc = rep.code;
	} else if (!rc && (killed || !rep.done)) {
		rc = died(sc, items, sh, wstatus, killed, err);
	} else if (!rc && res) {
		const double *score = (const double *)(const void *)
			((const char *)sh + SHARED_HEAD);
		const int32_t *klass = (const int32_t *)(const void *)(score + n);

		for (size_t i = 0; i < n; i++) {
			res->score[i] = score[i];
			res->klass[i] = klass[i];
		}
		rc = walk(&in, &rep, res, NULL, 1, err);
	} else if (!rc && explain != LUAM_NO_ITEM) {
		rc = rep.no_explain ? LUAM_NO_EXPLAIN
				    : walk(&in, &rep, NULL, out, 1, err);
	}
	free(in.p);
	munmap(sh, size);
	return rc;
}

int worker_run(const struct luam_script *sc, const struct prio_items *items,
	       struct prio_result *res, char *err)
{
	return run(sc, items, res, LUAM_NO_ITEM, NULL, err);
}

int worker_explain(const struct luam_script *sc,
		   const struct prio_items *items, size_t item,
		   struct prio_out *out, char *err)
{
	if (item >= luam_host->count(items))
		return snprintf(err, PRIO_ERR_MAX, "no item %zu of %zu to "
				"explain", item, luam_host->count(items)),
		       PRIO_EINTERNAL;
	return run(sc, items, NULL, item, out, err);
}
