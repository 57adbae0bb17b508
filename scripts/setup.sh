#!/usr/bin/env bash
# Installs what coursebuild needs on a Debian 12 machine (as root) and creates .venv.
#   scripts/setup.sh          what building a course needs
#   scripts/setup.sh --test   and what the test suite needs (chromium, poppler, npm packages)
# It is safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

missing=()
have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need() { for pkg in "$@"; do have_deb "$pkg" || missing+=("$pkg"); done; }

python3 -c 'import ensurepip, venv' 2>/dev/null || need python3-venv
# graphviz: `dot` draws the scenario maps of the facilitator guide.
need fonts-noto-cjk fonts-noto-core libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig graphviz
if [ "$with_tests" = 1 ]; then
  need chromium poppler-utils
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "setup: run as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
# Reinstall only when the pins or the package description changed.
stamp=".venv/.coursebuild-installed"
pins="$(cat requirements/constraints.txt pyproject.toml | sha256sum | cut -c1-16)"
want="$pins-$with_tests"
have="$(cat "$stamp" 2>/dev/null || true)"
# An install with the test packages also serves a build.
if [ "$have" != "$want" ] && [ "$have" != "$pins-1" ]; then
  echo "setup: installing Python packages"
  extra=""
  [ "$with_tests" = 1 ] && extra="[test]"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c requirements/constraints.txt -e ".$extra"
  echo "$want" > "$stamp"
fi

if [ "$with_tests" = 1 ] && [ -f tests/js/package.json ]; then
  if [ ! -d tests/js/node_modules ] || [ tests/js/package-lock.json -nt tests/js/node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages for the tests"
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
