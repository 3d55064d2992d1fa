;; hello: one host import, called once by the export "run".
(module
  (import "" "hello" (func $hello))
  (func (export "run") call $hello))
