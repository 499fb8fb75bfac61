# tests/cli.d/files.sh - real files in: Jira's Sprint columns become prio
# sprints (velocity works right after the import), Resolved and Parent
# key; and the whole workspace out and back in as JSON. Sourced by
# tests/cli.sh, with its helpers; must not exit. Dates come from PRIO_TODAY.

JS_CSV="$ROOT/tests/data/formats/jira-sprints.csv"
export PRIO_TODAY=2026-07-01
sprint_rows() { store_sql "$1" "SELECT * FROM sprints; SELECT * FROM sprint_items" | md5sum; }

test_case "files: Jira's Sprint columns make sprints, the last one each item's"
"$PRIO" init "$TMP/fj" >/dev/null
FJ="$TMP/fj"
run "$PRIO" -C "$FJ" import "$JS_CSV" --from jira
expect_status 0
expect_out "6 created, 0 updated, 4 put in sprints (3 sprints created)"
# Sprint 9 before Sprint 10 (numbers as numbers), end to end, the last
# closed one ending the day before the import; the unfinished last one open.
run "$PRIO" -C "$FJ" velocity --format json
expect_out '"sprint": "Shop Sprint 9", "start": "2026-06-03", "end": "2026-06-16", "committed": 5, "done": 5, "accepted": 0'
expect_out '"sprint": "Shop Sprint 10", "start": "2026-06-17", "end": "2026-06-30", "committed": 5, "done": 3, "accepted": 0'
run "$PRIO" -C "$FJ" sprint show
expect_out "sprint Shop Sprint 11  2026-07-01 .. 2026-07-14  open"
expect_out "Card wallet"; expect_no_out "Saved cards"
run "$PRIO" -C "$FJ" sprint show "Shop Sprint 10"
expect_out "closed"
printf '%s\n' "$out" | grep -q "^3 .*done  *Saved cards" && ok || bad "SHOP-3 not done in Sprint 10: $out"
printf '%s\n' "$out" | grep -q "^4 .*returned  *Address lookup" && ok || bad "SHOP-4 not returned: $out"

test_case "files: Resolved sets done_on; Parent key where Parent is not in the file"
run "$PRIO" -C "$FJ" export
expect_status 0
printf '%s\n' "$out" | grep -q ',2,SHOP-2,Guest checkout,.*,2026-06-12,' && ok || bad "SHOP-2 done_on: $out"
printf '%s\n' "$out" | grep -q ',3,SHOP-3,Saved cards,.*,2026-06-25,' && ok || bad "SHOP-3 done_on: $out"
run "$PRIO" -C "$FJ" show SHOP-4
expect_out "parent:            1"		# Parent 99999 is not in the file
run "$PRIO" -C "$FJ" show SHOP-6
expect_out "parent:            1"		# Parent 10001 is SHOP-1's Issue id

test_case "files: the same export again changes nothing, sprints included"
before=$(snapshot "$FJ")
run "$PRIO" -C "$FJ" import "$JS_CSV" --from jira
expect_status 0; expect_out "0 created, 0 updated, 6 unchanged"
expect_no_out "sprints"
expect_unchanged "$FJ" "$before"

test_case "files: with status.Done = accepted, velocity counts Jira's Done"
"$PRIO" init "$TMP/fja" >/dev/null
printf '[format.jira]\nplugin = jira\nstatus.Done = accepted\n' >> "$TMP/fja/prio.ini"
run "$PRIO" -C "$TMP/fja" import "$JS_CSV" --from jira
expect_status 0
run "$PRIO" -C "$TMP/fja" velocity
expect_out "velocity: 4.0 points per sprint (average of the last 2)"

test_case "files: a dry run says what it would put in sprints, writes nothing"
"$PRIO" init "$TMP/fjd" >/dev/null
before=$(snapshot "$TMP/fjd")
run "$PRIO" -C "$TMP/fjd" import "$JS_CSV" --from jira --dry-run
expect_status 0
expect_out "dry run: would have 6 created, 0 updated, 4 put in sprints (3 sprints created)"
expect_unchanged "$TMP/fjd" "$before"

test_case "files: a new open sprint while one is open is refused, nothing written"
"$PRIO" init "$TMP/fjo" >/dev/null
"$PRIO" -C "$TMP/fjo" sprint new "Ours" --start 2026-06-25 --end 2026-07-08 --capacity 10 >/dev/null
before=$(snapshot "$TMP/fjo")
run "$PRIO" -C "$TMP/fjo" import "$JS_CSV" --from jira
expect_status 1
expect_err "jira-sprints.csv:6: column sprint: sprint 'Shop Sprint 11' has unfinished items and would be open, but sprint 'Ours' is open: close it first (prio sprint close)"
expect_unchanged "$TMP/fjo" "$before"

test_case "files: a closed sprint takes no item it did not have"
printf 'Summary,Issue key,Status,Sprint\nLate,SHOP-9,To Do,Shop Sprint 9\n' > "$TMP/fj-late.csv"
before=$(snapshot "$FJ")
run "$PRIO" -C "$FJ" import "$TMP/fj-late.csv" --from jira
expect_status 1
expect_err "fj-late.csv:2: column sprint: sprint 'Shop Sprint 9' is closed, and item 7 was not in it"
expect_unchanged "$FJ" "$before"

test_case "files: the open sprint takes an item it lacks"
printf 'Summary,Issue key,Status,Sprint,Sprint\nLate,SHOP-9,To Do,Shop Sprint 10,Shop Sprint 11\n' > "$TMP/fj-open.csv"
run "$PRIO" -C "$FJ" import "$TMP/fj-open.csv" --from jira
expect_status 0; expect_out "1 created, 0 updated, 1 put in sprints (0 sprints created)"
run "$PRIO" -C "$FJ" sprint show
expect_out "Late"

test_case "files: an import that made sprints is one log entry, as any import"
"$PRIO" init "$TMP/fju" >/dev/null
"$PRIO" -C "$TMP/fju" import "$JS_CSV" --from jira >/dev/null
run "$PRIO" -C "$TMP/fju" log
expect_status 0
[ "$(store_sql "$TMP/fju" "SELECT count(*) FROM log")" = 1 ] && ok || bad "not one entry: $out"
expect_out "6 created"

test_case "files: hostile sprint cells: too long a name, no item to place"
"$PRIO" init "$TMP/fjh" >/dev/null
long=$(printf 'S%.0s' $(seq 64))
printf 'Summary,Issue key,Sprint\nA,H-1,%s\n' "$long" > "$TMP/fj-long.csv"
before=$(snapshot "$TMP/fjh")
run "$PRIO" -C "$TMP/fjh" import "$TMP/fj-long.csv" --from jira
expect_status 1
expect_err "fj-long.csv:2: column sprint: a sprint's name is 1 to 63 bytes"
expect_unchanged "$TMP/fjh" "$before"
printf 'title,sprint\nNo key,Sprint 1\n' > "$TMP/fj-nokey.csv"
run "$PRIO" -C "$TMP/fjh" import "$TMP/fj-nokey.csv"
expect_status 1
expect_err "fj-nokey.csv:2: column sprint: to go into sprint 'Sprint 1', the row needs the id or key of its item"
expect_unchanged "$TMP/fjh" "$before"
printf 'key,title,Sprint,sprint\nH-1,A,S1,S2\n' > "$TMP/fj-twice.csv"
run "$PRIO" -C "$TMP/fjh" import "$TMP/fj-twice.csv"
expect_status 1; expect_err "appears twice"
expect_unchanged "$TMP/fjh" "$before"

test_case "files: a CSV's sprint column works too; rejected rows stay out of sprints"
printf 'key,title,status,estimate,sprint\nC-1,One,done,2,Sprint 1\nC-2,Two,nonsense,3,Sprint 1\nC-3,Three,new,1,Sprint 2\n' > "$TMP/fj-csv.csv"
run "$PRIO" -C "$TMP/fjh" import "$TMP/fj-csv.csv" --rejects "$TMP/fj-rej.csv"
expect_status 0
expect_out "2 created, 0 updated, 2 put in sprints (2 sprints created), 1 rejected"
grep -q '^C-2,Two,nonsense,3,Sprint 1,3,' "$TMP/fj-rej.csv" && ok || bad "rejects lack the sprint: $(cat "$TMP/fj-rej.csv")"
run "$PRIO" -C "$TMP/fjh" velocity --format json
expect_out '"sprint": "Sprint 1", "start": "2026-06-17", "end": "2026-06-30", "committed": 2, "done": 2'
expect_no_out "C-2"
run "$PRIO" -C "$TMP/fjh" sprint show
expect_out "sprint Sprint 2  2026-07-01 .. 2026-07-14  open"

test_case "files: a field named sprint is a field, not a sprint"
"$PRIO" init "$TMP/fjf" >/dev/null
printf '[field.sprint]\ntype = text\n' >> "$TMP/fjf/prio.ini"
run "$PRIO" -C "$TMP/fjf" import "$JS_CSV" --from jira
expect_status 0; expect_out "6 created, 0 updated"; expect_no_out "put in sprints"
run "$PRIO" -C "$TMP/fjf" show SHOP-5
expect_out "Shop Sprint 11"

test_case "files: sprints need the sprint.plan right; a refusal writes nothing"
"$PRIO" init "$TMP/fjr" >/dev/null
printf '\n[roles]\npolicy = acl\ndefault =\n\n[users]\nlee = lead\n\n[role.lead]\nallow = item.*, import\n' >> "$TMP/fjr/prio.ini"
run "$PRIO" -C "$TMP/fjr" --as lee import "$JS_CSV" --from jira
expect_status 3; expect_err "may plan sprints"
# Only the refusal is logged.
[ "$(store_sql "$TMP/fjr" "SELECT count(*) FROM items; SELECT count(*) FROM sprints; SELECT count(*) FROM sprint_items")" = "$(printf '0\n0\n0')" ] && ok || bad "a refused import wrote"
printf 'Summary,Issue key\nNo sprint,L-1\n' > "$TMP/fj-plain.csv"
run "$PRIO" -C "$TMP/fjr" --as lee import "$TMP/fj-plain.csv" --from jira
expect_status 0; expect_out "1 created"

# A workspace with something of everything prio keeps.
WA="$TMP/fwa"
"$PRIO" init "$WA" >/dev/null
wa() { "$PRIO" -C "$WA" "$@" >/dev/null; }
printf '\n[field.revenue]\ntype = number\n' >> "$WA/prio.ini"
wa vision set 'Shop people love, "quoted"
on two lines'
wa roadmap add "Supplier reorders" --horizon 2026-Q3
wa roadmap add "Loyalty"
wa add "Epic" key=E-1 type=epic initiative="Supplier reorders"
wa add "Reorder button" key=R-1 parent=E-1 business_value=8 time_criticality=3 risk_reduction=1 job_size=3 estimate=3 revenue=0.1 'story=As a buyer, I want "one" click,
so that'
wa add "Stock alert" key=R-2 parent=E-1 business_value=20 time_criticality=5 risk_reduction=2 job_size=2 estimate=2.5 initiative=Loyalty revenue=12345678.901234567
wa add "Big" key=R-9 revenue=100 estimate=1e-7
wa add "Ünïcode ☃, comma" key=R-3 estimate=1 labels=a,b
wa criteria add R-1 "Button shows"; wa criteria add R-1 "Order placed"; wa criteria add R-1 "gone"
wa criteria rm R-1 3; wa criteria check R-1 1
wa pin R-3 1; wa move R-2 --top
export PRIO_TODAY=2026-06-15
wa sprint new S1 --start 2026-06-01 --end 2026-06-14 --capacity 8
wa sprint add R-1; wa sprint add R-2; wa sprint add R-3; wa sprint rm R-3
wa set R-1 status=done; wa sprint close
wa sprint new S2 --start 2026-06-15 --end 2026-06-28 --capacity 5
wa sprint add R-2
export PRIO_TODAY=2026-07-01
wa accept R-1 2>/dev/null || wa criteria check R-1 all
wa accept R-1

test_case "files: export --workspace, import into a fresh one, export again: the same bytes"
run "$PRIO" -C "$WA" export --workspace -o "$TMP/fwa.json"
expect_status 0
for want in '"vision": "Shop people love, \"quoted\"\non two lines"' '"name": "Supplier reorders", "horizon": "2026-Q3"' \
	'"pin": 1' '"position": 1' '"revenue": 12345678.901234567' '"revenue": 0.1' '"revenue": 100}' '"estimate": 1e-07,' '"business_value": 20,' '"text": "Button shows", "checked": true' \
	'"name": "S1"' '"outcome": "returned"' '"removed": "2026-06-15", "outcome": null'; do
	grep -qF "$want" "$TMP/fwa.json" && ok || bad "the export lacks $want"
done
grep -q 'e+' "$TMP/fwa.json" && bad "a whole number written with an exponent" || ok
"$PRIO" init "$TMP/fwb" >/dev/null
printf '\n[field.revenue]\ntype = number\n' >> "$TMP/fwb/prio.ini"
run "$PRIO" -C "$TMP/fwb" import "$TMP/fwa.json"
expect_status 0
expect_out "5 created, with 2 initiatives, 2 criteria, 2 sprints and the vision"
run "$PRIO" -C "$TMP/fwb" log
expect_out "5 created, 0 updated"
run "$PRIO" -C "$TMP/fwb" export --workspace
expect_status 0
[ "$out" = "$(cat "$TMP/fwa.json")" ] && ok || bad "not the same bytes: $(diff "$TMP/fwa.json" - <<<"$out")"
# What people see is the same too.
for cmd in "list --all" "velocity" "sprint show" "roadmap" "vision" "show R-1" "criteria list R-1"; do
	a=$("$PRIO" -C "$WA" $cmd 2>&1 | grep -v '^log:'); b=$("$PRIO" -C "$TMP/fwb" $cmd 2>&1 | grep -v '^log:')
	[ "$a" = "$b" ] && ok || bad "prio $cmd differs: $a // $b"
done

test_case "files: a workspace goes only into an empty one; nothing changes"
before=$(snapshot "$TMP/fwb")
run "$PRIO" -C "$TMP/fwb" import "$TMP/fwa.json"
expect_status 1
expect_err "fwa.json: a whole workspace goes into an empty one, and this one has items (prio init a new one)"
expect_unchanged "$TMP/fwb" "$before"
"$PRIO" init "$TMP/fwc" >/dev/null
"$PRIO" -C "$TMP/fwc" vision set "Ours" >/dev/null
before=$(snapshot "$TMP/fwc")
run "$PRIO" -C "$TMP/fwc" import "$TMP/fwa.json"
expect_status 1; expect_err "this one has a vision"
expect_unchanged "$TMP/fwc" "$before"

test_case "files: --dry-run, --rejects and the options export refuses"
"$PRIO" init "$TMP/fwd" >/dev/null
printf '\n[field.revenue]\ntype = number\n' >> "$TMP/fwd/prio.ini"
before=$(snapshot "$TMP/fwd")
run "$PRIO" -C "$TMP/fwd" import "$TMP/fwa.json" --dry-run
expect_status 0; expect_out "dry run: would have 5 created"
expect_unchanged "$TMP/fwd" "$before"
run "$PRIO" -C "$TMP/fwd" import "$TMP/fwa.json" --rejects "$TMP/fwd-rej.csv"
expect_status 2; expect_err "no --rejects"
expect_unchanged "$TMP/fwd" "$before"
run "$PRIO" -C "$WA" export --workspace --format csv
expect_status 2; expect_err "--workspace is written as json, not csv"
run "$PRIO" -C "$WA" export --workspace --method rice
expect_status 2; expect_err "--workspace takes no --method"
run "$PRIO" -C "$WA" export --workspace -o "$WA/backlog.db"
expect_status 1; expect_err "prio never writes over it"

test_case "files: a hostile workspace file fails whole, naming where"
# each line: a jq-free edit of the export (sed), and what the error says
check_bad() { # check_bad SED-EXPRESSION EXPECTED-ERROR
	sed "$1" "$TMP/fwa.json" > "$TMP/fw-bad.json"
	run "$PRIO" -C "$TMP/fwd" import "$TMP/fw-bad.json"
	expect_status 1; expect_err "$2"
	expect_unchanged "$TMP/fwd" "$before"
}
check_bad 's/"status": "accepted"/"status": "finished"/' "fw-bad.json: items[1]: field status:"
check_bad 's/"revenue": 0.1/"revenu": 0.1/' "items[1]: 'revenu' is no field of this workspace (declare [field.revenu] in its prio.ini)"
check_bad 's/"id": 3,/"id": 2,/' "items: id 2 twice"
check_bad 's/"id": 3,/"id": -3,/' "items[2]: field id"
check_bad 's/"estimate": 3,/"estimate": true,/' "items[1]: 'estimate': expected a string, a number or null"
check_bad 's/{"item": 2, "n": 1/{"item": 99, "n": 1/' "criteria[0]: item 99 is not among the items"
check_bad 's/"checked": true/"checked": "yes"/' "criteria[0]: 'checked': expected true or false"
check_bad 's/"closed_on": "2026-06-15"/"closed_on": null/' "sprints[1]: a second open sprint (one is open at a time)"
check_bad 's/"start": "2026-06-01"/"start": "01\/06\/2026"/' "sprints[0]: 'start': '01/06/2026' is not a date like 2026-07-01"
check_bad 's/"outcome": "returned"/"outcome": "lost"/' "sprints[0].items[1]: 'outcome': 'lost' is not done, accepted, returned or null"
check_bad 's/"initiative": "Loyalty"/"initiative": "Nowhere"/' "items[2]"
check_bad 's/"title": "Epic", //' "items[0]: no title (every item has one)"
check_bad 's/"parent": 1,/"parent": 99,/' "items[1]: parent '99': no such item"
check_bad 's/"version": 1/"version": 2/' "workspace version: this prio reads version 1"
check_bad 's/"vision":/"visions":/' "unknown key 'visions'"
check_bad 's/"name": "S2"/"name": "S1"/' "sprints[1]: there is already a sprint called 'S1'"
check_bad 's/"items": \[$/"items": {/' "fw-bad.json:"
"$PRIO" init "$TMP/fwg" >/dev/null
printf '\n[field.revenue]\ntype = number\n' >> "$TMP/fwg/prio.ini"
"$PRIO" -C "$TMP/fwg" add "Gone" >/dev/null; "$PRIO" -C "$TMP/fwg" rm 1 >/dev/null
before=$(snapshot "$TMP/fwg")
run "$PRIO" -C "$TMP/fwg" import "$TMP/fwa.json"
expect_status 1; expect_err "items[0]: id 1 was an item's, removed since: ids are never reused"
expect_unchanged "$TMP/fwg" "$before"
before=$(snapshot "$TMP/fwd")
printf '{"items": []}' > "$TMP/fw-notws.json"
run "$PRIO" -C "$TMP/fwd" import "$TMP/fw-notws.json"
expect_status 1; expect_err "an object, but no prio workspace"
expect_unchanged "$TMP/fwd" "$before"

test_case "files: an empty workspace round-trips too; an items array is still items"
"$PRIO" init "$TMP/fwe" >/dev/null
"$PRIO" -C "$TMP/fwe" export --workspace -o "$TMP/fwe.json"
"$PRIO" init "$TMP/fwf" >/dev/null
run "$PRIO" -C "$TMP/fwf" import "$TMP/fwe.json"
expect_status 0; expect_out "0 created"
run "$PRIO" -C "$TMP/fwf" export --workspace
[ "$out" = "$(cat "$TMP/fwe.json")" ] && ok || bad "empty workspace differs: $out"
printf '[{"title": "Plain", "key": "P-1"}]\n' > "$TMP/fw-items.json"
run "$PRIO" -C "$TMP/fwf" import "$TMP/fw-items.json"
expect_status 0; expect_out "1 created, 0 updated"

test_case "files: each part of a workspace needs its own right"
"$PRIO" init "$TMP/fwr" >/dev/null
printf '\n[field.revenue]\ntype = number\n\n[roles]\npolicy = acl\ndefault =\n\n[users]\nlee = lead\n\n[role.lead]\nallow = item.*, import, backlog.order, roadmap.edit, vision.edit\n' >> "$TMP/fwr/prio.ini"
run "$PRIO" -C "$TMP/fwr" --as lee import "$TMP/fwa.json"
expect_status 3; expect_err "may plan sprints"
[ "$(store_sql "$TMP/fwr" "SELECT count(*) FROM items; SELECT count(*) FROM roadmap; SELECT count(*) FROM meta WHERE key = 'vision'")" = "$(printf '0\n0\n0')" ] && ok || bad "a refused workspace import wrote"
sed -i 's/vision.edit$/vision.edit, sprint.plan/' "$TMP/fwr/prio.ini"
run "$PRIO" -C "$TMP/fwr" --as lee import "$TMP/fwa.json"
expect_status 0; expect_out "5 created"

test_case "files: ignore = Sprint in [format.jira] leaves sprints alone"
"$PRIO" init "$TMP/fji" >/dev/null
printf '[format.jira]\nplugin = jira\nignore = Sprint\n' >> "$TMP/fji/prio.ini"
run "$PRIO" -C "$TMP/fji" import "$JS_CSV" --from jira
expect_status 0; expect_out "6 created, 0 updated"; expect_no_out "sprints"
run "$PRIO" -C "$TMP/fji" sprint show
expect_status 1

test_case "files: hostile text survives the workspace round trip byte for byte"
WH="$TMP/fwh"
"$PRIO" init "$WH" >/dev/null
wh() { "$PRIO" -C "$WH" "$@" >/dev/null; }
nasty=$(printf 'q"uote \\back\\slash\ttab \001ctl \302\205nel \342\200\250ls 😀 </script> {"a": [1]} , ; # =')
wh vision set "$nasty"
wh roadmap add "I, $nasty"
wh add "$nasty" key=H-1 "labels=a,$nasty" "story=$nasty
second line" initiative="I, $nasty"
wh add "plain" key=H-2 parent=H-1 estimate=0.30000000000000004 business_value=1 time_criticality=1 risk_reduction=1 job_size=3
wh criteria add H-1 "$nasty"
wh sprint new "S q\"uote 😀 </script>" --start 2026-06-20 --end 2026-07-03 --capacity 0.1
wh sprint add H-2 --force
"$PRIO" -C "$WH" export --workspace -o "$TMP/fwh.json"
"$PRIO" init "$TMP/fwh2" >/dev/null
run "$PRIO" -C "$TMP/fwh2" import "$TMP/fwh.json"
expect_status 0; expect_out "2 created, with 1 initiative, 1 criterion, 1 sprint and the vision"
run "$PRIO" -C "$TMP/fwh2" export --workspace
[ "$out" = "$(cat "$TMP/fwh.json")" ] && ok || bad "not the same bytes: $(diff "$TMP/fwh.json" - <<<"$out")"
run "$PRIO" -C "$TMP/fwh2" vision
expect_out '\t'; expect_out '\x01'
