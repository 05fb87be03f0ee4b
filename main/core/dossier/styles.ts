import type { PaperSize } from '../../../shared/domain/dossier';

/** Page geometry shared by the CSS and the printer (header and footer live in the top and bottom margins). */
export const PAGE_MARGINS_MM = { top: 24, bottom: 22, left: 24, right: 24 } as const;

export const SERIF_STACK = "'Casefile Serif', 'Source Serif 4', 'Liberation Serif', 'DejaVu Serif', 'Times New Roman', serif";
export const SANS_STACK = "'Liberation Sans', 'DejaVu Sans', Arial, sans-serif";
export const MONO_STACK = "'DejaVu Sans Mono', 'Liberation Mono', 'Courier New', monospace";

/** The print stylesheet: A4 or Letter, a serif body, quotes set apart, endnotes and the appendix in smaller type. */
export function dossierCss(paper: PaperSize): string {
  return `
@page { size: ${paper === 'letter' ? 'letter' : 'A4'}; }
html { font-size: 10.5pt; }
body { margin: 0; font-family: ${SERIF_STACK}; line-height: 1.48; color: #1b1b1b; font-kerning: normal;
  font-variant-numeric: oldstyle-nums proportional-nums; hyphens: auto; -webkit-hyphens: auto; orphans: 3; widows: 3; }
[dir="rtl"] { font-family: ${SERIF_STACK}; }
h1, h2, h3, h4 { font-weight: 600; line-height: 1.22; break-after: avoid; page-break-after: avoid; break-inside: avoid; color: #111; }
h2 { font-size: 1.45rem; margin: 1.9rem 0 0.8rem; padding-bottom: 0.25rem; border-bottom: 0.6pt solid #9a9a9a; }
h2 .num { display: inline-block; min-width: 1.6em; color: #6d6d6d; font-weight: 500; font-variant-numeric: lining-nums; }
h3 { font-size: 1.12rem; margin: 1.4rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
p { margin: 0 0 0.62rem; text-align: left; }
a { color: inherit; text-decoration: none; }
code { font-family: ${MONO_STACK}; font-size: 0.86em; }
.url { color: #555; font-size: 0.92em; word-break: break-all; }

/* Title page */
.title-page { height: 225mm; display: flex; flex-direction: column; break-after: page; page-break-after: always; }
.title-page .label { align-self: flex-start; font-family: ${SANS_STACK}; font-size: 8.5pt; letter-spacing: 0.14em; text-transform: uppercase;
  color: #8b1c1c; border: 0.8pt solid #8b1c1c; padding: 0.3em 0.7em; margin-top: 6mm; }
.title-page .kind { font-family: ${SANS_STACK}; font-size: 8.5pt; letter-spacing: 0.18em; text-transform: uppercase; color: #666; margin-top: 52mm; }
.title-page h1 { font-size: 2.55rem; line-height: 1.12; margin: 0.6rem 0 1.2rem; font-weight: 600; letter-spacing: -0.005em; text-align: left; break-after: auto; }
.title-page .rule { width: 32mm; border-top: 1.4pt solid #1b1b1b; margin: 0.2rem 0 1.2rem; }
.title-page .byline { font-size: 1.2rem; margin: 0 0 0.25rem; text-align: left; }
.title-page .date { font-size: 1.05rem; color: #444; margin: 0; text-align: left; }
.title-page .colophon { margin-top: auto; font-size: 8.5pt; color: #555; line-height: 1.45; max-width: 120mm; text-align: left; }

/* Contents */
.toc { break-after: page; page-break-after: always; }
.toc h2 { border-bottom: none; margin-top: 0; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { display: flex; align-items: baseline; margin: 0 0 0.42rem; font-size: 1.02rem; }
.toc li.back { margin-top: 0.9rem; }
.toc .n { min-width: 1.7em; color: #6d6d6d; font-variant-numeric: lining-nums; }
.toc .t { flex: 0 1 auto; }
.toc .leader { flex: 1 1 auto; border-bottom: 0.7pt dotted #8a8a8a; margin: 0 0.4em; transform: translateY(-0.25em); min-width: 2em; }
.toc .pg { min-width: 2.2em; text-align: right; font-variant-numeric: lining-nums tabular-nums; }

/* Quotes and citations */
blockquote.quote { margin: 0.9rem 0 1.05rem 0; padding: 0.1rem 0 0.1rem 1.1rem; border-left: 2.2pt solid #b9b3a7; break-inside: avoid; }
blockquote.quote[dir="rtl"] { padding: 0.1rem 1.1rem 0.1rem 0; border-left: none; border-right: 2.2pt solid #b9b3a7; }
blockquote.quote p { font-size: 1rem; line-height: 1.45; margin: 0 0 0.25rem; text-align: left; }
blockquote.quote[dir="rtl"] p { text-align: right; }
blockquote.quote .source { display: block; font-size: 8.6pt; color: #5c5c5c; margin-top: 0.2rem; text-align: left; font-variant-numeric: lining-nums; }
blockquote.quote[dir="rtl"] .source { text-align: right; }
blockquote.quote .qnote { display: block; font-size: 8.6pt; color: #333; font-style: italic; margin-top: 0.15rem; }
sup.cite { font-size: 0.68em; line-height: 0; vertical-align: super; font-variant-numeric: lining-nums; font-weight: 600; color: #7a1f1f; margin-left: 0.08em; }
sup.cite a { color: inherit; }

/* Notes, profiles, graph, timeline */
aside.note { margin: 1rem 0; padding: 0.6rem 0.9rem; background: #f5f3ee; border-left: 2.2pt solid #6f6a5f; break-inside: avoid; }
aside.note .tag { font-family: ${SANS_STACK}; font-size: 7.5pt; letter-spacing: 0.14em; text-transform: uppercase; color: #6f6a5f; display: block; margin-bottom: 0.2rem; }
aside.note p { margin: 0 0 0.3rem; text-align: left; }
.profile { margin: 1.1rem 0 1.3rem; break-inside: auto; }
.profile h3 { margin-bottom: 0.15rem; }
.profile .etype { font-family: ${SANS_STACK}; font-size: 7.5pt; letter-spacing: 0.14em; text-transform: uppercase; color: #666; margin-bottom: 0.45rem; }
.profile table.props { border-collapse: collapse; margin: 0.3rem 0 0.6rem; font-size: 0.92rem; }
.profile table.props th { text-align: left; font-weight: 600; padding: 0.1rem 1.2rem 0.1rem 0; vertical-align: top; color: #444; }
.profile table.props td { padding: 0.1rem 0; }
.profile ul { margin: 0.2rem 0 0.6rem; padding-left: 1.2rem; }
.profile li { margin-bottom: 0.25rem; }
.profile .evidence li { font-size: 0.95rem; }
.unsupported { color: #8b1c1c; font-size: 0.85em; }
figure.graph { margin: 1rem 0 1.2rem; break-inside: avoid; }
figure.graph svg { display: block; width: 100%; height: auto; }
figure.graph .node-label { font-family: ${SERIF_STACK}; font-size: 11px; font-weight: 600; fill: #1b1b1b; }
figure.graph .node-type { font-family: ${SANS_STACK}; font-size: 7.5px; letter-spacing: 0.08em; text-transform: uppercase; fill: #666; }
figure.graph .edge-label { font-family: ${SANS_STACK}; font-size: 8.5px; fill: #444; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
figcaption { font-size: 8.8pt; color: #555; margin-top: 0.35rem; }
table.timeline { width: 100%; border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.94rem; }
table.timeline th, table.timeline td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem 0.35rem 0; border-bottom: 0.5pt solid #d3d0c9; }
table.timeline th { font-family: ${SANS_STACK}; font-size: 7.5pt; letter-spacing: 0.1em; text-transform: uppercase; color: #666; font-weight: 600; }
table.timeline td.date { white-space: nowrap; width: 8.5em; font-variant-numeric: lining-nums; }
table.timeline tr { break-inside: avoid; }

/* Endnotes and appendix */
section.endnotes, section.appendix { break-before: page; page-break-before: always; }
section.endnotes ol { list-style: none; padding: 0; margin: 0; }
section.endnotes li { display: flex; gap: 0.6em; font-size: 8.8pt; line-height: 1.42; margin: 0 0 0.55rem; break-inside: avoid; }
section.endnotes li .n { min-width: 1.8em; text-align: right; font-weight: 600; font-variant-numeric: lining-nums; color: #7a1f1f; }
section.endnotes li .body { flex: 1; }
section.endnotes cite, section.appendix cite { font-style: italic; }
.hash { font-family: ${MONO_STACK}; font-size: 7.3pt; white-space: nowrap; letter-spacing: 0; color: #333; }
.hashline { display: block; }
table.sources { width: 100%; border-collapse: collapse; font-size: 8.8pt; line-height: 1.38; }
table.sources th { font-family: ${SANS_STACK}; font-size: 7.2pt; letter-spacing: 0.1em; text-transform: uppercase; color: #666; text-align: left;
  font-weight: 600; border-bottom: 0.8pt solid #555; padding: 0.3rem 0.5rem 0.3rem 0; }
table.sources td { vertical-align: top; padding: 0.35rem 0.5rem 0.1rem 0; }
table.sources tr.hashrow td { padding-top: 0; padding-bottom: 0.45rem; border-bottom: 0.5pt solid #d3d0c9; }
table.sources tbody { break-inside: avoid; }
table.sources td.num { width: 2em; font-weight: 600; font-variant-numeric: lining-nums; }
table.sources td.date { white-space: nowrap; width: 7.5em; font-variant-numeric: lining-nums; }
.internal { font-family: ${MONO_STACK}; font-size: 7.3pt; color: #666; }
.muted { color: #666; }

@media screen {
  html { background: #f1efe9; }
  body { max-width: 46rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,0.12); }
  .title-page { height: auto; min-height: 60vh; }
  .title-page .kind { margin-top: 4rem; }
  .toc .pg { display: none; }
  section.endnotes, section.appendix { margin-top: 3rem; }
}
`;
}
