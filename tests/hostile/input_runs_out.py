# expect: waiting_for_input
# The test gives two lines (the canary's path and a pid): the third input() waits.
first = input("path? ")
second = input("more? ")
third = input("and? ")
