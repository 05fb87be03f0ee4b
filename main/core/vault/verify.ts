import type { VerifyProblem, VerifyReport, VaultTuning } from './api';
import { VaultError, isErrno } from './errors';
import { nodeFs, type VaultFs } from './fs';
import { checkKdfParams, parseHeader } from './header';
import { parseJournal } from './journal';
import { deriveSubKeys, keyedName, unwrapDataKey, wipeSubKeys, type SubKeys } from './keys';
import { AUX_DIR, BLOB_DIR, HEADER_FILE, JOURNAL_FILE, LOCK_FILE, NAME_PATTERN, SNAPSHOT_FILE, TMP_DIR, abs, auxPath, blobPath } from './layout';
import { acquireLock } from './lock';
import { readHeaderBytes } from './open-vault';
import { AUX_FORMAT, BLOB_FORMAT, auxAad, blobAad } from './sealed-kinds';
import { decodeSealed } from './sealed-file';
import { decodeSnapshot } from './snapshot-adapter';

const KNOWN_TOP = new Set([HEADER_FILE, LOCK_FILE, SNAPSHOT_FILE, JOURNAL_FILE, BLOB_DIR, AUX_DIR, TMP_DIR]);

function describe(error: unknown): string {
  if (error instanceof VaultError) return error.message;
  return `could not be read (${(error as NodeJS.ErrnoException)?.code ?? String(error)})`;
}

/** Entries of a directory; null when it is a file instead. */
async function list(fs: VaultFs, path: string): Promise<string[] | null> {
  try {
    return (await fs.readdir(path)).sort();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    if (isErrno(error, 'ENOTDIR')) return null;
    throw error;
  }
}

/**
 * Decrypts every file of a closed case and reports each one that fails. The header is checked first and its
 * failures (wrong passphrase, unreadable header) are thrown, because nothing else can be checked without it.
 */
export async function verifyVault(dir: string, passphrase: string, options: VaultTuning = {}): Promise<VerifyReport> {
  const fs = options.fs ?? nodeFs;
  const header = parseHeader(await readHeaderBytes(fs, dir));
  checkKdfParams(header.kdf, options.allowWeakKdf === true);
  const lock = await acquireLock(fs, dir);
  let keys: SubKeys | null = null;
  const problems: VerifyProblem[] = [];
  let checkedFiles = 1;
  const check = async (file: string, run: (bytes: Buffer) => void) => {
    checkedFiles += 1;
    try {
      run(await fs.readFile(abs(dir, file)));
    } catch (error) {
      problems.push({ file, problem: isErrno(error, 'ENOENT') ? 'The file is missing.' : describe(error) });
    }
  };
  try {
    const dataKey = await unwrapDataKey(header, passphrase);
    keys = deriveSubKeys(dataKey, header.projectId);
    dataKey.fill(0);
    const k = keys;
    const projectId = header.projectId;
    let generation = 0;
    await check(SNAPSHOT_FILE, (bytes) => {
      generation = decodeSnapshot(k.db, projectId, bytes).generation;
    });
    await check(JOURNAL_FILE, (bytes) => {
      const journal = parseJournal(k.db, projectId, bytes);
      for (const record of journal.records) record.fill(0);
      if (generation !== 0 && journal.generation !== generation && journal.generation !== generation - 1) {
        throw new VaultError('TAMPERED', 'The journal does not belong to the current database snapshot.', JOURNAL_FILE);
      }
    });
    for (const fan of (await list(fs, abs(dir, BLOB_DIR))) ?? []) {
      const names = await list(fs, abs(dir, `${BLOB_DIR}/${fan}`));
      if (names === null) problems.push({ file: `${BLOB_DIR}/${fan}`, problem: 'This file is not part of the case.' });
      for (const name of names ?? []) {
        const file = `${BLOB_DIR}/${fan}/${name}`;
        if (!NAME_PATTERN.test(name) || blobPath(name) !== file) {
          problems.push({ file, problem: 'This file is not part of the case.' });
          continue;
        }
        await check(file, (bytes) => {
          const plain = decodeSealed(k.blob, BLOB_FORMAT, blobAad(projectId, name), bytes, file);
          const matches = keyedName(k.naming, 'blob', [plain]) === name;
          plain.fill(0);
          if (!matches) throw new VaultError('TAMPERED', 'The stored file does not match its name.', file);
        });
      }
    }
    for (const name of (await list(fs, abs(dir, AUX_DIR))) ?? []) {
      const file = auxPath(name);
      if (!NAME_PATTERN.test(name)) {
        problems.push({ file, problem: 'This file is not part of the case.' });
        continue;
      }
      await check(file, (bytes) => decodeSealed(k.aux, AUX_FORMAT, auxAad(projectId, name), bytes, file).fill(0));
    }
    for (const name of (await list(fs, dir)) ?? []) {
      if (!KNOWN_TOP.has(name) && !name.startsWith(`${LOCK_FILE}.`)) problems.push({ file: name, problem: 'This file is not part of the case.' });
    }
    return { ok: problems.length === 0, checkedFiles, problems };
  } finally {
    if (keys) wipeSubKeys(keys);
    await lock.release();
  }
}
