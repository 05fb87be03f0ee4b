import type { Citation, DossierDocument, RenderBlock } from './assemble';
import { formatDate } from './dates';
import { ellipsize } from './render-html';

/** Quoted source text must not turn into Markdown formatting or links. */
function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}

function quoteLines(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim().split('\n').map((line) => `> ${escapeMd(line)}`).join('  \n'))
    .join('\n>\n');
}

function pages(c: Citation): string {
  if (c.page === null) return '';
  return c.pageEnd !== null ? `pp. ${c.page}–${c.pageEnd}` : `p. ${c.page}`;
}

function ref(c: Citation): string {
  return `[^${c.number}]`;
}

function block(b: RenderBlock): string {
  switch (b.type) {
    case 'narrative':
      return b.markdown.trim();
    case 'note':
      return b.text
        .trim()
        .split('\n')
        .map((l, i) => `> ${i === 0 ? '**Note.** ' : ''}${escapeMd(l)}`)
        .join('\n');
    case 'quotes':
      return b.citations
        .map((c) => {
          const src = c.source ? `> — *${escapeMd(c.source.title)}*${pages(c) ? `, ${pages(c)}` : ''}` : '';
          const note = c.note.trim() ? `\n>\n> *${escapeMd(c.note.trim())}*` : '';
          return `${quoteLines(c.quote)}${ref(c)}\n>\n${src}${note}`;
        })
        .join('\n\n');
    case 'entities':
      return b.profiles
        .map((p) => {
          const lines = [`### ${escapeMd(p.name)}`, '', `*${p.type}*`, ''];
          if (p.aliases.length > 0) lines.push(`Also known as: ${p.aliases.map(escapeMd).join('; ')}`, '');
          if (p.description.trim()) lines.push(escapeMd(p.description.trim()), '');
          for (const [k, v] of p.properties) lines.push(`- **${k}**: ${v.map(escapeMd).join('; ')}`);
          if (p.properties.length > 0) lines.push('');
          if (p.relationships.length > 0) {
            lines.push('**Relationships**', '');
            for (const r of p.relationships) lines.push(`- ${escapeMd(r.text)}${r.dates ? ` (${r.dates})` : ''}${r.citations.map(ref).join('')}${r.unsupported ? ' — no supporting passage' : ''}`);
            lines.push('');
          }
          if (p.evidence.length > 0) {
            lines.push('**Evidence**', '');
            for (const c of p.evidence) lines.push(`- “${escapeMd(ellipsize(c.quote, 220))}”${ref(c)}`);
          }
          return lines.join('\n').trim();
        })
        .join('\n\n');
    case 'graph':
      return `*Relationship graph (${b.nodes} entities, ${b.edges} links): see the PDF.*${b.caption ? ` ${escapeMd(b.caption)}` : ''}`;
    case 'timeline':
      return [
        '| Date | Event |',
        '| --- | --- |',
        ...b.items.map((i) => {
          const date = i.date ? formatDate(i.date) + (i.endDate ? ` – ${formatDate(i.endDate)}` : '') : 'Undated';
          const what = i.citation ? `“${escapeMd(ellipsize(i.citation.quote, 200))}”${ref(i.citation)}` : escapeMd(i.label);
          return `| ${date} | ${what.replace(/\n/g, ' ')} |`;
        }),
        ...(b.caption ? ['', `*${escapeMd(b.caption)}*`] : []),
      ].join('\n');
  }
}

function footnote(c: Citation, internals: boolean): string {
  const parts: string[] = [];
  const s = c.source;
  if (s) {
    parts.push(`*${escapeMd(s.title)}*`);
    const who = [...new Set([s.author, s.outlet].filter((x): x is string => !!x))];
    if (who.length > 0) parts.push(escapeMd(who.join(', ')));
    if (s.date) parts.push(formatDate(s.date));
    if (s.url) parts.push(`<${s.url}>`);
  }
  if (pages(c)) parts.push(pages(c));
  if (c.start !== null && c.end !== null) parts.push(`characters ${c.start}–${c.end}`);
  if (s) parts.push(`SHA-256 \`${s.sha256}\``);
  if (internals) parts.push(`passage \`${c.passageId}\`${s ? `, source \`${s.id}\`` : ''}`);
  return `[^${c.number}]: ${parts.join('. ')}.`;
}

/** Markdown with footnotes ([^n]), as Pandoc, GitHub and most editors read it. */
export function renderMarkdown(doc: DossierDocument): string {
  const yaml = (s: string): string => JSON.stringify(s);
  const out: string[] = [
    '---',
    `title: ${yaml(doc.title)}`,
    ...(doc.author ? [`author: ${yaml(doc.author)}`] : []),
    ...(doc.date ? [`date: ${yaml(doc.date)}`] : []),
    ...(doc.label ? [`classification: ${yaml(doc.label)}`] : []),
    '---',
    '',
    `# ${escapeMd(doc.title)}`,
    '',
    [doc.label ? `**${escapeMd(doc.label)}**` : '', doc.author ? escapeMd(doc.author) : '', doc.date ? formatDate(doc.date) : ''].filter(Boolean).join(' · '),
    '',
  ];
  for (const s of doc.sections) {
    out.push(`## ${s.number}. ${escapeMd(s.title || 'Untitled section')}`, '');
    for (const b of s.blocks) {
      const text = block(b);
      if (text) out.push(text, '');
    }
  }
  if (doc.sources.length > 0) {
    out.push('## Appendix: sources cited', '', '| # | Source | Dated | Imported | SHA-256 |', '| --- | --- | --- | --- | --- |');
    for (const s of doc.sources) {
      const who = [...new Set([s.author, s.outlet].filter((x): x is string => !!x))].join(', ');
      const cell = `*${escapeMd(s.title)}*${who ? `, ${escapeMd(who)}` : ''}${s.url ? `, <${s.url}>` : ''}`;
      out.push(`| ${s.number} | ${cell} | ${s.date ? formatDate(s.date) : '—'} | ${s.importedAt.slice(0, 10)} | \`${s.sha256}\` |`);
    }
    out.push('');
  }
  if (doc.citations.length > 0) {
    out.push('## Notes', '');
    for (const c of doc.citations) out.push(footnote(c, doc.includeInternals));
    out.push('');
  }
  return out.join('\n');
}
