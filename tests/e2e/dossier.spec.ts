import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import mammoth from 'mammoth';
import type { Page } from '@playwright/test';
import { expect, screens, seedFiles, test } from './support/casefile';
import { SCREENS_DIR } from './support/paths';
import { createCase, PASSPHRASE } from './support/slice';
import { blurFocus, selectInReader } from './support/reader';

const ARTEFACTS = path.join(path.dirname(SCREENS_DIR), 'dossier');

const QUOTE_BRIBE = 'bags of cash';
const QUOTE_DENIAL = 'Lavie denied having made that remark.';
const QUOTE_FRENCH = "Nous verserons une solide somme d'argent à votre entreprise.";
const DOSSIER = 'NSO and the SS7 offer';
const SECTION_ONE = 'The offer';
const SECTION_TWO = 'What the French press reported';
const NARRATIVE = 'Two people on the call describe **the same offer**; NSO denies it.';

async function openSource(page: Page, prefix: string, sentence: string): Promise<void> {
  await page.getByTestId('source-row').filter({ hasText: prefix }).first().click();
  await expect(page.getByTestId('reader-text')).toContainText(sentence);
}

/** Tags the selection with a (new or existing) tag through the picker, and waits for main to store the passage. */
async function tag(page: Page, tagName: string): Promise<void> {
  await page.keyboard.press('t');
  await expect(page.getByTestId('tag-picker')).toBeVisible();
  await page.keyboard.type(tagName);
  const created = page.waitForResponse((r) => r.url().endsWith('/passages.create'));
  await page.keyboard.press('Enter');
  await created;
  await expect(page.getByTestId('passage-details')).toBeVisible();
}

/** The passage ids of the quotes on screen, in the order the composer shows them. */
const quoteOrder = (page: Page) => page.getByTestId('block-passage').evaluateAll((els) => els.map((el) => el.getAttribute('data-passage-id')));

function sha256(file: string): Promise<string> {
  return readFile(file).then((bytes) => createHash('sha256').update(bytes).digest('hex'));
}

/** pdftotext joins words split across lines with a hyphen; compare on whitespace-collapsed text. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

test('compose a dossier from reader and codebook, reorder and undo, preview, export PDF and DOCX, refuse a broken citation', async ({ page, casefile }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const shot = screens(page, 'dossier');
  await rm(ARTEFACTS, { recursive: true, force: true });
  await mkdir(ARTEFACTS, { recursive: true });

  await page.goto(casefile.url);
  await createCase(page, async () => undefined);
  const seeds = await seedFiles();
  await page.getByTestId('import-input').setInputFiles(seeds);
  await expect(page.getByTestId('source-row')).toHaveCount(5);

  // Two passages in the English article, one in the French one (003).
  await openSource(page, '000', 'New Delhi: The embattled Israeli cybertech firm');
  const bribe = await selectInReader(page, QUOTE_BRIBE);
  await tag(page, 'SS7 offer');
  await selectInReader(page, QUOTE_DENIAL, true);
  await tag(page, 'Denial');

  // From the passage panel: a new dossier straight from the menu, then the same dossier's first section.
  await page.getByTestId('passage-row').filter({ hasText: QUOTE_DENIAL }).click();
  await page.getByTestId('passage-details').getByTestId('add-to-dossier').click();
  await expect(page.getByTestId('add-to-dossier-menu')).toBeVisible();
  await shot('add-menu');
  await page.getByTestId('add-to-new-dossier').fill(DOSSIER);
  await page.getByTestId('add-to-new-dossier').press('Enter');
  await expect(page.getByTestId('workbench-status')).toContainText(`Added 1 passage to “${DOSSIER}”`);
  await page.getByTestId('passage-row').filter({ hasText: QUOTE_BRIBE }).click();
  await page.getByTestId('passage-details').getByTestId('add-to-dossier').click();
  await page.getByTestId('add-to-dossier-choice').filter({ hasText: DOSSIER }).click();
  await page.getByTestId('add-to-section').first().click();
  await expect(page.getByTestId('workbench-status')).toContainText('Added 1 passage');

  await openSource(page, '003', "L'éditeur de spyware NSO");
  await selectInReader(page, QUOTE_FRENCH, true);
  await tag(page, 'Presse française');

  // From the codebook's tag view: everything under the tag, into a new section.
  await page.getByTestId('view-codebook').click();
  await page.getByTestId('tag-row').filter({ hasText: 'Presse française' }).click();
  await expect(page.getByTestId('tag-passage')).toHaveCount(1);
  await page.getByTestId('tag-details').getByTestId('add-to-dossier').click();
  await page.getByTestId('add-to-dossier-choice').filter({ hasText: DOSSIER }).click();
  await page.getByTestId('add-to-new-section').click();
  await expect(page.getByTestId('workbench-status')).toContainText('Added 1 passage');

  // The composer: two sections, three quotes with their text.
  await page.getByTestId('view-dossiers').click();
  const view = page.getByTestId('dossiers-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('dossier-row')).toHaveCount(1);
  await expect(page.getByTestId('dossier-section')).toHaveCount(2);
  await expect(page.getByTestId('block-passage')).toHaveCount(3);
  await expect(page.getByTestId('dossier-section').nth(1).getByTestId('block-passage')).toContainText(QUOTE_FRENCH);

  await page.getByTestId('section-title').nth(0).fill(SECTION_ONE);
  await page.getByTestId('section-title').nth(0).press('Enter');
  await page.getByTestId('section-title').nth(1).fill(SECTION_TWO);
  await page.getByTestId('section-title').nth(1).press('Enter');
  await page.getByTestId('dossier-author').fill('Investigations desk');
  await page.getByTestId('dossier-author').press('Enter');
  await page.getByTestId('dossier-label').fill('Confidential — legal review');
  await page.getByTestId('dossier-label').press('Enter');

  // Narrative text first in section one, shown rendered (Markdown bold as <strong>, never as raw markup).
  const first = page.getByTestId('dossier-section').nth(0);
  await first.getByTestId('block-add').click();
  const adding = page.waitForResponse((r) => r.url().endsWith('/dossiers.addBlock'));
  await first.getByTestId('block-add-narrative').click();
  await adding;
  await page.getByTestId('narrative-input').fill(NARRATIVE);
  await page.getByTestId('narrative-done').click();
  await expect(first.locator('.dossier-md strong')).toHaveText('the same offer');
  // Alt+↑ on the new block's grip takes it above the quotes.
  const narrativeBlock = first.locator('[data-block-type="narrative"]');
  await narrativeBlock.locator('.grip').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(first.getByTestId('dossier-block').first()).toHaveAttribute('data-block-type', 'narrative');
  await expect(page.getByTestId('section-title').nth(0)).toHaveValue(SECTION_ONE);

  // Keyboard reorder of the quotes, then undo and redo through the app's history.
  const before = await quoteOrder(page);
  await first.getByTestId('block-passage').nth(1).locator('.grip').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(() => quoteOrder(page)).toEqual([before[1], before[0], before[2]]);
  await expect(first.getByTestId('block-passage').first()).toContainText('bags of cash');
  await expect(first.getByTestId('block-passage').first().locator('.grip')).toBeFocused();
  await blurFocus(page);
  await page.keyboard.press('Control+z');
  await expect.poll(() => quoteOrder(page)).toEqual(before);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => quoteOrder(page)).toEqual([before[1], before[0], before[2]]);

  // The live preview: main's print HTML in a sandbox that allows nothing, refreshed after the edits.
  const preview = page.getByTestId('dossier-preview');
  await expect(preview).toHaveAttribute('sandbox', '');
  await expect.poll(async () => (await preview.getAttribute('srcdoc')) ?? '', { timeout: 20_000 }).toContain(SECTION_TWO);
  const srcdoc = (await preview.getAttribute('srcdoc')) ?? '';
  expect(srcdoc).not.toMatch(/<script/i);
  await expect(page.getByTestId('verify-pill')).toContainText('3 citations checked');
  await expect(page.getByTestId('block-passage').first().locator('.quote-number')).toHaveText('[1]');
  await shot('composer');

  // PDF: every quote, both seeds' SHA-256, the contents with page numbers, page x / n in the footer.
  const pdfDownload = page.waitForEvent('download');
  await page.locator('[data-testid="dossier-export"] [data-format="pdf"]').click();
  const pdf = await pdfDownload;
  // The status line clears itself after 3 s: look for it as the download starts, before waiting for the file.
  await expect(page.getByTestId('workbench-status')).toContainText('Exported');
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const pdfPath = path.join(ARTEFACTS, 'dossier.pdf');
  await pdf.saveAs(pdfPath);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const body = flat(text);
  for (const quote of [bribe, QUOTE_DENIAL, QUOTE_FRENCH]) expect(body).toContain(flat(quote));
  const seed000 = seeds.find((f) => path.basename(f).startsWith('000')) ?? '';
  const seed003 = seeds.find((f) => path.basename(f).startsWith('003')) ?? '';
  expect(body).toContain(await sha256(seed000));
  expect(body).toContain(await sha256(seed003));
  expect(body).toContain('Contents');
  // The contents lists both sections, each followed by its page number.
  expect(body).toMatch(new RegExp(`${SECTION_ONE}[ .·…]*\\d+`));
  expect(body).toMatch(new RegExp(`${SECTION_TWO}[ .·…]*\\d+`));
  const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1] ?? '0');
  expect(pageCount).toBeGreaterThan(1);
  expect(body).toMatch(new RegExp(`\\b1 ?/ ?${pageCount}\\b`));
  expect(body).toMatch(new RegExp(`\\b${pageCount} ?/ ?${pageCount}\\b`));
  expect(body).toContain('Confidential — legal review'.toUpperCase());
  execFileSync('pdftoppm', ['-r', '60', '-png', pdfPath, path.join(ARTEFACTS, 'page')]);
  const pngs = (await readdir(ARTEFACTS)).filter((f) => f.startsWith('page') && f.endsWith('.png'));
  expect(pngs.length).toBe(pageCount);

  // DOCX, read back with mammoth.
  const docxDownload = page.waitForEvent('download');
  await page.locator('[data-testid="dossier-export"] [data-format="docx"]').click();
  const docx = await docxDownload;
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  const docxPath = path.join(ARTEFACTS, 'dossier.docx');
  await docx.saveAs(docxPath);
  const { value: docxText } = await mammoth.extractRawText({ path: docxPath });
  for (const quote of [QUOTE_DENIAL, QUOTE_FRENCH, 'bags of cash']) expect(flat(docxText)).toContain(flat(quote).slice(0, 40));

  // Redaction: a protected name is replaced by its label in what will print.
  await page.getByTestId('redactions').getByRole('button', { name: /Redactions/ }).click();
  await page.getByLabel('Words to redact').fill('Lavie');
  await page.getByLabel('Words to redact').press('Enter');
  await expect(page.getByTestId('redaction-row')).toContainText('Lavie');
  await expect(page.getByTestId('redaction-row').locator('input')).toHaveValue('[Source A]');
  await expect.poll(async () => (await preview.getAttribute('srcdoc')) ?? '', { timeout: 20_000 }).toContain('[Source A] denied having made that remark.');
  expect((await preview.getAttribute('srcdoc')) ?? '').not.toContain('Lavie denied');
  await shot('redacted');

  // Dark theme, same state.
  await page.getByTestId('theme-toggle').click();
  await shot('composer-dark');
  await page.getByTestId('theme-toggle').click();

  // A new revision of 003 without the quote orphans its citation: the export is refused with the list to fix.
  // The whole paragraph goes: a quote merely edited would be re-anchored onto its new wording by the revision.
  const revised = (await readFile(seed003, 'utf8'))
    .split(/\n\n/)
    .map((paragraph) => (paragraph.includes(QUOTE_FRENCH) ? 'Nous ne dirons rien.' : paragraph))
    .join('\n\n');
  expect(revised).not.toContain(QUOTE_FRENCH);
  const sourceId = await page.getByTestId('source-row').filter({ hasText: '003' }).first().getAttribute('data-source-id');
  const revision = await page.evaluate(
    async ({ sourceId, content }) => {
      const bytes = new TextEncoder().encode(content);
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      const response = await fetch('/api/sources.addRevision', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sourceId, file: { name: '003_revised.txt', dataBase64: btoa(binary) } }),
      });
      return (await response.json()) as { ok: boolean; value?: { reanchor: { orphaned: unknown[] } } };
    },
    { sourceId, content: revised },
  );
  expect(revision.ok, JSON.stringify(revision)).toBe(true);
  expect(revision.value?.reanchor.orphaned).toHaveLength(1);
  // Lock and unlock, so nothing the renderer held from before the revision is on screen; the dossier comes back.
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('unlock-passphrase')).toBeVisible();
  await page.reload();
  await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock-submit').click();
  await page.getByTestId('view-dossiers').click();
  await expect(page.getByTestId('dossier-title')).toHaveValue(DOSSIER);
  await expect(page.getByTestId('block-passage')).toHaveCount(3);
  await page.locator('[data-testid="dossier-export"] [data-format="pdf"]').click();
  const blocked = page.getByTestId('export-blocked');
  await expect(blocked).toBeVisible();
  await expect(blocked.getByTestId('blocked-citation')).toHaveCount(1);
  await expect(blocked.getByTestId('blocked-citation')).toContainText(QUOTE_FRENCH);
  await shot('export-blocked');
  await blocked.getByTestId('blocked-open').click();
  await expect(page.getByTestId('reader-text')).toContainText('Nous ne dirons rien.');
  await expect(page.getByTestId('orphans')).toContainText(QUOTE_FRENCH);
  await expect(page.getByTestId('passage-details')).toContainText(QUOTE_FRENCH);
  await shot('blocked-opened-in-reader');

  expect(problems).toEqual([]);
});
