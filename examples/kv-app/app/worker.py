"""Periodic work against the store: counts ticks and records the time of the last one."""
import os
import signal
import sys
import time

from resp import Redis

# PID 1 in a container gets no default SIGTERM action: exit at once on stop.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

interval = float(os.environ.get("TICK_SECONDS", "2"))
r = Redis()
while True:
    try:
        n = r.call("INCR", "ticks")
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        r.call("SET", "last_tick", now)
        print("worker: tick %d at %s (%d keys)" % (n, now, r.call("HLEN", "kv")), flush=True)
    except (OSError, RuntimeError, ConnectionError) as e:
        print("worker: store unavailable: %s" % e, flush=True)
    time.sleep(interval)
