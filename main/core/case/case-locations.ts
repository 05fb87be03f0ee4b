import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFolder } from '../../../shared/domain/case';
import { CasefileError } from '../../../shared/api/result';
import { readVaultHeader } from '../vault';

export type CaseLocation = { kind: 'project'; dir: string } | { kind: 'library'; root: string };

export function assertSafeFolder(folder: string): string {
  const trimmed = folder.trim();
  if (!trimmed || trimmed === '.' || trimmed === '..' || /[\\/\0]/.test(trimmed) || trimmed.startsWith('.')) {
    throw new CasefileError('BAD_INPUT', 'A case folder name cannot be empty, start with a dot or contain slashes.');
  }
  return trimmed;
}

export async function listCaseFolders(location: CaseLocation): Promise<CaseFolder[]> {
  if (location.kind === 'project') {
    const header = await readVaultHeader(location.dir).catch(() => null);
    return header ? [{ folder: path.basename(location.dir), projectId: header.projectId }] : [];
  }
  let entries: string[];
  try {
    entries = (await readdir(location.root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
  const folders: CaseFolder[] = [];
  for (const name of entries.sort((a, b) => a.localeCompare(b))) {
    const header = await readVaultHeader(path.join(location.root, name)).catch(() => null);
    if (header) folders.push({ folder: name, projectId: header.projectId });
  }
  return folders;
}

/** Picks the folder a new case is created in: the project folder itself, or a fresh folder in the library. */
export async function folderForNewCase(location: CaseLocation, requested?: string): Promise<string> {
  if (location.kind === 'project') return location.dir;
  await mkdir(location.root, { recursive: true });
  const taken = new Set(await readdir(location.root));
  if (requested) {
    const chosen = assertSafeFolder(requested);
    if (taken.has(chosen)) throw new CasefileError('CASE_EXISTS', `A folder named "${chosen}" already exists.`);
    return path.join(location.root, chosen);
  }
  // The case name is secret but folder names are not: unless the user picks one, the folder says nothing.
  let n = 1;
  while (taken.has(`case-${n}`)) n += 1;
  return path.join(location.root, `case-${n}`);
}

export function folderDir(location: CaseLocation, folder: string | undefined, fallback: string | null): string {
  if (location.kind === 'project') return location.dir;
  const chosen = folder ?? fallback;
  if (!chosen) throw new CasefileError('BAD_INPUT', 'Choose which case to unlock.');
  return path.join(location.root, assertSafeFolder(chosen));
}
