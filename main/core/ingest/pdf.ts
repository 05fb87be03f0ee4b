import { indexOfAscii } from './detect';
import { CMapOnlyDataFactory, cmapFailures } from './pdf-cmaps';
import { codePointLength, cleanLine, normalizeText } from './normalize';
import { lineIsRtl, pdfjsIsRtl, reorder, hasRtl, unfoldPresentationForms } from './rtl';
import { emptySource, IngestError, type ExtractedSource } from './types';

import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | null = null;

/**
 * pdf.js normally spawns its own worker from a file path, which breaks inside a bundle. Registering the worker
 * module on globalThis makes it run in this thread instead, which is what we want: we already are a worker.
 */
function loadPdfjs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown; DOMMatrix?: unknown; ImageData?: unknown; Path2D?: unknown };
    // pdf.js builds a DOMMatrix at load time for its canvas renderer, and in Node borrows one from the optional
    // native @napi-rs/canvas, which a bundle cannot load. Text extraction never renders, so an inert matrix will do.
    g.DOMMatrix ??= InertMatrix;
    g.ImageData ??= class InertImageData {};
    g.Path2D ??= class InertPath2D {};
    g.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

class InertMatrix {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  eol: boolean;
}

/**
 * PDF text per page; pages are separated by a blank line and `pageStarts` gives each page's code-point offset.
 * Password-protected and image-only PDFs are status 'no-text-layer' (text ''), never an empty 'ok'.
 * A file that does not end with %%EOF was cut off (an interrupted download) and is refused: pdf.js would
 * otherwise rebuild whatever it could and present a silently partial document.
 */
export async function extractPdf(bytes: Uint8Array): Promise<ExtractedSource> {
  if (indexOfAscii(bytes.subarray(0, 1024), '%PDF-') < 0) throw new IngestError('Not a valid PDF file (it does not start like one).');
  const tailFrom = Math.max(0, bytes.length - 2048);
  if (indexOfAscii(bytes, '%%EOF', tailFrom) < 0) {
    throw new IngestError('This PDF file is incomplete (it was cut off, perhaps during a download).');
  }
  const lib = await loadPdfjs();
  const result = emptySource('pdf');
  const failedCMaps = cmapFailures();
  let doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
  const task = lib.getDocument({
    // pdf.js takes ownership of (and may detach) the buffer it is given.
    data: bytes.slice(),
    isEvalSupported: false,
    // CJK text under predefined CMaps (see pdf-cmaps.ts); pdf.js asks the factory only for the names it needs.
    cMapUrl: 'casefile-cmaps/',
    cMapPacked: true,
    BinaryDataFactory: CMapOnlyDataFactory,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') {
      await task.destroy().catch(() => undefined);
      result.status = 'no-text-layer';
      result.metadata.encrypted = 'password';
      return result;
    }
    await task.destroy().catch(() => undefined);
    if (name === 'InvalidPDFException') throw new IngestError('This PDF file is damaged and could not be read.');
    throw e;
  }
  try {
    result.pages = doc.numPages;
    await readInfo(doc, result);
    const pageTexts: string[] = [];
    let unreadable = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      // One damaged page should not cost the journalist the rest of the document; it is counted instead.
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        const items: Item[] = [];
        for (const raw of content.items) {
          if (!('str' in raw)) continue;
          const t = raw.transform as number[];
          items.push({ str: raw.str, x: t[4] ?? 0, y: t[5] ?? 0, width: raw.width, size: Math.hypot(t[2] ?? 0, t[3] ?? 0) || raw.height || 1, eol: raw.hasEOL });
        }
        pageTexts.push(pageText(items));
        page.cleanup();
      } catch {
        unreadable++;
        pageTexts.push('');
      }
    }
    if (unreadable === doc.numPages && doc.numPages > 0) throw new IngestError('This PDF file is damaged and could not be read.');
    if (cmapFailures() > failedCMaps) {
      // pdf.js went on without the map and read the codes as something else: better no source than a wrong text.
      throw new IngestError('This PDF needs character maps for Chinese, Japanese or Korean text that this installation of Casefile is missing.');
    }
    if (unreadable > 0) result.metadata.unreadablePages = String(unreadable);
    const starts: number[] = [];
    let offset = 0;
    const parts: string[] = [];
    for (const t of pageTexts) {
      // Each page's text is normalised on its own so that the offsets computed here stay true.
      const clean = normalizeText(t).replace(/\n{3,}/g, '\n\n').trim();
      if (parts.length) {
        parts.push('\n\n');
        offset += 2;
      }
      starts.push(offset);
      parts.push(clean);
      offset += codePointLength(clean);
    }
    result.text = parts.join('');
    result.pageStarts = starts;
    if (result.text.trim() === '') {
      result.status = 'no-text-layer';
      result.text = '';
      result.pageStarts = starts.map(() => 0);
    }
    return result;
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

interface Xmp {
  get(name: string): unknown;
}

async function readInfo(doc: { getMetadata(): Promise<{ info: unknown; metadata: unknown }> }, result: ExtractedSource): Promise<void> {
  let info: Record<string, unknown> = {};
  let xmp: Xmp | null = null;
  try {
    const meta = await doc.getMetadata();
    info = (meta.info ?? {}) as Record<string, unknown>;
    xmp = (meta.metadata ?? null) as Xmp | null;
  } catch {
    return;
  }
  const fromXmp = (k: string): string | null => {
    try {
      return cleanLine(xmp?.get(k));
    } catch {
      return null;
    }
  };
  result.title = cleanLine(info.Title) ?? fromXmp('dc:title');
  result.author = cleanLine(info.Author) ?? fromXmp('dc:creator');
  result.date = pdfDate(info.CreationDate) ?? pdfDate(info.ModDate);
  for (const k of ['Subject', 'Keywords', 'Creator', 'Producer']) {
    const v = cleanLine(info[k]);
    if (v) result.metadata[k.toLowerCase()] = v;
  }
  if (info.EncryptFilterName) result.metadata.encrypted = 'permissions-only';
}

/** PDF dates: D:YYYYMMDDHHmmSS with an optional Z or ±HH'mm' offset. */
export function pdfDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}'?\d{2}'?)?/.exec(v.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h, mi = '00', s = '00', tz] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  if (!h) return `${y}-${mo}-${d}`;
  let zone = '';
  if (tz === 'Z') zone = 'Z';
  else if (tz) zone = `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** Items in content order grouped into lines (a y change or an end-of-line mark); within a line, left to right. */
function pageText(items: Item[]): string {
  const lines: Item[][] = [];
  let current: Item[] = [];
  let prev: Item | null = null;
  for (const it of items) {
    if (prev && (prev.eol || Math.abs(it.y - prev.y) > 0.5 * Math.max(it.size, prev.size)) && current.length) {
      lines.push(current);
      current = [];
    }
    if (it.str !== '' || it.eol) current.push(it);
    prev = it;
  }
  if (current.length) lines.push(current);

  const out: string[] = [];
  let lastY: number | null = null;
  let lastSize = 0;
  for (const line of lines) {
    const text = lineText(line);
    if (!text.trim()) continue;
    const y = line[0]?.y ?? 0;
    const size = Math.max(...line.map((i) => i.size));
    // A gap of more than ~1.8 lines between lines is taken as a paragraph break.
    if (lastY !== null && out.length) out.push(Math.abs(lastY - y) > 1.8 * Math.max(size, lastSize) ? '\n\n' : '\n');
    out.push(text);
    lastY = y;
    lastSize = size;
  }
  return out.join('');
}

function lineText(line: Item[]): string {
  const sorted = line.filter((i) => i.str !== '').sort((a, b) => a.x - b.x);
  let visual = '';
  let anyRtl = false;
  let end: number | null = null;
  for (const it of sorted) {
    let s = unfoldPresentationForms(it.str);
    if (hasRtl(s)) {
      anyRtl = true;
      // Undo pdf.js's own per-item reordering to get back the painted (visual) order.
      s = reorder(s, pdfjsIsRtl(s));
    }
    if (end !== null && it.x - end > 0.15 * it.size && !/\s$/.test(visual) && !/^\s/.test(s)) visual += ' ';
    visual += s;
    end = it.x + it.width;
  }
  return anyRtl ? reorder(visual, lineIsRtl(visual), true) : visual;
}
