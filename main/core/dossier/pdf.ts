/**
 * PDF export: print, read back on which page each heading landed (Chromium writes a named destination for every
 * link target, and the contents page links every heading), print again with those numbers in the contents, check
 * that nothing moved, then set the document's metadata.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString, type PDFRef } from 'pdf-lib';
import { CasefileError } from '../../../shared/api/result';
import type { DossierDocument } from './assemble';
import type { PdfPrinter, PdfPrintOptions } from './printer';
import { footerTemplate, headerTemplate, renderHtml, tocEntries } from './render-html';
import { PAGE_MARGINS_MM } from './styles';

const MAX_PASSES = 4;

/** 1-based page of each named destination in a PDF. */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const out = new Map<string, number>();
  const record = (name: string, value: unknown): void => {
    let target = value instanceof PDFDict ? value.lookup(PDFName.of('D')) : value;
    if (target instanceof PDFDict) target = target.lookup(PDFName.of('D'));
    if (!(target instanceof PDFArray)) return;
    const ref = target.get(0) as PDFRef | undefined;
    const page = ref ? pageIndex.get(ref.toString()) : undefined;
    if (page !== undefined) out.set(name, page);
  };
  const dests = doc.catalog.lookup(PDFName.of('Dests'));
  if (dests instanceof PDFDict) {
    for (const [key, value] of dests.entries()) record(decodeName(key.asString()), doc.context.lookup(value));
  }
  // PDF 1.2+ writers may use the /Names tree instead; walk it too so another engine's output still works.
  const names = doc.catalog.lookup(PDFName.of('Names'));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('Dests')) : undefined;
  const walk = (node: unknown): void => {
    if (!(node instanceof PDFDict)) return;
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i));
    const pairs = node.lookup(PDFName.of('Names'));
    if (pairs instanceof PDFArray) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        const key = pairs.lookup(i);
        const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : String(key);
        record(name, pairs.lookup(i + 1));
      }
    }
  };
  walk(tree);
  return out;
}

/** PDF names escape bytes as #xx; ours are ASCII, but decode anyway. */
function decodeName(name: string): string {
  return name.replace(/^\//, '').replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface PdfResult {
  bytes: Uint8Array;
  pages: number;
  /** Page of each contents entry, as printed. */
  headingPages: Map<string, number>;
  passes: number;
}

export async function renderPdf(doc: DossierDocument, printer: PdfPrinter): Promise<PdfResult> {
  const options: PdfPrintOptions = {
    paper: doc.paper,
    headerTemplate: headerTemplate(doc),
    footerTemplate: footerTemplate(),
    marginsMm: { ...PAGE_MARGINS_MM },
  };
  const anchors = tocEntries(doc).map((e) => e.anchor);
  let numbers: Map<string, number> | undefined;
  let pdf = await printer.print(renderHtml(doc, { mode: 'print' }), options);
  let passes = 1;
  for (;;) {
    const found = await destinationPages(pdf);
    const missing = anchors.filter((a) => !found.has(a));
    if (missing.length > 0) throw new CasefileError('INTERNAL', 'The PDF engine did not report where the headings are; the contents cannot be numbered.');
    if (numbers && anchors.every((a) => found.get(a) === numbers?.get(a))) break;
    // Numbers of a different width can reflow the contents; print until what is printed is what was measured.
    if (passes >= MAX_PASSES) throw new CasefileError('INTERNAL', 'The contents page numbers did not settle; the PDF was not produced.');
    numbers = new Map(anchors.map((a) => [a, found.get(a) ?? 0]));
    pdf = await printer.print(renderHtml(doc, { mode: 'print', pageNumbers: numbers }), options);
    passes++;
  }
  const final = await PDFDocument.load(pdf, { updateMetadata: false });
  final.setTitle(doc.title, { showInWindowTitleBar: true });
  if (doc.author) final.setAuthor(doc.author);
  if (doc.label) final.setSubject(doc.label);
  final.setCreator('Casefile');
  final.setProducer('Casefile (Chromium print, pdf-lib)');
  // Fixed dates would lie; the real time is what a reviewer expects, and it carries no case internals.
  const now = new Date(doc.generatedAt);
  final.setCreationDate(now);
  final.setModificationDate(now);
  const bytes = await final.save({ useObjectStreams: false });
  return { bytes, pages: final.getPageCount(), headingPages: numbers ?? new Map(), passes };
}
