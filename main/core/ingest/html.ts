import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { decodeText } from './text-decode';
import { domToText, stripTags, tagDepth } from './html-text';
import { cleanLine, toIsoDate, tidyBlocks } from './normalize';
import { emptySource, IngestError, type ExtractedSource } from './types';

/**
 * Web pages saved to disk. The page is parsed by linkedom, which has no script engine and no network: scripts,
 * styles, event handlers and remote images are inert markup that the text walker skips. Readability picks the
 * article body; when it finds none (short pages, index pages) the whole <body> is used.
 */
const MAX_DEPTH = 256;

export function extractHtml(bytes: Uint8Array): ExtractedSource {
  const declared = sniffCharset(bytes);
  const decoded = decodeText(bytes, declared);
  const html = decoded.text;
  if (!/<[a-z!?/]/i.test(html)) throw new IngestError('This .html file contains no HTML markup.');
  const result = emptySource('html');
  result.encoding = decoded.encoding;
  if (decoded.replacedBytes > 0) result.metadata.replacedBytes = String(decoded.replacedBytes);

  // DOM parsing and Readability slow down sharply with nesting depth; real pages nest a few dozen levels,
  // crafted ones tens of thousands (minutes of CPU). Those get a linear tag-stripping pass instead.
  if (tagDepth(html, MAX_DEPTH) >= MAX_DEPTH) {
    result.metadata.note = 'The page is nested too deeply for article detection; all of its text was kept.';
    result.text = tidyBlocks(stripTags(html));
    return result;
  }
  // One parse serves metadata, Readability and the text: parsing is most of an HTML file's cost. Metadata is read
  // first (it needs <head>, link and JSON-LD script elements), then active content goes and Readability, which
  // rearranges the tree it is given, picks the article; its serializer hands back the article element itself, so
  // the text is walked from that tree instead of serialising it to HTML and parsing that again.
  const { document } = parseHTML(html);
  const meta = readMetadata(document);
  let article: { title?: string | null; byline?: string | null; content?: unknown; siteName?: string | null; publishedTime?: string | null } | null = null;
  try {
    stripActiveContent(document);
    article = new Readability<unknown>(document as unknown as Document, { charThreshold: 200, serializer: (node) => node }).parse();
  } catch {
    article = null;
  }
  let text = '';
  if (article?.content) {
    const root = article.content as unknown as Doc;
    stripActiveContent(root);
    shapeLikeReparsed(root as unknown as TreeNode, document);
    text = domToText(root as never);
  }
  if (text.length < 40) {
    // Readability has rearranged (and partly removed) the parsed page, so the whole body is read from a fresh parse.
    const { document: page } = parseHTML(html);
    stripActiveContent(page);
    const bodyText = page.body ? domToText(page.body as never) : '';
    if (bodyText.length > text.length) text = bodyText;
  }
  result.text = tidyBlocks(text);
  result.title = meta.title ?? cleanLine(article?.title) ?? meta.docTitle;
  result.author = meta.author ?? cleanLine(article?.byline) ?? meta.site ?? cleanLine(article?.siteName);
  result.date = meta.date ?? toIsoDate(article?.publishedTime);
  result.url = meta.url;
  if (meta.site) result.metadata.siteName = meta.site;
  if (meta.description) result.metadata.description = meta.description;
  return result;
}

interface PageMeta {
  title: string | null;
  docTitle: string | null;
  author: string | null;
  site: string | null;
  date: string | null;
  url: string | null;
  description: string | null;
}

type Doc = ReturnType<typeof parseHTML>['document'];
interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
  remove(): void;
}

function all(document: Pick<Doc, 'querySelectorAll'>, selector: string): El[] {
  return Array.from(document.querySelectorAll(selector) as ArrayLike<unknown>) as El[];
}

function readMetadata(document: Doc): PageMeta {
  const metas = new Map<string, string>();
  for (const m of all(document, 'meta')) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').trim().toLowerCase();
    const content = m.getAttribute('content');
    if (key && content && !metas.has(key)) metas.set(key, content);
  }
  const ld = readJsonLd(document);
  const pick = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = cleanLine(metas.get(k));
      if (v) return v;
    }
    return null;
  };
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? null;
  const timeEl = document.querySelector('article time[datetime], time[datetime]')?.getAttribute('datetime') ?? null;
  const authorMeta = pick('author', 'article:author', 'byl', 'dc.creator', 'twitter:creator');
  return {
    title: pick('og:title', 'twitter:title', 'dc.title') ?? ld.headline,
    docTitle: cleanLine(document.querySelector('title')?.textContent),
    author: (authorMeta && !/^https?:/i.test(authorMeta) ? authorMeta : null) ?? ld.author,
    site: pick('og:site_name', 'application-name') ?? ld.publisher,
    date:
      toIsoDate(pick('article:published_time', 'datepublished', 'date', 'dc.date', 'dcterms.created', 'pubdate', 'publishdate')) ??
      toIsoDate(ld.datePublished) ??
      toIsoDate(timeEl),
    url: webUrl(canonical) ?? webUrl(pick('og:url')) ?? webUrl(ld.url),
    description: pick('description', 'og:description'),
  };
}

function webUrl(u: string | null | undefined): string | null {
  const s = cleanLine(u);
  if (!s) return null;
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

interface LdInfo {
  headline: string | null;
  author: string | null;
  publisher: string | null;
  datePublished: string | null;
  url: string | null;
}

function readJsonLd(document: Doc): LdInfo {
  const info: LdInfo = { headline: null, author: null, publisher: null, datePublished: null, url: null };
  for (const s of all(document, 'script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(s.textContent ?? '');
    } catch {
      continue;
    }
    const items: unknown[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        items.push(v);
        const graph = (v as Record<string, unknown>)['@graph'];
        if (graph) collect(graph);
      }
    };
    collect(data);
    for (const raw of items) {
      const o = raw as Record<string, unknown>;
      const type = String(o['@type'] ?? '');
      if (!/Article|Posting|Report|WebPage/i.test(type) && !o.headline) continue;
      info.headline ??= cleanLine(o.headline) ?? cleanLine(o.name);
      info.author ??= ldName(o.author);
      info.publisher ??= ldName(o.publisher);
      info.datePublished ??= cleanLine(o.datePublished) ?? cleanLine(o.dateCreated);
      info.url ??= cleanLine(o.url) ?? cleanLine(o.mainEntityOfPage);
    }
  }
  return info;
}

function ldName(v: unknown): string | null {
  if (typeof v === 'string') return cleanLine(v);
  if (Array.isArray(v)) {
    const names = v.map(ldName).filter((x): x is string => !!x);
    return names.length ? names.join(', ') : null;
  }
  if (v && typeof v === 'object') return cleanLine((v as Record<string, unknown>).name);
  return null;
}

interface TreeNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<TreeNode>;
  before(...nodes: TreeNode[]): void;
  remove(): void;
}

/**
 * The article text was once read after serialising Readability's result and parsing it again. That round trip
 * joins neighbouring text nodes and leaves every no-break space (written as &#160;) in a text node of its own, and
 * the walker collapses whitespace per text node; the tree gets that same shape so the text stays exactly what it
 * was, without paying for a second serialise-and-parse.
 */
function shapeLikeReparsed(root: TreeNode, document: Doc): void {
  const stack: TreeNode[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop() as TreeNode;
    const kids = Array.from(parent.childNodes);
    for (let i = 0; i < kids.length; i++) {
      const first = kids[i] as TreeNode;
      if (first.nodeType !== 3) {
        if (first.nodeType === 1) stack.push(first);
        continue;
      }
      let end = i + 1;
      while (end < kids.length && (kids[end] as TreeNode).nodeType === 3) end++;
      const run = kids.slice(i, end);
      i = end - 1;
      const joined = run.map((n) => n.textContent ?? '').join('');
      if (run.length === 1 && !joined.includes('\u00a0')) continue;
      for (const piece of joined.split(/(\u00a0)/)) {
        if (piece) first.before(document.createTextNode(piece) as unknown as TreeNode);
      }
      for (const n of run) n.remove();
    }
  }
}

/** Belt and braces: the walker skips these anyway, but Readability's scoring must not see script text either. */
function stripActiveContent(document: Pick<Doc, 'querySelectorAll'>): void {
  for (const el of all(document, 'script,style,noscript,template,iframe,object,embed,link,base')) {
    el.remove();
  }
}

/** <meta charset> or http-equiv Content-Type within the first 4 KB, as browsers do. */
function sniffCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head);
  return m?.[1] ?? null;
}
