-- pattern.lua - a pattern that backtracks for ever inside string.find,
-- where no instruction count can stop it: only the timeout does.
function score(item)
  local s = ("a"):rep(40000)
  return s:find(("a-"):rep(40) .. "b") or 0
end
