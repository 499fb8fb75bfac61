# methods.sh - the method plugins from the command line: sourced by
# tests/cli.sh, with its helpers (test_case, run, expect_*, new_ws) and
# $PRIO, $ROOT, $TMP. config/sample.csv has WSJF inputs only; the other
# methods rank small CSV files written here. In --format csv output a row
# starts rank,score,class,unscored,key: "1,750,,,R-2" is R-2 first, 750.

MI="$ROOT/config/methods.ini"
MD="$TMP/methods"
mkdir -p "$MD"

test_case "methods: every plugin is loaded"
run "$PRIO" plugins
expect_status 0
for m in wsjf moscow value_effort rice ice weighted cd3; do
	expect_out "method  $m"
done

test_case "methods: config/methods.ini configures against the schema"
run "$PRIO" -c "$MI" config
expect_status 0
expect_out "[method.wsjf_safe]"; expect_out "[method.moscow_timebox]"

test_case "methods: every section of methods.ini ranks a workspace"
new_ws mws
for m in wsjf wsjf_safe moscow moscow_timebox value_effort rice ice weighted cd3; do
	run "$PRIO" -C "$TMP/mws" -c "$MI" rank --method "$m" --format csv
	expect_status 0
done
# The sample has no MoSCoW class: all unscored, with the reason.
run "$PRIO" -C "$TMP/mws" rank --method moscow
expect_status 0; expect_out "unscored (12):"; expect_out "moscow is missing"

test_case "methods: wsjf on the SAFe scale, columns relative to their smallest"
# Smallest over the scored items: business_value 2, time_criticality 1,
# risk_reduction 1, job_size 2. SHOP-3: (20/2 + 20 + 13) / (3/2) = 28.67;
# SHOP-5: (3/2 + 13 + 13) / (5/2) = 11; SHOP-7: (2/2 + 1 + 8) / (2/2) = 10.
run "$PRIO" -c "$MI" rank --in "$ROOT/config/sample.csv" --method wsjf_safe
expect_status 0
expect_line 2 "SHOP-3"; expect_line 2 "28.67"
expect_line 3 "SHOP-5"; expect_line 3 "11.00"
expect_line 4 "SHOP-7"; expect_line 4 "10.00"
expect_out "SHOP-9"; expect_out "job_size is missing"
run "$PRIO" -C "$TMP/mws" -c "$MI" rank --method wsjf_safe
expect_status 0; expect_line 2 "SHOP-3"; expect_line 2 "28.67"
printf 'key,title,business_value,time_criticality,risk_reduction,job_size\nX-1,Four,4,1,1,2\nX-2,Fine,8,1,1,2\nX-3,Half,8,1,1,2.5\n' > "$MD/offscale.csv"
run "$PRIO" -c "$MI" rank --in "$MD/offscale.csv" --method wsjf_safe
expect_status 0
expect_line 2 "X-2"
expect_out "business_value 4 is not on the scale 1, 2, 3, 5, 8, 13, 20"
expect_out "job_size 2.5 is not on the scale"
# The free scale (the default) takes them.
run "$PRIO" rank --in "$MD/offscale.csv" --format csv
expect_status 0; expect_line 2 "1,5,,,X-2"; expect_line 3 "2,4,,,X-3"; expect_line 4 "3,3,,,X-1"

test_case "methods: moscow classes, manual order, then a field"
printf 'key,title,moscow,business_value,estimate\nM-1,Login,must,8,5\nM-2,Dark mode,could,3,3\nM-3,Export,should,5,8\nM-4,Audit log,Must,13,8\nM-5,Chatbot,wont,20,13\nM-6,Search,should,8,5\nM-7,Unknown,maybe,1,1\nM-8,No class,,1,1\n' > "$MD/moscow.csv"
run "$PRIO" rank --in "$MD/moscow.csv" --method moscow --format csv
expect_status 0
expect_line 2 "1,3,must,,M-1"
expect_line 3 "2,3,must,,M-4"
expect_line 4 "3,2,should,,M-3"
expect_line 5 "4,2,should,,M-6"
expect_line 6 "5,1,could,,M-2"
expect_line 7 "6,0,wont,,M-5"	# business value 20 does not lift a wont
expect_line 8 "moscow 'maybe' is not one of must, should, could, wont"
expect_line 9 "moscow is missing"
run "$PRIO" rank --in "$MD/moscow.csv" --method moscow
expect_line 1 "CLASS"
# then = business_value: M-4 (13) before M-1 (8), M-6 (8) before M-3 (5).
printf '[method.mo]\nplugin = moscow\nthen = business_value\ncapacity = 20\n' > "$MD/mo.ini"
run "$PRIO" -c "$MD/mo.ini" rank --in "$MD/moscow.csv" --method mo --format csv
expect_status 0
expect_line 2 "M-4"; expect_line 3 "M-1"; expect_line 4 "M-6"; expect_line 5 "M-3"
# Capacity 20 points of estimate: must 8 + 5 = 13 (65%), could 3 (15%).
expect_err "mo: capacity 20: must 13 (65%), should 13 (65%), could 3 (15%)"
expect_err "must takes 65% of the capacity, over the 60% DSDM allows"
expect_err "could takes 15% of the capacity, under the 20% contingency"

test_case "methods: moscow configuration errors name the file and line"
printf '[method.mo]\nplugin = moscow\nthen_order = asc\n' > "$MD/bad.ini"
run "$PRIO" -c "$MD/bad.ini" rank --in "$MD/moscow.csv" --method mo
expect_status 1
expect_err "bad.ini:3: [method.mo] then_order = 'asc': only used with then = FIELD"
printf '[method.mo]\nplugin = moscow\ncapacity = lots\n' > "$MD/bad.ini"
run "$PRIO" -c "$MD/bad.ini" rank --in "$MD/moscow.csv" --method mo
expect_status 1
expect_err "bad.ini:3: [method.mo] capacity = 'lots': expected a number above 0"

test_case "methods: value_effort quadrants"
# Medians over the scored items: value 5, effort 5 (at the median is low).
printf 'key,title,value,effort\nV-1,a,8,2\nV-2,b,3,1\nV-3,c,9,9\nV-4,d,1,8\nV-5,e,5,5\nV-6,f,4,0\n' > "$MD/ve.csv"
run "$PRIO" rank --in "$MD/ve.csv" --method value_effort --format csv
expect_status 0
expect_line 2 "1,4,quick-win,,V-1"	# 8/2
expect_line 3 "2,3,fill-in,,V-2"	# 3/1
expect_line 4 "3,1,big-bet,,V-3"	# 9/9
expect_line 5 "4,1,fill-in,,V-5"	# 5/5, tied with V-3: file order
expect_line 6 "5,0.125,time-sink,,V-4"	# 1/8
expect_line 7 "effort must be above 0 (is 0)"
printf '[method.ve]\nplugin = value_effort\nvalue_threshold = average\n' > "$MD/ve.ini"
run "$PRIO" -c "$MD/ve.ini" rank --in "$MD/ve.csv" --method ve
expect_status 1
expect_err "ve.ini:3: [method.ve] value_threshold = 'average': expected median, midpoint or a number"

test_case "methods: rice"
printf 'key,title,reach,impact,confidence,effort\nR-1,a,1000,2,80,4\nR-2,b,500,3,100,2\nR-3,c,2000,0.5,50,1\nR-4,d,100,4,80,1\nR-5,e,100,1,80,0\nR-6,f,,1,80,1\n' > "$MD/rice.csv"
run "$PRIO" rank --in "$MD/rice.csv" --method rice --format csv
expect_status 0
expect_line 2 "1,750,,,R-2"	# 500 * 3 * 1.0 / 2
expect_line 3 "2,500,,,R-3"	# 2000 * 0.5 * 0.5 / 1
expect_line 4 "3,400,,,R-1"	# 1000 * 2 * 0.8 / 4
run "$PRIO" rank --in "$MD/rice.csv" --method rice
expect_out "unscored (3):"
expect_out "impact 4 is not one of 3, 2, 1, 0.5, 0.25"
expect_out "effort must be above 0 (is 0)"
expect_out "reach is missing"
printf '[method.rice]\nplugin = rice\nspeed = 3\n' > "$MD/r.ini"
run "$PRIO" -c "$MD/r.ini" rank --in "$MD/rice.csv" --method rice
expect_status 1; expect_err "r.ini:3: [method.rice] unknown key 'speed'"
printf 'key,title,impact,confidence,effort\nR-1,a,2,80,4\n' > "$MD/noreach.csv"
run "$PRIO" rank --in "$MD/noreach.csv" --method rice
expect_status 1; expect_err "unknown field 'reach'"

test_case "methods: ice, product and average"
printf 'key,title,impact,confidence,ease\nI-1,a,8,7,9\nI-2,b,10,10,1\nI-3,c,5,5,5\nI-4,d,11,5,5\n' > "$MD/ice.csv"
run "$PRIO" rank --in "$MD/ice.csv" --method ice --format csv
expect_status 0
expect_line 2 "1,504,,,I-1"; expect_line 3 "2,125,,,I-3"; expect_line 4 "3,100,,,I-2"
expect_out "impact 11 is outside the bounds 1..10"
printf '[method.ice]\nplugin = ice\ncombine = average\n' > "$MD/i.ini"
run "$PRIO" -c "$MD/i.ini" rank --in "$MD/ice.csv" --format csv --method ice
expect_status 0
expect_line 2 "1,8,,,I-1"; expect_line 3 "2,7,,,I-2"; expect_line 4 "3,5,,,I-3"
printf '[method.ice]\nplugin = ice\ncombine = sum\n' > "$MD/i.ini"
run "$PRIO" -c "$MD/i.ini" rank --in "$MD/ice.csv" --method ice
expect_status 1
expect_err "i.ini:3: [method.ice] combine = 'sum': expected product or average"

test_case "methods: weighted criteria"
# Over W-1..W-3: revenue 0..100, effort 1..5.
# W-1: 3 * 1 - (5-1)/4 = 2; W-2: 3 * 0.5 - 0 = 1.5; W-3: 0 - (3-1)/4 = -0.5
printf 'key,title,revenue,effort\nW-1,a,100,5\nW-2,b,50,1\nW-3,c,0,3\nW-4,d,80,\n' > "$MD/w.csv"
printf '[method.w]\nplugin = weighted\nweight.revenue = 3\nweight.effort = -1\n' > "$MD/w.ini"
run "$PRIO" -c "$MD/w.ini" rank --in "$MD/w.csv" --method w --format csv
expect_status 0
expect_line 2 "1,2,,,W-1"; expect_line 3 "2,1.5,,,W-2"; expect_line 4 "3,-0.5,,,W-3"
expect_line 5 "effort is missing"
printf '[method.w]\nplugin = weighted\nweight.revenue = heavy\n' > "$MD/w.ini"
run "$PRIO" -c "$MD/w.ini" rank --in "$MD/w.csv" --method w
expect_status 1
expect_err "w.ini:3: [method.w] weight.revenue = 'heavy': expected a number"
printf '[method.w]\nplugin = weighted\n' > "$MD/w.ini"
run "$PRIO" -c "$MD/w.ini" rank --in "$MD/w.csv" --method w
expect_status 1; expect_err "no criteria"

test_case "methods: cd3"
printf 'key,title,cost_of_delay,duration\nC-1,a,5000,2\nC-2,b,3000,1\nC-3,c,1000,0\n' > "$MD/cd3.csv"
run "$PRIO" rank --in "$MD/cd3.csv" --method cd3 --format csv
expect_status 0
expect_line 2 "1,3000,,,C-2"; expect_line 3 "2,2500,,,C-1"
expect_line 4 "duration must be above 0 (is 0)"

test_case "methods: explain shows wsjf's formula with the item's numbers"
run "$PRIO" -C "$TMP/mws" explain SHOP-1
expect_status 0
expect_out "cost of delay = business_value + time_criticality + risk_reduction = 13 + 8 + 3 = 24"
expect_out "WSJF = cost of delay / job_size = 24 / 5 = 4.8"
expect_out "score: 4.8"
# wsjf_safe: the scale checked, each column divided by its smallest.
run "$PRIO" -C "$TMP/mws" -c "$MI" explain --method wsjf_safe SHOP-5
expect_status 0
expect_out "scale = fibonacci: 3, 13, 13 and 5 are all on the scale 1, 2, 3, 5, 8, 13, 20"
expect_out "normalize = min_to_one"
expect_out "business_value = 3 / 2 = 1.5"
expect_out "job_size = 5 / 2 = 2.5"
expect_out "cost of delay = business_value + time_criticality + risk_reduction = 1.5 + 13 + 13 = 27.5"
expect_out "WSJF = cost of delay / job_size = 27.5 / 2.5 = 11"

test_case "methods: explain for the other methods, in a workspace"
# Medians over the five: value 5, effort 5.
printf 'key,title,moscow,business_value,value,effort,reach,impact,confidence,cost_of_delay,duration\nE-1,Login,must,8,8,2,1000,2,80,5000,2\nE-2,Dark mode,could,3,3,1,500,3,100,3000,1\nE-3,Export,should,5,9,9,2000,0.5,50,1000,3\nE-4,Audit log,must,13,1,8,100,1,80,4000,0.5\nE-5,Search,should,8,5,5,50,1,50,200,2\n' > "$MD/explain.csv"
"$PRIO" init "$MD/ex" >/dev/null && "$PRIO" -C "$MD/ex" import "$MD/explain.csv" >/dev/null
run "$PRIO" -C "$MD/ex" --set rank.method=rice explain E-1
expect_status 0
expect_out "impact 2 is one of 3, 2, 1, 0.5, 0.25"
expect_out "RICE = reach * impact * (confidence / 100) / effort"
expect_out "= 1000 * 2 * (80 / 100) / 2"
expect_out "= 1000 * 2 * 0.8 / 2 = 1600 / 2 = 800"
expect_out "score: 800"
run "$PRIO" -C "$MD/ex" --set rank.method=value_effort explain E-1
expect_status 0
expect_out "score = value / effort = 8 / 2 = 4"
expect_out "value 8 > threshold 5 (median), effort 2 <= threshold 5 (median): quick-win"
expect_out "class: quick-win"
run "$PRIO" -C "$MD/ex" --set rank.method=value_effort explain E-3
expect_out "value 9 > threshold 5 (median), effort 9 > threshold 5 (median): big-bet"
run "$PRIO" -C "$MD/ex" --set rank.method=cd3 explain E-4
expect_status 0
expect_out "CD3 = cost_of_delay / duration = 4000 / 0.5 = 8000"
# moscow: without then the two musts tie; with it E-4 (13) leads E-1 (8).
run "$PRIO" -C "$MD/ex" --set rank.method=moscow explain E-1
expect_status 0
expect_out "class: must (must 3, should 2, could 1, wont 0), 2 scored items in it"
expect_out "position: 0 (then = none)"
expect_out "place in must: 1 to 2 of 2, tied with 1 other"
printf '[method.mo]\nplugin = moscow\nthen = business_value\n[method.w]\nplugin = weighted\nweight.value = 2\nweight.effort = -1\n' > "$MD/explain.ini"
run "$PRIO" -C "$MD/ex" -c "$MD/explain.ini" explain --method mo E-4
expect_status 0
expect_out "position = 0.9 * (business_value - lo) / (hi - lo) = 0.9 * (13 - 8) / (13 - 8) = 0.9"
expect_out "score = class + position = 3 + 0.9 = 3.9"
expect_out "place in must: 1 of 2"
# weighted over the five: value 1..9, effort 1..9.
run "$PRIO" -C "$MD/ex" -c "$MD/explain.ini" explain --method w E-1
expect_status 0
expect_out "value = 8, normalised (8 - 1) / (9 - 1) = 0.875 (range of the scored items 1..9), weight 2: 2 * 0.875 = 1.75"
expect_out "effort = 2, normalised (2 - 1) / (9 - 1) = 0.125 (range of the scored items 1..9), weight -1: -1 * 0.125 = -0.125"
expect_out "score = 1.75 - 0.125 = 1.625"
# ICE rates confidence 1 to 10, RICE in percent: a workspace of its own.
printf 'key,title,impact,confidence,ease\nI-1,a,8,7,9\nI-2,b,10,10,1\n' > "$MD/explain-ice.csv"
"$PRIO" init "$MD/exi" >/dev/null && "$PRIO" -C "$MD/exi" import "$MD/explain-ice.csv" >/dev/null
run "$PRIO" -C "$MD/exi" --set rank.method=ice explain I-1
expect_status 0
expect_out "8, 7 and 9 are all within the bounds 1..10"
expect_out "ICE = impact * confidence * ease = 8 * 7 * 9 = 504"
printf '[method.ia]\nplugin = ice\ncombine = average\n' > "$MD/explain-ice.ini"
run "$PRIO" -C "$MD/exi" -c "$MD/explain-ice.ini" explain --method ia I-2
expect_status 0
expect_out "ICE = (impact + confidence + ease) / 3 = (10 + 10 + 1) / 3 = 21 / 3 = 7"
