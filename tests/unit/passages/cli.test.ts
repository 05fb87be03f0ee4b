import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../main/core/passages/csv';
import { parseQdc } from '../../../main/core/passages/qdc';
import { REPO_ROOT, tempDir } from '../case/helpers';

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'main', 'hosts', 'cli', 'index.ts');
const pass = { CASEFILE_PASSPHRASE: 'a long test passphrase', CASEFILE_RESEARCHER: 'cli-tester' };

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, CASEFILE_NEW_PASSPHRASE: '', ...pass },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let cleanup: () => Promise<void>;
let caseDir: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('casefile-passage-cli-'));
  caseDir = path.join(dir, 'case');
  const source = path.join(dir, 'dossier.txt');
  await writeFile(source, 'Le ministre a reçu 40 000 € de la société Offshore SA. Plus tard, la société Offshore SA a nié.\nאברהם כהן 👩‍💻 signed.\n');
  expect((await cli(['init', caseDir, '--name', 'CLI'])).code).toBe(0);
  expect((await cli(['import', caseDir, source])).code).toBe(0);
}, 60_000);
afterAll(async () => cleanup());

describe('passage CLI', () => {
  it('creates a new parent tag once when two --tag paths share it', async () => {
    const { dir: own, cleanup: done } = await tempDir('casefile-passage-cli-paths-');
    try {
      const ownCase = path.join(own, 'case');
      const source = path.join(own, 'note.txt');
      await writeFile(source, 'The transfer went through Cyprus and Malta in March.\n');
      expect((await cli(['init', ownCase, '--name', 'Paths'])).code).toBe(0);
      expect((await cli(['import', ownCase, source])).code).toBe(0);
      const tagged = await cli(['tag', ownCase, '--source', 'note', '--quote', 'Cyprus and Malta', '--tag', 'Places/Cyprus', '--tag', 'Places/Malta', '--json']);
      expect(tagged.code).toBe(0);
      expect((JSON.parse(tagged.stdout) as { tags: string[] }).tags).toEqual(['Places/Cyprus', 'Places/Malta']);
      const csvPath = path.join(own, 'codebook.csv');
      expect((await cli(['export-codebook', ownCase, '--format', 'csv', '--out', csvPath])).code).toBe(0);
      const rows = parseCsv(await readFile(csvPath, 'utf8'));
      expect(rows.slice(1).map((r) => r[0])).toEqual(['Places', 'Places/Cyprus', 'Places/Malta']);
    } finally {
      await done();
    }
  }, 60_000);

  it('tags by quote (creating the tag path), refuses ambiguity, lists and exports', async () => {
    const tagged = await cli([
      'tag', caseDir, '--source', 'dossier', '--quote', 'reçu 40 000 €', '--tag', 'Money/Bribes', '--note', 'voir, "registre"', '--status', 'to-verify', '--json',
    ]);
    expect(tagged.stderr).toBe('');
    expect(tagged.code).toBe(0);
    const passage = JSON.parse(tagged.stdout) as Record<string, unknown>;
    expect(passage).toMatchObject({
      quote: 'reçu 40 000 €',
      start: 14,
      end: 27,
      tags: ['Money/Bribes'],
      note: 'voir, "registre"',
      status: 'to-verify',
      anchor: 'anchored',
      researcher: 'cli-tester',
      sourceTitle: 'dossier',
    });

    const ambiguous = await cli(['tag', caseDir, '--source', 'dossier', '--quote', 'société Offshore SA', '--tag', 'Companies']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/occurs 2 times/);
    expect(ambiguous.stderr).toMatch(/\[34–53\]/);

    const hebrew = await cli(['tag', caseDir, '--source', 'dossier', '--quote', 'כהן 👩‍💻', '--tag', 'Persons', '--json']);
    expect(hebrew.code).toBe(0);
    const h = JSON.parse(hebrew.stdout) as { start: number; end: number };
    expect(h.end - h.start).toBe([...'כהן 👩‍💻'].length);

    const withContext = await cli([
      'tag', caseDir, '--source', 'dossier', '--quote', 'société Offshore SA', '--prefix', 'Plus tard, la ', '--tag', 'Money/Companies', '--json',
    ]);
    expect(withContext.code).toBe(0);

    const money = await cli(['passages', caseDir, '--tag', 'Money', '--json']);
    const listed = JSON.parse(money.stdout) as { quote: string; tags: string[]; anchor: string }[];
    expect(listed.map((p) => [p.quote, p.tags])).toEqual([
      ['reçu 40 000 €', ['Money/Bribes']],
      ['société Offshore SA', ['Money/Companies']],
    ]);
    const text = await cli(['passages', caseDir]);
    expect(text.stdout).toContain('“reçu 40 000 €”');
    expect(text.stdout).toContain('tags: Persons');

    const csvPath = path.join(dir, 'codebook.csv');
    const csv = await cli(['export-codebook', caseDir, '--format', 'csv', '--out', csvPath, '--json']);
    expect(JSON.parse(csv.stdout)).toMatchObject({ format: 'csv', out: csvPath, tags: 4 });
    const rows = parseCsv(await readFile(csvPath, 'utf8'));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Money', 'Money/Bribes', 'Money/Companies', 'Persons']);
    expect(rows[2]?.[7]).toBe('voir, "registre"');

    const qdcPath = path.join(dir, 'codebook.qdc');
    expect((await cli(['export-codebook', caseDir, '--format', 'qdc', '--out', qdcPath])).code).toBe(0);
    const codes = parseQdc(await readFile(qdcPath, 'utf8'));
    expect(codes.map((c) => [c.name, c.children.map((k) => k.name)])).toEqual([
      ['Money', ['Bribes', 'Companies']],
      ['Persons', []],
    ]);

    const bad = await cli(['export-codebook', caseDir, '--format', 'xlsx', '--out', qdcPath]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/csv or qdc/);
  }, 120_000);
});
