import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeCjkPdf, makeDocx, makeEml, makeImageOnlyPdf, makePdf } from '../unit/ingest/generate';
import { expect, screens, test } from './support/casefile';
import { SEEDS_DIR } from './support/paths';
import { createCase } from './support/slice';

// Trace snapshots run script in the page; in the responsiveness test they would be measured as the app's long tasks.
test.use({ trace: 'off' });

type Upload = { name: string; mimeType: string; buffer: Buffer };

/** The .txt title rule (ingest README): a first line of ≤ 120 chars, not ending in punctuation, then a blank line. */
function expectedTitle(name: string, text: string): string {
  const [first = '', second] = text.split('\n');
  const line = first.trim();
  if (line && line.length <= 120 && !/[.,;:]$/.test(line) && second !== undefined && second.trim() === '') return line;
  return name.replace(/\.[^.]+$/, '');
}

async function openDetails(page: Page, originalName: string): Promise<void> {
  await page.getByTestId('source-row').filter({ has: page.locator(`[title$="${originalName}"]`) }).click();
  if (!(await page.getByTestId('source-details').isVisible())) await page.getByTestId('details-toggle').click();
  await expect(page.getByTestId('details-name')).toHaveText(originalName);
}

function paragraph(i: number): string {
  const words = ['ledger', 'harbour', 'witness', 'transfer', 'council', 'permit', 'shipment', 'invoice', 'mayor', 'contract'];
  return Array.from({ length: 80 }, (_, j) => `${words[(i * 7 + j * 3) % words.length]}${(i * 31 + j) % 997}`).join(' ');
}

function generated(count: number, prefix: string): Upload[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(4, '0')}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`${prefix} note ${i}\n\n${paragraph(i)}\n\n${paragraph(i + 1000)}\n`),
  }));
}

test('imports the five seeds with titles, languages, SHA-256 and similarity findings', async ({ page, casefile }) => {
  const shot = screens(page, 'ingest-seeds');
  await page.goto(casefile.url);
  await createCase(page, shot);
  const names = (await readdir(SEEDS_DIR)).filter((n) => !n.startsWith('.')).sort();
  await page.getByTestId('import-input').setInputFiles(names.map((n) => path.join(SEEDS_DIR, n)));
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-imported', '5');
  await expect(page.getByTestId('source-row')).toHaveCount(5);
  await shot('imported');

  for (const name of names) {
    const bytes = await readFile(path.join(SEEDS_DIR, name));
    await openDetails(page, name);
    await expect(page.getByTestId('details-title')).toHaveText(expectedTitle(name, bytes.toString('utf8')));
    await expect(page.getByTestId('details-sha256')).toHaveText(createHash('sha256').update(bytes).digest('hex'));
    await expect(page.getByTestId('details-language')).toHaveText(name.startsWith('003') ? 'French (fr)' : 'English (en)');
    await expect(page.getByTestId('details-imported-by')).toHaveText('e2e');
    if (name.startsWith('000')) {
      const similar = page.getByTestId('similar-source');
      await expect(similar).toHaveCount(1);
      await expect(similar).toContainText(expectedTitle(names[1]!, await readFile(path.join(SEEDS_DIR, names[1]!), 'utf8')));
      await expect(similar).toContainText(/shared passage/);
      await shot('details-000-similar');
    }
    // 003 carries its own body twice; the other seeds repeat at most a stray sentence.
    const repeated = page.getByTestId('details-repetition');
    await expect(repeated).toContainText(/Internal repetition/);
    const share = Number(/(\d+)% of this text repeats/.exec((await repeated.textContent()) ?? '')?.[1] ?? '0');
    if (name.startsWith('003')) {
      expect(share).toBeGreaterThanOrEqual(30);
      await shot('details-003-repetition');
    } else {
      expect(share).toBeLessThan(10);
    }
  }

  // The filter keeps only sources with near-duplicates or shared passages: 000 and 001.
  await page.getByTestId('filter-similar').check();
  await expect(page.getByTestId('source-row')).toHaveCount(2);
  await expect(page.getByTestId('similar-count')).toHaveText('2 of 5');
  await shot('filter-similar');
  await page.getByTestId('filter-similar').uncheck();

  // Metadata edits: URL shown as plain text, never a link; the change is recorded.
  await openDetails(page, names[4]!);
  await page.getByTestId('metadata-edit').click();
  await page.getByTestId('edit-title').fill('Edited title');
  await page.getByTestId('edit-author').fill('The Outlet');
  await page.getByTestId('edit-date').fill('2021-07-18');
  await page.getByTestId('edit-url').fill('https://example.org/story');
  await page.getByTestId('metadata-save').click();
  await expect(page.getByTestId('details-title')).toHaveText('Edited title');
  await expect(page.getByTestId('details-url')).toHaveText('https://example.org/story');
  await expect(page.getByTestId('source-details').locator('a')).toHaveCount(0);
  await expect(page.getByTestId('details-edits')).toContainText('Edited title');
  await expect(page.getByTestId('source-row').filter({ hasText: 'Edited title' })).toHaveCount(1);
  await shot('metadata-edited');

  // Re-importing a seed is an exact duplicate, named in the summary.
  await page.getByTestId('import-input').setInputFiles([path.join(SEEDS_DIR, names[0]!)]);
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-duplicates', '1');
  await expect(page.getByTestId('import-duplicates')).toContainText(names[0]!);
});

test('imports a mixed folder: each format read right, failures listed with reasons', async ({ page, casefile }) => {
  const shot = screens(page, 'ingest-mixed');
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(casefile.url);
  await createCase(page, shot);

  const files: Upload[] = [
    { name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from('Déjà vu à São Paulo\n\nLe café était fermé; señor Muñoz a payé.\n', 'latin1') },
    { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Field notes\n\nMet the source at the **harbour** on Tuesday.\n') },
    {
      name: 'page.html',
      mimeType: 'text/html',
      buffer: Buffer.from(
        '<!doctype html><html><head><title>Harbour article</title><script>alert("xss")</script></head><body><article><h1>Harbour article</h1><p>The permit was signed <img src=x onerror="alert(1)"> on Tuesday by the harbour master, according to three people familiar with the matter.</p></article></body></html>',
      ),
    },
    {
      name: 'report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await makePdf({ title: 'Audit report', pages: [[{ text: 'The audit found irregular payments to the contractor.' }]] })),
    },
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await makeImageOnlyPdf(1)) },
    {
      name: 'tokyo.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(makeCjkPdf([{ text: '政府は監視ソフトウェアの購入を否定した。記者は契約書の写しを入手している。', cmap: 'UniJIS-UCS2-H', ordering: 'Japan1' }])),
    },
    {
      name: 'memo.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(await makeDocx({ heading: 'Internal memo', paragraphs: ['The shipment left the port on 3 August.'] })),
    },
    {
      name: 'mail.eml',
      mimeType: 'message/rfc822',
      buffer: Buffer.from(
        makeEml({
          subject: 'Documents for the story',
          plain: 'Please find the contract attached. We should talk before Friday.',
          attachment: { name: 'contract.pdf', data: new Uint8Array([37, 80, 68, 70]), type: 'application/pdf' },
        }),
      ),
    },
    { name: 'table.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Role\nAda Lovelace,Analyst\nGrace Hopper,Engineer\n') },
    { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    { name: 'garbage.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n this is not really a pdf \u0000\u0001\u0002 garbage') },
  ];
  await page.getByTestId('import-input').setInputFiles(files);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary).toHaveAttribute('data-imported', '9');
  await expect(summary).toHaveAttribute('data-failed', '2');
  const failures = page.getByTestId('import-failure');
  await expect(failures.filter({ hasText: 'empty.txt' })).toContainText('The file is empty.');
  await expect(failures.filter({ hasText: 'garbage.pdf' })).toContainText(/\w+.*\./);
  await shot('summary');

  const reader = page.getByTestId('reader-text');
  const check = async (name: string, title: string, text: string | RegExp) => {
    await openDetails(page, name);
    await expect(page.getByTestId('details-title')).toHaveText(title);
    await expect(reader).toContainText(text);
  };
  await check('latin1.txt', 'Déjà vu à São Paulo', 'señor Muñoz a payé');
  await expect(page.getByTestId('details-encoding')).toContainText(/1252|8859|latin/i);
  await check('notes.md', 'Field notes', 'Met the source at the');
  await check('page.html', 'Harbour article', 'signed on Tuesday by the harbour master');
  await expect(reader).not.toContainText('alert');
  await check('report.pdf', 'Audit report', 'irregular payments to the contractor');
  await expect(page.getByTestId('details-pages')).toHaveText('1');
  // The built host's worker reads the CMaps shipped beside it (out/main/pdfjs-cmaps).
  await check('tokyo.pdf', 'tokyo', '政府は監視ソフトウェアの購入を否定した。記者は契約書の写しを入手している。');
  await expect(page.getByTestId('details-language')).toHaveText('Japanese (ja)');
  await shot('details-cjk-pdf');
  await check('memo.docx', 'Internal memo', 'The shipment left the port on 3 August.');
  await check('mail.eml', 'Documents for the story', 'Please find the contract attached.');
  await expect(page.getByTestId('details-email-from')).toContainText('elise@newsroom.example');
  await expect(page.getByTestId('details-attachments')).toContainText('contract.pdf');
  await shot('details-eml');
  await check('table.csv', 'table', /Name: Ada Lovelace/);
  await openDetails(page, 'scan.pdf');
  await expect(page.getByTestId('details-no-text')).toBeVisible();
  await expect(page.getByTestId('details-status')).toHaveText('No text layer');
  await shot('details-scan');
  expect(dialogs).toEqual([]);
});

test('cancels a running import of 400 files and says so in the summary', async ({ page, casefile }) => {
  const shot = screens(page, 'ingest-cancel');
  await page.goto(casefile.url);
  await createCase(page, shot);
  // The renderer streams the files to main 20 at a time, and main imports a few hundred small files a second: the
  // import could end before the click lands. Half of the batches are held back until Cancel is pressed (as a slow
  // disk or big files would hold them), so the import is still running whatever the machine's speed.
  let releaseBatches: () => void = () => undefined;
  const cancelPressed = new Promise<void>((resolve) => (releaseBatches = resolve));
  let batches = 0;
  await page.route('**/api/imports.add', async (route) => {
    batches += 1;
    if (batches > 10) await cancelPressed;
    await route.continue();
  });
  await page.getByTestId('import-input').setInputFiles(generated(400, 'cancel'));
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 30_000 }).toBeGreaterThan(5);
  await expect(page.getByTestId('import-rate')).toContainText(/files\/s/);
  await shot('running');
  await page.getByTestId('import-cancel').click();
  releaseBatches();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
  await expect(page.getByTestId('import-cancelled-note')).toContainText('not imported');
  const imported = Number(await summary.getAttribute('data-imported'));
  expect(imported).toBeGreaterThan(0);
  expect(imported).toBeLessThan(400);
  // The list draws only the rows in view; the count in the top bar is the whole case.
  await expect(page.getByTestId('source-count')).toHaveText(`${imported} sources`);
  await shot('cancelled');
});

test.describe('responsiveness', () => {
  test('stays responsive while importing 300 files: no main-thread task over 100 ms', async ({ page, casefile }) => {
    const shot = screens(page, 'ingest-responsive');
    await page.goto(casefile.url);
    await createCase(page, shot);
    const names = (await readdir(SEEDS_DIR)).filter((n) => !n.startsWith('.')).sort();
    await page.getByTestId('import-input').setInputFiles(names.map((n) => path.join(SEEDS_DIR, n)));
    await expect(page.getByTestId('import-summary')).toHaveAttribute('data-imported', '5');
    await page.getByTestId('import-summary').getByRole('button', { name: 'Dismiss import summary' }).click();

    // The files are made in the page before the clock starts, then dropped onto the window as a user would.
    const files = generated(300, 'busy').map((f) => ({ name: f.name, text: f.buffer.toString('utf8') }));
    await page.evaluate((items) => {
      const w = window as unknown as { __busy: File[]; __longTasks: { start: number; duration: number }[] };
      w.__busy = items.map((item) => new File([item.text], item.name, { type: 'text/plain' }));
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask' });
    }, files);
    const t0 = await page.evaluate(() => {
      const start = performance.now();
      const data = new DataTransfer();
      for (const file of (window as unknown as { __busy: File[] }).__busy) data.items.add(file);
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
      return start;
    });
    // Reading goes on during the import: open another source and see its text.
    await page.getByTestId('source-row').nth(2).click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="reader-text"]')?.textContent ?? '').length > 100, undefined, {
      polling: 500,
    });
    const stillRunning = await page.evaluate(() => document.querySelector('[data-testid="import-progress"]') !== null);
    await shot('reading-while-importing');
    // A light check every half second, so the test's own polling does not crowd the page's main thread.
    await page.waitForFunction(() => document.querySelector('[data-testid="import-summary"]') !== null, undefined, {
      polling: 500,
      timeout: 80_000,
    });
    await page.waitForTimeout(1_000);
    const t1 = await page.evaluate(() => performance.now());
    const longTasks = (
      await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks)
    ).filter((t) => t.start >= t0 && t.start <= t1);
    const max = Math.max(0, ...longTasks.map((t) => t.duration));
    const summary = page.getByTestId('import-summary');
    await expect(summary).toHaveAttribute('data-state', 'done');
    await expect(summary).toHaveAttribute('data-imported', '300');
    await expect(page.getByTestId('source-count')).toHaveText('305 sources');
    await shot('done');
    test.info().annotations.push({ type: 'max long task (ms)', description: `${Math.round(max)} (${longTasks.length} tasks over 50 ms)` });
    console.log(
      `ingest e2e: import of 300 files took ${Math.round(t1 - t0 - 1000)} ms; max long task ${Math.round(max)} ms; ` +
        `${longTasks.length} tasks over 50 ms: ${longTasks.map((t) => Math.round(t.duration)).join(', ')}`,
    );
    expect(stillRunning, 'the reader answered while the import was still running').toBe(true);
    expect(max).toBeLessThan(100);
  });
});
