#!/usr/bin/env bash
# Install the Debian packages Rung needs when they are missing:
#   chromium   - the browser the end-to-end tests drive (never a downloaded browser)
#   postgresql - the real database server the tests start on a private port
#   gettext    - Django's makemessages/compilemessages for translations
#   pango      - text layout for PDF reports (WeasyPrint)
# Usage: scripts/system-deps.sh [demo|test]   (demo needs none of them)
set -euo pipefail
mode=${1:-test}
[ "$mode" = demo ] && exit 0

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${need[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
