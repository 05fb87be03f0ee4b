import { randomBytes } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/core/api/dispatch';
import { createCaseService } from '../../../main/core/case';
import { makeDocx, makePdf } from '../ingest/generate';
import { TEST_VAULT, tempDir } from './helpers';

/** Every encoding a careless implementation might leave a secret in. */
function encodings(canary: string): Buffer[] {
  const utf8 = Buffer.from(canary, 'utf8');
  return [utf8, Buffer.from(canary, 'utf16le'), Buffer.from(canary, 'utf16le').swap16(), Buffer.from(utf8.toString('base64').slice(0, 24))];
}

async function filesUnder(root: string, since: number, into: string[] = []): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return into;
  }
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) await filesUnder(full, since, into);
    else if (entry.isFile()) {
      const info = await stat(full).catch(() => null);
      if (info && info.mtimeMs >= since && info.size < 64 * 1024 * 1024) into.push(full);
    }
  }
  return into;
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('casefile-canary-')));
afterAll(async () => cleanup());

describe('no plaintext on disk', () => {
  it('leaves no trace of case names, file names or contents in the case folder or the temp directory', async () => {
    const started = Date.now() - 1000;
    const tag = randomBytes(6).toString('hex');
    const canaries = {
      caseName: `CaseNameCanary${tag}`,
      utf8: `Utf8BodyCanary${tag} révélé`,
      utf16: `Utf16BodyCanary${tag}`,
      html: `HtmlTitleCanary${tag}`,
      fileName: `FileNameCanary${tag}`,
      pdf: `PdfBodyCanary${tag}`,
      docx: `DocxBodyCanary${tag}`,
      tagName: `TagCanary${tag}`,
      note: `NoteCanary${tag}`,
      entity: `EntityCanary${tag}`,
      dossier: `DossierCanary${tag}`,
    };
    const caseDir = path.join(dir, 'case');
    const service = createCaseService({
      location: { kind: 'project', dir: caseDir },
      host: 'web',
      seedsDir: path.join(dir, 'no-seeds'),
      vault: TEST_VAULT,
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Interview notes.\n${canaries.utf16} said so.\n`, 'utf16le')]);
    const html = `<html><head><title>${canaries.html}</title></head><body><article><p>${canaries.html} paragraph with enough words to count as content for extraction purposes.</p></article></body></html>`;
    const pdf = await makePdf({ title: canaries.pdf, pages: [[{ text: `The ${canaries.pdf} page text.` }]] });
    const docx = await makeDocx({ heading: 'Memo', paragraphs: [`The ${canaries.docx} paragraph.`] });
    const created = await dispatch(service.handlers, 'case.create', { name: canaries.caseName, passphrase: 'a long test passphrase' });
    expect(created.ok).toBe(true);
    const imported = await dispatch(service.handlers, 'sources.import', {
      files: [
        { name: `${canaries.fileName}.txt`, path: `secret-folder/${canaries.fileName}.txt`, dataBase64: Buffer.from(`${canaries.utf8}\n`).toString('base64') },
        { name: 'utf16.txt', path: null, dataBase64: utf16.toString('base64') },
        { name: 'page.html', path: null, dataBase64: Buffer.from(html).toString('base64') },
        { name: 'report.pdf', path: null, dataBase64: Buffer.from(pdf).toString('base64') },
        { name: 'memo.docx', path: null, dataBase64: Buffer.from(docx).toString('base64') },
      ],
    });
    expect(imported).toMatchObject({ ok: true, value: { failed: [] } });
    const ok = async <T>(method: string, input: unknown): Promise<T> => {
      const result = await dispatch(service.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as T;
    };
    // Annotate too: tags, notes, entities and dossiers live in the same encrypted database and journal.
    const sources = await ok<{ id: string; type: string }[]>('sources.list', {});
    const pdfSource = sources.find((s) => s.type === 'pdf');
    expect(pdfSource).toBeDefined();
    const tagView = await ok<{ id: string }>('tags.create', { name: canaries.tagName });
    const passage = await ok<{ id: string }>('passages.create', {
      sourceId: pdfSource?.id,
      target: { quote: canaries.pdf },
      tagIds: [tagView.id],
      note: canaries.note,
    });
    await ok('entities.create', { type: 'Person', name: canaries.entity, passageIds: [passage.id] });
    await ok('dossiers.create', { title: canaries.dossier });
    // Reading back proves the canaries really went in; then lock so everything is flushed.
    const listed = await dispatch(service.handlers, 'sources.list', {});
    expect(JSON.stringify(listed)).toContain(canaries.fileName);
    await service.close();

    const files = [...(await filesUnder(caseDir, 0)), ...(await filesUnder(os.tmpdir(), started))];
    expect(files.length).toBeGreaterThan(2);
    const leaks: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file).catch(() => null);
      if (!bytes) continue;
      for (const [name, canary] of Object.entries(canaries)) {
        if (encodings(canary).some((needle) => bytes.includes(needle))) leaks.push(`${name} in ${file}`);
      }
      if (bytes.includes(Buffer.from(canaries.fileName))) leaks.push(`file name in ${file}`);
    }
    expect(leaks).toEqual([]);
  });
});
