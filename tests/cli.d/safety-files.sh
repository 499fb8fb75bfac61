# No silent data loss, bad input and odd states (issue 16): the
# workspace's own files, keys and ids, broken stores, permissions and
# temporary files, read-only workspaces, full disks, CR line ends and
# parent cycles. Sourced by tests/cli.sh.

# --- what an export may write over ----------------------------------------

test_case "export -o never writes over the workspace's files or an SQLite file"
new_ws sf1
W="$TMP/sf1"
before=$(snapshot "$W")
ini=$(md5sum < "$W/prio.ini")
for f in backlog.db prio.ini backlog.db-wal backlog.db-shm; do
	run "$PRIO" -C "$W" export -o "$W/$f"
	expect_status 1; expect_err "is the workspace's $f; prio never writes over it"
	run "$PRIO" -C "$W" export --format csv -o "$W/$f"
	expect_status 1; expect_err "is the workspace's $f"
done
# Another name for the same file: a relative path, a symlink, a hard link.
(cd "$W" && run "$PRIO" export --to csv -o ./sub/../backlog.db 2>/dev/null
 [ "$status" -ne 0 ]) && ok || bad "./sub/../backlog.db was written"
ln -s "$W/backlog.db" "$TMP/sf1-link.csv"
run "$PRIO" -C "$W" export -o "$TMP/sf1-link.csv"
expect_status 1; expect_err "sf1-link.csv: is the workspace's backlog.db"
ln "$W/backlog.db" "$TMP/sf1-hard.csv"
run "$PRIO" -C "$W" export -o "$TMP/sf1-hard.csv"
expect_status 1; expect_err "sf1-hard.csv: is the workspace's backlog.db"
# Any SQLite database, by its header, whatever its name.
sqlite3 "$TMP/other.csv" "CREATE TABLE t (x); INSERT INTO t VALUES (42)"
run "$PRIO" -C "$W" export -o "$TMP/other.csv"
expect_status 1; expect_err "other.csv: an SQLite database; prio never writes over one"
[ "$(sqlite3 "$TMP/other.csv" "SELECT x FROM t")" = 42 ] && ok || bad "the SQLite file was replaced"
# import --rejects writes a file too.
printf 'key,title,business_value\nR-1,good,1\nR-2,bad,x\n' > "$TMP/sf1-rej.csv"
run "$PRIO" -C "$W" import "$TMP/sf1-rej.csv" --rejects "$W/backlog.db"
expect_status 1; expect_err "is the workspace's backlog.db"
expect_unchanged "$W" "$before"
[ "$(md5sum < "$W/prio.ini")" = "$ini" ] && ok || bad "prio.ini changed"
run sqlite3 "$W/backlog.db" "PRAGMA integrity_check"
expect_out "ok"

test_case "an -o name with no format's ending is an error naming the formats"
run "$PRIO" -C "$W" export -o "$TMP/backlog.txt"
expect_status 2
expect_err "backlog.txt: cannot tell the format from the name; say it with --format (one of: csv, html, jira, json, markdown)"
[ ! -e "$TMP/backlog.txt" ] && ok || bad "a file was written"
run "$PRIO" -C "$W" export -o "$TMP/noending"
expect_status 2; expect_err "--format"
run "$PRIO" -C "$W" export --format json -o "$TMP/backlog.txt"
expect_status 0
head -c 1 "$TMP/backlog.txt" | grep -q '\[' && ok || bad "--format json did not write JSON"
run "$PRIO" -C "$W" export --to csv -o "$TMP/backlog2.txt"
expect_status 0
head -1 "$TMP/backlog2.txt" | grep -q '^rank,' && ok || bad "--to csv did not write CSV"

# --- keys are keys, ids are ids -------------------------------------------

test_case "import: the key column matches keys only, never ids"
new_ws sf2
W="$TMP/sf2"
before=$(snapshot "$W")
printf 'key,title\n5,Overwritten\n' > "$TMP/sf2-key.csv"
run "$PRIO" -C "$W" import "$TMP/sf2-key.csv"
expect_status 1
expect_err "sf2-key.csv:2: column key: '5' cannot be a key: it is a number, and prio reads a number as an item id"
run "$PRIO" -C "$W" import --dry-run "$TMP/sf2-key.csv"
expect_status 1; expect_no_out "1 updated"
expect_unchanged "$W" "$before"
run "$PRIO" -C "$W" show 5
expect_out "SHOP-5"; expect_no_out "Overwritten"
# A key that names no item creates one, even where a row's id would match.
printf 'key,title\nNEW-5,Fresh\n' > "$TMP/sf2-new.csv"
run "$PRIO" -C "$W" import "$TMP/sf2-new.csv"
expect_status 0; expect_out "1 created, 0 updated"

test_case "add and set refuse a key that is a number"
before=$(snapshot "$W")
for k in 5 007 1.5 -3 1e3; do
	run "$PRIO" -C "$W" add "Numbered" "key=$k"
	expect_status 1; expect_err "cannot be a key: it is a number"
	run "$PRIO" -C "$W" set SHOP-1 "key=$k"
	expect_status 1; expect_err "cannot be a key"
done
expect_unchanged "$W" "$before"

test_case "ids: a number that is not an id is refused clearly, anywhere"
before=$(snapshot "$W")
for id in 1.5 9223372036854775807 99999999999999999999 0 1e3; do
	for c in show rm log explain; do
		run "$PRIO" -C "$W" "$c" "$id"
		expect_status 1
		expect_err "'$id' is not an item id: ids are positive whole numbers"
	done
	run "$PRIO" -C "$W" set "$id" title=x
	expect_status 1; expect_err "'$id' is not an item id"
	run "$PRIO" -C "$W" set SHOP-1 "parent=$id"
	expect_status 1; expect_err "'$id' is not an item id"
	run "$PRIO" -C "$W" add "Child" "parent=$id"
	expect_status 1; expect_err "'$id' is not an item id"
	printf 'id,title\n%s,From a file\n' "$id" > "$TMP/sf2-id.csv"
	run "$PRIO" -C "$W" import "$TMP/sf2-id.csv"
	expect_status 1; expect_err "sf2-id.csv:2: column id: '$id' is not an item id"
	printf 'key,title,parent\nP-1,From a file,%s\n' "$id" > "$TMP/sf2-par.csv"
	run "$PRIO" -C "$W" import "$TMP/sf2-par.csv"
	expect_status 1; expect_err "'$id' is not an item id"
done
run "$PRIO" -C "$W" show -- -3
expect_status 1; expect_err "'-3' is not an item id"
printf 'id,title\n-3,Negative\n' > "$TMP/sf2-neg.csv"
run "$PRIO" -C "$W" import "$TMP/sf2-neg.csv"
expect_status 1; expect_err "'-3' is not an item id"
expect_unchanged "$W" "$before"
run "$PRIO" -C "$W" import --rejects "$TMP/sf2-neg-rej.csv" "$TMP/sf2-neg.csv"
expect_status 0; expect_out "0 created, 0 updated, 1 rejected"
[ "$(sqlite3 "$W/backlog.db" "SELECT count(*) FROM items WHERE id <= 0")" = 0 ] &&
	ok || bad "a negative id was stored"
# The largest id there is still works.
printf 'id,title\n9007199254740991,Last\n' > "$TMP/sf2-max.csv"
run "$PRIO" -C "$W" import "$TMP/sf2-max.csv"
expect_status 0
run "$PRIO" -C "$W" show 9007199254740991
expect_status 0; expect_out "Last"

# --- parent cycles ------------------------------------------------------------

test_case "a self-parent or a parent cycle is refused, naming its items"
new_ws sf3
W="$TMP/sf3"
"$PRIO" -C "$W" set SHOP-2 parent=SHOP-1 >/dev/null
"$PRIO" -C "$W" set SHOP-3 parent=SHOP-2 >/dev/null
before=$(snapshot "$W")
run "$PRIO" -C "$W" set SHOP-1 parent=SHOP-1
expect_status 1; expect_err "an item cannot be its own parent"
run "$PRIO" -C "$W" set SHOP-1 parent=1
expect_status 1; expect_err "an item cannot be its own parent"
run "$PRIO" -C "$W" set SHOP-1 parent=SHOP-3
expect_status 1
expect_err "would make a cycle, each item the parent of the one before: SHOP-1 -> SHOP-3 -> SHOP-2 -> SHOP-1"
printf 'key,title,parent\nSHOP-1,Guest checkout,SHOP-3\n' > "$TMP/sf3-a.csv"
run "$PRIO" -C "$W" import "$TMP/sf3-a.csv"
expect_status 1; expect_err "sf3-a.csv:2: parent: that would make a cycle"
# A cycle among the rows of one file, and a row its own parent.
printf 'key,title,parent\nC-1,One,C-2\nC-2,Two,C-3\nC-3,Three,C-1\n' > "$TMP/sf3-b.csv"
run "$PRIO" -C "$W" import "$TMP/sf3-b.csv"
expect_status 1; expect_err "sf3-b.csv:4: parent: that would make a cycle"
expect_err "C-3 -> C-1 -> C-2 -> C-3"
printf 'key,title,parent\nS-1,Self,S-1\n' > "$TMP/sf3-c.csv"
run "$PRIO" -C "$W" import "$TMP/sf3-c.csv"
expect_status 1; expect_err "an item cannot be its own parent"
expect_unchanged "$W" "$before"
# A chain that is no cycle still goes in.
run "$PRIO" -C "$W" set SHOP-4 parent=SHOP-3
expect_status 0

# --- broken stores ----------------------------------------------------------

test_case "an empty or non-SQLite backlog.db is an error for every command"
"$PRIO" init "$TMP/sf4" >/dev/null
W="$TMP/sf4"
for kind in empty text foreign; do
	rm -f "$W/backlog.db" "$W/backlog.db-wal" "$W/backlog.db-shm"
	case $kind in
	empty) : > "$W/backlog.db"; why="an empty file, not a prio backlog" ;;
	text) echo "key,title" > "$W/backlog.db"; why="not a prio backlog (not an SQLite database)" ;;
	foreign) sqlite3 "$W/backlog.db" "CREATE TABLE t (x)"; why="an SQLite database, but not a prio backlog" ;;
	esac
	sum=$(md5sum < "$W/backlog.db")
	for args in "list" "show 1" "add Fresh" "export --to csv" "log" "sprint show"; do
		# shellcheck disable=SC2086
		run "$PRIO" -C "$W" $args
		expect_status 1; expect_err "$W/backlog.db: $why"
	done
	printf 'title\nImported\n' > "$TMP/sf4.csv"
	run "$PRIO" -C "$W" import "$TMP/sf4.csv"
	expect_status 1; expect_err "$why"
	[ "$(md5sum < "$W/backlog.db")" = "$sum" ] && ok || bad "$kind backlog.db was changed"
	[ ! -e "$W/backlog.db-wal" ] && ok || bad "$kind: a WAL was made"
done

# --- the files prio writes ----------------------------------------------------

test_case "re-exporting keeps the file's permissions"
new_ws sf5
W="$TMP/sf5"
"$PRIO" -C "$W" export -o "$TMP/sf5.csv"
chmod 600 "$TMP/sf5.csv"
run "$PRIO" -C "$W" export -o "$TMP/sf5.csv"
expect_status 0
[ "$(stat -c %a "$TMP/sf5.csv")" = 600 ] && ok || bad "0600 became $(stat -c %a "$TMP/sf5.csv")"
chmod 640 "$TMP/sf5.csv"
"$PRIO" -C "$W" export -o "$TMP/sf5.csv"
[ "$(stat -c %a "$TMP/sf5.csv")" = 640 ] && ok || bad "0640 became $(stat -c %a "$TMP/sf5.csv")"
(umask 027; "$PRIO" -C "$W" export -o "$TMP/sf5-new.csv")
[ "$(stat -c %a "$TMP/sf5-new.csv")" = 640 ] && ok || bad "a new file ignored the umask"
ls "$TMP" | grep -q 'sf5.*tmp' && bad "a temporary file was left" || ok

test_case "a killed export leaves no temporary file"
if [ -x "$B/bench/gen" ]; then
	"$PRIO" init "$TMP/sf6" >/dev/null
	"$B/bench/gen" 100000 > "$TMP/sf6.csv"
	"$PRIO" -C "$TMP/sf6" import "$TMP/sf6.csv" >/dev/null
	mkdir "$TMP/sf6out"
	echo "old" > "$TMP/sf6out/out.csv"
	killed=0
	for _ in 1 2 3; do
		"$PRIO" -C "$TMP/sf6" export -o "$TMP/sf6out/out.csv" 2>/dev/null &
		pid=$!
		# Kill it while it writes: a file in sf6out open (an unnamed
		# one shows as "(deleted)").
		for _ in $(seq 400); do
			ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "sf6out/" && break
			sleep 0.01
		done
		if ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "sf6out/"; then
			kill -9 "$pid" 2>/dev/null
			killed=$((killed + 1))
		fi
		wait "$pid" 2>/dev/null
	done
	[ "$killed" -gt 0 ] && ok || bad "never caught the export writing"
	[ "$(ls "$TMP/sf6out")" = out.csv ] && ok || bad "left behind: $(ls "$TMP/sf6out")"
	# As it was, or (an export that finished before the kill landed on a
	# loaded machine) whole: never in between.
	if [ "$(cat "$TMP/sf6out/out.csv")" = old ] ||
		[ "$(wc -l < "$TMP/sf6out/out.csv")" -eq 100001 ]; then
		ok
	else
		bad "out.csv was half replaced"
	fi
fi

# --- read-only workspaces -------------------------------------------------------

# ro_run CMD...: runs prio's CMD in $RO mounted read-only (as root, in a
# mount namespace of its own), or chmod'ed read-only (not root).
ro_run() {
	if [ "$(id -u)" -eq 0 ]; then
		run unshare -m --propagation private sh -c \
			'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"' \
			"$RO" "$PRIO" -C "$RO" "$@"
	else
		run "$PRIO" -C "$RO" "$@"
	fi
}

test_case "a read-only workspace: reading works, writing says it is read-only"
new_ws sf7
RO="$TMP/sf7"
before=$(snapshot "$RO")
can=0
if [ "$(id -u)" -eq 0 ]; then
	unshare -m --propagation private sh -c \
		'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && ! touch "$0/x"' \
		"$RO" 2>/dev/null && can=1
else
	chmod a-w "$RO" "$RO/backlog.db" "$RO/prio.ini" && can=1
fi
if [ "$can" = 1 ]; then
	ro_run list --limit 2
	expect_status 0; expect_line 2 "SHOP-3"
	ro_run show SHOP-1
	expect_status 0; expect_out "Guest checkout"
	ro_run export -o "$TMP/sf7.csv"
	expect_status 0
	ro_run log SHOP-1
	expect_status 0; expect_out "import"
	ro_run add "New"
	expect_status 1; expect_err "$RO: the workspace is read-only"
	ro_run set SHOP-1 job_size=3
	expect_status 1; expect_err "$RO: the workspace is read-only"
	ro_run import "$ROOT/config/sample.csv"
	expect_status 1; expect_err "the workspace is read-only"
	ro_run method use rice
	expect_status 1; expect_err "the workspace is read-only"; expect_no_out "method:"
	[ "$(id -u)" -eq 0 ] || chmod u+w "$RO" "$RO/backlog.db" "$RO/prio.ini"
	expect_unchanged "$RO" "$before"
	[ -z "$(ls "$RO" | grep -v '^backlog.db$\|^prio.ini$')" ] && ok || bad "files were made: $(ls "$RO")"
	# Changes left in the WAL (a writer stopped before its checkpoint):
	# read with the -shm file there; without it, a clear error.
	sqlite3 "$RO/backlog.db" ".dbconfig no_ckpt_on_close on" \
		"UPDATE items SET title = 'Only in the WAL' WHERE key = 'SHOP-1'" >/dev/null
	[ -s "$RO/backlog.db-wal" ] && ok || bad "no WAL left to read"
	[ "$(id -u)" -eq 0 ] || chmod a-w "$RO" "$RO/backlog.db" "$RO/prio.ini"
	ro_run show SHOP-1
	expect_status 0; expect_out "Only in the WAL"
	[ "$(id -u)" -eq 0 ] || chmod u+w "$RO"
	rm "$RO/backlog.db-shm"
	[ "$(id -u)" -eq 0 ] || chmod a-w "$RO"
	ro_run show SHOP-1
	expect_status 1
	expect_err "$RO/backlog.db: the workspace is read-only, and the backlog's last changes are in its -wal file"
	[ "$(id -u)" -eq 0 ] || chmod u+w "$RO" "$RO/backlog.db" "$RO/prio.ini"
	run "$PRIO" -C "$RO" show SHOP-1
	expect_status 0; expect_out "Only in the WAL"
else
	echo "skipped: a read-only workspace (no read-only mount here, and root ignores chmod)"
fi

# --- full disks ------------------------------------------------------------------

test_case "a full disk says 'no space left on device' with the file"
run "$PRIO" -C "$TMP/sf5" export -o /dev/full
expect_status 1; expect_err "/dev/full: No space left on device"
mkdir -p "$TMP/sf8"
if [ "$(id -u)" -eq 0 ] && [ -x "$B/bench/gen" ] &&
	unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs "$0"' "$TMP/sf8" 2>/dev/null; then
	"$B/bench/gen" 20000 > "$TMP/sf8.csv"
	# In small tmpfs mounts of its own: a workspace on a disk filled to
	# 200 KiB of its end, then an import that needs more; an export to
	# a second one, full.
	run unshare -m --propagation private sh -c '
		T=$0 P=$1 S=$2 C=$3
		mount -t tmpfs -o size=4m tmpfs "$T" || exit 9
		mkdir "$T/out" && mount -t tmpfs -o size=64k tmpfs "$T/out" || exit 9
		"$P" init "$T/ws" >/dev/null && "$P" -C "$T/ws" import "$S" >/dev/null || exit 9
		before=$(sqlite3 "$T/ws/backlog.db" .dump | md5sum)
		dd if=/dev/zero of="$T/fill" bs=1k count=$(($(df --output=avail -k "$T" | tail -1) - 200)) 2>/dev/null
		"$P" -C "$T/ws" import "$C"; echo "import: $?"
		rm -f "$T/fill"
		dd if=/dev/zero of="$T/out/fill" bs=1k 2>/dev/null
		"$P" -C "$T/ws" export -o "$T/out/out.csv"; echo "export: $?"
		echo "left: $(ls "$T/out" | tr "\n" " ")"
		[ "$(sqlite3 "$T/ws/backlog.db" .dump | md5sum)" = "$before" ] && echo "backlog: unchanged"
	' "$TMP/sf8" "$PRIO" "$ROOT/config/sample.csv" "$TMP/sf8.csv"
	expect_out "import: 1"; expect_out "export: 1"
	expect_out "left: fill "; expect_out "backlog: unchanged"
	expect_err "sf8/ws/backlog.db"; expect_err "o space left on device"
	expect_err "sf8/out/out.csv: No space left on device"
	case "$err" in *"disk I/O error"*|*"disk is full"*) bad "SQLite's words for a full disk" ;; *) ok ;; esac
else
	echo "skipped: a full tmpfs (needs root and a mount namespace)"
fi

test_case "method use and roles switch say they changed only after the commit"
new_ws sf9
W="$TMP/sf9"
# A log that cannot take the entry: the commit fails after prio.ini is
# written, and prio.ini is put back.
sqlite3 "$W/backlog.db" "CREATE TRIGGER no_log BEFORE INSERT ON log BEGIN SELECT RAISE(FAIL, 'log refused'); END"
ini=$(md5sum < "$W/prio.ini")
run "$PRIO" -C "$W" method use rice
expect_status 1; expect_err "log refused"; expect_no_out "method:"
run "$PRIO" -C "$W" roles switch separate --map "$(id -un)=pm" --default po
expect_status 1; expect_err "log refused"; expect_no_out "switched"; expect_no_out "gains"
[ "$(md5sum < "$W/prio.ini")" = "$ini" ] && ok || bad "prio.ini changed"
sqlite3 "$W/backlog.db" "DROP TRIGGER no_log"
run "$PRIO" -C "$W" method use rice
expect_status 0; expect_out "method: wsjf -> rice"
run "$PRIO" -C "$W" method use wsjf --dry-run
expect_status 0; expect_out "method: rice -> wsjf"; expect_out "dry run"

# --- CSV line ends ------------------------------------------------------------------

test_case "CSV with CR-only line ends (old Mac files)"
"$PRIO" init "$TMP/sf10" >/dev/null
W="$TMP/sf10"
printf 'key,title,business_value\rMAC-1,Old Mac file,3\r\rMAC-2,"Two\rlines",5\rMAC-3,Last,8' > "$TMP/sf10.csv"
run "$PRIO" -C "$W" import "$TMP/sf10.csv"
expect_status 0; expect_out "3 created, 0 updated"
run sqlite3 "$W/backlog.db" "SELECT key || '|' || title || '|' || $(fld business_value) FROM items ORDER BY id"
expect_line 1 "MAC-1|Old Mac file|3"
expect_line 3 "MAC-3|Last|8"
[ "$(sqlite3 "$W/backlog.db" "SELECT hex(title) FROM items WHERE key = 'MAC-2'")" = "54776F0D6C696E6573" ] &&
	ok || bad "the CR inside quotes was not kept"
# Lines are counted as a person sees them: the bad row is on line 6.
printf 'key,title,business_value\rMAC-4,A,1\r\rMAC-5,"B\rb",2\rMAC-6,C,x\r' > "$TMP/sf10-bad.csv"
run "$PRIO" -C "$W" import "$TMP/sf10-bad.csv"
expect_status 1; expect_err "sf10-bad.csv:6: column business_value: not a number: 'x'"

test_case "rank -o FILE writes FILE in the format of its name, never a table to nowhere"
W="$TMP/sf1"
run "$PRIO" -C "$W" rank -o "$TMP/sf11.json"
expect_status 0
head -c 1 "$TMP/sf11.json" | grep -q '\[' && ok || bad "rank -o x.json did not write JSON"
run "$PRIO" -C "$W" rank -o "$TMP/sf11.txt"
expect_status 2; expect_err "sf11.txt: cannot tell the format from the name; say it with --format"
[ ! -e "$TMP/sf11.txt" ] && ok || bad "a file was written"
run "$PRIO" -C "$W" rank --format csv -o "$W/backlog.db"
expect_status 1; expect_err "is the workspace's backlog.db"
