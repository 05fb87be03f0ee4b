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
  walk(root, out);
  return out
    .join('')
    .replace(/[ \t\f\v]*\n[ \t\f\v]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen']);

/** Deepest tag nesting from a linear scan of the markup, stopping early at `stopAt`. */
export function tagDepth(html: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const name = (m[2] ?? '').toLowerCase();
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID.has(name)) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max >= stopAt) return max;
      }
    }
  }
  return max;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Linear, DOM-free text for pathological markup: no scripts/styles/comments, block tags become breaks. */
export function stripTags(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(p|div|br|h[1-6]|li|tr|table|section|article|blockquote|pre|ul|ol)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\uFFFD';
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/[ \t\u00a0]+/g, ' ');
}

// Iterative on purpose: a recursive walk overflows the stack on deliberately deep documents.
function walk(root: NodeLike, out: string[]): void {
  type Frame = { node: NodeLike; pre: boolean; close: string | null };
  const stack: Frame[] = [{ node: root, pre: false, close: null }];
  while (stack.length) {
    const frame = stack.pop() as Frame;
    if (frame.close !== null) {
      out.push(frame.close);
      continue;
    }
    const { node, pre } = frame;
    if (node.nodeType === 3) {
      const t = node.textContent ?? '';
      out.push(pre ? t : t.replace(/[\s\u00a0]+/g, (m) => (m.includes('\u00a0') && m.length === 1 ? '\u00a0' : ' ')));
      continue;
    }
    // Elements (1), documents (9) and fragments (11) have children; comments and the rest are dropped.
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) continue;
    if (name === 'BR') {
      out.push('\n');
      continue;
    }
    const block = BLOCK.has(name);
    const isPre = pre || name === 'PRE';
    if (block) out.push('\n\n');
    if (name === 'LI') out.push('\n• ');
    if (name === 'TR') out.push('\n');
    if (name === 'TD' || name === 'TH') out.push('\t');
    if (block) stack.push({ node, pre, close: '\n\n' });
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push({ node: k, pre: isPre, close: null });
    }
  }
}
