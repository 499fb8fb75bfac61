-- WSJF in Lua, for make bench: what the built-in wsjf method computes.
local inputs = { "business_value", "time_criticality", "risk_reduction",
                 "job_size" }
function score(item)
  for _, f in ipairs(inputs) do
    if item[f] == nil then return nil, f .. " is missing" end
  end
  if item.job_size <= 0 then return nil, "job_size must be above 0" end
  return (item.business_value + item.time_criticality + item.risk_reduction)
         / item.job_size
end
