import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import { isZip } from './detect';
import { domToText } from './html-text';
import { cleanLine, tidyBlocks, toIsoDate } from './normalize';
import { checkZipBomb, inflateEntry, readCentralDirectory, type ZipEntry } from './zip';
import { emptySource, formatBytes, IngestError, type ExtractedSource, type IngestLimits } from './types';

const DAMAGED = 'Not a valid .docx file (its zip structure is damaged).';

/**
 * Word documents via mammoth's HTML (so headings, paragraphs, lists and tables keep their breaks). Before
 * mammoth sees the file, the zip is checked for bomb shapes against a budget of half the worker's memory limit.
 * Title/author/date come from docProps/core.xml; without a title, the first Heading 1.
 */
export async function extractDocx(bytes: Uint8Array, limits: IngestLimits): Promise<ExtractedSource> {
  if (!isZip(bytes)) throw new IngestError('Not a valid .docx file (it is not a zip archive).');
  const entries = readCentralDirectory(bytes, DAMAGED);
  const budget = Math.min(1024, limits.maxMemoryMb / 2) * 1024 * 1024;
  const bomb = `This .docx file expands to more than ${formatBytes(budget)} when unpacked (it looks like a zip bomb), so it was not opened.`;
  checkZipBomb(bytes, entries, budget, DAMAGED, bomb);
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new IngestError('Not a valid .docx file (it contains no Word document).');
  }
  checkMainDocumentTarget(bytes, entries, bomb);
  const result = emptySource('docx');
  const core = entries.find((e) => e.name === 'docProps/core.xml');
  if (core) readCoreProperties(new TextDecoder().decode(inflateEntry(bytes, core, DAMAGED, bomb)), result);

  const { value: html } = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    // Images are never decoded: their bytes are irrelevant to the text and a classic place to hide a payload.
    { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
  );
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  result.text = tidyBlocks(domToText(document.body as never));
  if (!result.title) result.title = cleanLine(document.querySelector('h1')?.textContent);
  return result;
}

/**
 * mammoth opens whatever part _rels/.rels names as the main document (falling back to word/document.xml only when
 * the target is absent), so a crafted file can point it at any part. The main document of a real .docx is always
 * an XML part; anything else is refused rather than handed to the parser (every part is size-checked anyway; this
 * keeps the parser on the parts it was meant for). XML entities in attributes are decoded, as mammoth's parser does.
 */
function checkMainDocumentTarget(bytes: Uint8Array, entries: ZipEntry[], bomb: string): void {
  const relsEntry = entries.find((e) => e.name === '_rels/.rels');
  if (!relsEntry) return;
  const rels = new TextDecoder().decode(inflateEntry(bytes, relsEntry, DAMAGED, bomb));
  for (const m of rels.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attrs = new Map<string, string>();
    for (const a of (m[1] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attrs.set(a[1] ?? '', unescapeXml(a[2] ?? a[3] ?? ''));
    }
    if (!/\/officeDocument$/.test(attrs.get('Type') ?? '')) continue;
    const target = attrs.get('Target') ?? '';
    // Refused even when no such part exists (mammoth would fall back): a real .docx never says this.
    if (!/\.xml$/i.test(target)) {
      throw new IngestError('Not a valid .docx file (its main document is not an XML part).');
    }
  }
}

function readCoreProperties(xml: string, result: ExtractedSource): void {
  const tag = (name: string): string | null => {
    const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
    return m?.[1] ? cleanLine(unescapeXml(m[1])) : null;
  };
  result.title = tag('dc:title');
  result.author = tag('dc:creator');
  result.date = toIsoDate(tag('dcterms:created'));
  const modified = toIsoDate(tag('dcterms:modified'));
  if (modified) result.metadata.modified = modified;
  const by = tag('cp:lastModifiedBy');
  if (by) result.metadata.lastModifiedBy = by;
  const subject = tag('dc:subject');
  if (subject) result.metadata.subject = subject;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => safeChar(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => safeChar(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function safeChar(cp: number): string {
  return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\uFFFD';
}
