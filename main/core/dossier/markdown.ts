import MarkdownIt from 'markdown-it';

/**
 * Narrative Markdown → HTML for a print document: raw HTML is shown as text, images are not loaded (a dossier carries
 * nothing from outside), and links print their address after the words instead of being live, because the document
 * leaves the case and a reader on paper cannot follow a link anyway.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
md.disable(['image']);
const hrefs: string[] = [];
md.renderer.rules.link_open = (tokens, idx) => {
  hrefs.push(tokens[idx]?.attrGet('href') ?? '');
  return '<span class="link">';
};
md.renderer.rules.link_close = () => {
  const href = hrefs.pop() ?? '';
  return href ? `</span> <span class="url">(${md.utils.escapeHtml(href)})</span>` : '</span>';
};

/** Every block gets dir="auto" so a Hebrew or Arabic paragraph sets right to left on its own. */
export function markdownToHtml(source: string): string {
  return md.render(source).replace(/<(p|li|h[1-6]|blockquote|td|th)>/g, '<$1 dir="auto">');
}

/** Markdown tokens for DOCX: paragraphs and headings with inline runs (bold, italic, code), lists flattened. */
export interface MdRun {
  text: string;
  bold: boolean;
  italic: boolean;
  code: boolean;
}
export interface MdParagraph {
  kind: 'p' | 'h' | 'li' | 'quote';
  level: number;
  runs: MdRun[];
}

export function markdownParagraphs(source: string): MdParagraph[] {
  const tokens = md.parse(source, {});
  const out: MdParagraph[] = [];
  let kind: MdParagraph['kind'] = 'p';
  let level = 0;
  let quoteDepth = 0;
  let listDepth = 0;
  for (const token of tokens) {
    if (token.type === 'blockquote_open') quoteDepth++;
    else if (token.type === 'blockquote_close') quoteDepth--;
    else if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') listDepth++;
    else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') listDepth--;
    else if (token.type === 'heading_open') {
      kind = 'h';
      level = Number(token.tag.slice(1));
    } else if (token.type === 'paragraph_open') {
      kind = listDepth > 0 ? 'li' : quoteDepth > 0 ? 'quote' : 'p';
      level = listDepth;
    } else if (token.type === 'inline') {
      const runs: MdRun[] = [];
      let bold = false;
      let italic = false;
      const linkStack: string[] = [];
      for (const child of token.children ?? []) {
        if (child.type === 'strong_open') bold = true;
        else if (child.type === 'strong_close') bold = false;
        else if (child.type === 'em_open') italic = true;
        else if (child.type === 'em_close') italic = false;
        else if (child.type === 'link_open') linkStack.push(child.attrGet('href') ?? '');
        else if (child.type === 'link_close') {
          const href = linkStack.pop();
          if (href) runs.push({ text: ` (${href})`, bold, italic, code: false });
        } else if (child.type === 'code_inline') runs.push({ text: child.content, bold, italic, code: true });
        else if (child.type === 'softbreak' || child.type === 'hardbreak') runs.push({ text: ' ', bold, italic, code: false });
        else if (child.type === 'text') runs.push({ text: child.content, bold, italic, code: false });
      }
      out.push({ kind, level, runs });
    } else if (token.type === 'fence' || token.type === 'code_block') {
      out.push({ kind: 'p', level: 0, runs: [{ text: token.content.replace(/\n$/, ''), bold: false, italic: false, code: true }] });
    }
  }
  return out;
}
