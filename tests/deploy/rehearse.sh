#!/usr/bin/env bash
# rehearse.sh — rehearses docs/deploy.md on fresh Debian 12 (bookworm) systems: a server
# and a room terminal, each a debootstrap root file system, provisioned with the guide's
# own commands from the .debs of this tree.
#
# NOT run in CI, and not by meson test: it needs root (chroot, mount, debootstrap), the
# Debian mirror (a few hundred MB the first time), debootstrap on the host, about 2 GB
# in WORK, and about 8 minutes the first time (debootstrap), 2 after. Run it by hand
# after changing docs/deploy.md, deploy/ or debian/:
#
#   (cd /path/to/copy-of-tree && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -b -us -uc)
#   sudo tests/deploy/rehearse.sh /path/to /tmp/rehearsal
#
# DEB_DIR holds the five packages (plenum-server, plenum, plenum-kiosk, plenumctl,
# plenum-common; the .debs dpkg-buildpackage leaves beside the tree). WORK is made if
# missing; WORK/base (the debootstrap, reused when it is complete) and WORK/apt-cache
# (the downloaded .debs) are kept between runs, WORK/server and WORK/terminal are made
# again from the base at every run, so a run always starts from fresh systems.
#
# What a chroot cannot have (systemd is not running in it) is emulated, and said so where
# it is done: the services are started with their units' ExecStart= lines, as their
# users, with what systemd would give them (StateDirectory=, LoadCredential= as a folder
# in $CREDENTIALS_DIRECTORY, the logind session's XDG_RUNTIME_DIR). There is no DRM
# device, so cage runs nested in Xvfb (wlroots' x11 backend). Both systems share the
# host's network: the terminal reaches the server's port 8443 at 127.0.0.1, which its
# /etc/hosts gives as plenum.example.org, as the guide says for a room without DNS.
#
# Prints one line per check and ends with "rehearsal: N checks passed, M failed"; the
# details are in WORK/rehearsal.log, the screenshots in WORK/shots/ (kiosk-rehearsal.png
# is docs/screenshots/kiosk-rehearsal.png). Exit status: 0 when every check passed.
# PLENUM_REHEARSAL_REUSE=1 keeps the two systems of the last run instead of fresh ones.
#
# Copyright 2026 The Plenum developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: rehearse.sh DEB_DIR WORK" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "rehearse.sh: run it as root (chroot, mount and debootstrap need it)" >&2
  exit 2
fi

guide=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../../docs/deploy.md")
deb_dir=$(realpath "$1")
work=$(realpath -m "$2")
mirror=${PLENUM_REHEARSAL_MIRROR:-http://deb.debian.org/debian}
version=${PLENUM_REHEARSAL_VERSION:-0.1.0}
# The guide's names: the server's DNS name, its port, the room and the seat.
server_name=plenum.example.org
port=8443
room="Phòng họp số 1"
seat="Ghế 05"
secretary=ly.thi.hong
secretary_pin=97531864
member=nguyen.van.an
member_pin=20261128
admin_pin=4711
display=:77

base=$work/base
srv=$work/server
term=$work/terminal
log=$work/rehearsal.log
shots=$work/shots

passed=0
failed=0
server_pid=
xvfb_pid=
cage_pid=

for deb in plenum-server_${version}_amd64 plenum_${version}_amd64 plenumctl_${version}_amd64 \
  plenum-kiosk_${version}_all plenum-common_${version}_all; do
  if [ ! -f "$deb_dir/$deb.deb" ]; then
    echo "rehearse.sh: $deb_dir/$deb.deb is missing" >&2
    exit 2
  fi
done

mkdir -p "$work" "$shots" "$work/apt-cache"
: >"$log"

say () {
  printf '\n== %s\n' "$*"
  printf '\n== %s\n' "$*" >>"$log"
}

# check WHAT COMMAND…: runs COMMAND (its output goes to the log) and counts it.
check () {
  local what=$1
  shift
  printf -- '-- check: %s\n' "$what" >>"$log"
  if "$@" >>"$log" 2>&1; then
    printf 'ok    %s\n' "$what"
    passed=$((passed + 1))
  else
    printf 'FAIL  %s\n' "$what"
    failed=$((failed + 1))
  fi
}

# on ROOT SCRIPT: runs SCRIPT with bash as root inside ROOT, in a clean environment like
# an administrator's root shell.
on () {
  local root=$1
  shift
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
    /bin/bash -euo pipefail -c "$*"
}

# on_bg ROOT SCRIPT: as on, for a process started in the background with &: the
# background job becomes the chroot (exec), so that $! is the process to stop.
on_bg () {
  local root=$1
  shift
  exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM=dumb /bin/bash -euo pipefail -c "$*"
}

# wait_for SECONDS COMMAND…: polls COMMAND every 0.2 s until it succeeds or the deadline
# passes (a condition with a deadline, never a fixed sleep).
wait_for () {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      return 1
    fi
    sleep 0.2
  done
}

mount_system () {
  local root=$1
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  mountpoint -q "$root/sys" || mount -t sysfs sysfs "$root/sys"
  if ! mountpoint -q "$root/dev"; then
    mount --rbind /dev "$root/dev"
    mount --make-rslave "$root/dev"
  fi
  # /run is a tmpfs on a booted system; systemd would keep /run/systemd/system there, so
  # its absence tells the maintainer scripts (deb-systemd-invoke) not to start services.
  mountpoint -q "$root/run" || mount -t tmpfs -o mode=0755 tmpfs "$root/run"
  mkdir -p "$root/run/lock"
  mountpoint -q "$root/var/cache/apt/archives" ||
    mount --bind "$work/apt-cache" "$root/var/cache/apt/archives"
}

unmount_system () {
  local root=$1 m
  [ -d "$root" ] || return 0
  for m in var/cache/apt/archives run dev sys proc; do
    if mountpoint -q "$root/$m"; then
      umount -R "$root/$m" 2>/dev/null || umount -R -l "$root/$m"
    fi
  done
}

stop_pid () {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  wait_for 20 bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

cleanup () {
  stop_pid "$cage_pid" 2>>"$log"
  stop_pid "$xvfb_pid"
  stop_pid "$server_pid"
  unmount_system "$term"
  unmount_system "$srv"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Fresh systems -----------------------------------------------------------------------

say "Fresh Debian 12 systems (debootstrap, standard variant)"
if [ ! -f "$base/.rehearsal-complete" ]; then
  rm -rf "$base"
  echo "debootstrap bookworm into $base (a few minutes)"
  if ! debootstrap bookworm "$base" "$mirror" >>"$log" 2>&1; then
    echo "rehearse.sh: debootstrap failed (see $log)" >&2
    exit 1
  fi
  # What an installed system's sources.list has: the release, its updates, security.
  cat >"$base/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://security.debian.org/debian-security bookworm-security main
EOF
  cp /etc/resolv.conf "$base/etc/resolv.conf"
  touch "$base/.rehearsal-complete"
fi
for root in "$srv" "$term"; do
  unmount_system "$root"
  # PLENUM_REHEARSAL_REUSE=1 keeps the systems of the last run (quicker, but not fresh).
  if [ "${PLENUM_REHEARSAL_REUSE:-}" != 1 ] || [ ! -d "$root" ]; then
    rm -rf "$root"
    cp -a "$base" "$root"
    rm -f "$root/.rehearsal-complete"
  fi
  mount_system "$root"
  # Both "machines" use the host's network; on their own they would have a name each.
  echo "$(basename "$root")" >"$root/etc/hostname"
  # The installer names the machine in /etc/hosts; here the kernel's name is the host's.
  grep -q "^127.0.1.1 $(hostname)\$" "$root/etc/hosts" ||
    echo "127.0.1.1 $(hostname)" >>"$root/etc/hosts"
done
on "$srv" 'apt-get update -q' >>"$log" 2>&1
on "$term" 'apt-get update -q' >>"$log" 2>&1
# The guide's commands use sudo (an installation with no root password has it).
check "server: sudo installed (the guide's commands use it)" on "$srv" 'apt-get install -y -q sudo'
check "terminal: sudo installed" on "$term" 'apt-get install -y -q sudo'

# --- The server ----------------------------------------------------------------------------

say "Server: install (docs/deploy.md, \"The packages\", \"The server / Install\")"
mkdir -p "$srv/root/debs"
cp "$deb_dir/plenum-server_${version}_amd64.deb" "$deb_dir/plenum-common_${version}_all.deb" \
  "$srv/root/debs/"
check "server: apt install ./plenum-server ./plenum-common" on "$srv" "cd /root/debs &&
  sudo apt install -y ./plenum-server_${version}_amd64.deb ./plenum-common_${version}_all.deb"
check "server: system user plenum, no login" on "$srv" \
  'getent passwd plenum | grep -q ":/usr/sbin/nologin$"'
check "server: sysusers file /usr/lib/sysusers.d/plenum-server.conf" on "$srv" \
  'test -f /usr/lib/sysusers.d/plenum-server.conf'
check "server: plenum-server.service enabled (multi-user.target.wants)" on "$srv" \
  'test -L /etc/systemd/system/multi-user.target.wants/plenum-server.service'
check "server: /etc/default/plenum-server is a conffile" on "$srv" \
  'dpkg-query -W -f="\${Conffiles}" plenum-server | grep -q /etc/default/plenum-server'
check "server: the unit's Documentation= file exists" on "$srv" \
  'test -f "$(sed -n "s|^Documentation=file://||p" /lib/systemd/system/plenum-server.service)"'
check "server: the unit verifies (systemd-analyze verify)" on "$srv" \
  'out=$(systemd-analyze verify /lib/systemd/system/plenum-server.service 2>&1); echo "$out";
   test -z "$out"'
check "server: systemd-analyze security --offline: exposure below 2.0" on "$srv" \
  'out=$(systemd-analyze security --offline=true --no-pager /lib/systemd/system/plenum-server.service 2>&1);
   echo "$out" | tail -n 3;
   level=$(echo "$out" | sed -n "s/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p");
   [ -n "$level" ] && awk -v l="$level" "BEGIN { exit !(l < 2.0) }"'

say "Server: the TLS certificate (self-made CA, as the guide makes it)"
check "server: CA and server certificate made with the guide's openssl commands" on "$srv" "
  sudo apt install -y openssl
  mkdir -p /root/pki && cd /root/pki && rm -f ca.* server.*
  openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj '/CN=Plenum rooms CA' \
    -keyout ca.key -out ca.crt
  openssl req -newkey rsa:3072 -nodes -subj '/CN=$server_name' \
    -keyout server.key -out server.csr
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
    -extfile <(printf 'subjectAltName=DNS:$server_name\nextendedKeyUsage=serverAuth\n') \
    -out server.crt"
check "server: the certificate verifies against the CA, for $server_name" on "$srv" \
  "cd /root/pki && openssl verify -CAfile ca.crt -verify_hostname $server_name server.crt"
check "server: certificate and key installed in /etc/plenum/tls (0644, 0600)" on "$srv" "
  cd /root/pki
  sudo install -d -m 0755 /etc/plenum/tls
  sudo install -m 0644 server.crt /etc/plenum/tls/server.crt
  sudo install -m 0600 server.key /etc/plenum/tls/server.key
  test \"\$(stat -c %a /etc/plenum/tls/server.key)\" = 600"
pin=$(on "$srv" 'cd /root/pki &&
  printf "sha256//%s\n" "$(openssl x509 -in server.crt -pubkey -noout |
    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"' 2>>"$log")
echo "pin: $pin" >>"$log"
check "server: the pin is sha256// and 44 characters of base64" \
  bash -c "[[ '$pin' =~ ^sha256//[A-Za-z0-9+/]{43}=$ ]]"

# start_server: what "systemctl start plenum-server" does, without systemd: the unit's
# ConditionPathExists=, StateDirectory= (0700, owned by plenum), LoadCredential= (a
# folder only the service user can read, as $CREDENTIALS_DIRECTORY), Environment= and
# EnvironmentFile=, UMask=, LimitNOFILE=, then the ExecStart= line as user plenum.
start_server () {
  # Gone first, so that the wait below never reads the last start's words.
  rm -f "$work/server.out"
  on_bg "$srv" '
    unit=/lib/systemd/system/plenum-server.service
    for c in $(sed -n "s/^ConditionPathExists=//p" $unit); do test -e "$c"; done
    state=/var/lib/$(sed -n "s/^StateDirectory=//p" $unit)
    install -d -o plenum -g plenum -m "$(sed -n "s/^StateDirectoryMode=//p" $unit)" "$state"
    creds=/run/credentials/plenum-server.service
    rm -rf "$creds"
    install -d -o plenum -g plenum -m 0500 "$creds"
    sed -n "s/^LoadCredential=//p" $unit | while IFS=: read -r id path; do
      install -o plenum -g plenum -m 0400 "$path" "$creds/$id"
    done
    eval "export $(sed -n "s/^Environment=//p" $unit)"
    set -a; . /etc/default/plenum-server; set +a
    exec_start=$(sed -n "s/^ExecStart=//p" $unit)
    echo "ExecStart: $exec_start" >&2
    umask "$(sed -n "s/^UMask=//p" $unit)"
    # systemd raises the hard limit too; a chroot can only go up to the host'"'"'s.
    nofile=$(sed -n "s/^LimitNOFILE=//p" $unit)
    ulimit -n "$nofile" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    exec setpriv --reuid=plenum --regid=plenum --clear-groups --no-new-privs \
      env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/ STATE_DIRECTORY="$state" \
        CREDENTIALS_DIRECTORY="$creds" PLENUM_SERVER_OPTIONS="$PLENUM_SERVER_OPTIONS" \
        sh -c "exec $exec_start"' >"$work/server.out" 2>&1 &
  server_pid=$!
  wait_for 60 grep -q 'listening on' "$work/server.out"
}

stop_server () {
  stop_pid "$server_pid"
  server_pid=
}

say "Server: start it as the unit would"
start_server
check "server: starts and says \"plenum-server: listening on https://0.0.0.0:$port\"" \
  grep -qx "plenum-server: listening on https://0.0.0.0:$port" "$work/server.out"
check "server: curl --cacert ca.crt https://$server_name:$port/api/v1/server answers" on "$srv" "
  apt-get install -y -q curl >/dev/null
  cd /root/pki
  curl -fsS --resolve $server_name:$port:127.0.0.1 --cacert ca.crt \
    https://$server_name:$port/api/v1/server >/tmp/answer
  cat /tmp/answer; grep -q '\"server_version\":\"$version\"' /tmp/answer"
check "server: curl --pinnedpubkey with the pin answers" on "$srv" "
  cd /root/pki
  curl -fsS --resolve $server_name:$port:127.0.0.1 --cacert ca.crt --pinnedpubkey '$pin' \
    https://$server_name:$port/api/v1/server >/dev/null"
check "server: curl with another pin is refused (exit 90)" on "$srv" "
  cd /root/pki
  other=sha256//\$(openssl pkey -in ca.key -pubout -outform der | openssl dgst -sha256 -binary | base64)
  status=0
  curl -fsS --resolve $server_name:$port:127.0.0.1 --cacert ca.crt --pinnedpubkey \"\$other\" \
    https://$server_name:$port/api/v1/server || status=\$?
  test \$status -eq 90"
check "server: curl without the CA is refused (exit 60)" on "$srv" "
  status=0
  curl -fsS --resolve $server_name:$port:127.0.0.1 https://$server_name:$port/api/v1/server ||
    status=\$?
  test \$status -eq 60"

say "Server: import the accounts, the body and the room (service stopped)"
# The guide's example file, with the rehearsal's PINs.
cat >"$srv/root/accounts.json" <<EOF_ACCOUNTS
{
  "accounts": [
    { "name": "$secretary", "display_name": "Lý Thị Hồng", "role": "secretary",
      "pin": "$secretary_pin" },
    { "name": "$member", "display_name": "Nguyễn Văn An", "role": "member",
      "pin": "$member_pin" }
  ],
  "bodies": [ { "name": "Ban Thường vụ Tỉnh ủy", "members": [ "$member" ] } ],
  "rooms": [ { "name": "$room", "bodies": [ "Ban Thường vụ Tỉnh ủy" ] } ]
}
EOF_ACCOUNTS
chmod 0600 "$srv/root/accounts.json"
stop_server
check "server: accounts imported as the guide says" on "$srv" '
  cd /root
  sudo install -m 0600 -o plenum -g plenum accounts.json /var/lib/plenum-server/accounts.json
  sudo -u plenum plenum-server --data-dir /var/lib/plenum-server \
    --import-accounts /var/lib/plenum-server/accounts.json | tee /tmp/import.out
  sudo rm /var/lib/plenum-server/accounts.json
  grep -q "imported 2 accounts and 1 bodies" /tmp/import.out'
check "server: the data folder is 0700 and owned by plenum" on "$srv" '
  test "$(stat -c "%a %U" /var/lib/plenum-server)" = "700 plenum"
  test -z "$(find /var/lib/plenum-server ! -user plenum)"'
start_server
check "server: starts again after the import" grep -q 'listening on https://' "$work/server.out"

# --- The terminal --------------------------------------------------------------------------

say "Terminal: install (docs/deploy.md, \"A terminal / Install\")"
mkdir -p "$term/root/debs"
cp "$deb_dir/plenum_${version}_amd64.deb" "$deb_dir/plenum-kiosk_${version}_all.deb" \
  "$deb_dir/plenum-common_${version}_all.deb" "$deb_dir/plenumctl_${version}_amd64.deb" \
  "$term/root/debs/"
# What the administrator brings from the office: the CA's certificate and the pin.
cp "$srv/root/pki/ca.crt" "$term/root/ca.crt"
check "terminal: apt install ./plenum ./plenum-kiosk ./plenum-common ./plenumctl" on "$term" "
  cd /root/debs
  sudo apt install -y ./plenum_${version}_amd64.deb ./plenum-kiosk_${version}_all.deb \
    ./plenum-common_${version}_all.deb ./plenumctl_${version}_amd64.deb"
check "terminal: cage, libpam-systemd (the kiosk's logind session) installed" on "$term" '
  dpkg-query -W -f="\${Status}\n" cage libpam-systemd | grep -c "install ok installed" |
    grep -qx 2'
check "terminal: user plenum-kiosk, no login, in video, render, input" on "$term" '
  getent passwd plenum-kiosk | grep -q ":/var/lib/plenum-kiosk:/usr/sbin/nologin$"
  for g in video render input; do id -nG plenum-kiosk | tr " " "\n" | grep -qx $g; done'
check "terminal: /var/lib/plenum-kiosk is 0700 and owned by plenum-kiosk" on "$term" '
  test "$(stat -c "%a %U %G" /var/lib/plenum-kiosk)" = "700 plenum-kiosk plenum-kiosk"'
check "terminal: plenum-kiosk.service enabled (graphical.target.wants, the default target)" \
  on "$term" 'test -L /etc/systemd/system/graphical.target.wants/plenum-kiosk.service
  test "$(systemctl get-default)" = graphical.target'
check "terminal: the kiosk unit verifies (systemd-analyze verify)" on "$term" '
  out=$(systemd-analyze verify /lib/systemd/system/plenum-kiosk.service 2>&1); echo "$out"
  test -z "$out"'
check "terminal: the client's helpers are where it looks for them" on "$term" '
  test -x /usr/libexec/plenum-render && test -x /usr/libexec/plenum-export'

say "Terminal: provisioning (docs/deploy.md, \"Provisioning: the terminal configuration\")"
check "terminal: /etc/hosts names the server (a room without DNS)" on "$term" "
  grep -q ' $server_name\$' /etc/hosts ||
    echo '127.0.0.1 $server_name' | sudo tee -a /etc/hosts
  getent hosts $server_name"
check "terminal: the CA certificate installed as /etc/plenum/ca.crt" on "$term" '
  cd /root
  sudo install -d -m 0755 /etc/plenum
  sudo install -m 0644 ca.crt /etc/plenum/ca.crt'
# shellcheck disable=SC1111 # plenumctl's message quotes the seat's name with “”.
check "terminal: plenumctl sign-in, terminal-config --enrol, sign-out (the guide's lines)" \
  on "$term" "
  cd /root
  export PLENUMCTL_SERVER=https://$server_name:$port PLENUMCTL_CA_FILE=/etc/plenum/ca.crt
  printf '%s\n' '$secretary_pin' | plenumctl sign-in $secretary
  printf '%s\n' '$admin_pin' | plenumctl terminal-config \
    --output terminal.conf --enrol '$room' --terminal-name '$seat' \
    --ca-file /etc/plenum/ca.crt --pinned-public-key '$pin' \
    --kiosk --admin-pin-stdin --idle-seconds 300 --language vi | tee /tmp/config.out
  sudo install -m 0640 -o root -g plenum-kiosk terminal.conf /etc/plenum/terminal.conf
  rm terminal.conf
  plenumctl sign-out
  grep -q 'wrote terminal.conf (terminal .* enrolled as “$seat” in $room)' /tmp/config.out
  sed 's/^credential=.*/credential=(hidden)/' /etc/plenum/terminal.conf"
check "terminal: no secretariat session left after sign-out" on "$term" '
  ! plenumctl --server https://'"$server_name:$port"' --ca-file /etc/plenum/ca.crt terminals'
# From here on the secretariat checks from its own machine (this chroot stands in).
check "secretariat: signs in again to watch the terminal" on "$term" "
  printf '%s\n' '$secretary_pin' | plenumctl --server https://$server_name:$port \
    --ca-file /etc/plenum/ca.crt sign-in $secretary"
check "terminal: terminal.conf has the keys the guide lists" on "$term" "
  f=/etc/plenum/terminal.conf
  test \"\$(stat -c '%a %U %G' \$f)\" = '640 root plenum-kiosk'
  grep -qx '\[terminal\]' \$f
  grep -qx 'server-url=https://$server_name:$port' \$f
  grep -q '^terminal-id=.' \$f && grep -q '^credential=.' \$f
  grep -qx 'terminal-name=$seat' \$f
  grep -qx 'ca-file=/etc/plenum/ca.crt' \$f
  grep -qx 'pinned-public-key=$pin' \$f
  grep -qx 'kiosk=true' \$f
  grep -q '^admin-pin-hash=\\\$y\\\$' \$f
  grep -qx 'idle-seconds=300' \$f && grep -qx 'language=vi' \$f
  ! grep -q '$admin_pin' \$f"
check "terminal: plenumctl terminals lists the seat, never contacted yet" on "$term" "
  plenumctl --server https://$server_name:$port --ca-file /etc/plenum/ca.crt terminals |
    tee /tmp/terminals.out
  grep -q '$room / $seat  last contact: never' /tmp/terminals.out"

# --- The kiosk ------------------------------------------------------------------------------

say "Terminal: the kiosk session, as plenum-kiosk.service starts it (nested in Xvfb)"
# Only for the rehearsal, after the package checks above: an X server to nest cage in,
# and the tools to look at it and to touch it.
check "terminal: Xvfb, xdotool, xwd and netpbm for the rehearsal" on "$term" \
  'apt-get install -y -q --no-install-recommends xvfb xauth xdotool x11-apps netpbm'
# 1024x768: the size of the window wlroots' x11 backend opens, so the screen is cage's.
on_bg "$term" "exec Xvfb $display -screen 0 1024x768x24 -nolisten tcp" >"$work/xvfb.out" 2>&1 &
xvfb_pid=$!
check "terminal: Xvfb $display is up" wait_for 30 test -S "$term/tmp/.X11-unix/X${display#:}"

# start_kiosk: what plenum-kiosk.service does, without systemd and logind: the unit's
# User= and Environment= lines, then what the login session adds (pam_systemd's
# XDG_RUNTIME_DIR, pam_env's /etc/default/locale), HOME from the user, then the
# ExecStart= line; cage draws into an X11 window on Xvfb instead of a DRM device
# (WLR_BACKENDS=x11, with the pixman renderer: Xvfb has no GPU).
start_kiosk () {
  rm -f "$work/kiosk.out"
  on_bg "$term" "
    unit=/lib/systemd/system/plenum-kiosk.service
    user=\$(sed -n 's/^User=//p' \$unit)
    uid=\$(id -u \$user)
    install -d -o \$user -g \$user -m 0700 /run/user/\$uid
    env=\$(sed -n 's/^Environment=//p' \$unit)
    locale=\$(grep -s '^[A-Z_]*=' /etc/default/locale | tr -d '\"' || true)
    exec_start=\$(sed -n 's/^ExecStart=//p' \$unit)
    echo \"ExecStart: \$exec_start\" >&2
    exec setpriv --reuid=\$user --regid=\$user --init-groups \
      env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=\$(getent passwd \$user | cut -d: -f6) \
        USER=\$user LOGNAME=\$user SHELL=/usr/sbin/nologin XDG_RUNTIME_DIR=/run/user/\$uid \
        XDG_SEAT=seat0 XDG_VTNR=1 \$env \$locale \
        WLR_BACKENDS=x11 WLR_RENDERER=pixman DISPLAY=$display \
        \$exec_start" >"$work/kiosk.out" 2>&1 &
  cage_pid=$!
}

# cage 0.1.4 aborts on SIGTERM here (an assertion in libwayland's wl_display_terminate):
# bash's note of it goes to the log, not to the summary.
stop_kiosk () {
  stop_pid "$cage_pid" 2>>"$log"
  cage_pid=
}

# shot NAME: the whole Xvfb screen as WORK/shots/NAME.png.
shot () {
  on "$term" "xwd -root -silent -display $display | xwdtopnm 2>/dev/null |
    pnmtopng >/tmp/shot.png" && cp "$term/tmp/shot.png" "$shots/$1.png"
}

# pixels R G B: how many pixels of the screen have this colour. The rehearsal tells the
# pages apart by their colours in Debian 12's Adwaita: the PIN pad's OK button
# (152,191,239) on the sign-in page, the red of an error line (192,28,40).
pixels () {
  on "$term" "xwd -root -silent -display $display | xwdtopnm 2>/dev/null | ppmhist -noheader |
    awk '\$1 == $1 && \$2 == $2 && \$3 == $3 { n += \$5 } END { print n + 0 }'"
}

sign_in_page_shown () {
  [ "$(pixels 152 191 239)" -gt 5000 ]
}

sign_in_page_gone () {
  ! sign_in_page_shown
}

error_line_shown () {
  [ "$(pixels 192 28 40)" -gt 300 ]
}

# terminal_contacted: the server has seen the terminal's credential (plenumctl terminals
# shows a last contact).
terminal_contacted () {
  on "$term" "plenumctl --server https://$server_name:$port --ca-file /etc/plenum/ca.crt \
    terminals | grep '$room / $seat' | grep -v 'last contact: never'"
}

# sign_in NAME PIN: the name typed into its field, the PIN on the on-screen PIN pad, then
# OK (the pad's keys where Debian 12's Adwaita puts them on a 1024x768 screen).
sign_in () {
  on "$term" "
    export DISPLAY=$display
    declare -A x=([1]=381 [2]=511 [3]=641 [4]=381 [5]=511 [6]=641 [7]=381 [8]=511 [9]=641 [0]=511)
    declare -A y=([1]=463 [2]=463 [3]=463 [4]=545 [5]=545 [6]=545 [7]=627 [8]=627 [9]=627 [0]=709)
    xdotool mousemove 511 250 click 1
    xdotool type --delay 50 '$1'
    pin=$2
    for ((i = 0; i < \${#pin}; i++)); do
      d=\${pin:i:1}
      xdotool mousemove \${x[\$d]} \${y[\$d]} click 1
    done
    xdotool mousemove 641 709 click 1"
}

start_kiosk
check "terminal: the kiosk shows the sign-in page (the PIN pad)" wait_for 90 sign_in_page_shown
check "terminal: the kiosk reached the server over TLS with the pinned key" \
  wait_for 60 terminal_contacted
check "terminal: cage and plenum --kiosk run" bash -c "kill -0 $cage_pid &&
  pgrep -u \$(chroot '$term' id -u plenum-kiosk) -x plenum"
shot kiosk-sign-in
check "terminal: screenshot of the sign-in page (shots/kiosk-sign-in.png)" \
  test -s "$shots/kiosk-sign-in.png"
sign_in "$member" "$member_pin"
check "terminal: $member signs in online with the on-screen PIN pad" \
  wait_for 60 grep -q 'Signed in online' "$work/kiosk.out"
check "terminal: the sign-in page is gone" wait_for 30 sign_in_page_gone
shot kiosk-signed-in

say "Terminal: a wrong pin in terminal.conf"
stop_kiosk
other_pin=$(on "$srv" 'printf "sha256//%s" "$(openssl pkey -in /root/pki/ca.key -pubout -outform der |
  openssl dgst -sha256 -binary | base64)"' 2>>"$log")
check "terminal: terminal.conf with the pin of another key (the CA's)" on "$term" "
  cp -p /etc/plenum/terminal.conf /root/terminal.conf.good
  sed -i 's|^pinned-public-key=.*|pinned-public-key=$other_pin|' /etc/plenum/terminal.conf
  grep -qx 'pinned-public-key=$other_pin' /etc/plenum/terminal.conf"
start_kiosk
check "terminal: the kiosk starts on the sign-in page" wait_for 90 sign_in_page_shown
sign_in "$member" "$member_pin"
# The refusal is written under the PIN pad: scroll the page down to it.
on "$term" "DISPLAY=$display xdotool mousemove 511 600 click 5 click 5 click 5"
check "terminal: the refusal is on screen (a red line under the PIN pad)" \
  wait_for 30 error_line_shown
shot kiosk-wrong-pin
check "terminal: nobody signed in (not even offline)" bash -c "! grep -q 'Signed in' '$work/kiosk.out'"
# The two pages side by side, at 60 %: docs/screenshots/kiosk-rehearsal.png.
cp "$shots/kiosk-sign-in.png" "$shots/kiosk-wrong-pin.png" "$term/tmp/"
check "terminal: shots/kiosk-rehearsal.png (sign-in page and refusal, under 300 KB)" on "$term" '
  cd /tmp
  pngtopnm kiosk-sign-in.png >a.ppm && pngtopnm kiosk-wrong-pin.png >b.ppm
  pnmcat -white -lr a.ppm <(ppmmake white 24 768) b.ppm | pnmscale 0.6 | pnmtopng -compression 9 \
    >kiosk-rehearsal.png
  test "$(stat -c %s kiosk-rehearsal.png)" -lt 307200' &&
  cp "$term/tmp/kiosk-rehearsal.png" "$shots/"
stop_kiosk
on "$term" 'cp -p /root/terminal.conf.good /etc/plenum/terminal.conf'
stop_pid "$xvfb_pid"
xvfb_pid=

# --- Backup and restore ---------------------------------------------------------------------

say "Server: backup and restore (docs/deploy.md, \"Backup and restore\")"
check "server: backup made while the server runs, as the guide says" on "$srv" '
  sudo install -d -m 0700 -o plenum -g plenum /var/backups/plenum
  sudo -u plenum plenum-server --data-dir /var/lib/plenum-server \
    --backup /var/backups/plenum/$(date +%F-%H%M) | tee /tmp/backup.out
  grep -q "^plenum-server: backed up /var/lib/plenum-server into" /tmp/backup.out'
check "server: the backup has its manifest" on "$srv" '
  grep -q "\"format\": *\"plenum-server-backup\"" /var/backups/plenum/*-*-*-*/manifest.json'
# The guide's nightly units, written as it shows them, checked, and the service's
# ExecStart= run as its user (the timer cannot fire in a chroot).
awk '
  /plenum-backup.service` \(in a/ { want = "service" }
  /^and `\/etc\/systemd\/system\/plenum-backup.timer`/ { want = "timer" }
  /^```ini$/ && want != "" { out = want; want = ""; next }
  /^```$/ { out = ""; next }
  out != "" { print > ("'"$work"'/plenum-backup." out) }' "$guide"
cp "$work/plenum-backup.service" "$work/plenum-backup.timer" "$srv/etc/systemd/system/" 2>>"$log"
check "server: the guide's plenum-backup.service and .timer verify" on "$srv" '
  out=$(systemd-analyze verify /etc/systemd/system/plenum-backup.service \
    /etc/systemd/system/plenum-backup.timer 2>&1); echo "$out"; test -z "$out"'
check "server: the nightly backup's ExecStart= works as user plenum" on "$srv" '
  unit=/etc/systemd/system/plenum-backup.service
  line=$(sed -n "s/^ExecStart=//p" $unit | sed "s/%%/%/g")
  eval "args=($line)"
  (umask 0077; setpriv --reuid=plenum --regid=plenum --clear-groups "${args[@]}")
  test -f /var/backups/plenum/$(date +%F)/manifest.json'

stop_server
check "server: restored as the guide says" on "$srv" '
  sudo mv /var/lib/plenum-server /var/lib/plenum-server.broken
  sudo install -d -o plenum -g plenum -m 0700 /var/lib/plenum-server
  sudo -u plenum plenum-server --data-dir /var/lib/plenum-server \
    --restore /var/backups/plenum/$(date +%F) | tee /tmp/restore.out
  grep -q "every one checked" /tmp/restore.out'
start_server
check "server: starts on the restored data" grep -q 'listening on https://' "$work/server.out"
check "server: the restored server knows the terminal and the secretariat's session" \
  on "$term" "plenumctl --server https://$server_name:$port --ca-file /etc/plenum/ca.crt \
    terminals | grep -q '$room / $seat'"
check "terminal: plenumctl sign-out (no secretariat session left on the terminal)" \
  on "$term" "plenumctl --server https://$server_name:$port --ca-file /etc/plenum/ca.crt sign-out"
stop_server

# --- Summary --------------------------------------------------------------------------------

cleanup
trap - EXIT
du -sh "$work" | sed 's/^/rehearsal: work folder size /'
echo "rehearsal: $passed checks passed, $failed failed"
[ "$failed" -eq 0 ]
