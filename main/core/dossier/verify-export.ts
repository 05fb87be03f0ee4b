/**
 * Checks an exported dossier (the JSON-LD export) against a case: for each quotation, a source whose original file
 * has that SHA-256 is in the case, and the quoted text is at the recorded code-point offsets of its text. Redaction
 * labels in a quote stand for "some text" (the protected name), so a redacted export verifies too.
 */
import { CodePointIndex } from '../../../shared/text/codepoints';
import { sourceRecords } from '../case/case-db';
import { translateVaultErrors } from '../case/errors';
import type { Vault } from '../vault/api';

export interface ExportCheckFailure {
  number: number;
  quote: string;
  problem: string;
}

export interface ExportCheck {
  ok: boolean;
  checked: number;
  failures: ExportCheckFailure[];
}

interface Selectors {
  exact: string;
  start: number;
  end: number;
  hash: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function readSelectors(item: unknown): Selectors | string {
  if (typeof item !== 'object' || item === null) return 'not an annotation';
  const a = item as { type?: unknown; target?: { source?: unknown; selector?: unknown } };
  if (a.type !== 'Annotation') return 'not an annotation';
  const source = a.target?.source;
  const m = typeof source === 'string' ? /^urn:sha256:([0-9a-f]{64})$/.exec(source) : null;
  if (!m?.[1]) return 'the target is not a urn:sha256: source';
  const selectors = Array.isArray(a.target?.selector) ? (a.target.selector as Record<string, unknown>[]) : [];
  const quote = selectors.find((s) => s.type === 'TextQuoteSelector');
  const position = selectors.find((s) => s.type === 'TextPositionSelector');
  if (typeof quote?.exact !== 'string') return 'no TextQuoteSelector';
  if (typeof position?.start !== 'number' || typeof position.end !== 'number') return 'no TextPositionSelector';
  return { exact: quote.exact, start: position.start, end: position.end, hash: m[1] };
}

/** The quote with each redaction label as a wildcard, matching the whole text at the offsets. */
function matches(exact: string, actual: string, labels: readonly string[]): boolean {
  if (exact.normalize('NFC') === actual) return true;
  const present = labels.filter((l) => l.length > 0 && exact.includes(l));
  if (present.length === 0) return false;
  const split = new RegExp(`(${present.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`, 'u');
  const pattern = exact
    .normalize('NFC')
    .split(split)
    .map((part) => (present.includes(part) ? '[\\s\\S]+?' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${pattern}$`, 'u').test(actual);
}

export async function verifyExportedDossier(vault: Vault, json: unknown): Promise<ExportCheck> {
  if (typeof json !== 'object' || json === null) throw new Error('This is not a dossier export (JSON object expected).');
  const root = json as { type?: unknown; first?: { items?: unknown }; dossier?: { redactionLabels?: unknown } };
  if (root.type !== 'AnnotationCollection' || !Array.isArray(root.first?.items)) {
    throw new Error('This is not a dossier export: no AnnotationCollection with items.');
  }
  const labels = Array.isArray(root.dossier?.redactionLabels) ? root.dossier.redactionLabels.filter((l): l is string => typeof l === 'string') : [];
  const byHash = new Map(sourceRecords(vault).map((s) => [s.sha256, s]));
  const texts = new Map<string, CodePointIndex>();
  const failures: ExportCheckFailure[] = [];
  const items = root.first.items as unknown[];
  for (const [i, item] of items.entries()) {
    const number = i + 1;
    const sel = readSelectors(item);
    if (typeof sel === 'string') {
      failures.push({ number, quote: '', problem: sel });
      continue;
    }
    const source = byHash.get(sel.hash);
    if (!source) {
      failures.push({ number, quote: sel.exact, problem: `no source in the case has SHA-256 ${sel.hash}` });
      continue;
    }
    let index = texts.get(source.textBlob);
    if (!index) {
      const bytes = await translateVaultErrors(() => vault.readBlob(source.textBlob));
      index = new CodePointIndex(new TextDecoder().decode(bytes));
      texts.set(source.textBlob, index);
    }
    if (!(Number.isInteger(sel.start) && Number.isInteger(sel.end) && sel.start >= 0 && sel.end > sel.start && sel.end <= index.length)) {
      failures.push({ number, quote: sel.exact, problem: `offsets ${sel.start}–${sel.end} are outside "${source.title}" (0–${index.length})` });
      continue;
    }
    const actual = index.slice(sel.start, sel.end);
    if (!matches(sel.exact, actual, labels)) {
      failures.push({ number, quote: sel.exact, problem: `the text at ${sel.start}–${sel.end} of "${source.title}" differs from the quote` });
    }
  }
  return { ok: failures.length === 0, checked: items.length, failures };
}
