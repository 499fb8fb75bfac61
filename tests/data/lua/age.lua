-- age.lua - days from created to the reference date, and the date's day.
function score(item)
  return item.age_days, tostring(today)
end
