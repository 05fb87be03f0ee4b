// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { takeDroppedFiles } from '../../../renderer/features/library/droppedFiles';

type FakeEntry = {
  name: string;
  fullPath: string;
  isFile: boolean;
  isDirectory: boolean;
  file?: (ok: (f: File) => void, fail: (e: Error) => void) => void;
  createReader?: () => { readEntries: (ok: (e: FakeEntry[]) => void, fail: (e: Error) => void) => void };
};

function fileEntry(fullPath: string): FakeEntry {
  const name = fullPath.split('/').pop() ?? fullPath;
  return { name, fullPath, isFile: true, isDirectory: false, file: (ok) => ok(new File(['x'], name)) };
}

/** Hands out children two at a time, like a browser that needs several readEntries calls. */
function dirEntry(fullPath: string, children: FakeEntry[]): FakeEntry {
  const name = fullPath.split('/').pop() ?? fullPath;
  return {
    name,
    fullPath,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok) => {
          const batch = children.slice(at, at + 2);
          at += 2;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  };
}

function dataTransfer(entries: FakeEntry[]): DataTransfer {
  const items = entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null }));
  return { items, files: [], types: ['Files'] } as unknown as DataTransfer;
}

describe('takeDroppedFiles', () => {
  it('walks folders recursively, keeps paths relative to the drop and skips hidden files', async () => {
    const drop = dataTransfer([
      fileEntry('/loose.pdf'),
      dirEntry('/leak', [
        fileEntry('/leak/b.txt'),
        fileEntry('/leak/.DS_Store'),
        fileEntry('/leak/a.eml'),
        dirEntry('/leak/2021', [fileEntry('/leak/2021/memo.docx')]),
        dirEntry('/leak/.git', [fileEntry('/leak/.git/HEAD')]),
      ]),
    ]);
    const { files, unreadable } = await takeDroppedFiles(drop)();
    expect(files.map((f) => [f.file.name, f.path])).toEqual([
      ['loose.pdf', null],
      ['memo.docx', 'leak/2021/memo.docx'],
      ['a.eml', 'leak/a.eml'],
      ['b.txt', 'leak/b.txt'],
    ]);
    expect(unreadable).toEqual([]);
  });

  it('reports entries the browser cannot read instead of dropping them silently', async () => {
    const broken: FakeEntry = { ...fileEntry('/locked.txt'), file: (_ok, fail) => fail(new Error('denied')) };
    const { files, unreadable } = await takeDroppedFiles(dataTransfer([broken]))();
    expect(files).toEqual([]);
    expect(unreadable).toEqual(['locked.txt']);
  });

  it('falls back to the plain file list when entries are not available', async () => {
    const file = new File(['x'], 'plain.txt');
    const drop = { items: [], files: [file], types: ['Files'] } as unknown as DataTransfer;
    const { files } = await takeDroppedFiles(drop)();
    expect(files).toEqual([{ file, path: null }]);
  });
});
