import path from 'node:path';
import type { Handlers } from '../../../main/core/api/dispatch';
import { OpenCase } from '../../../main/core/case';
import type { CaseContext } from '../../../main/core/case/context';
import { dossierHandlers } from '../../../main/core/dossier/handlers';
import type { PdfPrinter } from '../../../main/core/dossier/printer';
import { passageHandlers } from '../../../main/core/passages/handlers';
import { contract, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/api/contract';
import { SEEDS_DIR, TEST_VAULT } from '../case/helpers';

export const PASSPHRASE = 'correct horse battery staple';

/** A small source in Hebrew and Arabic, as researchers get them: names in their own script. */
export const RTL_SOURCE = [
  'Interview notes (translated extracts kept in the original).',
  '',
  'העד אמר כי הפגישה התקיימה בתל אביב באוגוסט 2017.',
  '',
  'قال الشاهد إن الاجتماع عُقد في تل أبيب.',
  '',
].join('\n');

export const QUOTES = {
  /** Source 000 (English). */
  bags: 'had offered “bags of cash” to a US mobile security company in exchange for access to global mobile networks',
  /** Source 001 (English): names the whistleblower. */
  expert: 'The mobile-phone security expert Gary Miller alleges that the offer came during a conference call in August 2017',
  /** Source 003 (French): names the whistleblower; occurs twice in the source, the first one is quoted. */
  french: "C'est le lanceur d'alertes Gary Miller qui a fait à ce sujet des déclarations auprès du Département américain de la Justice",
  hebrew: 'העד אמר כי הפגישה התקיימה בתל אביב באוגוסט 2017.',
  arabic: 'قال الشاهد إن الاجتماع عُقد في تل أبيب.',
};

export interface Fixture {
  opened: OpenCase;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  sources: Record<'s000' | 's001' | 's003' | 'rtl', { id: string; title: string; sha256: string }>;
  passages: { bags: string; expert: string; french: string; hebrew: string; arabic: string };
  tags: { money: string; whistle: string };
  entityId: string;
  dossierId: string;
  close(): Promise<void>;
}

/** Code-point offsets of the first occurrence (the seeds are BMP-only, so UTF-16 and code points agree there). */
function offsets(text: string, quote: string): { start: number; end: number } {
  const at = text.indexOf(quote);
  if (at < 0) throw new Error(`Quote not in source: ${quote}`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...quote].length };
}

/**
 * The demo case (seeds/ plus one Hebrew/Arabic note), three passages tagged in two tags — one from the French source
 * 003 — an entity for the whistleblower, and a dossier with two sections holding the three quotes.
 */
export async function buildFixture(dir: string, printer: PdfPrinter): Promise<Fixture> {
  const opened = await OpenCase.create(path.join(dir, 'case'), 'Pegasus', PASSPHRASE, { researcher: 'tester', vault: TEST_VAULT });
  await opened.importPaths([SEEDS_DIR]);
  await opened.importFiles([{ name: 'interview-notes.txt', path: null, bytes: new TextEncoder().encode(RTL_SOURCE) }]);
  const ctx: CaseContext = { requireOpen: () => opened, researcher: 'tester' };
  const handlers = { ...passageHandlers(ctx), ...dossierHandlers(ctx, { pdfPrinter: printer }) } as Partial<Handlers>;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const handler = handlers[method] as ((i: unknown) => Promise<MethodOutput<M>>) | undefined;
    if (!handler) throw new Error(`No handler for ${method}`);
    return handler(contract[method].input.parse(input));
  };

  // Awaited so this works whether listing sources is synchronous or not.
  const listed = await opened.listSources();
  const byName = (prefix: string) => {
    const s = listed.find((x) => x.originalName.startsWith(prefix));
    if (!s) throw new Error(`No source ${prefix}`);
    return { id: s.id, title: s.title, sha256: s.sha256 };
  };
  const sources = { s000: byName('000_'), s001: byName('001_'), s003: byName('003_'), rtl: byName('interview-notes') };

  const money = await call('tags.create', { name: 'Bags of cash', color: '#4363D8' });
  const whistle = await call('tags.create', { name: 'Whistleblower', color: '#E6194B' });
  const at = async (sourceId: string, quote: string, tagId: string): Promise<string> => {
    const { text } = await opened.readSourceText(sourceId);
    const p = await call('passages.create', { sourceId, target: offsets(text, quote), tagIds: [tagId] });
    return p.id;
  };
  const bags = await at(sources.s000.id, QUOTES.bags, money.id);
  const expert = await at(sources.s001.id, QUOTES.expert, whistle.id);
  const french = await at(sources.s003.id, QUOTES.french, whistle.id);
  const hebrew = await at(sources.rtl.id, QUOTES.hebrew, whistle.id);
  const arabic = await at(sources.rtl.id, QUOTES.arabic, whistle.id);
  await call('passages.update', { id: expert, note: 'Miller’s account, as The Post reported it.' });

  // The entities engine may not be there yet: write the record as its table defines it (shared/domain/entity.ts).
  const now = new Date().toISOString();
  const entityId = 'e-whistle';
  await opened.vault.commit([
    {
      op: 'put',
      table: 'entities',
      id: entityId,
      value: { id: entityId, type: 'Person', name: 'Gary Miller', aliases: ['Miller'], description: 'Former vice-president at Mobileum; whistleblower.', properties: {}, createdAt: now, createdBy: 'tester', updatedAt: now, merges: [] },
    },
  ]);

  const dossier = await call('dossiers.create', {
    title: 'NSO Group and the SS7 access offer',
    author: 'Investigations desk',
    date: '2022-02-01',
    label: 'Confidential — legal review',
  });
  const s1 = (await call('dossiers.addSection', { dossierId: dossier.id, title: 'The offer' })).sections[0];
  if (!s1) throw new Error('no section');
  await call('dossiers.addBlock', {
    dossierId: dossier.id,
    sectionId: s1.id,
    block: { type: 'narrative', markdown: 'Several outlets reported the same **allegation**; the wording below is from the original reports.' },
  });
  await call('dossiers.addBlock', { dossierId: dossier.id, sectionId: s1.id, block: { type: 'quotes', passageIds: [bags] } });
  const withS2 = await call('dossiers.addSection', { dossierId: dossier.id, title: 'The whistleblower' });
  const s2 = withS2.sections[1];
  if (!s2) throw new Error('no section');
  await call('dossiers.addBlock', { dossierId: dossier.id, sectionId: s2.id, block: { type: 'quotes', passageIds: [expert, french] } });
  await call('dossiers.addBlock', { dossierId: dossier.id, sectionId: s2.id, block: { type: 'note', text: 'Both accounts go back to the same disclosure to the Department of Justice.' } });

  return {
    opened,
    call,
    sources,
    passages: { bags, expert, french, hebrew, arabic },
    tags: { money: money.id, whistle: whistle.id },
    entityId,
    dossierId: dossier.id,
    close: () => opened.close(),
  };
}
