# expect: finished
# transcript: varies
# (it walks every object the interpreter holds, which differs with the packages installed.)
import gc
objs = gc.get_objects()
refs = gc.get_referrers(objs)
gc.disable()
gc.freeze()
gc.collect()
gc.unfreeze()
gc.enable()
count = len(objs)
