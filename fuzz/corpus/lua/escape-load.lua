function score(item)
  local ok, e = pcall(function() return load("return os")() end)
  local d = string.dump or getmetatable("").__index
  return #tostring(ok) + #tostring(e)
end
