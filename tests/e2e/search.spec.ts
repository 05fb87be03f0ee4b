import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, screens, seedFiles, test } from './support/casefile';
import { createCase } from './support/slice';
import { selectInReader } from './support/reader';

/** Source ids by seed prefix ("000" … "004"), read from the sources list the way a researcher sees it. */
async function seedIds(page: Page): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const prefix of ['000', '001', '002', '003']) {
    const id = await page.getByTestId('source-row').filter({ hasText: prefix }).first().getAttribute('data-source-id');
    if (!id) throw new Error(`no source row for ${prefix}`);
    ids[prefix] = id;
  }
  return ids;
}

/** Waits for the results of exactly this query (the total line only shows once its answer is in). */
async function searchFor(page: Page, query: string): Promise<void> {
  const input = page.getByTestId('search-input');
  await input.fill(query);
  await expect(page.getByTestId('search-total')).toBeVisible();
  await expect(page.getByTestId('search-results')).not.toHaveClass(/is-stale/);
}

const resultSourceIds = (page: Page, kind: string) =>
  page.locator(`[data-testid="search-result"][data-kind="${kind}"]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-source-id')));

test('search the case: accents, phrases, opening a hit in the reader, filters, saved and batch search', async ({ page, casefile }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const shot = screens(page, 'search');
  await page.goto(casefile.url);
  await createCase(page, async () => undefined);
  await page.getByTestId('import-input').setInputFiles(await seedFiles());
  await expect(page.getByTestId('source-row')).toHaveCount(5);
  const ids = await seedIds(page);

  // Ctrl+K opens search (the palette moved to Ctrl+Shift+P); with nothing typed it shows the syntax help.
  await page.keyboard.press('Control+K');
  await expect(page.getByTestId('search-panel')).toBeVisible();
  await expect(page.getByTestId('search-input')).toBeFocused();
  await expect(page.getByTestId('search-help')).toContainText('"bags of cash"');
  await expect(page.getByTestId('search-help')).toContainText('entity:"NSO Group"');
  await shot('empty-with-help');

  // Accents fold: securite finds sécurité, in the French source only.
  await searchFor(page, 'securite');
  await expect(page.getByTestId('search-group')).toHaveCount(1);
  await expect(page.getByTestId('search-group')).toHaveAttribute('data-group', 'source');
  expect(await resultSourceIds(page, 'source')).toEqual([ids['003']]);
  await expect(page.getByTestId('search-total')).toHaveAttribute('data-total', '1');
  await expect(page.locator('[data-testid="search-result"] mark').first()).toHaveText(/sécurité/i);
  await shot('securite');

  // A phrase: exactly the two sources that contain it.
  await searchFor(page, '"bags of cash"');
  const phraseIds = await resultSourceIds(page, 'source');
  expect([...phraseIds].sort()).toEqual([ids['000'], ids['001']].sort());
  await expect(page.getByTestId('search-total')).toHaveAttribute('data-total', '2');
  const titles = await page.locator('[data-kind="source"] [data-testid="search-result-title"]').allTextContents();
  expect(titles.map((t) => t.slice(0, 3)).sort()).toEqual(['000', '001']);
  for (const mark of await page.locator('[data-testid="search-result"] mark').allTextContents()) expect(mark.toLowerCase()).toBe('bags of cash');
  await shot('phrase');

  // Arrows move through the hits; Enter opens the active one in the reader, at the hit, flashed.
  await page.keyboard.press('ArrowDown');
  const second = page.getByTestId('search-result').nth(1);
  await expect(second).toHaveAttribute('aria-selected', 'true');
  const openedId = await second.getAttribute('data-source-id');
  const openedTitle = (await second.getByTestId('search-result-title').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-panel')).toBeHidden();
  await expect(page.getByTestId('reader-title')).toHaveText(openedTitle);
  expect(openedId).toBeTruthy();
  const hit = page.locator('[data-testid="reader-text"] [data-ids~="search-hit"]');
  await expect(hit.first()).toBeInViewport();
  expect((await hit.allTextContents()).join('').toLowerCase()).toBe('bags of cash');
  await expect(hit.first()).toHaveClass(/flash-[ab]/);
  await shot('opened-in-reader');

  // Ctrl+K brings back the same search; a language filter narrows it.
  await page.keyboard.press('Control+K');
  await expect(page.getByTestId('search-input')).toHaveValue('"bags of cash"');
  await searchFor(page, 'NSO');
  expect((await resultSourceIds(page, 'source')).length).toBeGreaterThan(1);
  await page.getByTestId('filter-lang').selectOption('fr');
  await expect(page.getByTestId('search-total')).toHaveAttribute('data-total', '1');
  expect(await resultSourceIds(page, 'source')).toEqual([ids['003']]);
  await shot('filter-lang');

  // The same filter typed in the syntax gives the same answer.
  await page.getByTestId('filters-clear').click();
  await searchFor(page, 'NSO lang:fr');
  await expect(page.getByTestId('search-total')).toHaveAttribute('data-total', '1');
  expect(await resultSourceIds(page, 'source')).toEqual([ids['003']]);

  // Save it, find it in the list, run another search, then re-run the saved one.
  await page.getByTestId('search-save').click();
  await page.getByTestId('search-save-name').fill('NSO in French');
  await page.getByTestId('search-save-confirm').click();
  const saved = page.getByTestId('saved-search').filter({ hasText: 'NSO in French' });
  await expect(saved).toBeVisible();
  await searchFor(page, 'Pegasus');
  await saved.getByTestId('saved-search-run').click();
  await expect(page.getByTestId('search-input')).toHaveValue('NSO lang:fr');
  await expect(page.getByTestId('search-total')).toHaveAttribute('data-total', '1');
  await shot('saved');

  // Batch search: hit counts per term, and the same as CSV.
  await page.getByTestId('search-mode-batch').click();
  await page.getByTestId('batch-terms').fill(['"bags of cash"', 'securite', 'Pegasus', '', 'zzyzx-not-there'].join('\n'));
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-row')).toHaveCount(4);
  const row = (term: string) => page.locator(`[data-testid="batch-row"][data-term='${term}']`);
  await expect(row('"bags of cash"').getByTestId('batch-documents')).toHaveText('2');
  await expect(row('"bags of cash"').getByTestId('batch-occurrences')).toHaveText('6');
  await expect(row('securite').getByTestId('batch-documents')).toHaveText('1');
  await expect(row('Pegasus').getByTestId('batch-documents')).toHaveText('5');
  await expect(row('zzyzx-not-there').getByTestId('batch-documents')).toHaveText('0');
  await shot('batch');
  const download = page.waitForEvent('download');
  await page.getByTestId('batch-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^batch-search-.*\.csv$/);
  const csv = (await readFile((await file.path()) ?? '', 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^term,documents,occurrences/);
  expect(lines).toContainEqual(expect.stringMatching(/^"""bags of cash""",2,6,/));
  expect(lines).toContainEqual(expect.stringMatching(/^zzyzx-not-there,0,0,/));

  // A passage with a note: its quote and its note are found too, each in its group.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-panel')).toBeHidden();
  await page.getByTestId('source-row').filter({ hasText: '000' }).first().click();
  await expect(page.getByTestId('reader-text')).toContainText('New Delhi: The embattled Israeli cybertech firm');
  await selectInReader(page, 'bags of cash');
  await page.keyboard.press('t');
  await page.keyboard.type('Bribery');
  const created = page.waitForResponse((r) => r.url().endsWith('/passages.create'));
  await page.keyboard.press('Enter');
  await created;
  const noted = page.waitForResponse((r) => r.url().endsWith('/passages.update'));
  await page.getByTestId('note-editor').fill('Check the payment dates with the Guardian desk');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await noted;

  // Dark theme; `/` (outside a text field) reopens search.
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('source-row').filter({ hasText: '002' }).first().click();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-panel')).toBeVisible();
  await page.getByTestId('search-mode-results').click();
  await searchFor(page, '"bags of cash" OR desk');
  await expect(page.locator('[data-testid="search-group"][data-group="passage"] [data-testid="search-result"]')).toHaveCount(1);
  await shot('dark-results');
  await searchFor(page, 'desk');
  await expect(page.getByTestId('search-group')).toHaveCount(1);
  await expect(page.getByTestId('search-group')).toHaveAttribute('data-group', 'note');
  await expect(page.locator('[data-testid="search-result"] mark')).toHaveText('desk');
  // Opening a note's passage lands on the passage in the reader.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reader-title')).toHaveText(/^000/);
  await expect(page.getByTestId('note-editor')).toHaveValue(/Guardian desk/);
  await page.keyboard.press('Control+K');
  await page.getByTestId('search-mode-batch').click();
  await expect(page.getByTestId('batch-row')).toHaveCount(4);
  await shot('dark-batch');
  await page.keyboard.press('Escape');

  // The command palette keeps Ctrl+Shift+P.
  await page.keyboard.press('Control+Shift+P');
  await expect(page.getByTestId('command-palette')).toBeVisible();
  await page.keyboard.press('Escape');
  expect(problems).toEqual([]);
});
