/**
 * The reader at scale, in Chromium through the browser host: a ~1 MB source carrying 2,000 passages.
 * - reader.open_1mb_2000_ms: click on the source row → first highlighted paragraph painted (decrypt, anchor
 *   2,000 passages, lay out the visible paragraphs). Target ≤ 500.
 * - reader.tag_ms: Enter in the tag picker → the new highlight painted (median of runs). Target ≤ 50.
 * - reader.scroll_frame_p95_ms: frame times while scrolling through the document (virtualised paragraphs).
 * Needs the built renderer (npm run build) and Chromium (/usr/bin/chromium or CASEFILE_CHROMIUM).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { dispatch } from '../../main/core/api/dispatch';
import { createCaseService } from '../../main/core/case';
import { startWebHost } from '../../main/hosts/web/server';
import type { Handlers } from '../../main/core/api/dispatch';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract';
import { CodePointIndex } from '../../shared/text/codepoints';
import { generateSource } from './anchor';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RENDERER = path.join(ROOT, 'out', 'renderer');
const CHROMIUM = process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium';
const PASSAGES = 2000;
const TAG_RUNS = 7;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function bench(): Promise<Record<string, number>> {
  if (!existsSync(path.join(RENDERER, 'index.html'))) throw new Error('reader bench: run `npm run build` first (out/renderer is missing).');
  if (!existsSync(CHROMIUM)) throw new Error(`reader bench: no Chromium at ${CHROMIUM} (set CASEFILE_CHROMIUM).`);

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'casefile-bench-reader-'));
  const service = createCaseService({
    location: { kind: 'project', dir: path.join(tmp, 'case') },
    host: 'web',
    seedsDir: path.join(ROOT, 'seeds'),
    researcher: 'bench',
    vault: { kdf: { memoryKiB: 1024, passes: 1, parallelism: 1 }, allowWeakKdf: true },
  });
  const handlers: Handlers = service.handlers;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await dispatch(handlers, method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as MethodOutput<M>;
  };
  const host = await startWebHost({ handlers, staticDir: RENDERER });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    await call('case.create', { name: 'Reader bench', passphrase: 'bench passphrase', demo: false });
    const random = rng(7);
    const text = generateSource(1_000_000, random);
    const file = (name: string, body: string) => ({ name, path: null, dataBase64: Buffer.from(body, 'utf8').toString('base64') });
    const big = (await call('sources.import', { files: [file('big-report.txt', text)] })).imported[0];
    // Imported last, so it is the one open when the workbench appears and the big one is opened by a click.
    await call('sources.import', { files: [file('small-note.txt', 'A short note.\n\nNothing to see here.')] });
    if (!big) throw new Error('reader bench: the 1 MB source was not imported');
    const stored = (await call('sources.read', { id: big.id })).text;
    const index = new CodePointIndex(stored);

    const tags = [];
    for (const name of ['Payments', 'Offshore', 'Witness', 'Contract', 'Denial', 'Meeting']) tags.push(await call('tags.create', { name }));
    process.stderr.write(`reader bench: creating ${PASSAGES} passages…\n`);
    for (let i = 0; i < PASSAGES; i += 1) {
      const len = 12 + Math.floor(random() * 160);
      // The first twenty sit on the first screen, several overlapping; the rest anywhere.
      const start = i < 20 ? 40 + i * 60 : Math.floor(random() * (index.length - len - 1));
      const tagIds = [tags[i % tags.length]?.id ?? ''];
      if (i % 9 === 0) tagIds.push(tags[(i + 3) % tags.length]?.id ?? '');
      await call('passages.create', { sourceId: big.id, target: { start, end: start + len }, tagIds });
    }

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx compiles this file with keepNames, which wraps functions passed to evaluate() in a __name() helper.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(host.url);
    const row = page.locator(`[data-testid="source-row"][data-source-id="${big.id}"]`);
    await row.waitFor();
    await page.getByTestId('reader-text').waitFor();

    const openMs = await page.evaluate(async (id) => {
      const target = document.querySelector<HTMLElement>(`[data-testid="source-row"][data-source-id="${id}"]`);
      if (!target) throw new Error('no row');
      const t0 = performance.now();
      target.click();
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const title = document.querySelector('[data-testid="reader-title"]')?.textContent ?? '';
        if (document.querySelector('.reader-text .hl') && !title.includes('small')) break;
        if (performance.now() - t0 > 60_000) throw new Error('no highlight after 60 s');
      }
      // The frame after the one that committed the highlights is when they are on screen.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - t0;
    }, big.id);
    const api = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => /sources\.read|passages\.listForSource/.test(e.name))
        .map((e) => `${e.name.split('/').pop()} ${Math.round(e.duration)} ms`)
        .join(', '),
    );
    process.stderr.write(`reader bench: open ${Math.round(openMs)} ms; API: ${api}\n`);
    const counts = await page.evaluate(() => ({
      blocks: Number(document.querySelector('[data-testid="reader-text"]')?.getAttribute('data-blocks')),
      mounted: document.querySelectorAll('.reader-text p').length,
      rows: document.querySelectorAll('[data-testid="passage-row"]').length,
    }));
    process.stderr.write(`reader bench: ${counts.blocks} paragraphs, ${counts.mounted} mounted, ${counts.rows} passages listed\n`);

    // Tagging: select a few words in a paragraph on screen, T, an existing tag, Enter → highlight painted.
    const tagTimes: number[] = [];
    for (let run = 0; run < TAG_RUNS; run += 1) {
      await page.evaluate((run) => {
        // A run of text on screen, long enough to select 25 characters inside it.
        const runs = [...document.querySelectorAll<HTMLElement>('.reader-text span[data-o]')].filter((span) => {
          const box = span.getBoundingClientRect();
          return (span.textContent ?? '').length > 40 && box.top > 80 && box.bottom < window.innerHeight - 250;
        });
        const node = runs[(run * 3) % Math.max(runs.length, 1)]?.firstChild ?? null;
        if (!node) throw new Error('no text to select');
        const range = document.createRange();
        range.setStart(node, 5);
        range.setEnd(node, 30);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
        const w = window as unknown as { __tagT0?: number; __tagMs?: number };
        w.__tagMs = undefined;
        const before = document.querySelectorAll('.reader-text .hl').length;
        const onKey = (event: KeyboardEvent) => {
          if (event.key !== 'Enter') return;
          window.removeEventListener('keydown', onKey, true);
          const t0 = performance.now();
          const poll = () => {
            if (document.querySelectorAll('.reader-text .hl').length !== before) {
              requestAnimationFrame(() => (w.__tagMs = performance.now() - t0));
            } else requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
        };
        window.addEventListener('keydown', onKey, true);
      }, run);
      await page.keyboard.press('t');
      await page.getByTestId('tag-picker-input').waitFor();
      await page.keyboard.type('Witn');
      await page.keyboard.press('Enter');
      const ms = await page.waitForFunction(() => (window as unknown as { __tagMs?: number }).__tagMs, undefined, { timeout: 10_000 });
      tagTimes.push(Number(await ms.jsonValue()));
      await page.waitForTimeout(300);
    }

    const scrollP95 = await page.evaluate(async () => {
      const reader = document.querySelector<HTMLElement>('[data-testid="reader"]');
      if (!reader) throw new Error('no reader');
      const frames: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 150; i += 1) {
        reader.scrollTop += 900;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return frames[Math.floor(frames.length * 0.95)] ?? NaN;
    });

    return {
      'reader.open_1mb_2000_ms': Math.round(openMs),
      'reader.tag_ms': Math.round(median(tagTimes) * 10) / 10,
      'reader.tag_max_ms': Math.round(Math.max(...tagTimes) * 10) / 10,
      'reader.scroll_frame_p95_ms': Math.round(scrollP95 * 10) / 10,
      'reader.paragraphs_mounted': counts.mounted,
    };
  } finally {
    await browser.close();
    await host.close();
    await service.close();
    await rm(tmp, { recursive: true, force: true });
  }
}
