#!/usr/bin/env python3
"""Opens N keep-alive connections to a fresh tact (one request each, then idle)
and reports tact's resident memory before and after, and the CPU time it
spends holding them idle.

    bench/idle_connections.py [path/to/tact] [connections]

The goal in issue 2: 10,000 idle keep-alive connections under 200 MiB RSS."""
import json, os, resource, socket, subprocess, sys, tempfile, time

tact = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else "build/gateway/tact")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 1000)), hard))

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def rss_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])

IDLE_SECONDS = 5


def cpu_seconds(pid):
    """User and system time of the whole process (/proc/PID/stat fields 14, 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"port {port} did not open")

with tempfile.TemporaryDirectory() as work:
    port, origin_port = free_port(), free_port()
    site = os.path.join(work, "site")
    os.mkdir(site)
    with open(os.path.join(site, "index.html"), "w") as f:
        f.write("<!doctype html><title>idle</title>\n")
    config = {
        "listen": {"address": "127.0.0.1", "port": port},
        "upstream": {"host": "127.0.0.1", "port": origin_port},
        "demo_origin": {"address": "127.0.0.1", "port": origin_port, "root": site},
        "timeouts": {"idle_ms": 600000},
        "limits": {"max_connections": count + 100},
    }
    path = os.path.join(work, "tact.json")
    with open(path, "w") as f:
        json.dump(config, f)
    proc = subprocess.Popen([tact, "serve", "-c", path], stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        before = rss_kib(proc.pid, "VmRSS")
        request = b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n"
        sockets = []
        started = time.time()
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(request)
            data = b""
            while b"</title>" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    sys.exit("the gateway closed a connection")
                data += chunk
            sockets.append(s)
        opened = time.time() - started
        time.sleep(1)
        after = rss_kib(proc.pid, "VmRSS")
        # What holding them costs the gateway (its timeouts' sweep included).
        cpu_before = cpu_seconds(proc.pid)
        time.sleep(IDLE_SECONDS)
        idle_cpu = cpu_seconds(proc.pid) - cpu_before
        print(f"{count} idle keep-alive connections (one request each) opened in {opened:.1f} s")
        print(f"tact RSS: {before / 1024:.1f} MiB at start, {after / 1024:.1f} MiB holding them "
              f"({(after - before) * 1024 / count:.0f} bytes per connection); goal < 200 MiB")
        print(f"tact CPU while they idle: {idle_cpu * 1000 / IDLE_SECONDS:.1f} ms per second "
              f"(over {IDLE_SECONDS} s)")
        for s in sockets:
            s.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
