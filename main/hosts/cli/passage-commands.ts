import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CasefileError } from '../../../shared/api/result';
import { PASSAGE_STATUSES, type PassageStatus, type PassageView } from '../../../shared/domain/passage';
import type { TagRecord } from '../../../shared/domain/tag';
import { defaultResearcher } from '../../core/case';
import { passagesOf, type PassageBook } from '../../core/passages/model';
import { passphraseFileOption, print, str, withCase, type Command, type Values } from './commands';

/** The stable JSON shape of a passage on the command line (documented in README "JSON output (stable)"). */
export interface PassageJson {
  id: string;
  sourceId: string;
  sourceTitle: string;
  quote: string;
  start: number | null;
  end: number | null;
  page: number | null;
  anchor: PassageView['anchor'];
  found: string | null;
  tags: string[];
  note: string;
  status: PassageStatus | null;
  researcher: string;
  createdAt: string;
}

function toJson(view: PassageView, sourceTitle: string, tagPaths: Map<string, string>): PassageJson {
  return {
    id: view.id,
    sourceId: view.sourceId,
    sourceTitle,
    quote: view.exact,
    start: view.start,
    end: view.end,
    page: view.page,
    anchor: view.anchor,
    found: view.found,
    tags: view.tagIds.map((t) => tagPaths.get(t) ?? t),
    note: view.note,
    status: view.status,
    researcher: view.researcher,
    createdAt: view.createdAt,
  };
}

function oneLine(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function describe(p: PassageJson): string {
  const where = p.start === null ? 'orphaned' : `${p.start}–${p.end}${p.page ? ` p.${p.page}` : ''}${p.anchor === 'anchored' ? '' : ` (${p.anchor})`}`;
  const lines = [`${p.id}  ${p.sourceTitle}  [${where}]`, `  “${oneLine(p.quote)}”`];
  if (p.tags.length > 0) lines.push(`  tags: ${p.tags.join(', ')}`);
  if (p.status) lines.push(`  status: ${p.status}`);
  if (p.note) lines.push(`  note: ${oneLine(p.note)}`);
  return lines.join('\n');
}

function parseStatus(values: Values): PassageStatus | null {
  const status = str(values, 'status');
  if (status === undefined || status === 'none') return null;
  if (!(PASSAGE_STATUSES as readonly string[]).includes(status)) {
    throw new CasefileError('BAD_INPUT', `--status is one of ${PASSAGE_STATUSES.join(', ')} (or none).`);
  }
  return status as PassageStatus;
}

function book(opened: Parameters<typeof passagesOf>[0]): PassageBook {
  return passagesOf(opened, defaultResearcher());
}

export function passageCommands(): Command[] {
  return [
    {
      name: 'tag',
      usage: 'tag <dir> --source S --quote Q --tag P/C [--prefix …] [--suffix …] [--note N] [--status S] [--json]',
      summary: 'Tag a passage, found by its exact quote (creates missing tags along the path).',
      options: {
        source: { type: 'string' },
        quote: { type: 'string' },
        prefix: { type: 'string' },
        suffix: { type: 'string' },
        tag: { type: 'string', multiple: true },
        note: { type: 'string' },
        status: { type: 'string' },
        ...passphraseFileOption,
      },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const source = str(values, 'source');
        const quote = str(values, 'quote');
        const tagPaths = (values.tag as string[] | undefined) ?? [];
        if (!source || !quote) throw new CasefileError('BAD_INPUT', 'Give --source (id or exact title) and --quote.');
        if (tagPaths.length === 0) throw new CasefileError('BAD_INPUT', 'Give at least one --tag "Parent/Child".');
        const status = parseStatus(values);
        const result = await withCase(dir, values, async (opened) => {
          const b = book(opened);
          const sourceId = opened.findSource(source).id;
          const ops = [];
          const tagIds: string[] = [];
          // Plan every path before committing, so tags created for one --tag are seen by the next.
          const plannedTags: TagRecord[] = [];
          for (const tagPath of tagPaths) {
            const planned = b.planTagPath(tagPath, plannedTags);
            ops.push(...planned.ops);
            tagIds.push(planned.id);
          }
          const view = await b.create(
            {
              sourceId,
              target: { quote, prefix: str(values, 'prefix'), suffix: str(values, 'suffix') },
              tagIds: [],
              note: str(values, 'note') ?? '',
              status,
            },
            { ops, tagIds },
          );
          return toJson(view, opened.findSource(sourceId).title, b.tagPaths());
        });
        print(values, result, `Tagged ${result.id}:\n${describe(result)}`);
        return 0;
      },
    },
    {
      name: 'passages',
      usage: 'passages <dir> [--tag P/C] [--json]',
      summary: 'List passages (with --tag: that tag and its sub-tags), with anchoring state.',
      options: { tag: { type: 'string' }, ...passphraseFileOption },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const list = await withCase(dir, values, async (opened) => {
          const b = book(opened);
          const paths = b.tagPaths();
          return (await b.listAll(str(values, 'tag'))).map(({ view, sourceTitle }) => toJson(view, sourceTitle, paths));
        });
        print(values, list, list.length > 0 ? list.map(describe).join('\n') : 'No passages.');
        return 0;
      },
    },
    {
      name: 'export-codebook',
      usage: 'export-codebook <dir> --format csv|qdc --out F',
      summary: 'Export the codebook and tagged passages (csv) or the codebook as REFI-QDA (qdc).',
      options: { format: { type: 'string' }, out: { type: 'string' }, ...passphraseFileOption },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const format = str(values, 'format');
        const out = str(values, 'out');
        if (format !== 'csv' && format !== 'qdc') throw new CasefileError('BAD_INPUT', '--format is csv or qdc.');
        if (!out) throw new CasefileError('BAD_INPUT', 'Give --out with the file to write.');
        const target = path.resolve(out);
        const summary = await withCase(dir, values, async (opened) => {
          const b = book(opened);
          const content = format === 'csv' ? await b.exportCsv() : b.exportQdc('Casefile');
          await writeFile(target, content, 'utf8');
          const tags = b.listCodebook().length;
          return { format, out: target, tags, bytes: Buffer.byteLength(content) };
        });
        print(values, summary, `Wrote ${summary.out} (${summary.tags} tags, ${summary.bytes} bytes).`);
        return 0;
      },
    },
  ];
}
