import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFolder } from '../../../shared/domain/case';
import { CasefileError } from '../../../shared/api/result';
import { readVaultHeader } from '../vault';

export type CaseLocation = { kind: 'project'; dir: string } | { kind: 'library'; root: string };

/** Folder names are plaintext on disk, so they are kept to a safe, portable alphabet. */
export function slugifyFolder(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'case';
}

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
export async function folderForNewCase(location: CaseLocation, name: string, requested?: string): Promise<string> {
  if (location.kind === 'project') return location.dir;
  await mkdir(location.root, { recursive: true });
  const base = requested ? assertSafeFolder(requested) : slugifyFolder(name);
  const taken = new Set(await readdir(location.root));
  if (requested && taken.has(base)) throw new CasefileError('CASE_EXISTS', `A folder named "${base}" already exists.`);
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}-${n}`;
  return path.join(location.root, candidate);
}

export function folderDir(location: CaseLocation, folder: string | undefined, fallback: string | null): string {
  if (location.kind === 'project') return location.dir;
  const chosen = folder ?? fallback;
  if (!chosen) throw new CasefileError('BAD_INPUT', 'Choose which case to unlock.');
  return path.join(location.root, assertSafeFolder(chosen));
}
