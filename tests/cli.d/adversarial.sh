# adversarial.sh - a hostile user against the issue 16 safety work: export
# paths that lead back into a workspace, odd ids. Sourced by tests/cli.sh
# with its helpers; $HOME and $XDG_CONFIG_HOME are the test's own.

AD="$TMP/adv"
mkdir -p "$AD"

test_case "adversarial: export -o never lands on a store, its journal or prio.ini, by any name"
new_ws adv; new_ws adv2
"$PRIO" -C "$TMP/adv" list >/dev/null
before=$(snapshot "$TMP/adv"); before2=$(snapshot "$TMP/adv2")
ln -s backlog.db "$TMP/adv/link.csv"
ln "$TMP/adv/backlog.db" "$TMP/adv/hard.csv"
ln -s ../adv2/backlog.db "$TMP/adv/other.csv"
for o in backlog.db ./backlog.db ../adv/backlog.db "$TMP/adv/backlog.db" \
	backlog.db-journal backlog.db-wal backlog.db-shm prio.ini \
	link.csv hard.csv; do
	run sh -c 'cd "$1" && "$2" export -o "$3"' - "$TMP/adv" "$PRIO" "$o"
	expect_status 1; expect_err "prio never writes over it"
done
for o in ../adv2/backlog.db other.csv; do
	run sh -c 'cd "$1" && "$2" export -o "$3"' - "$TMP/adv" "$PRIO" "$o"
	expect_status 1; expect_err "an SQLite database; prio never writes over one"
done
run "$PRIO" -C "$TMP/adv" export -o "$TMP/adv2/prio.ini"
expect_status 1; expect_err "is the workspace $TMP/adv2's prio.ini; prio never writes over it"
run "$PRIO" -C "$TMP/adv" export -o "$TMP/adv"
expect_status 1; expect_err "is a directory"
rm "$TMP/adv/link.csv" "$TMP/adv/hard.csv" "$TMP/adv/other.csv"
expect_unchanged "$TMP/adv" "$before"
expect_unchanged "$TMP/adv2" "$before2"

test_case "adversarial: ids written oddly are refused or not found, never read as another id"
for k in '+5' '1e2'; do
	run "$PRIO" -C "$TMP/adv" show "$k"
	expect_status 1; expect_err "is not an item id"
done
# Blanks around an id are trimmed, as in a CSV cell: still item 5.
for k in ' 5' '5 '; do
	run "$PRIO" -C "$TMP/adv" show "$k"
	expect_status 0; expect_line 1 "id:                5"
done
for k in '0x10' '５' ''; do
	run "$PRIO" -C "$TMP/adv" show "$k"
	expect_status 1; expect_err "no item '$k'"
done

test_case "adversarial: a prio.ini of continuation lines is read in linear time"
# A megabyte of indented lines joins into one value: each line once,
# not the value so far copied again per line (that took minutes).
new_ws advc
awk 'BEGIN { print "[rank]"; print "finished = done"
	for (i = 0; i < 260000; i++) print "  x" }' >"$TMP/advc/prio.ini"
start=$(date +%s)
run timeout 60 "$PRIO" -C "$TMP/advc" list
[ "$status" -ne 124 ] && ok || bad "prio list was still reading after 60 s"
[ $(( $(date +%s) - start )) -le 5 ] && ok || bad "the continuation lines took $(( $(date +%s) - start )) s"

test_case "adversarial: an endless input (/dev/zero, by any name) is refused, not read into memory"
# Under a memory limit, so that a regression fails here instead of
# taking the machine's memory: what is read stops well below it. (Not
# under ASan, which cannot start with a limit on its address space.)
lim='ulimit -v 1000000'
[ -n "${ASAN_OPTIONS:-}" ] && lim=:
ln -sf /dev/zero "$AD/zero.csv"
before=$(snapshot "$TMP/adv")
for in in "$AD/zero.csv" /dev/zero; do
	run sh -c "$lim"'; exec timeout 60 "$@"' - "$PRIO" -C "$TMP/adv" import "$in" --from csv
	expect_status 1; expect_err "$in: more than 256 MiB"
done
run sh -c "$lim"'; exec timeout 60 "$@"' - "$PRIO" rank --in "$AD/zero.csv"
expect_status 1; expect_err "zero.csv: more than 256 MiB"
expect_unchanged "$TMP/adv" "$before"

test_case "adversarial: a key that a filter would read as something else is refused"
# prio set KEY / prio rm KEY take filters: key=type:bug would be every
# bug there, key=-x every item without the label x.
before=$(snapshot "$TMP/adv")
for k in type:bug -x +x /x/ /x 'a b'; do
	run "$PRIO" -C "$TMP/adv" add T "key=$k"
	expect_status 1; expect_err "'$k' cannot be a key: a filter reads it as"
	run "$PRIO" -C "$TMP/adv" set 1 "key=$k"
	expect_status 1; expect_err "'$k' cannot be a key"
done
printf 'title,key\nfine,OK-1\nodd,type:bug\n' >"$AD/keys.csv"
run "$PRIO" -C "$TMP/adv" import "$AD/keys.csv"
expect_status 1; expect_err "'type:bug' cannot be a key"
expect_unchanged "$TMP/adv" "$before"
# Still keys: what a filter takes as an item's key.
run "$PRIO" -C "$TMP/adv" add T key=a-b+c/d,e
expect_status 0
run "$PRIO" -C "$TMP/adv" list a-b+c/d,e
expect_status 0; expect_out "a-b+c/d,e"

test_case "adversarial: no output lands on another workspace's prio.ini or journal"
new_ws adv3
cp "$TMP/adv3/prio.ini" "$AD/ini.before"
ln -sf "$TMP/adv3/prio.ini" "$AD/ini-link.csv"
printf 'title,key\nfine,OK-7\n,no-title\n' >"$AD/rej.csv"
before=$(snapshot "$TMP/adv")
for o in "$TMP/adv3/prio.ini" "$AD/ini-link.csv" "$TMP/adv3/backlog.db-journal"; do
	run "$PRIO" -C "$TMP/adv" export -o "$o" --format csv
	expect_status 1; expect_err "is the workspace $TMP/adv3's"
	run "$PRIO" -C "$TMP/adv" import "$AD/rej.csv" --rejects "$o"
	expect_status 1; expect_err "is the workspace $TMP/adv3's"
done
cmp -s "$TMP/adv3/prio.ini" "$AD/ini.before" && ok || bad "another workspace's prio.ini was written over"
[ ! -e "$TMP/adv3/backlog.db-journal" ] && ok || bad "a journal was made in another workspace"
expect_unchanged "$TMP/adv" "$before"

test_case "adversarial: --rejects is never the file being imported"
cp "$AD/rej.csv" "$AD/rej.before"
ln -sf rej.csv "$AD/rej-link.csv"
before=$(snapshot "$TMP/adv")
for o in "$AD/rej.csv" "$AD/../adv/rej.csv" "$AD/rej-link.csv"; do
	run "$PRIO" -C "$TMP/adv" import "$AD/rej.csv" --rejects "$o"
	expect_status 2; expect_err "--rejects $o: is the file being imported"
done
cmp -s "$AD/rej.csv" "$AD/rej.before" && ok || bad "the imported file was written over with its rejects"
expect_unchanged "$TMP/adv" "$before"
