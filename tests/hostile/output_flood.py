# expect: output_limit
while True:
    print("spam " * 100)
