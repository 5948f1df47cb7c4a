/**
 * axe-core on a page of either end-to-end host. Legacy mode: axe runs inside the page itself.
 * The default mode finishes its run in a new blank page (`context.newPage()` in
 * @axe-core/playwright's `analyze`), which Electron refuses ("Target.createTarget: Not
 * supported", dequelabs/axe-core-npm#1141) — the checks would fail in the real app, or be left
 * out of it. The app has no frames, so legacy mode checks exactly the same. Both hosts use it,
 * and a page opened during the run is an error, so the preview proves here what Electron needs.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** One violation, in the form the scenarios compare (empty list: none). */
export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/** Runs axe on `page` without opening another page; resolves with the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const opened: Page[] = [];
  const onPage = (other: Page): void => {
    opened.push(other);
  };
  page.context().on('page', onPage);
  try {
    const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
    if (opened.length > 0) {
      throw new Error(`axe opened ${opened.length} page(s), which Electron refuses`);
    }
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  } finally {
    page.context().off('page', onPage);
  }
}
