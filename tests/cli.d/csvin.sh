# tests/cli.d/csvin.sh - other people's CSVs (columns by any case, unknown
# columns all at once with suggestions, value maps, headerless files, keys
# in an id column), round trips as a property, and whole workspaces through
# JSON. Sourced by tests/cli.sh, with its helpers; must not exit.

CI="$TMP/csvin"
mkdir -p "$CI"

# --- [method.NAME] / [format.NAME] without plugin = ---------------------------

test_case "a built-in method is configured without plugin ="
new_ws csvin-ice
run "$PRIO" -C "$TMP/csvin-ice" --set method.ice.combine=average rank --method ice
expect_status 0
run "$PRIO" -C "$TMP/csvin-ice" --set method.icy.combine=average rank --method icy
expect_status 1
expect_err "<command line>: [method.icy] has no 'plugin =' key, and no method plugin is named 'icy'"
