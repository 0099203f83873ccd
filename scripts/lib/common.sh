# Shared by scripts/test and scripts/demo: install what is missing (Debian packages only), configure,
# build. Source it; it defines functions and sets ROOT.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${SALESYNC_BUILD_DIR:-$ROOT/build}
# ccache: rewrite paths under the checkout as relative ones, so a fresh clone (CI) reuses the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

# Everything the build, the tests and the demo need, by Debian package name.
SALESYNC_PACKAGES=(
  g++ cmake ninja-build pkg-config ccache git curl
  libcurl4-openssl-dev libboost-dev libssl-dev nlohmann-json3-dev
  libsqlitecpp-dev libsqlite3-dev libgtest-dev libgmock-dev libsystemd-dev libbenchmark-dev
  systemd
  libcsv-dev python3-aiosmtpd openssl
  # mapping/: time zones (GCC 12's <chrono> has none), phone numbers, Unicode case mapping; clang builds
  # the libFuzzer target (mapping/fuzz/).
  libhowardhinnant-date-dev libphonenumber-dev libicu-dev clang
  nodejs
  # tests/browser/: the headless browser that playwright-core drives (it never downloads one of its own).
  chromium
)
# npm: part of the nodejs package where nodejs comes from NodeSource, a package of its own in Debian.
command -v npm >/dev/null 2>&1 || SALESYNC_PACKAGES+=(npm)

log_step() { printf '\n==> %s\n' "$*"; }

ensure_packages() {
  local missing=()
  local p
  for p in "${SALESYNC_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  log_step "Installing missing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: these packages are missing and installing them needs root: ${missing[*]}" >&2
    echo "       run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}

configure_and_build() {
  local werror=OFF
  if [ "${CI:-}" = "true" ]; then werror=ON; fi
  log_step "Configuring (build dir: $BUILD_DIR, warnings as errors: $werror)"
  if [ "$BUILD_DIR" = "$ROOT/build" ]; then
    cmake --preset release -S "$ROOT" -DSALESYNC_WERROR=$werror >/dev/null
  else
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSALESYNC_WERROR=$werror >/dev/null
  fi
  log_step "Building"
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}
