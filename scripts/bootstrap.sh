# Shared by scripts/start and scripts/test (sourced, not run): brings a fresh clone to a
# runnable state and does nothing that is already done.
#
#   bootstrap            system packages, .venv, Python packages, translations, static files
#   bootstrap --browser  the same, plus Debian's Chromium for the browser tests
#
# Environment: PYTHON=/path/to/python3.12+ to choose the interpreter for a new .venv.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
MIN_PYTHON="3.12"

say() { printf '==> %s\n' "$*"; }
fail() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# --- Python -----------------------------------------------------------------------------------

python_ok() {
    # pyenv shims of versions not selected print "command not found": run it to be sure.
    "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1
}

find_python() {
    local candidate real pyenv_root
    if [ -n "${PYTHON:-}" ]; then
        python_ok "$PYTHON" || fail "PYTHON=$PYTHON is not a working Python >= $MIN_PYTHON."
        "$PYTHON" -c 'import sys; print(sys.executable)'
        return
    fi
    local candidates=()
    for candidate in python3.13 python3.12 python3.14 python3; do
        if command -v "$candidate" >/dev/null 2>&1; then
            candidates+=("$(command -v "$candidate")")
        fi
    done
    pyenv_root="${PYENV_ROOT:-}"
    if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then
        pyenv_root="$(pyenv root 2>/dev/null || true)"
    fi
    [ -z "$pyenv_root" ] && [ -d "$HOME/.pyenv" ] && pyenv_root="$HOME/.pyenv"
    if [ -n "$pyenv_root" ] && [ -d "$pyenv_root/versions" ]; then
        # Newest first: 3.13.0 before 3.12.1.
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(ls -d "$pyenv_root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV)
    fi
    for candidate in /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9]; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        if python_ok "$candidate"; then
            # The real interpreter, not a shim that depends on pyenv's current selection.
            real="$("$candidate" -c 'import sys; print(sys.executable)')"
            echo "$real"
            return
        fi
    done
    cat >&2 <<EOF

ERROR: no Python >= $MIN_PYTHON found (Django 6.1 needs it).
Looked for: \$PYTHON, python3.13/python3.12/python3 on PATH, pyenv's versions 3.12+
(${pyenv_root:+$pyenv_root/versions}${pyenv_root:-pyenv: not installed}), /usr/bin/python3.1x, /usr/local/bin/python3.1x.
Install one, for example:
    pyenv install 3.13          (with pyenv: https://github.com/pyenv/pyenv)
    apt-get install python3.13 python3.13-venv   (Debian 13 or newer)
or point to one you have:  PYTHON=/path/to/python3.13 $0
EOF
    exit 1
}

# --- System packages --------------------------------------------------------------------------

SYSTEM_PACKAGES=(gettext fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
BROWSER_PACKAGES=(chromium)

package_installed() {
    # `dpkg -s` succeeds for a half-installed package too: require "install ok installed".
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

ensure_system_packages() {
    local missing=() package
    for package in "$@"; do
        package_installed "$package" || missing+=("$package")
    done
    if [[ " $* " == *" chromium "* ]] && [ ! -x /usr/bin/chromium ] && [[ " ${missing[*]-} " != *" chromium "* ]]; then
        missing+=(chromium)  # registered but the binary is gone: reinstall
    fi
    [ "${#missing[@]}" -eq 0 ] && return
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        fail "missing system packages: ${missing[*]}. This script knows Debian's apt only: install the equivalents with your system's package manager."
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
            sudo=(sudo)
        else
            cat >&2 <<EOF

ERROR: missing system packages: ${missing[*]}
Install them as root, then run this again:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}
EOF
            exit 1
        fi
    fi
    say "Installing system packages: ${missing[*]}"
    # Another apt may hold the lock for a while: wait for it instead of failing.
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
    "${apt[@]}" update -qq >/dev/null
    if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null; then
        # A half-installed package (dpkg interrupted) blocks apt until it is configured.
        "${sudo[@]}" dpkg --configure -a >/dev/null 2>&1 || true
        "${apt[@]}" install -y --no-install-recommends "${missing[@]}" \
            || fail "apt-get could not install: ${missing[*]}"
    fi
}

# --- Virtualenv and Python packages -----------------------------------------------------------

requirements_hash() {
    # The locks (*.txt) and their sources (*.in): an edited source reinstalls too.
    (cd "$ROOT" && cat requirements*.txt requirements*.in) | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    if [ -e "$VENV" ] && ! python_ok "$VENV/bin/python"; then
        say "Recreating .venv (missing, broken or older than Python $MIN_PYTHON)"
        rm -rf "$VENV"
    fi
    if [ ! -e "$VENV" ]; then
        local python
        python="$(find_python)"
        say "Creating .venv with $python ($("$python" --version 2>&1))"
        "$python" -m venv "$VENV" || fail "could not create .venv with $python (on Debian: apt-get install python3-venv)."
    fi
    local stamp="$VENV/.requirements.sha256" wanted
    wanted="$(requirements_hash)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        say "Installing Python packages (requirements*.txt or requirements*.in changed since the last install)"
        # Hash-checking mode: every package, transitive ones included, must be the locked
        # version with one of its locked hashes (README.md, "Dependencies").
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
            -r "$ROOT/requirements-dev.txt"
        echo "$wanted" >"$stamp"
    fi
}

# --- Project files ----------------------------------------------------------------------------

prepare_project() {
    cd "$ROOT"
    # Translations (.mo files are not committed); up-to-date catalogues are skipped.
    local output
    if [ -n "$(find . -path ./.venv -prune -o -name '*.po' -print -quit)" ] \
        && ! output="$("$VENV/bin/python" manage.py compilemessages --ignore=.venv --ignore=staticfiles 2>&1)"; then
        printf '%s\n' "$output" >&2
        fail "compilemessages failed."
    fi
    if ! output="$("$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0 2>&1)"; then
        printf '%s\n' "$output" >&2
        fail "collectstatic failed."
    fi
}

bootstrap() {
    local packages=("${SYSTEM_PACKAGES[@]}")
    if [ "${1:-}" = "--browser" ]; then
        packages+=("${BROWSER_PACKAGES[@]}")
    fi
    ensure_system_packages "${packages[@]}"
    # scripts/start and scripts/test started together must not install into .venv at once.
    if command -v flock >/dev/null 2>&1; then
        local lock
        lock="${TMPDIR:-/tmp}/congress-bootstrap-$(printf '%s' "$ROOT" | sha256sum | cut -c1-16).lock"
        exec 9>"$lock"
        flock 9
    fi
    ensure_venv
    prepare_project
    if command -v flock >/dev/null 2>&1; then
        flock -u 9
        exec 9>&-
    fi
}
