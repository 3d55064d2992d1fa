(module (import "ex" "f" (func (param i64) (result i32))))
