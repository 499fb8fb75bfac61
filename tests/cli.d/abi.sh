# Plugins built against the ABI 1.0 headers (tests/abi/) still load and
# work in today's prio: every service they were built with is used.

test_case "ABI 1.0 plugins load and work after every minor bump"
"$PRIO" init "$TMP/abi" >/dev/null
printf 'key,title,estimate\nA-1,One,3\nA-2,Two,8\nA-3,Three,\n' > "$TMP/abi/x.csv"
"$PRIO" -C "$TMP/abi" import "$TMP/abi/x.csv" >/dev/null
export PRIO_PLUGIN_PATH="$B/tests/abi"
run "$PRIO" -C "$TMP/abi" plugins
expect_out "method  old_method     1.0"
expect_out "format  old_format     1.0"
expect_no_out "refused"
run "$PRIO" -C "$TMP/abi" rank --method old_method
expect_status 0
expect_line 2 "A-2  Two     8.00  big"
expect_line 3 "A-1  One     3.00  small"
expect_out "A-3  Three: no estimate"
run "$PRIO" -C "$TMP/abi" explain A-2 --method old_method
expect_status 0
printf 'B-1=Bee one\nB-2=Bee two\n' > "$TMP/abi/in.old"
run "$PRIO" -C "$TMP/abi" import "$TMP/abi/in.old"
expect_status 0; expect_out "2 created"
printf 'B-3=Fine\nno equals sign\n' > "$TMP/abi/bad.old"
snap=$(snapshot "$TMP/abi")
run "$PRIO" -C "$TMP/abi" import "$TMP/abi/bad.old"
expect_status 1; expect_err "expected KEY=TITLE"
expect_unchanged "$TMP/abi" "$snap"
run "$PRIO" -C "$TMP/abi" export --to old_format
expect_status 0
expect_out "key:B-2	title:Bee two	"
run "$PRIO" -C "$TMP/abi" export -o "$TMP/abi/out.old"
expect_status 0
grep -q "key:A-1	title:One" "$TMP/abi/out.old" && ok || bad "the .old export"
unset PRIO_PLUGIN_PATH
