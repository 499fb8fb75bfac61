local ok = pcall(setmetatable, {}, { __gc = function() while true do end end })
local mt = getmetatable(item or "")
function score(item)
  setmetatable(item, {})
  return 1
end
