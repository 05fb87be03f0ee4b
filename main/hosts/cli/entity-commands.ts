import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CasefileError } from '../../../shared/api/result';
import { ENTITY_TYPES, type EntitySummary, type EntityType, type Suggestion } from '../../../shared/domain/entity';
import { defaultResearcher } from '../../core/case';
import type { OpenCase } from '../../core/case';
import { exportFtm } from '../../core/entities/io';
import { entitiesOf, type EntityBook } from '../../core/entities/model';
import { passphraseFileOption, print, str, withCase, type Command, type Values } from './commands';

function book(opened: OpenCase): EntityBook {
  return entitiesOf(opened, defaultResearcher());
}

function parseType(value: string | undefined): EntityType | undefined {
  if (value === undefined) return undefined;
  const found = ENTITY_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
  if (!found) throw new CasefileError('BAD_INPUT', `--type is one of ${ENTITY_TYPES.join(', ')}.`);
  return found;
}

/** The stable JSON shape of an entity on the command line (README "JSON output (stable)"). */
function entityJson(e: EntitySummary) {
  return {
    id: e.id,
    type: e.type,
    name: e.name,
    aliases: e.aliases,
    description: e.description,
    properties: e.properties,
    mentions: e.mentionCount,
    mentionSources: e.mentionSourceCount,
    passages: e.passageCount,
    relationships: e.relationshipCount,
    unsupportedRelationships: e.unsupportedRelationshipCount,
  };
}

function suggestionJson(s: Suggestion) {
  return {
    id: s.id,
    type: s.type,
    name: s.name,
    variants: s.variants,
    origin: s.origin,
    value: s.value,
    total: s.total,
    sources: s.sources.map((x) => ({ id: x.sourceId, title: x.sourceTitle, count: x.count })),
  };
}

function list(values: Values, key: string): string[] {
  const v = values[key];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function entityCommands(): Command[] {
  return [
    {
      name: 'entities',
      usage: 'entities <dir> [--type T] [--json]',
      summary: 'List entities with their mention, passage and relationship counts.',
      options: { type: { type: 'string' }, ...passphraseFileOption },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const type = parseType(str(values, 'type'));
        const entities = await withCase(dir, values, (opened) => book(opened).list({ types: type ? [type] : undefined, sort: 'name', order: 'asc' }));
        const text = entities.length
          ? entities.map((e) => `${e.id}  ${e.type.padEnd(12)} ${e.name}  (${e.mentionCount} mentions, ${e.passageCount} passages, ${e.relationshipCount} relationships)`).join('\n')
          : 'No entities yet.';
        print(values, entities.map(entityJson), text);
        return 0;
      },
    },
    {
      name: 'suggest',
      usage: 'suggest <dir> [--type T] [--json]',
      summary: 'List pending entity suggestions from offline extraction, with the sources they come from.',
      options: { type: { type: 'string' }, ...passphraseFileOption },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const type = parseType(str(values, 'type'));
        const { suggestions } = await withCase(dir, values, (opened) => book(opened).suggestions({ types: type ? [type] : undefined, minCount: 1 }));
        const text = suggestions.length
          ? suggestions.map((s) => `${s.type.padEnd(12)} ${s.name}  ×${s.total}  in ${s.sources.map((x) => `${x.sourceTitle} (${x.count})`).join(', ')}`).join('\n')
          : 'No pending suggestions.';
        print(values, suggestions.map(suggestionJson), text);
        return 0;
      },
    },
    {
      name: 'entity',
      usage: 'entity <dir> add --type T --name N [--alias A]… [--description D] [--json]',
      summary: 'Create an entity.',
      options: {
        type: { type: 'string' },
        name: { type: 'string' },
        alias: { type: 'string', multiple: true },
        description: { type: 'string' },
        ...passphraseFileOption,
      },
      positionals: { min: 2, max: 2 },
      async run([dir = '', action = ''], values) {
        if (action !== 'add') throw new CasefileError('BAD_INPUT', 'Usage: npm run cli -- entity <dir> add --type T --name N [--alias A]…');
        const type = parseType(str(values, 'type'));
        const name = str(values, 'name')?.normalize('NFC').replace(/\s+/g, ' ').trim();
        if (!type || !name) throw new CasefileError('BAD_INPUT', 'Give --type and --name.');
        const created = await withCase(dir, values, (opened) =>
          book(opened).create({ type, name, aliases: list(values, 'alias'), description: str(values, 'description') ?? '', properties: {}, passageIds: [] }),
        );
        print(values, entityJson(created), `Created ${created.type} "${created.name}" (${created.id}), ${created.mentionCount} mentions in the sources.`);
        return 0;
      },
    },
    {
      name: 'link',
      usage: 'link <dir> --passage P --entity E [--json]',
      summary: 'Link a passage to an entity (given by id, name or alias).',
      options: { passage: { type: 'string' }, entity: { type: 'string', multiple: true }, ...passphraseFileOption },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const passage = str(values, 'passage');
        const names = list(values, 'entity');
        if (!passage || names.length === 0) throw new CasefileError('BAD_INPUT', 'Give --passage and --entity.');
        const result = await withCase(dir, values, async (opened) => {
          const b = book(opened);
          return b.link(passage, names.map((n) => b.findEntity(n).id));
        });
        print(values, result, `Passage ${result.passageId} is linked to ${result.entities.map((e) => e.name).join(', ')}.`);
        return 0;
      },
    },
    {
      name: 'export-ftm',
      usage: 'export-ftm <dir> --out F [--json]',
      summary: 'Export entities and relationships as FollowTheMoney JSON lines (for Aleph).',
      options: { out: { type: 'string' }, ...passphraseFileOption },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const out = str(values, 'out');
        if (!out) throw new CasefileError('BAD_INPUT', 'Give --out F.');
        const content = await withCase(dir, values, async (opened) => exportFtm(book(opened)));
        await writeFile(path.resolve(out), content, 'utf8');
        const lines = content.split('\n').filter(Boolean).length;
        print(values, { out: path.resolve(out), lines, bytes: Buffer.byteLength(content) }, `Wrote ${lines} FollowTheMoney lines to ${path.resolve(out)}.`);
        return 0;
      },
    },
  ];
}
