(module (import "ex" "tab" (table 2 6 funcref)))
