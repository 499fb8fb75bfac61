# CLI tests of the backlog as of a date (--at on list, show, compare):
# a scripted history over five days, each day's output kept and compared
# with what --at reads back from the log. Sourced by tests/cli.sh.

export TZ=UTC
A="$TMP/at"
a() { "$PRIO" -C "$A" "$@"; }
day() { PRIO_TODAY=$1; export PRIO_TODAY; }

test_case "--at: a scripted history read back day by day"
day 2026-11-01
"$PRIO" init "$A" >/dev/null
a import "$ROOT/config/sample.csv" >/dev/null
day1=$(a list --all)
day1_json=$(a show SHOP-3 --format json)
day 2026-11-03
a set SHOP-1 business_value=1 status=ready >/dev/null
a rm SHOP-2 >/dev/null
a add "New thing" business_value=20 time_criticality=20 risk_reduction=20 job_size=1 >/dev/null
printf 'key,title,business_value,time_criticality,risk_reduction,job_size\nSHOP-3,Fix the double charge,21,20,13,3\nSHOP-99,Brand new,1,1,1,1\n' > "$TMP/at-up.csv"
a import "$TMP/at-up.csv" >/dev/null
day3=$(a list --all)
day 2026-11-05
run a undo				# the import, whole
expect_status 0; expect_out "item 14: removed"; expect_out "undid change"
run a show SHOP-3 --format json
expect_json "j['title'] == 'Fix double charge on payment retry'" "j['business_value'] == 20"
run a show SHOP-99
expect_status 1
a set SHOP-4 status=done >/dev/null
a list --all >/dev/null
run a list --all --at 2026-11-01
expect_status 0
[ "$out" = "$day1" ] && ok || bad "list --at day 1 is not the list of day 1:
$out
--- then:
$day1"
run a list --all --at 2026-11-03
[ "$out" = "$day3" ] && ok || bad "list --at day 3 is not the list of day 3:
$out
--- then:
$day3"
run a list --at 2026-11-02 --format csv
expect_out "Apple Pay"; expect_no_out "New thing"
# show: an item as it stood, one removed since, one made since.
run a show SHOP-3 --at 2026-11-03 --format json
expect_json "j['title'] == 'Fix the double charge'" "j['business_value'] == 21"
run a show SHOP-3 --format json
expect_json "j['title'] == 'Fix double charge on payment retry'"
run a show SHOP-3 --at 2026-11-01 --format json
[ "$out" = "$day1_json" ] || expect_json "j['title'] == 'Fix double charge on payment retry'"
run a show 2 --at 2026-11-02
expect_status 0; expect_out "Apple Pay and Google Pay at checkout"
run a show 2 --at 2026-11-04
expect_status 1; expect_err "item 2 did not exist at 2026-11-04"
run a show 2
expect_status 1
run a show 14 --at 2026-11-03
expect_status 0; expect_out "Brand new"
run a show 14 --at 2026-11-02
expect_status 1; expect_err "did not exist"
run a show SHOP-1 --at 2026-11-01T23:59:59
expect_status 0; expect_out "business_value:    13"
# compare: today's ranking beside the one of day 1.
run a compare --at 2026-11-01 --top 3
expect_status 0
expect_out "Since 2026-11-01, by [method.wsjf]"
expect_line 4 "  13        new      1  New thing"
expect_out "Agreement: tau "

test_case "--at: bad times are usage errors, the workspace unchanged"
snap=$(snapshot "$A")
for bad_at in garbage 2026-13-01 2026-11-01T25:00 2026-11-01T10:00:00x ""; do
	run a list --at "$bad_at"
	expect_status 2; expect_err "expected a date"
done
run a show 1 --at nope
expect_status 2
run a compare --at nope
expect_status 2
run a compare --at 2026-11-01 wsjf rice
expect_status 2; expect_err "one method"
run "$PRIO" rank --in "$ROOT/config/sample.csv" --at 2026-11-01
expect_status 2; expect_err "--at goes with the workspace"
expect_unchanged "$A" "$snap"

test_case "the log keeps before-values; after-values are read back"
run sqlite3 "$A/backlog.db" "SELECT count(*) FROM log WHERE after IS NOT NULL AND item IS NOT NULL AND action <> 'import' AND before NOT LIKE '%criterion%'"
expect_out "0"
# An import is one entry about the file, with the ids it made.
run sqlite3 "$A/backlog.db" "SELECT count(*) FROM log WHERE action = 'import' AND item IS NULL"
expect_out "2"
run a log SHOP-1
expect_out 'before: {"business_value": 13}'
expect_out 'after:  {"business_value": 1}'
expect_out "created #1 from line 2"
expect_out "file:   $ROOT/config/sample.csv (sha256 "
run a log 14 --format json
expect_json "j[0]['action'] == 'import' and j[0]['item'] is None" \
	"j[0]['after']['created'] == 1 and j[0]['after']['updated'] == 1" \
	"len(j[0]['after']['sha256']) == 64" "j[-1]['action'] == 'undo'" \
	"j[-1]['before']['title'] == 'Brand new'"
# Three changes to one field: each entry's after is the next one's before.
a set 1 estimate=1 >/dev/null; a set 1 estimate=2 >/dev/null; a set 1 estimate=3 >/dev/null
run a log 1 --format json
expect_json "[e['after']['estimate'] for e in j if e['before'] and list(e['before']) == ['estimate']] == [1, 2, 3]" \
	"[e['before']['estimate'] for e in j if e['before'] and list(e['before']) == ['estimate']] == [5, 1, 2]"

test_case "a forged import entry in the log: undo refuses it, nothing read as made"
F="$TMP/at-forged"
"$PRIO" init "$F" >/dev/null
"$PRIO" -C "$F" import "$ROOT/config/sample.csv" >/dev/null
# More ids than the entry says it created: not runs prio writes.
sqlite3 "$F/backlog.db" "UPDATE log SET after = json_set(after, '$.ids', json('[[1, 999999999, 2]]')) WHERE action = 'import' AND item IS NULL"
snap=$(snapshot "$F")
run "$PRIO" -C "$F" undo
expect_status 1; expect_err "cannot be undone"
expect_unchanged "$F" "$snap"
run "$PRIO" -C "$F" log 1
expect_status 0; expect_no_out "created #1"
run "$PRIO" -C "$F" list --at 2026-01-01 --all
expect_status 0
