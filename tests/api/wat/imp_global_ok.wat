(module
  (import "ex" "gm" (global $m (mut i32)))
  (import "ex" "gi" (global $i i32))
  (global (export "copy") i32 (global.get $i)))
