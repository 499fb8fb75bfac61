# The README's method table says which settings are defaults and which
# are options: each default, set by hand, ranks exactly as leaving it out
# (so the table cannot claim a default the plugin does not have), and
# each option is a key the plugin knows.

M="$TMP/rm"
"$PRIO" init "$M" >/dev/null
"$PRIO" -C "$M" import "$ROOT/tests/data/all-methods.csv" >/dev/null
# ICE rates 1 to 10: its inputs from fields on that scale.
ice=(--set method.ice.field.impact=risk_reduction
     --set method.ice.field.confidence=ease)
wgt=(--set method.weighted.weight.business_value=2
     --set method.weighted.weight.effort=-1)

# readme_settings COLUMN: "method<TAB>key = value" for each backticked
# setting in that column (3: defaults, 4: options) of the method table.
readme_settings() {
	python3 - "$ROOT/README.md" "$1" <<'PY'
import re, sys
col = int(sys.argv[2])
for line in open(sys.argv[1]):
    if not line.startswith("| `"):
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 4:
        continue
    method = re.match(r"`(\w+)`", cells[0]).group(1)
    for s in re.findall(r"`([a-z_.]+ = [^`]+)`", cells[col - 1]):
        print(method + "\t" + s)
PY
}

test_case "the README's method table: each default is the plugin's default"
n=0
while IFS=$'\t' read -r method setting; do
	[ "$method" = lua ] && continue	# limits: they rank the same
	key=${setting%% = *} value=${setting#* = }
	run "$PRIO" -C "$M" "${ice[@]}" "${wgt[@]}" rank --method "$method" --format csv
	plain=$out
	expect_status 0
	run "$PRIO" -C "$M" "${ice[@]}" "${wgt[@]}" --set "method.$method.$key=$value" \
		rank --method "$method" --format csv
	expect_status 0
	[ "$out" = "$plain" ] && ok || bad "$method: '$key = $value' is not its default"
	printf '%s\n' "$plain" | grep -q '^1,' && ok || bad "$method ranks nothing"
	n=$((n + 1))
done < <(readme_settings 3)
[ "$n" -ge 10 ] && ok || bad "only $n defaults read from the README's table"
# What the table used to claim: wsjf's default scale is free.
readme_settings 3 | grep -q $'^wsjf\tscale = free$' && ok || bad "wsjf's scale default"
readme_settings 4 | grep -q $'^wsjf\tscale = fibonacci$' && ok || bad "fibonacci is an option"

test_case "the README's method table: each option is a key the plugin knows"
n=0
while IFS=$'\t' read -r method setting; do
	[ "$method" = lua ] && continue
	key=${setting%% = *} value=${setting#* = }
	run "$PRIO" -C "$M" "${ice[@]}" "${wgt[@]}" --set "method.$method.$key=$value" \
		rank --method "$method" --format csv
	case "$err" in
	*"unknown key"*) bad "$method: no key '$key'" ;;
	*) ok ;;
	esac
	n=$((n + 1))
done < <(readme_settings 4)
[ "$n" -ge 8 ] && ok || bad "only $n options read from the README's table"
# lua: its documented defaults are the plugin's
for d in 'timeout = 10s' 'max_memory = 64M'; do
	readme_settings 3 | grep -q $'^lua\t'"$d"'$' && ok || bad "lua: $d"
	grep -q "^#define DEFAULT_.*\"${d#* = }\"" \
		"$ROOT/plugins/method/lua/plugin.c" && ok || bad "lua's plugin.c: $d"
done
readme_settings 3 | grep -q $'^lua\ton_error = fail$' && ok || bad "lua: on_error"
