/*
 * sandbox.c - the Lua state a scoring script runs in.
 *
 * Safe by construction: the script's globals are a fresh table filled from
 * allowlists (never a full environment with parts deleted: Redis on Debian
 * left `package` reachable that way, CVE-2022-0543), and that table also
 * replaces the state's global table, so no C function can reach anything
 * else either. Only text chunks load. The strings' metatable is locked and
 * its __index is the allowlisted string table, so ('x'):dump() finds no
 * dump. There is no load, require, io, os, package, debug, coroutine or
 * collectgarbage, and math.random is seeded with a constant.
 *
 * Limits: memory through our lua_Alloc, instructions through a count
 * hook, time through SIGALRM switching the hook on (worker.c). Limit
 * errors cannot be caught by the script's pcall: the wrappers rethrow.
 * The hook never runs inside C functions or __gc finalizers, which is why
 * the worker is also killed at its deadline and why setmetatable refuses
 * __gc.
 */
#include "luam.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

/* A fixed seed: the same item must get the same score on every run. */
#define RANDOM_SEED 20261123

/* The most instructions between two calls of the count hook. */
#define HOOK_STEP_MAX (1 << 20)

void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct luam_sandbox *sb = ud;
	size_t old = ptr ? osize : 0;	/* without ptr, osize is a type */
	void *p;

	if (nsize == 0) {
		free(ptr);
		sb->mem_used -= old;
		return NULL;
	}
	/* Only growth can be refused: Lua assumes shrinking succeeds. */
	if (nsize > old && nsize - old > sb->mem_max - sb->mem_used)
		return NULL;
	p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	sb->mem_used = sb->mem_used - old + nsize;
	return p;
}

static void set_step(lua_State *L, struct luam_sandbox *sb)
{
	unsigned long long left = sb->budget - sb->used;

	sb->step = left > HOOK_STEP_MAX ? HOOK_STEP_MAX : (int)left;
	lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, sb->step);
}

const char *sandbox_limit_text(const struct luam_script *sc,
			       enum luam_limit limit, char *buf, size_t size)
{
	switch (limit) {
	case LIMIT_INSTRUCTIONS:
		snprintf(buf, size, "instruction limit reached "
			 "(max_instructions = %s)", sc->instructions_text);
		break;
	case LIMIT_MEMORY:
		snprintf(buf, size, "memory limit reached (max_memory = %s)",
			 sc->memory_text);
		break;
	case LIMIT_TIME:
		snprintf(buf, size, "time limit reached (timeout = %s)",
			 sc->timeout_text);
		break;
	default:
		snprintf(buf, size, "no limit");
	}
	return buf;
}

/*
 * The count hook: the budget, and the time limit once SIGALRM has set
 * timed_out (and the hook, with a count of 1). After a limit every
 * further instruction raises again, so no handler can keep running.
 */
void sandbox_hook(lua_State *L, lua_Debug *ar)
{
	struct luam_sandbox *sb = sandbox_of(L);
	char what[128];

	if (sb->timed_out) {
		if (sb->fatal == LIMIT_NONE)
			sb->fatal = LIMIT_TIME;
	} else if (sb->fatal == LIMIT_NONE) {
		if (!sb->budget)
			return;
		sb->used += (unsigned)sb->step;
		if (sb->used < sb->budget) {
			set_step(L, sb);
			return;
		}
		sb->fatal = LIMIT_INSTRUCTIONS;
	}
	if (!sb->fatal_line && lua_getinfo(L, "Sl", ar) &&
	    !strcmp(ar->source, sb->sc->chunkname))
		sb->fatal_line = ar->currentline;
	lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	lua_pushstring(L, sandbox_limit_text(sb->sc, sb->fatal, what,
					     sizeof(what)));
	lua_error(L);
}

/* pcall, except that limits (and running out of memory) go through. */
static int sb_pcall(lua_State *L)
{
	struct luam_sandbox *sb = sandbox_of(L);
	int status;

	luaL_checkany(L, 1);
	status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	if (status == LUA_ERRMEM && sb->fatal == LIMIT_NONE)
		sb->fatal = LIMIT_MEMORY;
	if (sb->fatal != LIMIT_NONE)
		return lua_error(L);
	luaL_checkstack(L, 1, NULL);
	lua_pushboolean(L, status == LUA_OK);
	lua_insert(L, 1);
	return lua_gettop(L);
}

/*
 * The handler xpcall really installs. A limit error is raised from the
 * count hook, and Lua calls message handlers before it unwinds, that is
 * while hooks are still off: the script's handler would run unlimited.
 * So after a limit it is skipped, and the error goes on as it is.
 */
static int sb_xpcall_handler(lua_State *L)
{
	if (sandbox_of(L)->fatal != LIMIT_NONE)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* xpcall(f, handler, ...), with the same rule as pcall. */
static int sb_xpcall(lua_State *L)
{
	struct luam_sandbox *sb = sandbox_of(L);
	int n = lua_gettop(L), status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, sb_xpcall_handler, 1);
	lua_replace(L, 2);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 1);	/* f, handler, f, args... */
	status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
	if (status == LUA_ERRMEM && sb->fatal == LIMIT_NONE)
		sb->fatal = LIMIT_MEMORY;
	if (sb->fatal != LIMIT_NONE)
		return lua_error(L);
	luaL_checkstack(L, 1, NULL);
	lua_pushboolean(L, status == LUA_OK);
	lua_replace(L, 2);	/* the handler's slot takes the flag */
	return lua_gettop(L) - 1;
}

/*
 * setmetatable for tables, without __gc: a finalizer runs with hooks off,
 * so neither the budget nor the soft time limit could stop it. A __gc
 * added later does not count (Lua marks objects when the metatable is
 * set), so refusing it here is enough.
 */
static int sb_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__gc metamethods are not allowed");
		lua_pop(L, 1);
	}
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/*
 * print goes to stderr as "prio: SCRIPT: ...", never to the output, and
 * the host shows its control characters as escapes. A run prints at most
 * PRINT_MAX bytes: a loop of prints would otherwise flood the terminal
 * (hundreds of megabytes a second) until the run's limits stop it.
 */
#define PRINT_MAX (64 * 1024)

static int sb_print(lua_State *L)
{
	struct luam_sandbox *sb = sandbox_of(L);
	int n = lua_gettop(L);
	size_t len, room = PRINT_MAX - sb->printed;
	const char *s;
	luaL_Buffer b;

	if (sb->printed >= PRINT_MAX)
		return 0;	/* cut, and said so once */
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	s = lua_tolstring(L, -1, &len);
	sb->printed += len + 1;	/* and its newline */
	if (len < room) {
		luam_host->log(PRIO_LOG_INFO, "%s: %s", sb->sc->shown, s);
		return 0;
	}
	luam_host->log(PRIO_LOG_INFO, "%s: %.*s", sb->sc->shown, (int)room, s);
	luam_host->log(PRIO_LOG_WARN, "%s: print: more than %d KiB in one "
		       "run; the rest is not shown", sb->sc->shown,
		       PRINT_MAX / 1024);
	sb->printed = PRINT_MAX;
	return 0;
}

/* days("2026-11-23") -> days since 1970-01-01, or nil. */
static int sb_days(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	long long day;

	if (items_parse_date(s, len, &day) == 0)
		lua_pushinteger(L, (lua_Integer)day);
	else
		lua_pushnil(L);
	return 1;
}

/* Copies the named fields of the table at `from` into the table at `to`. */
static void copy_fields(lua_State *L, int from, int to,
			const char *const *names)
{
	for (; *names; names++) {
		lua_getfield(L, from, *names);
		lua_setfield(L, to, *names);
	}
}

/* Opens a standard library by calling its opener, as a C function. */
static void open_lib(lua_State *L, lua_CFunction opener)
{
	lua_pushcfunction(L, opener);
	lua_call(L, 0, 1);
}

static const char *const base_names[] = {
	"assert", "error", "getmetatable", "ipairs", "next", "pairs",
	"rawequal", "rawget", "rawlen", "select", "tonumber", "tostring",
	"type", "_VERSION", NULL
};
static const char *const string_names[] = {
	"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower",
	"match", "pack", "packsize", "rep", "reverse", "sub", "unpack",
	"upper", NULL	/* no dump */
};
static const char *const table_names[] = {
	"concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL
};
static const char *const math_names[] = {
	"abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor",
	"fmod", "huge", "log", "max", "maxinteger", "min", "mininteger",
	"modf", "pi", "rad", "random", "sin", "sqrt", "tan", "tointeger",
	"type", "ult", NULL	/* no randomseed: the seed is ours */
};
static const char *const utf8_names[] = {
	"char", "charpattern", "codepoint", "codes", "len", "offset", NULL
};
static const luaL_Reg own_funcs[] = {
	{ "pcall", sb_pcall },
	{ "xpcall", sb_xpcall },
	{ "setmetatable", sb_setmetatable },
	{ "print", sb_print },
	{ "days", sb_days },
	{ NULL, NULL }
};

/* A param's value: a number when all of it reads as one, else text. */
static void push_param(lua_State *L, const char *v)
{
	size_t len = strlen(v);

	if (!len || lua_stringtonumber(L, v) != len + 1)
		lua_pushstring(L, v);
}

void sandbox_open(lua_State *L, struct luam_sandbox *sb)
{
	const struct luam_script *sc = sb->sc;
	int env, lib, copy;

	lua_newtable(L);
	env = lua_gettop(L);

	/*
	 * The base library writes itself into the state's first global
	 * table; we take what we allow from there, and that table is then
	 * replaced by env and never reachable again.
	 */
	open_lib(L, luaopen_base);
	lib = lua_gettop(L);
	copy_fields(L, lib, env, base_names);
	lua_settop(L, env);
	luaL_setfuncs(L, own_funcs, 0);
	lua_pushvalue(L, env);
	lua_setfield(L, env, "_G");

	open_lib(L, luaopen_string);
	lib = lua_gettop(L);
	lua_newtable(L);
	copy = lua_gettop(L);
	copy_fields(L, lib, copy, string_names);
	/* Methods on strings find the copy; the metatable is hidden. */
	lua_pushliteral(L, "");
	if (!lua_getmetatable(L, -1))
		luaL_error(L, "strings have no metatable");
	lua_pushvalue(L, copy);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pushvalue(L, copy);
	lua_setfield(L, env, "string");
	lua_settop(L, env);

	open_lib(L, luaopen_table);
	lua_newtable(L);
	copy_fields(L, lua_gettop(L) - 1, lua_gettop(L), table_names);
	lua_setfield(L, env, "table");
	lua_settop(L, env);

	open_lib(L, luaopen_math);
	lib = lua_gettop(L);
	lua_getfield(L, lib, "randomseed");
	lua_pushinteger(L, RANDOM_SEED);
	lua_call(L, 1, 0);
	lua_newtable(L);
	copy_fields(L, lib, lib + 1, math_names);
	lua_setfield(L, env, "math");
	lua_settop(L, env);

	open_lib(L, luaopen_utf8);
	lua_newtable(L);
	copy_fields(L, lua_gettop(L) - 1, lua_gettop(L), utf8_names);
	lua_setfield(L, env, "utf8");
	lua_settop(L, env);

	lua_createtable(L, 0, (int)sc->nparams);
	for (size_t i = 0; i < sc->nparams; i++) {
		push_param(L, sc->params[i].value);
		lua_setfield(L, -2, sc->params[i].name);
	}
	lua_setfield(L, env, "params");
	if (sc->has_reference) {
		lua_pushinteger(L, (lua_Integer)sc->reference_day);
		lua_setfield(L, env, "today");
		lua_pushstring(L, sc->reference_text);
		lua_setfield(L, env, "reference_date");
	}

	/* env becomes the global table: chunks get it as their _ENV. */
	lua_pushvalue(L, env);
	lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
	lua_settop(L, env - 1);
}

/*
 * The message handler: keeps the error text and notes the innermost line
 * of the script on the stack (the error may come from a C function the
 * script called, or be raised with error(msg, 0)).
 */
static int sb_msgh(lua_State *L)
{
	struct luam_sandbox *sb = sandbox_of(L);
	lua_Debug ar;

	if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER) {
		if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
			lua_pop(L, 1);
			luaL_tolstring(L, 1, NULL);
		} else {
			lua_pushfstring(L, "error object is a %s value",
					luaL_typename(L, 1));
		}
		lua_replace(L, 1);
	}
	sb->err_line = 0;
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar))
			break;
		if (ar.currentline > 0 && !strcmp(ar.source, sb->sc->chunkname)) {
			sb->err_line = ar.currentline;
			break;
		}
	}
	lua_settop(L, 1);
	return 1;
}

void sandbox_push_msgh(lua_State *L)
{
	lua_pushcfunction(L, sb_msgh);
}

void sandbox_message(struct luam_sandbox *sb, int line, size_t item,
		     char *msg, const char *fmt, ...)
{
	const char *path = sb->sc->path, *what = sb->what;
	char name[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sb->what, sizeof(sb->what), fmt, ap);
	va_end(ap);
	sb->what_line = line;
	if (item != LUAM_NO_ITEM)
		items_name(sb->sc, sb->items, item, name, sizeof(name));
	sandbox_compose(msg, path, line,
			item != LUAM_NO_ITEM ? name : NULL, what);
}

/* Appends s to msg (n bytes so far), cut to fit PRIO_ERR_MAX. */
static size_t put(char *msg, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (len > PRIO_ERR_MAX - 1 - n)
		len = PRIO_ERR_MAX - 1 - n;
	memcpy(msg + n, s, len);
	msg[n + len] = '\0';
	return n + len;
}

void sandbox_compose(char *msg, const char *path, int line, const char *item,
		     const char *what)
{
	char num[24];
	size_t n = put(msg, 0, path);

	if (line > 0) {
		snprintf(num, sizeof(num), ":%d", line);
		n = put(msg, n, num);
	}
	n = put(msg, n, ": ");
	if (item) {
		n = put(msg, n, "item ");
		n = put(msg, n, item);
		n = put(msg, n, ": ");
	}
	put(msg, n, what);
}

/*
 * Lua starts most messages with "SHORT_SRC:LINE: ", SHORT_SRC being the
 * chunk name cut to 60 bytes. We name the script in full ourselves, so
 * that prefix goes, and its line wins over the stack's (error(msg, 2)
 * points at the caller on purpose).
 */
static const char *strip_where(const struct luam_sandbox *sb, const char *msg,
			       int *line)
{
	size_t n = strlen(sb->short_src);
	const char *p = msg + n;
	int l = 0;

	if (!n || strncmp(msg, sb->short_src, n) || *p != ':')
		return msg;
	for (p++; *p >= '0' && *p <= '9'; p++)
		l = l < 100000000 ? l * 10 + (*p - '0') : l;
	if (p == msg + n + 1 || p[0] != ':' || p[1] != ' ')
		return msg;
	*line = l;
	return p + 2;
}

int sandbox_error(lua_State *L, struct luam_sandbox *sb, int status,
		  size_t item, char *msg, int *is_limit)
{
	const char *text = lua_tostring(L, -1);
	int line = sb->err_line;
	char what[128];

	if (status == LUA_ERRMEM && sb->fatal == LIMIT_NONE)
		sb->fatal = LIMIT_MEMORY;
	*is_limit = sb->fatal != LIMIT_NONE;
	if (*is_limit) {
		/* The hook knows the line; memory errors have none. */
		line = sb->fatal == LIMIT_MEMORY ? 0 : sb->fatal_line;
		sandbox_message(sb, line, item, msg, "%s",
				sandbox_limit_text(sb->sc, sb->fatal, what,
						   sizeof(what)));
		lua_pop(L, 1);
		return PRIO_ELIMIT;
	}
	if (!text)
		text = "error object is not a string";
	text = strip_where(sb, text, &line);
	if (status == LUA_ERRERR)
		sandbox_message(sb, line, item, msg, "error in error handling");
	else
		sandbox_message(sb, line, item, msg, "%s", text);
	lua_pop(L, 1);
	return PRIO_EINVAL;
}

int sandbox_load(lua_State *L, struct luam_sandbox *sb, int msgh, char *msg)
{
	const struct luam_script *sc = sb->sc;
	lua_Debug ar;
	int status, is_limit;

	/*
	 * Lua's short name of the chunk, to strip from its messages: an
	 * empty chunk of the same name has it, whether or not the script
	 * itself compiles.
	 */
	if (luaL_loadbufferx(L, "", 0, sc->chunkname, "t") == LUA_OK) {
		lua_getinfo(L, ">S", &ar);
		snprintf(sb->short_src, sizeof(sb->short_src), "%s",
			 ar.short_src);
	} else {
		lua_pop(L, 1);
	}
	sb->err_line = 0;
	status = luaL_loadbufferx(L, sc->src, sc->srclen, sc->chunkname, "t");
	if (status != LUA_OK)	/* the line is in Lua's own prefix */
		return sandbox_error(L, sb, status, LUAM_NO_ITEM, msg, &is_limit);
	status = lua_pcall(L, 0, 0, msgh);
	if (status != LUA_OK)
		return sandbox_error(L, sb, status, LUAM_NO_ITEM, msg, &is_limit);
	if (lua_getglobal(L, "score") != LUA_TFUNCTION) {
		lua_pop(L, 1);
		sandbox_message(sb, 0, LUAM_NO_ITEM, msg,
				"defines no function score(item) (write "
				"'function score(item) ... end', not local)");
		return PRIO_EINVAL;
	}
	return 0;
}
