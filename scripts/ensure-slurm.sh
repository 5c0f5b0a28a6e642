#!/usr/bin/env bash
# Make sure a Slurm cluster answers. When `sinfo` already shows a usable node, do nothing.
# Otherwise (as root) install Debian's munge and slurm-wlm if missing, write a slurm.conf for a
# one-node cluster on this machine (no accounting database), start munged, slurmctld and slurmd,
# and wait until the node is idle. Idempotent; used by the tests, CI and `npm run bench:scale`.
set -euo pipefail

log() { echo "ensure-slurm: $*" >&2; }
die() { log "$*"; exit 1; }

NODE=$(hostname -s)
CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
LOG_DIR=/var/log/slurm

node_state() { sinfo -h -N -n "$NODE" -o %t 2>/dev/null | head -n1 | tr -d '*~#!%$@^-'; }
usable() { case "$(node_state)" in idle|mix|alloc|comp) return 0 ;; *) return 1 ;; esac; }

if command -v sinfo >/dev/null 2>&1 && usable; then
  exit 0
fi
[ "$(id -u)" = 0 ] || die "no usable Slurm node answers and this is not root: start your cluster (sinfo must list a node) and retry"

install_packages() {
  command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v munged >/dev/null 2>&1 && return 0
  log "installing Debian's munge and slurm-wlm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq munge slurm-wlm >/dev/null
}

write_config() {
  local cpus mem_mb
  cpus=$(nproc)
  mem_mb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  mkdir -p "$CONF_DIR" "$LOG_DIR" /var/spool/slurmctld /var/spool/slurmd
  cat >"$CONF" <<EOF
# Written by sera-bench scripts/ensure-slurm.sh: a one-node cluster on $NODE.
ClusterName=serabench
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=300
KillWait=5
SlurmdTimeout=60
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  # Debian's slurmd reads cgroup.conf on start even with proctrack/linuxproc; keep it harmless.
  [ -f "$CONF_DIR/cgroup.conf" ] || echo "CgroupPlugin=autodetect" >"$CONF_DIR/cgroup.conf"
  log "wrote $CONF ($cpus CPUs, ${mem_mb} MB)"
}

start_munge() {
  if pgrep -x munged >/dev/null 2>&1; then return 0; fi
  if [ ! -s /etc/munge/munge.key ]; then
    log "creating /etc/munge/munge.key"
    if command -v mungekey >/dev/null 2>&1; then mungekey --create --keyfile=/etc/munge/munge.key
    else dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; fi
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /etc/munge/munge.key /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  chmod 0400 /etc/munge/munge.key
  log "starting munged"
  if id munge >/dev/null 2>&1; then runuser -u munge -- munged; else munged --force; fi
}

start_daemon() {
  local name=$1
  if pgrep -x "$name" >/dev/null 2>&1; then return 0; fi
  log "starting $name (log: $LOG_DIR/$name.log)"
  "$name" >>"$LOG_DIR/$name.start.log" 2>&1
}

wait_for_node() {
  for _ in $(seq 1 120); do
    case "$(node_state)" in
      idle|mix|alloc|comp) log "node $NODE is $(node_state)"; return 0 ;;
      down|drain|drng|fail) scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "node $NODE did not become idle within 60 s (state: $(node_state)); see $LOG_DIR/slurmctld.log and $LOG_DIR/slurmd.log"
}

install_packages
grep -q "NodeName=$NODE " "$CONF" 2>/dev/null || write_config
start_munge
start_daemon slurmctld
start_daemon slurmd
wait_for_node
