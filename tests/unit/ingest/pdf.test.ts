import { afterAll, describe, expect, it } from 'vitest';
import { createExtractor, IngestError } from '../../../main/core/ingest';
import { readPackedCMap } from '../../../main/core/ingest/pdf-cmaps';
import { makeCjkPdf, makeImageOnlyPdf, makePasswordPdf, makePdf } from './generate';

const ex = createExtractor({ timeoutMs: 60_000 }, { workers: 1 });
afterAll(() => ex.close());

const rev = (s: string): string => Array.from(s).reverse().join('');
const cpSlice = (s: string, from: number, to?: number): string => Array.from(s).slice(from, to).join('');

describe('pdf', () => {
  it('extracts text per page with page starts, title, author and date', async () => {
    const pdf = await makePdf({
      title: 'Pegasus: the leaked list',
      author: 'Forbidden Stories',
      created: new Date('2021-07-18T08:30:00Z'),
      pages: [
        [{ text: 'Page one: the NSO Group sold its spyware to governments.' }, { text: 'A second line on page one.' }],
        [{ text: 'Page two – l’éditeur israélien a nié les accusations.' }],
        [{ text: 'Page three: 50,000 phone numbers were on the list.' }, { text: '' }, { text: '' }, { text: 'After a gap.' }],
      ],
    });
    const r = await ex.extract('report.pdf', pdf);
    expect(r.type).toBe('pdf');
    expect(r.status).toBe('ok');
    expect(r.pages).toBe(3);
    expect([r.title, r.author]).toEqual(['Pegasus: the leaked list', 'Forbidden Stories']);
    expect(r.date).toBe('2021-07-18T08:30:00Z');
    expect(r.pageStarts).toHaveLength(3);
    const [p1, p2, p3] = r.pageStarts as [number, number, number];
    expect(cpSlice(r.text, p1, p2).trim()).toBe('Page one: the NSO Group sold its spyware to governments.\nA second line on page one.');
    expect(cpSlice(r.text, p2, p3).trim()).toBe('Page two – l’éditeur israélien a nié les accusations.');
    expect(cpSlice(r.text, p3)).toBe('Page three: 50,000 phone numbers were on the list.\n\nAfter a gap.');
  });

  it('returns Hebrew and Arabic in logical order with ordinary (not presentation-form) letters', async () => {
    const lines = [
      'שלום עולם',
      'مرحبا بالعالم',
      'החברה הכחישה את הדיווח על תוכנת הריגול',
      'نفت الشركة التقارير عن برنامج التجسس',
      'The founders Shalev Hulio (שלו חוליו) and Omri Lavie met investors in Tel Aviv in 2010.',
      'An interview with محمد علي took place in Beirut during the summer of 2019.',
    ];
    const pdf = await makePdf({
      pages: [[
        { text: lines[0] as string },
        { text: lines[1] as string },
        { text: lines[2] as string, rtlWords: true },
        { text: lines[3] as string, rtlWords: true },
        { text: lines[4] as string, painted: 'The founders Shalev Hulio (' + rev('שלו חוליו') + ') and Omri Lavie met investors in Tel Aviv in 2010.' },
        { text: lines[5] as string, painted: 'An interview with ' + rev('محمد علي') + ' took place in Beirut during the summer of 2019.' },
      ]],
    });
    const r = await ex.extract('rtl.pdf', pdf);
    expect(r.text.split('\n')).toEqual(lines);
    expect(r.text).not.toMatch(/[\ufb50-\ufdff\ufe70-\ufeff]/);
  });

  it('puts Latin words and mirrored brackets inside a Hebrew line back in reading order', async () => {
    // Reading order: החברה (NSO) הכחישה [שוב] את הדיווח — painted right to left, brackets mirrored.
    const visualTokens = ['הדיווח', ' ', 'את', ' ', '[', 'שוב', ']', ' ', 'הכחישה', ' ', '(', 'NSO', ')', ' ', 'החברה'];
    const r = await ex.extract('mixed.pdf', await makePdf({ pages: [[{ text: '', visualTokens }]] }));
    expect(r.text).toBe('החברה (NSO) הכחישה [שוב] את הדיווח');
    expect(r.text).not.toMatch(/[\ufb50-\ufdff\ufe70-\ufeff]/);
  });

  it('reads Chinese, Japanese and Korean set in fonts that only Adobe\'s CMaps can decode', async () => {
    // No embedded font and no ToUnicode: without the CMaps pdf.js reported "no text layer" for this file.
    const r = await ex.extract('cjk.pdf', makeCjkPdf([
      { text: '日本語の調査報道', cmap: 'UniJIS-UCS2-H', ordering: 'Japan1' },
      { text: '调查记者的报告', cmap: 'UniGB-UCS2-H', ordering: 'GB1' },
      { text: '調查記者的報告', cmap: 'UniCNS-UCS2-H', ordering: 'CNS1' },
      { text: '탐사 보도 기자', cmap: 'UniKS-UCS2-H', ordering: 'Korea1' },
    ]));
    expect(r.status).toBe('ok');
    expect(r.text.split('\n\n')).toEqual(['日本語の調査報道', '调查记者的报告', '調查記者的報告', '탐사 보도 기자']);
    const sentence = '政府は監視ソフトウェアの購入を否定した。記者は契約書の写しを入手している。';
    const japanese = await ex.extract('ja.pdf', makeCjkPdf([{ text: sentence, cmap: 'UniJIS-UCS2-H', ordering: 'Japan1' }]));
    expect(japanese.text).toBe(sentence);
    expect(japanese.language).toBe('ja');
  });

  it('reads only plain CMap names, whatever a crafted PDF asks for', async () => {
    expect((await readPackedCMap('Adobe-Japan1-UCS2.bcmap')).byteLength).toBeGreaterThan(1000);
    for (const name of ['../../package.json', '/etc/passwd', 'UniJIS-UCS2-H', '..bcmap', 'a/b.bcmap']) {
      await expect(readPackedCMap(name), name).rejects.toThrow('Not a CMap name');
    }
  });

  it('marks password-protected and image-only PDFs as having no text layer', async () => {
    const locked = await ex.extract('locked.pdf', await makePasswordPdf());
    expect(locked.status).toBe('no-text-layer');
    expect(locked.text).toBe('');
    const scanned = await ex.extract('scan.pdf', await makeImageOnlyPdf(2));
    expect(scanned.status).toBe('no-text-layer');
    expect(scanned.pages).toBe(2);
    expect(scanned.language).toBeNull();
  });

  it('refuses truncated PDFs and non-PDFs with one plain line', async () => {
    const pdf = await makePdf({ pages: [[{ text: 'Some text that will be cut off halfway through the file.' }]] });
    const cut = await ex.extract('cut.pdf', pdf.subarray(0, Math.floor(pdf.length * 0.6))).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(IngestError);
    expect((cut as Error).message).toBe('This PDF file is incomplete (it was cut off, perhaps during a download).');
    await expect(ex.extract('fake.pdf', new TextEncoder().encode('hello, not a pdf'))).rejects.toThrow('Not a valid PDF file (it does not start like one).');
  });
});
