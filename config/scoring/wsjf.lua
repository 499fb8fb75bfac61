-- wsjf.lua - Weighted Shortest Job First, as the built-in wsjf method
-- computes it, written as a Lua rule: a starting point for a variant of
-- your own (weights, a cap, a floor for bugs...).
--
--   cost of delay = business_value + time_criticality + risk_reduction
--   WSJF          = cost of delay / job_size
--
-- An item that lacks an input, or whose job size is not above 0, is not
-- ranked as zero: `return nil, "why"` lists it apart with the reason.
--
-- explain(item), optional, is what `prio explain ID --method wsjf_lua`
-- shows: the formula with the item's numbers, one line per string.
--
--   [method.wsjf_lua]
--   plugin = lua
--   script = scoring/wsjf.lua

local inputs = { "business_value", "time_criticality", "risk_reduction",
                 "job_size" }

function score(item)
  for _, name in ipairs(inputs) do
    local v = item[name]
    if v == nil then
      return nil, name .. " is missing"
    elseif type(v) ~= "number" then
      return nil, string.format("%s is not a number: '%s'", name, v)
    end
  end
  if item.job_size <= 0 then
    return nil, string.format("job_size must be above 0 (is %g)",
                              item.job_size)
  end
  local cod = item.business_value + item.time_criticality
              + item.risk_reduction
  return cod / item.job_size
end

function explain(item)
  local wsjf, why = score(item)
  if wsjf == nil then
    return "not scored: " .. why
  end
  local cod = item.business_value + item.time_criticality
              + item.risk_reduction
  return {
    string.format("cost of delay = business_value + time_criticality + "
                  .. "risk_reduction = %g + %g + %g = %g",
                  item.business_value, item.time_criticality,
                  item.risk_reduction, cod),
    string.format("WSJF = cost of delay / job_size = %g / %g = %g",
                  cod, item.job_size, wsjf),
  }
end
