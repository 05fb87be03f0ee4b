// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../shared/api/contract';
import {
  BATCH_LIMITS,
  importInBatches,
  planBatches,
  readAsBase64,
} from '../../../renderer/features/library/importBatches';
import type { ImportFile, PickedFile } from '../../../renderer/features/library/importBatches';

function picked(name: string, size = 10, path: string | null = null): PickedFile {
  return { file: new File([new Uint8Array(size)], name), path };
}

const emptyReport = (): ImportReport => ({ imported: [], duplicates: [], failed: [] });

describe('planBatches', () => {
  it('caps the number of files per call', () => {
    const files = Array.from({ length: 45 }, (_, i) => picked(`f${i}.txt`));
    expect(planBatches(files).map((batch) => batch.length)).toEqual([20, 20, 5]);
  });

  it('caps the bytes per call and sends an oversized file alone', () => {
    const limits = { files: 20, bytes: 100 };
    const files = [picked('a.txt', 60), picked('b.txt', 50), picked('huge.pdf', 500), picked('c.txt', 10)];
    const names = planBatches(files, limits).map((batch) => batch.map((p) => p.file.name));
    expect(names).toEqual([['a.txt'], ['b.txt'], ['huge.pdf'], ['c.txt']]);
  });

  it('keeps the default byte budget within ~16 MB once base64-encoded', () => {
    expect(Math.ceil(BATCH_LIMITS.bytes / 3) * 4).toBeLessThanOrEqual(16 * 1024 * 1024);
  });
});

describe('importInBatches', () => {
  it('sends accepted files in batches, merges reports and reports progress up to the total', async () => {
    const files = Array.from({ length: 23 }, (_, i) => picked(`doc${i}.md`, 5, `folder/doc${i}.md`));
    const calls: ImportFile[][] = [];
    const progress: number[] = [];
    const report = await importInBatches(files, {
      read: async () => 'QUJD',
      send: async (batch) => {
        calls.push(batch);
        return { ...emptyReport(), duplicates: batch.slice(0, 1).map((f) => ({ file: f.name, existingId: 'x', existingTitle: 'X' })) };
      },
      onProgress: (p) => progress.push(p.done),
    });
    expect(calls.map((batch) => batch.length)).toEqual([20, 3]);
    expect(calls[0]?.[0]).toEqual({ name: 'doc0.md', path: 'folder/doc0.md', dataBase64: 'QUJD' });
    expect(report.duplicates).toHaveLength(2);
    expect(progress.at(-1)).toBe(23);
  });

  it('fails unsupported, unreadable and rejected files one by one without stopping the rest', async () => {
    const files = [picked('photo.jpg'), picked('unreadable.txt'), picked('a.txt'), picked('b.pdf')];
    let sends = 0;
    const report = await importInBatches(files, {
      read: async (blob) => {
        if ((blob as File).name === 'unreadable.txt') throw new Error('permission denied');
        return 'eA==';
      },
      send: async () => {
        sends += 1;
        if (sends === 1) throw new Error('The host refused this batch.');
        return { ...emptyReport(), imported: [] };
      },
    });
    expect(report.failed.map((f) => f.file).sort()).toEqual(['a.txt', 'b.pdf', 'photo.jpg', 'unreadable.txt']);
    expect(report.failed.find((f) => f.file === 'photo.jpg')?.reason).toMatch(/\.jpg/);
    expect(report.failed.find((f) => f.file === 'unreadable.txt')?.reason).toMatch(/permission denied/);
    expect(report.failed.find((f) => f.file === 'a.txt')?.reason).toBe('The host refused this batch.');
  });

  it('continues with later batches after one batch fails', async () => {
    const files = Array.from({ length: 25 }, (_, i) => picked(`n${i}.txt`));
    let sends = 0;
    const report = await importInBatches(files, {
      read: async () => 'eA==',
      send: async (batch) => {
        sends += 1;
        if (sends === 1) throw new Error('boom');
        return { ...emptyReport(), failed: batch.map((f) => ({ file: f.name, reason: 'empty' })) };
      },
    });
    expect(sends).toBe(2);
    expect(report.failed).toHaveLength(25);
  });
});

describe('readAsBase64', () => {
  it('returns bare base64 without the data-URL prefix', async () => {
    await expect(readAsBase64(new Blob(['Hé'], { type: 'text/plain' }))).resolves.toBe('SMOp');
  });
});
