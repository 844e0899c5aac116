#!/usr/bin/env bash
# Prints Mpcium's HD derivation vectors (see main.go). Needs Go and a fystack/mpcium checkout or mirror:
#   MPCIUM_SRC=/path/to/mpcium ./run.sh > ../../mpcium-core/src/test/resources/vectors/hd/mpcium-ckd.tsv
# or MPCIUM_GIT_DIR=/path/to/mpcium.git (a bare clone). pkg/ckdutil is copied into ./ckdutil for the
# build and removed afterwards; it is Mpcium's code and is not kept in this repository.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p ckdutil
trap 'rm -rf ckdutil' EXIT
if [[ -n "${MPCIUM_SRC:-}" ]]; then
  cp "$MPCIUM_SRC/pkg/ckdutil/child_derivation.go" ckdutil/
  echo "# fystack/mpcium source: $MPCIUM_SRC"
else
  git --git-dir="${MPCIUM_GIT_DIR:?set MPCIUM_SRC or MPCIUM_GIT_DIR}" show HEAD:pkg/ckdutil/child_derivation.go > ckdutil/child_derivation.go
  echo "# fystack/mpcium commit: $(git --git-dir="$MPCIUM_GIT_DIR" rev-parse HEAD)"
fi
GOFLAGS=-mod=mod go run .
