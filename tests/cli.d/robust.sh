# Crashes, concurrency and full disks: nothing is lost, nothing is half
# done. Sourced by tests/cli.sh.

items_sum() { sqlite3 "$1/backlog.db" "SELECT count(*), total(id) FROM items"; }

test_case "kill -9 during a large import leaves the backlog as it was"
if [ -x "$B/bench/gen" ]; then
	new_ws k9
	"$B/bench/gen" 200000 > "$TMP/200k.csv"
	before=$(sqlite3 "$TMP/k9/backlog.db" "SELECT * FROM items ORDER BY id" | md5sum)
	# Killed at several moments of the import (its writes stay in
	# memory until the commit, so the files show no progress to wait
	# for): each time the backlog is as it was, or the import is whole.
	for delay in 0.1 0.3 0.6 1.2; do
		"$PRIO" -C "$TMP/k9" import "$TMP/200k.csv" >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		[ "$(sqlite3 "$TMP/k9/backlog.db" "PRAGMA integrity_check")" = ok ] &&
			ok || bad "not intact after kill -9 at ${delay}s"
		n=$(sqlite3 "$TMP/k9/backlog.db" "SELECT count(*) FROM items")
		if [ "$n" = 200012 ]; then
			ok	# done before the kill: made as before, for the next
			rm -rf "$TMP/k9"; new_ws k9
			before=$(sqlite3 "$TMP/k9/backlog.db" "SELECT * FROM items ORDER BY id" | md5sum)
		else
			[ "$(sqlite3 "$TMP/k9/backlog.db" "SELECT * FROM items ORDER BY id" | md5sum)" = "$before" ] &&
				ok || bad "the backlog changed after kill -9 at ${delay}s ($n items)"
		fi
	done
	run "$PRIO" -C "$TMP/k9" list --limit 1
	expect_status 0; expect_line 2 "SHOP-3"
fi

test_case "concurrent writers: every change lands, none sees 'locked'"
for procs in 2 8; do
	"$PRIO" init "$TMP/cc$procs" >/dev/null
	for pnum in $(seq "$procs"); do
		(
			for i in $(seq 15); do
				id=$("$PRIO" -C "$TMP/cc$procs" add "p$pnum item $i" \
					key="P$pnum-$i" job_size=1) || exit 1
				"$PRIO" -C "$TMP/cc$procs" set "$id" business_value="$i" || exit 1
			done
		) 2>>"$TMP/cc$procs.err" &
	done
	wait
	run sqlite3 "$TMP/cc$procs/backlog.db" "SELECT count(*), sum(business_value) FROM (SELECT $(fld business_value) AS business_value FROM items)"
	expect_out "$((procs * 15))|$((procs * 120))"
	[ ! -s "$TMP/cc$procs.err" ] && ok || bad "$procs writers: $(head -3 "$TMP/cc$procs.err")"
	run sqlite3 "$TMP/cc$procs/backlog.db" "SELECT count(*) FROM log"
	expect_out "$((procs * 30))"
done

test_case "a full disk: a clear error, no half-written file, no half import"
# A file size limit stands in for a full disk: writes fail with EFBIG.
if [ -x "$B/bench/gen" ]; then
	"$B/bench/gen" 30000 > "$TMP/30k.csv"
	new_ws fd
	before=$(sqlite3 "$TMP/fd/backlog.db" "SELECT * FROM items ORDER BY id" | md5sum)
	run bash -c "trap '' XFSZ; ulimit -f 2000; exec '$PRIO' -C '$TMP/fd' import '$TMP/30k.csv'"
	expect_status 1; expect_err "backlog.db"
	[ "$(sqlite3 "$TMP/fd/backlog.db" "SELECT * FROM items ORDER BY id" | md5sum)" = "$before" ] &&
		ok || bad "a failed import changed the backlog"
	run sqlite3 "$TMP/fd/backlog.db" "PRAGMA integrity_check"
	expect_out "ok"
	"$PRIO" -C "$TMP/fd" import "$TMP/30k.csv" >/dev/null
	run bash -c "trap '' XFSZ; ulimit -f 1000; exec '$PRIO' -C '$TMP/fd' export -o '$TMP/full.csv'"
	expect_status 1; expect_err "full.csv: File too large"
	[ ! -e "$TMP/full.csv" ] && ok || bad "a half-written export was left"
	[ -z "$(ls "$TMP" | grep 'full.csv.tmp')" ] && ok || bad "temporary file left"
fi

test_case "an import into an empty backlog: a key twice updates, dates follow the status"
# Into an empty backlog the import writes rows without looking them up;
# the second row with a key must still update the first, not fail.
"$PRIO" init "$TMP/fresh" >/dev/null
printf 'key,title,status,business_value\nF-1,First,ready,3\nF-2,Second,done,5\nF-1,First,accepted,8\n' > "$TMP/fresh.csv"
PRIO_TODAY=2026-03-04 run "$PRIO" -C "$TMP/fresh" import "$TMP/fresh.csv"
expect_status 0; expect_out "2 created, 1 updated"
run sqlite3 "$TMP/fresh/backlog.db" "SELECT key, title, status, $(fld business_value), done_on, accepted_on FROM items ORDER BY id"
expect_line 1 "F-1|First|accepted|8|2026-03-04|2026-03-04"
expect_line 2 "F-2|Second|done|5|2026-03-04|"
run "$PRIO" -C "$TMP/fresh" log F-1
expect_out '"title": "First"'; expect_out '"status": "accepted"'
# A file with the dates: kept where the status is done, dropped where not.
"$PRIO" init "$TMP/dated" >/dev/null
printf 'key,title,status,done_on\nD-1,A,done,2026-01-02\nD-2,B,ready,2026-01-03\nD-3,C,done,\n' > "$TMP/dated.csv"
PRIO_TODAY=2026-03-04 run "$PRIO" -C "$TMP/dated" import "$TMP/dated.csv"
expect_status 0
run sqlite3 "$TMP/dated/backlog.db" "SELECT key, status, done_on FROM items ORDER BY id"
expect_line 1 "D-1|done|2026-01-02"; expect_line 2 "D-2|ready|"
expect_line 3 "D-3|done|2026-03-04"
# A key taken by the backlog already: looked up, updated.
printf 'key,title,status\nF-2,Second again,ready\n' > "$TMP/fresh2.csv"
run "$PRIO" -C "$TMP/fresh" import "$TMP/fresh2.csv"
expect_status 0; expect_out "0 created, 1 updated"
run sqlite3 "$TMP/fresh/backlog.db" "SELECT title, status, done_on IS NULL FROM items WHERE key = 'F-2'"
expect_out "Second again|ready|1"

test_case "a large import into an empty backlog keeps keys unique, a key twice too"
if [ -x "$B/bench/gen" ]; then
	"$PRIO" init "$TMP/bulk" >/dev/null
	"$B/bench/gen" 12000 > "$TMP/12k.csv"
	# The last row names the first row's key again: an update of it.
	tail -n 1 "$TMP/12k.csv" | sed 's/^BL-[0-9]*,/BL-1,/' >> "$TMP/12k.csv"
	run "$PRIO" -C "$TMP/bulk" import "$TMP/12k.csv"
	expect_status 0; expect_out "12000 created, 1 updated"
	"$PRIO" init "$TMP/bulk2" >/dev/null
	"$B/bench/gen" 12000 > "$TMP/12k2.csv"
	run "$PRIO" -C "$TMP/bulk2" import "$TMP/12k2.csv"
	expect_status 0; expect_out "12000 created"
	# The key index the bulk write put off is whole again.
	run sqlite3 "$TMP/bulk2/backlog.db" "SELECT count(*) FROM sqlite_master WHERE name = 'items_key'"
	expect_out "1"
	run "$PRIO" -C "$TMP/bulk2" add Again key=BL-7
	expect_status 1; expect_err "key already used"
fi
