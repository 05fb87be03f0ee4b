import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, screens, seedFiles, test } from './support/casefile';
import { createCase, PASSPHRASE } from './support/slice';
import { historyRefreshed } from './support/history';
import { blurFocus, selectInReader } from './support/reader';

const SENTENCE_WITH = 'bags of cash';
const SECOND_QUOTE = 'Lavie denied having made that remark.';
const NOTE = 'Ask Miller for the written disclosure.';

async function openSeed000(page: Page): Promise<void> {
  await page.getByTestId('source-row').filter({ hasText: '000' }).first().click();
  await expect(page.getByTestId('reader-text')).toContainText('New Delhi: The embattled Israeli cybertech firm');
}

test('tag a passage from the keyboard, note it, undo/redo, survive a reload, merge tags, export CSV', async ({ page, casefile }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const shot = screens(page, 'passages');
  await page.goto(casefile.url);
  await createCase(page, shot);
  await page.getByTestId('import-input').setInputFiles(await seedFiles());
  await expect(page.getByTestId('source-row')).toHaveCount(5);
  await openSeed000(page);
  await shot('seed-000');

  // Select, T, type a new tag name, Enter: the highlight is there and the passage is selected.
  const sentence = await selectInReader(page, SENTENCE_WITH);
  expect(sentence).toContain('New Delhi');
  await page.keyboard.press('t');
  await expect(page.getByTestId('tag-picker')).toBeVisible();
  await page.keyboard.type('Bribery allegation');
  await expect(page.getByTestId('tag-option-create')).toHaveAttribute('aria-selected', 'true');
  await shot('tag-picker');
  const created = page.waitForResponse((r) => r.url().endsWith('/passages.create'));
  let undoable = historyRefreshed(page);
  await page.keyboard.press('Enter');
  const highlight = page.locator('.reader-text .hl').filter({ hasText: SENTENCE_WITH });
  await expect(highlight).toHaveCount(1);
  await created;
  await expect(page.getByTestId('passage-row')).toHaveCount(1);
  await expect(page.getByTestId('passage-details').getByTestId('tag-chip')).toHaveText(/Bribery allegation/);
  // Highlights fade to their colour (a 120 ms transition), and a colour read mid-fade is an rgba() in between: wait
  // until nothing is animating, then read.
  const background = async (locator: Locator): Promise<string> => {
    await expect.poll(() => locator.evaluate((el) => el.getAnimations().length)).toBe(0);
    return locator.evaluate((el) => getComputedStyle(el).backgroundColor);
  };
  const tint = await background(highlight.first());
  const tagColour = await background(page.getByTestId('passage-details').getByTestId('tag-chip').locator('.swatch'));

  // That was one action, so one Mod+Z takes it all back: the highlight and the tag it created.
  await undoable();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('workbench-status')).toContainText('Undone: Tag passage with new tag "Bribery allegation"');
  await expect(highlight).toHaveCount(0);
  await expect(page.getByTestId('passage-row')).toHaveCount(0);
  await page.keyboard.press('Alt+c');
  await expect(page.getByTestId('tag-tree')).toContainText('No tags yet');
  await expect(page.getByTestId('tag-row')).toHaveCount(0);
  await shot('new-tag-undone');
  // One Mod+Shift+Z brings both back, the same tag with the same colour, carried by the same passage.
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('tag-row')).toHaveCount(1);
  await expect(page.getByTestId('tag-row')).toContainText('Bribery allegation');
  await expect(page.getByTestId('tag-row').locator('.tag-row-count')).toHaveText('1');
  expect(await background(page.getByTestId('tag-row').locator('.swatch'))).toBe(tagColour);
  await expect(page.getByTestId('tag-passage')).toHaveCount(1);
  await shot('new-tag-redone');
  await page.keyboard.press('Alt+r');
  await expect(highlight).toHaveCount(1);
  expect(await background(highlight.first())).toBe(tint);
  await highlight.first().click();
  await expect(page.getByTestId('passage-details').getByTestId('tag-chip')).toHaveText(/Bribery allegation/);

  // A new tag on an existing passage is one step as well: one Mod+Z takes the chip and the tag away.
  await page.getByTestId('add-tag').click();
  await page.keyboard.type('Surveillance');
  await expect(page.getByTestId('tag-option-create')).toHaveAttribute('aria-selected', 'true');
  undoable = historyRefreshed(page);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('passage-details').getByTestId('tag-chip')).toHaveCount(2);
  await undoable();
  await blurFocus(page);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('workbench-status')).toContainText('Undone: Tag passage with new tag "Surveillance"');
  await expect(page.getByTestId('passage-details').getByTestId('tag-chip')).toHaveCount(1);
  await page.keyboard.press('Alt+c');
  await expect(page.getByTestId('tag-row')).toHaveCount(1);
  await expect(page.getByTestId('tag-row')).toContainText('Bribery allegation');
  await page.keyboard.press('Alt+r');
  await expect(highlight).toHaveCount(1);

  // A note, saved when the field loses focus.
  const saved = page.waitForResponse((r) => r.url().endsWith('/passages.update'));
  await page.getByTestId('note-editor').fill(NOTE);
  await blurFocus(page);
  await saved;
  await shot('tagged-with-note');

  // Undo takes the note back off, then the passage (and its tag); redo restores both.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('note-editor')).toHaveValue('');
  await page.keyboard.press('Control+z');
  await expect(highlight).toHaveCount(0);
  await expect(page.getByTestId('passage-row')).toHaveCount(0);
  await shot('undone');
  await page.keyboard.press('Control+Shift+z');
  await expect(highlight).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await highlight.first().click();
  await expect(page.getByTestId('note-editor')).toHaveValue(NOTE);
  await shot('redone');

  // Lock, reload, unlock: highlight, tag and note come back from the encrypted case.
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('unlock-passphrase')).toBeVisible();
  await page.reload();
  await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock-submit').click();
  await openSeed000(page);
  await expect(highlight).toHaveCount(1);
  await highlight.first().click();
  await expect(page.getByTestId('passage-details').getByTestId('tag-chip')).toHaveText(/Bribery allegation/);
  await expect(page.getByTestId('note-editor')).toHaveValue(NOTE);
  await shot('after-reload');

  // A second passage with a second new tag, overlapping nothing; then merge that tag into the first.
  await selectInReader(page, SECOND_QUOTE, true);
  await page.keyboard.press('t');
  await page.keyboard.type('Denial');
  await page.keyboard.press('Enter');
  await expect(page.locator('.reader-text .hl').filter({ hasText: 'denied' })).toHaveCount(1);
  await expect(page.getByTestId('passage-row')).toHaveCount(2);
  await page.getByTestId('view-codebook').click();
  await expect(page.getByTestId('tag-row')).toHaveCount(2);
  await page.getByTestId('tag-row').filter({ hasText: 'Denial' }).click();
  await expect(page.getByTestId('tag-passage')).toHaveCount(1);
  await shot('codebook');
  const into = await page.getByTestId('merge-tag').locator('option', { hasText: 'Bribery allegation' }).getAttribute('value');
  await page.getByTestId('merge-tag').selectOption(into ?? '');
  await expect(page.getByTestId('confirm-dialog')).toContainText('Merge “Denial” into “Bribery allegation”');
  await shot('merge-confirm');
  undoable = historyRefreshed(page);
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('tag-row')).toHaveCount(1);
  await expect(page.getByTestId('tag-row')).toContainText('2');
  await expect(page.getByTestId('tag-passage')).toHaveCount(2);
  await shot('merged');
  // A merge is one undo step too.
  await undoable();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('tag-row')).toHaveCount(2);
  await expect(page.getByTestId('workbench-status')).toContainText('Undone: Merge "Denial" into "Bribery allegation"');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('tag-row')).toHaveCount(1);
  await expect(page.getByTestId('tag-row')).toContainText('2');
  await expect(page.getByTestId('tag-passage')).toHaveCount(2);

  // The CSV export: one row per (tag, passage), both passages under the merged tag.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await readFile((await download.path()) ?? '', 'utf8');
  const rows = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(rows[0]).toMatch(/^tag_path,/);
  expect(rows).toHaveLength(3);
  expect(rows.filter((row) => row.startsWith('Bribery allegation,'))).toHaveLength(2);
  expect(csv).toContain(SENTENCE_WITH);
  expect(csv).toContain(SECOND_QUOTE);
  expect(csv).toContain(NOTE);

  // Opening a passage from the tag view goes back to the reader at that passage.
  await page.getByTestId('tag-passage').filter({ hasText: 'denied' }).click();
  await expect(page.getByTestId('reader-text')).toBeVisible();
  await expect(page.getByTestId('passage-details')).toContainText(SECOND_QUOTE);
  await expect(page.locator('.reader-text .hl').filter({ hasText: 'denied' })).toBeInViewport();
  await shot('opened-from-codebook');

  // The dark theme keeps the highlights and their text readable (looked at in the screenshot).
  await page.getByTestId('theme-toggle').click();
  await shot('dark');
  expect(problems).toEqual([]);
});
