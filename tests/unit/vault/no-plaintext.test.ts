import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changePassphrase, createVault, openVault } from '../../../main/core/vault';
import { WEAK, caseDir } from './helpers';

/** Every way the canary could leak: UTF-8, UTF-16LE, hex, and base64 at each of the three byte alignments. */
function encodings(canary: string): Buffer[] {
  const utf8 = Buffer.from(canary, 'utf8');
  const forms = [utf8, Buffer.from(canary, 'utf16le'), Buffer.from(utf8.toString('hex'))];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), utf8]).toString('base64');
    forms.push(Buffer.from(b64.slice(4 * Math.ceil(pad / 3), 4 * Math.floor((pad + utf8.length) / 3))));
  }
  return forms;
}

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

async function tmpSnapshot(): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const name of await readdir(os.tmpdir()).catch(() => [])) {
    const info = await stat(path.join(os.tmpdir(), name)).catch(() => null);
    if (info) seen.set(name, info.mtimeMs);
  }
  return seen;
}

describe('no plaintext on disk', () => {
  it('finds no canary, in any encoding, in the case folder or in new temp files', async () => {
    const canaries = Array.from({ length: 5 }, (_, i) => `canary${i}-${randomBytes(12).toString('hex')}`);
    const [inCommit, inBlob, inAux, inPassphrase, inMeta] = canaries as [string, string, string, string, string];
    const before = await tmpSnapshot();
    const dir = await caseDir();

    const vault = await createVault(dir, inPassphrase, WEAK);
    const passage = (id: string, text: string) => ({ op: 'put' as const, table: 'passages', id, value: { quote: text, note: `note ${text}` } });
    await vault.commit([passage('a', inCommit), { op: 'meta', key: inMeta, value: inMeta }]);
    await vault.commit([passage('b', Buffer.from(inCommit).toString('base64'))]);
    const document = Buffer.concat(encodings(inBlob).map((form) => Buffer.concat([form, Buffer.from('\n')])));
    const blob = await vault.putBlob(document);
    await vault.putAux(`index-${inAux}`, Buffer.from(`${inAux} ${Buffer.from(inAux, 'utf16le').toString('latin1')}`));
    await vault.compact();
    await vault.commit([passage('c', inCommit)]);
    await vault.changePassphrase(inPassphrase, `${inPassphrase}!`);

    const scan = async (when: string) => {
      const after = await tmpSnapshot();
      const fresh = [...after.keys()].filter((name) => before.get(name) !== after.get(name));
      const files = [...(await filesUnder(dir))];
      for (const name of fresh) {
        const full = path.join(os.tmpdir(), name);
        if (!full.startsWith(path.dirname(dir))) files.push(...((await stat(full).catch(() => null))?.isDirectory() ? await filesUnder(full) : [full]));
      }
      const needles = [...canaries.flatMap(encodings), Buffer.from(createHash('sha256').update(document).digest('hex'))];
      let scanned = 0;
      for (const file of files) {
        const bytes = await readFile(file).catch(() => null);
        if (!bytes) continue;
        scanned += 1;
        for (const needle of needles) expect(bytes.includes(needle), `${when}: ${file} holds ${needle.toString()}`).toBe(false);
      }
      return scanned;
    };

    // While open: the lock file, journal with live records, the blob, the aux file.
    expect(await scan('open')).toBeGreaterThanOrEqual(6);
    await vault.close();
    await changePassphrase(dir, `${inPassphrase}!`, inPassphrase, WEAK);
    expect(await scan('closed')).toBeGreaterThanOrEqual(5);

    // The same canaries are still readable through the vault, so the scan looked for something that is there.
    const again = await openVault(dir, inPassphrase, WEAK);
    expect(JSON.stringify(again.db)).toContain(inCommit);
    expect(Buffer.from(await again.readBlob(blob)).includes(Buffer.from(inBlob))).toBe(true);
    expect(Buffer.from((await again.readAux(`index-${inAux}`))!).toString()).toContain(inAux);
    expect(blob).not.toBe(createHash('sha256').update(document).digest('hex'));
    await again.close();
  });
});
