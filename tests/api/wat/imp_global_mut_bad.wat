(module (import "ex" "gm" (global i32)))
