/** Builders for test inputs, shared by the unit tests, the fuzzer and the benchmark (nothing big is committed). */
import { PDFDocument, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';

export const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export interface PdfLine {
  text: string;
  /** Draw each word as its own text item, placed right to left (as many producers write Hebrew/Arabic). */
  rtlWords?: boolean;
  /**
   * The string to paint when it differs from `text`: fontkit only reverses lines whose first script is
   * right-to-left, so an English line with a Hebrew name must be given with that name already in visual order.
   */
  painted?: string;
}

export interface PdfSpec {
  title?: string;
  author?: string;
  created?: Date;
  pages: PdfLine[][];
}

export async function makePdf(spec: PdfSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(DEJAVU), { subset: true });
  if (spec.title) doc.setTitle(spec.title);
  if (spec.author) doc.setAuthor(spec.author);
  if (spec.created) doc.setCreationDate(spec.created);
  const size = 11;
  for (const lines of spec.pages) {
    const page = doc.addPage([595, 842]);
    let y = 790;
    for (const line of lines) {
      if (line.text === '') {
        y -= size * 1.4;
        continue;
      }
      if (line.rtlWords) {
        let x = 545;
        for (const word of line.text.split(' ')) {
          const w = font.widthOfTextAtSize(word, size);
          x -= w;
          page.drawText(word, { x, y, size, font });
          x -= font.widthOfTextAtSize(' ', size);
        }
      } else {
        page.drawText(line.painted ?? line.text, { x: 50, y, size, font });
      }
      y -= size * 1.4;
    }
  }
  return doc.save();
}

/** A page with only a drawn shape: what a scanned, un-OCRed page looks like to a text extractor. */
export async function makeImageOnlyPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawRectangle({ x: 50, y: 50, width: 400, height: 600, color: rgb(0.4, 0.4, 0.4) });
  }
  return doc.save();
}

/** A classic-xref PDF whose trailer declares the standard security handler with a user password. */
export async function makePasswordPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('secret text', { x: 50, y: 700 });
  const bytes = await doc.save({ useObjectStreams: false });
  const s = Buffer.from(bytes).toString('latin1');
  const hex32 = (seed: number): string => Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) & 0xff).toString(16).padStart(2, '0')).join('');
  const enc = `/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex32(3)}> /U <${hex32(11)}> >> /ID [<${hex32(5).slice(0, 32)}> <${hex32(5).slice(0, 32)}>]`;
  const at = s.lastIndexOf('trailer');
  const open = s.indexOf('<<', at);
  if (at < 0 || open < 0) throw new Error('no classic trailer');
  return new Uint8Array(Buffer.from(s.slice(0, open + 2) + ' ' + enc + s.slice(open + 2), 'latin1'));
}
