import { describe, expect, it } from 'vitest';
import { lineIsRtl, reorder, unfoldPresentationForms } from '../../../main/core/ingest/rtl';

describe('visual/logical reordering', () => {
  it('reverses a right-to-left line but keeps numbers and Latin runs readable', () => {
    // Visual order as painted: the leftmost word is the last one read.
    const logical = 'הוא נולד ב-1980 ועבד ב NSO Group עד 2019';
    const painted = reorder(logical, true);
    expect(painted.startsWith('2019')).toBe(true);
    expect(painted).toContain('NSO Group');
    expect(reorder(painted, true)).toBe(logical);
  });

  it('reverses only the Hebrew stretch inside an English line', () => {
    const logical = 'The firm (שלו חוליו) denied it.';
    expect(reorder(logical, false)).toBe('The firm (וילוח ולש) denied it.');
    expect(lineIsRtl(logical)).toBe(false);
    expect(lineIsRtl('שלום עולם and x')).toBe(true);
  });

  it('mirrors brackets that sit in right-to-left text only when asked', () => {
    expect(reorder('א(ב)ג', true)).toBe('ג)ב(א');
    expect(reorder('א(ב)ג', true, true)).toBe('ג(ב)א');
  });

  it('turns Arabic presentation forms and ligatures into ordinary letters only', () => {
    // ﻣﺮﺣﺒﺎ is مرحبا in contextual forms; ﻻ is the lam-alef ligature; ﬁ a Latin ligature; ½ must stay.
    expect(unfoldPresentationForms('\ufee3\ufeae\ufea3\ufe92\ufe8e \ufefb \ufb01le ½')).toBe('مرحبا لا file ½');
  });
});
