#!/usr/bin/env bash
# Runs every scenario (or the ones named as arguments) one after the other and rewrites their fixtures under
# dsn-core/src/test/resources/fixtures/. Needs root, iproute2, nsd, postfix, swaks. See README.md.
set -uo pipefail
cd "$(dirname "$0")"
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  for d in */run.sh; do scenarios+=("$(dirname "$d")"); done
fi
failed=()
for s in "${scenarios[@]}"; do
  # Each scenario has its own namespace and instances; a hard time limit keeps a stuck one from blocking the rest.
  timeout -k 10 180 "./$s/run.sh" || failed+=("$s")
done
if [ ${#failed[@]} -gt 0 ]; then echo "genuine: FAILED: ${failed[*]}"; exit 1; fi
echo "genuine: all ${#scenarios[@]} scenarios captured"
