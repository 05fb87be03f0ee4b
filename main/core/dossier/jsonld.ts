import { createHash } from 'node:crypto';
import type { Citation, DossierDocument, RenderBlock } from './assemble';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** Opaque but stable: the same citation in the same dossier keeps its IRI across exports; no internal id shows. */
function uuidFrom(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface WebAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'quoting';
  body?: { type: 'TextualBody'; purpose: 'tagging' | 'commenting'; value: string; format: 'text/plain' }[];
  target: {
    source: string;
    selector: [
      { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
      { type: 'TextPositionSelector'; start: number; end: number },
    ];
  };
}

function annotation(doc: DossierDocument, c: Citation): WebAnnotation | null {
  if (!c.source || c.start === null || c.end === null) return null;
  const body = [
    ...c.tags.map((t) => ({ type: 'TextualBody' as const, purpose: 'tagging' as const, value: t, format: 'text/plain' as const })),
    ...(c.note.trim() ? [{ type: 'TextualBody' as const, purpose: 'commenting' as const, value: c.note, format: 'text/plain' as const }] : []),
  ];
  return {
    id: uuidFrom(doc.id, c.passageId),
    type: 'Annotation',
    motivation: 'quoting',
    ...(body.length > 0 ? { body } : {}),
    target: {
      source: `urn:sha256:${c.source.sha256}`,
      selector: [
        { type: 'TextQuoteSelector', exact: c.quote, prefix: c.prefix, suffix: c.suffix },
        { type: 'TextPositionSelector', start: c.start, end: c.end },
      ],
    },
  };
}

function blockJson(b: RenderBlock): unknown {
  const n = (c: Citation): number => c.number;
  switch (b.type) {
    case 'narrative':
      return { type: 'narrative', markdown: b.markdown };
    case 'note':
      return { type: 'note', text: b.text };
    case 'quotes':
      return { type: 'quotes', citations: b.citations.map(n) };
    case 'entities':
      return {
        type: 'entities',
        profiles: b.profiles.map((p) => ({
          name: p.name,
          type: p.type,
          aliases: p.aliases,
          description: p.description,
          properties: Object.fromEntries(p.properties),
          relationships: p.relationships.map((r) => ({ text: r.text, dates: r.dates, citations: r.citations.map(n), unsupported: r.unsupported })),
          evidence: p.evidence.map(n),
        })),
      };
    case 'graph':
      return { type: 'graph', caption: b.caption, nodes: b.nodes, edges: b.edges, svg: b.svg };
    case 'timeline':
      return {
        type: 'timeline',
        caption: b.caption,
        items: b.items.map((i) => ({ date: i.date, endDate: i.endDate, origin: i.origin, label: i.label, citation: i.citation ? i.citation.number : null })),
      };
  }
}

/**
 * W3C Web Annotation JSON-LD: an AnnotationCollection whose items are the citations (in citation order), each
 * targeting its source by the SHA-256 of the original file with a TextQuoteSelector and a TextPositionSelector in code
 * points; the dossier's own structure rides along as an opaque JSON literal (@json), so JSON-LD processors keep it.
 */
export function renderJsonLd(doc: DossierDocument): Record<string, unknown> {
  const annotations = doc.citations.map((c) => ({ c, a: annotation(doc, c) }));
  const items = annotations.map(({ a }) => a).filter((a): a is WebAnnotation => a !== null);
  return {
    '@context': [
      ANNO_CONTEXT,
      {
        dossier: { '@id': 'urn:casefile:terms:dossier', '@type': '@json' },
      },
    ],
    id: uuidFrom(doc.id, 'collection'),
    type: 'AnnotationCollection',
    label: doc.title,
    generated: doc.generatedAt,
    generator: { type: 'Software', name: 'Casefile' },
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
    dossier: {
      title: doc.title,
      author: doc.author,
      date: doc.date,
      label: doc.label,
      paper: doc.paper,
      /** Labels that stand for protected names in quotes; a verifier treats each as "some text". */
      redactionLabels: doc.redactionLabels,
      sections: doc.sections.map((s) => ({ number: s.number, title: s.title, blocks: s.blocks.map(blockJson) })),
      citations: annotations.map(({ c, a }) => ({
        number: c.number,
        annotation: a?.id ?? null,
        source: c.source?.number ?? null,
        page: c.page,
        pageEnd: c.pageEnd,
      })),
      sources: doc.sources.map((s) => ({
        number: s.number,
        title: s.title,
        author: s.author,
        outlet: s.outlet,
        date: s.date,
        url: s.url,
        sha256: s.sha256,
        importedAt: s.importedAt,
        type: s.type,
        pages: s.pages,
        language: s.language,
        ...(doc.includeInternals ? { id: s.id, originalName: s.originalName, originalPath: s.originalPath } : {}),
      })),
    },
  };
}
