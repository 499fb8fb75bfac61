# CLI tests of the backlog's history: finished work out of the ranking,
# ids that are never reused, undo (of rm too), show and the criteria
# commands. Sourced by tests/cli.sh.

H="$TMP/hist"
new_ws hist
h() { "$PRIO" -C "$H" "$@"; }

# --- finished work takes no rank ----------------------------------------

test_case "finished work takes no rank"
h set SHOP-3 status=done >/dev/null		# #1 by WSJF (17.67)
h set SHOP-5 status=accepted >/dev/null		# #2 (5.80)
run h list
expect_status 0
expect_line 2 "SHOP-7"; expect_line 2 "   1 "
expect_no_out "SHOP-3"; expect_no_out "SHOP-5"
run h rank --format csv
expect_status 0
expect_no_out "SHOP-3"; expect_no_out "SHOP-5"
expect_line 2 "1,5.5,,,7,SHOP-7"
run h rank --format json
expect_no_out '"SHOP-3"'

test_case "list --all: finished work after the rest, with no rank"
run h list --all
expect_status 0
expect_line 2 "SHOP-7"
expect_out "finished (2):"
expect_out "  3 SHOP-3  Fix double charge on payment retry: done"
expect_out "  5 SHOP-5  Upgrade the payment SDK before end of support: accepted"
[ "$(printf '%s\n' "$out" | grep -n 'finished (2)' | cut -d: -f1)" -gt \
  "$(printf '%s\n' "$out" | grep -n 'unscored (1)' | cut -d: -f1)" ] && ok ||
	bad "finished before unscored"
run h list --all --limit 1
expect_out "finished (2):"; expect_out "... 1 more finished"
run h rank --all --format csv
expect_status 0
expect_out ",,,,3,SHOP-3,Fix double charge"
expect_out ",,,,5,SHOP-5,"
[ "$(printf '%s\n' "$out" | tail -n 2 | cut -d, -f6 | tr '\n' ' ')" = "SHOP-3 SHOP-5 " ] &&
	ok || bad "finished rows are not last"
run h rank --all --in "$ROOT/config/sample.csv"
expect_status 2; expect_err "--all goes with the workspace"

test_case "export keeps every item; a report leaves finished work out"
run h export
expect_status 0
[ "$(printf '%s\n' "$out" | wc -l)" -eq 13 ] && ok || bad "export lost items"
expect_line 13 ",,,,5,SHOP-5,"
expect_line 12 ",,,,3,SHOP-3,"
h export -o "$TMP/hist-backup.csv"
"$PRIO" init "$TMP/hist-restored" >/dev/null
run "$PRIO" -C "$TMP/hist-restored" import "$TMP/hist-backup.csv"
expect_status 0; expect_out "12 created"
run "$PRIO" -C "$TMP/hist-restored" show SHOP-5
expect_out "accepted"
run h export --to json
expect_out '"key": "SHOP-3"'
run h export --to markdown
expect_status 0
expect_no_out "SHOP-3"; expect_no_out "SHOP-5"; expect_out "SHOP-7"
h export -o "$TMP/hist-report.html"
grep -q "SHOP-7" "$TMP/hist-report.html" && ok || bad "report lacks SHOP-7"
grep -q "SHOP-3" "$TMP/hist-report.html" && bad "report shows SHOP-3" || ok

test_case "explain, pin, compare and sprint plan leave finished work out"
run h explain SHOP-3
expect_status 1; expect_err "item 3 is finished"
run h pin SHOP-3
expect_status 1; expect_err "item 3 is finished"
run h compare wsjf rice
expect_status 0; expect_no_out "SHOP-3"
h sprint new HS1 --start 2026-12-01 --end 2026-12-14 --capacity 20 >/dev/null
run h sprint plan --dry-run
expect_status 0
expect_out "would add 1        5 pts  rank 2    Guest checkout"
expect_no_out "Fix double charge"

test_case "the ranking cache follows finished work"
run h list --limit 3				# computes and caches
expect_line 2 "SHOP-7"
run h list --limit 3				# from the cache
expect_line 2 "SHOP-7"
h set SHOP-7 status=done >/dev/null
run h list --limit 3
expect_line 2 "SHOP-1"; expect_no_out "SHOP-7"
run h --set rank.finished=done list --limit 3	# accepted is open again
expect_status 0; expect_line 2 "SHOP-5"
run h list --limit 3
expect_line 2 "SHOP-1"; expect_no_out "SHOP-5"
h set SHOP-7 status=ready >/dev/null
run h list --limit 3
expect_line 2 "SHOP-7"

test_case "[rank] finished: a name that is no status is an error"
before=$(snapshot "$H")
run h --set rank.finished=closed list
expect_status 1; expect_err "[rank] finished: 'closed' is not a status"
cp "$H/prio.ini" "$TMP/hist-prio.ini"
printf '[rank]\nfinished = done, shipped\n' >> "$H/prio.ini"
run h list
expect_status 1; expect_err "prio.ini:"; expect_err "'shipped' is not a status"
cp "$TMP/hist-prio.ini" "$H/prio.ini"
run h --set rank.finished= list
expect_status 0; expect_out "SHOP-3"		# nothing is finished
expect_unchanged "$H" "$before"
