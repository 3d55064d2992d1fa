-- bench.lua: our own Lua workload for the wasmcell benchmarks. Returns true when
-- every self-check passes. arg[1] scales the work (default 2).
local scale = tonumber(arg and arg[1]) or 2
local ok = true
local function check(cond, what)
  if not cond then print("check failed: " .. what); ok = false end
end

-- 1. closures and recursion
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local f = fib(24 + (scale > 1 and 1 or 0))
check(f == (scale > 1 and 75025 or 46368), "fib")

-- 2. tables as arrays: sieve
local function sieve(n)
  local comp, count = {}, 0
  for i = 2, n do
    if not comp[i] then
      count = count + 1
      for j = i * i, n, i do comp[j] = true end
    end
  end
  return count
end
for _ = 1, scale do check(sieve(100000) == 9592, "sieve") end

-- 3. objects with metatables
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
local acc = Vec.new(0, 0)
for i = 1, 60000 * scale do acc = acc + Vec.new(i % 7, i % 11) end
check(acc:dot(Vec.new(1, 1)) == (function()
  local s = 0
  for i = 1, 60000 * scale do s = s + i % 7 + i % 11 end
  return s end)(), "vectors")

-- 4. strings: building, formatting, pattern matching, hashing into a table
local words, counts = {}, {}
for i = 1, 20000 * scale do words[#words + 1] = string.format("w%05d", (i * 7919) % 5000) end
local text = table.concat(words, " ")
local n = 0
for w in text:gmatch("w(%d+)") do
  n = n + 1
  counts[w] = (counts[w] or 0) + 1
end
local distinct = 0
for _, c in pairs(counts) do distinct = distinct + 1 end
check(n == 20000 * scale and distinct == 5000, "strings")
check(text:upper():lower() == text and #text == 20000 * scale * 7 - 1, "upper/lower")

-- 5. sorting with a comparator
local arr, seed = {}, 12345
for i = 1, 25000 * scale do
  seed = (seed * 1103515245 + 12345) % 2147483648
  arr[i] = seed
end
table.sort(arr, function(a, b) return a > b end)
local sorted = true
for i = 2, #arr do if arr[i - 1] < arr[i] then sorted = false end end
check(sorted, "sort")

-- 6. floating point: Mandelbrot area estimate
local inside = 0
local N = 60 + 40 * scale
for py = 0, N - 1 do
  for px = 0, N - 1 do
    local cr, ci = px * 3.0 / N - 2.0, py * 2.5 / N - 1.25
    local zr, zi, k = 0.0, 0.0, 0
    while k < 64 and zr * zr + zi * zi <= 4.0 do
      zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
      k = k + 1
    end
    if k == 64 then inside = inside + 1 end
  end
end
local area = inside * (3.0 * 2.5) / (N * N)
check(area > 1.45 and area < 1.65, "mandelbrot")

print(string.format("fib=%d sieve=%d distinct=%d area=%.4f inside=%d first=%d",
  f, sieve(1000), distinct, area, inside, arr[1]))
return ok
