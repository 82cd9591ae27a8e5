# Slide: "Example: Python Variables and Memory Allocation"
#
# Step through and watch two places:
#   Frames  - the Global frame lists every name this program creates.
#   Objects - the list and the dict live here; the frame only holds an arrow (#id) to them.
#
# Small ints and strs are drawn inside the frame to keep the picture simple, but they are
# objects too: run with --heap-primitives to see `x` and `y` point at objects as well.

x = 10
y = "Python"

scores = [1, 2, 3]
ages = {"ann": 31, "bob": 27}

# A second name for the same list: no copy is made. Watch `team_scores` get the same #id
# as `scores`, and then the one list change whichever name we use.
team_scores = scores
team_scores.append(4)

print(x, y, scores, ages)
