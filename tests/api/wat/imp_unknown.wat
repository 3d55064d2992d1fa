(module (import "ex" "nope" (func)))
