local n = 0
for k, v in pairs(_G) do n = n + 1 end
function score(item)
  local t = rawget(_G, "io") or rawget(_G, "require") or _ENV.package
  return n, t and "escaped" or "shut"
end
