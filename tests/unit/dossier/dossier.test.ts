import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfPrinter } from '../../../main/core/dossier/chromium-printer';
import { CitationCheckError } from '../../../main/core/dossier/export';
import { verifyExportedDossier } from '../../../main/core/dossier/verify-export';
import { passagesOf } from '../../../main/core/passages/model';
import type { PassageRecord } from '../../../shared/domain/passage';
import { REPO_ROOT, tempDir } from '../case/helpers';
import { QUOTES, buildFixture, type Fixture } from './fixture';

const ARTEFACTS = path.join(REPO_ROOT, 'test-results', 'dossier');
const TITLE = 'NSO Group and the SS7 access offer';
const LABEL = 'Confidential — legal review';

let dir: string;
let cleanup: () => Promise<void>;
let printer: ChromiumPdfPrinter;
let f: Fixture;

const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();

async function exportBytes(id: string, format: 'pdf' | 'docx' | 'html' | 'md' | 'json', options: { redact?: boolean; includeInternals?: boolean } = {}): Promise<Buffer> {
  const out = await f.call('dossiers.export', { id, format, options: { redact: options.redact ?? true, includeInternals: options.includeInternals ?? false } });
  return Buffer.from(out.dataBase64, 'base64');
}

function pdfText(pdf: Buffer, name: string, layout = true): string {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('casefile-dossier-'));
  printer = new ChromiumPdfPrinter();
  f = await buildFixture(dir, printer);
  mkdirSync(ARTEFACTS, { recursive: true });
});

afterAll(async () => {
  await f?.close();
  await printer?.close();
  await cleanup?.();
});

describe('dossier PDF', () => {
  it('has the title page, contents with true page numbers, running headers, n / N, every quote and every hash', async () => {
    const pdf = await exportBytes(f.dossierId, 'pdf');
    const pages = pdfText(pdf, 'dossier').split('\f').filter((p) => p.trim().length > 0);
    const total = pages.length;
    expect(total).toBeGreaterThanOrEqual(5);
    pages.forEach((page, i) => {
      expect(page).toContain(TITLE);
      expect(page).toContain(LABEL.toUpperCase());
      expect(page).toMatch(new RegExp(`\\b${i + 1}\\s*/\\s*${total}\\b`));
    });
    expect(pages[0]).toContain('Investigations desk');
    expect(pages[0]).toContain('1 February 2022');

    // Contents: each entry's number must be the page where that heading is printed.
    const toc = pages[1] ?? '';
    expect(toc).toContain('Contents');
    const headings: [string, RegExp][] = [
      ['The offer', /^\s*1\s+The offer\s*$/m],
      ['The whistleblower', /^\s*2\s+The whistleblower\s*$/m],
      ['Notes', /^\s*Notes\s*$/m],
      ['Appendix: sources cited', /^\s*Appendix: sources cited\s*$/m],
    ];
    for (const [title, heading] of headings) {
      const entry = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ .]*\\s(\\d+)\\s*$`, 'm').exec(toc);
      expect(entry, `contents entry for ${title}`).not.toBeNull();
      const claimed = Number(entry?.[1]);
      const actual = pages.findIndex((p, i) => i > 1 && heading.test(p)) + 1;
      expect(actual, `page of heading ${title}`).toBeGreaterThan(2);
      expect(claimed, `contents page for ${title}`).toBe(actual);
    }

    const all = flat(pages.join(' '));
    for (const q of [QUOTES.bags, QUOTES.expert, QUOTES.french]) expect(all).toContain(flat(q));
    for (const s of [f.sources.s000, f.sources.s001, f.sources.s003]) {
      // Once in the endnotes, once in the appendix.
      expect(all.split(s.sha256).length - 1).toBeGreaterThanOrEqual(2);
    }
    // Citation markers follow the quotes, in order.
    expect(all).toMatch(/global mobile networks ?1/);
    // No internals unless asked for.
    expect(all).not.toContain(f.passages.bags);
    expect(all).not.toContain(f.sources.s000.id);

    const info = execFileSync('pdfinfo', [path.join(dir, 'dossier.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(new RegExp(`Title:\\s+${TITLE}`));
    expect(info).toMatch(/Author:\s+Investigations desk/);

    // Artefacts for a person to look at: the title page and the quotes page.
    copyFileSync(path.join(dir, 'dossier.pdf'), path.join(ARTEFACTS, 'dossier.pdf'));
    const quotesPage = pages.findIndex((p) => p.includes('The whistleblower') && p.includes('lanceur')) + 1;
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', path.join(dir, 'dossier.pdf'), path.join(ARTEFACTS, 'page-1-title')]);
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', String(quotesPage), '-l', String(quotesPage), '-singlefile', path.join(dir, 'dossier.pdf'), path.join(ARTEFACTS, 'page-quotes')]);
  });

  it('sets Hebrew and Arabic quotes right to left and they read back in logical order', async () => {
    const d = await f.call('dossiers.create', { title: 'Interview extracts', author: 'Desk', date: '2022-03', label: '' });
    const withSection = await f.call('dossiers.addSection', { dossierId: d.id, title: 'Witness' });
    const sectionId = withSection.sections[0]?.id ?? '';
    const html = await f.call('dossiers.addBlock', { dossierId: d.id, sectionId, block: { type: 'quotes', passageIds: [f.passages.hebrew, f.passages.arabic] } });
    expect(html.sections[0]?.blocks).toHaveLength(1);
    const preview = await f.call('dossiers.preview', { id: d.id });
    expect(preview.html).toMatch(/<blockquote class="quote" dir="rtl">/);
    // pdftotext wraps right-to-left runs in bidi embedding controls; they are not text.
    const text = flat(pdfText(await exportBytes(d.id, 'pdf'), 'rtl', false).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));
    expect(text).toContain(flat(QUOTES.hebrew).replace(/\.$/, ''));
    // Arabic: word order proves logical order; pdftotext spells the lam-alef ligature and a vowel mark of its own way,
    // so the check takes the words without them.
    expect(text).toContain('قال الشاهد إن');
    expect(text).toContain('في تل أبيب');
    expect(text.indexOf('قال الشاهد')).toBeLessThan(text.indexOf('في تل أبيب'));
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '3', '-l', '3', '-singlefile', path.join(dir, 'rtl.pdf'), path.join(ARTEFACTS, 'page-rtl')]);
  });
});

describe('dossier other formats', () => {
  it('DOCX opens, with the quotes and one footnote per citation carrying the hash', async () => {
    const docx = await exportBytes(f.dossierId, 'docx');
    writeFileSync(path.join(ARTEFACTS, 'dossier.docx'), docx);
    const raw = flat((await mammoth.extractRawText({ buffer: docx })).value);
    for (const q of [QUOTES.bags, QUOTES.expert, QUOTES.french]) expect(raw).toContain(flat(q));
    const { value: html } = await mammoth.convertToHtml({ buffer: docx });
    const footnotes = html.match(/<li id="footnote-\d+">/g) ?? [];
    expect(footnotes).toHaveLength(3);
    for (const s of [f.sources.s000, f.sources.s001, f.sources.s003]) expect(html).toContain(s.sha256);
    expect(html).toMatch(/<h1>(<a id="[^"]*"><\/a>)?1\s+The offer<\/h1>/);
  });

  it('standalone HTML has no external references and no scripts', async () => {
    const html = (await exportBytes(f.dossierId, 'html')).toString('utf8');
    writeFileSync(path.join(ARTEFACTS, 'dossier.html'), html);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:|\/\/|file:)/i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:|\/\/|file:)/i);
    expect(html).not.toMatch(/@import/i);
    for (const q of [QUOTES.bags, QUOTES.french]) expect(html).toContain(q.replace(/'/g, '&#39;'));
  });

  it('Markdown carries footnote references and definitions', async () => {
    const md = (await exportBytes(f.dossierId, 'md')).toString('utf8');
    for (const n of [1, 2, 3]) {
      expect(md).toContain(`[^${n}]`);
      expect(md).toMatch(new RegExp(`^\\[\\^${n}\\]: .*SHA-256 \`[0-9a-f]{64}\``, 'm'));
    }
    expect(md).toContain('> had offered “bags of cash” to a US mobile security company');
  });

  it('JSON is Web Annotation JSON-LD that verify-dossier accepts, and rejects once a quote is tampered with', async () => {
    const json = JSON.parse((await exportBytes(f.dossierId, 'json')).toString('utf8')) as Record<string, unknown> & {
      first: { items: Record<string, unknown>[] };
    };
    expect(json['@context']).toContain('http://www.w3.org/ns/anno.jsonld');
    expect(json.type).toBe('AnnotationCollection');
    expect(json.first.items).toHaveLength(3);
    for (const item of json.first.items) {
      expect(item.type).toBe('Annotation');
      expect(String(item.id)).toMatch(/^urn:uuid:/);
      const target = item.target as { source: string; selector: { type: string }[] };
      expect(target.source).toMatch(/^urn:sha256:[0-9a-f]{64}$/);
      expect(target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
      const bodies = item.body as { type: string; purpose: string }[];
      expect(bodies.some((b) => b.type === 'TextualBody' && b.purpose === 'tagging')).toBe(true);
    }
    const commented = json.first.items.find((i) => (i.body as { purpose: string }[]).some((b) => b.purpose === 'commenting'));
    expect(commented).toBeDefined();
    expect(await verifyExportedDossier(f.opened.vault, json)).toMatchObject({ ok: true, checked: 3 });

    const tampered = structuredClone(json);
    const selector = (tampered.first.items[1]?.target as { selector: { exact: string }[] }).selector[0];
    if (selector) selector.exact = selector.exact.replace('Gary Miller', 'Gary Millar');
    const report = await verifyExportedDossier(f.opened.vault, tampered);
    expect(report.ok).toBe(false);
    expect(report.failures.map((x) => x.number)).toEqual([2]);
  });
});

describe('dossier checks', () => {
  it('refuses to export while a cited passage is orphaned, naming the citation', async () => {
    const vault = f.opened.vault;
    const original = vault.db.tables.passages?.[f.passages.french] as PassageRecord;
    const broken: PassageRecord = structuredClone(original);
    broken.selectors.quote = { ...broken.selectors.quote, exact: 'Cette phrase ne figure nulle part dans la source.', prefix: '', suffix: '' };
    await vault.commit([{ op: 'put', table: 'passages', id: broken.id, value: broken }]);
    try {
      const verify = await f.call('dossiers.verify', { id: f.dossierId });
      expect(verify.ok).toBe(false);
      expect(verify.problems.map((p) => [p.number, p.anchor])).toEqual([[3, 'orphaned']]);
      const error = await f.call('dossiers.export', { id: f.dossierId, format: 'md' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CitationCheckError);
      expect((error as Error).message).toMatch(/\[3\] The whistleblower: “Cette phrase ne figure nulle part/);
    } finally {
      await vault.commit([{ op: 'put', table: 'passages', id: original.id, value: original }]);
    }
    expect((await f.call('dossiers.verify', { id: f.dossierId })).ok).toBe(true);
  });

  it('redacts a protected name and its aliases everywhere, and the redacted JSON still verifies', async () => {
    const d = await f.call('dossiers.create', { title: 'Gary Miller and the offer', author: 'Desk', date: '2022-02-01', label: 'Protects Miller' });
    const sectionId = (await f.call('dossiers.addSection', { dossierId: d.id, title: 'What Miller said' })).sections[0]?.id ?? '';
    await f.call('dossiers.addBlock', { dossierId: d.id, sectionId, block: { type: 'quotes', passageIds: [f.passages.expert, f.passages.french] } });
    await f.call('dossiers.addBlock', { dossierId: d.id, sectionId, block: { type: 'entities', entityIds: [f.entityId] } });
    await f.call('dossiers.addBlock', { dossierId: d.id, sectionId, block: { type: 'graph', entityIds: [f.entityId], caption: 'Miller alone' } });
    await f.call('dossiers.addBlock', { dossierId: d.id, sectionId, block: { type: 'note', text: 'Call GARY MILLER back.' } });
    await f.call('dossiers.update', { id: d.id, redactions: [{ entityId: f.entityId, label: '[Source A]' }] });

    const pdfAll = pdfText(await exportBytes(d.id, 'pdf'), 'redacted');
    expect(pdfAll).not.toMatch(/miller/i);
    expect(pdfAll).toContain('[Source A]');
    const info = execFileSync('pdfinfo', [path.join(dir, 'redacted.pdf')], { encoding: 'utf8' });
    expect(info).not.toMatch(/miller/i);
    for (const format of ['html', 'md', 'json'] as const) {
      const text = (await exportBytes(d.id, format)).toString('utf8');
      expect(text, format).not.toMatch(/miller/i);
    }
    const docx = await exportBytes(d.id, 'docx');
    expect((await mammoth.extractRawText({ buffer: docx })).value).not.toMatch(/miller/i);
    const json = JSON.parse((await exportBytes(d.id, 'json')).toString('utf8')) as unknown;
    expect(await verifyExportedDossier(f.opened.vault, json)).toMatchObject({ ok: true, checked: 2 });
    // Without redaction (an internal review copy) the name is there.
    expect((await exportBytes(d.id, 'md', { redact: false })).toString('utf8')).toContain('Gary Miller');
  });

  it('every edit is one undoable step in the shared history', async () => {
    const history = passagesOf(f.opened, 'tester').history;
    const before = await f.call('dossiers.get', { id: f.dossierId });
    const section = before.sections[1];
    const block = section?.blocks[0];
    if (!section || !block || block.type !== 'quotes') throw new Error('fixture changed');
    const reordered = await f.call('dossiers.updateBlock', { dossierId: f.dossierId, blockId: block.id, block: { type: 'quotes', passageIds: [...block.passageIds].reverse() } });
    expect(reordered.sections[1]?.blocks[0]).toMatchObject({ passageIds: [...block.passageIds].reverse() });
    await f.call('dossiers.moveSection', { dossierId: f.dossierId, sectionId: section.id, index: 0 });
    expect(history.state().undo?.label).toBe('Move dossier section');
    await history.undo();
    await history.undo();
    expect(await f.call('dossiers.get', { id: f.dossierId })).toEqual(before);
    await history.redo();
    expect((await f.call('dossiers.get', { id: f.dossierId })).sections[1]?.blocks[0]).toMatchObject({ passageIds: [...block.passageIds].reverse() });
    await history.undo();
  });

  it('drafts one section per tag with its passages in source order', async () => {
    const d = await f.call('dossiers.create', { title: 'Draft', fromTagIds: [f.tags.money, f.tags.whistle], fromEntityIds: [f.entityId] });
    expect(d.sections.map((s) => s.title)).toEqual(['Bags of cash', 'Whistleblower', 'Gary Miller']);
    const quotes = d.sections[1]?.blocks[0];
    expect(quotes?.type).toBe('quotes');
    // Whistleblower passages: 001 (English), 003 (French), then the Hebrew/Arabic note in reading order.
    expect(quotes && quotes.type === 'quotes' ? quotes.passageIds : []).toEqual([f.passages.expert, f.passages.french, f.passages.hebrew, f.passages.arabic]);
    expect(d.sections[2]?.blocks[0]).toMatchObject({ type: 'entities', entityIds: [f.entityId] });
    await expect(f.call('dossiers.addBlock', { dossierId: d.id, sectionId: d.sections[0]?.id ?? '', block: { type: 'quotes', passageIds: ['p-nope'] } })).rejects.toThrow(/No passage/);
  });
});
