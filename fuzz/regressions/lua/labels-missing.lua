function score(item)
  local n = 0
  for k, v in pairs(item) do n = n + 1 end
  for i, l in ipairs(item.labels) do n = n + #l end
  item.extra = n
  item.business_value = nil
  local r = item.revenue
  if type(r) == "string" then return nil, "text " .. r end
  return n + (item.age_days or 0) + (days(item.created or "") or 0) + today,
         item.labels.urgent and "urgent" or item.type
end
function explain(item)
  return { item.key, tostring(item.age_days), string.format("%q", item.title) }
end
