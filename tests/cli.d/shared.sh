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

	test_case "store copy from a workspace this user may only read"
	# A's own workspace, made under umask 022: B reads it, read-only.
	mkdir "$TMP/own" && chown "$SH_A" "$TMP/own"
	run as "$SH_A" 022 "$PRIO" init "$TMP/own/ws"
	run as "$SH_A" 022 "$PRIO" -C "$TMP/own/ws" add "Private" estimate=3
	expect_status 0
	run as "$SH_B" 022 "$PRIO" -C "$TMP/own/ws" add "Not mine"
	expect_status 1; expect_err "the workspace is read-only"
	mkdir "$TMP/bs" && chown "$SH_B" "$TMP/bs"
	run as "$SH_B" 022 "$PRIO" init "$TMP/bs/copy"
	run as "$SH_B" 022 "$PRIO" -C "$TMP/bs/copy" store copy --from "$TMP/own/ws"
	expect_status 0; expect_out "copied 1 item, 1 log entry, "
	run as "$SH_B" 022 "$PRIO" -C "$TMP/bs/copy" show 1
	expect_out "Private"
	run ls -A "$TMP/own/ws"
	[ "$out" = "backlog.db
prio.ini" ] && ok || bad "the read-only source has $out"
	shared_cleanup
fi

# --- prio store copy --from DIR ---------------------------------------------

# A workspace with something of everything a store keeps: a custom field,
# the vision, the roadmap, criteria, pins and positions, sprints (one
# closed, one open), an import, a removal (of the highest id), an undo,
# a refusal, and people acting through --as and PRIO_USER.
SA="$TMP/sa"
"$PRIO" init "$SA" >/dev/null
sa() { "$PRIO" -C "$SA" "$@" >/dev/null; }
printf '\n[field.revenue]\ntype = number\n\n[users]\nbea = developer\n' >> "$SA/prio.ini"
sa vision set 'Shop people love, "quoted"
on two lines'
sa roadmap add "Supplier reorders" --horizon 2026-Q3
sa roadmap add "Loyalty"
sa import "$ROOT/config/sample.csv"
sa add "Epic" key=E-1 type=epic initiative="Supplier reorders"
sa --as ann add "Reorder button" key=R-1 parent=E-1 business_value=8 time_criticality=3 risk_reduction=1 job_size=3 estimate=3 revenue=0.1 'story=As a buyer,
I want it'
PRIO_USER=cy sa add "Stock alert" key=R-2 parent=E-1 business_value=20 time_criticality=5 risk_reduction=2 job_size=2 estimate=2.5 initiative=Loyalty revenue=12345678.901234567
sa add "Ünïcode ☃, comma" key=R-3 estimate=1 labels=a,b
sa criteria add R-1 "Button shows"; sa criteria add R-1 "Order placed"; sa criteria add R-1 "gone"
sa criteria rm R-1 3; sa criteria check R-1 1
sa pin R-3 1; sa move R-2 --top
sa set R-3 estimate=2; sa undo
"$PRIO" -C "$SA" --as bea vision set "Mine" 2>/dev/null	# refused, and logged
export PRIO_TODAY=2026-06-15
sa sprint new S1 --start 2026-06-01 --end 2026-06-14 --capacity 8
sa sprint add R-1; sa sprint add R-2; sa sprint add R-3; sa sprint rm R-3
sa set R-1 status=done; sa sprint close
sa sprint new S2 --start 2026-06-15 --end 2026-06-28 --capacity 5
sa sprint add R-2
export PRIO_TODAY=2026-07-01
sa criteria check R-1 all; sa accept R-1
sa reject R-2 --reason "Not yet" 2>/dev/null
sa add "Gone" key=G-1
sa rm G-1
unset PRIO_TODAY
# A copy has the same fields declared (the method and roles are its own).
new_target() {
	"$PRIO" init "$1" >/dev/null &&
		printf '\n[field.revenue]\ntype = number\n' >> "$1/prio.ini"
}
# The log without the copies' own entries, as JSON.
log_of() {
	"$PRIO" -C "$1" log --format json |
		python3 -c 'import json, sys; print(json.dumps([e for e in json.load(sys.stdin) if e["action"] != "store.copy"], sort_keys=True))'
}

test_case "store copy: a whole store into a new workspace and back, nothing lost"
SB="$TMP/sb" SC="$TMP/sc"
new_target "$SB"; new_target "$SC"
run "$PRIO" -C "$SB" store copy --from "$SA"
expect_status 0
expect_out "copied 16 items, "; expect_out "2 criteria, 2 sprints, 2 initiatives and the vision from $SA; the next new item gets id 18"
run "$PRIO" -C "$SC" store copy --from "$SB"
expect_status 0; expect_out "copied 16 items, "
run "$PRIO" -C "$SA" export --workspace
expect_status 0; a=$out
for w in "$SB" "$SC"; do
	run "$PRIO" -C "$w" export --workspace
	[ "$out" = "$a" ] && ok || bad "export --workspace of $w differs: $(diff <(echo "$a") - <<<"$out")"
done
[ "$(log_of "$SA")" = "$(log_of "$SB")" ] && ok || bad "the log of sb differs"
[ "$(log_of "$SA")" = "$(log_of "$SC")" ] && ok || bad "the log of sc differs"
# Every kind of entry made it: ids, times, users, via, refusals, undoes.
run "$PRIO" -C "$SC" log --format json
expect_json "len(j) == len([e for e in j if e['action'] != 'store.copy']) + 2" \
	"any(e['via'] == '--as' and e['user'] == 'ann' for e in j)" \
	"any(e['via'] == 'PRIO_USER' and e['user'] == 'cy' for e in j)" \
	"any(e['outcome'] == 'refused' and e['user'] == 'bea' for e in j)" \
	"any(e['action'] == 'undo' for e in j)" \
	"[e['action'] for e in j][-2:] == ['store.copy', 'store.copy']" \
	"j[-1]['after']['from'] == '$SB' and j[-1]['after']['next_id'] == 18"
for cmd in "list --all" "velocity" "sprint show S1" "sprint show" "burndown" "roadmap" "vision" "show R-1" "criteria list R-1" "log R-1" "show 17"; do
	a=$("$PRIO" -C "$SA" $cmd 2>&1); b=$("$PRIO" -C "$SC" $cmd 2>&1)
	[ "$a" = "$b" ] && ok || bad "prio $cmd differs: $(diff <(echo "$a") <(echo "$b"))"
done
# Removed ids stay removed: the next item is 18 everywhere, not 17.
for w in "$SA" "$SB" "$SC"; do
	run "$PRIO" -C "$w" add "Next"
	expect_status 0; [ "$out" = 18 ] && ok || bad "$w: the next id is $out"
done

test_case "store copy: the copied log is history that works (undo, --at)"
# The copy's own entry is not undone; an entry before it is, as there.
SB="$TMP/sb2"
new_target "$SB"; "$PRIO" -C "$SB" store copy --from "$SA" >/dev/null
run "$PRIO" -C "$SB" undo
expect_status 1; expect_err "(store.copy) cannot be undone"
gone=$("$PRIO" -C "$SB" log --format json | python3 -c 'import json, sys; print([e["entry"] for e in json.load(sys.stdin) if e["action"] == "item.delete"][-1])')
run "$PRIO" -C "$SB" undo "$gone"
expect_status 0
run "$PRIO" -C "$SB" show G-1
expect_status 0; expect_out "Gone"
run "$PRIO" -C "$SB" show 17
expect_status 0; expect_out "Gone"
run "$PRIO" -C "$SB" add "Next"
expect_status 0; [ "$out" = 19 ] && ok || bad "after the undo, the next id is $out (sa had 18)"
t=$("$PRIO" -C "$SA" log --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)[3]["at"])')
a=$("$PRIO" -C "$SA" list --all --at "$t" 2>&1); b=$("$PRIO" -C "$SC" list --all --at "$t" 2>&1)
[ "$a" = "$b" ] && ok || bad "list --at differs: $(diff <(echo "$a") <(echo "$b"))"

test_case "store copy: only into an empty workspace; nothing changes"
before=$(snapshot "$SB")
run "$PRIO" -C "$SB" store copy --from "$SA"
expect_status 1
expect_err "prio: $SA: a whole workspace goes into an empty one, and this one has items (prio init a new one)"
expect_unchanged "$SB" "$before"
# No items, but a log (an item made and removed; a sprint): not empty.
new_target "$TMP/sd"
"$PRIO" -C "$TMP/sd" add "Once" >/dev/null && "$PRIO" -C "$TMP/sd" rm 1 >/dev/null
before=$(snapshot "$TMP/sd")
run "$PRIO" -C "$TMP/sd" store copy --from "$SA"
expect_status 1; expect_err "this one has a log (prio init a new one)"
expect_unchanged "$TMP/sd" "$before"
new_target "$TMP/se"
"$PRIO" -C "$TMP/se" sprint new X --start 2026-01-01 --end 2026-01-14 --capacity 3 >/dev/null
before=$(snapshot "$TMP/se")
run "$PRIO" -C "$TMP/se" store copy --from "$SA"
expect_status 1; expect_err "this one has a log"
expect_unchanged "$TMP/se" "$before"

test_case "store copy: DIR must be another workspace"
new_target "$TMP/sf"
before=$(snapshot "$TMP/sf")
run "$PRIO" -C "$TMP/sf" store copy --from "$TMP/nowhere"
expect_status 1; expect_err "prio: --from $TMP/nowhere: not a prio workspace (no prio.ini there)"
mkdir "$SA/sub"
run "$PRIO" -C "$TMP/sf" store copy --from "$SA/sub"
expect_status 1; expect_err "sub: not a prio workspace (no prio.ini there)"
# The same workspace, by any name: its path, ., a link, a link to its store.
run "$PRIO" -C "$TMP/sf" store copy --from "$TMP/sf"
expect_status 1; expect_err "prio: --from $TMP/sf: is this workspace; a store is copied into another one"
(cd "$TMP/sf" && "$PRIO" store copy --from . 2>&1; echo "status $?") | grep -q "is this workspace" && ok || bad ". is not this workspace"
ln -s "$TMP/sf" "$TMP/sf-link"
run "$PRIO" -C "$TMP/sf" store copy --from "$TMP/sf-link"
expect_status 1; expect_err "is this workspace"
mkdir "$TMP/sg"; cp "$TMP/sf/prio.ini" "$TMP/sg/"; ln -s "$TMP/sf/backlog.db" "$TMP/sg/backlog.db"
run "$PRIO" -C "$TMP/sf" store copy --from "$TMP/sg"
expect_status 1; expect_err "is this workspace"
# A store that is no backlog, and a field this workspace lacks.
mkdir "$TMP/sh"; cp "$TMP/sf/prio.ini" "$TMP/sh/"; echo "not a database" > "$TMP/sh/backlog.db"
run "$PRIO" -C "$TMP/sf" store copy --from "$TMP/sh"
expect_status 1; expect_err "--from $TMP/sh: $TMP/sh/backlog.db: not a prio backlog"
"$PRIO" init "$TMP/si" >/dev/null
run "$PRIO" -C "$TMP/si" store copy --from "$SA"
expect_status 1; expect_err "items[0]: 'revenue' is no field of this workspace (declare [field.revenue] in its prio.ini)"
expect_unchanged "$TMP/sf" "$before"
[ "$(sqlite3 "$TMP/si/backlog.db" "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM log) + (SELECT count(*) FROM roadmap)")" = 0 ] && ok || bad "a failed copy wrote"

test_case "store copy: usage errors"
for args in "store" "store copy" "store move --from $SA" "store copy --from $SA extra" "store copy --to $SA"; do
	run "$PRIO" -C "$TMP/sf" $args
	expect_status 2
done
expect_unchanged "$TMP/sf" "$before"
run "$PRIO" store copy --help
expect_status 0; expect_out "usage: prio store copy --from DIR"

test_case "store copy: the rights of a whole import; a refusal copies nothing"
new_target "$TMP/sj"
printf '\n[roles]\npolicy = acl\ndefault =\n\n[users]\nlee = lead\n\n[role.lead]\nallow = item.*\n' >> "$TMP/sj/prio.ini"
run "$PRIO" -C "$TMP/sj" --as lee store copy --from "$SA"
expect_status 3; expect_err "may import backlogs"
[ "$(sqlite3 "$TMP/sj/backlog.db" "SELECT count(*) FROM items; SELECT action || ' ' || outcome FROM log")" = "0
import refused" ] && ok || bad "the refusal wrote more than its log entry"

test_case "store copy: a source written meanwhile is not copied half"
# 20000 items take about a second to copy; a writer changes the source
# all the while, so the copy sees it change and copies nothing.
{ echo key,title,estimate; for i in $(seq 20000); do echo "K-$i,Item $i,$((i % 8 + 1))"; done; } > "$TMP/many.csv"
"$PRIO" init "$TMP/sk" >/dev/null && "$PRIO" -C "$TMP/sk" import "$TMP/many.csv" >/dev/null
"$PRIO" init "$TMP/sl" >/dev/null
before=$(snapshot "$TMP/sl")
(i=0; while [ ! -e "$TMP/sk.stop" ]; do
	i=$((i + 1)); "$PRIO" -C "$TMP/sk" set K-1 estimate=$((i % 5 + 1)) >/dev/null
done) &
writer=$!
sleep 0.2
run "$PRIO" -C "$TMP/sl" store copy --from "$TMP/sk"
touch "$TMP/sk.stop"; wait "$writer"
expect_status 1; expect_err "changed while it was copied (someone wrote to it): nothing was copied, run prio store copy again"
expect_unchanged "$TMP/sl" "$before"
run "$PRIO" -C "$TMP/sl" store copy --from "$TMP/sk"
expect_status 0; expect_out "copied 20000 items"
