#!/usr/bin/env bash
# Everything the test suite needs from the machine, installed before any test starts (`npm test`
# runs this first; no test file installs anything). Checks each command; when one is missing, runs
# `apt-get update` once and installs the missing Debian packages. Then makes sure a Docker engine
# answers (scripts/ensure-docker.sh). Idempotent; when everything is there it only looks the
# commands up (well under a second). Starts no daemon but dockerd (when none runs); the Slurm
# daemons, the second dockerd and the registries are started by the tests that use them (see the
# README's set-up section).
#
# Usage: scripts/ensure-test-deps.sh [--check]
#   --check   install nothing: list what is missing and exit 1 if anything is
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "ensure-test-deps: $*" >&2; }

# command (or absolute path, or py:MODULE for a module of Debian's /usr/bin/python3) -> Debian package, and who needs it.
REQUIREMENTS=(
  "dockerd docker.io every container test (scripts/ensure-docker.sh)"
  "docker docker.io every container test"
  "debootstrap debootstrap the sample's base image (scripts/build-base-image.sh)"
  "git git fixtures and sample repositories"
  "ip iproute2 the second dockerd's bridge (scripts/start-second-docker.sh)"
  "pgrep procps scripts/ensure-slurm.sh"
  "docker-registry docker-registry test/helpers/registry.ts (images-registry, pull-errors)"
  "/usr/bin/chromium chromium test/helpers/chromium.ts (report-html; playwright-core's executablePath)"
  "munged munge the Slurm cluster (scripts/ensure-slurm.sh)"
  "slurmctld slurm-wlm the Slurm cluster (scripts/ensure-slurm.sh: slurm-executor, slurm-agent)"
  "slurmd slurm-wlm the Slurm cluster"
  "sbatch slurm-wlm the Slurm executor"
  "py:jinja2 python3-jinja2 test/mini-protocol.test.ts (mini-swe-agent's templates rendered by Python's own jinja2, with Debian's /usr/bin/python3)"
  "py:yaml python3-yaml test/mini-protocol.test.ts (mini-swe-agent's configs read by Python's yaml)"
)

present() {
  case "$1" in
    py:*) /usr/bin/python3 -c "import ${1#py:}" >/dev/null 2>&1 ;;
    /*) [ -x "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for line in "${REQUIREMENTS[@]}"; do
  read -r cmd pkg why <<<"$line"
  if ! present "$cmd"; then
    log "missing $cmd (Debian package $pkg; needed by $why)"
    case " ${missing[*]-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "${1:-}" = "--check" ]; then
    log "to install: ${missing[*]} (run bash scripts/ensure-test-deps.sh)"
    exit 1
  fi
  as_root=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n)
    else log "not root and no password-less sudo: install ${missing[*]} (Debian), then retry"; exit 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || { log "no apt-get on this machine: install ${missing[*]} (Debian names) by hand, then retry"; exit 1; }
  started=$(date +%s)
  log "installing Debian's ${missing[*]} (apt-get update, then one apt-get install)"
  # Another apt run (a second checkout's tests, unattended upgrades) may hold the lock: wait for it.
  apt=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get -o DPkg::Lock::Timeout=600 -qq)
  "${as_root[@]}" "${apt[@]}" update >/dev/null
  # Chromium without its recommends (GPU drivers, desktop services: not needed headless); the
  # others with theirs (debootstrap needs its recommended keyring to check the Debian archive).
  others=()
  for pkg in "${missing[@]}"; do [ "$pkg" = chromium ] || others+=("$pkg"); done
  [ ${#others[@]} -eq 0 ] || "${as_root[@]}" "${apt[@]}" install -y "${others[@]}" >/dev/null
  [ ${#others[@]} -eq ${#missing[@]} ] || "${as_root[@]}" "${apt[@]}" install -y --no-install-recommends chromium >/dev/null
  for line in "${REQUIREMENTS[@]}"; do
    read -r cmd pkg _ <<<"$line"
    present "$cmd" || { log "apt-get installed $pkg but $cmd is still missing"; exit 1; }
  done
  log "installed ${missing[*]} in $(( $(date +%s) - started )) s"
  # Under systemd, Debian starts the package's own registry on port 5000 of every interface; the
  # tests run theirs on 127.0.0.1 (test/helpers/registry.ts), so that service is turned off.
  case " ${missing[*]} " in *" docker-registry "*)
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
      "${as_root[@]}" systemctl disable --now docker-registry.service >/dev/null 2>&1 && log "disabled docker-registry.service (the tests start their own registry)"
    fi ;;
  esac
fi

[ "${1:-}" = "--check" ] || bash scripts/ensure-docker.sh
