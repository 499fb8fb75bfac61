/*
 * items.c - the item a script's score(item) reads.
 *
 * One Lua table serves every item: building a fresh table per item would
 * cost a million allocations per run. The table learns which fields the
 * script reads: a read it cannot answer goes to __index, which fetches
 * the value by the field's handle and marks the field; from then on the
 * field is filled in before each call, so the script's reads are plain
 * table reads. Fields the script never reads cost nothing.
 *
 * A script may assign to item.x inside a call: the value lasts until the
 * next item (learned fields are refilled, other keys cleared), so one
 * item's call cannot change what the next one sees.
 */
#include "luam.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

const char *items_name(const struct luam_script *sc,
		       const struct prio_items *items, size_t i, char *buf,
		       size_t size)
{
	const char *v;
	size_t len;

	if (items && sc->key_handle >= 0) {
		v = luam_host->text(items, sc->key_handle, i, &len);
		if (v && len) {
			snprintf(buf, size, "%.*s", len > 64 ? 64 : (int)len, v);
			return buf;
		}
	}
	if (items && sc->id_handle >= 0) {
		v = luam_host->text(items, sc->id_handle, i, &len);
		if (v && len) {
			snprintf(buf, size, "%.*s", len > 64 ? 64 : (int)len, v);
			return buf;
		}
	}
	snprintf(buf, size, "#%zu", i + 1);	/* its place in the set */
	return buf;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Days since 1970-01-01 of a date in the proleptic Gregorian calendar:
 * counted in 400-year eras of 146097 days, each year starting in March so
 * that the leap day is the last day of its year.
 */
static long long civil_days(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int items_parse_date(const char *s, size_t len, long long *day)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int y, m, d;

	if (len < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (len > 10 && s[10] != 'T' && s[10] != ' ')
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		return -1;
	*day = civil_days(y, m, d);
	return 0;
}

/* "a, b,c" -> { "a", "b", "c", a = true, b = true, c = true } */
static void push_labels(lua_State *L, const char *s, size_t len)
{
	const char *end;
	int n = 0;

	lua_createtable(L, 4, 4);
	if (!s)
		return;		/* no labels (and NULL + 0 is undefined) */
	end = s + len;
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *b = s, *e = comma ? comma : end;

		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > b) {
			lua_pushlstring(L, b, (size_t)(e - b));
			lua_pushvalue(L, -1);
			lua_rawseti(L, -3, ++n);
			lua_pushboolean(L, 1);
			lua_rawset(L, -3);
		}
		s = comma ? comma + 1 : end;
	}
}

/* Pushes field f of item i (nil when the item has no value). */
static void push_value(lua_State *L, struct luam_sandbox *sb, int f, size_t i)
{
	const struct luam_field *fd = &sb->sc->fields[f];
	struct luam_slot *slot = &sb->slots[f];
	const char *v;
	long long day;
	size_t len;

	switch (fd->kind) {
	case LK_NUMBER:
		if (!slot->num)
			slot->num = luam_host->numbers(sb->items, fd->handle);
		if (slot->num && !isnan(slot->num[i])) {
			lua_pushnumber(L, slot->num[i]);
			return;
		}
		/* not a number: the text says what it is, if anything */
		/* fall through */
	case LK_TEXT:
		v = luam_host->text(sb->items, fd->handle, i, &len);
		if (v)
			lua_pushlstring(L, v, len);
		else
			lua_pushnil(L);
		return;
	case LK_LABELS:
		v = luam_host->text(sb->items, fd->handle, i, &len);
		push_labels(L, v, v ? len : 0);
		return;
	case LK_AGE:
		v = NULL;
		if (fd->handle >= 0)
			v = luam_host->text(sb->items, fd->handle, i, &len);
		if (v && items_parse_date(v, len, &day) == 0)
			lua_pushinteger(L, (lua_Integer)
					(sb->sc->reference_day - day));
		else
			lua_pushnil(L);
		return;
	}
	lua_pushnil(L);
}

static void learn(struct luam_sandbox *sb, int f)
{
	if (!sb->slots[f].learned) {
		sb->slots[f].learned = 1;
		sb->learned[sb->nlearned++] = f;
	}
}

/* The field number of the key at idx, from the map (upvalue 1), or -1. */
static int field_of(lua_State *L, int idx)
{
	int f = -1;

	lua_pushvalue(L, idx);
	if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TNUMBER)
		f = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	return f;
}

static int item_index(lua_State *L)
{
	struct luam_sandbox *sb = sandbox_of(L);
	int f = field_of(L, 2);

	if (f < 0) {
		const char *k = lua_tostring(L, 2);

		if (lua_type(L, 2) != LUA_TSTRING)
			return 0;	/* item[1] is nil: ipairs(item) ends */
		if (!strcmp(k, "age_days"))
			return luaL_error(L, "item.age_days needs reference_date "
					  "= YYYY-MM-DD in [%s]",
					  sb->sc->section);
		return luaL_error(L, "item has no field '%s'", k);
	}
	learn(sb, f);
	push_value(L, sb, f, sb->cur);
	if (!lua_isnil(L, -1)) {
		lua_pushvalue(L, 2);
		lua_pushvalue(L, -2);
		lua_rawset(L, 1);
	}
	return 1;
}

/* item.x = v: a field is learned (refilled next item), else remembered. */
static int item_newindex(lua_State *L)
{
	struct luam_sandbox *sb = sandbox_of(L);
	int f = field_of(L, 2);

	if (f >= 0) {
		learn(sb, f);
	} else {
		lua_pushvalue(L, 2);
		lua_rawseti(L, lua_upvalueindex(2), ++sb->nextras);
	}
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

static int item_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_next(L, 1))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* pairs(item): every field of this item, read or not. */
static int item_pairs(lua_State *L)
{
	struct luam_sandbox *sb = sandbox_of(L);
	int all;

	lua_pushcfunction(L, item_next);
	lua_createtable(L, 0, sb->sc->nfields);
	all = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, all);
	}
	for (int f = 0; f < sb->sc->nfields; f++) {
		lua_pushstring(L, sb->sc->fields[f].name);
		lua_pushvalue(L, -1);
		if (lua_rawget(L, all) != LUA_TNIL) {
			lua_pop(L, 2);
			continue;
		}
		lua_pop(L, 1);
		push_value(L, sb, f, sb->cur);
		lua_rawset(L, all);
	}
	lua_pushnil(L);
	return 3;
}

void items_open(lua_State *L, struct luam_sandbox *sb)
{
	const struct luam_script *sc = sb->sc;

	/*
	 * The fields' names, interned once, in stack slots of their own:
	 * pushing a slot is cheaper than reading a table, per field per item.
	 */
	luaL_checkstack(L, sc->nfields + LUA_MINSTACK, "too many fields");
	sb->keys_idx = lua_gettop(L) + 1;
	for (int f = 0; f < sc->nfields; f++)
		lua_pushstring(L, sc->fields[f].name);
	/* keys the script added to the item, cleared per item */
	lua_newtable(L);
	sb->extras_idx = lua_gettop(L);

	lua_newtable(L);
	sb->t_idx = lua_gettop(L);
	lua_createtable(L, 0, 4);	/* its metatable */
	lua_createtable(L, 0, sc->nfields);	/* name -> field number */
	for (int f = 0; f < sc->nfields; f++) {
		lua_pushinteger(L, f);
		lua_setfield(L, -2, sc->fields[f].name);
	}
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, item_index, 1);
	lua_setfield(L, -3, "__index");
	lua_pushvalue(L, sb->extras_idx);
	lua_pushcclosure(L, item_newindex, 2);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, item_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushliteral(L, "item");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, sb->t_idx);
}

void items_fill(lua_State *L, struct luam_sandbox *sb, size_t i)
{
	int t = sb->t_idx, keys = sb->keys_idx;

	sb->cur = i;
	for (int k = 0; k < sb->nlearned; k++) {
		int f = sb->learned[k];

		lua_pushvalue(L, keys + f);
		push_value(L, sb, f, i);
		lua_rawset(L, t);
	}
	while (sb->nextras > 0) {
		lua_rawgeti(L, sb->extras_idx, sb->nextras);
		lua_pushnil(L);
		lua_rawset(L, t);
		lua_pushnil(L);
		lua_rawseti(L, sb->extras_idx, sb->nextras--);
	}
}
