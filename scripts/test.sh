#!/usr/bin/env bash
# `npm test`: every layer, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "typecheck"
npm run --silent typecheck
step "lint"
npm run --silent lint
step "build"
npm run --silent build
step "security gates (Electronegativity, process boundaries)"
npx vitest run --project security
step "unit and component tests"
npx vitest run --project unit --project component
step "integration tests (emulator, real Secret Service, Chromium)"
scripts/with-keyring.sh npx vitest run --project integration
step "end-to-end tests (browser preview + emulator in Chromium)"
scripts/with-keyring.sh npx playwright test
