import PostalMime from 'postal-mime';
import type { Address } from 'postal-mime';
import { parseHTML } from 'linkedom';
import { domToText } from './html-text';
import { cleanLine, normalizeText, tidyBlocks, toIsoDate } from './normalize';
import { emptySource, IngestError, type ExtractedSource } from './types';

/**
 * Emails (RFC 822 / MIME). `text` is the body only — text/plain when the message has it, else its HTML turned
 * into text the same way as web pages (nothing fetched, nothing run). The headers journalists cite
 * (from, to, cc, date, subject, message-id) go into metadata; attachments are listed, not extracted.
 */
export async function extractEml(bytes: Uint8Array): Promise<ExtractedSource> {
  if (!/^[\t ]*[!-9;-~]+[\t ]*:/m.test(new TextDecoder('latin1').decode(bytes.subarray(0, 4096)))) {
    throw new IngestError('Not a valid email (.eml) file (it has no mail headers).');
  }
  const mail = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 });
  if (mail.headers.length === 0) throw new IngestError('Not a valid email (.eml) file (it has no mail headers).');
  const result = emptySource('eml');
  if (mail.text && mail.text.trim()) {
    result.text = normalizeText(mail.text).trim();
  } else if (mail.html) {
    const { document } = parseHTML(mail.html.includes('<body') ? mail.html : `<!doctype html><html><body>${mail.html}</body></html>`);
    result.text = document.body ? tidyBlocks(domToText(document.body as never)) : '';
  }
  const from = mail.from ? formatAddresses([mail.from]) : null;
  const to = formatAddresses(mail.to);
  const cc = formatAddresses(mail.cc);
  const subject = cleanLine(mail.subject);
  const date = toIsoDate(mail.date);
  result.title = subject;
  result.author = from;
  result.date = date;
  const meta: [string, string | null][] = [
    ['from', from],
    ['to', to],
    ['cc', cc],
    ['date', date ?? cleanLine(mail.date)],
    ['subject', subject],
    ['messageId', cleanLine(mail.messageId)],
    ['inReplyTo', cleanLine(mail.inReplyTo)],
  ];
  for (const [k, v] of meta) if (v) result.metadata[k] = v;
  result.attachments = mail.attachments.map((a) => ({
    name: cleanLine(a.filename) ?? 'unnamed attachment',
    size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
    contentType: a.mimeType || 'application/octet-stream',
  }));
  if (result.text.trim() === '' && result.attachments.length > 0) {
    // An email that is only a cover for its attachments still has something to show and anchor to.
    result.text = `(No message body. Attachments: ${result.attachments.map((a) => a.name).join(', ')})`;
  }
  return result;
}

function formatAddresses(list: Address[] | undefined): string | null {
  if (!list || list.length === 0) return null;
  const one = (a: Address): string => {
    if (a.group) return `${a.name}: ${a.group.map(one).join(', ')}`;
    const name = cleanLine(a.name);
    return name ? `${name} <${a.address}>` : a.address;
  };
  return cleanLine(list.map(one).join(', '));
}
