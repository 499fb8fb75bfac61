-- acme.lua - the rule of the README: bugs first, then revenue for effort.
function score(item)
  if item.type == "bug" then return 100, "bug" end
  if not item.effort then return nil, "effort is missing" end
  return (item.revenue or 0) * params.strategic_weight / item.effort
end
