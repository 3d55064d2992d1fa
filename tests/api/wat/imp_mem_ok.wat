(module (import "ex" "mem" (memory 1 4)))
