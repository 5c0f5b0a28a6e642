#!/usr/bin/env bash
# A second Docker daemon on this machine, for the multi-engine test: its own data root, exec root,
# pid file, containerd namespace and socket (unix:///run/sera-bench-docker2.sock), its own bridge
# (sera-br2, 172.31.250.1/24) and no iptables rules, so it cannot disturb the first daemon. (Not
# --bridge=none: dockerd then deletes the interface docker0, which the first daemon uses.)
# Then the given images are copied into it from the first daemon (docker save | docker load) when
# missing or different. Idempotent; serialised with a lock. Usage: start-second-docker.sh [IMAGE...]
set -euo pipefail

SOCK=/run/sera-bench-docker2.sock
ROOT=/var/lib/sera-bench-docker2
EXEC=/run/sera-bench-docker2
LOG=/var/log/sera-bench-docker2.log
log() { echo "start-second-docker: $*" >&2; }

exec 9>/run/sera-bench-docker2.lock
flock 9

second() { DOCKER_HOST=unix://$SOCK docker "$@"; }
answers() { second version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if ! answers; then
  [ "$(id -u)" = 0 ] || { log "a second dockerd needs root"; exit 1; }
  command -v dockerd >/dev/null || { log "dockerd is not installed (run scripts/ensure-docker.sh)"; exit 1; }
  mkdir -p "$ROOT" "$EXEC"
  if ! ip link show sera-br2 >/dev/null 2>&1; then
    ip link add sera-br2 type bridge
    ip addr add 172.31.250.1/24 dev sera-br2
    ip link set sera-br2 up
  fi
  log "starting a second dockerd on unix://$SOCK (log: $LOG)"
  nohup dockerd --data-root "$ROOT" --exec-root "$EXEC" --pidfile "$EXEC/dockerd.pid" -H "unix://$SOCK" \
    --bridge=sera-br2 --iptables=false --ip-masq=false --containerd-namespace sera2 --containerd-plugins-namespace sera2-plugins \
    >"$LOG" 2>&1 9>&- &
  for _ in $(seq 1 120); do answers && break; sleep 0.5; done
  answers || { log "the second dockerd did not answer within 60 s; see $LOG"; tail -20 "$LOG" >&2; exit 1; }
fi

missing=()
for image in "$@"; do
  want=$(docker image inspect --format '{{.Id}}' "$image")
  have=$(second image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  [ "$want" = "$have" ] || missing+=("$image")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "copying ${#missing[@]} image(s) into the second daemon"
  docker save "${missing[@]}" | second load -q >/dev/null
fi
