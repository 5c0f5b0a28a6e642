#!/usr/bin/env bash
# Make sure a Docker engine answers. When DOCKER_HOST is set, or a daemon already answers on the
# default socket, do nothing. Otherwise install Debian's docker.io (if dockerd is missing), start
# dockerd in the background and wait for its socket. Idempotent; safe to call from several places.
set -euo pipefail

log() { echo "ensure-docker: $*" >&2; }

if [ -n "${DOCKER_HOST:-}" ]; then
  log "DOCKER_HOST=$DOCKER_HOST is set; leaving the engine to you"
  exit 0
fi

daemon_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && daemon_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { log "dockerd is not installed and this is not root: install docker.io (Debian) or set DOCKER_HOST"; exit 1; }
  log "installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null
fi

# The default daemon is the one whose pid file is /var/run/docker.pid (a second daemon started by the
# tests has its own pid file and socket, and does not count).
default_daemon_runs() { [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; }

if ! default_daemon_runs; then
  [ "$(id -u)" = 0 ] || { log "dockerd is not running and this is not root: start it, or set DOCKER_HOST"; exit 1; }
  log_file=${SERA_BENCH_DOCKERD_LOG:-/var/log/sera-bench-dockerd.log}
  log "starting dockerd (log: $log_file)"
  nohup dockerd >"$log_file" 2>&1 &
fi

for _ in $(seq 1 120); do
  if daemon_answers; then
    log "docker engine $(docker version --format '{{.Server.Version}}') is up"
    exit 0
  fi
  sleep 0.5
done
log "dockerd did not answer within 60 s; see ${SERA_BENCH_DOCKERD_LOG:-/var/log/sera-bench-dockerd.log}"
exit 1
