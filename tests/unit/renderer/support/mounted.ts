import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

/** A fresh element in the document and a React root on it for each test of the calling file or describe block. */
export function mountedRoot(): { readonly el: HTMLDivElement; readonly root: Root } {
  const mounted = {} as { el: HTMLDivElement; root: Root };
  beforeEach(() => {
    mounted.el = document.createElement('div');
    document.body.append(mounted.el);
    mounted.root = createRoot(mounted.el);
  });
  afterEach(() => {
    act(() => mounted.root.unmount());
    mounted.el.remove();
  });
  return mounted;
}
