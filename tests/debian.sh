#!/usr/bin/env bash
# The Debian packaging (debian/) against the tree, in a second, on every
# run: what would otherwise show only when the package is built and
# installed (tests/package.sh, slow, not in every run). TAP output.
#   - the package's version is the project's (meson.build), so that
#     dpkg-buildpackage names the package warta_VERSION_ARCH.deb;
#   - the packaged systemd units are docs/systemd's with the package's
#     paths and nothing else changed: the same command and options, the
#     same user and sandbox;
#   - what the units take from /etc/default/warta is set there;
#   - Build-Depends names the Debian package of every library meson.build
#     asks pkg-config for (when dpkg knows the installed ones).
#
# Environment (set by meson): WARTA_SRC.
set -u
. "$WARTA_SRC/tests/lib.sh"
D=$WARTA_SRC/debian

meson_version=$(sed -n "s/^  version : '\([^']*\)',$/\1/p" "$WARTA_SRC/meson.build")
deb_version=$(sed -n '1s/^warta (\([^)]*\)) .*/\1/p' "$D/changelog")
ok "debian/changelog's first entry is the project's version ($meson_version)" \
  "$deb_version" "${meson_version:-?}"

# directives UNIT: the unit's directives but those that name paths, which
# the package changes (ExecStart, Read*Paths, EnvironmentFile).
directives() {
  grep -v -e '^#' -e '^$' -e '^ExecStart=' -e '^Read[A-Za-z]*Paths=' \
    -e '^EnvironmentFile=' "$1"
}

# The package's paths: /usr/bin, and the index and the archive from
# /etc/default/warta rather than /srv.
packaged_exec() {
  sed -n 's/^ExecStart=//p' "$1" | sed -e 's|/usr/local/bin/|/usr/bin/|' \
    -e 's|--db /srv/warta/news.db|--db ${WARTA_DB}|' -e 's|/srv/archive$|$WARTA_ARCHIVE|'
}

for unit in warta-index.service warta-serve.service; do
  docs=$WARTA_SRC/docs/systemd/$unit pkg=$D/warta.$unit
  ok "debian's $unit keeps docs/systemd's directives" \
    "$(directives "$pkg")" "$(directives "$docs")"
  ok "debian's $unit runs docs/systemd's command with the package's paths" \
    "$(sed -n 's/^ExecStart=//p' "$pkg")" "$(packaged_exec "$docs")"
done

for unit in warta-index.service warta-serve.service; do
  ok "debian's $unit reads /etc/default/warta" \
    "$(sed -n 's/^EnvironmentFile=//p' "$D/warta.$unit")" /etc/default/warta
  for var in $(grep -o '\$[{]\?WARTA_[A-Z]*' "$D/warta.$unit" | tr -d '${' | sort -u); do
    ok "debian/warta.default sets $var, which $unit uses" \
      "$(grep -c "^$var=" "$D/warta.default")" 1
  done
done

# Build-Depends as a list of package names, without versions or profiles.
build_depends=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$D/control" |
  sed -e 's/^Build-Depends://' -e '/^[A-Z]/d' | tr ',' '\n' |
  sed -e 's/[<(].*//' -e 's/[[:space:]]//g' -e '/^$/d' | sort -u)
if command -v dpkg-query > /dev/null && command -v pkg-config > /dev/null; then
  for pc in $(cat "$WARTA_SRC"/meson.build "$WARTA_SRC"/*/meson.build |
    grep -o "dependency('[^']*'" | sed -e "s/^dependency('//" -e "s/'$//" |
    grep -v -e '^threads$' -e '^cmocka$' | sort -u); do
    file=$(pkg-config --variable=pcfiledir "$pc" 2> /dev/null)/$pc.pc
    owner=$(dpkg-query -S "$file" 2> /dev/null | sed 's/:.*//' | head -n 1)
    ok "Build-Depends names $pc's package (${owner:-none found})" \
      "$(grep -cx "${owner:-?}" <<< "$build_depends")" 1
  done
  # find_library: libstemmer has no .pc file (libm is the C library's).
  for lib in $(cat "$WARTA_SRC"/meson.build "$WARTA_SRC"/*/meson.build |
    grep -o "find_library('[^']*'" | sed -e "s/^find_library('//" -e "s/'$//" | grep -vx m); do
    owner=$(dpkg-query -S "$(realpath -s "$(${CC:-cc} -print-file-name="lib$lib.so")")" 2> /dev/null |
      sed 's/:.*//' | head -n 1)
    ok "Build-Depends names lib$lib's package (${owner:-none found})" \
      "$(grep -cx "${owner:-?}" <<< "$build_depends")" 1
  done
  owner=$(dpkg-query -S "$(pkg-config --variable=pcfiledir cmocka)/cmocka.pc" | sed 's/:.*//')
  ok "Build-Depends names cmocka's package for the tests" \
    "$(grep -c "^ *$owner <!nocheck>" "$D/control")" 1
else
  echo "# dpkg-query or pkg-config missing: Build-Depends not checked against meson.build"
fi

done_testing
