local big = {}
function score(item)
  big[#big + 1] = ("x"):rep(1 << 20)
  return #big
end
