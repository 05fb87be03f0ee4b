/** Turns the filters a user typed (names, titles) into the ids and values the engine compares. */
import { SOURCE_TYPES } from '../../../shared/domain/source';
import { PASSAGE_STATUSES } from '../../../shared/domain/passage';
import type { TagRecord } from '../../../shared/domain/tag';
import { fold, foldWords } from '../../../shared/search/fold';
import type { FieldFilter } from '../../../shared/search/query';
import { SEARCH_KINDS, type SearchKind } from '../../../shared/search/schema';
import { sourceRecords } from '../case/case-db';
import { tagRecords } from '../passages/store';
import type { Vault } from '../vault/api';
import { entityRecords } from './documents';
import { noFilters, type ResolvedFilters } from './engine';

export interface Resolution {
  filters: ResolvedFilters;
  /** A required filter names nothing in the case: the answer is empty without asking the index. */
  impossible: boolean;
  warnings: string[];
}

const same = (a: string, b: string): boolean => fold(a).trim() === fold(b).trim();

function tagPath(tag: TagRecord, byId: Map<string, TagRecord>): string[] {
  const path: string[] = [];
  let at: TagRecord | undefined = tag;
  const seen = new Set<string>();
  while (at && !seen.has(at.id)) {
    seen.add(at.id);
    path.unshift(at.name);
    at = at.parentId ? byId.get(at.parentId) : undefined;
  }
  return path;
}

/** Tags named `value` (or with that path, "Money/Offshore"), each with all its descendants. */
function resolveTags(vault: Vault, value: string): string[] {
  const tags = tagRecords(vault);
  const byId = new Map(tags.map((t) => [t.id, t]));
  const wanted = fold(value).trim();
  const roots = tags.filter((t) => t.id === value || same(t.name, value) || fold(tagPath(t, byId).join('/')) === wanted);
  const out = new Set<string>();
  const queue = roots.map((t) => t.id);
  while (queue.length > 0) {
    const id = queue.pop() ?? '';
    if (out.has(id)) continue;
    out.add(id);
    for (const t of tags) if (t.parentId === id) queue.push(t.id);
  }
  return [...out];
}

function resolveSources(vault: Vault, value: string): string[] {
  const sources = sourceRecords(vault);
  const byId = sources.filter((s) => s.id === value);
  if (byId.length > 0) return byId.map((s) => s.id);
  const exact = sources.filter((s) => same(s.title, value));
  if (exact.length > 0) return exact.map((s) => s.id);
  const wanted = fold(value).trim();
  return sources.filter((s) => fold(s.title).includes(wanted)).map((s) => s.id);
}

/** Names compare word by word after folding: "nso group", "NSO-Group" and "NSO  Group" are the same name. */
const nameKey = (name: string): string => foldWords(name).join(' ');

/** Entities with this id, name or alias; with the folded words of every name and alias they go by. */
function resolveEntities(vault: Vault, value: string): { ids: string[]; names: string[][] } {
  const wanted = nameKey(value);
  const found = entityRecords(vault).filter(
    (e) => e.id === value || (wanted !== '' && (nameKey(e.name) === wanted || (e.aliases ?? []).some((a) => nameKey(a) === wanted))),
  );
  const names = found.flatMap((e) => [e.name, ...(e.aliases ?? [])].map(foldWords).filter((words) => words.length > 0));
  return { ids: found.map((e) => e.id), names };
}

function kindOf(value: string): SearchKind | null {
  const v = value.toLowerCase().replace(/s$/, '');
  return (SEARCH_KINDS as readonly string[]).includes(v) ? (v as SearchKind) : null;
}

export function resolveFilters(vault: Vault, filters: readonly FieldFilter[]): Resolution {
  const f = noFilters();
  const warnings: string[] = [];
  let impossible = false;
  const include = <T>(list: T[] | null, values: T[]): T[] => [...(list ?? []), ...values];
  /** A positive filter that matches nothing empties the answer; a negative one changes nothing. */
  const nothing = (filter: FieldFilter, sentence: string): void => {
    warnings.push(sentence);
    if (!filter.negated) impossible = true;
  };

  for (const filter of filters) {
    const { value, negated } = filter;
    switch (filter.field) {
      case 'tag': {
        const ids = resolveTags(vault, value);
        if (ids.length === 0) nothing(filter, `No tag is named "${value}".`);
        else if (negated) f.notTags.push(...ids);
        else f.tagGroups.push(ids);
        break;
      }
      case 'entity': {
        const { ids, names } = resolveEntities(vault, value);
        if (ids.length === 0) nothing(filter, `No entity is named "${value}".`);
        else if (negated) {
          f.notEntities.push(...ids);
          f.notEntityMentions.push(...names);
        } else {
          f.entityGroups.push(ids);
          f.entityMentions.push(names);
        }
        break;
      }
      case 'source': {
        const ids = resolveSources(vault, value);
        if (ids.length === 0) nothing(filter, `No source has the id or title "${value}".`);
        else if (negated) f.notSourceIds.push(...ids);
        else f.sourceIds = include(f.sourceIds, ids);
        break;
      }
      case 'lang': {
        const v = value.toLowerCase();
        if (negated) f.notLangs.push(v);
        else f.langs = include(f.langs, [v]);
        break;
      }
      case 'type': {
        const v = value.toLowerCase().replace(/^\./, '');
        const known = v === 'htm' ? 'html' : v;
        if (!(SOURCE_TYPES as readonly string[]).includes(known)) {
          nothing(filter, `type:${value} is not a source type; use one of ${SOURCE_TYPES.join(', ')}.`);
        } else if (negated) f.notTypes.push(known);
        else f.types = include(f.types, [known]);
        break;
      }
      case 'status': {
        const v = value.toLowerCase();
        if (![...PASSAGE_STATUSES, 'none'].includes(v)) {
          nothing(filter, `status:${value} is not a status; use ${[...PASSAGE_STATUSES, 'none'].join(', ')}.`);
        } else if (negated) f.notStatuses.push(v);
        else f.statuses = include(f.statuses, [v]);
        break;
      }
      case 'by': {
        const v = fold(value).trim();
        if (negated) f.notResearchers.push(v);
        else f.researchers = include(f.researchers, [v]);
        break;
      }
      case 'kind': {
        const kind = kindOf(value);
        if (!kind) nothing(filter, `kind:${value} is not a kind; use source, passage or entity.`);
        else if (negated) f.kinds = (f.kinds ?? [...SEARCH_KINDS]).filter((k) => k !== kind);
        else f.kinds = include(f.kinds, [kind]);
        break;
      }
      case 'after':
        f.dateFrom = f.dateFrom && f.dateFrom > value ? f.dateFrom : value;
        break;
      case 'before':
        f.dateTo = f.dateTo && f.dateTo < value ? f.dateTo : value;
        break;
      case 'imported-after':
        f.importedFrom = f.importedFrom && f.importedFrom > value ? f.importedFrom : value;
        break;
      case 'imported-before':
        f.importedTo = f.importedTo && f.importedTo < value ? f.importedTo : value;
        break;
    }
  }
  return { filters: f, impossible, warnings };
}
