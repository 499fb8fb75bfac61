# prio import: --format names the file's format, as on export and list
# (--from, the older name, stays a synonym).

test_case "import --format FORMAT, --from as a synonym"
"$PRIO" init "$TMP/if" >/dev/null
cp "$ROOT/config/sample.csv" "$TMP/if-sample.txt"
before=$(snapshot "$TMP/if")
run "$PRIO" -C "$TMP/if" import "$TMP/if-sample.txt"
expect_status 1; expect_err "cannot tell the format from the name"
expect_unchanged "$TMP/if" "$before"
run "$PRIO" -C "$TMP/if" import "$TMP/if-sample.txt" --format csv --dry-run
expect_status 0; expect_out "would have 12 created"
expect_unchanged "$TMP/if" "$before"
run "$PRIO" -C "$TMP/if" import - --format csv < "$TMP/if-sample.txt"
expect_status 0; expect_out "12 created, 0 updated"
run "$PRIO" -C "$TMP/if" import "$TMP/if-sample.txt" --from csv
expect_status 0; expect_out "12 unchanged"
"$PRIO" -C "$TMP/if" export --format json -o "$TMP/if-back.data"
run "$PRIO" -C "$TMP/if" import "$TMP/if-back.data" --format=json
expect_status 0; expect_out "12 unchanged"
before=$(snapshot "$TMP/if")
run "$PRIO" -C "$TMP/if" import "$TMP/if-sample.txt" --format jsn
expect_status 1; expect_err "unknown format 'jsn'"; expect_err "did you mean 'json'?"
run "$PRIO" -C "$TMP/if" import "$TMP/if-sample.txt" --format
expect_status 2
run "$PRIO" -C "$TMP/if" import "$TMP/if-sample.txt" --format json
expect_status 1
expect_unchanged "$TMP/if" "$before"

test_case "import's help and completion say --format"
run "$PRIO" help import
expect_out "prio import FILE [--format FORMAT]"; expect_out "also --from"
run bash -c ". '$B/share/bash-completion/completions/prio'
	COMP_WORDS=(prio import x.csv --fo); COMP_CWORD=3; _prio; echo \${COMPREPLY[*]}"
expect_out "--format"
