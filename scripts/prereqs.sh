# shellcheck shell=bash
# What building and testing rotaplan needs besides Rust, found and (as root) installed.
# Sourced by ./demo and ./test, so that the README's two commands work on a fresh Debian machine.
#
#   . scripts/prereqs.sh
#   rotaplan_prereqs build    # cmake, make, a C and C++ compiler, libclang (HiGHS is built from source)
#   rotaplan_prereqs test     # the same, plus coinor-cbc (one test re-solves an exported model with
#                             # it), chromium and fonts-noto-cjk (the publicity list's PDF is
#                             # printed and its pages counted) and the rustfmt and clippy components
#
# Run as root, it installs what is missing (apt-get update once, then apt-get install -y, without
# questions; missing Rust components with rustup). Otherwise it prints the one command to run and
# exits 2. Nothing is printed when everything is there.
#
# ROTAPLAN_ASSUME_MISSING="cmake libclang-dev" treats those as missing (names: the commands cargo,
# cmake, make, cc, c++, cbc and chromium, the packages libclang-dev and fonts-noto-cjk, the
# components rustfmt and clippy). It
# exists to test these scripts on a machine that has everything, and is not meant for other use.

# True when NAME is listed in ROTAPLAN_ASSUME_MISSING.
_rotaplan_assumed_missing() {
  case " ${ROTAPLAN_ASSUME_MISSING:-} " in
    *" $1 "*) return 0 ;;
    *) return 1 ;;
  esac
}

# True when the command NAME is on the PATH (and not assumed missing).
_rotaplan_have_command() {
  ! _rotaplan_assumed_missing "$1" && command -v "$1" >/dev/null 2>&1
}

# True when libclang, as bindgen loads it, is there. On Debian: the package libclang-dev (which
# also brings clang's own headers); `dpkg -s` alone is not enough, as it also succeeds for a
# package that was removed but left its configuration files behind. Elsewhere: a libclang
# shared library the dynamic loader knows, or LIBCLANG_PATH set by hand.
_rotaplan_have_libclang() {
  _rotaplan_assumed_missing libclang-dev && return 1
  [ -n "${LIBCLANG_PATH:-}" ] && return 0
  if command -v dpkg-query >/dev/null 2>&1; then
    [ "$(dpkg-query -W -f='${Status}' libclang-dev 2>/dev/null)" = "install ok installed" ]
  else
    ldconfig -p 2>/dev/null | grep 'libclang[-.0-9]*\.so' >/dev/null
  fi
}

# True when a CJK font (Noto CJK, as Debian's fonts-noto-cjk installs it) is there.
_rotaplan_have_cjk_fonts() {
  _rotaplan_assumed_missing fonts-noto-cjk && return 1
  if command -v dpkg >/dev/null 2>&1 && dpkg -s fonts-noto-cjk 2>/dev/null | grep -q '^Status: install ok installed'; then
    return 0
  fi
  command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'Noto.*CJK'
}

# Prints the Debian packages the build lacks, one per line.
_rotaplan_missing_packages() {
  local kind=$1
  _rotaplan_have_command cmake || echo cmake
  # cmake drives HiGHS's build with make.
  _rotaplan_have_command make || echo make
  # HiGHS is C++; the cc crate also calls cc. Debian's g++ brings gcc along.
  if ! _rotaplan_have_command c++ || ! _rotaplan_have_command cc; then
    echo g++
  fi
  # bindgen (in highs-sys) loads libclang itself. A fresh machine may have libclang-cpp only,
  # which bindgen cannot use.
  _rotaplan_have_libclang || echo libclang-dev
  if [ "$kind" = test ]; then
    _rotaplan_have_command cbc || echo coinor-cbc
    # the publicity list is printed to PDF by headless Chromium, with CJK fonts (tests/output)
    _rotaplan_have_command chromium || echo chromium
    _rotaplan_have_cjk_fonts || echo fonts-noto-cjk
  fi
}

# Prints the rustup components the tests lack, one per line (only when cargo is there).
_rotaplan_missing_components() {
  local kind=$1
  [ "$kind" = test ] || return 0
  _rotaplan_have_command cargo || return 0
  if _rotaplan_assumed_missing rustfmt || ! cargo fmt --version >/dev/null 2>&1; then
    echo rustfmt
  fi
  if _rotaplan_assumed_missing clippy || ! cargo clippy --version >/dev/null 2>&1; then
    echo clippy
  fi
}

# rotaplan_prereqs build|test: returns when everything is there (installing it first as root);
# otherwise prints what to run and exits 2.
rotaplan_prereqs() {
  local kind=${1:-build}
  local packages components root=no
  packages=$(_rotaplan_missing_packages "$kind" | tr '\n' ' ' | sed 's/ $//')
  components=$(_rotaplan_missing_components "$kind" | tr '\n' ' ' | sed 's/ $//')
  [ "$(id -u)" -eq 0 ] && root=yes

  if ! _rotaplan_have_command cargo; then
    echo "Rust is missing / 缺少 Rust: install it from https://rustup.rs (curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh), then run this again / 安装后重新运行" >&2
    [ -n "$packages" ] && echo "需要先安装 / first install: sudo apt-get install -y $packages" >&2
    exit 2
  fi

  if [ -n "$packages" ]; then
    if [ "$root" = yes ] && command -v apt-get >/dev/null 2>&1; then
      echo "正在安装 / installing: $packages" >&2
      export DEBIAN_FRONTEND=noninteractive
      # shellcheck disable=SC2086 # one word per package
      if ! { apt-get update -qq && apt-get install -y -qq $packages >/dev/null; }; then
        echo "安装失败 / could not install: apt-get install -y $packages" >&2
        exit 2
      fi
    elif command -v apt-get >/dev/null 2>&1; then
      echo "需要先安装 / first install: sudo apt-get install -y $packages" >&2
      exit 2
    else
      echo "需要先安装 / first install (Debian package names): $packages" >&2
      exit 2
    fi
  fi

  if [ -n "$components" ]; then
    if [ "$root" = yes ] && command -v rustup >/dev/null 2>&1; then
      echo "正在安装 / installing: rustup component add $components" >&2
      # shellcheck disable=SC2086 # one word per component
      rustup component add $components >&2 || exit 2
    else
      echo "需要先安装 / first install: rustup component add $components" >&2
      exit 2
    fi
  fi
}
