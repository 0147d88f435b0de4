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

# Runs a command as the postgres system user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# Makes sure a PostgreSQL server runs on loopback (installing it from
# Debian if missing) with a role for the tests, and prints a base URL:
# postgres://atlas_test:atlas_test@127.0.0.1:PORT/postgres.
pg_ensure() {
  apt_ensure postgresql
  local cluster version name port
  cluster=$(pg_lsclusters --no-header | head -1)
  [ -n "$cluster" ] || die "PostgreSQL is installed but has no cluster: run pg_createcluster"
  version=$(awk '{print $1}' <<<"$cluster"); name=$(awk '{print $2}' <<<"$cluster"); port=$(awk '{print $3}' <<<"$cluster")
  if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n' | grep -q online; then
    say "starting PostgreSQL $version/$name"
    pg_ctlcluster "$version" "$name" start >&2
  fi
  as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'atlas_test'" | grep -q 1 ||
    as_postgres psql -p "$port" -qc "CREATE ROLE atlas_test LOGIN CREATEDB PASSWORD 'atlas_test'" >&2
  echo "postgres://atlas_test:atlas_test@127.0.0.1:$port/postgres"
}

# Drops the databases earlier test runs made (atlas_t_*), so every run
# starts from nothing. As the postgres superuser: WITH (FORCE) may have to
# stop an autovacuum worker, which the test role may not. Best effort: a
# database that cannot be dropped now is dropped by the next run.
pg_drop_test_databases() {
  local base=$1 port db
  port=${base##*:}; port=${port%%/*}
  for db in $(as_postgres psql -p "$port" -qtAc "SELECT datname FROM pg_database WHERE datname LIKE 'atlas\_t\_%'"); do
    as_postgres psql -p "$port" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      say "could not drop test database $db now; the next run will"
  done
}
