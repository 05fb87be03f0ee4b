import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CasefileError } from '../../../shared/api/result';
import { DOSSIER_FORMATS, PAPER_SIZES, type DossierFormat, type PaperSize } from '../../../shared/domain/dossier';
import { defaultResearcher, type OpenCase } from '../../core/case';
import { allEntities } from '../../core/dossier/case-data';
import { ChromiumPdfPrinter } from '../../core/dossier/chromium-printer';
import { exportDossier } from '../../core/dossier/export';
import { dossiersOf } from '../../core/dossier/model';
import { verifyExportedDossier } from '../../core/dossier/verify-export';
import { passagesOf } from '../../core/passages/model';
import { passphraseFileOption, print, str, withCase, type Command, type Values } from './commands';

const fold = (s: string): string => s.normalize('NFC').trim().toLocaleLowerCase('und');

function list(values: Values, key: string): string[] {
  const value = values[key];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

function tagIdFor(opened: OpenCase, tagPath: string): string {
  const wanted = tagPath.split('/').map(fold).join('/');
  const tag = passagesOf(opened, defaultResearcher())
    .listCodebook()
    .find((t) => t.path.map(fold).join('/') === wanted);
  if (!tag) throw new CasefileError('NOT_FOUND', `No tag "${tagPath}" (give the path, e.g. "Money/Offshore").`);
  return tag.id;
}

function entityIdFor(opened: OpenCase, nameOrId: string): string {
  const entities = allEntities(opened.vault);
  const byId = entities.find((e) => e.id === nameOrId);
  if (byId) return byId.id;
  const matches = entities.filter((e) => [e.name, ...e.aliases].some((n) => fold(n) === fold(nameOrId)));
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length > 1) throw new CasefileError('BAD_INPUT', `${matches.length} entities are called "${nameOrId}"; use an id.`);
  throw new CasefileError('NOT_FOUND', `No entity named "${nameOrId}".`);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CasefileError('BAD_INPUT', `${flag} is one of ${allowed.join(', ')}.`);
  return value as T;
}

export function dossierCommands(): Command[] {
  return [
    {
      name: 'dossier',
      usage: 'dossier <dir> create "<title>" [--from-tag T]… [--from-entity E]… [--author A] [--date D] [--label L] [--paper a4|letter] | dossier <dir> list',
      summary: 'Create a dossier (a first draft: one section per tag or entity, its passages in source order), or list them.',
      options: {
        'from-tag': { type: 'string', multiple: true },
        'from-entity': { type: 'string', multiple: true },
        author: { type: 'string' },
        date: { type: 'string' },
        label: { type: 'string' },
        paper: { type: 'string' },
        ...passphraseFileOption,
      },
      positionals: { min: 2, max: 3 },
      async run([dir = '', action = '', title], values) {
        if (action === 'list') {
          const dossiers = await withCase(dir, values, async (opened) => dossiersOf(opened, defaultResearcher()).list());
          const text = dossiers.map((d) => `${d.id}  ${d.title}  (${d.sectionCount} sections, ${d.citationCount} citations)`).join('\n');
          print(values, dossiers, text || 'No dossiers yet.');
          return 0;
        }
        if (action !== 'create') throw new CasefileError('BAD_INPUT', 'Use "dossier <dir> create <title>" or "dossier <dir> list".');
        if (!title?.trim()) throw new CasefileError('BAD_INPUT', 'Give the dossier a title.');
        const paper: PaperSize = oneOf(str(values, 'paper'), PAPER_SIZES, '--paper') ?? 'a4';
        const record = await withCase(dir, values, async (opened) => {
          const fromTagIds = list(values, 'from-tag').map((t) => tagIdFor(opened, t));
          const fromEntityIds = list(values, 'from-entity').map((e) => entityIdFor(opened, e));
          return dossiersOf(opened, defaultResearcher()).create({
            title: title.trim(),
            author: str(values, 'author') ?? defaultResearcher(),
            date: str(values, 'date') ?? new Date().toISOString().slice(0, 10),
            label: str(values, 'label') ?? '',
            paper,
            fromTagIds,
            fromEntityIds,
          });
        });
        const quotes = record.sections.reduce((n, s) => n + s.blocks.reduce((m, b) => m + (b.type === 'quotes' ? b.passageIds.length : 0), 0), 0);
        print(values, record, `Created dossier ${record.id} "${record.title}": ${record.sections.length} section(s), ${quotes} quote(s).`);
        return 0;
      },
    },
    {
      name: 'export',
      usage: 'export <dir> --dossier <title or id> --format pdf|docx|html|md|json --out <file> [--paper a4|letter] [--include-internals] [--no-redact]',
      summary: 'Export a dossier; refused, listing the citations to fix, when a quote no longer matches its source.',
      options: {
        dossier: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        paper: { type: 'string' },
        'include-internals': { type: 'boolean' },
        'no-redact': { type: 'boolean' },
        ...passphraseFileOption,
      },
      positionals: { min: 1, max: 1 },
      async run([dir = ''], values) {
        const name = str(values, 'dossier');
        const format: DossierFormat | undefined = oneOf(str(values, 'format'), DOSSIER_FORMATS, '--format');
        const out = str(values, 'out');
        if (!name || !format || !out) throw new CasefileError('BAD_INPUT', 'Give --dossier, --format and --out.');
        const paper = oneOf(str(values, 'paper'), PAPER_SIZES, '--paper');
        const printer = new ChromiumPdfPrinter();
        try {
          const file = await withCase(dir, values, async (opened) => {
            const record = dossiersOf(opened, defaultResearcher()).find(name);
            const options = { redact: !values['no-redact'], includeInternals: values['include-internals'] === true, ...(paper ? { paper } : {}) };
            return exportDossier(opened, defaultResearcher(), record, format, options, () => printer);
          });
          await writeFile(path.resolve(out), file.data);
          const summary = { format, out: path.resolve(out), bytes: file.bytes, pages: file.pages, citations: file.citations };
          print(values, summary, `Wrote ${summary.out} (${file.bytes} bytes${file.pages ? `, ${file.pages} pages` : ''}, ${file.citations} citations).`);
          return 0;
        } finally {
          await printer.close();
        }
      },
    },
    {
      name: 'verify-dossier',
      usage: 'verify-dossier <dir> <exported.json> [--json]',
      summary: 'Check that every quote in an exported dossier (JSON) is still in its source, at its offsets; OK or the failures.',
      options: passphraseFileOption,
      positionals: { min: 2, max: 2 },
      async run([dir = '', file = ''], values) {
        let json: unknown;
        try {
          json = JSON.parse(await readFile(path.resolve(file), 'utf8'));
        } catch (error) {
          throw new CasefileError('BAD_INPUT', `${file} is not a readable JSON dossier export (${(error as Error).message}).`);
        }
        const report = await withCase(dir, values, async (opened) => {
          try {
            return await verifyExportedDossier(opened.vault, json);
          } catch (error) {
            if (error instanceof CasefileError) throw error;
            throw new CasefileError('BAD_INPUT', (error as Error).message);
          }
        });
        const text = report.ok
          ? `OK (${report.checked} quotes match their sources)`
          : report.failures.map((f) => `[${f.number}] ${f.quote ? `“${f.quote.slice(0, 70)}${f.quote.length > 70 ? '…' : ''}”: ` : ''}${f.problem}`).join('\n');
        print(values, report, text);
        return report.ok ? 0 : 1;
      },
    },
  ];
}
