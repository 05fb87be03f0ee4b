/** Dates read from a quote for the timeline, in English and French; the first one found wins. Returns partial ISO. */
const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8, septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).join('|');
const pad = (n: number): string => String(n).padStart(2, '0');

export interface FoundDate {
  date: string;
  text: string;
}

export function extractDate(text: string): FoundDate | null {
  const iso = /\b((?:19|20)\d{2})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b/u.exec(text);
  const dayMonthYear = new RegExp(`\\b(\\d{1,2})(?:er)?\\s+(${MONTH_NAMES})\\s+((?:19|20)\\d{2})\\b`, 'iu').exec(text);
  const monthDayYear = new RegExp(`\\b(${MONTH_NAMES})\\s+(\\d{1,2}),?\\s+((?:19|20)\\d{2})\\b`, 'iu').exec(text);
  const monthYear = new RegExp(`\\b(${MONTH_NAMES})\\s+((?:19|20)\\d{2})\\b`, 'iu').exec(text);
  const candidates: { index: number; found: FoundDate }[] = [];
  if (iso) candidates.push({ index: iso.index, found: { date: iso[3] ? `${iso[1]}-${iso[2]}-${iso[3]}` : `${iso[1]}-${iso[2]}`, text: iso[0] } });
  if (dayMonthYear) {
    const m = MONTHS[(dayMonthYear[2] ?? '').toLowerCase()];
    const d = Number(dayMonthYear[1]);
    if (m && d >= 1 && d <= 31) candidates.push({ index: dayMonthYear.index, found: { date: `${dayMonthYear[3]}-${pad(m)}-${pad(d)}`, text: dayMonthYear[0] } });
  }
  if (monthDayYear) {
    const m = MONTHS[(monthDayYear[1] ?? '').toLowerCase()];
    const d = Number(monthDayYear[2]);
    if (m && d >= 1 && d <= 31) candidates.push({ index: monthDayYear.index, found: { date: `${monthDayYear[3]}-${pad(m)}-${pad(d)}`, text: monthDayYear[0] } });
  }
  if (monthYear && candidates.length === 0) {
    const m = MONTHS[(monthYear[1] ?? '').toLowerCase()];
    if (m) candidates.push({ index: monthYear.index, found: { date: `${monthYear[2]}-${pad(m)}`, text: monthYear[0] } });
  }
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0]?.found ?? null;
}

/** A source's date field (free text from the document) as partial ISO, when it starts with one. */
export function isoPrefix(value: string | null): string | null {
  if (!value) return null;
  const m = /^((?:19|20)\d{2})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?/.exec(value.trim());
  if (!m) return extractDate(value)?.date ?? null;
  return [m[1], m[2], m[3]].filter(Boolean).join('-');
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2017-08-14" → "14 August 2017"; free text is returned as it is. */
export function formatDate(value: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/.exec(value.trim());
  if (!m) return value;
  const month = m[2] ? EN_MONTHS[Number(m[2]) - 1] : undefined;
  if (!month) return m[1] ?? value;
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}
