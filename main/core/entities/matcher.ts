import { foldKey, isWordUnit, type FoldedText } from './fold';

/** One name or alias to look for; several patterns may share a folded form (then they all report). */
export interface Pattern {
  /** Caller's id for the pattern's owner (an entity id). */
  owner: string;
  /** The name as the researcher wrote it. */
  name: string;
}

export interface RawMatch {
  /** Index into the matcher's patterns. */
  pattern: number;
  /** Code point offsets in the original NFC text, end exclusive. */
  start: number;
  end: number;
}

/** Hebrew one-letter prefixes (and, the, in, to, from, that, as) glued to names: "ולגרי" still mentions "גרי". */
const HEBREW_PREFIXES = new Set([...'והבלמשכ'].map((c) => c.charCodeAt(0)));
/** Arabic one-letter proclitics (and, with/in, for, so, like). */
const ARABIC_PREFIXES = new Set([...'وبلفك'].map((c) => c.charCodeAt(0)));

/**
 * Aho-Corasick compiled to a dense DFA over the folded alphabet of the patterns (every other code unit is one
 * "other" class), so scanning is one typed-array lookup per code unit: 50 MB of text in a fraction of a second.
 */
export class NameMatcher {
  readonly patterns: readonly Pattern[];
  /** Folded pattern per pattern index. */
  private readonly keys: string[] = [];
  private readonly classOf = new Uint16Array(0x10000);
  private readonly classes: number;
  private delta: Int32Array = new Int32Array(0);
  /** First pattern ending at each state, and the next state (suffix) with output, for chains of outputs. */
  private outHead: Int32Array = new Int32Array(0);
  private outLink: Int32Array = new Int32Array(0);
  /** Patterns sharing one terminal state (same folded key). */
  private readonly terminal = new Map<number, number[]>();
  private readonly lengths: number[] = [];
  private readonly needsBoundaryStart: boolean[] = [];
  private readonly needsBoundaryEnd: boolean[] = [];

  constructor(patterns: readonly Pattern[]) {
    this.patterns = patterns;
    let nextClass = 1;
    const keys = patterns.map((p) => foldKey(p.name));
    for (const key of keys) {
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        if (this.classOf[c] === 0) this.classOf[c] = nextClass++;
      }
    }
    this.classes = nextClass;
    this.keys = keys;
    for (const key of keys) {
      this.lengths.push(key.length);
      this.needsBoundaryStart.push(key.length > 0 && isWordUnit(key.charCodeAt(0)));
      this.needsBoundaryEnd.push(key.length > 0 && isWordUnit(key.charCodeAt(key.length - 1)));
    }
    this.build();
  }

  private build(): void {
    const K = this.classes;
    // Trie first, in growable plain arrays.
    const goto: number[][] = [new Array<number>(K).fill(-1)];
    for (let p = 0; p < this.keys.length; p++) {
      const key = this.keys[p] ?? '';
      if (key.length === 0) continue;
      let s = 0;
      for (let i = 0; i < key.length; i++) {
        const cls = this.classOf[key.charCodeAt(i)] ?? 0;
        const row = goto[s] as number[];
        let next = row[cls] ?? -1;
        if (next === -1) {
          next = goto.length;
          goto.push(new Array<number>(K).fill(-1));
          row[cls] = next;
        }
        s = next;
      }
      const list = this.terminal.get(s);
      if (list) list.push(p);
      else this.terminal.set(s, [p]);
    }
    const states = goto.length;
    const delta = new Int32Array(states * K);
    const fail = new Int32Array(states);
    const outHead = new Int32Array(states).fill(-1);
    const outLink = new Int32Array(states).fill(-1);
    for (const [s] of this.terminal) outHead[s] = s;
    // Breadth-first: complete the DFA and compute failure/output links.
    const queue: number[] = [];
    const root = goto[0] as number[];
    for (let c = 0; c < K; c++) {
      const t = root[c] ?? -1;
      if (t === -1) delta[c] = 0;
      else {
        delta[c] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const row = goto[s] as number[];
      const f = fail[s] ?? 0;
      outLink[s] = (outHead[f] ?? -1) !== -1 ? f : (outLink[f] ?? -1);
      for (let c = 0; c < K; c++) {
        const t = row[c] ?? -1;
        if (t === -1) delta[s * K + c] = delta[f * K + c] ?? 0;
        else {
          delta[s * K + c] = t;
          fail[t] = delta[f * K + c] ?? 0;
          queue.push(t);
        }
      }
    }
    this.delta = delta;
    this.outHead = outHead;
    this.outLink = outLink;
  }

  /** All word-bounded occurrences of every pattern in one folded text, in order of their end. */
  scan(folded: FoldedText, onMatch: (m: RawMatch) => void): void {
    const { units, map } = folded;
    const K = this.classes;
    const delta = this.delta;
    const classOf = this.classOf;
    const outHead = this.outHead;
    const outLink = this.outLink;
    const n = units.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = delta[s * K + (classOf[units[i] as number] as number)] as number;
      if (outHead[s] === -1 && outLink[s] === -1) continue;
      const endUnit = i + 1;
      // The text must not continue the word after the match.
      const endsWord = endUnit >= n || !isWordUnit(units[endUnit] as number);
      for (let o = outHead[s] !== -1 ? s : (outLink[s] as number); o !== -1; o = outLink[o] as number) {
        const list = this.terminal.get(o);
        if (!list) continue;
        for (const p of list) {
          const len = this.lengths[p] as number;
          const startUnit = endUnit - len;
          if (this.needsBoundaryEnd[p] && !endsWord) continue;
          if (this.needsBoundaryStart[p] && startUnit > 0 && isWordUnit(units[startUnit - 1] as number) && !this.prefixClitic(units, startUnit)) continue;
          const start = map ? (map[startUnit] as number) : startUnit;
          const end = map ? (map[endUnit - 1] as number) + 1 : endUnit;
          onMatch({ pattern: p, start, end });
        }
      }
    }
  }

  /** Hebrew or Arabic one-letter proclitics (at most two, as in "ול", "وب") standing alone before the name. */
  private prefixClitic(units: Uint16Array, startUnit: number): boolean {
    const first = units[startUnit] as number;
    const hebrew = first >= 0x05d0 && first <= 0x05ea;
    const arabic = first >= 0x0620 && first <= 0x064a;
    const prefixes = hebrew ? HEBREW_PREFIXES : arabic ? ARABIC_PREFIXES : null;
    if (!prefixes) return false;
    for (let k = 1; k <= 2 && startUnit - k >= 0; k++) {
      if (!prefixes.has(units[startUnit - k] as number)) return false;
      if (startUnit - k === 0 || !isWordUnit(units[startUnit - k - 1] as number)) return true;
    }
    return false;
  }
}

/**
 * Per owner, drops matches lying inside a longer match of the same owner ("Miller" inside "Gary Miller" is one
 * mention of Gary Miller, not two). Input in any order; output sorted by start.
 */
export function dropNested<T extends { start: number; end: number }>(matches: T[]): T[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  let reach = -1;
  for (const m of matches) {
    if (m.end <= reach) continue;
    out.push(m);
    reach = Math.max(reach, m.end);
  }
  return out;
}
