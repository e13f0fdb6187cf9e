# Sourced by scripts/run and scripts/test: make (or reuse) the project's virtual environment
# and install the project into it when pyproject.toml (or the extras asked for) changed.
#
# A virtual environment, because Debian's and Ubuntu's own Python refuses `pip install`
# outside one (PEP 668, "externally-managed-environment"). PYTHON picks the interpreter that
# makes it (default python3); VENV its folder (default .venv at the repository's root).
#
# Usage: . scripts/venv.sh; ensure_venv "test,export,docs"   (then $VENV/bin/... exists)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-$root/.venv}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

make_venv() {
  if "$PYTHON" -m venv "$VENV" >/dev/null 2>"$VENV.err"; then
    rm -f "$VENV.err"
    return 0
  fi
  # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a separate package.
  if ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
    version="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    echo "scripts: '$PYTHON -m venv' needs Debian's python$version-venv (ensurepip);" \
      "installing it with apt-get" >&2
    rm -rf "$VENV" "$VENV.err"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$version-venv" >&2
    "$PYTHON" -m venv "$VENV"
    return 0
  fi
  cat "$VENV.err" >&2
  rm -f "$VENV.err"
  echo "scripts: cannot make the virtual environment $VENV with $PYTHON" >&2
  return 1
}

ensure_venv() {
  local extras="${1:-}" spec="." stamp wanted
  [ -n "$extras" ] && spec=".[$extras]"
  # A folder left half-made (no working python) is made again.
  if ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
    rm -rf "$VENV"
    make_venv
  fi
  # Reinstall when pyproject.toml changed or extras are asked for that were not installed.
  stamp="$VENV/.negotiation-timeline-installed"
  sum="$(cksum <"$root/pyproject.toml")"
  wanted="$sum $extras"
  if [ -f "$stamp" ] && { grep -qxF -- "$wanted" "$stamp" ||
    { [ -z "$extras" ] && grep -qF -- "$sum " "$stamp"; }; }; then
    return 0
  fi
  echo "scripts: installing $spec into $VENV" >&2
  (cd "$root" && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -e "$spec" >&2)
  # Keep the other sets installed for this pyproject.toml: `run` (no extras) after `test`
  # (every extra) installs nothing again.
  { grep -F -- "$sum " "$stamp" 2>/dev/null || true; echo "$wanted"; } >"$stamp.new"
  mv "$stamp.new" "$stamp"
}
