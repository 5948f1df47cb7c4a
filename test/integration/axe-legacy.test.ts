/**
 * The end-to-end suite's axe check (test/helpers/axe.ts) in real Chromium: it finds what axe's
 * default mode finds, it opens no page, and it runs where a new page cannot be opened — as in
 * the Electron app, where Playwright's `context.newPage()` is refused. A page from
 * `browser.newPage()` stands in for that here: its context refuses more pages too.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
});
afterAll(() => browser?.close());

/** A page with one known violation: an image without a text alternative. */
async function pageWithViolation(ownContext = true): Promise<Page> {
  const page = ownContext ? await (await browser.newContext()).newPage() : await browser.newPage();
  await page.setContent(
    '<!doctype html><html lang="en"><title>t</title><main><h1>Hi</h1>' +
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>',
  );
  return page;
}

describe('axe on an app page', () => {
  it('finds the same violations as the default mode', async () => {
    const page = await pageWithViolation();
    const legacy = (await axeViolations(page)).map((v) => v.id);
    const standard = (await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id);
    expect(legacy).toContain('image-alt');
    expect(legacy).toEqual(standard);
    await page.context().close();
  });

  it('opens no other page, where the default mode opens one', async () => {
    const page = await pageWithViolation();
    const opened: Page[] = [];
    page.context().on('page', (other) => opened.push(other));
    await new AxeBuilder({ page }).analyze();
    const byDefault = opened.length;
    opened.length = 0;
    await axeViolations(page);
    expect(byDefault).toBeGreaterThan(0);
    expect(opened).toHaveLength(0);
    await page.context().close();
  });

  it('runs where no page can be opened, where the default mode fails', async () => {
    const page = await pageWithViolation(false);
    await expect(new AxeBuilder({ page }).analyze()).rejects.toThrow();
    expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
    await page.close();
  });
});
