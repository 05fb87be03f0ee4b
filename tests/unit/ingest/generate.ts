/** Builders for test inputs, shared by the unit tests, the fuzzer and the benchmark (nothing big is committed). */
import { PDFDocument, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';

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
  /**
   * Tokens painted left to right, one text item each, the way a bidi-aware producer (a browser, Word) lays out
   * a right-to-left line: Hebrew/Arabic words given in reading order (fontkit turns each into its visual
   * order), brackets already mirrored, Latin words as is.
   */
  visualTokens?: string[];
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
      if (line.text === '' && !line.visualTokens) {
        y -= size * 1.4;
        continue;
      }
      if (line.visualTokens) {
        let x = 50;
        for (const token of line.visualTokens) {
          if (token !== ' ') page.drawText(token, { x, y, size, font });
          x += font.widthOfTextAtSize(token, size);
        }
      } else if (line.rtlWords) {
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

export interface CjkLine {
  text: string;
  /** A predefined CMap whose codes are UCS-2, and the character collection it belongs to. */
  cmap: 'UniJIS-UCS2-H' | 'UniGB-UCS2-H' | 'UniKS-UCS2-H' | 'UniCNS-UCS2-H';
  ordering: 'Japan1' | 'GB1' | 'Korea1' | 'CNS1';
}

/**
 * A PDF as CJK office suites write them: a non-embedded CID font under a predefined CMap and no ToUnicode, so the
 * text can only be read through Adobe's CMaps (which map the codes to CIDs and the CIDs to Unicode).
 */
export function makeCjkPdf(lines: CjkLine[]): Uint8Array {
  const ucs2 = (text: string): string => Array.from(text, (ch) => (ch.codePointAt(0) as number).toString(16).padStart(4, '0')).join('');
  const fonts = lines.map((line, i) => ({ line, font: 5 + i * 2, cid: 6 + i * 2 }));
  const descriptor = 5 + lines.length * 2;
  const content = fonts.map(({ line }, i) => `BT /F${i} 12 Tf 40 ${760 - i * 30} Td <${ucs2(line.text)}> Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << ${fonts.map((f, i) => `/F${i} ${f.font} 0 R`).join(' ')} >> >> /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  for (const { line, cid } of fonts) {
    objects.push(`<< /Type /Font /Subtype /Type0 /BaseFont /CJKFont /Encoding /${line.cmap} /DescendantFonts [${cid} 0 R] >>`);
    objects.push(
      `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /CJKFont /CIDSystemInfo << /Registry (Adobe) /Ordering (${line.ordering}) /Supplement 2 >> /FontDescriptor ${descriptor} 0 R /DW 1000 >>`,
    );
  }
  objects.push('<< /Type /FontDescriptor /FontName /CJKFont /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 709 /StemV 69 >>');
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

export interface ZipSpec {
  name: string;
  data: Uint8Array;
  /** Lie about the expanded size in the headers (a crafted zip bomb). */
  declaredSize?: number;
}

/** A plain deflate zip writer, so tests can build broken and hostile archives that real tools refuse to make. */
export function makeZip(files: ZipSpec[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const comp = deflateRawSync(f.data);
    const size = f.declaredSize ?? f.data.length;
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += local.length + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

export interface DocxSpec {
  title?: string;
  creator?: string;
  heading: string;
  paragraphs: string[];
}

export async function makeDocx(spec: DocxSpec): Promise<Uint8Array> {
  const doc = new Document({
    title: spec.title,
    creator: spec.creator,
    sections: [
      {
        children: [
          new Paragraph({ text: spec.heading, heading: HeadingLevel.HEADING_1 }),
          ...spec.paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)], alignment: AlignmentType.LEFT })),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A multipart email written by hand: text + HTML alternatives, a base64 attachment, encoded-word headers. */
export function makeEml(opts: { subject: string; plain?: string; html?: string; attachment?: { name: string; data: Uint8Array; type: string } }): Uint8Array {
  const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');
  const lines = [
    'From: "Élise Martin" <elise@newsroom.example>',
    'To: Desk <desk@newsroom.example>, "Yossi Cohen" <yossi@example.org>',
    'Cc: legal@newsroom.example',
    'Date: Tue, 20 Jul 2021 09:15:00 +0200',
    `Subject: =?UTF-8?B?${Buffer.from(opts.subject).toString('base64')}?=`,
    'Message-ID: <abc123@newsroom.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="OUTER"',
    '',
    '--OUTER',
    'Content-Type: multipart/alternative; boundary="ALT"',
    '',
  ];
  if (opts.plain !== undefined) {
    lines.push('--ALT', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(opts.plain));
  }
  if (opts.html !== undefined) {
    lines.push('--ALT', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(opts.html));
  }
  lines.push('--ALT--', '');
  if (opts.attachment) {
    lines.push(
      '--OUTER',
      `Content-Type: ${opts.attachment.type}; name="${opts.attachment.name}"`,
      `Content-Disposition: attachment; filename="${opts.attachment.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(opts.attachment.data),
    );
  }
  lines.push('--OUTER--', '');
  return new TextEncoder().encode(lines.join('\r\n'));
}
