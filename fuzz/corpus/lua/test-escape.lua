-- escape.lua - tries to read a file: there is no io in the sandbox.
function score(item)
  local f = io.open("/etc/passwd")
  return #f:read("a")
end
