(module (import "ex" "f" (memory 1)))
