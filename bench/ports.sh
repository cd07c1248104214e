# Sourced by the benchmark scripts: loopback ports for the processes they
# start, and a work folder that goes, with those processes, when they exit.

# A fresh folder in WORK (mktemp template $1). Processes whose pid is added to
# PIDS are stopped at exit, and the folder is removed.
make_work_dir() {
  WORK=$(mktemp -d "$1")
  PIDS=()
  trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
}

# A port nothing listens on now (the kernel's choice).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits up to 5 s for something to accept connections on 127.0.0.1:$1.
wait_port() {
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "port $1 did not open" >&2
  exit 1
}
