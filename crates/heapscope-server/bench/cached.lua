-- Cached runs: the same small program every time (answered from the LRU).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"code":"x = [1, 2, 3]\\ny = x\\nprint(len(y))\\n"}'
