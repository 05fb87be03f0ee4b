/**
 * SEARCH_HELP (shared/search) is written for a terminal: examples indented two spaces and their explanations
 * aligned after a run of spaces, prose wrapped at a fixed width. This reads it into blocks the UI can lay out
 * at any width, without keeping a second copy of the syntax that could drift from the parser's.
 */
export type HelpBlock =
  | { type: 'title'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'examples'; rows: { examples: string[]; meaning: string }[] }
  | { type: 'text'; text: string };

const EXAMPLE = /^ {2}(\S.*?\S|\S) {2,}(\S(?:(?! {2}).)*)$/;

export function parseHelp(help: string): HelpBlock[] {
  const blocks: HelpBlock[] = [];
  const lines = help.split('\n');
  const first = lines.shift();
  if (first !== undefined && first.trim()) blocks.push({ type: 'title', text: first.trim() });
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'text', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const line of lines) {
    if (!line.trim()) {
      flush();
      continue;
    }
    const example = EXAMPLE.exec(line);
    if (example && !paragraph.length) {
      const [, left = '', meaning = ''] = example;
      const row = { examples: left.split(/ {2,}/), meaning };
      const last = blocks[blocks.length - 1];
      if (last?.type === 'examples') last.rows.push(row);
      else blocks.push({ type: 'examples', rows: [row] });
      continue;
    }
    const text = line.trim();
    if (text.endsWith(':') && !paragraph.length) {
      blocks.push({ type: 'heading', text: text.slice(0, -1) });
      continue;
    }
    paragraph.push(text);
  }
  flush();
  return blocks;
}
