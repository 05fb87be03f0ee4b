import type { PaperSize } from '../../../shared/domain/dossier';

export interface PdfPrintOptions {
  paper: PaperSize;
  /** Chromium header/footer templates (classes pageNumber / totalPages are filled in by the engine). */
  headerTemplate: string;
  footerTemplate: string;
  marginsMm: { top: number; bottom: number; left: number; right: number };
}

/**
 * A print-to-PDF engine. The core never picks one itself: the CLI, the web host and tests use Chromium through
 * playwright-core (chromium-printer.ts); the Electron app prints through its own webContents.printToPDF, so the app
 * never needs a second browser. Implementations must load nothing while printing: the HTML is self-contained.
 */
export interface PdfPrinter {
  print(html: string, options: PdfPrintOptions): Promise<Uint8Array>;
}
