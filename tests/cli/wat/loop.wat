;; Loops forever: stopped by --fuel (a trap) or --timeout (exit 124).
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever))))
