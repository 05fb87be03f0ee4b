import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfPrinter, PdfPrintOptions } from '../../core/dossier/printer';

type WindowConstructor = new (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'destroy' | 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
};

const MM_PER_INCH = 25.4;

/**
 * Dossier PDFs in the app come from Electron's own Chromium (the same engine and HTML as the CLI's headless
 * Chromium), so the app never ships a second browser. The page is a hidden, sandboxed window with JavaScript off in
 * its own in-memory session; the app's session hardening refuses every request that is not data:, and the document
 * is self-contained, so printing reads nothing and sends nothing.
 */
export function createElectronPdfPrinter(Window: WindowConstructor): PdfPrinter {
  return {
    async print(html: string, options: PdfPrintOptions): Promise<Uint8Array> {
      const win = new Window({
        show: false,
        webPreferences: {
          partition: 'casefile-dossier-print',
          javascript: false,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          spellcheck: false,
        },
      });
      try {
        // A data: URL keeps the plaintext dossier off the disk.
        await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
        const m = options.marginsMm;
        const pdf = await win.webContents.printToPDF({
          pageSize: options.paper === 'letter' ? 'Letter' : 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: options.headerTemplate,
          footerTemplate: options.footerTemplate,
          margins: { top: m.top / MM_PER_INCH, bottom: m.bottom / MM_PER_INCH, left: m.left / MM_PER_INCH, right: m.right / MM_PER_INCH },
          generateTaggedPDF: true,
          generateDocumentOutline: true,
        });
        return new Uint8Array(pdf);
      } finally {
        if (!win.isDestroyed()) win.destroy();
      }
    },
  };
}
