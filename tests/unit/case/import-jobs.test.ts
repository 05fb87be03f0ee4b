import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/core/api/dispatch';
import { createCaseService, type CaseService } from '../../../main/core/case';
import type { ImportJobStatus, ReanchorReport } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/result';
import type { SourceDetails, SourceListItem } from '../../../shared/domain/source';
import { SEEDS_DIR, TEST_VAULT, tempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let service: CaseService;

async function call<T = unknown>(method: string, input: unknown = {}): Promise<Result<T>> {
  return (await dispatch(service.handlers, method, input)) as Result<T>;
}

async function value<T = unknown>(method: string, input: unknown = {}): Promise<T> {
  const result = await call<T>(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const file = (name: string, text: string | Uint8Array, filePath: string | null = null) => ({
  name,
  path: filePath,
  dataBase64: Buffer.from(text).toString('base64'),
});

async function seeds() {
  const names = (await readdir(SEEDS_DIR)).sort();
  return Promise.all(names.map(async (name) => file(name, await readFile(path.join(SEEDS_DIR, name)))));
}

async function waitForEnd(jobId: string): Promise<ImportJobStatus> {
  for (let i = 0; i < 600; i++) {
    const status = await value<ImportJobStatus>('imports.status', { jobId });
    if (status.state !== 'running') return status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not end');
}

function paragraph(i: number): string {
  const words = ['ledger', 'harbour', 'witness', 'transfer', 'council', 'permit', 'shipment', 'invoice', 'mayor', 'contract'];
  return Array.from({ length: 60 }, (_, j) => `${words[(i * 7 + j * 3) % words.length]}${(i * 31 + j) % 97}`).join(' ');
}

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  service = createCaseService({
    location: { kind: 'project', dir: path.join(dir, 'case') },
    host: 'web',
    seedsDir: SEEDS_DIR,
    researcher: 'tester',
    vault: TEST_VAULT,
  });
  await value('case.create', { name: 'Jobs', passphrase: 'correct horse' });
});

afterEach(async () => {
  await service.close();
  await cleanup();
});

describe('import jobs', () => {
  it('streams files in several batches and ends with a full report: imported, duplicates naming the source, failures', async () => {
    const seedFiles = await seeds();
    const begun = await value<ImportJobStatus>('imports.begin', { total: seedFiles.length + 4 });
    expect(begun).toMatchObject({ state: 'running', total: 9, done: 0, report: null });
    await value('imports.add', { jobId: begun.jobId, files: seedFiles.slice(0, 3) });
    await value('imports.add', {
      jobId: begun.jobId,
      files: [...seedFiles.slice(3), file('again.txt', Buffer.from(seedFiles[0]!.dataBase64, 'base64')), file('empty.txt', '')],
      rejected: [{ file: 'photo.jpg', reason: 'Not a file type Casefile imports (.jpg).' }],
    });
    await value('imports.add', { jobId: begun.jobId, files: [file('broken.pdf', 'this is not a pdf at all')] });
    await value('imports.finish', { jobId: begun.jobId });
    const end = await waitForEnd(begun.jobId);
    expect(end).toMatchObject({ state: 'done', total: 9, done: 9, imported: 5, duplicates: 1, failed: 3, current: null });
    const report = end.report!;
    expect(report.duplicates).toEqual([{ file: 'again.txt', existingId: report.imported[0]!.id, existingTitle: report.imported[0]!.title }]);
    expect(report.failed.map((f) => f.file).sort()).toEqual(['broken.pdf', 'empty.txt', 'photo.jpg']);
    for (const failure of report.failed) expect(failure.reason).toMatch(/^[A-Z].+\.$/);
    expect((await value<SourceListItem[]>('sources.list')).length).toBe(5);
  });

  it('cancels: stops after the files in flight, keeps what was imported, and says cancelled', async () => {
    const begun = await value<ImportJobStatus>('imports.begin', { total: 200 });
    const files = Array.from({ length: 200 }, (_, i) => file(`note-${i}.txt`, `Note ${i}\n\n${paragraph(i)}`));
    for (let i = 0; i < files.length; i += 50) await value('imports.add', { jobId: begun.jobId, files: files.slice(i, i + 50) });
    await value('imports.finish', { jobId: begun.jobId });
    await value('imports.cancel', { jobId: begun.jobId });
    const end = await waitForEnd(begun.jobId);
    expect(end.state).toBe('cancelled');
    expect(end.done).toBeLessThan(200);
    expect(end.report!.imported.length).toBe(end.imported);
    const listed = await value<SourceListItem[]>('sources.list');
    expect(listed.length).toBe(end.imported);
  });

  it('keeps answering other methods while a job runs', async () => {
    await value('sources.import', { files: [file('first.txt', `First\n\n${paragraph(1)}`)] });
    const begun = await value<ImportJobStatus>('imports.begin', { total: 120 });
    const files = Array.from({ length: 120 }, (_, i) => file(`n-${i}.txt`, `N ${i}\n\n${paragraph(i + 5)}`));
    await value('imports.add', { jobId: begun.jobId, files });
    await value('imports.finish', { jobId: begun.jobId });
    const during = await value<ImportJobStatus>('imports.status', { jobId: begun.jobId });
    // Answered before the job could have finished: the handler does not wait for the queue.
    expect(during.state).toBe('running');
    const tag = await value<{ id: string }>('tags.create', { name: 'During import' });
    expect(tag.id).toBeTruthy();
    const end = await waitForEnd(begun.jobId);
    expect(end.imported).toBe(120);
    expect(end.rate).toBeGreaterThan(0);
  });

  it('finds near-duplicates among the seeds (000↔001) and the repetition inside 003', async () => {
    await value('sources.import', { files: await seeds() });
    const list = await value<SourceListItem[]>('sources.list');
    const byName = new Map(list.map((s) => [s.originalName.slice(0, 3), s]));
    const s0 = byName.get('000')!;
    const s1 = byName.get('001')!;
    expect(s0.similar.map((s) => s.id)).toContain(s1.id);
    expect(s1.similar.find((s) => s.id === s0.id)!.overlap).toBeGreaterThan(0.1);
    expect(byName.get('004')!.similar).toEqual([]);
    const details = await value<SourceDetails>('sources.details', { id: s0.id });
    const pair = details.similar.find((s) => s.id === s1.id)!;
    expect(pair.sharedPassages).toBeGreaterThan(0);
    expect(pair.jaccard).toBeGreaterThan(0);
    const s3 = await value<SourceDetails>('sources.details', { id: byName.get('003')!.id });
    expect(s3.source.language).toBe('fr');
    expect(s3.repetition.fraction).toBeGreaterThan(0.3);
    expect(s3.repetition.spans[0]!.excerpt.length).toBeGreaterThan(20);
    expect((await value<SourceDetails>('sources.details', { id: s0.id })).repetition.spans).toEqual([]);
  });

  it('keeps the same similar sources across lock and unlock', async () => {
    await value('sources.import', { files: await seeds() });
    const before = await value<SourceListItem[]>('sources.list');
    await value('case.lock');
    await value('case.unlock', { passphrase: 'correct horse' });
    const after = await value<SourceListItem[]>('sources.list');
    expect(after.map((s) => s.similar)).toEqual(before.map((s) => s.similar));
  });

  it('edits title, author, date and URL, keeping who changed what', async () => {
    const [s] = (await value<{ imported: { id: string; title: string }[] }>('sources.import', { files: [file('memo.txt', paragraph(3))] })).imported;
    const details = await value<SourceDetails>('sources.updateMetadata', {
      id: s!.id,
      title: 'Harbour memo',
      author: 'Port authority',
      date: '2021-07-18',
      url: 'https://example.org/memo',
    });
    expect(details.source).toMatchObject({ title: 'Harbour memo', author: 'Port authority', date: '2021-07-18', url: 'https://example.org/memo' });
    expect(details.edits.map((e) => [e.field, e.from, e.to, e.by])).toEqual([
      ['title', 'memo', 'Harbour memo', 'tester'],
      ['author', null, 'Port authority', 'tester'],
      ['date', null, '2021-07-18', 'tester'],
      ['url', null, 'https://example.org/memo', 'tester'],
    ]);
    const cleared = await value<SourceDetails>('sources.updateMetadata', { id: s!.id, author: '' });
    expect(cleared.source.author).toBeNull();
    expect(await call('sources.updateMetadata', { id: s!.id, title: '  ' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await value('case.lock');
    await value('case.unlock', { passphrase: 'correct horse' });
    const reopened = await value<SourceDetails>('sources.details', { id: s!.id });
    expect(reopened.source.title).toBe('Harbour memo');
    expect(reopened.edits).toHaveLength(5);
  });

  it('adds a revision, keeps the old text, and saves re-anchored passages (moved, changed, orphaned)', async () => {
    const original = [
      'Revision test',
      '',
      'The harbour master signed the permit on Tuesday morning.',
      'A second paragraph names the shipping company Blue Anchor Ltd.',
      'The council voted against the expansion in a closed session.',
    ].join('\n');
    const [s] = (await value<{ imported: { id: string }[] }>('sources.import', { files: [file('rev.txt', original)] })).imported;
    const id = s!.id;
    const mk = async (quote: string) => (await value<{ id: string }>('passages.create', { sourceId: id, target: { quote } })).id;
    const moved = await mk('the permit on Tuesday morning');
    const changed = await mk('names the shipping company Blue Anchor Ltd');
    const orphaned = await mk('voted against the expansion in a closed session');
    const revised = [
      'Revision test',
      '',
      'Editor’s note: corrected on 3 August.',
      '',
      'The harbour master signed the permit on Tuesday morning.',
      'A second paragraph names the shipping company Blue Anchor Limited.',
    ].join('\n');
    const result = await value<{ details: SourceDetails; reanchor: ReanchorReport }>('sources.addRevision', {
      sourceId: id,
      file: file('rev-corrected.txt', revised),
    });
    expect(result.reanchor.moved.map((m) => m.id)).toEqual([moved]);
    expect(result.reanchor.changed.map((m) => m.id)).toEqual([changed]);
    expect(result.reanchor.orphaned.map((m) => m.id)).toEqual([orphaned]);
    expect(result.details.revisions.map((r) => r.number)).toEqual([1, 2]);
    const read = await value<{ text: string }>('sources.read', { id });
    expect(read.text).toContain('Editor’s note');
    const listed = await value<{ textRevision: string; passages: { id: string; anchor: string; start: number | null }[] }>(
      'passages.listForSource',
      { sourceId: id },
    );
    expect(listed.textRevision).toBe(result.details.revisions[1]!.textBlob);
    // Saved selectors: the moved passage is now simply anchored at its new place.
    expect(listed.passages.find((p) => p.id === moved)).toMatchObject({ anchor: 'anchored' });
    expect(listed.passages.find((p) => p.id === orphaned)).toMatchObject({ anchor: 'orphaned', start: null });
    expect(await call('sources.addRevision', { sourceId: id, file: file('again.txt', revised) })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
  });
});

describe('import size limit', () => {
  it('refuses files over CASEFILE_MAX_FILE_MB with a plain reason, before extraction', async () => {
    await service.close();
    const previous = process.env.CASEFILE_MAX_FILE_MB;
    process.env.CASEFILE_MAX_FILE_MB = '0.01';
    try {
      service = createCaseService({
        location: { kind: 'project', dir: path.join(dir, 'case') },
        host: 'web',
        seedsDir: SEEDS_DIR,
        researcher: 'tester',
        vault: TEST_VAULT,
      });
      await value('case.unlock', { passphrase: 'correct horse' });
      const report = await value<{ imported: unknown[]; failed: { file: string; reason: string }[] }>('sources.import', {
        files: [file('big.txt', 'x '.repeat(10_000)), file('small.txt', paragraph(2))],
      });
      expect(report.imported).toHaveLength(1);
      expect(report.failed).toEqual([{ file: 'big.txt', reason: expect.stringMatching(/over the 10 KB import limit/) }]);
    } finally {
      if (previous === undefined) delete process.env.CASEFILE_MAX_FILE_MB;
      else process.env.CASEFILE_MAX_FILE_MB = previous;
    }
  });
});
