# Output that cannot attack a terminal or a spreadsheet, and the test
# plumbing (the version said once). Sourced by tests/cli.sh.

test_case "the version is the Makefile's"
run "$PRIO" --version
expect_status 0
expect_out "prio $(sed -n 's/^VERSION = //p' "$ROOT/Makefile") (plugin ABI"
