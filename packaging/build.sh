#!/usr/bin/env bash
# Build Caisse on Linux or macOS: PyInstaller onedir, checks, then the native package.
#
#   packaging/build.sh [--reuse-venv] [--no-package]
#
#   --reuse-venv   keep build/venv as it is (no pip install): for rebuilding offline
#   --no-package   stop after the checks (no tar.gz / AppImage / .dmg)
#
# Environment:
#   PYTHON                 the Python 3.11+ to build with (default: python3)
#   CAISSE_SIZE_LIMIT_MB   fail when the onedir folder (Linux) or Caisse.app (macOS) is larger
#   CAISSE_ARCHIVE_LIMIT_MB  Linux: fail when the tar.gz or the AppImage is larger
#   CAISSE_MEASURE_RUNS    self-test runs timed for the start-up figure (default 3, 0: none)
#   APPIMAGETOOL           path of appimagetool (Linux; default: looked up on PATH)
#   CODESIGN_IDENTITY      macOS: "Developer ID Application: ..." to sign with (else unsigned)
#   NOTARY_PROFILE         macOS: keychain profile of `xcrun notarytool store-credentials`
#
# Outputs: dist/caisse/ (the onedir), and per OS
#   Linux  dist/caisse-VERSION-linux-ARCH.tar.gz, dist/Caisse-VERSION-ARCH.AppImage
#   macOS  dist/Caisse.app, dist/Caisse-VERSION-macos-ARCH.dmg
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

REUSE_VENV=0
PACKAGE=1
for arg in "$@"; do
    case "$arg" in
        --reuse-venv) REUSE_VENV=1 ;;
        --no-package) PACKAGE=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

# PyInstaller: 6.10 is the oldest release this spec was written against; 7 may change the spec API.
PYINSTALLER_REQUIREMENT='pyinstaller>=6.10,<7'
# Size limits of the onedir (MiB): Linux measured at 122.3 (PySide6 6.12, Python 3.11);
# macOS and Windows not measured yet (see packaging/README.md).
case "$(uname -s)" in
    Linux) OS=linux; DEFAULT_LIMIT_MB=135 ;;
    Darwin) OS=macos; DEFAULT_LIMIT_MB=300 ;;
    *) echo "build.sh: Linux or macOS only; on Windows use packaging/build.ps1" >&2; exit 2 ;;
esac
SIZE_LIMIT_MB="${CAISSE_SIZE_LIMIT_MB:-$DEFAULT_LIMIT_MB}"
# Linux downloads (tar.gz, AppImage): the tar.gz measured 47.8 MiB.
ARCHIVE_LIMIT_MB="${CAISSE_ARCHIVE_LIMIT_MB:-55}"
ARCH="$(uname -m)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/build/venv"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
size_mb() { du -sk "$1" | awk '{printf "%.1f", $1 / 1024}'; }
check_size() {  # path, limit in MiB
    local size; size="$(size_mb "$1")"
    echo "$1: $size MiB (limit $2 MiB)"
    if awk -v s="$size" -v l="$2" 'BEGIN {exit !(s > l)}'; then
        fail "$1 is $size MiB, over the limit of $2 MiB: look at what was added (build/pyinstaller/caisse/xref-caisse.html) before raising the limit"
    fi
}

# --- 1. build environment ----------------------------------------------------------------------
step "Python and the build environment ($VENV)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || fail "$PYTHON is older than 3.11"
if [ "$REUSE_VENV" = 1 ] && [ -x "$VENV/bin/python" ]; then
    echo "reusing $VENV as it is"
else
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet "$ROOT" "$PYINSTALLER_REQUIREMENT"
fi
VERSION="$("$VENV/bin/python" -c 'import sys; sys.path.insert(0, "src"); import caisse; print(caisse.__version__)')"
echo "Caisse $VERSION, $("$VENV/bin/python" -m PyInstaller --version | sed 's/^/PyInstaller /')"

# --- 2. PyInstaller ----------------------------------------------------------------------------
step "PyInstaller (packaging/caisse.spec)"
rm -rf dist/caisse dist/Caisse.app build/pyinstaller
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/caisse.spec

if [ "$OS" = macos ]; then
    SHIPPED="dist/Caisse.app"
    EXE="$SHIPPED/Contents/MacOS/caisse"
else
    SHIPPED="dist/caisse"
    EXE="$SHIPPED/caisse"
fi
[ -x "$EXE" ] || fail "no executable at $EXE"

# --- 3. checks on the built program ---------------------------------------------------------------
step "Checks of the built program"
CHECK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/caisse-check.XXXXXX")"
trap 'rm -rf "$CHECK_DIR"' EXIT
export CAISSE_DATA_DIR="$CHECK_DIR"   # never the user's data folder
unset CAISSE_LANG CAISSE_PASSWORD
if [ "$OS" = linux ]; then
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
fi
with_timeout() {  # seconds, command...
    local seconds="$1"; shift
    if command -v timeout >/dev/null 2>&1; then timeout "$seconds" "$@"
    elif command -v gtimeout >/dev/null 2>&1; then gtimeout "$seconds" "$@"
    else "$@"; fi
}

printf -- '-- %s --version: ' "$EXE"
version_line="$(with_timeout 60 "$EXE" --version)" || fail "--version failed"
echo "$version_line"
[ "$version_line" = "caisse $VERSION" ] || fail "--version printed '$version_line', not 'caisse $VERSION'"

echo "-- bundle check (catalogues, icon, migrations, Babel fr_FR/en_GB, Qt's French, SVG)"
with_timeout 120 "$EXE" --bundle-check || fail "the bundle check failed: a file the program reads is missing or unusable"

echo "-- self-test on the demo database (built first), data in $CHECK_DIR"
with_timeout 900 "$EXE" --demo --self-test || fail "the self-test failed (exit $?)"
DEMO_DB="$CHECK_DIR/demo.db"
[ -s "$DEMO_DB" ] || fail "the self-test left no demo database at $DEMO_DB"

echo "-- verify and status on the demo database"
with_timeout 300 "$EXE" verify --db "$DEMO_DB" || fail "caisse verify failed on the demo database"
with_timeout 120 "$EXE" --lang fr status --db "$DEMO_DB" || fail "caisse status failed"

RUNS="${CAISSE_MEASURE_RUNS:-3}"
if [ "$RUNS" -gt 0 ]; then
    echo "-- start-up: $RUNS self-test runs on the existing demo database"
    times=()
    for _ in $(seq "$RUNS"); do
        start=$("$VENV/bin/python" -c 'import time; print(time.perf_counter_ns())')
        with_timeout 300 "$EXE" --demo --self-test >/dev/null 2>&1 || fail "a timed self-test failed"
        end=$("$VENV/bin/python" -c 'import time; print(time.perf_counter_ns())')
        times+=($(( (end - start) / 1000000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "self-test wall times (ms): ${times[*]}; median ${median} ms"
fi

# --- 4. size limit -----------------------------------------------------------------------------
step "Size"
check_size "$SHIPPED" "$SIZE_LIMIT_MB"

if [ "$PACKAGE" = 0 ]; then
    echo "build.sh: --no-package: stopping after the checks"
    exit 0
fi

# --- 5. native packages ------------------------------------------------------------------------
package_linux() {
    step "Linux: tar.gz"
    local tarball="dist/caisse-$VERSION-linux-$ARCH.tar.gz"
    tar -C dist -czf "$tarball" caisse
    check_size "$tarball" "$ARCHIVE_LIMIT_MB"

    step "Linux: AppImage"
    local tool="${APPIMAGETOOL:-$(command -v appimagetool || command -v appimagetool-"$ARCH".AppImage || true)}"
    if [ -z "$tool" ]; then
        echo "SKIPPED: appimagetool is not installed (it is not in Debian; get it from the AppImage"
        echo "project's releases and put it on PATH, or set APPIMAGETOOL). The tar.gz is built."
        return 0
    fi
    local appdir="build/Caisse.AppDir"
    rm -rf "$appdir"
    mkdir -p "$appdir/usr/lib" "$appdir/usr/share/applications" \
        "$appdir/usr/share/icons/hicolor/256x256/apps"
    cp -a dist/caisse "$appdir/usr/lib/caisse"
    install -m 755 packaging/linux/AppRun "$appdir/AppRun"
    install -m 644 packaging/linux/caisse.desktop "$appdir/caisse.desktop"
    install -m 644 packaging/linux/caisse.desktop "$appdir/usr/share/applications/caisse.desktop"
    install -m 644 packaging/icons/caisse.png "$appdir/caisse.png"
    install -m 644 packaging/icons/caisse.png "$appdir/usr/share/icons/hicolor/256x256/apps/caisse.png"
    ln -sf caisse.png "$appdir/.DirIcon"
    local image="dist/Caisse-$VERSION-$ARCH.AppImage"
    ARCH="$ARCH" "$tool" --no-appstream "$appdir" "$image"
    echo "-- AppImage self-test"
    with_timeout 300 "$image" --appimage-extract-and-run --demo --self-test \
        || fail "the AppImage's self-test failed"
    check_size "$image" "$ARCHIVE_LIMIT_MB"
}

package_macos() {
    step "macOS: signing"
    if [ -n "${CODESIGN_IDENTITY:-}" ]; then
        # PyInstaller signed every binary with the hardened runtime (caisse.spec); sign the
        # bundle as a whole and check it.
        codesign --force --timestamp --options runtime \
            --entitlements packaging/macos/entitlements.plist \
            --sign "$CODESIGN_IDENTITY" dist/Caisse.app
        codesign --verify --deep --strict --verbose=2 dist/Caisse.app
    else
        echo "SKIPPED: CODESIGN_IDENTITY is not set: Caisse.app keeps PyInstaller's ad-hoc"
        echo "signature; macOS will make users confirm opening it (right click > Open)."
    fi

    step "macOS: .dmg"
    local staging="build/dmg" dmg="dist/Caisse-$VERSION-macos-$ARCH.dmg"
    rm -rf "$staging" "$dmg"
    mkdir -p "$staging"
    cp -R dist/Caisse.app "$staging/"
    ln -s /Applications "$staging/Applications"
    hdiutil create -volname "Caisse $VERSION" -srcfolder "$staging" -ov -format UDZO "$dmg"
    echo "$dmg: $(size_mb "$dmg") MiB"

    step "macOS: notarisation"
    if [ -n "${CODESIGN_IDENTITY:-}" ] && [ -n "${NOTARY_PROFILE:-}" ]; then
        codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
        xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
        xcrun stapler staple "$dmg"
        spctl --assess --type open --context context:primary-signature --verbose "$dmg"
    else
        echo "SKIPPED: notarisation needs CODESIGN_IDENTITY and NOTARY_PROFILE (a profile saved"
        echo "with 'xcrun notarytool store-credentials'); the .dmg is not notarised."
    fi
}

if [ "$OS" = linux ]; then package_linux; else package_macos; fi

step "Done"
du -sh dist/*
