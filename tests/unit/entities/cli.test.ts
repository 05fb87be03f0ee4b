import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../case/helpers';

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'main', 'hosts', 'cli', 'index.ts');
const env = { CASEFILE_PASSPHRASE: 'a long test passphrase' };

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('casefile-entity-cli-'));
});
afterAll(async () => cleanup());

describe('entity CLI', () => {
  it('adds, lists, suggests, links and exports FtM', async () => {
    const caseDir = path.join(dir, 'demo');
    expect((await cli(['init', caseDir, '--demo'])).code).toBe(0);
    const added = await cli(['entity', caseDir, 'add', '--type', 'Person', '--name', 'Gary Miller', '--alias', 'Miller', '--json']);
    expect(added.code).toBe(0);
    const entity = JSON.parse(added.stdout) as { id: string; mentions: number };
    expect(entity.mentions).toBeGreaterThan(5);

    const tagged = await cli(['tag', caseDir, '--source', '001_400f113be264b4d7', '--quote', 'The mobile-phone security expert Gary Miller', '--tag', 'People', '--json']);
    expect(tagged.code, tagged.stderr).toBe(0);
    const passage = JSON.parse(tagged.stdout) as { id: string };
    expect((await cli(['link', caseDir, '--passage', passage.id, '--entity', 'miller'])).code).toBe(0);

    const listed = await cli(['entities', caseDir, '--type', 'Person', '--json']);
    const entities = JSON.parse(listed.stdout) as { id: string; name: string; passages: number; mentions: number; relationships: number }[];
    expect(entities).toEqual([expect.objectContaining({ id: entity.id, name: 'Gary Miller', passages: 1, relationships: 0 })]);

    const suggested = await cli(['suggest', caseDir, '--json']);
    const suggestions = JSON.parse(suggested.stdout) as { name: string; type: string; sources: { id: string; count: number }[] }[];
    expect(suggestions.map((s) => s.name)).toContain('Omri Lavie');
    expect(suggestions.map((s) => s.name)).not.toContain('Gary Miller');

    const out = path.join(dir, 'out.ftm.json');
    expect((await cli(['export-ftm', caseDir, '--out', out])).code).toBe(0);
    const line = JSON.parse((await readFile(out, 'utf8')).trim().split('\n')[0] ?? '{}') as { schema: string; properties: { name: string[] } };
    expect(line).toMatchObject({ schema: 'Person', properties: { name: ['Gary Miller'] } });

    const bad = await cli(['entity', caseDir, 'add', '--type', 'Planet', '--name', 'X']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--type is one of');
  }, 120_000);
});
