import { foldText, type FoldedText } from './fold';
import { dropNested, type NameMatcher, type Pattern } from './matcher';

export interface TextMention {
  owner: string;
  /** The name or alias that matched. */
  name: string;
  start: number;
  end: number;
}

/** Patterns for entities: name and aliases, each a pattern owned by the entity id. */
export function entityPatterns(entities: readonly { id: string; name: string; aliases: readonly string[] }[]): Pattern[] {
  const out: Pattern[] = [];
  for (const e of entities) {
    const seen = new Set<string>();
    for (const name of [e.name, ...e.aliases]) {
      if (name.trim().length === 0 || seen.has(name)) continue;
      seen.add(name);
      out.push({ owner: e.id, name });
    }
  }
  return out;
}

/** Mentions of every owner in one folded text, nested matches of the same owner dropped, sorted by start. */
export function mentionsIn(matcher: NameMatcher, folded: FoldedText): TextMention[] {
  const byOwner = new Map<string, TextMention[]>();
  matcher.scan(folded, (m) => {
    const pattern = matcher.patterns[m.pattern];
    if (!pattern) return;
    const list = byOwner.get(pattern.owner);
    const mention = { owner: pattern.owner, name: pattern.name, start: m.start, end: m.end };
    if (list) list.push(mention);
    else byOwner.set(pattern.owner, [mention]);
  });
  const out: TextMention[] = [];
  for (const list of byOwner.values()) out.push(...dropNested(list));
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Folded texts per source revision, kept in memory only while the case is open (never written: folded text is
 * still the case's plaintext). Bounded by total size, least recently used out first.
 */
export class FoldCache {
  private readonly items = new Map<string, FoldedText>();
  private units = 0;

  constructor(private readonly maxUnits = 128 * 1024 * 1024) {}

  get(revision: string, text: () => string): FoldedText {
    const hit = this.items.get(revision);
    if (hit) {
      this.items.delete(revision);
      this.items.set(revision, hit);
      return hit;
    }
    const folded = foldText(text());
    this.items.set(revision, folded);
    this.units += folded.units.length;
    while (this.units > this.maxUnits && this.items.size > 1) {
      const oldest = this.items.keys().next().value;
      if (oldest === undefined) break;
      this.units -= this.items.get(oldest)?.units.length ?? 0;
      this.items.delete(oldest);
    }
    return folded;
  }

  has(revision: string): boolean {
    return this.items.has(revision);
  }

  clear(): void {
    this.items.clear();
    this.units = 0;
  }
}
