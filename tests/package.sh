#!/usr/bin/env bash
# The Debian package, built and installed on clean Debian 12 systems, as a
# sysadmin would. TAP output. Slow (the first run downloads a Debian root
# and the build dependencies, about 400 MB, and builds the package: 20-40
# minutes on two cores), so it runs only when asked:
#
#   WARTA_PACKAGE_TEST=1 meson test -C build-check --suite package
#
# and is skipped otherwise (scripts/check and CI skip it). It needs root
# (or password-less sudo), debootstrap, git and curl on the machine, and
# Debian's mirror ($WARTA_PACKAGE_MIRROR, default deb.debian.org).
#
#  1. A minimal Debian 12 root (debootstrap --variant=minbase), made once
#     and kept in $WARTA_PACKAGE_CACHE (default /var/tmp/warta-package-cache)
#     with the .deb files downloaded into it, so that later runs download
#     nothing new.
#  2. The build, in a copy of it: build-essential and the Build-Depends
#     alone (`apt-get build-dep`, no recommends), the checkout's files (those
#     git tracks, and new ones it does not ignore), and
#     `dpkg-buildpackage -b -us -uc` as an ordinary user, with the tests
#     debian/rules runs; then lintian on the .deb, .changes and .buildinfo:
#     no errors.
#  3. The installation, in another copy: `apt-get install ./warta_*.deb`;
#     the tools, man pages, units (not enabled) and the user warta in
#     place; the nightly unit's command, as written in the installed unit
#     with /etc/default/warta, indexes corpus/ as warta; warta-query, as
#     another user, answers as the tree's own build does on the same
#     corpus; warta-serve answers over HTTP.
#  4. Removing and purging the package keep the index (reinstalled, it
#     answers the same), and a purge after the index is gone leaves no
#     /var/lib/warta.
#
# The package's files land in $T/build, beside the build's log, kept when
# the test fails (WARTA_PACKAGE_KEEP=1 keeps them always).
#
# Environment (set by meson): WARTA_SRC, WARTA_INDEX, WARTA_QUERY.
set -u
if [ "${WARTA_PACKAGE_TEST:-}" != 1 ]; then
  echo "1..0 # SKIP slow: set WARTA_PACKAGE_TEST=1 to build and install the Debian package"
  exit 0
fi
. "$WARTA_SRC/tests/lib.sh"

SUDO=""
if [ "$(id -u)" != 0 ]; then
  sudo -n true 2> /dev/null || { echo "Bail out! needs root or password-less sudo (debootstrap, chroot)"; exit 1; }
  SUDO="sudo -n"
fi
for tool in debootstrap git curl; do
  command -v "$tool" > /dev/null || { echo "Bail out! needs $tool"; exit 1; }
done

MIRROR=${WARTA_PACKAGE_MIRROR:-http://deb.debian.org/debian}
CACHE=${WARTA_PACKAGE_CACHE:-/var/tmp/warta-package-cache}
VERSION=$(sed -n "s/^  version : '\([^']*\)',$/\1/p" "$WARTA_SRC/meson.build")
DEB=warta_${VERSION}_$(dpkg --print-architecture 2> /dev/null || echo amd64).deb
T=$(mktemp -d "${TMPDIR:-/var/tmp}/warta-package.XXXXXX")
mounted=() srv_pid=""
cleanup() {
  [ -z "$srv_pid" ] || $SUDO kill -TERM "$srv_pid" 2> /dev/null
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    $SUDO umount "${mounted[$i]}" 2> /dev/null || $SUDO umount -l "${mounted[$i]}"
  done
  # --one-file-system: never into a mount that outlived the umount above
  $SUDO rm -rf --one-file-system "$T/root-build" "$T/root-install"
  if [ "$failed" = 0 ] && [ -z "${WARTA_PACKAGE_KEEP:-}" ]; then
    rm -rf "$T"
  else
    echo "# kept: $T"
  fi
}
trap cleanup EXIT

# base: the clean root, made once (a half-made one is made again).
if [ ! -e "$CACHE/base/.complete" ]; then
  $SUDO rm -rf --one-file-system "$CACHE/base"
  mkdir -p "$CACHE"
  if ! $SUDO debootstrap --variant=minbase bookworm "$CACHE/base" "$MIRROR" > "$T/debootstrap.log" 2>&1; then
    echo "Bail out! debootstrap failed:"
    tail -n 20 "$T/debootstrap.log" | sed 's/^/# /'
    exit 1
  fi
  $SUDO touch "$CACHE/base/.complete"
fi
mkdir -p "$CACHE/archives/partial"

# new_root NAME: a copy of the base at $T/NAME with /proc, /dev and the
# shared download cache mounted (in $mounted, for cleanup: so not called in
# a subshell).
new_root() {
  local r=$T/$1
  $SUDO cp -a "$CACHE/base" "$r"
  $SUDO mount -t proc proc "$r/proc" && mounted+=("$r/proc")
  $SUDO mount --bind /dev "$r/dev" && mounted+=("$r/dev")
  $SUDO mount --bind "$CACHE/archives" "$r/var/cache/apt/archives" &&
    mounted+=("$r/var/cache/apt/archives")
}

# inside ROOT CMD...: CMD as root inside ROOT, with a clean environment.
inside() {
  local r=$1
  shift
  $SUDO chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive HOME=/root "$@"
}

# as_user ROOT USER CMD...: CMD as USER (and its groups) inside ROOT.
as_user() {
  local r=$1 user=$2
  shift 2
  inside "$r" setpriv --reuid="$user" --regid="$(inside "$r" id -g "$user")" --init-groups "$@"
}

# step NAME LOG CMD...: run CMD with its output in $T/LOG; one TAP line,
# and the log's end when it fails. Returns CMD's status.
step() {
  local name=$1 log=$T/$2 s
  shift 2
  "$@" > "$log" 2>&1
  s=$?
  ok "$name" "$s" 0
  [ "$s" = 0 ] || tail -n 30 "$log" | sed 's/^/#   /'
  return "$s"
}

apt_in() {
  local r=$1
  shift
  inside "$r" apt-get -q -y -o APT::Install-Recommends=false "$@"
}

# --- 2. the build ---------------------------------------------------------
B=$T/root-build
new_root root-build
$SUDO mkdir -p "$B/build/warta"
(cd "$WARTA_SRC" && git ls-files -z -co --exclude-standard |
  tar --null --ignore-failed-read -cf - -T - 2> /dev/null) | $SUDO tar -xf - -C "$B/build/warta"
inside "$B" useradd --create-home builder
inside "$B" chown -R builder: /build
# As the README says: apt-get build-dep brings build-essential too.
build_deps() { apt_in "$B" update && apt_in "$B" build-dep /build/warta; }
step "apt-get build-dep installs what the build needs" build-deps.log build_deps || exit 1
step "dpkg-buildpackage -b -us -uc builds the package, as a user" build.log \
  as_user "$B" builder sh -c 'cd /build/warta && HOME=/home/builder dpkg-buildpackage -b -us -uc' || exit 1
mkdir -p "$T/build"
cp "$B"/build/*.deb "$B"/build/*.changes "$B"/build/*.buildinfo "$T/build/"
cp "$T/build.log" "$T/build/"
ok "the package is named for the project's version" "$(cd "$T/build" && ls warta_*.deb)" "$DEB"
step "lintian is installed in the build root" lintian-install.log apt_in "$B" install lintian
as_user "$B" builder sh -c 'cd /build && lintian --fail-on error --display-info --pedantic *.changes' \
  > "$T/build/lintian.txt" 2>&1
ok "lintian finds no error in the .deb, .changes and .buildinfo" "$?" 0
sed 's/^/#   lintian: /' "$T/build/lintian.txt"

# --- 3. the installation ----------------------------------------------------
I=$T/root-install
new_root root-install
$SUDO cp "$T/build/$DEB" "$I/tmp/"
install_deb() { apt_in "$I" update && apt_in "$I" install "/tmp/$DEB"; }
step "apt-get install ./$DEB on a clean Debian 12" install.log install_deb || exit 1

ok "the three tools are in /usr/bin" "$(inside "$I" sh -c 'ls /usr/bin/warta-*')" \
  "$(printf '/usr/bin/warta-%s\n' index query serve)"
ok "their man pages are installed" "$(inside "$I" sh -c 'ls /usr/share/man/man1/warta-*')" \
  "$(printf '/usr/share/man/man1/warta-%s.1.gz\n' index query serve)"
ok "the tools run: warta-query --version" "$(inside "$I" warta-query --version | head -n 1 | grep -c "$VERSION")" 1
ok "the systemd units are installed" "$(inside "$I" sh -c 'ls /lib/systemd/system/warta-*')" \
  "$(printf '/lib/systemd/system/warta-%s\n' index.service index.timer serve.service)"
ok "no unit is enabled (they need /etc/default/warta first)" \
  "$(inside "$I" systemctl is-enabled warta-index.timer warta-index.service warta-serve.service | sort | uniq -c | xargs)" \
  "2 disabled 1 static"
ok "the user warta: home /var/lib/warta, no login shell" \
  "$(inside "$I" getent passwd warta | cut -d: -f6,7)" /var/lib/warta:/usr/sbin/nologin
ok "/var/lib/warta belongs to warta, readable by all" \
  "$(inside "$I" stat -c '%U %G %a' /var/lib/warta)" "warta warta 755"
ok "the units pass systemd-analyze verify" \
  "$(inside "$I" systemd-analyze verify --man=no /lib/systemd/system/warta-index.service \
    /lib/systemd/system/warta-serve.service 2>&1)" ""

# The nightly run as the unit runs it: README.Debian's step (the archive in
# /etc/default/warta), then the installed unit's ExecStart as user warta
# with the unit's umask and environment file.
$SUDO cp -r "$WARTA_SRC/corpus" "$I/srv/archive"
inside "$I" sed -i 's|^WARTA_ARCHIVE=.*|WARTA_ARCHIVE=/srv/archive|' /etc/default/warta
step "warta-index.service's command indexes corpus/ as warta" index.log \
  as_user "$I" warta sh -c 'set -a; . /etc/default/warta; umask 022
    eval "exec $(sed -n "s/^ExecStart=//p" /lib/systemd/system/warta-index.service)"'

# The tree's own build on the same corpus, at the same path below $T.
mkdir -p "$T/srv"
cp -r "$WARTA_SRC/corpus" "$T/srv/archive"
"$WARTA_INDEX" -q --db "$T/news.db" "$T/srv/archive" 2> "$T/tree-index.log"
queries=("Putin undangan" "kerja sama militer" "gempa -Ambon")
answers() { # ANSWERS QUERY-CMD...: each query's TSV, the paths from /srv
  local q
  for q in "${queries[@]}"; do
    "$@" $q --tsv | sed "s|$T/srv/|/srv/|"
    echo "exit $?"
  done
}
packaged=$(answers as_user "$I" nobody warta-query --db /var/lib/warta/news.db)
ok "warta-query, as another user, finds the article Putin undang Kim first" \
  "$(sed -n 's/^1\t[^\t]*\t\([^\t]*\).*/\1/p' <<< "$packaged" | head -n 1)" \
  /srv/archive/id/2023-09-13-putin-undang-kim.txt
ok "the packaged warta-query answers as the tree's build" \
  "$packaged" "$(answers "$WARTA_QUERY" --db "$T/news.db")"

# warta-serve from the package, as warta, on 127.0.0.1 and a free port (it
# prints its address); the host asks it. Started without a function or a
# subshell, so that $! is the server itself (chroot and setpriv exec it).
warta_gid=$(inside "$I" id -g warta)
$SUDO chroot "$I" setpriv --reuid=warta --regid="$warta_gid" --init-groups \
  warta-serve --db /var/lib/warta/news.db --listen 127.0.0.1:0 > "$T/serve.out" 2> "$T/serve.err" &
srv_pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(head -n 1 "$T/serve.out")
  [ -n "$url" ] || ! kill -0 "$srv_pid" 2> /dev/null && break
  sleep 0.1
done
ok "warta-serve starts" "${url:+up}" up
ok "warta-serve's API answers a search" \
  "$(curl -s -m 20 "${url%/}/api/search?q=Putin+undangan&n=1" | grep -o 'putin-undang-kim.txt' | head -n 1)" \
  putin-undang-kim.txt
$SUDO kill -TERM "$srv_pid" 2> /dev/null
wait "$srv_pid"
ok "warta-serve stops on SIGTERM with status 0" "$?" 0
srv_pid=""

# --- 4. removal and purge -----------------------------------------------------
index_files() { inside "$I" sh -c 'cd /var/lib/warta && find . -type f -exec md5sum {} + | sort'; }
before=$(index_files)
step "apt-get remove warta" remove.log apt_in "$I" remove warta
ok "removed: the tools are gone" "$(inside "$I" sh -c 'ls /usr/bin/warta-* 2> /dev/null')" ""
ok "removed: the index is untouched" "$(index_files)" "$before"
step "apt-get purge warta" purge.log apt_in "$I" purge warta
ok "purged: /etc/default/warta is gone" "$(inside "$I" sh -c 'ls /etc/default/warta 2> /dev/null')" ""
ok "purged: the index is untouched" "$(index_files)" "$before"
ok "purged: the user warta stays (files may still be its own)" \
  "$(inside "$I" getent passwd warta | cut -d: -f1)" warta
step "the package installs again over the kept index" reinstall.log \
  apt_in "$I" install "/tmp/$DEB"
ok "reinstalled: the kept index answers as before" \
  "$(answers as_user "$I" nobody warta-query --db /var/lib/warta/news.db)" "$packaged"
inside "$I" rm -rf /var/lib/warta/news.db
step "apt-get purge warta, the index deleted first" purge2.log apt_in "$I" purge warta
ok "purged with nothing in it: /var/lib/warta is gone" \
  "$(inside "$I" sh -c 'ls -d /var/lib/warta 2> /dev/null')" ""

done_testing
