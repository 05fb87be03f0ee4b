/**
 * DOM → plain text with paragraph breaks. Shared by the HTML, .docx (via mammoth's HTML) and email importers.
 * Works on any DOM-like tree (linkedom), only reading nodes: nothing is executed or fetched.
 */
interface NodeLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<NodeLike>;
}

const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'CANVAS', 'HEAD',
  'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'AUDIO', 'VIDEO', 'PICTURE', 'IMG', 'LINK', 'META', 'FORM',
]);
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR',
  'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'UL', 'HTML',
]);

export function domToText(root: NodeLike): string {
  const out: string[] = [];
  walk(root, out, false);
  return out
    .join('')
    .replace(/[ \t\f\v]*\n[ \t\f\v]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function walk(node: NodeLike, out: string[], pre: boolean): void {
  if (node.nodeType === 3) {
    const t = node.textContent ?? '';
    out.push(pre ? t : t.replace(/[\s\u00a0]+/g, (m) => (m.includes('\u00a0') && m.length === 1 ? '\u00a0' : ' ')));
    return;
  }
  // Elements (1), documents (9) and fragments (11) have children; comments and the rest are dropped.
  if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
  const name = node.nodeName.toUpperCase();
  if (SKIP.has(name)) return;
  if (name === 'BR') {
    out.push('\n');
    return;
  }
  const block = BLOCK.has(name);
  const isPre = pre || name === 'PRE';
  if (block) out.push('\n\n');
  if (name === 'LI') out.push('\n• ');
  if (name === 'TR') out.push('\n');
  if (name === 'TD' || name === 'TH') out.push('\t');
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k) walk(k, out, isPre);
  }
  if (block) out.push('\n\n');
}
