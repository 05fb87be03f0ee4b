import type { DossierExport, DossierFormat, DossierRecord, DossierVerify, RenderOptions } from '../../../shared/domain/dossier';
import { CasefileError } from '../../../shared/api/result';
import type { OpenCase } from '../case/open-case';
import { passagesOf } from '../passages/model';
import { assembleDossier, type DossierDocument } from './assemble';
import { renderDocx } from './docx';
import { renderJsonLd } from './jsonld';
import { renderMarkdown } from './markdown-export';
import { renderPdf } from './pdf';
import type { PdfPrinter } from './printer';
import { renderHtml } from './render-html';

/** Refusal to export while a citation does not match its source; the message lists every citation to fix. */
export class CitationCheckError extends CasefileError {
  constructor(readonly verify: DossierVerify) {
    const lines = verify.problems.map((p) => `[${p.number}] ${p.sectionTitle ? `${p.sectionTitle}: ` : ''}“${shorten(p.quote)}” — ${p.message}`);
    super('BAD_INPUT', `The dossier cannot be exported: ${verify.problems.length} citation${verify.problems.length === 1 ? ' does' : 's do'} not match the sources.\n${lines.join('\n')}`);
    this.name = 'CitationCheckError';
  }
}

function shorten(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 70 ? `${flat.slice(0, 69)}…` : flat;
}

const MIME: Record<DossierFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  json: 'application/ld+json',
};

/** A file name from the (redacted) title: letters and digits of any script kept, the rest folded to dashes. */
export function fileNameFor(doc: DossierDocument, format: DossierFormat): string {
  const base = doc.title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'dossier'}.${format}`;
}

export async function prepareDocument(opened: OpenCase, researcher: string, record: DossierRecord, options: RenderOptions): Promise<DossierDocument> {
  return assembleDossier(opened.vault, record, { ...options, tagPaths: passagesOf(opened, researcher).tagPaths() });
}

export interface ExportedFile extends DossierExport {
  data: Uint8Array;
}

export async function exportDossier(
  opened: OpenCase,
  researcher: string,
  record: DossierRecord,
  format: DossierFormat,
  options: RenderOptions,
  printer: () => PdfPrinter,
): Promise<ExportedFile> {
  const doc = await prepareDocument(opened, researcher, record, options);
  if (!doc.verify.ok) throw new CitationCheckError(doc.verify);
  let data: Uint8Array;
  let pages: number | null = null;
  switch (format) {
    case 'pdf': {
      const pdf = await renderPdf(doc, printer());
      data = pdf.bytes;
      pages = pdf.pages;
      break;
    }
    case 'html':
      data = new TextEncoder().encode(renderHtml(doc, { mode: 'html' }));
      break;
    case 'md':
      data = new TextEncoder().encode(renderMarkdown(doc));
      break;
    case 'json':
      data = new TextEncoder().encode(`${JSON.stringify(renderJsonLd(doc), null, 2)}\n`);
      break;
    case 'docx':
      data = await renderDocx(doc);
      break;
  }
  return {
    fileName: fileNameFor(doc, format),
    mimeType: MIME[format],
    data,
    dataBase64: Buffer.from(data).toString('base64'),
    bytes: data.byteLength,
    pages,
    citations: doc.citations.length,
  };
}
