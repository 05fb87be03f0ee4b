import type { Citation, DossierDocument, ProfileDoc, RenderBlock, SourceInfo } from './assemble';
import { formatDate } from './dates';
import { serifFontFaces } from './fonts';
import { markdownToHtml } from './markdown';
import { SANS_STACK, dossierCss } from './styles';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Paragraphs of plain text (quotes, notes): blank lines split paragraphs, single newlines become line breaks. */
function paragraphs(text: string, dir: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p dir="${dir}">${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

export const NOTES_ANCHOR = 'notes';
export const SOURCES_ANCHOR = 'sources';
const noteAnchor = (n: number): string => `note-${n}`;

function marker(c: Citation): string {
  return `<sup class="cite"><a href="#${noteAnchor(c.number)}">${c.number}</a></sup>`;
}

function pages(c: Citation): string {
  if (c.page === null) return '';
  return c.pageEnd !== null ? `pp. ${c.page}–${c.pageEnd}` : `p. ${c.page}`;
}

function shortSource(c: Citation): string {
  if (!c.source) return '';
  const parts = [`<cite>${esc(c.source.title)}</cite>`];
  const p = pages(c);
  if (p) parts.push(p);
  return parts.join(', ');
}

function quoteBlock(c: Citation, internals: boolean): string {
  const dir = c.rtl ? 'rtl' : 'ltr';
  const text = paragraphs(c.quote, 'auto');
  // The marker goes at the end of the last paragraph, where a reader expects it.
  const withMarker = text.replace(/<\/p>$/, `${marker(c)}</p>`);
  const note = c.note.trim() ? `<span class="qnote" dir="auto">${esc(c.note)}</span>` : '';
  const internal = internals ? ` <span class="internal">[${esc(c.passageId)}]</span>` : '';
  return `<blockquote class="quote" dir="${dir}">${withMarker}<span class="source" dir="ltr">— ${shortSource(c)}${internal}</span>${note}</blockquote>`;
}

function profileHtml(p: ProfileDoc): string {
  const rows: string[] = [];
  if (p.aliases.length > 0) rows.push(`<tr><th>Also known as</th><td dir="auto">${p.aliases.map(esc).join('; ')}</td></tr>`);
  for (const [k, v] of p.properties) rows.push(`<tr><th>${esc(propertyLabel(k))}</th><td dir="auto">${v.map((x) => esc(/^\d{4}(-\d{2}){0,2}$/.test(x) ? formatDate(x) : x)).join('; ')}</td></tr>`);
  const rels = p.relationships.map(
    (r) =>
      `<li dir="auto">${esc(r.text)}${r.dates ? ` <span class="muted">(${esc(r.dates)})</span>` : ''}${r.citations.map(marker).join('')}${r.unsupported ? ' <span class="unsupported">— no supporting passage</span>' : ''}</li>`,
  );
  const evidence = p.evidence.map((c) => `<li dir="auto">“${esc(ellipsize(c.quote, 220))}”${marker(c)} <span class="muted">— ${shortSource(c)}</span></li>`);
  return [
    `<div class="profile" id="${p.anchor}">`,
    `<h3 dir="auto">${esc(p.name)}</h3><div class="etype">${esc(p.type)}</div>`,
    p.description.trim() ? paragraphs(p.description, 'auto') : '',
    rows.length > 0 ? `<table class="props">${rows.join('')}</table>` : '',
    rels.length > 0 ? `<h4>Relationships</h4><ul>${rels.join('')}</ul>` : '',
    evidence.length > 0 ? `<h4>Evidence</h4><ul class="evidence">${evidence.join('')}</ul>` : '',
    '</div>',
  ].join('');
}

function propertyLabel(key: string): string {
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function ellipsize(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  const cps = [...flat];
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : flat;
}

function blockHtml(block: RenderBlock, doc: DossierDocument): string {
  switch (block.type) {
    case 'narrative':
      return `<div class="narrative">${markdownToHtml(block.markdown)}</div>`;
    case 'note':
      return `<aside class="note"><span class="tag">Note</span>${paragraphs(block.text, 'auto')}</aside>`;
    case 'quotes':
      return block.citations.map((c) => quoteBlock(c, doc.includeInternals)).join('');
    case 'entities':
      return block.profiles.map(profileHtml).join('');
    case 'graph':
      return `<figure class="graph">${block.svg}<figcaption>${esc(block.caption || `Relationships between ${block.nodes} entities (${block.edges} links). Dashed: no supporting passage.`)}</figcaption></figure>`;
    case 'timeline': {
      const rows = block.items.map((item) => {
        const date = item.date ? formatDate(item.date) + (item.endDate ? ` – ${formatDate(item.endDate)}` : '') : 'Undated';
        const what = item.citation
          ? `“${esc(ellipsize(item.citation.quote, 260))}”${marker(item.citation)} <span class="muted">— ${shortSource(item.citation)}</span>`
          : esc(item.label);
        const how = item.origin === 'source' ? ' <span class="muted">(source date)</span>' : '';
        return `<tr><td class="date">${esc(date)}${how}</td><td dir="auto">${what}</td></tr>`;
      });
      const caption = block.caption ? `<caption style="caption-side: bottom; text-align: left" class="muted">${esc(block.caption)}</caption>` : '';
      return `<table class="timeline">${caption}<thead><tr><th>Date</th><th>Event</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    }
  }
}

/** The endnote for a citation, in the order an editor checks it: what, who, when, where, which part, which file. */
function endnote(c: Citation, internals: boolean): string {
  const parts: string[] = [];
  const s = c.source;
  if (s) {
    parts.push(`<cite dir="auto">${esc(s.title)}</cite>`);
    const who = [s.author, s.outlet].filter((x): x is string => !!x && x.length > 0);
    if (who.length > 0) parts.push(esc([...new Set(who)].join(', ')));
    if (s.date) parts.push(esc(formatDate(s.date)));
    if (s.url) parts.push(`<span class="url">${esc(s.url)}</span>`);
  } else {
    parts.push('Source no longer in the case');
  }
  const p = pages(c);
  if (p) parts.push(p);
  if (c.start !== null && c.end !== null) parts.push(`characters ${c.start}–${c.end}`);
  const first = `${parts.join('. ')}.`;
  const hash = s ? `<span class="hashline">SHA-256 <span class="hash">${s.sha256}</span></span>` : '';
  const internal = internals ? `<span class="hashline internal">passage ${esc(c.passageId)}${s ? ` · source ${esc(s.id)}${s.originalPath ? ` · ${esc(s.originalPath)}` : ''}` : ''}</span>` : '';
  return `<li id="${noteAnchor(c.number)}"><span class="n">${c.number}</span><span class="body">${first}${hash}${internal}</span></li>`;
}

function appendixRows(s: SourceInfo, internals: boolean): string {
  const who = [s.author, s.outlet].filter((x): x is string => !!x && x.length > 0);
  const details = [
    `<cite dir="auto">${esc(s.title)}</cite>`,
    who.length > 0 ? `<br><span dir="auto">${esc([...new Set(who)].join(', '))}</span>` : '',
    s.url ? `<br><span class="url">${esc(s.url)}</span>` : '',
    `<br><span class="muted">${esc(s.type.toUpperCase())}${s.pages ? `, ${s.pages} pages` : ''}${s.language ? `, ${esc(s.language)}` : ''}</span>`,
    internals ? `<br><span class="internal">${esc(s.id)} · ${esc(s.originalPath ?? s.originalName)}</span>` : '',
  ].join('');
  return `<tbody><tr><td class="num">${s.number}</td><td>${details}</td><td class="date">${s.date ? esc(formatDate(s.date)) : '—'}</td><td class="date">${esc(formatDate(s.importedAt.slice(0, 10)))}</td></tr><tr class="hashrow"><td></td><td colspan="3">SHA-256 <span class="hash">${s.sha256}</span></td></tr></tbody>`;
}

export interface HtmlOptions {
  /** 'print' for Chromium (page numbers in the contents), 'html' for the standalone file. */
  mode: 'print' | 'html';
  /** Page of each heading anchor, from a first print; absent on the first pass and in previews. */
  pageNumbers?: ReadonlyMap<string, number> | undefined;
}

export interface TocEntry {
  anchor: string;
  number: string;
  title: string;
}

export function tocEntries(doc: DossierDocument): TocEntry[] {
  const entries: TocEntry[] = doc.sections.map((s) => ({ anchor: s.anchor, number: String(s.number), title: s.title || 'Untitled section' }));
  if (doc.citations.length > 0) entries.push({ anchor: NOTES_ANCHOR, number: '', title: 'Notes' });
  if (doc.sources.length > 0) entries.push({ anchor: SOURCES_ANCHOR, number: '', title: 'Appendix: sources cited' });
  return entries;
}

export function renderHtml(doc: DossierDocument, options: HtmlOptions): string {
  const toc = tocEntries(doc)
    .map((e) => {
      // The first pass reserves the width of a number so the contents page breaks the same way in both passes.
      const page = options.mode === 'print' ? String(options.pageNumbers?.get(e.anchor) ?? '000') : '';
      const pageHtml = options.mode === 'print' ? `<span class="leader"></span><span class="pg"${options.pageNumbers ? '' : ' style="color:#fff"'}>${page}</span>` : '';
      return `<li${e.number ? '' : ' class="back"'}><span class="n">${esc(e.number)}</span><a class="t" href="#${e.anchor}" dir="auto">${esc(e.title)}</a>${pageHtml}</li>`;
    })
    .join('');
  const sections = doc.sections
    .map(
      (s) =>
        `<section class="section"><h2 id="${s.anchor}" dir="auto"><span class="num">${s.number}</span>${esc(s.title || 'Untitled section')}</h2>${s.blocks.map((b) => blockHtml(b, doc)).join('')}</section>`,
    )
    .join('');
  const notes =
    doc.citations.length > 0
      ? `<section class="endnotes"><h2 id="${NOTES_ANCHOR}">Notes</h2><p class="muted" style="font-size:8.8pt">Character offsets count Unicode code points of the source's extracted text (end exclusive). SHA-256 identifies the original file as imported.</p><ol>${doc.citations.map((c) => endnote(c, doc.includeInternals)).join('')}</ol></section>`
      : '';
  const appendix =
    doc.sources.length > 0
      ? `<section class="appendix"><h2 id="${SOURCES_ANCHOR}">Appendix: sources cited</h2><table class="sources"><thead><tr><th>#</th><th>Source</th><th>Dated</th><th>Imported</th></tr></thead>${doc.sources.map((s) => appendixRows(s, doc.includeInternals)).join('')}</table></section>`
      : '';
  const redactionNote =
    doc.redactionLabels.length > 0 ? `<br>Protected names are replaced by ${doc.redactionLabels.map((l) => esc(l)).join(', ')} throughout.` : '';
  const titlePage = [
    '<section class="title-page">',
    doc.label ? `<div class="label">${esc(doc.label)}</div>` : '',
    '<div class="kind">Dossier</div>',
    `<h1 dir="auto">${esc(doc.title)}</h1>`,
    '<div class="rule"></div>',
    doc.author ? `<p class="byline" dir="auto">${esc(doc.author)}</p>` : '',
    doc.date ? `<p class="date">${esc(formatDate(doc.date))}</p>` : '',
    `<p class="colophon">${doc.citations.length} citation${doc.citations.length === 1 ? '' : 's'} from ${doc.sources.length} source${doc.sources.length === 1 ? '' : 's'}. Each quotation was checked against its source before this document was produced; the notes give each source’s SHA-256 fingerprint and the exact place of the quotation.${redactionNote}</p>`,
    '</section>',
  ].join('');
  const meta = doc.author ? `<meta name="author" content="${esc(doc.author)}">` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="color-scheme" content="light"><title>${esc(doc.title)}</title>${meta}<meta name="generator" content="Casefile">`,
    `<style>${serifFontFaces()}\n${dossierCss(doc.paper)}</style></head>`,
    '<body>',
    titlePage,
    `<nav class="toc"><h2>Contents</h2><ol>${toc}</ol></nav>`,
    `<main>${sections}</main>`,
    notes,
    appendix,
    '</body></html>',
  ].join('');
}

/** Chromium's running header and footer (rendered apart from the page: styles inline, no web fonts). */
export function headerTemplate(doc: DossierDocument): string {
  const style = `font-family: ${SANS_STACK}; font-size: 8pt; color: #555; width: 100%; margin: 0 24mm; display: flex; justify-content: space-between; gap: 8mm; padding-top: 2mm;`;
  const title = ellipsize(doc.title, 80);
  const label = doc.label ? `<span style="text-transform: uppercase; color: #8b1c1c; white-space: nowrap;">${esc(doc.label)}</span>` : '<span></span>';
  return `<div style="${style}"><span dir="auto" style="overflow: hidden; white-space: nowrap; text-overflow: ellipsis;">${esc(title)}</span>${label}</div>`;
}

export function footerTemplate(): string {
  const style = `font-family: ${SANS_STACK}; font-size: 7.5pt; color: #555; width: 100%; margin: 0 24mm; text-align: center; padding-bottom: 2mm;`;
  return `<div style="${style}"><span class="pageNumber"></span>&#160;/&#160;<span class="totalPages"></span></div>`;
}
