# expect: output_limit
print("x" * (50 * 1000 * 1000))
