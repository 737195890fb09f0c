"""The benchmark harness's scenario families; `Benchmarks/run` is the program."""
