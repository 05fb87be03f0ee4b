// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { TagView } from '../../../shared/domain/tag';
import { CodebookView } from '../../../renderer/features/codebook/CodebookView';
import { PassageStore } from '../../../renderer/features/passages/store';
import { mountedRoot } from './support/mounted';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const tagView = (id: string, name: string, color: string): TagView => ({
  id,
  guid: id,
  name,
  parentId: null,
  color,
  description: '',
  createdAt: '',
  createdBy: 'me',
  path: [name],
  passageCount: 0,
  subtreePassageCount: 0,
});

const dom = mountedRoot();

/** What a person dragging through the system colour picker produces: an `input` per colour, then one `change`. */
function dragThroughColours(input: HTMLInputElement, colours: readonly string[]): void {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  for (const colour of colours) {
    act(() => {
      setValue?.call(input, colour);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
}

describe('codebook colours', () => {
  it('saves a colour from the picker once, when the person settles on it: one pick, one undo step', async () => {
    const sent: [MethodName, unknown][] = [];
    let tags = [tagView('t1', 'Money', '#E6194B')];
    const fake = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      sent.push([method, input]);
      const answers: Partial<Record<MethodName, () => unknown>> = {
        'tags.update': () => {
          tags = [{ ...tags[0], ...tagView('t1', 'Money', (input as { color: string }).color.toUpperCase()) }];
          return tags[0];
        },
        'tags.passages': () => ({ passages: [] }),
        'codebook.list': () => ({ tags }),
        'history.state': () => ({ undo: null, redo: null, undoDepth: 1, redoDepth: 0 }),
      };
      const answer = answers[method];
      if (!answer) throw new Error(`unexpected ${method}`);
      return (await answer()) as MethodOutput<M>;
    };
    const store = new PassageStore(fake);
    await store.refreshTags();
    const render = () => dom.root.render(<CodebookView store={store} state={store.getState()} sources={[]} onOpenPassage={() => undefined} />);
    await act(async () => render());
    const picker = dom.el.querySelector<HTMLInputElement>('[data-testid="tag-custom-colour"]');
    expect(picker?.value).toBe('#e6194b');
    dragThroughColours(picker as HTMLInputElement, ['#102030', '#203040', '#304050', '#405060']);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(sent.filter(([m]) => m === 'tags.update')).toEqual([['tags.update', { id: 't1', color: '#405060' }]]);

    // The codebook reloads with the new colour; a picker closed on the colour the tag already has saves nothing.
    await act(async () => render());
    const again = dom.el.querySelector<HTMLInputElement>('[data-testid="tag-custom-colour"]') as HTMLInputElement;
    expect(again.value).toBe('#405060');
    dragThroughColours(again, ['#ffffff', '#405060']);
    expect(sent.filter(([m]) => m === 'tags.update')).toHaveLength(1);
  });
});
