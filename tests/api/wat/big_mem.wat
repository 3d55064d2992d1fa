(module (memory (export "mem") 2 65536))
