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
"$PRIO" -C "$EW" sprint new "$EVIL" --start 2026-12-01 --end 2026-12-14 \
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
expect_out "sprint $SHOWN  2026-12-01"

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
expect_err "column 'ti\\e[2Jtle': unknown field"
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
