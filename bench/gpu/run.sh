#!/bin/sh
# The Pretext GPU benchmark, packed by `npm run bench -- gpu-pack`: WebGPU (Dawn) in Node, no browser, nothing to install.
#   ./run.sh [--smoke] [--seconds N] [--peak-gflops N] [--out DIR]     (results: DIR/gpu.json, DIR/gpu.md)
# Needs a Linux x86-64 machine with a Vulkan driver, glibc 2.28+ (node), libstdc++ of GCC 12+ (dawn.node wants
# GLIBCXX_3.4.30: Ubuntu 22.04 and later, Debian 12), and xz or python3 to unpack the runtime on the first run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

# $1.xz → $1, once. xz where it is installed, else Python's lzma module.
unpack() {
  [ -f "$1" ] && return 0
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1.xz" >"$1.part"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1.xz" "$1.part"
  else
    echo "run.sh: needs xz or python3 to unpack $1.xz" >&2
    exit 2
  fi
  chmod +x "$1.part"
  mv "$1.part" "$1"
}

unpack "$here/node_modules/webgpu/dist/linux-x64/dawn.node"
if [ -f "$here/node.xz" ]; then
  unpack "$here/node"
  node="$here/node"
elif command -v node >/dev/null 2>&1; then
  node=$(command -v node) # packed with --no-runtime: the machine's own Node (20 or later)
else
  echo "run.sh: this folder carries no Node runtime and the machine has none" >&2
  exit 2
fi

# Vulkan: the machine's loader when it has one, else the carried one; NVIDIA's ICD where containers mount the driver.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f "$nvidia_icd" ]; then
  export VK_DRIVER_FILES="$nvidia_icd"
fi

# results beside the bundle, unless --out says where
case " $* " in *" --out "*) exec "$node" "$here/bench.mjs" "$@" ;; esac
exec "$node" "$here/bench.mjs" --out "$here/results" "$@"
