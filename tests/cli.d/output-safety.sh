# Output that cannot attack a terminal or a spreadsheet, and the test
# plumbing (the version said once). Sourced by tests/cli.sh.

test_case "the version is the Makefile's"
run "$PRIO" --version
expect_status 0
expect_out "prio $(sed -n 's/^VERSION = //p' "$ROOT/Makefile") (plugin ABI"

# --- output that cannot attack the terminal (issue 16) ----------------------
# Every printer for people shows control characters, C1 controls and bytes
# that are not UTF-8 as escapes (\e, \r, \u009b, \xff ...); machine formats
# keep the data exact.

# expect_clean: neither stdout nor stderr holds a control character (but
# newline), a C1 control or a byte that is not UTF-8.
expect_clean() {
	if printf '%s%s' "$out" "$err" | LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')"; then
		bad "a control character reached the terminal"
	elif printf '%s%s' "$out" "$err" | LC_ALL=C grep -q "$(printf '\302[\200-\237]')"; then
		bad "a C1 control reached the terminal"
	elif ! printf '%s%s' "$out" "$err" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then
		bad "a byte that is not UTF-8 reached the terminal"
	else
		ok
	fi
}

EVIL=$(printf 'Evil \033]0;PWNED\007\033[2J \r\302\233 \377 end')
SHOWN='Evil \e]0;PWNED\a\e[2J \r\u009b \xff end'
export PRIO_TODAY=2026-12-02
"$PRIO" init "$TMP/evil" >/dev/null
EW="$TMP/evil"
"$PRIO" -C "$EW" add "$EVIL" key=EV-1 business_value=3 time_criticality=2 \
	risk_reduction=1 job_size=2 story="$(printf 'As a\nhacker \033[31m')" >/dev/null
"$PRIO" -C "$EW" add "Plain" key=OK-1 business_value=1 time_criticality=1 \
	risk_reduction=1 job_size=3 reach=1 impact=1 confidence=50 effort=1 >/dev/null
"$PRIO" -C "$EW" add "$EVIL" key="$(printf 'K\033[2J')" >/dev/null
"$PRIO" -C "$EW" roadmap add "$EVIL" --horizon 2026-Q3 >/dev/null
"$PRIO" -C "$EW" set EV-1 initiative="$EVIL" >/dev/null
"$PRIO" -C "$EW" vision set "$(printf 'Line one\n%s' "$EVIL")" >/dev/null
"$PRIO" -C "$EW" criteria add EV-1 "$EVIL" >/dev/null
# A closed sprint (for velocity) and an open one, both named EVIL...
PRIO_TODAY=2026-11-20 "$PRIO" -C "$EW" sprint new "$EVIL" --start 2026-11-17 \
	--end 2026-11-30 --capacity 10 >/dev/null
PRIO_TODAY=2026-11-20 "$PRIO" -C "$EW" sprint add OK-1 >/dev/null
PRIO_TODAY=2026-11-30 "$PRIO" -C "$EW" sprint close >/dev/null
"$PRIO" -C "$EW" sprint new "$EVIL 2" --start 2026-12-01 --end 2026-12-14 \
	--capacity 10 >/dev/null
"$PRIO" -C "$EW" sprint add EV-1 >/dev/null
printf '\n[users]\n%s = product\n\n[stability]\nspread.job_size = 1 step\n' \
	"$(printf 'ev\033[2Jil')" >> "$EW/prio.ini"

for c in list rank "show EV-1" "explain EV-1" log "compare wsjf rice" \
	"stability --runs 20" roadmap "sprint show" "criteria list EV-1" velocity \
	burndown "burndown --release" vision roles config "config --origin" method; do
	test_case "no raw control characters: prio $c"
	# shellcheck disable=SC2086
	run "$PRIO" -C "$EW" $c
	expect_status 0
	expect_clean
done

test_case "completion offers no key the terminal would obey"
run "$PRIO" -C "$EW" completion --words keys
expect_status 0
expect_out "EV-1"
expect_clean
expect_no_out 'K\e'

test_case "the escaped title is what people see"
run "$PRIO" -C "$EW" list
expect_line 2 "EV-1    $SHOWN   3.00"
expect_out 'K\e[2J'
run "$PRIO" -C "$EW" show EV-1
expect_out "title:             $SHOWN"
# A story keeps its lines, aligned under the first.
expect_out "$(printf 'story:             As a\n                   hacker \\e[31m')"
run "$PRIO" -C "$EW" vision
expect_out "$(printf 'Line one\n%s' "$SHOWN")"
run "$PRIO" -C "$EW" roadmap
expect_out "$SHOWN"
run "$PRIO" -C "$EW" roles
expect_out 'ev\e[2Jil'
run "$PRIO" -C "$EW" sprint show
expect_out "sprint $SHOWN 2  2026-12-01"
run "$PRIO" -C "$EW" velocity
expect_line 2 "$SHOWN"
run "$PRIO" -C "$EW" burndown --release
expect_line 2 "$SHOWN"

test_case "the table measures the escaped title: columns stay aligned"
run "$PRIO" -C "$EW" list
# SCORE is right-aligned: its column ends where the header's does.
h=$(printf '%s\n' "$out" | sed -n 1p); r1=$(printf '%s\n' "$out" | sed -n 2p)
r2=$(printf '%s\n' "$out" | sed -n 3p)
[ "${#h}" -eq "${#r1}" ] && [ "${#h}" -eq "${#r2}" ] && ok ||
	bad "header, rows: ${#h}, ${#r1}, ${#r2} characters"
# On a terminal titles are cut to fit, never inside an escape.
COLUMNS=40 run script -qec "$PRIO -C $EW list" /dev/null
out=$(printf '%s\n' "$out" | sed 's/\r$//')	# the terminal's line ends
expect_clean
expect_out 'Evil \e]0;'

test_case "error messages show the data they quote escaped"
run "$PRIO" -C "$EW" show "$(printf 'x\033[2J\r')"
expect_status 1
expect_err "no item 'x\\e[2J\\r'"
expect_clean
printf 'key,title,job_size\nX-1,"a\033[2Jb",\033]0;x\007\n' > "$TMP/evil1.csv"
run "$PRIO" -C "$EW" import --dry-run "$TMP/evil1.csv"
expect_out "column job_size: not a number: '\\e]0;x\\a'"
expect_clean
run "$PRIO" -C "$EW" import "$TMP/evil1.csv"
expect_status 1
expect_err "column job_size: not a number: '\\e]0;x\\a'"
expect_clean
printf 'key,ti\033[2Jtle\n' > "$TMP/evil2.csv"
run "$PRIO" -C "$EW" import "$TMP/evil2.csv"
expect_status 1
expect_err "unknown column 'ti\\e[2Jtle'"
expect_clean
run "$PRIO" -C "$EW" --set "rank.method=$(printf 'x\033[2J')" list
expect_status 1
expect_err "unknown method 'x\\e[2J'"
expect_clean

test_case "prio plugins shows a refused plugin's path escaped"
mkdir -p "$TMP/pl$(printf '\033')[2J"
printf 'not elf' > "$TMP/pl$(printf '\033')[2J/broken.so"
chmod 755 "$TMP/pl$(printf '\033')[2J"; chmod 644 "$TMP/pl$(printf '\033')[2J/broken.so"
PRIO_PLUGIN_PATH="$TMP/pl$(printf '\033')[2J" run "$PRIO" plugins
expect_out "pl\\e[2J/broken.so"
expect_clean

test_case "machine formats keep the data exact"
run "$PRIO" -C "$EW" rank --format csv
case "$out" in *"$EVIL"*) ok ;; *) bad "the CSV lost the title's bytes" ;; esac
run "$PRIO" -C "$EW" rank --format json
expect_out 'Evil \u001b]0;PWNED\u0007\u001b[2J \r'
unset PRIO_TODAY

test_case "lua: class strings, print() and error() text reach the terminal escaped"
LE="$TMP/luaevil"
mkdir -p "$LE"
cat > "$LE/evil.lua" <<'LUA'
print("\27]0;PWNED\7\27[2J", "\r")
function score(item)
  if item.key == "OK-1" then error("bad \27[2J\r item") end
  return 1, "cl\27[31mass"
end
LUA
printf '[method.evil]\nplugin = lua\nscript = evil.lua\non_error = unscored\n' > "$LE/l.ini"
run "$PRIO" -C "$EW" -c "$LE/l.ini" rank --method evil
expect_status 0
expect_err 'evil.lua: \e]0;PWNED\a\e[2J\t\r'
expect_out 'cl\e[31mass'
expect_out 'bad \e[2J\r item'
expect_clean
run "$PRIO" -C "$EW" -c "$LE/l.ini" explain EV-1 --method evil
expect_out 'class: cl\e[31mass'
expect_clean
printf '[method.evil]\nplugin = lua\nscript = evil.lua\n' > "$LE/l2.ini"
run "$PRIO" -C "$EW" -c "$LE/l2.ini" rank --method evil
expect_status 1
expect_err 'bad \e[2J\r item'
expect_clean

test_case "lua: a print flood is cut at 64 KiB a run, and says so once"
cat > "$LE/flood.lua" <<'LUA'
function score(item)
  for i = 1, 100000 do print(("x"):rep(200)) end
  return 1
end
LUA
printf '[method.flood]\nplugin = lua\nscript = flood.lua\n' > "$LE/f.ini"
"$PRIO" -C "$EW" -c "$LE/f.ini" rank --method flood >/dev/null 2>"$TMP/flood.err"
status=$?
[ "$status" -eq 0 ] && ok || bad "exit status $status"
n=$(wc -c < "$TMP/flood.err")
[ "$n" -gt 65536 ] && [ "$n" -lt 100000 ] && ok || bad "$n bytes on stderr"
[ "$(grep -c 'more than 64 KiB in one run; the rest is not shown' "$TMP/flood.err")" -eq 1 ] &&
	ok || bad "the cut is not said exactly once"

# --- CSV that a spreadsheet cannot run (issue 16) ---------------------------
# Export puts a ' before a cell that starts with = + - @ TAB or CR and is
# not a number (and one more before one that already starts with ' and
# then those); import takes one off. -3 and +4 are numbers, never guarded.

GW="$TMP/guard"
"$PRIO" init "$GW" >/dev/null
printf '\n[field.delta]\ntype = number\n' >> "$GW/prio.ini"
{
	printf 'key,title,labels,delta,business_value,time_criticality,risk_reduction,job_size\n'
	printf 'G-1,"=HYPERLINK(""http://x"",""y"")",,-3,1,1,1,1\n'
	printf 'G-2,-3 days,@home,+4,1,1,1,2\n'
	printf "G-3,'=guarded,,,1,1,1,3\n"
	printf "G-4,''=quoted,,,1,1,1,4\n"
	printf "G-5,'hello,,,1,1,1,5\n"
	printf 'G-6,"\tTab ""q""",,,1,1,1,6\n'
	printf 'G-7,"+a,b",,,1,1,1,7\n'
	printf 'G-8,"\rCR",,,1,1,1,8\n'
	printf 'G-10,-2+3,,,1,1,1,9\n'
	printf "G-11,-4,'-5,,1,1,1,9\n"
} > "$TMP/formulas.csv"
"$PRIO" -C "$GW" import "$TMP/formulas.csv" >/dev/null
"$PRIO" -C "$GW" add "'=really" key=G-9 >/dev/null
guard_values() { sqlite3 "$1/backlog.db" "SELECT key, hex(title), labels, $(fld delta) FROM items ORDER BY key"; }

test_case "csv export: formulas guarded, numbers not"
run "$PRIO" -C "$GW" export --to csv
expect_status 0
expect_out ",G-1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
expect_out ",G-2,'-3 days,"
expect_out ",'@home,"
expect_out ",G-3,'=guarded,"
expect_out ",G-4,''=quoted,"
expect_out ",G-5,'hello,"
expect_out "$(printf ',G-6,"'"'"'\tTab ""q""",')"
expect_out ",G-7,\"'+a,b\","
expect_out "$(printf ',G-8,"'"'"'\rCR",')"
expect_out ",G-9,''=really,"
expect_out ",G-10,'-2+3,"
# Numbers, in a number field or a text one, are not formulas.
expect_out ",G-11,-4,story,new,,,'-5,"
printf '%s\n' "$out" | grep -q -e ",'-3$" -e ",'4$" -e "''-5" &&
	bad "a number was guarded" || ok
run sqlite3 "$GW/backlog.db" "SELECT $(fld delta) FROM items WHERE key IN ('G-1','G-2') ORDER BY key"
expect_out "$(printf -- '-3\n4')"

test_case "csv: export, import, export again: every value as it was"
"$PRIO" -C "$GW" export -o "$TMP/g1.csv"
"$PRIO" init "$TMP/guard2" >/dev/null
printf '\n[field.delta]\ntype = number\n' >> "$TMP/guard2/prio.ini"
run "$PRIO" -C "$TMP/guard2" import "$TMP/g1.csv"
expect_status 0
[ "$(guard_values "$GW")" = "$(guard_values "$TMP/guard2")" ] && ok ||
	bad "the values changed on the way: $(diff <(guard_values "$GW") <(guard_values "$TMP/guard2") | head -5)"
run sqlite3 "$TMP/guard2/backlog.db" "SELECT title FROM items WHERE key = 'G-9'"
expect_out "'=really"
"$PRIO" -C "$TMP/guard2" export -o "$TMP/g2.csv"
[ "$(cut -d, -f5-12 "$TMP/g1.csv")" = "$(cut -d, -f5-12 "$TMP/g2.csv")" ] && ok ||
	bad "the second export differs"

test_case "csv: rank --in guards the rows it copies as read"
run "$PRIO" rank --in "$TMP/formulas.csv" --format csv
expect_status 0
expect_out ",G-1,\"'=HYPERLINK("
expect_out ",G-2,'-3 days,'@home,+4,"
expect_out ",G-11,-4,'-5,"
# Guarded in the file: the value is '=guarded, and goes out as it came.
expect_out ",G-3,'=guarded,"
expect_out ",G-4,''=quoted,"
expect_out ",G-5,'hello,"
expect_out ",G-7,\"'+a,b\","
run "$PRIO" rank --in "$TMP/g1.csv" --format csv
expect_out ",G-9,''=really,"

test_case "csv: formula_guard = no writes and reads the data as it is"
run "$PRIO" -C "$GW" --set format.csv.formula_guard=no export --to csv
expect_status 0
expect_out ",G-1,\"=HYPERLINK("
expect_out ",G-2,-3 days,story,new,,,@home,"
expect_out ",G-9,'=really,"
printf "key,title\nN-1,'=kept\n" > "$TMP/noguard.csv"
"$PRIO" -C "$GW" --set format.csv.formula_guard=no import "$TMP/noguard.csv" >/dev/null
run sqlite3 "$GW/backlog.db" "SELECT title FROM items WHERE key = 'N-1'"
expect_out "'=kept"
s=$(snapshot "$GW")
printf '[format.csv]\nformula_guard = maybe\n' > "$TMP/badguard.ini"
run "$PRIO" -C "$GW" -c "$TMP/badguard.ini" import "$TMP/noguard.csv"
expect_status 1
expect_err "badguard.ini:2"
expect_err "formula_guard"
expect_err "expected yes or no"
expect_unchanged "$GW" "$s"

test_case "jira csv: formulas guarded on export, the guard taken off on import"
run "$PRIO" -C "$GW" export --to jira
expect_status 0
expect_out "\"'=HYPERLINK("
expect_out "'-3 days,G-2,"
expect_out ",'@home,"
expect_out "''=really,G-9,"
"$PRIO" -C "$GW" export --to jira -o "$TMP/j1.csv"
"$PRIO" init "$TMP/guard3" >/dev/null
run "$PRIO" -C "$TMP/guard3" import --from jira "$TMP/j1.csv"
expect_status 0
# (Jira's import trims blanks, G-6's leading tab too, guarded or not.)
jira_values() { sqlite3 "$1/backlog.db" "SELECT key, hex(title), labels FROM items WHERE key != 'G-6' ORDER BY key"; }
[ "$(jira_values "$GW")" = "$(jira_values "$TMP/guard3")" ] && ok ||
	bad "the values changed on the way: $(diff <(jira_values "$GW") <(jira_values "$TMP/guard3") | head -5)"
run "$PRIO" -C "$GW" --set format.jira.plugin=jira \
	--set format.jira.formula_guard=no export --to jira
expect_out "\"=HYPERLINK("

test_case "a cloned workspace's folder name reaches the terminal escaped"
TW="$TMP/clone$(printf '\033]0;PWNED\007')ws"
"$PRIO" init "$TW" >/dev/null
printf '\n[plugins]\npath = plugins\n' >> "$TW/prio.ini"
run "$PRIO" -C "$TW" list
expect_err 'clone\e]0;PWNED\aws'
expect_clean
run "$PRIO" trust "$TW"
expect_status 0
expect_out 'trusted '
expect_out 'clone\e]0;PWNED\aws'
expect_clean
run "$PRIO" trust --list
expect_out 'clone\e]0;PWNED\aws'
expect_clean
run "$PRIO" trust --remove "$TW"
expect_out 'no longer trusted: '
expect_clean
