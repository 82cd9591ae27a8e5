"""
Artificial, floating point-heavy benchmark originally used by Factor.
"""
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

from math import sin, cos, sqrt


POINTS = 100000


class Point(object):
    __slots__ = ('x', 'y', 'z')

    def __init__(self, i):
        self.x = x = sin(i)
        self.y = cos(i) * 3
        self.z = (x * x) / 2

    def __repr__(self):
        return "<Point: x=%s, y=%s, z=%s>" % (self.x, self.y, self.z)

    def normalize(self):
        x = self.x
        y = self.y
        z = self.z
        norm = sqrt(x * x + y * y + z * z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self


def maximize(points):
    next = points[0]
    for p in points[1:]:
        next = next.maximize(p)
    return next


def benchmark(n):
    points = [None] * n
    for i in range(n):
        points[i] = Point(i)
    for p in points:
        p.normalize()
    return maximize(points)


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata['description'] = "Float benchmark"

    points = POINTS
    runner.bench_func('float', benchmark, points)
