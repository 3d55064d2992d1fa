(module (import "ex" "tab_unbounded" (table 1 100 externref)))
