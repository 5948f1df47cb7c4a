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
step "end-to-end tests (browser preview, and the Electron app where its runtime exists)"
# Each run keeps what the app wrote and printed under test-results/e2e-runs/ for the leak scan;
# Playwright's own output goes elsewhere because it empties its output folder when it starts.
rm -rf test-results/e2e-runs && mkdir -p test-results
scripts/with-keyring.sh npx playwright test --output test-results/playwright 2>&1 |
  tee test-results/e2e-report.txt
step "leak scan (everything the end-to-end run wrote or printed, every bridge frame)"
node scripts/leak-scan.ts
