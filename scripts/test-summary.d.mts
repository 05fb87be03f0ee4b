export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  note?: string;
}
export function vitestTally(report: unknown): Tally | null;
export function playwrightTally(report: unknown): Tally | null;
export function counts(label: string, exitCode: number, tally: Tally | null): Tally;
export function skipReasons(report: unknown): string[];
export function summaryLine(tallies: Tally[]): { line: string; failed: boolean };
