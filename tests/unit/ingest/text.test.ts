import { afterAll, describe, expect, it } from 'vitest';
import { createExtractor, IngestError } from '../../../main/core/ingest';
import { latin1, seed, utf16, utf8 } from './helpers';

const ex = createExtractor({ timeoutMs: 30_000 }, { workers: 1 });
afterAll(() => ex.close());

const FRENCH = "L'éditeur de logiciels espions aurait été prêt à verser une somme d'argent à une firme de sécurité américaine. Où est la vérité ? Ça dépend du témoin, dit-il à Noël.";

describe('plain text through the worker pool', () => {
  it('reads the seeds in their language (003 is French, the rest English)', async () => {
    for (const [prefix, lang] of [['000', 'en'], ['001', 'en'], ['002', 'en'], ['003', 'fr'], ['004', 'en']] as const) {
      const s = seed(prefix);
      const r = await ex.extract(s.name, s.bytes);
      expect(r.type).toBe('txt');
      expect(r.status).toBe('ok');
      expect(r.language, prefix).toBe(lang);
      expect(r.text).toBe(s.text.replace(/\r\n?/g, '\n').normalize('NFC').replace(/[ \t]+$/gm, ''));
    }
  });

  it('judges a long text by its body: an English preface does not make a French report English', async () => {
    const english = seed('000').text.slice(0, 1500);
    const french = seed('003').text;
    const report = await ex.extract('report.txt', utf8(`${english}\n\n${french}\n\n${french}`));
    expect(report.language).toBe('fr');
    const article = await ex.extract('article.txt', utf8(`${seed('000').text}\n\n${seed('002').text}\n\n${french.slice(0, 1200)}`));
    expect(article.language).toBe('en');
  });

  it('takes a short first line followed by a blank line as the title, and nothing else', async () => {
    const titled = await ex.extract('a.txt', seed('004').bytes);
    expect(titled.title).toBe('Israeli Government Officials ‘Visit’ NSO Offices');
    const untitled = await ex.extract('b.txt', seed('000').bytes);
    expect(untitled.title).toBeNull();
  });

  it('decodes Latin-1 French as Windows-1252', async () => {
    const r = await ex.extract('fr.txt', latin1(FRENCH));
    expect(r.text).toBe(FRENCH);
    expect(r.encoding).toBe('windows-1252');
    expect(r.language).toBe('fr');
  });

  it('decodes UTF-8 with BOM, UTF-16 LE/BE with and without BOM', async () => {
    const body = `${FRENCH}\nשלום — مرحبا`;
    const variants: [string, Uint8Array, string][] = [
      ['bom8', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(body)]), 'utf-8'],
      ['le-bom', utf16(body, true, true), 'utf-16le'],
      ['be-bom', utf16(body, false, true), 'utf-16be'],
      ['le', utf16(body, true, false), 'utf-16le'],
      ['be', utf16(body, false, false), 'utf-16be'],
    ];
    for (const [name, bytes, enc] of variants) {
      const r = await ex.extract(`${name}.txt`, bytes);
      expect(r.text, name).toBe(body);
      expect(r.encoding, name).toBe(enc);
    }
  });

  it('recognises Hebrew and Arabic UTF-16 without a byte-order mark', async () => {
    const body = 'החברה הכחישה את הדיווח על תוכנת הריגול, 2021.\nنفت الشركة التقارير عن برنامج التجسس';
    for (const le of [true, false]) {
      const r = await ex.extract('rtl.txt', utf16(body, le, false));
      expect(r.text).toBe(body);
      expect(r.encoding).toBe(le ? 'utf-16le' : 'utf-16be');
    }
  });

  it('normalises CRLF and CR newlines to \\n and decomposed accents to NFC', async () => {
    const r = await ex.extract('n.txt', utf8('Cafe\u0301 one\r\nline two\rline three\r\n'));
    expect(r.text).toBe('Café one\nline two\nline three\n');
  });

  it('keeps damaged UTF-8 as UTF-8 with U+FFFD for the bad bytes and counts them', async () => {
    const good = utf8('Déjà vu — “quoted” text with accents é è à ç, and more words here.');
    const bytes = new Uint8Array([...good.subarray(0, 10), 0xff, 0xfe, ...good.subarray(10)]);
    const r = await ex.extract('bad.txt', bytes);
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toContain('\uFFFD');
    expect(r.metadata.replacedBytes).toBe('2');
  });

  it('refuses binary bytes behind a text extension with one plain line', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    for (const name of ['x.txt', 'x.md', 'x.csv', 'x.html']) {
      const err = await ex.extract(name, garbage).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as Error).message).toBe('This file looks binary, not text.');
    }
  });

  it('refuses empty files and unknown extensions', async () => {
    await expect(ex.extract('e.txt', new Uint8Array())).rejects.toThrow('This file is empty.');
    await expect(ex.extract('e.xyz', utf8('hello'))).rejects.toThrow('Casefile cannot import .xyz files.');
    await expect(ex.extract('blank.txt', utf8('  \n\n \t'))).rejects.toThrow('This file contains no readable text.');
  });

  it('gives null language for text too short to tell, unless its script tells', async () => {
    const r = await ex.extract('short.txt', utf8('Hi there'));
    expect(r.language).toBeNull();
    const captions: [string, string][] = [
      ['政府は購入を否定した。', 'ja'],
      ['政府否认购买', 'zh'],
      ['정부는 부인했다', 'ko'],
      ['אברהם כהן', 'he'],
      ['شركة النور', 'ar'],
    ];
    for (const [caption, language] of captions) expect((await ex.extract('caption.txt', utf8(caption))).language, caption).toBe(language);
  });
});

describe('markdown', () => {
  it('uses the first heading as the title and keeps the source text', async () => {
    const md = '```\n# not a heading\n```\n\nIntro line.\n\n## The *Pegasus* files ##\n\nBody text about [NSO](https://x) here.\n';
    const r = await ex.extract('notes.md', utf8(md));
    expect(r.type).toBe('md');
    expect(r.title).toBe('The Pegasus files');
    expect(r.text).toBe(md);
  });

  it('prefers front matter, and understands setext headings', async () => {
    const front = await ex.extract('a.md', utf8('---\ntitle: "Leak notes"\nauthor: R. Desk\ndate: 2021-07-18\n---\n# Other\n\ntext'));
    expect([front.title, front.author, front.date]).toEqual(['Leak notes', 'R. Desk', '2021-07-18']);
    const setext = await ex.extract('b.md', utf8('Timeline of events\n==================\n\n- 2016: first case'));
    expect(setext.title).toBe('Timeline of events');
  });
});

describe('detectSourceType', () => {
  it('goes by extension and refuses contradicting content', async () => {
    const { detectSourceType } = await import('../../../main/core/ingest');
    const pdfMagic = utf8('%PDF-1.7\n...');
    const zipMagic = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    expect(detectSourceType('Report.PDF', pdfMagic)).toBe('pdf');
    expect(detectSourceType('report.pdf', utf8('<html>'))).toBeNull();
    expect(detectSourceType('memo.docx', zipMagic)).toBe('docx');
    expect(detectSourceType('memo.docx', pdfMagic)).toBeNull();
    expect(detectSourceType('notes.txt', utf8('hello'))).toBe('txt');
    expect(detectSourceType('notes.txt', png)).toBeNull();
    expect(detectSourceType('page.htm', utf8('<p>x</p>'))).toBe('html');
    expect(detectSourceType('data.tsv', utf8('a\tb'))).toBe('csv');
    expect(detectSourceType('mail.eml', utf8('From: a@b.c\r\nSubject: x\r\n\r\nbody'))).toBe('eml');
    expect(detectSourceType('mail.eml', utf8('just some words'))).toBeNull();
    expect(detectSourceType('archive.zip', zipMagic)).toBeNull();
    expect(detectSourceType('README', utf8('x'))).toBeNull();
  });
});
