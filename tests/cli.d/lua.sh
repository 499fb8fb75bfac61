# lua.sh - the lua method from the command line: sourced by tests/cli.sh,
# with its helpers (test_case, run, expect_*, new_ws) and $PRIO, $B, $ROOT,
# $TMP. The scripts are tests/data/lua/*.lua, copied next to an INI file
# that names them relatively, as a user would. In --format csv output a
# row of acme.csv starts rank,score,class,unscored,key: "1,200,,,A-1".

LD="$TMP/lua"
mkdir -p "$LD/scoring"
cp "$ROOT"/tests/data/lua/*.lua "$LD/scoring/"
LCSV="$ROOT/tests/data/lua/acme.csv"
{
	printf '[method.acme]\nplugin = lua\nscript = scoring/acme.lua\n'
	printf 'param.strategic_weight = 2\ntimeout = 5s\n'
	for s in syntax runtime badreturn nofunction escape print; do
		printf '\n[method.%s]\nplugin = lua\nscript = scoring/%s.lua\n' "$s" "$s"
	done
	printf '\n[method.pattern]\nplugin = lua\nscript = scoring/pattern.lua\n'
	printf 'timeout = 500ms\n'
	printf '\n[method.loop]\nplugin = lua\nscript = scoring/loop.lua\n'
	printf 'max_instructions = 100000\n'
	printf '\n[method.lenient]\nplugin = lua\nscript = scoring/runtime.lua\n'
	printf 'on_error = unscored\n'
	printf '\n[method.missing]\nplugin = lua\nscript = scoring/nope.lua\n'
	printf '\n[method.age]\nplugin = lua\nscript = scoring/age.lua\n'
	printf 'reference_date = 2030-01-01\n'
} > "$LD/acme.ini"
LINI="$LD/acme.ini"

test_case "lua: the plugin is loaded and exports only its descriptor"
run "$PRIO" plugins
expect_status 0; expect_out "method  lua"
if command -v nm >/dev/null; then
	# (A sanitized build adds its own markers, such as __odr_asan.*.)
	[ "$(nm -D --defined-only "$B/lib/prio/plugins/lua.so" | awk '{print $3}' |
		grep -v '^__odr_asan')" = prio_plugin ] &&
		ok || bad "lua.so exports more than prio_plugin"
fi

test_case "lua: rank a file with a script, classes and unscored items"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method acme --format csv
expect_status 0
expect_line 1 "rank,score,class,unscored,key,title"
expect_line 2 "1,200,,,A-1"		# 500 * 2 / 5
expect_line 3 "2,100,bug,,A-2"
expect_line 4 "3,20,,,A-3"		# 100 * 2 / 10
expect_line 5 ",,,effort is missing,A-4"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method acme
expect_status 0; expect_out "unscored (1):"; expect_out "A-4"

test_case "lua: the same ranking on every run"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method acme --format csv
first=$out
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method acme --format csv
[ "$out" = "$first" ] && ok || bad "two runs differ"

test_case "lua: fields the script does not read still go out whole"
# fields = keeps title and labels from the script; rank --in keeps them
# only in the rows it copies out (csv), and as values for any other format.
printf '[method.few]\nplugin = lua\nscript = scoring/acme.lua\nparam.strategic_weight = 2\nfields = type, revenue, effort\n' > "$LD/few.ini"
run "$PRIO" -c "$LD/few.ini" rank --in "$LCSV" --method few --format csv
expect_status 0
expect_line 2 "1,200,,,A-1,Guest checkout,story,checkout,500,5"
expect_line 3 '2,100,bug,,A-2,Crash on login,bug,"urgent, login",0,2'
expect_line 5 ",,,effort is missing,A-4,Gift cards,story,payments,50,"
run "$PRIO" -c "$LD/few.ini" rank --in "$LCSV" --method few --format json
expect_status 0
expect_out '"title": "Crash on login"'; expect_out '"labels": "urgent, login"'

test_case "lua: the examples of config/lua.ini rank the sample"
run "$PRIO" -c "$ROOT/config/lua.ini" config
expect_status 0; expect_out "[method.rules]"
for m in rules wsjf_lua aging; do
	run "$PRIO" -c "$ROOT/config/lua.ini" rank --in "$ROOT/config/sample.csv" --method "$m" --format csv
	expect_status 0
done
run "$PRIO" -c "$ROOT/config/lua.ini" rank --in "$ROOT/config/sample.csv" --method rules
expect_line 2 "SHOP-3"; expect_line 2 "fix-now"
# The Lua WSJF gives what the wsjf method gives.
run "$PRIO" rank --in "$ROOT/config/sample.csv" --method wsjf --format csv
native=$out
run "$PRIO" -c "$ROOT/config/lua.ini" rank --in "$ROOT/config/sample.csv" --method wsjf_lua --format csv
[ "$out" = "$native" ] && ok || bad "wsjf.lua differs from wsjf: $(diff <(echo "$native") <(echo "$out") | head -5)"

test_case "lua: a workspace, with ages to a reference date"
new_ws lws
run "$PRIO" -C "$TMP/lws" -c "$LINI" rank --method age --format csv
expect_status 0
# Items were created today; 2030-01-01 is day 21915 after 1970-01-01.
expect_line 2 ",21915,"
# effort is a field of every workspace (RICE's), revenue is not.
run "$PRIO" -C "$TMP/lws" -c "$LINI" rank --method acme
expect_status 0; expect_line 2 "SHOP-3"; expect_line 2 "bug"
expect_out "effort is missing"
run "$PRIO" -C "$TMP/lws" -c "$LINI" rank --method runtime
expect_status 1; expect_err "runtime.lua:3: item SHOP-1: item has no field 'revenue'"

test_case "lua: loading errors name the script and line"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method syntax
expect_status 1; expect_err "scoring/syntax.lua:5: 'then' expected"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method nofunction
expect_status 1; expect_err "scoring/nofunction.lua: defines no function score(item)"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method missing
expect_status 1; expect_err "acme.ini:"; expect_err "[method.missing] script = 'scoring/nope.lua': cannot open"
printf '[method.bad]\nplugin = lua\nscript = %s\n' "$LD/scoring/syntax.lua" > "$LD/bad.ini"
run "$PRIO" -c "$LD/bad.ini" config
expect_status 1; expect_err "syntax.lua:5:"

test_case "lua: errors while scoring name script, line and item"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method runtime --format csv
expect_status 1
expect_err "scoring/runtime.lua:4: item A-4: attempt to perform arithmetic on a nil value (field 'effort')"
[ -z "$out" ] && ok || bad "output written despite the error"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method badreturn
expect_status 1; expect_err "scoring/badreturn.lua:2: item A-2: score returned a string ('high')"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method escape
expect_status 1; expect_err "scoring/escape.lua:3: item A-1: attempt to index a nil value (global 'io')"

test_case "lua: on_error = unscored lists the failing item"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method lenient
expect_status 0; expect_out "unscored (1):"
expect_out "A-4"; expect_out "scoring/runtime.lua:4: attempt to perform arithmetic"

test_case "lua: limits fail the rank"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method loop
expect_status 1
expect_err "scoring/loop.lua:4: item A-1: instruction limit reached (max_instructions = 100000)"
start=$(date +%s)
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method pattern
expect_status 1
expect_err "scoring/pattern.lua: item A-1: time limit reached (timeout = 500ms)"
[ $(( $(date +%s) - start )) -le 3 ] && ok || bad "the timeout did not hold"

test_case "lua: print goes to stderr, not into the output"
run "$PRIO" -c "$LINI" rank --in "$LCSV" --method print --format csv
expect_status 0
expect_err "scoring/print.lua: scoring\\tA-1"
expect_no_out "scoring"
expect_line 2 "1,500,,,A-1"

test_case "lua: explain runs the script's explain(item)"
new_ws lex
# wsjf.lua defines explain: the formula with the item's numbers.
run "$PRIO" -C "$TMP/lex" -c "$ROOT/config/lua.ini" explain --method wsjf_lua SHOP-1
expect_status 0
expect_out "method: wsjf_lua (plugin lua)"
expect_out "cost of delay = business_value + time_criticality + risk_reduction = 13 + 8 + 3 = 24"
expect_out "WSJF = cost of delay / job_size = 24 / 5 = 4.8"
expect_out "score: 4.8"
# Its lines come after the inputs, before the score.
printf '%s\n' "$out" | awk '/^inputs:/ { i = NR } /^WSJF = / { w = NR }
	/^score: / { s = NR } END { exit !(i && i < w && w < s) }' &&
	ok || bad "explain's lines out of place"
# rules.lua has no explain: what score returned.
run "$PRIO" -C "$TMP/lex" -c "$ROOT/config/lua.ini" explain --method rules SHOP-3
expect_status 0; expect_out "score(item) returned 1000"; expect_out "class: fix-now"
# A failing explain names script, line and item.
printf 'function score(item) return 1 end\nfunction explain(item)\n  return item.nope\nend\n' > "$LD/scoring/badexplain.lua"
printf '[method.bx]\nplugin = lua\nscript = scoring/badexplain.lua\n' > "$LD/bx.ini"
run "$PRIO" -C "$TMP/lex" -c "$LD/bx.ini" explain --method bx SHOP-2
expect_status 1; expect_err "scoring/badexplain.lua:3: item SHOP-2: item has no field 'nope'"
printf 'function score(item) return 1 end\nfunction explain(item)\n  return 42\nend\n' > "$LD/scoring/badexplain.lua"
run "$PRIO" -C "$TMP/lex" -c "$LD/bx.ini" explain --method bx SHOP-2
expect_status 1; expect_err "scoring/badexplain.lua:2: item SHOP-2: explain returned 42: return a string, or a table of strings"
