# --format json on every command that reads: one option, one JSON object
# or array per command, text escaped, numbers as short as reads back,
# and the keys each --help lists.

J="$TMP/js"
new_ws js
export PRIO_TODAY=2026-12-02

test_case "every reading command takes --format json and gives one value"
"$PRIO" -C "$J" roadmap add "Faster checkout" --horizon 2026-Q3 >/dev/null
"$PRIO" -C "$J" criteria add SHOP-1 "Pays without an account" >/dev/null
"$PRIO" -C "$J" sprint new S1 --start 2026-12-01 --end 2026-12-14 --capacity 20 >/dev/null
"$PRIO" -C "$J" sprint plan >/dev/null
for c in "show SHOP-1" "show type:bug" roadmap "roadmap list" \
	"criteria list SHOP-1" roles method plugins config "config --origin" \
	"compare wsjf rice" "explain SHOP-1" "explain type:story" \
	"stability --runs 20" velocity burndown "burndown --release" \
	"sprint show"; do
	# shellcheck disable=SC2086
	run "$PRIO" -C "$J" $c --format json
	expect_status 0
	expect_json 'isinstance(j, (dict, list))'
	# shellcheck disable=SC2086
	run "$PRIO" -C "$J" $c --format yaml
	expect_status 2; expect_err "--format yaml: expected text or json"
	# shellcheck disable=SC2086
	run "$PRIO" -C "$J" $c --format text
	expect_status 0
done

test_case "the keys of each object are those --help lists"
run "$PRIO" -C "$J" roadmap --format json
expect_json 'j == [{"rank": 1, "id": 1, "name": "Faster checkout", "horizon": "2026-Q3", "items": 0}]'
run "$PRIO" -C "$J" criteria list SHOP-1 --format json
expect_json 'j == {"id": 1, "criteria": [{"n": 1, "text": "Pays without an account", "checked": False}]}'
run "$PRIO" -C "$J" --as carol roles --format json
expect_json 'j["policy"] == "combined" and j["you"] == {"user": "carol", "roles": ["product"], "via": "--as"}'
expect_json 'j["default"] == "product" and j["users"] == [] and "developer" in j["roles"]'
expect_json 'j["actions"]["item.accept"] == ["product"] and "stakeholder" in j["actions"]["item.propose"]'
run "$PRIO" -C "$J" method --format json
expect_json '[m["name"] for m in j if m["in_use"]] == ["wsjf"]'
expect_json 'all(set(m) >= {"name", "section", "plugin", "loaded", "in_use", "summary"} for m in j)'
expect_json '[m["section"] for m in j if m["name"] == "rice"] == [None]'
run "$PRIO" -C "$J" plugins --format json
expect_json 'all(p["loaded"] and p["refused"] is None and p["abi"].startswith("1.") for p in j)'
expect_json 'sorted(p["name"] for p in j if p["kind"] == "policy") == ["acl", "combined", "separate"]'
run "$PRIO" -C "$J" --set rank.method=rice config --format json --origin
expect_json 'j["rank"]["method"] == {"value": "rice", "file": "<command line>", "line": None}'
run "$PRIO" -C "$J" config --format json
expect_json 'j["rank"]["method"] == "wsjf" and j["method.wsjf"] == {"plugin": "wsjf"}'
run "$PRIO" -C "$J" explain SHOP-1 --format json
expect_json 'j["key"] == "SHOP-1" and j["inputs"] == {"business_value": 13, "time_criticality": 8, "risk_reduction": 3, "job_size": 5}'
expect_json 'j["score"] == 4.8 and j["rank"] == 4 and j["unscored"] is None and j["method"] == "wsjf"'
expect_json 'j["to_pass"]["rank"] == 3 and {"field": "job_size", "from": 5, "to": 3, "rank": 2} in j["to_pass"]["changes"]'
run "$PRIO" -C "$J" explain SHOP-9 --format json
expect_json 'j["score"] is None and j["rank"] is None and j["unscored"] == "job_size is missing" and j["to_pass"] is None'
run "$PRIO" -C "$J" explain SHOP-3 --format json
expect_json 'j["rank"] == 1 and j["to_pass"] is None'
run "$PRIO" -C "$J" compare wsjf rice --format json
expect_json 'j["methods"] == ["wsjf", "rice"] and j["top"] == 10 and j["items"][0]["ranks"] == [1, None]'
expect_json 'j["pairs"] == [{"methods": ["wsjf", "rice"], "tau": None, "common": 0, "overlap": 0, "of": 10}]'
run "$PRIO" -C "$J" stability --runs 50 --limit 3 --format json
expect_json 'j["runs"] == 50 and j["seed"] == 1 and j["defaulted"] and len(j["items"]) == 3'
expect_json '{"field": "job_size", "steps": 1} in j["spreads"]'
expect_json '[i["rank"] for i in j["items"]] == [1, 2, 3] and 0 <= j["items"][0]["p_top"] <= 1'
expect_json 'j["items"][0]["p10"] <= 1 <= j["items"][0]["p90"]'

test_case "text is escaped, numbers are the shortest that read back"
"$PRIO" -C "$J" add "$(printf 'Quote " back\\ tab\t nl\n bell\a é')" key=ESC-1 \
	business_value=8 time_criticality=0 risk_reduction=0 job_size=13 >/dev/null
"$PRIO" -C "$J" roadmap add 'Say "hi"\' >/dev/null
run "$PRIO" -C "$J" show ESC-1 --format json
expect_status 0
expect_json 'j["title"] == "Quote \" back\\ tab\t nl\n bell\a é"'
run "$PRIO" -C "$J" explain ESC-1 --format json
expect_json 'j["title"].endswith("bell\a é")'
expect_out '"score": 0.6153846153846154,'	# 8/13, not ...542
run "$PRIO" -C "$J" list key:ESC-1 --format csv
expect_out ",0.6153846153846154,"
run "$PRIO" -C "$J" roadmap --format json
expect_json 'j[1]["name"] == "Say \"hi\"\\" and j[1]["horizon"] is None'
run "$PRIO" -C "$J" --set 'format.eu.delimiter=";"' config --format json
expect_json 'j["format.eu"]["delimiter"] == "\";\""'

test_case "--format json where it does not belong is a usage error"
run "$PRIO" -C "$J" roadmap add X --format json
expect_status 2; expect_err "--format goes with roadmap list"
run "$PRIO" -C "$J" method use rice --format json
expect_status 2; expect_err "--format goes with the list"
run "$PRIO" -C "$J" criteria list SHOP-1 --format
expect_status 2
run "$PRIO" -C "$J" roadmap list --format json
expect_json 'len(j) == 2'

test_case "each command's --help lists its JSON keys"
for c in show roadmap criteria roles method plugins config compare \
	explain stability velocity burndown sprint; do
	run "$PRIO" help "$c"
	expect_out "json"
done
run "$PRIO" help plugins; expect_out '"refused"'
run "$PRIO" help config; expect_out '"line"'
run "$PRIO" help explain; expect_out '"to_pass"'
run "$PRIO" help stability; expect_out '"p_top"'
run "$PRIO" help compare; expect_out '"overlap"'
run "$PRIO" help roles; expect_out '"actions"'
run "$PRIO" help method; expect_out '"in_use"'
run "$PRIO" help roadmap; expect_out '"horizon"'
run "$PRIO" help criteria; expect_out '"checked"'
unset PRIO_TODAY
