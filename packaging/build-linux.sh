#!/usr/bin/env bash
# Builds the one-folder bundle on Linux and smoke-tests it: build/bundle/trader-login/trader-login
# --self-test, offscreen, with its data in a temporary directory. Exits non-zero if either fails.
#
#     packaging/build-linux.sh              # from anywhere; uses the checkout's .venv
#
# PyInstaller freezes the package as it installs: the wheel unpacked (the spec explains why). Environment:
# VENV (default .venv, created by `make bootstrap`), PACKAGE_TREE (that unpacked wheel; unset: `make
# package-tree` builds it into build/package-tree, with the translations the build compiles),
# PYINSTALLER_VERSION (the pin, default below; installed into the venv when missing), SKIP_SELF_TEST=1 to
# build only, ARCHIVE=1 to also pack build/bundle/trader-login-linux-x86_64.tar.gz.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=${VENV:-.venv}
BIN="$ROOT/$VENV/bin"
PYINSTALLER_VERSION=${PYINSTALLER_VERSION:-6.22.3}
DIST=build/bundle
WORK=build/pyinstaller
APP="$DIST/trader-login/trader-login"
start=$(date +%s)

if [[ "$(uname -s)" != Linux ]]; then
    echo "build-linux.sh: this builds the Linux bundle; see packaging/README.md for Windows and macOS" >&2
    exit 1
fi
if [[ ! -x "$BIN/python" ]]; then
    echo "build-linux.sh: no virtual environment at $VENV; run 'make bootstrap' first" >&2
    exit 1
fi

# What the spec freezes: the wheel's tree (`make bundle` passes the one it has just built).
if [[ -z "${PACKAGE_TREE:-}" ]]; then
    make --no-print-directory package-tree VENV="$VENV"
fi
export PACKAGE_TREE=${PACKAGE_TREE:-build/package-tree}

if ! "$BIN/python" -c 'import PyInstaller' 2>/dev/null; then
    echo "build-linux.sh: installing pyinstaller==$PYINSTALLER_VERSION into $VENV"
    "$BIN/python" -m pip install --quiet --disable-pip-version-check "pyinstaller==$PYINSTALLER_VERSION"
fi

# The X11 platform plugin's own libraries (libxcb-icccm, -keysyms, -image, ...; not libxcb itself) go into
# the bundle, which PyInstaller does only for those it finds on this machine: a bundle built without them
# would start only where the desktop happens to have them. Missing ones are installed here (Debian/Ubuntu,
# as root: each libfoo.so.N is Debian's package libfooN, or libfoo-N after a digit), or named.
QT_DIR=$("$BIN/python" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))')
mapfile -t xcb_missing < <(ldd "$QT_DIR/plugins/platforms/libqxcb.so" "$QT_DIR/lib/libQt6XcbQpa.so.6" 2>/dev/null |
    awk '/=> not found/ {print $1}' | sort -u)
if ((${#xcb_missing[@]})); then
    packages=()
    for lib in "${xcb_missing[@]}"; do
        name=${lib%%.so.*} version=${lib##*.so.}
        if [[ "$name" =~ [0-9]$ ]]; then packages+=("$name-$version"); else packages+=("$name$version"); fi
    done
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "build-linux.sh: installing ${packages[*]} (libraries of Qt's X11 plugin, bundled with it)"
        mkdir -p build
        install=(apt-get install -y -qq --no-install-recommends "${packages[@]}")
        if ! DEBIAN_FRONTEND=noninteractive "${install[@]}" >build/apt-xcb.log 2>&1; then
            apt-get update -qq >/dev/null 2>&1 || true
            DEBIAN_FRONTEND=noninteractive "${install[@]}" >build/apt-xcb.log 2>&1 || {
                cat build/apt-xcb.log >&2
                exit 1
            }
        fi
    else
        echo "build-linux.sh: ${xcb_missing[*]} not on this machine: the bundle will need them on the" \
            "trader's (Debian/Ubuntu: apt install ${packages[*]}; as root this script installs and bundles them)" >&2
    fi
fi

"$BIN/pyinstaller" --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" \
    packaging/trader-login.spec
built=$(date +%s)
echo "bundle: $DIST/trader-login ($(du -sh "$DIST/trader-login" | cut -f1), built in $((built - start)) s)"

# Every Qt library or plugin in the bundle must find the libraries it links against in the bundle or on
# the system: a library the spec dropped but something still needs would only fail when first used.
missing=$(find "$DIST/trader-login" -name '*.so*' -type f -print0 |
    xargs -0 -r env LD_LIBRARY_PATH="$ROOT/$DIST/trader-login/_internal" ldd 2>/dev/null |
    grep 'libQt6.* => not found' | sort -u || true)
if [[ -n "$missing" ]]; then
    echo "build-linux.sh: Qt libraries missing from the bundle:" >&2
    echo "$missing" >&2
    exit 1
fi

if [[ "${ARCHIVE:-0}" == 1 ]]; then
    tar -C "$DIST" -czf "$DIST/trader-login-linux-$(uname -m).tar.gz" trader-login
    echo "archive: $DIST/trader-login-linux-$(uname -m).tar.gz"
fi

if [[ "${SKIP_SELF_TEST:-0}" == 1 ]]; then
    exit 0
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# A clean environment for the bundle: no venv on PATH, nothing of the checkout on PYTHONPATH, its own data
# and XDG directories (so the trader's keychain file and settings are left alone).
status=0
env -u PYTHONPATH -u VIRTUAL_ENV QT_QPA_PLATFORM=offscreen TRADER_LOGIN_DATA_DIR="$data/data" \
    XDG_CONFIG_HOME="$data/config" XDG_DATA_HOME="$data/share" XDG_CACHE_HOME="$data/cache" \
    XDG_STATE_HOME="$data/state" HOME="$data/home" \
    "$APP" --self-test || status=$?
echo "self-test of the bundle: exit $status (total $(($(date +%s) - start)) s)"
exit "$status"
