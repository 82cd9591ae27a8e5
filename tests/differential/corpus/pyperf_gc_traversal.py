class pyperf:  # heapscope corpus: stands in for the pyperf package; each benchmark runs once
    @staticmethod
    def perf_counter():
        return 0.0

    class Runner:
        def __init__(self, *args, add_cmdline_args=None, **kwargs):
            import argparse
            self.metadata = {}
            self.argparser = argparse.ArgumentParser()
            self.args = None

        def parse_args(self, args=None):
            self.args = self.argparser.parse_known_args([])[0]
            return self.args

        def bench_func(self, name, func, *args, inner_loops=None, **kwargs):
            return func(*args)

        def bench_time_func(self, name, func, *args, inner_loops=None, **kwargs):
            return func(1, *args)

        def bench_async_func(self, name, func, *args, inner_loops=None, **kwargs):
            import asyncio
            return asyncio.run(func(*args))
import gc

N_LEVELS = 1000


def create_recursive_containers(n_levels):

    current_list = []
    for n in range(n_levels):
        new_list = [None] * n
        for index in range(n):
            new_list[index] = current_list
        current_list = new_list

    return current_list


def benchamark_collection(loops, n_levels):
    total_time = 0
    all_cycles = create_recursive_containers(n_levels)
    for _ in range(loops):
        gc.collect()
        # Main loop to measure
        t0 = pyperf.perf_counter()
        collected = gc.collect()
        total_time += pyperf.perf_counter() - t0

        assert collected is None or collected == 0

    return total_time


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "GC traversal benchmark"
    runner.bench_time_func("gc_traversal", benchamark_collection, N_LEVELS)
