import { detectLanguage } from './language';
import { checkSize, IngestError, type ExtractedSource, type IngestLimits, type SourceType } from './types';

const EXTENSIONS: Record<string, SourceType> = {
  txt: 'txt', text: 'txt', log: 'txt',
  md: 'md', markdown: 'md',
  html: 'html', htm: 'html', xhtml: 'html',
  pdf: 'pdf', docx: 'docx', eml: 'eml', csv: 'csv', tsv: 'csv',
};

export function typeForFileName(fileName: string): SourceType | null {
  const ext = /\.([^./\\]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  return EXTENSIONS[ext] ?? null;
}

const DAMAGED: Record<SourceType, string> = {
  txt: 'This text file could not be read.',
  md: 'This Markdown file could not be read.',
  html: 'This web page file could not be read (its HTML is damaged).',
  pdf: 'This PDF file is damaged and could not be read.',
  docx: 'This Word (.docx) file is damaged and could not be read.',
  eml: 'This email (.eml) file is damaged and could not be read.',
  csv: 'This spreadsheet (.csv) file could not be read.',
};


/**
 * Runs one importer in the current thread. The worker pool calls this; so can tests. Any failure that is not
 * already an IngestError becomes the format's one-line "damaged" message, so library internals never leak.
 */
export async function extractInProcess(fileName: string, bytes: Uint8Array, limits: IngestLimits): Promise<ExtractedSource> {
  checkSize(bytes.length, limits);
  const type = typeForFileName(fileName);
  if (!type) {
    const ext = /\.([^./\\]+)$/.exec(fileName)?.[1];
    throw new IngestError(ext ? `Casefile cannot import .${ext} files.` : 'Casefile cannot tell what kind of file this is (it has no extension).');
  }
  if (bytes.length === 0) throw new IngestError('This file is empty.');
  let result: ExtractedSource;
  try {
    result = await runImporter(type, fileName, bytes, limits);
  } catch (e) {
    if (e instanceof IngestError) throw e;
    // The journalist gets one plain line; a developer can ask for the library's own error.
    if (process.env.CASEFILE_INGEST_DEBUG) console.error(`[ingest] ${fileName}:`, e);
    throw new IngestError(DAMAGED[type]);
  }
  if (result.status === 'ok' && result.text.trim() === '') {
    if (type === 'pdf') result.status = 'no-text-layer';
    else throw new IngestError('This file contains no readable text.');
  }
  result.language = await detectLanguage(result.text);
  return result;
}

/**
 * Importer modules, loaded on first use and then kept: a dynamic import() per file is not free (under tsx every one
 * is a round trip to the loader thread, ~0.5 ms), and a bulk import pays it a thousand times.
 */
const importers = {
  txt: lazy(() => import('./txt')),
  md: lazy(() => import('./markdown')),
  html: lazy(() => import('./html')),
  csv: lazy(() => import('./csv')),
  pdf: lazy(() => import('./pdf')),
  docx: lazy(() => import('./docx')),
  eml: lazy(() => import('./eml')),
};

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () => {
    // A failed load is not cached, so a transient error does not break every later file of that type.
    loaded ??= load().catch((error: unknown) => {
      loaded = null;
      throw error;
    });
    return loaded;
  };
}

async function runImporter(type: SourceType, fileName: string, bytes: Uint8Array, limits: IngestLimits): Promise<ExtractedSource> {
  switch (type) {
    case 'txt':
      return (await importers.txt()).extractTxt(bytes);
    case 'md':
      return (await importers.md()).extractMarkdown(bytes);
    case 'html':
      return (await importers.html()).extractHtml(bytes);
    case 'csv':
      return (await importers.csv()).extractCsv(bytes, fileName);
    case 'pdf':
      return (await importers.pdf()).extractPdf(bytes);
    case 'docx':
      return (await importers.docx()).extractDocx(bytes, limits);
    case 'eml':
      return (await importers.eml()).extractEml(bytes);
  }
}
