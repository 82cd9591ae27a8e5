"""A package installed only in the test venv."""


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def make(n):
    return [Point(i, i * i) for i in range(n)]
