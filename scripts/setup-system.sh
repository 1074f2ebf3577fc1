#!/usr/bin/env bash
# Installs the Debian packages meshrr's tests and lab need (real DNS, BGP and NETCONF servers).
# Idempotent: skips apt entirely when every binary is already present. Needs root.
set -euo pipefail
PKGS=(bind9 bind9-dnsutils knot knot-dnsutils frr frr-pythontools netconfd openssh-server openssh-client
      python3-ncclient python3-netaddr python3-jinja2 python3-kubernetes python3-consul iproute2 iputils-ping procps zsh fish prometheus
      golang-go golang-github-masterminds-sprig-dev podman runc debootstrap uidmap fuse-overlayfs bird2)
BINS=(/usr/sbin/named /usr/bin/nsupdate /usr/sbin/knotd /usr/lib/frr/bgpd /usr/lib/frr/frr-reload.py /usr/sbin/netconfd
      /usr/sbin/sshd /usr/bin/ssh-keygen /usr/sbin/ip /usr/bin/ps /usr/bin/zsh /usr/bin/fish /usr/bin/promtool
      /usr/bin/go /usr/share/gocode/src/github.com/Masterminds/sprig /usr/bin/podman /usr/sbin/runc /usr/sbin/debootstrap /usr/sbin/bird)
need=0
for b in "${BINS[@]}"; do [ -e "$b" ] || need=1; done
/usr/bin/python3 -c 'import ncclient, netaddr, jinja2, kubernetes, consul' 2>/dev/null || need=1
if [ "$need" = 0 ]; then echo "setup-system: all system packages present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "setup-system: run as root to install: ${PKGS[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Packages whose maintainer scripts would start a daemon (prometheus: only promtool is wanted) must
# not: no service starts during this install.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
echo "setup-system: installed ${PKGS[*]}"
