;; Exports both _start and _initialize: neither start nor initialize accepts it.
(module
  (memory (export "memory") 1)
  (func (export "_start"))
  (func (export "_initialize")))
