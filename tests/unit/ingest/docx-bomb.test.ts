import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createExtractor } from '../../../main/core/ingest';
import { extractDocx } from '../../../main/core/ingest/docx';
import { resolveLimits } from '../../../main/core/ingest/types';
import { utf8 } from './helpers';
import { makeZip, type ZipSpec } from './generate';

const limits = resolveLimits({ maxMemoryMb: 256 });
const DOC = (text: string): Uint8Array =>
  utf8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
const RELS = (target: string): Uint8Array =>
  utf8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/></Relationships>`,
  );
const TYPES = utf8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');

function docx(extra: ZipSpec[], target = 'word/document.xml'): Uint8Array {
  return makeZip([
    { name: '[Content_Types].xml', data: TYPES },
    { name: '_rels/.rels', data: RELS(target) },
    { name: 'word/document.xml', data: DOC('decoy') },
    ...extra,
  ]);
}

describe('docx parts mammoth may read are all bounded', () => {
  it('control: a well-formed hand-built docx still reads', async () => {
    const r = await extractDocx(docx([]), limits);
    expect(r.text).toContain('decoy');
  });

  it('refuses a non-XML part that inflates past its declared size, even when the rels point mammoth at it', async () => {
    // The review's shape: _rels/.rels sends mammoth to word/main.dat, which declares 100 bytes and inflates to far more.
    const big = new Uint8Array(24 * 1024 * 1024).fill(0x41);
    const bomb = docx([{ name: 'word/main.dat', data: big, declaredSize: 100 }], 'word/main.dat');
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expect(extractDocx(bomb, limits)).rejects.toThrow(/looks like a zip bomb/);
  });

  it('refuses a lying part whatever its name (media names included)', async () => {
    const big = new Uint8Array(8 * 1024 * 1024).fill(0x41);
    const bomb = docx([{ name: 'word/media/image1.png', data: big, declaredSize: 100 }]);
    await expect(extractDocx(bomb, limits)).rejects.toThrow(/looks like a zip bomb/);
  });

  it('refuses a main-document relationship that targets a part that is not .xml', async () => {
    const honest = docx([{ name: 'word/main.dat', data: DOC('hidden main document') }], 'word/main.dat');
    await expect(extractDocx(honest, limits)).rejects.toThrow('Not a valid .docx file (its main document is not an XML part).');
    // The same with the target written with a leading slash and entity-escaped, as mammoth would still resolve it.
    const escaped = docx([{ name: 'word/main.dat', data: DOC('hidden') }], '/word/main&#46;dat');
    await expect(extractDocx(escaped, limits)).rejects.toThrow('Not a valid .docx file (its main document is not an XML part).');
  });
});

describe('worker buffer memory is watched, not only the V8 heap', () => {
  const hog = fileURLToPath(new URL('./fixtures/buffer-hog-worker.ts', import.meta.url));
  const ex = createExtractor({ maxMemoryMb: 128, timeoutMs: 60_000 }, { workers: 1, workerEntry: hog });
  afterAll(() => ex.close());

  it('stops a file whose ArrayBuffers outgrow maxMemoryMb with a one-line error, and the next file still reads', async () => {
    // The hog allocates 16 MB Buffers (outside the V8 heap) until it has 'n' × 16 MB; resourceLimits never sees them.
    await expect(ex.extract('a.txt', utf8('40'))).rejects.toThrow(
      /^This file needs more memory than the import limit allows \(128 MB\), so it was stopped\.$/,
    );
    const ok = await ex.extract('b.txt', utf8('2'));
    expect(ok.text).toBe('allocated 32 MB');
  });

  it('blames only the file being read: files sent to the same worker behind it are read by its replacement', async () => {
    // One worker, three files at once: the pool sends the second before the first is answered.
    const [hog, second, third] = await Promise.allSettled([ex.extract('hog.txt', utf8('40')), ex.extract('second.txt', utf8('3')), ex.extract('third.txt', utf8('1'))]);
    expect(hog.status).toBe('rejected');
    expect((hog as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(((hog as PromiseRejectedResult).reason as Error).message).toMatch(/^This file needs more memory/);
    // Read one at a time: had the worker started them together, 40 + 3 + 1 buffers would have been blamed on all.
    expect(second).toEqual({ status: 'fulfilled', value: expect.objectContaining({ text: 'allocated 48 MB' }) });
    expect(third).toEqual({ status: 'fulfilled', value: expect.objectContaining({ text: 'allocated 16 MB' }) });
  });
});
