import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';
import { ChromiumPdfPrinter } from './chromium-printer';
import { exportDossier, prepareDocument } from './export';
import { dossiersOf } from './model';
import type { PdfPrinter } from './printer';
import { renderHtml } from './render-html';

export type DossierMethod =
  | 'dossiers.list'
  | 'dossiers.get'
  | 'dossiers.create'
  | 'dossiers.update'
  | 'dossiers.delete'
  | 'dossiers.addSection'
  | 'dossiers.updateSection'
  | 'dossiers.moveSection'
  | 'dossiers.deleteSection'
  | 'dossiers.addBlock'
  | 'dossiers.updateBlock'
  | 'dossiers.moveBlock'
  | 'dossiers.deleteBlock'
  | 'dossiers.preview'
  | 'dossiers.export'
  | 'dossiers.verify';

export interface DossierHandlerOptions {
  /** The host's PDF engine (Electron's printToPDF); by default headless Chromium through playwright-core. */
  pdfPrinter?: PdfPrinter | undefined;
}

export function dossierHandlers(ctx: CaseContext, options: DossierHandlerOptions = {}): Pick<Handlers, DossierMethod> {
  const book = () => dossiersOf(ctx.requireOpen(), ctx.researcher);
  let fallback: ChromiumPdfPrinter | null = null;
  const printer = (): PdfPrinter => options.pdfPrinter ?? (fallback ??= new ChromiumPdfPrinter());
  return {
    'dossiers.list': async () => ({ dossiers: book().list() }),
    'dossiers.get': async (input) => book().get(input.id),
    'dossiers.create': async (input) => book().create(input),
    'dossiers.update': async (input) => book().update(input),
    'dossiers.delete': async (input) => book().delete(input.id),
    'dossiers.addSection': async (input) => book().addSection(input.dossierId, input.title, input.index),
    'dossiers.updateSection': async (input) => book().updateSection(input.dossierId, input.sectionId, input.title),
    'dossiers.moveSection': async (input) => book().moveSection(input.dossierId, input.sectionId, input.index),
    'dossiers.deleteSection': async (input) => book().deleteSection(input.dossierId, input.sectionId),
    'dossiers.addBlock': async (input) => book().addBlock(input.dossierId, input.sectionId, input.block, input.index),
    'dossiers.updateBlock': async (input) => book().updateBlock(input.dossierId, input.blockId, input.block),
    'dossiers.moveBlock': async (input) => book().moveBlock(input.dossierId, input.blockId, input.sectionId, input.index),
    'dossiers.deleteBlock': async (input) => book().deleteBlock(input.dossierId, input.blockId),
    'dossiers.preview': async (input) => {
      const opened = ctx.requireOpen();
      const doc = await prepareDocument(opened, ctx.researcher, book().get(input.id), input.options);
      return { html: renderHtml(doc, { mode: 'print' }), verify: doc.verify };
    },
    'dossiers.export': async (input) => {
      const opened = ctx.requireOpen();
      const file = await exportDossier(opened, ctx.researcher, book().get(input.id), input.format, input.options, printer);
      return {
        fileName: file.fileName,
        mimeType: file.mimeType,
        dataBase64: file.dataBase64,
        bytes: file.bytes,
        pages: file.pages,
        citations: file.citations,
      };
    },
    'dossiers.verify': async (input) => {
      const opened = ctx.requireOpen();
      const doc = await prepareDocument(opened, ctx.researcher, book().get(input.id), { redact: false, includeInternals: false });
      return doc.verify;
    },
  };
}
