import { readFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';
import { seedFiles } from './casefile';

export const CASE_NAME = 'Pegasus follow-up';
export const PASSPHRASE = 'correct horse battery staple';

/**
 * Sentences of a text, long enough to be unambiguous evidence that this document is on screen. Split per
 * line first: the reader lays paragraphs out as separate blocks, so a sentence never spans two of them.
 */
function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+/))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 60);
}

export async function createCase(page: Page, shot: (step: string) => Promise<void>): Promise<void> {
  await expect(page.getByTestId('new-case')).toBeVisible();
  await shot('welcome');
  await page.getByTestId('new-case').click();
  await page.getByTestId('create-name').fill(CASE_NAME);
  await page.getByTestId('create-passphrase').fill(PASSPHRASE);
  await page.getByTestId('create-passphrase-confirm').fill(PASSPHRASE);
  await shot('create-form');
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('case-name')).toHaveText(CASE_NAME);
  await shot('empty-case');
}

/** A new case holding the five seeds, with seed 000 open in the reader. */
export async function openSeededCase(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await createCase(page, async () => {});
  await page.getByTestId('import-input').setInputFiles(await seedFiles());
  await expect(page.getByTestId('source-row')).toHaveCount(5);
  await page.getByTestId('source-row').filter({ hasText: '000' }).first().click();
  await expect(page.getByTestId('reader-text')).toContainText('New Delhi: The embattled Israeli cybertech firm');
}

/**
 * The whole first slice as a journalist does it: create, import the five seed documents, read one,
 * lock, fail to unlock with a wrong passphrase, unlock, and find the sources still there.
 */
export async function runSlice(page: Page, shot: (step: string) => Promise<void>): Promise<void> {
  await createCase(page, shot);

  const seeds = await seedFiles();
  expect(seeds).toHaveLength(5);
  await page.getByTestId('import-input').setInputFiles(seeds);
  await expect(page.getByTestId('import-summary')).toBeVisible();
  await expect(page.getByTestId('source-row')).toHaveCount(5);
  await expect(page.getByTestId('sources-list')).toBeVisible();
  await shot('imported');

  const row = page.getByTestId('source-row').first();
  await expect(row).toHaveAttribute('data-source-id', /.+/);
  await row.click();
  const readerText = page.getByTestId('reader-text');
  await expect(readerText).toBeVisible();
  await expect(page.getByTestId('reader-title')).not.toBeEmpty();
  // Whichever document the first row is, the reader must show that document's own sentences.
  const shown = (await readerText.textContent() ?? '').replace(/\s+/g, ' ');
  const texts = await Promise.all(seeds.map((file) => readFile(file, 'utf8')));
  const matching = texts.filter((text) => shown.includes(sentences(text)[0] ?? '\u0000'));
  expect(matching, 'the reader shows exactly one seed document').toHaveLength(1);
  const candidates = sentences(matching[0] ?? '');
  const sentence = candidates[Math.floor(candidates.length / 2)] ?? '';
  expect(sentence.length).toBeGreaterThan(60);
  await expect(readerText).toContainText(sentence);
  await shot('reader');

  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('unlock-passphrase')).toBeVisible();
  await expect(page.getByTestId('source-row')).toHaveCount(0);
  await shot('locked');

  await page.getByTestId('unlock-passphrase').fill('not the passphrase');
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('unlock-error')).toBeVisible();
  await shot('wrong-passphrase');

  await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('case-name')).toHaveText(CASE_NAME);
  await expect(page.getByTestId('source-row')).toHaveCount(5);
  await shot('unlocked');
}
