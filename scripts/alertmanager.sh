#!/usr/bin/env bash
# Prometheus Alertmanager for the wire tests (test/incidents/alertmanager) and bench/alert-storm.ts.
#
#   scripts/alertmanager.sh install   install Alertmanager with apt-get when no binary is found
#                                     (Debian/Ubuntu, as root); prints nothing on stdout
#   scripts/alertmanager.sh bin       print the binary's path (fails when there is none)
#
# The binary is $ALERTMANAGER_BIN, else `prometheus-alertmanager` (Debian's name), else
# `alertmanager` on the PATH. The tests start their own instances (test/support/alertmanager.ts);
# the Debian package's service is kept from starting during the install (policy-rc.d) and stopped
# afterwards if it started anyway, so nothing is left running.
set -euo pipefail

log() { echo "alertmanager.sh: $*" >&2; }
fail() {
  log "$*"
  exit 1
}

find_bin() {
  if [ -n "${ALERTMANAGER_BIN:-}" ]; then
    [ -x "$ALERTMANAGER_BIN" ] || fail "ALERTMANAGER_BIN=$ALERTMANAGER_BIN is not an executable"
    echo "$ALERTMANAGER_BIN"
    return
  fi
  local name
  for name in prometheus-alertmanager alertmanager; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return
    fi
  done
  return 1
}

# Stops the packaged service if the install started it anyway (systemd, or the SysV script: the
# package's own daemon runs as user `prometheus` with its pid file), and keeps it from starting at boot.
# The tests' instances run as the invoking user and are not touched.
stop_service() {
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now prometheus-alertmanager.service >/dev/null 2>&1 || true
  fi
  if [ -x /etc/init.d/prometheus-alertmanager ] && command -v start-stop-daemon >/dev/null 2>&1 &&
    id prometheus >/dev/null 2>&1; then
    start-stop-daemon --stop --quiet --oknodo --retry=TERM/10/KILL/5 \
      --exec /usr/bin/prometheus-alertmanager --user prometheus >/dev/null 2>&1 || true
    rm -f /run/prometheus/prometheus-alertmanager.pid
  fi
}

install_alertmanager() {
  [ "$(id -u)" = 0 ] ||
    fail "no Alertmanager found and not root: install it (apt-get install prometheus-alertmanager) or set ALERTMANAGER_BIN"
  command -v apt-get >/dev/null 2>&1 ||
    fail "no Alertmanager found and no apt-get: install Alertmanager or set ALERTMANAGER_BIN"
  log "installing prometheus-alertmanager with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # invoke-rc.d and deb-systemd-invoke ask /usr/sbin/policy-rc.d whether a service may start: exit 101
  # says no. Ours stands for the length of the install; one that was there (as in Docker images) is
  # put back afterwards.
  policy=/usr/sbin/policy-rc.d
  policy_backup=''
  if [ -e "$policy" ]; then
    policy_backup="$(mktemp /usr/sbin/policy-rc.d.steward.XXXXXX)"
    cp -p "$policy" "$policy_backup"
  fi
  output="$(mktemp)"
  trap restore_policy EXIT
  printf '#!/bin/sh\n# scripts/alertmanager.sh: no service starts while it installs Alertmanager\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  local status=0
  {
    apt-get update -qq &&
      apt-get install -y -qq --no-install-recommends prometheus-alertmanager
  } >"$output" 2>&1 || status=$?
  restore_policy
  trap - EXIT
  stop_service
  if [ "$status" != 0 ]; then
    cat "$output" >&2
    rm -f "$output"
    fail "apt-get failed (exit $status)"
  fi
  rm -f "$output"
}

restore_policy() {
  if [ -n "$policy_backup" ]; then
    mv -f "$policy_backup" "$policy"
    policy_backup=''
  else
    rm -f "$policy"
  fi
}

install() {
  if find_bin >/dev/null; then
    return
  fi
  install_alertmanager
  find_bin >/dev/null || fail "prometheus-alertmanager was installed but no binary was found"
}

usage() { fail "usage: scripts/alertmanager.sh install|bin"; }

[ $# -eq 1 ] || usage
case "$1" in
install) install ;;
bin) find_bin || fail "no Alertmanager found: run scripts/alertmanager.sh install or set ALERTMANAGER_BIN" ;;
*) usage ;;
esac
