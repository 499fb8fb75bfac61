-- rules.lua - rules on the type and the labels of items, with classes.
--
-- Bugs come first: a bug labelled "urgent" or "security" is "fix-now",
-- any other bug "fix". Everything else is ranked by value for the effort
-- (WSJF), raised by labels the organisation cares about this quarter
-- (params.focus, a comma-separated list, say "checkout,payments") and
-- lowered for spikes, which buy knowledge rather than value. Items of
-- little value for their size are classed "later".
--
--   [method.rules]
--   plugin = lua
--   script = scoring/rules.lua
--   param.focus = checkout, payments
--   param.focus_boost = 1.5
--
-- item.labels is a table: the labels in order (ipairs), and each one a
-- key set to true, so item.labels.urgent is true or nil.

local focus = {}
for label in string.gmatch(params.focus or "", "[^,%s]+") do
  focus[label] = true
end
local boost = params.focus_boost or 1.5

function score(item)
  local labels = item.labels
  if item.type == "bug" then
    if labels.urgent or labels.security then
      return 1000, "fix-now"
    end
    return 500, "fix"
  end

  local size = item.job_size
  if not size or size <= 0 then
    return nil, "needs a job size above 0"
  end
  local value = (item.business_value or 0) + (item.time_criticality or 0)
                + (item.risk_reduction or 0)
  local s = value / size
  for _, label in ipairs(labels) do
    if focus[label] then
      s = s * boost
      break                       -- one boost, however many labels match
    end
  end
  if item.type == "spike" then
    s = s / 2
  end
  if s < 1 then
    return s, "later"
  end
  return s
end
