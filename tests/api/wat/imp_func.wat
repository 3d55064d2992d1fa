(module (import "ex" "f" (func (param i32) (result i32))))
