#!/usr/bin/env bash
# Fetches real Django 4.2, 5.2 and 6.1 (Debian's python3-django, with matching asgiref and sqlparse) into
# .cache/django/<series>/ for the differential tests, and prints where each is and which Python runs it.
#
# Why Debian packages: pip and PyPI are not reachable here, while Debian's archive serves every supported
# series (trixie 4.2, sid 5.2, experimental 6.1). The machine's own apt sources are left as they are: a
# private sources list and private state folders are passed with -o. Idempotent: an extracted series that
# imports with the expected version is kept as it is.
#
# Each series also gets a virtual environment (.cache/django/<series>/venv, no pip, no system packages) whose
# site-packages holds a .pth line naming the extracted folder: its interpreter then has that Django on
# sys.path even under `python -I`, which is how django-mtv asks an interpreter for its sys.path, and the
# system-wide Django 3.2 of Debian's python3 is not visible at all.
#
# Output (stdout), one line per series, for .ci/run and the tests (test/oracle/harness.ts reads it):
# "<series> <venv python> <extracted site-packages>". Exits non-zero with a clear message when a series cannot be
# fetched, or when no Python >= 3.12 exists for Django 6 (never skips silently).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD/.cache/django"
apt_dir="$root/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$root/debs"
printf 'deb http://deb.debian.org/debian trixie main\ndeb http://deb.debian.org/debian sid main\ndeb http://deb.debian.org/debian experimental main\n' >"$apt_dir/sources.list"
APTOPT=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)

# The series, the Debian suite that serves it, and the asgiref that Django series needs.
series_list=(4.2 5.2 6.1)
declare -A suite=([4.2]=trixie [5.2]=sid [6.1]=experimental)
declare -A asgiref_suite=([4.2]=trixie [5.2]=sid [6.1]=sid)

# A Python for each series: Django 4.2 and 5.2 run on Debian's 3.11 (isolated with -I so the system-wide
# Django 3.2 is not imported instead), Django 6.x needs Python >= 3.12.
find_python312() {
  local candidate
  for candidate in /root/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9] $(command -v python3.13 python3.12 2>/dev/null || true); do
    [ -x "$candidate" ] || continue
    if "$candidate" -I -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

python_for() {
  case "$1" in
    6.*) find_python312 ;;
    *) echo /usr/bin/python3 ;;
  esac
}

# Does the extracted series import with the right version? (-I ignores PYTHONPATH, so pass it via sys.path.)
works() {
  local py="$1" dir="$2" want="$3"
  "$py" -I -c "import sys; sys.path.insert(0, '$dir'); import django, asgiref, sqlparse; sys.exit(0 if '%d.%d' % django.VERSION[:2] == '$want' else 1)" 2>/dev/null
}

# Does the virtual environment's interpreter alone (no PYTHONPATH, -I) import that series?
venv_ok() {
  [ -x "$1/bin/python3" ] && "$1/bin/python3" -I -c "import sys, django; sys.exit(0 if '%d.%d' % django.VERSION[:2] == '$2' else 1)" 2>/dev/null
}

updated=0
apt_update() {
  if [ "$updated" = 0 ]; then
    apt-get "${APTOPT[@]}" update -qq >&2
    updated=1
  fi
}

# The newest version of a package in one suite (apt-cache madison: "pkg | version | archive suite/main ...").
version_in() {
  apt-cache "${APTOPT[@]}" madison "$1" | awk -F'|' -v s="$2" '$3 ~ "debian " s "/" || $3 ~ "/" s "/" {gsub(/ /, "", $2); print $2; exit}'
}

fetch_into() {
  local pkg="$1" version="$2" dest="$3"
  local deb
  deb=$(ls "$root/debs/${pkg}_${version//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then
    (cd "$root/debs" && apt-get "${APTOPT[@]}" download -qq "$pkg=$version" >&2)
    deb=$(ls "$root/debs/${pkg}_${version//:/%3a}_"*.deb | head -1)
  fi
  dpkg -x "$deb" "$dest"
}

status=0
for series in "${series_list[@]}"; do
  py=$(python_for "$series") || {
    echo "django-versions: no Python >= 3.12 found (looked in /root/.pyenv/versions/3.12+, /usr/bin/python3.12+, /usr/local/bin, PATH); Django $series needs one" >&2
    status=1
    continue
  }
  dir="$root/$series"
  site="$dir/usr/lib/python3/dist-packages"
  if ! works "$py" "$site" "$series"; then
    apt_update
    rm -rf "$dir"
    mkdir -p "$dir"
    dj=$(version_in python3-django "${suite[$series]}")
    as=$(version_in python3-asgiref "${asgiref_suite[$series]}")
    sq=$(version_in python3-sqlparse "${suite[$series]}")
    [ -n "$sq" ] || sq=$(version_in python3-sqlparse sid)
    case "$dj" in
      "$series".* | *:"$series".*) ;;
      *) echo "django-versions: Debian's ${suite[$series]} serves python3-django '${dj:-nothing}', not $series.x" >&2; status=1; continue ;;
    esac
    fetch_into python3-django "$dj" "$dir"
    fetch_into python3-asgiref "$as" "$dir"
    fetch_into python3-sqlparse "$sq" "$dir"
    if ! works "$py" "$site" "$series"; then
      echo "django-versions: Django $series extracted to $site does not import with $py" >&2
      status=1
      continue
    fi
  fi
  venv="$dir/venv"
  if ! venv_ok "$venv" "$series"; then
    rm -rf "$venv"
    "$py" -m venv --without-pip "$venv" >&2
    pth_dir=$("$venv/bin/python3" -I -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$site" >"$pth_dir/django-series.pth"
  fi
  if ! venv_ok "$venv" "$series"; then
    echo "django-versions: the virtual environment $venv does not import Django $series" >&2
    status=1
    continue
  fi
  echo "$series $venv/bin/python3 $site"
done
exit $status
