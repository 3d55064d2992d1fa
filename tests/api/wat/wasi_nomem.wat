;; A command that exports no memory (node:wasi refuses it). test_wasi_lifecycle.c
(module (func (export "_start")))
