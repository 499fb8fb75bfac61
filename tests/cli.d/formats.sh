# tests/cli.d/formats.sh - the format plugins from the command line: Jira
# exports in (and again, updated), JSON and CSV round trips, Markdown and
# HTML reports, bad rows that name FILE:LINE and change nothing. Sourced
# by tests/cli.sh, with its helpers; must not exit.

FD="$ROOT/tests/data/formats"

# The lines of stdout that contain TEXT.
count_out() { printf '%s\n' "$out" | grep -c -- "$1"; }

# --- Jira ----------------------------------------------------------------------

test_case "import a Jira export"
"$PRIO" init "$TMP/jira" >/dev/null
J="$TMP/jira"
run "$PRIO" -C "$J" import "$FD/jira-export.csv" --from jira
expect_status 0; expect_out "6 created, 0 updated"
run "$PRIO" -C "$J" show SHOP-101
expect_out "in-progress"; expect_out "loyalty,checkout"
expect_out "2026-11-02T10:30:00Z"; expect_out "estimate:          5"
epic=$("$PRIO" -C "$J" show SHOP-100 | sed -n 's/^id: *//p')
story=$("$PRIO" -C "$J" show SHOP-101 | sed -n 's/^id: *//p')
expect_line 6 "parent:            $epic"	# from Epic Link
run "$PRIO" -C "$J" show SHOP-102
expect_out "parent:            $epic"		# from Parent, an issue id
expect_out "loyalty,ui,account"
run "$PRIO" -C "$J" show SHOP-104
expect_out "type:              task"; expect_out "parent:            $story"
run "$PRIO" -C "$J" show SHOP-105
expect_out "status:            proposed"
expect_out 'Evaluate a rules engine (Drools, "Easy Rules")'

test_case "an updated Jira export updates by key"
run "$PRIO" -C "$J" import "$FD/jira-export-2.csv" --from jira
expect_status 0; expect_out "1 created, 2 updated, 4 unchanged"
run "$PRIO" -C "$J" export
[ "$(count_out 'SHOP-10[0-9]')" -eq 7 ] && ok || bad "7 items, once each"
run "$PRIO" -C "$J" show SHOP-101
expect_out "status:            done"
run "$PRIO" -C "$J" show SHOP-102
expect_out "Show the points balance in the header"
run "$PRIO" -C "$J" show SHOP-106
expect_out "parent:            $epic"

test_case "a bad row in a Jira export names the line and changes nothing"
before=$(snapshot "$J")
printf 'Summary,Issue key,Created,Custom field (Story Points)\r\nA,J-1,23/Nov/26 9:05 AM,1\r\n"B\r\nb",J-2,23/Nov/26 9:05 AM,lots\r\n' > "$TMP/jira-bad.csv"
run "$PRIO" -C "$J" import "$TMP/jira-bad.csv" --from jira
expect_status 1; expect_err "jira-bad.csv:3: column estimate: not a number: 'lots'"
expect_unchanged "$J" "$before"
printf 'Summary,Issue key,Created\nA,J-1,23/Nov/26 9:05 AM\n\nB,J-2,31/Feb/26 9:05 AM\n' > "$TMP/jira-date.csv"
run "$PRIO" -C "$J" import "$TMP/jira-date.csv" --from jira
expect_status 1; expect_err "jira-date.csv:4: column Created: '31/Feb/26 9:05 AM' is not a time"
expect_unchanged "$J" "$before"
printf 'Summary,Issue key,Issue Type\nA,J-1,Improvement\n' > "$TMP/jira-type.csv"
printf '[format.jstrict]\nplugin = jira\nstrict = yes\n' >> "$J/prio.ini"
run "$PRIO" -C "$J" import "$TMP/jira-type.csv" --from jstrict
expect_status 1; expect_err "jira-type.csv:2: column Issue Type: 'Improvement' is no prio type"
expect_unchanged "$J" "$before"
printf '[format.jira]\nplugin = jira\ntype.Improvement = story\n' >> "$J/prio.ini"
run "$PRIO" -C "$J" import "$TMP/jira-type.csv" --from jira
expect_status 0; expect_out "1 created"

test_case "export for Jira"
run "$PRIO" -C "$J" export --to jira
expect_status 0
expect_line 1 "Summary,Issue key,Issue id,Issue Type,Status,Parent,Story Points,Labels,Labels,Labels,Created,Resolved,Prio rank,Prio score,Prio class"
expect_out "Earn points on every order,SHOP-101,,Story,Done,SHOP-100,5,loyalty,checkout,,2026-11-02 10:30:00,"
"$PRIO" init "$TMP/jira2" >/dev/null
"$PRIO" -C "$J" export --to jira -o "$TMP/for-jira.csv"
run "$PRIO" -C "$TMP/jira2" import "$TMP/for-jira.csv" --from jira
expect_status 0; expect_out "8 created, 0 updated"
run "$PRIO" -C "$TMP/jira2" show SHOP-104
expect_out "parent:"; expect_out "in-progress"

# --- JSON and CSV ----------------------------------------------------------------

test_case "JSON: export, import elsewhere, export again: the same file"
new_ws fj
"$PRIO" -C "$TMP/fj" add "Quotes \"in\" it, and a
second line" parent=SHOP-1 business_value=0.1 time_criticality=1e-3 \
	risk_reduction=2 job_size=3 labels=a,b >/dev/null
run "$PRIO" -C "$TMP/fj" export -o "$TMP/one.json"
expect_status 0
"$PRIO" init "$TMP/fj2" >/dev/null
run "$PRIO" -C "$TMP/fj2" import "$TMP/one.json"
expect_status 0; expect_out "13 created, 0 updated"
"$PRIO" -C "$TMP/fj2" export -o "$TMP/two.json"
cmp -s "$TMP/one.json" "$TMP/two.json" && ok ||
	bad "json round trip differs: $(diff "$TMP/one.json" "$TMP/two.json" | head -20)"
"$PRIO" -C "$TMP/fj" export -o "$TMP/one.csv"
"$PRIO" -C "$TMP/fj2" export -o "$TMP/two.csv"
cmp -s "$TMP/one.csv" "$TMP/two.csv" && ok || bad "csv of the copies differs"
run "$PRIO" -C "$TMP/fj2" import "$TMP/one.json"
expect_out "0 created, 0 updated, 13 unchanged"

test_case "JSON: bad items name the line and change nothing"
before=$(snapshot "$TMP/fj2")
printf '[\n  {"key": "J-1", "title": "ok"},\n  {"key": "J-2",\n   "title": true}\n]\n' > "$TMP/bad.json"
run "$PRIO" -C "$TMP/fj2" import "$TMP/bad.json"
expect_status 1; expect_err "bad.json:3: item 2: field title: true is not a value"
printf '[\n  {"key": "J-1", "title": "ok"},\n  {"key": "J-2" "title": "x"}\n]\n' > "$TMP/syntax.json"
run "$PRIO" -C "$TMP/fj2" import "$TMP/syntax.json"
expect_status 1; expect_err "syntax.json:3: "
printf '[{"key": "J-1", "title": "ok", "job_size": -1}]\n' > "$TMP/neg.json"
run "$PRIO" -C "$TMP/fj2" import "$TMP/neg.json"
expect_status 1; expect_err "neg.json:1: column job_size"
expect_unchanged "$TMP/fj2" "$before"

test_case "CSV: a section that maps and ignores columns"
printf '[format.sheet]\nplugin = csv\nmap.Story Points = job_size\nmap.Value = business_value\nignore = Notes, Owner\n' >> "$TMP/fj2/prio.ini"
printf 'key,title,Story Points,Value,Notes,Owner\nSHEET-1,From a sheet,5,8,"a note, long",ann\n' > "$TMP/sheet.csv"
run "$PRIO" -C "$TMP/fj2" import "$TMP/sheet.csv" --from sheet
expect_status 0; expect_out "1 created"
run "$PRIO" -C "$TMP/fj2" show SHEET-1
expect_out "job_size:          5"; expect_out "business_value:    8"
expect_no_out "note"
run "$PRIO" -C "$TMP/fj2" export --to sheet
expect_line 1 "Story Points"; expect_line 1 "Value"
"$PRIO" -C "$TMP/fj2" export --to sheet -o "$TMP/sheet-out.csv"
"$PRIO" init "$TMP/fj3" >/dev/null
cp "$TMP/fj2/prio.ini" "$TMP/fj3/prio.ini"
run "$PRIO" -C "$TMP/fj3" import "$TMP/sheet-out.csv" --from sheet
expect_status 0
"$PRIO" -C "$TMP/fj3" export --to sheet -o "$TMP/sheet-out2.csv"
cmp -s "$TMP/sheet-out.csv" "$TMP/sheet-out2.csv" && ok || bad "mapped round trip differs"
printf 'key,title,Story Points,job_size\nX-1,x,1,2\n' > "$TMP/twice.csv"
run "$PRIO" -C "$TMP/fj2" import "$TMP/twice.csv" --from sheet
expect_status 1
expect_err "twice.csv:1: columns 'Story Points' and 'job_size' both go to field 'job_size'"

test_case "CSV: rank --in writes each row back as the file has it"
# Quotes where none are needed, CRLF, a line break, a comma and quotes in
# a value, a byte order mark: the same section reads and writes, so the
# rows go out byte for byte, after the rank and score.
printf '\357\273\277key,title,business_value,time_criticality,risk_reduction,job_size,note\r\n"R-1","Plain",1,1,1,1,\r\nR-2,"Two\r\nlines, ""quoted""",8,5,3,2,x\r\n' > "$TMP/raw.csv"
run "$PRIO" rank --in "$TMP/raw.csv" --method wsjf --format csv
expect_status 0
expect_line 1 "rank,score,class,unscored,key,title,business_value"
expect_out "$(printf '1,8,,,R-2,"Two\r\nlines, ""quoted""",8,5,3,2,x\n')"
expect_out '2,3,,,"R-1","Plain",1,1,1,1,'
# ... and read back, the values are the file's.
"$PRIO" rank --in "$TMP/raw.csv" --method wsjf --format csv -o "$TMP/raw-out.csv"
run "$PRIO" rank --in "$TMP/raw-out.csv" --method wsjf --format json
expect_out '"title": "Two\r\nlines, \"quoted\""'; expect_out '"note": "x"'
# Another section (another delimiter), or a section that drops a column:
# value by value.
printf '[format.semi]\nplugin = csv\ndelimiter = ";"\n[format.nonote]\nplugin = csv\nignore = note\n' > "$TMP/raw.ini"
run "$PRIO" -c "$TMP/raw.ini" rank --in "$TMP/raw.csv" --from csv --method wsjf --format semi
expect_status 0
expect_out '2;3;;;R-1;Plain;1;1;1;1;'
run "$PRIO" -c "$TMP/raw.ini" rank --in "$TMP/raw.csv" --from nonote --method wsjf --format nonote
expect_status 0
expect_line 1 "rank,score,class,unscored,key,title,business_value,time_criticality,risk_reduction,job_size"
expect_no_out "note"; expect_out '2,3,,,R-1,Plain,1,1,1,1'

test_case "rank --in: the file's pins and manual order count in every format"
printf 'key,title,business_value,time_criticality,risk_reduction,job_size,pin,position\nA,a,1,1,1,1,1,\nB,b,8,8,8,1,,\nC,c,2,2,2,1,,2\nD,d,2,2,2,1,,1\n' > "$TMP/pins.csv"
run "$PRIO" rank --in "$TMP/pins.csv" --method wsjf --format csv
expect_status 0
expect_line 2 "1,3,,,A,"; expect_line 3 "2,24,,,B,"; expect_line 4 "3,6,,,D,"; expect_line 5 "4,6,,,C,"
csv_order=$(printf '%s\n' "$out" | cut -d, -f5 | tr -d '\n')
run "$PRIO" rank --in "$TMP/pins.csv" --method wsjf --format json -o "$TMP/pins.json"
run "$PRIO" rank --in "$TMP/pins.json" --method wsjf --format json
expect_status 0
[ "$(printf '%s\n' "$out" | sed -n 's/.*"key": "\([A-D]\)".*/\1/p' | tr -d '\n')" = "${csv_order#key}" ] &&
	ok || bad "json ranks the file in another order than csv"
printf 'key,title,business_value,time_criticality,risk_reduction,job_size\n' > "$TMP/head.csv"
run "$PRIO" rank --in "$TMP/head.csv" --method wsjf --format csv
expect_status 0; expect_line 1 "rank,score,class,unscored,key,title"

test_case "the same map. and ignore in a JSON and a Jira section"
cat >> "$TMP/fj2/prio.ini" <<'INI'
[format.sheetjson]
plugin = json
map.Story Points = job_size
map.Value = business_value
ignore = Notes, Owner

[format.sheetjira]
plugin = jira
map.key = key
map.title = title
map.Story Points = job_size
map.Value = business_value
ignore = Notes, Owner
INI
run "$PRIO" -C "$TMP/fj2" config
expect_status 0; expect_out "[format.sheetjson]"
printf '[{"key": "SHEET-2", "title": "From JSON", "Story Points": 3, "Value": 5,\n  "Notes": "n", "Owner": "ann"}]\n' > "$TMP/sheet.json"
run "$PRIO" -C "$TMP/fj2" import "$TMP/sheet.json" --from sheetjson
expect_status 0; expect_out "1 created"
run "$PRIO" -C "$TMP/fj2" show SHEET-2
expect_out "job_size:          3"; expect_out "business_value:    5"
run "$PRIO" -C "$TMP/fj2" export --to sheetjson
expect_out '"Story Points": 3'; expect_out '"Value": 5'
printf 'key,title,Story Points,Value,Notes,Owner\nSHEET-3,From Jira,2,1,x,y\n' > "$TMP/sheet-jira.csv"
run "$PRIO" -C "$TMP/fj2" import "$TMP/sheet-jira.csv" --from sheetjira
expect_status 0; expect_out "1 created"
run "$PRIO" -C "$TMP/fj2" show SHEET-3
expect_out "job_size:          2"; expect_out "business_value:    1"
expect_out "title:             From Jira"

test_case "an unknown column, or a map to an unknown field, fails and changes nothing"
before=$(snapshot "$TMP/fj2")
printf 'key,title,Story Points,Value,Notes,Owner,Reviewer\nSHEET-4,x,1,1,n,o,r\n' > "$TMP/extra.csv"
run "$PRIO" -C "$TMP/fj2" import "$TMP/extra.csv" --from sheet
expect_status 1
expect_err "prio: $TMP/extra.csv:1: unknown column 'Reviewer'; declare a [field.NAME] section to keep it, or add to [format.sheet]:
  ignore = Reviewer"
printf '[{"key": "SHEET-4", "title": "x", "Reviewer": "r"}]\n' > "$TMP/extra.json"
run "$PRIO" -C "$TMP/fj2" import "$TMP/extra.json" --from sheetjson
expect_status 1
expect_err "extra.json:1: unknown column 'Reviewer'; declare a [field.NAME] section to keep it, or add to [format.sheetjson]:"
expect_unchanged "$TMP/fj2" "$before"
cp "$TMP/fj2/prio.ini" "$TMP/fj2.ini.saved"
for f in sheet sheetjson sheetjira; do
	"$PRIO" -C "$TMP/fj2" --set "format.$f.map.Reviewer=reviewer" import "$TMP/extra.csv" --from "$f" >/dev/null 2>"$TMP/stderr"
	err=$(cat "$TMP/stderr")
	expect_err "[format.$f] map.Reviewer = 'reviewer': unknown field (declare it in a [field.reviewer] section)"
done
printf 'map.Due date = due\n' >> "$TMP/fj2/prio.ini"	# in [format.sheetjira]
line=$(wc -l < "$TMP/fj2/prio.ini")
run "$PRIO" -C "$TMP/fj2" import "$TMP/sheet-jira.csv" --from sheetjira
expect_status 1
expect_err "prio: $TMP/fj2/prio.ini:$line: [format.sheetjira] map.Due date = 'due': unknown field"
run "$PRIO" -C "$TMP/fj2" config	# says so before any import does
expect_status 1
expect_err "prio: $TMP/fj2/prio.ini:$line: [format.sheetjira] map.Due date = 'due': unknown field"
printf 'map.Due = Due Date\n' >> "$TMP/fj2/prio.ini"
run "$PRIO" -C "$TMP/fj2" import "$TMP/sheet-jira.csv" --from sheetjira
expect_status 1
expect_err "prio.ini:$((line + 1)): [format.sheetjira] map.Due = 'Due Date': expected a field name"
expect_unchanged "$TMP/fj2" "$before"
cp "$TMP/fj2.ini.saved" "$TMP/fj2/prio.ini"

# --- Encoding ------------------------------------------------------------------

test_case "text that is not UTF-8 fails the import, in every format"
new_ws enc
E="$TMP/enc"
before=$(snapshot "$E")
# Latin-1, as a spreadsheet may save it: "Caf\xe9" on line 3.
printf 'key,title\nU-1,Caf\303\251 menu\nU-2,Caf\351 menu\n' > "$TMP/latin1.csv"
run "$PRIO" -C "$E" import "$TMP/latin1.csv"
expect_status 1
expect_err "latin1.csv:3: column title: not valid UTF-8 (byte offset 3)"
expect_unchanged "$E" "$before"
run "$PRIO" -C "$E" import --dry-run "$TMP/latin1.csv"
expect_status 1; expect_out "latin1.csv:3: column title: not valid UTF-8"
expect_unchanged "$E" "$before"
# Overlong, surrogate, past U+10FFFF, cut short: each named.
for bad in '\300\257' '\355\240\200' '\364\220\200\200' '\342\202'; do
	printf "key,title,labels\nU-3,Fine,a$bad\n" > "$TMP/bad8.csv"
	run "$PRIO" -C "$E" import "$TMP/bad8.csv"
	expect_status 1; expect_err "bad8.csv:2: column labels: not valid UTF-8 (byte offset 1)"
done
expect_unchanged "$E" "$before"
printf 'key,title,Not\351s\nU-4,x,y\n' > "$TMP/badname.csv"
run "$PRIO" -C "$E" import "$TMP/badname.csv"
expect_status 1; expect_err "badname.csv:1: column 3: the name is not valid UTF-8 (byte offset 3)"
expect_unchanged "$E" "$before"
printf 'Summary,Issue key\nCaf\351,J-1\n' > "$TMP/latin1-jira.csv"
run "$PRIO" -C "$E" import "$TMP/latin1-jira.csv" --from jira
expect_status 1; expect_err "latin1-jira.csv:2: column title: not valid UTF-8 (byte offset 3)"
printf '[{"key": "J-1", "title": "Caf\351"}]\n' > "$TMP/latin1.json"
run "$PRIO" -C "$E" import "$TMP/latin1.json"
expect_status 1; expect_err "latin1.json:1: "
expect_unchanged "$E" "$before"

test_case "text that is not UTF-8 goes to --rejects like any bad row"
run "$PRIO" -C "$E" import --rejects "$TMP/latin1-rej.csv" "$TMP/latin1.csv"
expect_status 0; expect_out "1 created, 0 updated, 1 rejected"
run cat "$TMP/latin1-rej.csv"
expect_out "U-2,"; expect_out "column title: not valid UTF-8 (byte offset 3)"
run "$PRIO" -C "$E" show U-1
expect_status 0; expect_out "Café menu"
run "$PRIO" -C "$E" show U-2
expect_status 1

# --- Progress ------------------------------------------------------------------

test_case "export progress: never on stderr that is not a terminal"
"$PRIO" init "$TMP/big" >/dev/null
"$B/bench/gen" 20000 > "$TMP/big.csv"
run "$PRIO" -C "$TMP/big" import "$TMP/big.csv"
expect_status 0; expect_out "20000 created"
# No wait before progress would show, if it ever did: PRIO_PROGRESS_DELAY=0.
PRIO_PROGRESS_DELAY=0 run "$PRIO" -C "$TMP/big" export -o "$TMP/big-out.csv"
expect_status 0
[ -z "$err" ] && ok || bad "stderr is not empty: $err"
PRIO_PROGRESS_DELAY=0 run "$PRIO" -C "$TMP/big" rank --format csv
expect_status 0
[ -z "$err" ] && ok || bad "stderr is not empty: $err"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 20001 ] && ok || bad "20000 rows and a header"

test_case "export progress on a terminal: rows written and the rate"
if command -v script >/dev/null 2>&1; then
	# script(1) runs prio on a pseudo-terminal: stderr is a terminal there.
	PRIO_PROGRESS_DELAY=0 script -q -e -c "'$PRIO' -C '$TMP/big' export -o '$TMP/big-tty.csv'" \
		/dev/null < /dev/null > "$TMP/tty.out" 2>&1
	status=$?; out=$(tr '\r' '\n' < "$TMP/tty.out")
	expect_status 0
	expect_out "exporting: 16384/20000 rows, "; expect_out " rows/s"
	# The line is cleared at the end, and the file is the same as without.
	case "$(tail -c 4 "$TMP/tty.out" | od -An -c | tr -d ' ')" in
	*'033[K') ok ;; *) bad "the progress line is not cleared at the end" ;;
	esac
	cmp -s "$TMP/big-out.csv" "$TMP/big-tty.csv" && ok || bad "the export differs on a terminal"
	# Rows written to the terminal itself get no progress over them.
	PRIO_PROGRESS_DELAY=0 script -q -e -c "'$PRIO' -C '$TMP/big' export" \
		/dev/null < /dev/null > "$TMP/tty.out" 2>&1
	status=$?; out=$(cat "$TMP/tty.out")
	expect_status 0; expect_no_out "exporting:"
	# And quick exports stay quiet (the default wait is half a second).
	PRIO_PROGRESS_DELAY=60 script -q -e -c "'$PRIO' -C '$TMP/big' export -o '$TMP/big-tty.csv'" \
		/dev/null < /dev/null > "$TMP/tty.out" 2>&1
	status=$?; out=$(cat "$TMP/tty.out")
	expect_status 0; expect_no_out "exporting:"
else
	printf 'note: no script(1): export progress on a terminal not tested\n'
fi

# --- Markdown ------------------------------------------------------------------

test_case "Markdown: the ranked table and the unscored"
new_ws md
run "$PRIO" -C "$TMP/md" export --to markdown
expect_status 0
expect_line 1 "# Backlog ranked by wsjf"
expect_out "| Rank | Key | Title | Score |"
expect_out "| ---: | --- | --- | ---: |"
expect_out "| 1 | SHOP-3 | Fix double charge on payment retry | 17.67 |"
expect_out "## Unscored"
expect_out "| SHOP-9 | Wishlist sharing | job\\_size is missing |"
"$PRIO" -C "$TMP/md" add 'Pipes | in *the* title' business_value=1 \
	time_criticality=1 risk_reduction=1 job_size=100 >/dev/null
printf '[format.markdown]\nplugin = markdown\nfields = business_value, job_size\n' >> "$TMP/md/prio.ini"
run "$PRIO" -C "$TMP/md" export -o "$TMP/backlog.md"
expect_status 0
out=$(cat "$TMP/backlog.md")
expect_out "| Rank | Key | Title | Score | business\\_value | job\\_size |"
expect_out "| 1 | SHOP-3 | Fix double charge on payment retry | 17.67 | 20 | 3 |"
expect_out "Pipes \\| in \\*the\\* title | 0.03 | 1 | 100 |"
# Every table row has as many cells as its header.
bad_rows=$(awk -F'\\|' '/^\|/ { gsub(/\\\|/, ""); n = gsub(/\|/, "|"); if (hdr == 0 || prev !~ /^\|/) hdr = n; else if (n != hdr) print } { prev = $0 }' "$TMP/backlog.md")
[ -z "$bad_rows" ] && ok || bad "rows with the wrong number of cells: $bad_rows"
if command -v cmark-gfm >/dev/null 2>&1; then
	html=$(cmark-gfm -e table "$TMP/backlog.md")
	case "$html" in *"<td>Pipes | in *the* title</td>"*) ok ;; *) bad "cmark-gfm: $html" ;; esac
fi
sed -i 's/^fields = business_value, job_size$/fields = colour/' "$TMP/md/prio.ini"
run "$PRIO" -C "$TMP/md" export --to markdown
expect_status 1; expect_err "prio.ini:$(wc -l < "$TMP/md/prio.ini"): [format.markdown] fields: unknown field 'colour'"

# --- HTML ----------------------------------------------------------------------

test_case "HTML: one self-contained page"
new_ws web
W2="$TMP/web"
run "$PRIO" -C "$W2" export -o "$TMP/backlog.html"
expect_status 0
out=$(cat "$TMP/backlog.html")
expect_out "<!DOCTYPE html>"; expect_out "ranked by wsjf"
expect_out "Fix double charge on payment retry"; expect_out "17.67"
expect_out "job_size is missing"; expect_out "<svg"
expect_out "No quadrant chart"; expect_out "<table class=\"sortable\">"
expect_out "<pre class=\"config\">[method.wsjf]"
expect_no_out "http://"; expect_no_out "https://"; expect_no_out " src="

test_case "HTML: value/effort quadrant, classes, escaping"
"$PRIO" init "$TMP/ve" >/dev/null
"$PRIO" -C "$TMP/ve" import "$FD/value-effort.csv" >/dev/null
run "$PRIO" -C "$TMP/ve" export --method value_effort --to html -o "$TMP/ve.html"
expect_status 0
out=$(cat "$TMP/ve.html")
expect_out "Quick wins"; expect_out "Time sinks"; expect_out "quick-win"
expect_out "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; friends"
expect_no_out "<script>alert"
expect_out "VE-2 +1"		# two items on one spot

if command -v chromium >/dev/null 2>&1; then
	test_case "HTML: in a real browser"
	expect_screenshot "$TMP/ve.html" "$TMP/ve.png" 1200,900
	# Click the Key heading (natural order), then Score (ascending).
	sed 's|</body>|<script>var t=document.querySelector("table.sortable"),h=t.tHead.rows[0].cells,o=[];function k(){return Array.prototype.map.call(t.tBodies[0].rows,function(r){return r.cells[1].textContent}).join(" ")}h[1].querySelector("button").click();o.push(k());h[5].querySelector("button").click();o.push(k());document.title="ORDER:"+o.join("/");</script></body>|' \
		"$TMP/ve.html" > "$TMP/ve-sort.html"
	dom=$(browser_dom "$TMP/ve-sort.html")
	case "$dom" in
	*"ORDER:VE-1 VE-2 VE-3 VE-4 VE-5 VE-6 VE-7 VE-8 VE-10 VE-11/VE-5 VE-3 VE-10 VE-8 VE-4 VE-7 VE-2 VE-11 VE-1 VE-6"*) ok ;;
	*) bad "sorting in the browser: $(printf '%s' "$dom" | grep -o 'ORDER:[^<]*')" ;;
	esac
else
	printf 'note: chromium is not installed: the HTML page was not opened in a browser\n'
	ok
fi

test_case "Markdown and HTML head a mapped field with its column's name"
new_ws mdmap
printf '\n[format.markdown]\nplugin = markdown\nfields = job_size\nmap.Story Points = job_size\n\n[format.html]\nplugin = html\nmap.Story Points = job_size\n' >> "$TMP/mdmap/prio.ini"
run "$PRIO" -C "$TMP/mdmap" export --to markdown
expect_status 0; expect_out "| Rank | Key | Title | Score | Story Points |"
run "$PRIO" -C "$TMP/mdmap" export --to html
expect_status 0; expect_out '<button type="button">Story Points<'
