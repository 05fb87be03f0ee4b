import {
  AlignmentType,
  BorderStyle,
  Document,
  FootnoteReferenceRun,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Citation, DossierDocument, ProfileDoc, RenderBlock } from './assemble';
import { formatDate } from './dates';
import { isRtl } from './assemble';
import { markdownParagraphs } from './markdown';
import { ellipsize } from './render-html';

const BODY_FONT = { ascii: 'Georgia', hAnsi: 'Georgia', cs: 'Arial', eastAsia: 'Georgia' };
const MONO_FONT = { ascii: 'Consolas', hAnsi: 'Consolas', cs: 'Consolas', eastAsia: 'Consolas' };
const A4 = { width: 11906, height: 16838 };
const LETTER = { width: 12240, height: 15840 };
const MARGIN = 1361; // 24 mm in twentieths of a point, as in the PDF

function pages(c: Citation): string {
  if (c.page === null) return '';
  return c.pageEnd !== null ? `pp. ${c.page}–${c.pageEnd}` : `p. ${c.page}`;
}

function run(text: string, extra: { bold?: boolean; italics?: boolean; size?: number; color?: string; mono?: boolean } = {}): TextRun {
  const rtl = isRtl(text);
  return new TextRun({
    text,
    bold: extra.bold,
    italics: extra.italics,
    size: extra.size,
    color: extra.color,
    font: extra.mono ? MONO_FONT : undefined,
    rightToLeft: rtl || undefined,
  });
}

function para(children: ParagraphChild[], options: { style?: string; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; rtl?: boolean; spacingAfter?: number } = {}): Paragraph {
  return new Paragraph({
    children,
    style: options.style,
    heading: options.heading,
    bidirectional: options.rtl || undefined,
    spacing: options.spacingAfter !== undefined ? { after: options.spacingAfter } : undefined,
  });
}

/**
 * DOCX through `docx`: Word's own Title / Heading 1–3 / Quote styles (so the navigation pane and a regenerated
 * table of contents work), one real footnote per citation with the same fields as the PDF's endnotes, and
 * right-to-left paragraphs marked bidirectional.
 */
export async function renderDocx(doc: DossierDocument): Promise<Uint8Array> {
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let nextFootnote = 1;
  const footnoteFor = (c: Citation): FootnoteReferenceRun => {
    const id = nextFootnote++;
    const s = c.source;
    const parts: TextRun[] = [];
    if (s) {
      parts.push(run(s.title, { italics: true }));
      const who = [...new Set([s.author, s.outlet].filter((x): x is string => !!x))];
      const rest = [who.join(', '), s.date ? formatDate(s.date) : '', s.url ?? '', pages(c), c.start !== null && c.end !== null ? `characters ${c.start}–${c.end}` : '']
        .filter((x) => x.length > 0)
        .map((x) => `${x}.`)
        .join(' ');
      parts.push(run(`. ${rest} SHA-256 `));
      parts.push(run(s.sha256, { mono: true, size: 15 }));
      if (doc.includeInternals) parts.push(run(` (passage ${c.passageId}, source ${s.id})`, { size: 15 }));
    } else {
      parts.push(run('Source no longer in the case.'));
    }
    footnotes[id] = { children: [new Paragraph({ children: parts })] };
    return new FootnoteReferenceRun(id);
  };

  const body: (Paragraph | Table | TableOfContents)[] = [];
  const titlePage: Paragraph[] = [
    ...(doc.label ? [para([run(doc.label.toUpperCase(), { bold: true, color: '8B1C1C', size: 18 })], { spacingAfter: 2400 })] : []),
    para([run('DOSSIER', { color: '666666', size: 18 })]),
    para([run(doc.title)], { heading: HeadingLevel.TITLE, rtl: isRtl(doc.title) }),
    ...(doc.author ? [para([run(doc.author, { size: 26 })])] : []),
    ...(doc.date ? [para([run(formatDate(doc.date), { size: 24, color: '444444' })])] : []),
    para([run(`${doc.citations.length} citations from ${doc.sources.length} sources. Each quotation was checked against its source before this document was produced; the footnotes give each source’s SHA-256 fingerprint and the exact place of the quotation.`, { size: 17, color: '555555' })]),
    ...(doc.redactionLabels.length > 0 ? [para([run(`Protected names are replaced by ${doc.redactionLabels.join(', ')} throughout.`, { size: 17, color: '555555' })])] : []),
    new Paragraph({ children: [new PageBreak()] }),
  ];
  body.push(...titlePage);
  body.push(new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' }));
  body.push(new Paragraph({ children: [new PageBreak()] }));

  const quote = (c: Citation): Paragraph[] => {
    const paras = c.quote.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
    const out = paras.map((p, i) =>
      para([run(p.replace(/\s*\n\s*/g, ' ')), ...(i === paras.length - 1 ? [footnoteFor(c)] : [])], { style: 'Quote', rtl: c.rtl }),
    );
    if (c.source) out.push(para([run(`— ${c.source.title}${pages(c) ? `, ${pages(c)}` : ''}`, { size: 17, color: '5C5C5C' })], { style: 'QuoteSource' }));
    if (c.note.trim()) out.push(para([run(c.note.trim(), { italics: true, size: 17 })], { style: 'QuoteSource', rtl: isRtl(c.note) }));
    return out;
  };

  const profile = (p: ProfileDoc): Paragraph[] => {
    const out: Paragraph[] = [para([run(p.name)], { heading: HeadingLevel.HEADING_2, rtl: isRtl(p.name) }), para([run(p.type.toUpperCase(), { size: 16, color: '666666' })])];
    if (p.aliases.length > 0) out.push(para([run('Also known as: ', { bold: true }), run(p.aliases.join('; '))]));
    if (p.description.trim()) out.push(para([run(p.description.trim())], { rtl: isRtl(p.description) }));
    for (const [k, v] of p.properties) out.push(para([run(`${k}: `, { bold: true }), run(v.join('; '))]));
    if (p.relationships.length > 0) {
      out.push(para([run('Relationships')], { heading: HeadingLevel.HEADING_3 }));
      for (const r of p.relationships) {
        out.push(new Paragraph({ bullet: { level: 0 }, children: [run(r.text + (r.dates ? ` (${r.dates})` : '')), ...r.citations.map(footnoteFor), ...(r.unsupported ? [run(' — no supporting passage', { color: '8B1C1C' })] : [])] }));
      }
    }
    if (p.evidence.length > 0) {
      out.push(para([run('Evidence')], { heading: HeadingLevel.HEADING_3 }));
      for (const c of p.evidence) out.push(new Paragraph({ bullet: { level: 0 }, bidirectional: c.rtl || undefined, children: [run(`“${ellipsize(c.quote, 220)}”`), footnoteFor(c)] }));
    }
    return out;
  };

  const block = (b: RenderBlock): (Paragraph | Table)[] => {
    switch (b.type) {
      case 'narrative':
        return markdownParagraphs(b.markdown).map((p) => {
          const runs = p.runs.map((r) => new TextRun({ text: r.text, bold: r.bold || undefined, italics: r.italic || undefined, font: r.code ? MONO_FONT : undefined, rightToLeft: isRtl(r.text) || undefined }));
          const rtl = isRtl(p.runs.map((r) => r.text).join(''));
          if (p.kind === 'h') return new Paragraph({ children: runs, heading: p.level <= 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3, bidirectional: rtl || undefined });
          if (p.kind === 'li') return new Paragraph({ children: runs, bullet: { level: Math.max(0, p.level - 1) }, bidirectional: rtl || undefined });
          return new Paragraph({ children: runs, style: p.kind === 'quote' ? 'Quote' : undefined, bidirectional: rtl || undefined });
        });
      case 'note':
        return [para([run('NOTE  ', { bold: true, size: 15, color: '6F6A5F' }), run(b.text.trim())], { style: 'NoteBox', rtl: isRtl(b.text) })];
      case 'quotes':
        return b.citations.flatMap(quote);
      case 'entities':
        return b.profiles.flatMap(profile);
      case 'graph':
        return [para([run(`Relationship graph (${b.nodes} entities, ${b.edges} links): see the PDF edition.${b.caption ? ` ${b.caption}` : ''}`, { italics: true, color: '555555' })])];
      case 'timeline': {
        const cell = (children: Paragraph[], width: number): TableCell => new TableCell({ children, width: { size: width, type: WidthType.PERCENTAGE } });
        const rows = [
          new TableRow({ tableHeader: true, children: [cell([para([run('Date', { bold: true })])], 22), cell([para([run('Event', { bold: true })])], 78)] }),
          ...b.items.map((i) => {
            const date = i.date ? formatDate(i.date) + (i.endDate ? ` – ${formatDate(i.endDate)}` : '') : 'Undated';
            const what = i.citation ? [run(`“${ellipsize(i.citation.quote, 220)}”`), footnoteFor(i.citation)] : [run(i.label)];
            return new TableRow({ children: [cell([para([run(date)])], 22), cell([para(what, { rtl: i.citation?.rtl ?? false })], 78)] });
          }),
        ];
        return [new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }), ...(b.caption ? [para([run(b.caption, { italics: true, size: 17 })])] : [])];
      }
    }
  };

  for (const s of doc.sections) {
    body.push(para([run(`${s.number}  ${s.title || 'Untitled section'}`)], { heading: HeadingLevel.HEADING_1, rtl: isRtl(s.title) }));
    for (const b of s.blocks) body.push(...block(b));
  }

  if (doc.sources.length > 0) {
    body.push(new Paragraph({ children: [new PageBreak()] }));
    body.push(para([run('Appendix: sources cited')], { heading: HeadingLevel.HEADING_1 }));
    const header = new TableRow({
      tableHeader: true,
      children: ['#', 'Source', 'Dated', 'Imported'].map((h) => new TableCell({ children: [para([run(h, { bold: true, size: 16 })])] })),
    });
    const rows = doc.sources.flatMap((s) => {
      const who = [...new Set([s.author, s.outlet].filter((x): x is string => !!x))].join(', ');
      return [
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({ children: [para([run(String(s.number), { bold: true, size: 17 })])], width: { size: 6, type: WidthType.PERCENTAGE } }),
            new TableCell({
              children: [para([run(s.title, { italics: true, size: 17 }), ...(who ? [run(`, ${who}`, { size: 17 })] : []), ...(s.url ? [run(`, ${s.url}`, { size: 15 })] : [])])],
              width: { size: 62, type: WidthType.PERCENTAGE },
            }),
            new TableCell({ children: [para([run(s.date ? formatDate(s.date) : '—', { size: 17 })])], width: { size: 16, type: WidthType.PERCENTAGE } }),
            new TableCell({ children: [para([run(formatDate(s.importedAt.slice(0, 10)), { size: 17 })])], width: { size: 16, type: WidthType.PERCENTAGE } }),
          ],
        }),
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({ children: [para([])] }),
            new TableCell({ columnSpan: 3, children: [para([run('SHA-256 ', { size: 15 }), run(s.sha256, { mono: true, size: 15 })])] }),
          ],
        }),
      ];
    });
    body.push(new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }));
  }

  const size = doc.paper === 'letter' ? LETTER : A4;
  const document = new Document({
    title: doc.title,
    creator: doc.author || 'Casefile',
    subject: doc.label || undefined,
    description: 'Dossier exported from Casefile',
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 21 }, paragraph: { spacing: { after: 120, line: 300 } } },
        title: { run: { font: BODY_FONT, size: 56, bold: true }, paragraph: { spacing: { after: 240 } } },
        heading1: { run: { font: BODY_FONT, size: 32, bold: true, color: '111111' }, paragraph: { spacing: { before: 480, after: 180 }, keepNext: true, keepLines: true } },
        heading2: { run: { font: BODY_FONT, size: 25, bold: true, color: '111111' }, paragraph: { spacing: { before: 320, after: 80 }, keepNext: true, keepLines: true } },
        heading3: { run: { font: BODY_FONT, size: 21, bold: true, color: '333333' }, paragraph: { spacing: { before: 200, after: 60 }, keepNext: true } },
      },
      paragraphStyles: [
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: BODY_FONT, size: 21, color: '222222' },
          paragraph: {
            indent: { left: 567, right: 284 },
            spacing: { before: 160, after: 40, line: 290 },
            border: { left: { style: BorderStyle.SINGLE, size: 18, color: 'B9B3A7', space: 10 } },
            keepLines: true,
          },
        },
        {
          id: 'QuoteSource',
          name: 'Quote Source',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: BODY_FONT, size: 17, color: '5C5C5C' },
          paragraph: { indent: { left: 567 }, spacing: { after: 200 } },
        },
        {
          id: 'NoteBox',
          name: 'Note',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: BODY_FONT, size: 20 },
          paragraph: {
            indent: { left: 284, right: 284 },
            spacing: { before: 160, after: 160 },
            shading: { type: 'clear', fill: 'F5F3EE', color: 'auto' },
            border: { left: { style: BorderStyle.SINGLE, size: 18, color: '6F6A5F', space: 8 } },
          },
        },
      ],
    },
    footnotes,
    sections: [
      {
        properties: { page: { size, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 } } },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.LEFT,
                children: [run(ellipsize(doc.title, 80), { size: 15, color: '555555' }), ...(doc.label ? [run(`    ${doc.label.toUpperCase()}`, { size: 15, color: '8B1C1C' })] : [])],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 15, color: '555555' })] })],
          }),
        },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
