import type { Browser, BrowserType } from 'playwright-core';
import { CasefileError } from '../../../shared/api/result';
import type { PdfPrinter, PdfPrintOptions } from './printer';

/** Without the background-networking flags Chromium keeps trying to reach Google's services from a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A printer that is not used for this long closes its browser; the next print starts one again (~0.2 s). */
const IDLE_CLOSE_MS = 30_000;
// Imported by name at run time so bundles that inject their own printer (Electron) never pull playwright in.
const PLAYWRIGHT_MODULE = 'playwright-core';

/** Chromium (headless, via playwright-core) with JavaScript off and every request refused. */
export class ChromiumPdfPrinter implements PdfPrinter {
  private browser: Promise<Browser> | null = null;
  private idle: NodeJS.Timeout | null = null;
  private active = 0;

  constructor(private readonly executablePath = process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium') {}

  private async launch(): Promise<Browser> {
    const { chromium } = (await import(PLAYWRIGHT_MODULE)) as { chromium: BrowserType };
    try {
      return await chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS });
    } catch (error) {
      throw new CasefileError(
        'INTERNAL',
        `Chromium could not be started for PDF export (${this.executablePath}); install it or set CASEFILE_CHROMIUM. ${(error as Error).message.split('\n')[0] ?? ''}`,
      );
    }
  }

  async print(html: string, options: PdfPrintOptions): Promise<Uint8Array> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.active++;
    try {
      this.browser ??= this.launch();
      const browser = await this.browser.catch((error: unknown) => {
        this.browser = null;
        throw error;
      });
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block' });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        const m = options.marginsMm;
        const pdf = await page.pdf({
          format: options.paper === 'letter' ? 'Letter' : 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: options.headerTemplate,
          footerTemplate: options.footerTemplate,
          margin: { top: `${m.top}mm`, bottom: `${m.bottom}mm`, left: `${m.left}mm`, right: `${m.right}mm` },
          outline: true,
          tagged: true,
        });
        return new Uint8Array(pdf);
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      this.active--;
      if (this.active === 0) {
        this.idle = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
        this.idle.unref();
      }
    }
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => undefined);
  }
}
