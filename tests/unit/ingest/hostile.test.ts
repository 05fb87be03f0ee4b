import { afterAll, describe, expect, it } from 'vitest';
import { createExtractor, IngestError, DEFAULT_LIMITS } from '../../../main/core/ingest';
import { makePdf } from './generate';
import { seed, utf8 } from './helpers';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});
function extractor(...args: Parameters<typeof createExtractor>): ReturnType<typeof createExtractor> {
  const ex = createExtractor(...args);
  closers.push(() => ex.close());
  return ex;
}

async function ingestError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IngestError);
  const message = (e as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('hostile and broken input', () => {
  const ex = extractor({ timeoutMs: 20_000 }, { workers: 1 });

  it('refuses an empty file of every type with the same plain line', async () => {
    for (const ext of ['txt', 'md', 'html', 'pdf', 'docx', 'eml', 'csv']) {
      expect(await ingestError(ex.extract(`empty.${ext}`, new Uint8Array()))).toBe('This file is empty.');
    }
  });

  it('names the size limit when a file is too big, without sending it to a worker', async () => {
    const small = extractor({ maxFileBytes: 1024 }, { workers: 1 });
    const message = await ingestError(small.extract('big.txt', new Uint8Array(5000).fill(0x61)));
    expect(message).toBe('This file is 5 KB, over the 1 KB import limit.');
    expect(DEFAULT_LIMITS.maxFileBytes).toBeGreaterThan(0);
  });

  it('stops a file that takes too long and replaces the killed worker', async () => {
    const slow = extractor({ timeoutMs: 1 }, { workers: 1 });
    const pdf = await makePdf({ pages: Array.from({ length: 30 }, (_, i) => [{ text: `Page ${i} of a long report.` }]) });
    const message = await ingestError(slow.extract('slow.pdf', pdf));
    expect(message).toBe('Reading this file took longer than 0 s, so it was stopped.');
    // The killed worker was replaced: the same pool starts a new one and times that file out just as cleanly,
    // while another pool with a sane limit reads the same file.
    const ok = extractor({ timeoutMs: 30_000 }, { workers: 1 });
    const [again, fine] = await Promise.all([ingestError(slow.extract('slow2.pdf', pdf)), ok.extract('fine.pdf', pdf)]);
    expect(again).toBe(message);
    expect(fine.pages).toBe(30);
  });

  it('reads absurdly nested HTML in linear time instead of hanging on it', async () => {
    const n = 60_000;
    const deep = utf8('<html><body><p>Start of the page.</p>' + '<div><table><tr><td>'.repeat(n) + 'deep text' + '</td></tr></table></div>'.repeat(n) + '<script>evil()</script></body></html>');
    const t0 = performance.now();
    const r = await ex.extract('deep.html', deep);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.text).toContain('Start of the page.');
    expect(r.text).toContain('deep text');
    expect(r.text).not.toContain('evil');
    expect(r.metadata.note).toMatch(/nested too deeply/);
  });

  it('stops a file that needs more memory than allowed, with a plain message', async () => {
    // 128 MB leaves room for the language tables (~40 MB) that every worker loads.
    const tight = extractor({ maxMemoryMb: 128, timeoutMs: 60_000 }, { workers: 1 });
    // 48 MB of short CSV rows: the parsed rows alone need far more than 128 MB of heap.
    const row = 'a,b,c,d,e,f,g,h\n';
    const csv = utf8('h1,h2,h3,h4,h5,h6,h7,h8\n' + row.repeat(Math.ceil((48 * 1024 * 1024) / row.length)));
    const message = await ingestError(tight.extract('huge.csv', csv));
    expect(message).toBe('Reading this file needed more than the 128 MB memory limit, so it was stopped.');
    const next = await tight.extract('small.txt', seed('004').bytes);
    expect(next.title).toBe('Israeli Government Officials ‘Visit’ NSO Offices');
  }, 120_000);

  it('rejects work after close()', async () => {
    const pool = createExtractor({}, { workers: 1 });
    await pool.close();
    await expect(pool.extract('a.txt', utf8('hello'))).rejects.toThrow('This extractor has been closed.');
  });
});
