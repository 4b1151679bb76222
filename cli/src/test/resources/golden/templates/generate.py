#!/usr/bin/env python3
"""Writes golden.jsonl: what the real docker CLI prints for each command line of cases.py over the
fixtures of this directory (served by fake_daemon.py). Run: python3 generate.py [path/to/docker]."""
import json, os, subprocess, sys, tempfile, threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_daemon, cases

docker = sys.argv[1] if len(sys.argv) > 1 else "/usr/local/bin/docker"
with tempfile.TemporaryDirectory() as tmp:
    sock = os.path.join(tmp, "fake.sock")
    server = fake_daemon.Server(sock, fake_daemon.Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, DOCKER_HOST="unix://" + sock, DOCKER_CONFIG=os.path.join(tmp, "cfg"), DOCKER_CLI_HINTS="false")
    out = []
    for args in cases.CASES:
        for attempt in range(50):
            p = subprocess.run([docker] + args, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
            # docker lists the repositories of one image in Go map order (random); berth keeps
            # RepoTags order: keep the run that printed busybox before rsx/bb
            if args[0] != "images" or "rsx/bb" not in p.stdout or p.stdout.index("busybox") < p.stdout.index("rsx/bb"):
                break
        out.append({"args": args, "stdout": p.stdout, "stderr": p.stderr, "exit": p.returncode})
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.jsonl"), "w") as f:
        for o in out:
            f.write(json.dumps(o) + "\n")
    server.shutdown()
print(len(out), "cases")
