const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** Sizes as a file manager shows them (binary multiples), compact enough for a table column. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit: string = 'B';
  for (const next of BYTE_UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

function parseDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(iso: string, locale?: string): string {
  const date = parseDate(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** For table cells: the year only when it is not this year, so the column stays narrow. */
export function formatShortDate(iso: string, locale?: string, now = new Date()): string {
  const date = parseDate(iso);
  if (!date) return iso;
  const options: Intl.DateTimeFormatOptions =
    date.getFullYear() === now.getFullYear() ? { day: 'numeric', month: 'short' } : { month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export function formatDateTime(iso: string, locale?: string): string {
  const date = parseDate(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Enough of a SHA-256 to compare by eye; the full value stays one hover or click away. */
export function shortHash(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** A language's name in the reader's locale ("French"), or the ISO code itself when the browser has no name for it. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Name and code ("French (fr)"), where both are useful: filters and the source's details. */
export function languageLabel(code: string): string {
  const name = languageName(code);
  return name !== code ? `${name} (${code})` : code;
}
