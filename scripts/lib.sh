# Shared by the scripts in this folder: paths, logging and the toolchain
# route for the browser bundle. Source it; do not run it.
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$ROOT/node_modules/.bin:$CARGO_BIN:$PATH"
TOOLCHAIN_ENV=$ROOT/target/toolchain.env
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages named, if any is missing.
apt_ensure() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get here: install them with your package manager"
  say "installing ${missing[*]} (Debian packages)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The version of a crate as locked in Cargo.lock.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Loads the wasm route chosen by scripts/setup (WASM_CARGO, WASM_RUSTC, WASM_ARGS...).
load_toolchain_env() {
  [ -f "$TOOLCHAIN_ENV" ] || die "run scripts/setup first (no $TOOLCHAIN_ENV)"
  # shellcheck disable=SC1090
  source "$TOOLCHAIN_ENV"
}
