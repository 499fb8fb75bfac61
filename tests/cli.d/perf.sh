# CLI tests of the fast paths: each must print what the slow path prints.
# Sourced by tests/cli.sh.

test_case "list --limit reads the head of a large cached ranking, and it says what ranking afresh says"
"$PRIO" init "$TMP/big" >/dev/null
# 1500 scored items (scores tie in groups) and 1100 unscored (no job_size).
awk 'BEGIN { print "key,title,business_value,time_criticality,risk_reduction,job_size"
	for (i = 1; i <= 2600; i++)
		printf "BIG-%d,Item %d,%d,1,1,%s\n", i, i, i % 37 + 1,
			i <= 1500 ? i % 5 + 1 : "" }' > "$TMP/big.csv"
"$PRIO" -C "$TMP/big" import "$TMP/big.csv" >/dev/null
fresh=$("$PRIO" -C "$TMP/big" list --limit 1001)	# past the head: ranked
run "$PRIO" -C "$TMP/big" list --limit 20		# ranks, caches the head
first=$out
heads=$(sqlite3 "$TMP/big/backlog.db" "SELECT count(*) FROM cache WHERE name LIKE '%#head'")
[ "$heads" = 1 ] && ok || bad "no head of the ranking in the cache ($heads)"
run "$PRIO" -C "$TMP/big" list --limit 20		# reads the head
expect_status 0
[ "$out" = "$first" ] && ok || bad "the cached head differs: $out"
expect_out "... 1480 more ranked"; expect_out "unscored (1100):"
expect_out "  ... 1080 more unscored"
[ "$(printf '%s\n' "$out" | sed -n 2,21p)" = \
  "$(printf '%s\n' "$fresh" | sed -n 2,21p)" ] && ok || bad "head differs from a fresh ranking"
run "$PRIO" -C "$TMP/big" list --limit 1000		# the head, whole
expect_out "... 500 more ranked"
[ "$(printf '%s\n' "$out" | sed -n 2,1001p)" = \
  "$(printf '%s\n' "$fresh" | sed -n 2,1001p)" ] && ok || bad "the whole head differs"
run "$PRIO" -C "$TMP/big" list --limit 1001		# the whole entry
[ "$out" = "$fresh" ] && ok || bad "the whole cached ranking differs"
# A change makes both entries old.
"$PRIO" -C "$TMP/big" set BIG-7 business_value=1000 >/dev/null
run "$PRIO" -C "$TMP/big" list --limit 20
expect_line 2 "BIG-7"
run "$PRIO" -C "$TMP/big" list --limit 20
expect_line 2 "BIG-7"

test_case "rank --in maps a large file, and ranks it as it ranks the same bytes read from a pipe"
# 30000 rows, over 1 MiB and not a whole number of pages: mapped.
awk 'BEGIN { print "key,title,business_value,time_criticality,risk_reduction,job_size,notes"
	for (i = 1; i <= 30000; i++)
		printf "M-%d,\"Item, \"\"%d\"\"\",%d,%d,1,%s,=cmd|%d\n", i, i, i % 13,
			i % 7, i % 9 ? i % 5 + 1 : "", i }' > "$TMP/map.csv"
size=$(stat -c %s "$TMP/map.csv")
[ "$size" -gt 1048576 ] && [ $((size % 4096)) -ne 0 ] && ok || bad "the file is not one to map ($size bytes)"
run "$PRIO" rank --in "$TMP/map.csv" --format csv
expect_status 0
mapped=$out
run sh -c '"$1" rank --in - --from csv --format csv < "$2"' _ "$PRIO" "$TMP/map.csv"
expect_status 0
[ "$out" = "$mapped" ] && ok || bad "the mapped file ranks differently"
[ "$(printf '%s\n' "$mapped" | wc -l)" -eq 30001 ] && ok || bad "rows lost"
expect_out "\"Item, \"\"27\"\"\""
run "$PRIO" rank --in "$TMP/map.csv" --format csv -o "$TMP/map-out.csv"
expect_status 0
[ "$(cat "$TMP/map-out.csv")" = "$mapped" ] && ok || bad "-o wrote something else"

test_case "after a change played into the cached ranking, the head is written again and says what ranking afresh says"
"$PRIO" -C "$TMP/big" set BIG-8 business_value=900 >/dev/null
run "$PRIO" -C "$TMP/big" list --limit 20	# patched, whole entry read
first=$out
expect_line 3 "BIG-8"
heads=$(sqlite3 "$TMP/big/backlog.db" "SELECT count(*) FROM cache WHERE name LIKE '%#head'")
[ "$heads" = 1 ] && ok || bad "no head after the change ($heads)"
run "$PRIO" -C "$TMP/big" list --limit 20	# the head
[ "$out" = "$first" ] && ok || bad "the head differs from the whole: $out"
fresh=$("$PRIO" -C "$TMP/big" list --all)	# --all: ranked afresh
[ "$(printf '%s\n' "$out" | sed -n 2,21p)" = \
  "$(printf '%s\n' "$fresh" | sed -n 2,21p)" ] && ok || bad "the head differs from a fresh ranking"
expect_out "unscored (1100):"
