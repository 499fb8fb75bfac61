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
expect_status 2; expect_err "cannot tell the format from the name"
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
