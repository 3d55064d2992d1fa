(module (import "ex" "mem" (memory 1 3)))
