# expect: output_limit
# draw: yes
while True:
    print("spam " * 100)
