-- print.lua - prints while scoring: to stderr, never into the output.
function score(item)
  print("scoring", item.key)
  return item.revenue
end
