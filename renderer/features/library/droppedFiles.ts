import type { PickedFile } from './importBatches';

/** Hidden files and folders (.DS_Store, .git) are never what someone meant to import. */
function isHidden(name: string): boolean {
  return name.startsWith('.');
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries hands out at most ~100 entries per call; it must be called until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function relativePath(entry: FileSystemEntry): string {
  return entry.fullPath.replace(/^\/+/, '');
}

async function walk(entry: FileSystemEntry, insideFolder: boolean, out: PickedFile[], failed: string[]): Promise<void> {
  if (insideFolder && isHidden(entry.name)) return;
  if (entry.isFile) {
    try {
      const file = await fileOf(entry as FileSystemFileEntry);
      out.push({ file, path: insideFolder ? relativePath(entry) : null });
    } catch {
      failed.push(relativePath(entry));
    }
  } else if (entry.isDirectory) {
    let children: FileSystemEntry[];
    try {
      children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
    } catch {
      failed.push(relativePath(entry));
      return;
    }
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) await walk(child, true, out, failed);
  }
}

export type DroppedFiles = { files: PickedFile[]; unreadable: string[] };

/**
 * Must be called synchronously inside the drop handler: the browser empties the DataTransfer afterwards.
 * Returns a function that walks dropped folders recursively, keeping each file's path relative to the drop.
 */
export function takeDroppedFiles(data: DataTransfer): () => Promise<DroppedFiles> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  const items = Array.from(data.items ?? []);
  if (items.length > 0 && items.every((item) => typeof item.webkitGetAsEntry === 'function')) {
    for (const item of items) {
      if (item.kind !== 'file') continue;
      const entry = item.webkitGetAsEntry();
      if (entry) entries.push(entry);
      else {
        const file = item.getAsFile();
        if (file) loose.push(file);
      }
    }
  } else {
    loose.push(...Array.from(data.files ?? []));
  }

  return async () => {
    const files: PickedFile[] = loose.map((file) => ({ file, path: null }));
    const unreadable: string[] = [];
    for (const entry of entries) await walk(entry, false, files, unreadable);
    return { files, unreadable };
  };
}

export function isFileDrag(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
