;; A start function that never returns (fuzz_run drops the start section;
;; the exported function then runs out of fuel).
(module
  (func $forever (export "forever") (loop $l (br $l)))
  (start $forever))
