import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Adobe's predefined CMaps, which pdf.js needs to read CJK PDFs whose fonts are not embedded and carry no ToUnicode
 * map (common from CJK office suites): without them pdf.js reads the two-byte codes as Latin-1 and returns garbage
 * that would be stored as the source's immutable text.
 *
 * Where they are: under tsx and vitest, pdfjs-dist's own cmaps/ folder; in a bundle, pdfjs-cmaps/ beside it
 * (scripts/build.mjs copies it there). In the packaged app that is inside app.asar, which Electron's fs reads from
 * worker threads too, so the CMaps stay under the archive's integrity check. No environment variable can point
 * elsewhere: the decoded text becomes a source's permanent text.
 */
export const BUNDLED_CMAPS_DIR = 'pdfjs-cmaps';

/**
 * This module's file. import.meta.url first: in a worker started through tsx, __filename names the eval'd bootstrap
 * ("[worker eval]"), not this file. Bundles define import.meta.url (scripts/build.mjs) or, without that, have __filename.
 */
function currentModuleFile(): string {
  const url = (import.meta as { url?: string }).url;
  if (url) return fileURLToPath(url);
  return __filename;
}

function locate(): string {
  const here = currentModuleFile();
  if (/\.[cm]?ts$/.test(here)) return join(dirname(createRequire(here).resolve('pdfjs-dist/package.json')), 'cmaps');
  return join(dirname(here), BUNDLED_CMAPS_DIR);
}

let directory: string | null = null;
let failures = 0;

/**
 * How many CMap reads have failed in this thread. pdf.js swallows a font's loading error and goes on with garbage, so
 * the PDF importer compares this before and after a document and refuses the text instead of storing it.
 */
export function cmapFailures(): number {
  return failures;
}

/** A packed CMap by file name. Only plain CMap names are read: the name comes from pdf.js, which took it from the file. */
export async function readPackedCMap(filename: string): Promise<Uint8Array> {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*\.bcmap$/.test(filename)) throw new Error(`Not a CMap name: ${filename}`);
  directory ??= locate();
  try {
    return new Uint8Array(await readFile(join(directory, filename)));
  } catch (error) {
    failures += 1;
    throw error;
  }
}

/**
 * pdf.js's BinaryDataFactory interface (it asks for CMaps, standard fonts and wasm). Only CMaps are served: text
 * extraction needs no glyph outlines, and the wasm decoders are for images.
 */
export class CMapOnlyDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    if (kind !== 'cMapUrl') throw new Error(`Casefile does not load ${kind} data for text extraction.`);
    return readPackedCMap(filename);
  }
}
