import type { Page } from '@playwright/test';

/**
 * Selects text in the reader the way a mouse drag would: a DOM Range over the rendered text nodes, whatever
 * spans highlights have cut them into. By default the selection grows out to the sentence holding `needle`
 * (back to the previous full stop or line break, on to the next one); with `exact` it is `needle` itself.
 * Returns the selected text.
 */
export async function selectInReader(page: Page, needle: string, exact = false): Promise<string> {
  return page.evaluate(
    ({ needle, exact }) => {
      const root = document.querySelector('[data-testid="reader-text"]');
      if (!root) throw new Error('no reader text');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes: { node: Text; at: number }[] = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n as Text, at: all.length });
        all += n.textContent ?? '';
      }
      const hit = all.indexOf(needle);
      if (hit < 0) throw new Error(`"${needle}" is not on screen`);
      let start = hit;
      let end = hit + needle.length;
      if (!exact) {
        while (start > 0 && !/[.\n]/.test(all.charAt(start - 1))) start -= 1;
        while (end < all.length && !/[.\n]/.test(all.charAt(end - 1))) end += 1;
        while (/\s/.test(all.charAt(start))) start += 1;
      }
      const locate = (offset: number) => {
        const found = [...nodes].reverse().find((entry) => entry.at <= offset) ?? nodes[0];
        if (!found) throw new Error('no text nodes');
        return { node: found.node, offset: offset - found.at };
      };
      const a = locate(start);
      const b = locate(end);
      const range = document.createRange();
      range.setStart(a.node, a.offset);
      range.setEnd(b.node, b.offset);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return all.slice(start, end);
    },
    { needle, exact },
  );
}

/** Takes focus off whatever field has it, so single-key shortcuts reach the workbench. */
export const blurFocus = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
