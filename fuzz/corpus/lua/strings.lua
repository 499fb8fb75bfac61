function score(item)
  local s = string.format("%5.2f %s %q", item.business_value or 0, item.title, item.key)
  s = s:gsub("%a+", string.upper):rep(3, ",")
  local p = string.pack("i4 z", 7, s)
  return #p + utf8.len(s) + select("#", string.byte(s, 1, -1)), s:sub(1, 64)
end
