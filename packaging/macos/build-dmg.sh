#!/usr/bin/env bash
# Builds Trader Login.app and a .dmg on macOS: PyInstaller bundle, codesign (hardened runtime, the
# entitlements beside this script), notarization (notarytool) and stapling, each step only when its
# credentials are given, and says which steps it skipped.
#
#     packaging/macos/build-dmg.sh                 # unsigned .app + .dmg (development, CI without secrets)
#     APPLE_DEVELOPER_ID="Developer ID Application: Example Ltd (ABCDE12345)" \
#     APPLE_TEAM_ID=ABCDE12345 APPLE_ID=me@example.com APPLE_APP_PASSWORD=xxxx-xxxx-xxxx-xxxx \
#         packaging/macos/build-dmg.sh             # signed, notarized, stapled
#
# Environment:
#   APPLE_DEVELOPER_ID     codesign identity ("Developer ID Application: NAME (TEAMID)") in the keychain;
#                          unset: nothing is signed (the .app gets PyInstaller's ad-hoc signature only)
#   APPLE_KEYCHAIN_PROFILE notarytool credentials stored with `xcrun notarytool store-credentials`, or
#   APPLE_ID + APPLE_TEAM_ID + APPLE_APP_PASSWORD (an app-specific password); neither: not notarized
#   TRADER_LOGIN_VERSION   version in Info.plist and the .dmg's name (default: pyproject.toml's)
#   PYTHON                 the interpreter with the project and PyInstaller installed (default .venv/bin/python)
#   PACKAGE_TREE           the unpacked wheel the spec freezes; unset: `make package-tree` builds it into
#                          build/package-tree (with the translations the build compiles)
#   SKIP_BUILD=1           reuse build/bundle/trader-login.app as it is
# Output: build/bundle/trader-login.app and build/installer/trader-login-VERSION-macos-ARCH.dmg
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DIST=build/bundle
APP="$DIST/trader-login.app"
OUT=build/installer
ENTITLEMENTS=packaging/macos/entitlements.plist
VERSION=${TRADER_LOGIN_VERSION:-$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')}
export TRADER_LOGIN_VERSION=$VERSION
DMG="$OUT/trader-login-$VERSION-macos-$(uname -m).dmg"

say() { printf 'build-dmg: %s\n' "$*"; }

if [[ "$(uname -s)" != Darwin ]]; then
    say "this script runs on macOS only (codesign, notarytool, stapler and hdiutil are Apple's tools)" >&2
    exit 1
fi

# 1. The .app (the spec adds a BUNDLE on macOS). PyInstaller signs ad hoc, or with APPLE_DEVELOPER_ID.
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    # What the spec freezes: the wheel's tree, built by the venv PYTHON belongs to.
    if [[ -z "${PACKAGE_TREE:-}" ]]; then
        make package-tree VENV="$(dirname "$(dirname "$PYTHON")")"
    fi
    export PACKAGE_TREE=${PACKAGE_TREE:-build/package-tree}
    "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" \
        --workpath build/pyinstaller packaging/trader-login.spec
fi
[[ -d "$APP" ]] || { say "no $APP: the build failed" >&2; exit 1; }

# 2. Code signing: every Mach-O inside first (deepest first), then the .app, hardened runtime throughout.
signed=0
if [[ -n "${APPLE_DEVELOPER_ID:-}" ]]; then
    say "signing with '$APPLE_DEVELOPER_ID' (hardened runtime, $ENTITLEMENTS)"
    sign() {
        codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
            --sign "$APPLE_DEVELOPER_ID" "$@"
    }
    # Mach-O files and .framework folders, deepest path first, so nested code is signed before what
    # contains it (paths in the bundle have no newlines; BSD and GNU tools alike).
    while IFS= read -r item; do
        if [[ -d "$item" ]] || file -b "$item" | grep -q 'Mach-O'; then
            sign "$item"
        fi
    done < <(find "$APP/Contents" \( -type f \( -perm -u+x -o -name '*.so' -o -name '*.dylib' \) \) \
        -o \( -type d -name '*.framework' \) | awk -F/ '{ print NF "\t" $0 }' | sort -rn | cut -f2-)
    sign "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
    signed=1
else
    say "APPLE_DEVELOPER_ID is not set: the .app is NOT signed for distribution (ad-hoc signature only;"
    say "Gatekeeper will refuse it on other Macs). Set it to sign; see packaging/README.md."
fi

# 3. The disk image: the .app and a link to /Applications, compressed (UDZO).
mkdir -p "$OUT"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$APP" "$stage/Trader Login.app"
ln -s /Applications "$stage/Applications"
rm -f "$DMG"
hdiutil create -volname "Trader Login $VERSION" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$DMG"
if [[ $signed == 1 ]]; then
    codesign --force --timestamp --sign "$APPLE_DEVELOPER_ID" "$DMG"
fi

# 4. Notarization and stapling (needs a signed .dmg and credentials).
notary=()
if [[ -n "${APPLE_KEYCHAIN_PROFILE:-}" ]]; then
    notary=(--keychain-profile "$APPLE_KEYCHAIN_PROFILE")
elif [[ -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
    notary=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
fi
if [[ $signed == 1 && ${#notary[@]} -gt 0 ]]; then
    say "submitting $DMG for notarization (waits for Apple's verdict)"
    xcrun notarytool submit "$DMG" "${notary[@]}" --wait --timeout 30m
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose "$DMG"
elif [[ $signed == 1 ]]; then
    say "no notarization credentials (APPLE_KEYCHAIN_PROFILE, or APPLE_ID + APPLE_TEAM_ID +"
    say "APPLE_APP_PASSWORD): signed but NOT notarized; Gatekeeper warns on first start."
else
    say "not signed, so not notarized."
fi
say "done: $DMG"
