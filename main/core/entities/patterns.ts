import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

/** A find by pattern; offsets are UTF-16 indices into the text given (callers convert to code points). */
export interface PatternFind {
  kind: 'Phone' | 'Email' | 'Url' | 'Iban' | 'Date';
  text: string;
  /** Normalised: E.164 phone, lower-case email, URL as written, compact IBAN, ISO (partial) date. */
  value: string;
  index: number;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const URL_RE = /\bhttps?:\/\/[^\s<>"“”‘’'()]+[^\s<>"“”‘’'().,;:!?]|\bwww\.[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?:\/[^\s<>"“”'()]*[^\s<>"“”'().,;:!?])?/giu;
const IBAN_RE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;

/** ISO 13616 mod-97 check, so random capitals-and-digits never pass as an IBAN. */
export function validIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8, septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
};
const MONTH_ALT = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const pad = (n: number): string => String(n).padStart(2, '0');

/** "14 August 2017", "August 14, 2017", "August 2017", "14 août 2017", "1er mars 2020", "2017-08-14", "14/08/2017" (day first). */
const DATE_RE = new RegExp(
  [
    `\\b(\\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])\\b`,
    `\\b(0?[1-9]|[12]\\d|3[01])(?:er)?\\.? (${MONTH_ALT})\\.? (\\d{4})\\b`,
    `\\b(${MONTH_ALT})\\.? (0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?,? (\\d{4})\\b`,
    `\\b(${MONTH_ALT}) (?:of )?(\\d{4})\\b`,
    `\\b(0?[1-9]|[12]\\d|3[01])/(0?[1-9]|1[0-2])/(\\d{4})\\b`,
  ].join('|'),
  'giu',
);

function year(y: string | undefined): number | null {
  const n = Number(y);
  return Number.isInteger(n) && n >= 1800 && n <= 2200 ? n : null;
}

export function findDates(text: string): PatternFind[] {
  const out: PatternFind[] = [];
  for (const m of text.matchAll(DATE_RE)) {
    const g = m.slice(1);
    let value: string | null = null;
    if (g[0]) value = year(g[0]) ? `${g[0]}-${g[1]}-${g[2]}` : null;
    else if (g[3]) {
      const y = year(g[5]);
      const month = MONTHS[(g[4] ?? '').toLowerCase()];
      value = y && month ? `${y}-${pad(month)}-${pad(Number(g[3]))}` : null;
    } else if (g[6]) {
      const y = year(g[8]);
      const month = MONTHS[g[6].toLowerCase()];
      value = y && month ? `${y}-${pad(month)}-${pad(Number(g[7]))}` : null;
    } else if (g[9]) {
      const y = year(g[10]);
      const month = MONTHS[g[9].toLowerCase()];
      // "may 2017" in lower case is too often the verb; month names in other languages are lower case, so only English "may" is guarded.
      if (g[9] === 'may') value = null;
      else value = y && month ? `${y}-${pad(month)}` : null;
    } else if (g[11]) {
      const y = year(g[13]);
      value = y ? `${y}-${pad(Number(g[12]))}-${pad(Number(g[11]))}` : null;
    }
    if (value) out.push({ kind: 'Date', text: m[0], value, index: m.index });
  }
  return out;
}

/** Phones, emails, URLs, IBANs and dates. `country` helps read national phone numbers (else only +… numbers). */
export function findPatterns(text: string, country?: CountryCode): PatternFind[] {
  const out: PatternFind[] = [];
  for (const m of text.matchAll(EMAIL)) out.push({ kind: 'Email', text: m[0], value: m[0].toLowerCase(), index: m.index });
  const emailSpans = out.map((e) => [e.index, e.index + e.text.length] as const);
  for (const m of text.matchAll(URL_RE)) {
    if (emailSpans.some(([s, e]) => m.index >= s && m.index < e)) continue;
    out.push({ kind: 'Url', text: m[0], value: m[0], index: m.index });
  }
  for (const m of text.matchAll(IBAN_RE)) {
    if (validIban(m[0])) out.push({ kind: 'Iban', text: m[0], value: m[0].replace(/\s+/g, ''), index: m.index });
  }
  try {
    for (const found of findPhoneNumbersInText(text, country ? { defaultCountry: country } : undefined)) {
      if (!found.number.isValid()) continue;
      out.push({ kind: 'Phone', text: text.slice(found.startsAt, found.endsAt), value: found.number.number, index: found.startsAt });
    }
  } catch {
    // A malformed stretch of digits must not cost the other finds.
  }
  out.push(...findDates(text));
  return out.sort((a, b) => a.index - b.index);
}
