# The core: set-up, help, items, import and export, plugins, the store.

# --- set-up and help ---------------------------------------------------

test_case "version and help"
run "$PRIO" --version
expect_status 0; expect_out "prio "
run "$PRIO" --help
expect_status 0; expect_out "Commands:"
for c in init add set show rm list rank import export plugins config help; do
	run "$PRIO" "$c" --help
	expect_status 0; expect_out "usage: prio $c"
done

test_case "usage errors exit 2"
run "$PRIO"
expect_status 2
run "$PRIO" frobnicate
expect_status 2; expect_err "unknown command 'frobnicate'"
run "$PRIO" list --bogus
expect_status 2; expect_err "usage: prio list"
run "$PRIO" add
expect_status 2
run "$PRIO" rank --limit many
expect_status 2; expect_err "--limit 'many'"
run "$PRIO" -C
expect_status 2; expect_err "-C needs a value"

test_case "init"
run "$PRIO" init "$TMP/ws"
expect_status 0; expect_out "Initialised an empty prio workspace"
[ -f "$TMP/ws/prio.ini" ] && { [ -n "$PG_URL" ] || [ -f "$TMP/ws/backlog.db" ]; } &&
	ok || bad "files missing"
run "$PRIO" init "$TMP/ws"
expect_status 1; expect_err "already a prio workspace"

test_case "outside a workspace"
mkdir -p "$TMP/nowhere"
(cd "$TMP/nowhere" && run "$PRIO" list; [ "$status" -eq 1 ] && case "$err" in
	*"not in a prio workspace"*) exit 0 ;; esac; exit 1) && ok || bad "list outside a workspace"

# --- items ---------------------------------------------------------------

test_case "add, show, set, rm"
W="$TMP/ws"
run "$PRIO" -C "$W" add "Checkout redesign" key=WEB-1 business_value=8 \
	time_criticality=5 risk_reduction=3 job_size=4
expect_status 0; expect_out "1"
run "$PRIO" -C "$W" show WEB-1
expect_status 0; expect_out "title:"; expect_out "Checkout redesign"
expect_out "job_size:"
run "$PRIO" -C "$W" set 1 "title=Checkout, redesigned" estimate=5
expect_status 0
run "$PRIO" -C "$W" show 1
expect_out "Checkout, redesigned"; expect_out "estimate:"
run "$PRIO" -C "$W" set 1 estimate=
run "$PRIO" -C "$W" show 1
expect_no_out "estimate:"
run "$PRIO" -C "$W" add "Second" parent=WEB-1
expect_out "2"
run "$PRIO" -C "$W" show 2
expect_out "parent:"
run "$PRIO" -C "$W" rm WEB-1
expect_status 0; expect_out "removed 1"
run "$PRIO" -C "$W" show 2
expect_no_out "parent:"
run "$PRIO" -C "$W" show 1
expect_status 1; expect_err "no item '1'"

test_case "workspace found from a subfolder"
mkdir -p "$W/deep/er"
(cd "$W/deep/er" && "$PRIO" show 2 >/dev/null) && ok || bad "not found from below"

test_case "bad values are refused and change nothing"
before=$(snapshot "$W")
run "$PRIO" -C "$W" add "X" business_value=abc
expect_status 1; expect_err "business_value: not a number: 'abc'"
run "$PRIO" -C "$W" add "X" job_size=-2
expect_status 1; expect_err "below the minimum"
run "$PRIO" -C "$W" add "X" type=saga
expect_status 1; expect_err "'saga' is not one of"
run "$PRIO" -C "$W" add "X" colour=red
expect_status 1; expect_err "unknown field 'colour'"
run "$PRIO" -C "$W" add ""
expect_status 1; expect_err "title"
run "$PRIO" -C "$W" set 2 id=7
expect_status 1; expect_err "set by prio"
run "$PRIO" -C "$W" add "X" parent=NOPE-1
expect_status 1; expect_err "parent 'NOPE-1': no such item"
run "$PRIO" -C "$W" add "Y" key=K-1
run "$PRIO" -C "$W" add "Z" key=K-1
expect_status 1; expect_err "key already used"
before=$(snapshot "$W")
run "$PRIO" -C "$W" set 2 key=K-1
expect_status 1
expect_unchanged "$W" "$before"

test_case "custom fields declared in INI"
printf '[field.team]\ntype = text\nvalues = web | mobile\n\n[field.revenue]\ntype = number\nmin = 0\nmax = 1000\n' >> "$W/prio.ini"
run "$PRIO" -C "$W" add "Team item" team=web revenue=250
expect_status 0
run "$PRIO" -C "$W" show "$out"
expect_out "team:"; expect_out "revenue:"; expect_out "250"
run "$PRIO" -C "$W" add "Bad team" team=ops
expect_status 1; expect_err "'ops' is not one of: web, mobile"
run "$PRIO" -C "$W" add "Too much" revenue=5000
expect_status 1; expect_err "above the maximum"

# --- ranking ---------------------------------------------------------------

test_case "import and rank the sample"
new_ws s1
S="$TMP/s1"
run "$PRIO" -C "$S" list
expect_status 0
expect_line 1 "RANK"
expect_line 2 "SHOP-3"		# (20+20+13)/3 = 17.67
expect_line 2 "17.67"
expect_line 3 "SHOP-5"		# (3+13+13)/5 = 5.80
expect_out "unscored (1):"
expect_out "SHOP-9"; expect_out "job_size is missing"
run "$PRIO" -C "$S" rank --limit 2
expect_status 0
[ "$(printf '%s\n' "$out" | grep -c 'SHOP-')" -eq 3 ] && ok || bad "limit 2 + unscored"
expect_out "more ranked"

test_case "the top of the ranking is cached, and the cache follows changes"
run "$PRIO" -C "$S" list --limit 3
first=$out
run "$PRIO" -C "$S" list --limit 3
[ "$out" = "$first" ] && ok || bad "cached list differs: $out"
expect_line 2 "SHOP-3"; expect_out "unscored (1):"; expect_out "... 8 more ranked"
run "$PRIO" -C "$S" set SHOP-4 job_size=1	# (5+2+1)/1 = 8: now second
run "$PRIO" -C "$S" list --limit 3
expect_line 3 "SHOP-4"; expect_line 3 "8.00"
run "$PRIO" -C "$S" list
expect_line 3 "SHOP-4"
run "$PRIO" -C "$S" rm SHOP-4
run "$PRIO" -C "$S" list --limit 3
expect_no_out "SHOP-4"
run "$PRIO" -C "$S" list --limit 2 --format csv
expect_line 2 "1,17.66"; expect_line 2 ",SHOP-3,"; expect_line 3 "2,5.8"
"$PRIO" -C "$S" import "$ROOT/config/sample.csv" >/dev/null	# SHOP-4 back
if [ "$(id -u)" -ne 0 ]; then
	chmod 444 "$S/backlog.db"
	run "$PRIO" -C "$S" list --limit 2
	expect_status 0; expect_line 2 "SHOP-3"
	chmod 644 "$S/backlog.db"
fi

test_case "ranked output as json and csv"
run "$PRIO" -C "$S" list --format json --limit 1
expect_status 0
expect_out '"rank": 1'; expect_out '"key": "SHOP-3"'; expect_out '"class": null'
expect_out '"score": 17.6666'
run "$PRIO" -C "$S" rank --format csv
expect_line 1 "rank,score,class,unscored,id,key,title"
expect_line 2 "1,17.66"
expect_out ',job_size is missing,'
expect_out '"Order history export (CSV, PDF)"'

test_case "ties are broken by id"
"$PRIO" init "$TMP/tie" >/dev/null
for t in A B C; do
	"$PRIO" -C "$TMP/tie" add "$t" business_value=1 time_criticality=1 \
		risk_reduction=1 job_size=1 >/dev/null
done
run "$PRIO" -C "$TMP/tie" list --format csv
[ "$(printf '%s\n' "$out" | cut -d, -f5 | tr '\n' ' ')" = "id 1 2 3 " ] && ok || bad "tie order"

test_case "job_size 0 and text values are unscored, not zero"
run "$PRIO" -C "$TMP/tie" add "Zero" business_value=1 time_criticality=1 risk_reduction=1 job_size=0
run "$PRIO" -C "$TMP/tie" list
expect_out "job_size must be above 0"

test_case "rank --in a file, no workspace"
mkdir -p "$TMP/plain"
(cd "$TMP/plain" && run "$PRIO" rank --in "$ROOT/config/sample.csv" --method wsjf --format csv
	[ "$status" -eq 0 ] && case "$out" in *"1,17.66"*SHOP-3*) exit 0 ;; esac; exit 1) &&
	ok || bad "rank --in"
printf 'title,business_value,time_criticality,risk_reduction,job_size,notes\nA,1,1,1,n/a,x\nB,3,2,1,2,y\n' > "$TMP/in.csv"
run "$PRIO" rank --in "$TMP/in.csv"
expect_status 0; expect_out "job_size is not a number: 'n/a'"
run "$PRIO" rank --in "$TMP/in.csv" --format json
expect_out '"job_size": "n/a"'; expect_out '"notes": "y"'
printf 'title,business_value\nA,1\n' > "$TMP/in2.csv"
run "$PRIO" rank --in "$TMP/in2.csv"
expect_status 1; expect_err "unknown field 'time_criticality'"
run "$PRIO" rank --in "$TMP/in.txt"
expect_status 1; expect_err "cannot tell the format"
run "$PRIO" rank --in "$TMP/missing.csv"
expect_status 1; expect_err "missing.csv"

test_case "unknown method"
run "$PRIO" -C "$S" rank --method nope
expect_status 1; expect_err "unknown method 'nope'"
printf '[rank]\nmethod = nope\n' > "$TMP/m.ini"
run "$PRIO" -C "$S" -c "$TMP/m.ini" list
expect_status 1; expect_err "unknown method 'nope'"
printf '[method.fast]\nplugin = fastest\n' > "$TMP/m.ini"
run "$PRIO" -C "$S" -c "$TMP/m.ini" rank --method fast
expect_status 1; expect_err "m.ini:2: [method.fast] no method plugin 'fastest'"

# --- import and export -----------------------------------------------------

test_case "a bad CSV row fails the whole import"
new_ws s2
S2="$TMP/s2"
before=$(snapshot "$S2")
printf 'key,title,job_size\nN-1,New one,3\nN-2,Ragged,3,extra\n' > "$TMP/ragged.csv"
run "$PRIO" -C "$S2" import "$TMP/ragged.csv"
expect_status 1; expect_err "ragged.csv:3: 4 values where the header has 3 columns"
expect_unchanged "$S2" "$before"
printf 'key,title,business_value\nN-1,New one,3\nN-2,"Bad, value",lots\n' > "$TMP/badval.csv"
run "$PRIO" -C "$S2" import "$TMP/badval.csv"
expect_status 1; expect_err "badval.csv:3: column business_value: not a number: 'lots'"
expect_unchanged "$S2" "$before"
printf 'key,title,colour\nN-1,New one,red\n' > "$TMP/unknown.csv"
run "$PRIO" -C "$S2" import "$TMP/unknown.csv"
expect_status 1; expect_err "unknown.csv:1: unknown column 'colour'"
expect_unchanged "$S2" "$before"
printf 'key,title\nN-1,"never closed\n' > "$TMP/quote.csv"
run "$PRIO" -C "$S2" import "$TMP/quote.csv"
expect_status 1; expect_err "quote.csv:2: a quoted field is never closed"
printf 'key,job_size\nNEW-1,3\n' > "$TMP/notitle.csv"
run "$PRIO" -C "$S2" import "$TMP/notitle.csv"
expect_status 1; expect_err "notitle.csv:2: column title: a new item needs a title"
printf 'key,title,parent\nN-1,Child,NOPE\n' > "$TMP/parent.csv"
run "$PRIO" -C "$S2" import "$TMP/parent.csv"
expect_status 1; expect_err "parent.csv:2: parent 'NOPE': no such item"
expect_unchanged "$S2" "$before"

test_case "--dry-run lists the bad rows; --rejects imports the good ones"
printf 'key,title,business_value,parent\nR-1,Good,3,\nR-2,Bad value,lots,\nR-3,Orphan,2,NOPE\nR-4,Child,1,R-1\n' > "$TMP/rej.csv"
before=$(snapshot "$S2")
run "$PRIO" -C "$S2" import --dry-run "$TMP/rej.csv"
expect_status 1
expect_out "rej.csv:3: column business_value: not a number: 'lots'"
expect_out "rej.csv:4: parent 'NOPE': no such item"
expect_out "would have 2 created, 0 updated, 2 rejected"
expect_unchanged "$S2" "$before"
run "$PRIO" -C "$S2" import --rejects "$TMP/bad.csv" "$TMP/rej.csv"
expect_status 0; expect_out "2 created, 0 updated, 2 rejected (written to $TMP/bad.csv)"
run cat "$TMP/bad.csv"
expect_line 1 "key,title,parent,business_value,line,reason"
expect_out "R-2,Bad value,,lots,3,column business_value: not a number: 'lots'"
run "$PRIO" -C "$S2" show R-4
expect_out "parent:"
"$PRIO" -C "$S2" rm R-4 >/dev/null && "$PRIO" -C "$S2" rm R-1 >/dev/null
before=$(snapshot "$S2")

test_case "import updates by key, creates the rest, parents in any order"
printf 'key,title,parent,job_size\nSHOP-1,Guest checkout (v2),,8\nNEW-2,Child,NEW-1,\nNEW-1,Parent epic,,\n' > "$TMP/upd.csv"
run "$PRIO" -C "$S2" import --dry-run "$TMP/upd.csv"
expect_status 0; expect_out "would have 2 created, 1 updated"
expect_unchanged "$S2" "$before"
run "$PRIO" -C "$S2" import "$TMP/upd.csv"
expect_status 0; expect_out "2 created, 1 updated"
run "$PRIO" -C "$S2" show SHOP-1
expect_out "Guest checkout (v2)"
run "$PRIO" -C "$S2" show NEW-2
expect_out "parent:"; expect_out "$("$PRIO" -C "$S2" show NEW-1 | sed -n 's/^id: *//p')"
run "$PRIO" -C "$S2" import "$TMP/upd.csv"
expect_out "0 created, 0 updated, 3 unchanged"	# NEW-2 too: its parent by key is the same

test_case "export and import again give the same backlog"
run "$PRIO" -C "$S2" export -o "$TMP/out.csv"
expect_status 0
"$PRIO" init "$TMP/copy" >/dev/null
run "$PRIO" -C "$TMP/copy" import "$TMP/out.csv"
expect_status 0
"$PRIO" -C "$TMP/copy" export -o "$TMP/out2.csv"
cmp -s "$TMP/out.csv" "$TMP/out2.csv" && ok || bad "round trip differs: $(diff "$TMP/out.csv" "$TMP/out2.csv" | head -30)"
run "$PRIO" -C "$S2" export --to json
expect_out '"title": "Guest checkout (v2)"'

test_case "-o to a pipe or a device writes into it, never replaces it"
mkfifo "$TMP/fifo"
cat "$TMP/fifo" > "$TMP/from-fifo" &
reader=$!
run "$PRIO" -C "$S2" export -o "$TMP/fifo"
expect_status 0
wait "$reader"
[ -p "$TMP/fifo" ] && ok || bad "the FIFO was replaced"
grep -q "Guest checkout (v2)" "$TMP/from-fifo" && ok || bad "nothing came through the FIFO"
run "$PRIO" -C "$S2" export -o /dev/null
expect_status 0
[ -c /dev/null ] && ok || bad "/dev/null is no longer a device"
run "$PRIO" -C "$S2" export -o "$TMP"
expect_status 1; expect_err "is a directory"

test_case "export never leaves a half-written file"
mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
	run "$PRIO" -C "$S2" export -o "$TMP/ro/x.csv"
	expect_status 1; expect_err "ro/x.csv"
fi
run "$PRIO" -C "$S2" export --to nope -o "$TMP/x.nope"
expect_status 1
[ -e "$TMP/x.nope" ] && bad "file left behind" || ok
[ -z "$(ls "$TMP" | grep 'tmp\.')" ] && ok || bad "temporary file left behind"

# --- configuration -----------------------------------------------------------

test_case "configuration errors name the file and line"
new_ws c1
C="$TMP/c1"
cp "$C/prio.ini" "$TMP/good.ini"
before=$(snapshot "$C")
printf '[rank]\nmethod wsjf\n' >> "$C/prio.ini"
run "$PRIO" -C "$C" list
expect_status 1; expect_err "prio.ini:$(wc -l < "$C/prio.ini"): not a [section] or key = value line"
cp "$TMP/good.ini" "$C/prio.ini"
printf '[rank]\nmethod = %0250d\n' 0 >> "$C/prio.ini"
run "$PRIO" -C "$C" list
expect_status 1; expect_err "prio.ini:$(wc -l < "$C/prio.ini"): line too long"
cp "$TMP/good.ini" "$C/prio.ini"
printf '[ranking]\nmethod = wsjf\n' >> "$C/prio.ini"
run "$PRIO" -C "$C" list
expect_status 1; expect_err "unknown section [ranking]"
cp "$TMP/good.ini" "$C/prio.ini"
printf '[method.wsjf]\nplugin = wsjf\nspeed = 11\n' >> "$C/prio.ini"
run "$PRIO" -C "$C" list
expect_status 1; expect_err "prio.ini:$(wc -l < "$C/prio.ini"): [method.wsjf] unknown key 'speed'"
run "$PRIO" -C "$C" config
expect_status 1; expect_err "unknown key 'speed'"
cp "$TMP/good.ini" "$C/prio.ini"
printf '[field.revenue]\ntype = money\n' >> "$C/prio.ini"
run "$PRIO" -C "$C" add "X"
expect_status 1; expect_err "type = 'money': expected number, text or date"
cp "$TMP/good.ini" "$C/prio.ini"
run "$PRIO" -C "$C" -c "$TMP/does-not-exist.ini" list
expect_status 1; expect_err "does-not-exist.ini"
run "$PRIO" -C "$C" --set rank.method list
expect_status 1; expect_err "expected SECTION.KEY=VALUE"
expect_unchanged "$C" "$before"

test_case "configuration layers and origins"
mkdir -p "$XDG_CONFIG_HOME/prio"
printf '[format.semi]\nplugin = csv\ndelimiter = ";"\n' > "$XDG_CONFIG_HOME/prio/prio.ini"
run "$PRIO" -C "$C" config --origin
expect_status 0
expect_out "method = wsjf  ; $C/prio.ini:7"
expect_out "plugin = csv  ; <built-in>"
expect_out "delimiter = ;  ; $XDG_CONFIG_HOME/prio/prio.ini:3"
run "$PRIO" -C "$C" --set format.semi.delimiter=tab config --origin
expect_out "delimiter = tab  ; <command line>"
run "$PRIO" -C "$C" list --format semi --limit 1
expect_line 1 "rank;score;class"
printf '[format.semi]\ndelimiter = ab\n' > "$TMP/d.ini"
run "$PRIO" -C "$C" -c "$TMP/d.ini" list --format semi
expect_status 1; expect_err "d.ini:2: [format.semi] delimiter = 'ab': expected one character"
rm -rf "$XDG_CONFIG_HOME/prio"

# --- plugins -------------------------------------------------------------------

test_case "plugins lists what was loaded and what was refused"
run "$PRIO" plugins
expect_status 0
expect_out "method  wsjf"; expect_out "format  csv"; expect_out "format  json"
mkdir -p "$TMP/pl"
printf 'not a plugin\n' > "$TMP/pl/broken.so"
cp "$B/lib/prio/plugins/wsjf.so" "$TMP/pl/again.so"
chmod 755 "$TMP/pl"
PRIO_PLUGIN_PATH="$TMP/pl" run "$PRIO" plugins
expect_out "$TMP/pl/broken.so: not a shared object"
expect_out "$TMP/pl/again.so: duplicate name 'wsjf'"
chmod 777 "$TMP/pl"
PRIO_PLUGIN_PATH="$TMP/pl" run "$PRIO" plugins
expect_out "$TMP/pl: the directory is world-writable"
chmod 755 "$TMP/pl"
if [ -d "$B/tests/plugins" ]; then
	PRIO_PLUGIN_PATH="$B/tests/plugins" run "$PRIO" plugins
	expect_status 0
	expect_out "fixture_good"
	expect_out "init failed"
fi
if [ -d "$B/tests/plugins" ]; then
	# A command opens the plugins it uses, not every one on the path:
	# fixture_ctor's constructor would leave the marker.
	rm -f "$TMP/marker"
	PRIO_TEST_MARKER="$TMP/marker" PRIO_PLUGIN_PATH="$B/tests/plugins" \
		run "$PRIO" -C "$TMP/ws" list
	expect_status 0
	[ ! -e "$TMP/marker" ] && ok || bad "list loaded every plugin"
	PRIO_TEST_MARKER="$TMP/marker" PRIO_PLUGIN_PATH="$B/tests/plugins" \
		run "$PRIO" -C "$TMP/ws" rank --method fixture_ctor
	[ -e "$TMP/marker" ] && ok || bad "a plugin not named after its file was not found"
	# A name is never a path: nothing is opened from an unsafe folder.
	mkdir -p "$TMP/evil"; cp "$B/tests/plugins/ctor_marker.so" "$TMP/evil/x.so"
	chmod 777 "$TMP/evil"; rm -f "$TMP/marker"
	up=$(printf '%s' "$B/lib/prio/plugins" | sed 's|[^/][^/]*|..|g')
	for opt in "--method" "--format"; do
		PRIO_TEST_MARKER="$TMP/marker" run "$PRIO" -C "$TMP/ws" rank $opt "..$up$TMP/evil/x"
		expect_status 1
	done
	[ ! -e "$TMP/marker" ] && ok || bad "a plugin name was taken for a path"
	chmod 755 "$TMP/evil"
fi
printf '[plugins]\npath = pl\n' > "$TMP/pp.ini"
run "$PRIO" -c "$TMP/pp.ini" plugins
expect_out "$TMP/pl/broken.so"

test_case "prio -C DIR init makes the workspace at DIR"
run "$PRIO" -C "$TMP/c-init" init
expect_status 0; expect_out "$TMP/c-init"
[ -f "$TMP/c-init/prio.ini" ] && ok || bad "no workspace at -C DIR"
run "$PRIO" -C "$TMP/c-init" list
expect_status 0
run "$PRIO" -C "$TMP/c-init2" init "$TMP/c-init3"
expect_status 2; expect_err "name two folders"
[ ! -e "$TMP/c-init3" ] && ok || bad "init made a folder anyway"

test_case "an empty created cell: now for a new item, kept for an update"
"$PRIO" init "$TMP/cr" >/dev/null
printf 'key,title,created\nA-1,One,\nA-2,Two,2026-01-02T03:04:05Z\n' > "$TMP/cr/x.csv"
run "$PRIO" -C "$TMP/cr" import "$TMP/cr/x.csv"
expect_status 0; expect_out "2 created"
printf 'key,title,created\nA-2,Two b,\n' > "$TMP/cr/y.csv"
run "$PRIO" -C "$TMP/cr" import "$TMP/cr/y.csv"
expect_status 0
run "$PRIO" -C "$TMP/cr" show A-2
expect_out "Two b"; expect_out "2026-01-02T03:04:05Z"
