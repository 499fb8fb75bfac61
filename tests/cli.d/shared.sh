# A shared backlog without a server (issue 18): one SQLite workspace
# shared by the Unix users of a group, and `prio store copy`, which moves
# a whole store (items, log, sprints, roadmap, vision, ids) into an empty
# one. Sourced by tests/cli.sh.

# --- one workspace, several Unix users -------------------------------------

test_case "a new store has the umask's bits, as any file the user makes"
for m in 002 022 077; do
	(umask $m && "$PRIO" init "$TMP/mode$m" >/dev/null)
	want=$(printf '%o' $((0666 & ~0$m)))
	run stat -c %a "$TMP/mode$m/backlog.db" "$TMP/mode$m/prio.ini"
	[ "$out" = "$want
$want" ] && ok || bad "umask $m: modes $out, expected $want"
done

test_case "a new store in a setgid folder has the folder's group"
# Root may give a folder any group; anyone else one of their own groups.
g=$(id -G | tr ' ' '\n' | grep -vx "$(id -g)" | head -n 1)
[ "$(id -u)" -eq 0 ] && g=$(getent group | awk -F: '$3 != 0 { print $3; exit }')
if [ -n "$g" ]; then
	mkdir "$TMP/sgid" && chgrp "$g" "$TMP/sgid" && chmod 2775 "$TMP/sgid"
	(umask 002 && "$PRIO" init "$TMP/sgid/ws" >/dev/null)
	run stat -c '%a %g' "$TMP/sgid/ws" "$TMP/sgid/ws/backlog.db"
	[ "$out" = "2775 $g
664 $g" ] && ok || bad "folder and store: $out, expected 2775 $g / 664 $g"
else
	echo "skipped: a setgid folder's group (this user has one group only)"
fi

# Two real users of one group, when the tests run as root (only root
# makes users); their names are this run's own, and removed at the end.
shared_users() {
	local u=prs$$ i
	SH_G=${u}g SH_A=${u}a SH_B=${u}b
	for i in 1 2 3 4 5 6 7 8 9 10; do	# another area may hold the lock
		{ getent group "$SH_G" >/dev/null || groupadd "$SH_G"; } 2>/dev/null &&
		{ id "$SH_A" >/dev/null 2>&1 || useradd -M -N -g "$SH_G" "$SH_A"; } 2>/dev/null &&
		{ id "$SH_B" >/dev/null 2>&1 || useradd -M -N -g "$SH_G" "$SH_B"; } 2>/dev/null &&
		return 0
		sleep 0.5
	done
	return 1
}
shared_cleanup() {
	userdel "$SH_A" 2>/dev/null; userdel "$SH_B" 2>/dev/null
	groupdel "$SH_G" 2>/dev/null
}
# as USER UMASK CMD...: runs CMD as USER (its home in $TMP) with that umask.
as() {
	local user=$1 mask=$2
	shift 2
	runuser -u "$user" -- env HOME="$TMP/home-$user" \
		sh -c 'umask "$0" && exec "$@"' "$mask" "$@"
}

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: two Unix users sharing a workspace (needs root, to make the users)"
elif ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
	echo "skipped: two Unix users sharing a workspace (no useradd or runuser)"
elif ! shared_users; then
	echo "skipped: two Unix users sharing a workspace (useradd failed)"
else
	test_case "two users of a group share a workspace in a setgid folder"
	# The users reach $TMP (private to root otherwise), and nothing more.
	chmod 0711 "$TMP"
	mkdir -p "$TMP/home-$SH_A" "$TMP/home-$SH_B" "$TMP/team"
	chown "$SH_A" "$TMP/home-$SH_A"; chown "$SH_B" "$TMP/home-$SH_B"
	chgrp "$SH_G" "$TMP/team" && chmod 2775 "$TMP/team"
	W="$TMP/team/ws"
	run as "$SH_A" 002 "$PRIO" init "$W"
	expect_status 0
	run as "$SH_A" 002 "$PRIO" -C "$W" add "First" business_value=3
	expect_status 0
	run stat -c '%a %G' "$W" "$W/backlog.db" "$W/prio.ini"
	[ "$out" = "2775 $SH_G
664 $SH_G
664 $SH_G" ] && ok || bad "modes and groups: $out"
	# B reads and writes what A made, with a stricter umask of its own.
	run as "$SH_B" 022 "$PRIO" -C "$W" list
	expect_status 0; expect_out "First"
	run as "$SH_B" 022 "$PRIO" -C "$W" add "Second" business_value=5
	expect_status 0; expect_out "2"
	run as "$SH_A" 002 "$PRIO" -C "$W" set 2 business_value=8
	expect_status 0

	test_case "a read by one user leaves -wal and -shm the other can write"
	# B's prio list holds the store open while its output waits in a
	# FIFO that nobody reads yet: its -wal and -shm are there meanwhile.
	# (600 rows of 200 bytes: more than a pipe holds)
	long=$(printf '%0200d' 0)
	{ echo title; for i in $(seq 600); do echo "Item $i $long"; done; } \
		> "$TMP/team/many.csv"
	run as "$SH_A" 002 "$PRIO" -C "$W" import "$TMP/team/many.csv"
	expect_status 0
	mkfifo -m 666 "$TMP/team/fifo"
	as "$SH_B" 077 sh -c 'exec "$0" -C "$1" list --all > "$2"' "$PRIO" "$W" \
		"$TMP/team/fifo" &
	reader=$!
	exec 3<"$TMP/team/fifo"
	for i in $(seq 50); do [ -e "$W/backlog.db-shm" ] && break; sleep 0.1; done
	run stat -c '%a %U %G' "$W/backlog.db-wal" "$W/backlog.db-shm"
	[ "$out" = "664 $SH_B $SH_G
664 $SH_B $SH_G" ] && ok || bad "B's -wal and -shm: $out"
	run as "$SH_A" 002 "$PRIO" -C "$W" add "While B reads" business_value=1
	expect_status 0
	run as "$SH_A" 002 "$PRIO" -C "$W" set 1 title="Renamed while B reads"
	expect_status 0
	head -c 100 <&3 >/dev/null
	cat <&3 >/dev/null
	exec 3<&-
	wait "$reader" && ok || bad "B's prio list failed"
	run as "$SH_B" 022 "$PRIO" -C "$W" show 1
	expect_status 0; expect_out "Renamed while B reads"
	# B's configuration change keeps prio.ini the group's, for A to change.
	run as "$SH_B" 022 "$PRIO" -C "$W" method use rice
	expect_status 0
	run as "$SH_A" 002 "$PRIO" -C "$W" method use wsjf
	expect_status 0
	run stat -c '%a %G' "$W/prio.ini"
	[ "$out" = "664 $SH_G" ] && ok || bad "prio.ini: $out"
	run "$PRIO" -C "$W" log --format json
	expect_json "[e['user'] for e in j][-2:] == ['$SH_B', '$SH_A']"
	shared_cleanup
fi
