-- age.lua - the cost of delay grows while an item waits.
--
-- Each item's value (business_value) is raised by 10 % for every 30 days
-- since it was created, up to double, then divided by its job size. Time
-- is measured to a fixed reference_date, never to the clock, so the same
-- backlog gets the same order on every run until the date is moved on:
--
--   [method.aging]
--   plugin = lua
--   script = scoring/age.lua
--   reference_date = 2026-11-23   ; today's date, as of this ranking
--   param.monthly_rise = 0.1
--
-- With reference_date set, item.age_days is the number of days from the
-- item's created date to it (nil when the item has no created date),
-- `today` is the reference date as a day number and days("2026-12-24")
-- turns any date field into one, for deadlines: days(item.due) - today.

local rise = params.monthly_rise or 0.1

function score(item)
  local size = item.job_size
  if not size or size <= 0 then
    return nil, "needs a job size above 0"
  end
  local age = item.age_days or 0
  if age < 0 then
    age = 0                       -- created after the reference date
  end
  local factor = math.min(1 + rise * age / 30, 2)
  local class = age >= 180 and "stale" or nil
  return (item.business_value or 0) * factor / size, class
end
