/** Sample files of every format and a deterministic mutator, shared by the fuzz test and the soak run. */
import { IngestError, type ExtractedSource, type Extractor } from '../../../main/core/ingest';
import { makeCjkPdf, makeDocx, makeEml, makePdf, makeZip } from './generate';
import { latin1, seed, utf16, utf8 } from './helpers';

export interface Sample {
  name: string;
  bytes: Uint8Array;
}

export async function buildSamples(): Promise<Sample[]> {
  const french = seed('003').text.slice(0, 1500);
  const english = seed('000').text.slice(0, 1500);
  return [
    { name: 'a.txt', bytes: utf8(english) },
    { name: 'b.txt', bytes: latin1(Array.from(french, (c) => (c.charCodeAt(0) > 0xff ? '?' : c)).join('')) },
    { name: 'c.txt', bytes: utf16(french, true, true) },
    { name: 'd.md', bytes: utf8(`# Title\n\n${english}\n\n## Section\n\n- item`) },
    {
      name: 'e.html',
      bytes: utf8(
        `<html><head><title>x</title><meta property="og:title" content="Story"><script>evil()</script></head><body><article><h1>Story</h1><p>${english}</p><img src="http://x/y.png" onerror="evil()"><p>${french}</p></article></body></html>`,
      ),
    },
    { name: 'f.pdf', bytes: await makePdf({ title: 'T', pages: [[{ text: english.slice(0, 80) }, { text: 'שלום עולם', rtlWords: true }], [{ text: french.slice(0, 80) }]] }) },
    { name: 'g.docx', bytes: await makeDocx({ title: 'Memo', heading: 'Heading', paragraphs: [english.slice(0, 400), french.slice(0, 400)] }) },
    { name: 'h.eml', bytes: makeEml({ subject: 'Sujet', plain: french.slice(0, 600), html: `<p>${english.slice(0, 300)}</p>`, attachment: { name: 'a.bin', data: new Uint8Array(300).fill(1), type: 'application/octet-stream' } }) },
    { name: 'i.csv', bytes: utf8('a,b,c\n' + Array.from({ length: 40 }, (_, i) => `"${i}, x",${english.slice(i * 10, i * 10 + 20)},é${i}`).join('\n')) },
    // CJK under predefined CMaps: mutations reach pdf.js's CMap loading with damaged names and data.
    { name: 'k.pdf', bytes: makeCjkPdf([{ text: '日本語の調査報道', cmap: 'UniJIS-UCS2-H', ordering: 'Japan1' }, { text: '调查记者', cmap: 'UniGB-UCS2-H', ordering: 'GB1' }]) },
    { name: 'j.docx', bytes: makeZip([{ name: 'word/document.xml', data: utf8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:body></w:document>') }]) },
  ];
}

/** xorshift32: reproducible runs, so a failing input can be rebuilt from its index. */
export function rng(seedValue: number): () => number {
  let s = seedValue >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

export function mutate(samples: Sample[], index: number): Sample & { how: string } {
  const r = rng(index * 2654435761 + 12345);
  const int = (n: number): number => Math.floor(r() * n);
  const base = samples[index % samples.length] as Sample;
  const bytes = base.bytes.slice();
  const kind = int(8);
  let out: Uint8Array = bytes;
  let how = '';
  switch (kind) {
    case 0: {
      const flips = 1 + int(16);
      for (let i = 0; i < flips; i++) {
        const at = int(bytes.length);
        bytes[at] = (bytes[at] as number) ^ (1 << int(8));
      }
      how = `flip×${flips}`;
      break;
    }
    case 1:
      out = bytes.subarray(0, int(bytes.length));
      how = `truncate@${out.length}`;
      break;
    case 2: {
      const other = (samples[int(samples.length)] as Sample).bytes;
      const from = int(other.length);
      const chunk = other.subarray(from, from + 1 + int(2000));
      const at = int(bytes.length);
      out = new Uint8Array([...bytes.subarray(0, at), ...chunk, ...bytes.subarray(at)]);
      how = `splice@${at}+${chunk.length}`;
      break;
    }
    case 3: {
      out = new Uint8Array(1 + int(4096)).map(() => int(256));
      how = `random${out.length}`;
      break;
    }
    case 4: {
      const at = int(bytes.length);
      const len = 1 + int(512);
      bytes.fill(int(2) ? 0 : 0xff, at, at + len);
      how = `fill@${at}+${len}`;
      break;
    }
    case 5: {
      // Repeat a slice many times: deep nesting and long runs stress parsers differently than noise does.
      const at = int(bytes.length);
      const slice = bytes.subarray(at, at + 1 + int(64));
      const times = 1 + int(200);
      const parts: Uint8Array[] = [bytes.subarray(0, at)];
      for (let i = 0; i < times; i++) parts.push(slice);
      parts.push(bytes.subarray(at));
      out = Buffer.concat(parts);
      how = `repeat@${at}×${times}`;
      break;
    }
    case 6: {
      const at = int(bytes.length);
      const len = int(Math.min(4096, bytes.length - at));
      out = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + len)]);
      how = `delete@${at}+${len}`;
      break;
    }
    default: {
      const tokens = ['<script>', '</p>', '<<', '>>', 'obj', 'endobj', 'stream', '%%EOF', '\r\n\r\n', '--', '"', ',', '\u0000', '\ufffd', '=?UTF-8?B?', 'PK\u0003\u0004', '<!--', ']]>', '&#x0;'];
      const n = 1 + int(10);
      const parts: Uint8Array[] = [];
      let pos = 0;
      for (let i = 0; i < n; i++) {
        const at = Math.max(pos, int(bytes.length));
        parts.push(bytes.subarray(pos, at), utf8(tokens[int(tokens.length)] as string));
        pos = at;
      }
      parts.push(bytes.subarray(pos));
      out = Buffer.concat(parts);
      how = `tokens×${n}`;
    }
  }
  return { name: base.name, bytes: new Uint8Array(out), how };
}

export interface FuzzStats {
  ok: number;
  noText: number;
  ingestErrors: number;
  timeouts: number;
  crashes: { index: number; name: string; how: string; error: string }[];
  invalid: { index: number; name: string; how: string; problem: string }[];
  slowestMs: number;
  slowest: string;
  messages: Map<string, number>;
}

/** Checks what every successful extraction must satisfy, whatever the input. */
export function validate(r: ExtractedSource): string | null {
  if (typeof r.text !== 'string') return 'text is not a string';
  if (r.text !== r.text.normalize('NFC')) return 'text is not NFC';
  if (r.text.includes('\r')) return 'text has \\r';
  if (r.status === 'ok' && r.text.trim() === '') return 'ok status with empty text';
  if (r.pageStarts) {
    const len = Array.from(r.text).length;
    let prev = -1;
    for (const p of r.pageStarts) {
      if (p < prev || p > len) return 'pageStarts out of order or range';
      prev = p;
    }
    if (r.pages !== null && r.pageStarts.length !== r.pages) return 'pageStarts length differs from pages';
  }
  if (r.date !== null && Number.isNaN(Date.parse(r.date))) return `bad date ${r.date}`;
  return null;
}

export async function runFuzz(ex: Extractor, samples: Sample[], count: number, opts: { concurrency: number; timeoutMs: number; offset?: number; onProgress?: (done: number) => void }): Promise<FuzzStats> {
  const stats: FuzzStats = { ok: 0, noText: 0, ingestErrors: 0, timeouts: 0, crashes: [], invalid: [], slowestMs: 0, slowest: '', messages: new Map() };
  let next = 0;
  let done = 0;
  const offset = opts.offset ?? 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = offset + next++;
      const input = mutate(samples, index);
      const t0 = performance.now();
      try {
        const r = await ex.extract(input.name, input.bytes);
        if (r.status === 'ok') stats.ok++;
        else stats.noText++;
        const problem = validate(r);
        if (problem) stats.invalid.push({ index, name: input.name, how: input.how, problem });
      } catch (e) {
        if (e instanceof IngestError) {
          stats.ingestErrors++;
          if (/took longer than/.test(e.message)) stats.timeouts++;
          if (e.message.includes('\n') || e.message.length > 200) stats.invalid.push({ index, name: input.name, how: input.how, problem: `message not one short line: ${e.message}` });
          stats.messages.set(e.message, (stats.messages.get(e.message) ?? 0) + 1);
        } else {
          stats.crashes.push({ index, name: input.name, how: input.how, error: String(e) });
        }
      }
      const ms = performance.now() - t0;
      if (ms > stats.slowestMs) {
        stats.slowestMs = ms;
        stats.slowest = `#${index} ${input.name} ${input.how}`;
      }
      done++;
      opts.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  return stats;
}
