function score(item)
  if item.key == "A" then error({}) end
  if item.key == "B" then error(setmetatable({}, { __tostring = function() return "obj" end })) end
  if item.key == "C" then return 0/0 end
  return nil, ""
end
