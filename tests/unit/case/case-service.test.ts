import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../main/core/api/dispatch';
import { createCaseService, type CaseService } from '../../../main/core/case';
import type { Result } from '../../../shared/api/result';
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

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  service = createCaseService({
    location: { kind: 'project', dir: path.join(dir, 'case') },
    host: 'web',
    seedsDir: SEEDS_DIR,
    researcher: 'tester',
    vault: TEST_VAULT,
  });
});

afterEach(async () => {
  await service.close();
  await cleanup();
});

describe('case service', () => {
  it('starts with no case, creates one, and reports it open', async () => {
    expect((await value<{ phase: string }>('session.state')).phase).toBe('no-case');
    const created = await value<{ name: string; sourceCount: number }>('case.create', { name: 'Pegasus', passphrase: 'correct horse' });
    expect(created).toMatchObject({ name: 'Pegasus', sourceCount: 0 });
    expect(await value('session.state')).toMatchObject({ phase: 'open', openCase: { name: 'Pegasus' } });
  });

  it('rejects short passphrases and unknown methods before touching disk', async () => {
    const short = await call('case.create', { name: 'X', passphrase: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('case.delete')).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it('locks, refuses a wrong passphrase, and unlocks with the right one', async () => {
    await value('case.create', { name: 'Pegasus', passphrase: 'correct horse' });
    await value('case.lock');
    expect(await value('session.state')).toMatchObject({ phase: 'locked', openCase: null });
    expect(await call('sources.list')).toMatchObject({ ok: false, error: { code: 'CASE_LOCKED' } });
    expect(await call('case.unlock', { passphrase: 'wrong horse' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await value('case.unlock', { passphrase: 'correct horse' })).toMatchObject({ name: 'Pegasus' });
  });

  it('imports the demo seeds, reads them back after a lock, and skips exact duplicates', async () => {
    const created = await value<{ sourceCount: number }>('case.create', { name: 'Demo', passphrase: 'correct horse', demo: true });
    expect(created.sourceCount).toBe(5);
    await value('case.lock');
    await value('case.unlock', { passphrase: 'correct horse' });
    const sources = await value<{ id: string; originalName: string; sha256: string; type: string }[]>('sources.list');
    expect(sources.map((s) => s.originalName).sort()).toEqual((await readdir(SEEDS_DIR)).sort());
    const french = sources.find((s) => s.originalName.startsWith('003'));
    const read = await value<{ text: string }>('sources.read', { id: french?.id });
    expect(read.text).toContain('lanceur d\'alertes Gary Miller');

    const seedBytes = await readFile(path.join(SEEDS_DIR, french?.originalName ?? ''));
    const again = await value<{ imported: unknown[]; duplicates: { existingId: string }[] }>('sources.import', {
      files: [{ name: 'renamed copy.txt', path: null, dataBase64: seedBytes.toString('base64') }],
    });
    expect(again.duplicates.map((d) => d.existingId)).toEqual([french?.id]);
    expect(again.imported).toEqual([]);
  });

  it('keeps importing after a bad file and names the reason', async () => {
    await value('case.create', { name: 'Mixed', passphrase: 'correct horse' });
    const report = await value<{ imported: { title: string }[]; failed: { file: string; reason: string }[] }>('sources.import', {
      files: [
        { name: 'empty.txt', path: null, dataBase64: '' },
        { name: 'tool.exe', path: null, dataBase64: b64('MZ binary') },
        { name: 'note.md', path: 'folder/note.md', dataBase64: b64('# Meeting notes\n\nMet the source at noon.') },
      ],
    });
    expect(report.imported.map((s) => s.title)).toEqual(['Meeting notes']);
    expect(report.failed.map((f) => f.file)).toEqual(['empty.txt', 'tool.exe']);
    for (const failure of report.failed) expect(failure.reason).toMatch(/\.$/);
  });
});

describe('case library', () => {
  it('gives new cases neutral folder names unless the user picks one, and unlocks each by folder', async () => {
    const library = createCaseService({ location: { kind: 'library', root: path.join(dir, 'lib') }, host: 'electron', seedsDir: SEEDS_DIR, vault: TEST_VAULT });
    try {
      const create = async (input: object) => dispatch(library.handlers, 'case.create', { passphrase: 'correct horse', ...input });
      expect(await create({ name: 'Source: Jane Roe, ministry' })).toMatchObject({ ok: true });
      expect(await create({ name: 'Second', folder: 'harbour' })).toMatchObject({ ok: true });
      expect(await create({ name: 'Third', folder: 'harbour' })).toMatchObject({ ok: false, error: { code: 'CASE_EXISTS' } });
      expect(await create({ name: 'Bad', folder: '../escape' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(await readdir(path.join(dir, 'lib'))).toEqual(['case-1', 'harbour']);
      const state = await dispatch(library.handlers, 'session.state', {});
      expect(state).toMatchObject({ ok: true, value: { mode: 'library', phase: 'open', folder: 'harbour' } });
      await dispatch(library.handlers, 'case.lock', {});
      const unlocked = await dispatch(library.handlers, 'case.unlock', { passphrase: 'correct horse', folder: 'case-1' });
      expect(unlocked).toMatchObject({ ok: true, value: { name: 'Source: Jane Roe, ministry' } });
    } finally {
      await library.close();
    }
  });
});

describe('auto-lock', () => {
  it('locks an idle case after the configured minutes, and never when set to 0', async () => {
    await value('case.create', { name: 'Idle', passphrase: 'correct horse' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      expect(await value('case.setAutoLock', { minutes: 2 })).toEqual({ autoLockMinutes: 2 });
      vi.advanceTimersByTime(60_000);
      await value('sources.list'); // activity restarts the clock
      vi.advanceTimersByTime(90_000);
      expect(await value('session.state')).toMatchObject({ phase: 'open', autoLockMinutes: 2 });
      vi.advanceTimersByTime(31_000);
      await vi.waitFor(async () => expect(await value('session.state')).toMatchObject({ phase: 'locked' }));

      await value('case.unlock', { passphrase: 'correct horse' });
      expect(await value('session.state')).toMatchObject({ autoLockMinutes: 2 }); // stored in the case
      await value('case.setAutoLock', { minutes: 0 });
      vi.advanceTimersByTime(24 * 60 * 60_000);
      expect(await value('session.state')).toMatchObject({ phase: 'open', autoLockMinutes: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});
