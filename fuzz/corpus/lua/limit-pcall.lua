function score(item)
  while true do
    pcall(function() while true do end end)
    xpcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end,
           function(e) while true do end end)
  end
end
