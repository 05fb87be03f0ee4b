/**
 * A full PDF export of a dossier quoting 200 passages from 50 generated sources (English, French, Hebrew, Arabic),
 * including the contents page-number pass, through headless Chromium. Target: dossier.pdf_200_passages_ms ≤ 5,000.
 * The browser is started once before timing, as the app keeps its print engine warm.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { OpenCase } from '../../main/core/case';
import type { IncomingFile } from '../../main/core/case/import-sources';
import { ChromiumPdfPrinter } from '../../main/core/dossier/chromium-printer';
import { exportDossier } from '../../main/core/dossier/export';
import { dossiersOf } from '../../main/core/dossier/model';
import { passagesOf } from '../../main/core/passages/model';

const SENTENCES = [
  'The ministry signed the contract in March 2017 after a meeting in Geneva with the board.',
  'La société a versé le paiement sur un compte offshore ouvert à Genève en août 2018.',
  'העד אמר כי הפגישה התקיימה בתל אביב.',
  'قال الشاهد إن الاجتماع عقد في تل أبيب.',
  'Invoices show transfers routed through three intermediaries before reaching the account.',
  'Le témoin affirme que la réunion a eu lieu au café près de la gare, un mardi matin.',
];

export async function bench(): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'casefile-bench-dossier-'));
  const printer = new ChromiumPdfPrinter();
  const opened = await OpenCase.create(path.join(dir, 'case'), 'Bench', 'bench passphrase', {
    researcher: 'bench',
    vault: { kdf: { memoryKiB: 1024, passes: 1, parallelism: 1 }, allowWeakKdf: true },
  });
  try {
    const files: IncomingFile[] = [];
    for (let s = 0; s < 50; s++) {
      const lines = Array.from({ length: 24 }, (_, i) => `${s}.${i} ${SENTENCES[(s + i) % SENTENCES.length] ?? ''}`);
      files.push({ name: `source-${String(s).padStart(2, '0')}.txt`, path: null, bytes: new TextEncoder().encode(lines.join('\n\n')) });
    }
    await opened.importFiles(files);
    const book = passagesOf(opened, 'bench');
    const tag = await book.createTag({ name: 'Bench', parentId: null, description: '' });
    const sources = [...(await opened.listSources())].sort((a, b) => a.originalName.localeCompare(b.originalName));
    const ids: string[] = [];
    for (const [s, source] of sources.entries()) {
      for (let k = 0; k < 4; k++) {
        const i = k * 5 + 1;
        const quote = `${s}.${i} ${SENTENCES[(s + i) % SENTENCES.length] ?? ''}`;
        const p = await book.create({ sourceId: source.id, target: { quote }, tagIds: [tag.id], note: k === 0 ? 'Checked against the original.' : '', status: null });
        ids.push(p.id);
      }
    }
    const dossiers = dossiersOf(opened, 'bench');
    const d = await dossiers.create({ title: 'Benchmark dossier', author: 'Bench', date: '2024-01-01', label: 'Confidential', paper: 'a4', fromTagIds: [], fromEntityIds: [] });
    for (let sec = 0; sec < 10; sec++) {
      const withSection = await dossiers.addSection(d.id, `Section ${sec + 1}`);
      const section = withSection.sections.at(-1);
      if (!section) throw new Error('no section');
      await dossiers.addBlock(d.id, section.id, { type: 'narrative', markdown: 'What the documents show, in the order they were found.' });
      await dossiers.addBlock(d.id, section.id, { type: 'quotes', passageIds: ids.slice(sec * 20, sec * 20 + 20) });
    }
    const record = dossiers.get(d.id);
    // Warm the engine (browser start) outside the timing, as a running app has it started.
    await printer.print('<html><body>warm</body></html>', { paper: 'a4', headerTemplate: '<span></span>', footerTemplate: '<span></span>', marginsMm: { top: 10, bottom: 10, left: 10, right: 10 } });
    const started = performance.now();
    const file = await exportDossier(opened, 'bench', record, 'pdf', { redact: true, includeInternals: false }, () => printer);
    const ms = performance.now() - started;
    if (file.citations !== 200) throw new Error(`expected 200 citations, got ${file.citations}`);
    return { 'dossier.pdf_200_passages_ms': Math.round(ms), 'dossier.pdf_200_passages_pages': file.pages ?? 0 };
  } finally {
    await opened.close();
    await printer.close();
    await rm(dir, { recursive: true, force: true });
  }
}
