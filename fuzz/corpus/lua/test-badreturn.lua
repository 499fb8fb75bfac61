-- badreturn.lua - returns text for bugs: not a score.
function score(item)
  if item.type == "bug" then return "high" end
  return 1
end
