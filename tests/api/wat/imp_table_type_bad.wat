(module (import "ex" "tab" (table 1 funcref)) (import "ex" "tab_unbounded" (table 1 funcref)))
