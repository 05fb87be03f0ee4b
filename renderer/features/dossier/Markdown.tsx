import { createElement, useMemo } from 'react';
import type { ReactNode } from 'react';
import MarkdownIt from 'markdown-it';

type Token = ReturnType<MarkdownIt['parse']>[number];

// html: false makes raw HTML in the researcher's text (or in text pasted from a source) plain characters; links are
// never made clickable, as following one from an offline case would leak what is being read.
const parser = new MarkdownIt('commonmark', { html: false, linkify: false });

/** The only elements a narrative can produce; anything else markdown-it might emit becomes a span. */
const ALLOWED = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'strong', 'em', 's', 'code', 'pre', 'hr', 'br']);

type Frame = { tag: string; children: ReactNode[]; attrs: Record<string, string> };

/**
 * Markdown to React elements through markdown-it's token stream (never its HTML output), so nothing the text says
 * can become markup: every string ends up as a React text child.
 */
export function markdownToReact(markdown: string): ReactNode[] {
  return build(parser.parse(markdown, {}));
}

function build(tokens: readonly Token[]): ReactNode[] {
  const root: Frame = { tag: 'root', children: [], attrs: {} };
  const stack: Frame[] = [root];
  let key = 0;
  const top = () => stack[stack.length - 1] ?? root;
  const element = (tag: string, attrs: Record<string, string>, children: ReactNode[]): ReactNode => {
    key += 1;
    if (tag === 'a') return createElement('span', { key, className: 'md-link', title: attrs.href ?? '' }, ...children);
    const safe = ALLOWED.has(tag) ? tag : 'span';
    const props: Record<string, unknown> = { key };
    if (safe === 'ol' && attrs.start) props.start = Number(attrs.start) || undefined;
    return children.length > 0 ? createElement(safe, props, ...children) : createElement(safe, props);
  };
  for (const token of tokens) {
    if (token.nesting === 1) {
      stack.push({ tag: token.tag, children: [], attrs: Object.fromEntries(token.attrs ?? []) });
      continue;
    }
    if (token.nesting === -1) {
      const frame = stack.pop();
      if (frame) top().children.push(element(frame.tag, frame.attrs, frame.children));
      continue;
    }
    const into = top().children;
    switch (token.type) {
      case 'inline':
        into.push(...build(token.children ?? []));
        break;
      case 'text':
        into.push(token.content);
        break;
      case 'code_inline':
        into.push(element('code', {}, [token.content]));
        break;
      case 'code_block':
      case 'fence':
        into.push(element('pre', {}, [element('code', {}, [token.content])]));
        break;
      case 'softbreak':
        into.push('\n');
        break;
      case 'hardbreak':
        into.push(element('br', {}, []));
        break;
      case 'hr':
        into.push(element('hr', {}, []));
        break;
      case 'image':
        // An image would be a request for a file; its description is what the reader can still have.
        into.push(token.content ? `[${token.content}]` : '');
        break;
      default:
        if (token.content) into.push(token.content);
    }
  }
  // Unbalanced tokens cannot come out of markdown-it, but a half-built frame must not swallow the text.
  while (stack.length > 1) {
    const frame = stack.pop();
    if (frame) top().children.push(element(frame.tag, frame.attrs, frame.children));
  }
  return root.children;
}

export function MarkdownView({ markdown, className = 'md' }: { markdown: string; className?: string }) {
  const nodes = useMemo(() => markdownToReact(markdown), [markdown]);
  return (
    <div className={className} dir="auto">
      {nodes}
    </div>
  );
}
