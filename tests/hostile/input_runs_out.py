# expect: waiting_for_input
first = input("path? ")
second = input("more? ")
