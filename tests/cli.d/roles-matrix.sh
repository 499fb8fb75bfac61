# Every action x role x policy, table-driven: the expected table is written
# here, by hand, from the policies' definitions; each cell is checked in the
# matrix of prio roles, and, where a command does the action, by running it
# as that role (exit 0 when allowed; 3, with a log entry, when refused).
# Sourced by tests/cli.sh.

ACTIONS="item.create item.propose item.edit.story item.edit.value item.edit.estimate
item.edit.status item.delete item.accept backlog.order method.choose roadmap.edit
vision.edit sprint.plan import config.edit item.finish"

# policy role: the actions it allows
expected() {
	case "$1 $2" in
	"combined product") echo "$ACTIONS" ;;
	"combined developer"|"separate developer") echo "item.edit.estimate item.edit.status item.finish" ;;
	"combined stakeholder"|"separate stakeholder") echo "item.propose" ;;
	"separate pm") echo "item.create item.edit.value method.choose roadmap.edit vision.edit import config.edit" ;;
	"separate po") echo "item.create item.edit.story item.edit.estimate item.edit.status item.delete item.accept backlog.order sprint.plan import item.finish" ;;
	"acl lead") echo "item.create item.propose item.edit.story item.edit.value item.edit.estimate item.edit.status item.accept backlog.order item.finish" ;;
	"acl viewer") echo "" ;;
	esac
}

allows() { case " $(echo $(expected "$1" "$2")) " in *" $3 "*) return 0 ;; esac; return 1; }

# The command that does an action, as role $2 on workspace $1 (item SHOP-1).
do_action() {
	local ws=$1 who=$2
	case "$3" in
	item.create) "$PRIO" -C "$ws" --as "$who" add "New" ;;
	item.edit.story) "$PRIO" -C "$ws" --as "$who" set SHOP-1 "title=Renamed" ;;
	item.edit.value) "$PRIO" -C "$ws" --as "$who" set SHOP-1 business_value=5 ;;
	item.edit.estimate) "$PRIO" -C "$ws" --as "$who" set SHOP-1 job_size=8 ;;
	item.edit.status) "$PRIO" -C "$ws" --as "$who" set SHOP-1 status=in-progress ;;
	item.finish) "$PRIO" -C "$ws" --as "$who" set SHOP-3 status=done ;;
	item.accept) "$PRIO" -C "$ws" --as "$who" set SHOP-5 status=accepted ;;
	item.delete) "$PRIO" -C "$ws" --as "$who" rm SHOP-2 ;;
	backlog.order) "$PRIO" -C "$ws" --as "$who" move SHOP-1 --top ;;
	import) printf 'key\nSHOP-1\n' > "$TMP/m-imp.csv"	# the key only matches
		"$PRIO" -C "$ws" --as "$who" import "$TMP/m-imp.csv" ;;
	method.choose) "$PRIO" -C "$ws" --as "$who" method use rice ;;
	config.edit) "$PRIO" -C "$ws" --as "$who" roles switch combined \
		--map "$who=product" --default product --dry-run ;;
	*) return 99 ;;	# no command for it yet: the matrix alone
	esac
}

for policy in combined separate acl; do
	test_case "roles matrix: the $policy policy, every action and role"
	case $policy in
	combined) roles="product developer stakeholder" ;;
	separate) roles="pm po developer stakeholder" ;;
	acl) roles="lead viewer" ;;
	esac
	for role in $roles; do
		ws="$TMP/mx-$policy-$role"
		new_ws "mx-$policy-$role"
		{
			printf '\n[roles]\npolicy = %s\ndefault =\n\n[users]\nwho = %s\n' "$policy" "$role"
			[ "$policy" != acl ] || printf '\n[role.lead]\nallow = item.*, backlog.order\ndeny = item.delete\n\n[role.viewer]\nallow =\n'
		} >> "$ws/prio.ini"
		matrix=$("$PRIO" -C "$ws" roles)
		col=$(printf '%s\n' "$matrix" | awk -v r="$role" '/^ACTION/ { for (i = 2; i <= NF; i++) if ($i == r) print i }')
		for action in $ACTIONS; do
			cell=$(printf '%s\n' "$matrix" | awk -v a="$action" -v c="$col" '$1 == a { print $c }')
			if allows "$policy" "$role" "$action"; then want=yes; code=0; else want=-; code=3; fi
			# Who may only propose still adds: the item is proposed.
			[ "$action" != item.create ] || ! allows "$policy" "$role" item.propose || code=0
			[ "$cell" = "$want" ] && ok || bad "$policy/$role/$action: matrix says '$cell', expected '$want'"
			logs=$(sqlite3 "$ws/backlog.db" "SELECT count(*) FROM log WHERE outcome = 'refused'")
			do_action "$ws" who "$action" >/dev/null 2>"$TMP/mx.err"
			got=$?
			[ "$got" -eq 99 ] && continue
			[ "$got" -eq "$code" ] && ok ||
				bad "$policy/$role/$action: exit $got, expected $code: $(cat "$TMP/mx.err")"
			if [ "$code" -eq 3 ]; then
				[ "$(sqlite3 "$ws/backlog.db" "SELECT count(*) FROM log WHERE outcome = 'refused'")" -gt "$logs" ] &&
					ok || bad "$policy/$role/$action: refusal not logged"
			fi
		done
		# Proposing: a stakeholder's new item is proposed; others' are not.
		if [ "$role" = stakeholder ]; then
			id=$("$PRIO" -C "$ws" --as who add "An idea")
			"$PRIO" -C "$ws" show "$id" | grep -q 'proposed' && ok || bad "$policy: a stakeholder's item is not proposed"
		fi
	done
done
