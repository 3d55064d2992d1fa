(module (import "ex" "mem" (memory 2)))
