import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SEEDS_DIR, tempDir } from '../case/helpers';

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'main', 'hosts', 'cli', 'index.ts');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, CASEFILE_PASSPHRASE: '', CASEFILE_NEW_PASSPHRASE: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let cleanup: () => Promise<void>;
const pass = { CASEFILE_PASSPHRASE: 'a long test passphrase' };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('casefile-cli-'));
});
afterAll(async () => cleanup());

describe('casefile CLI', () => {
  it('creates a case, imports a folder recursively and lists sources as stable JSON', async () => {
    const caseDir = path.join(dir, 'case');
    const init = await cli(['init', caseDir, '--name', 'Pegasus', '--json'], pass);
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ name: 'Pegasus', sourceCount: 0, dir: caseDir });

    const imported = await cli(['import', caseDir, SEEDS_DIR, '--json'], pass);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as { imported: { title: string }[]; duplicates: unknown[]; failed: unknown[] };
    expect(report.imported).toHaveLength(5);
    expect(report.failed).toEqual([]);

    const again = await cli(['import', caseDir, path.join(SEEDS_DIR, '000_dc455200b8660813.txt'), '--json'], pass);
    expect(JSON.parse(again.stdout).duplicates).toHaveLength(1);

    const listed = await cli(['sources', caseDir, '--json'], pass);
    const sources = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(sources).toHaveLength(5);
    for (const source of sources) {
      expect(Object.keys(source)).toEqual(
        expect.arrayContaining(['id', 'title', 'type', 'language', 'sha256', 'size', 'pages', 'author', 'date', 'url']),
      );
    }
    const text = await cli(['sources', caseDir], pass);
    expect(text.stdout).toMatch(/^ID\s+TYPE/);
  });

  it('says one clear sentence for a wrong passphrase, with no stack trace', async () => {
    const caseDir = path.join(dir, 'wrong');
    await cli(['init', caseDir], pass);
    const result = await cli(['sources', caseDir], { CASEFILE_PASSPHRASE: 'not the passphrase' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/passphrase/i);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('never takes a passphrase as an argument and explains where it comes from', async () => {
    const refused = await cli(['sources', path.join(dir, 'x'), '--passphrase', 'secret']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CASEFILE_PASSPHRASE');
    const missing = await cli(['sources', path.join(dir, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No passphrase given/);
  });

  it('reads the passphrase from a file and changes it with passwd', async () => {
    const caseDir = path.join(dir, 'passwd');
    const file = path.join(dir, 'pass.txt');
    await writeFile(file, 'passphrase from a file\n');
    expect((await cli(['init', caseDir, '--passphrase-file', file])).code).toBe(0);
    const changed = await cli(['passwd', caseDir, '--passphrase-file', file], { CASEFILE_NEW_PASSPHRASE: 'the new passphrase' });
    expect(changed.code).toBe(0);
    expect((await cli(['sources', caseDir, '--passphrase-file', file])).code).toBe(1);
    expect((await cli(['sources', caseDir], { CASEFILE_PASSPHRASE: 'the new passphrase' })).code).toBe(0);
    expect((await cli(['verify', caseDir], { CASEFILE_PASSPHRASE: 'the new passphrase' })).stdout).toMatch(/^OK/);
  });

  it('treats a wrong passphrase in verify and passwd as a known problem (exit 1), and reads only the first line of a passphrase file', async () => {
    const caseDir = path.join(dir, 'known');
    const file = path.join(dir, 'two-lines.txt');
    await writeFile(file, 'first line passphrase\n\nsecond line\n');
    expect((await cli(['init', caseDir, '--passphrase-file', file])).code).toBe(0);
    expect((await cli(['sources', caseDir], { CASEFILE_PASSPHRASE: 'first line passphrase' })).code).toBe(0);
    for (const command of [['verify', caseDir], ['passwd', caseDir]]) {
      const result = await cli(command, { CASEFILE_PASSPHRASE: 'not it at all', CASEFILE_NEW_PASSPHRASE: 'whatever new one' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/passphrase/i);
      expect(result.stderr).not.toMatch(/unexpected/);
    }
  });
});

describe('passphrase from the environment', () => {
  it('is removed from the environment once read, so child processes never inherit it', async () => {
    const { readPassphrase } = await import('../../../main/hosts/cli/passphrase');
    process.env.CASEFILE_TEST_SECRET = 'inherited secret';
    try {
      const value = await readPassphrase({ envVar: 'CASEFILE_TEST_SECRET', file: undefined, prompt: 'x', confirm: false });
      expect(value).toBe('inherited secret');
      expect(process.env.CASEFILE_TEST_SECRET).toBeUndefined();
    } finally {
      delete process.env.CASEFILE_TEST_SECRET;
    }
  });
});

