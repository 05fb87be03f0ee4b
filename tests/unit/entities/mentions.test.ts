import { describe, expect, it } from 'vitest';
import { foldKey, foldText } from '../../../main/core/entities/fold';
import { NameMatcher } from '../../../main/core/entities/matcher';
import { entityPatterns, mentionsIn } from '../../../main/core/entities/mentions';
import { findPatterns, validIban } from '../../../main/core/entities/patterns';
import { sliceCodePoints } from '../../../shared/text/codepoints';

function find(text: string, entities: { id: string; name: string; aliases?: string[] }[]) {
  const nfc = text.normalize('NFC');
  const matcher = new NameMatcher(entityPatterns(entities.map((e) => ({ ...e, aliases: e.aliases ?? [] }))));
  return mentionsIn(matcher, foldText(nfc)).map((m) => ({ ...m, text: sliceCodePoints(nfc, m.start, m.end) }));
}

describe('folding', () => {
  it('ignores case, accents and ligatures, and unifies apostrophes', () => {
    expect(foldKey('Société Générale')).toBe('societe generale');
    expect(foldKey('CŒUR')).toBe('coeur');
    expect(foldKey('Straße')).toBe('strasse');
    expect(foldKey('L’Oréal')).toBe("l'oreal");
  });
});

describe('mentions', () => {
  it('finds accented text from an unaccented name and ligatures from their spelled-out form', () => {
    const found = find('La Société Générale et le cœur du dossier. SOCIETE GENERALE encore.', [
      { id: 'sg', name: 'Societe Generale' },
      { id: 'c', name: 'coeur' },
    ]);
    expect(found.filter((m) => m.owner === 'sg').map((m) => m.text)).toEqual(['Société Générale', 'SOCIETE GENERALE']);
    expect(found.filter((m) => m.owner === 'c').map((m) => m.text)).toEqual(['cœur']);
  });

  it('respects word boundaries', () => {
    const found = find('NSO, NSOGroup, ANSO and nso.', [{ id: 'n', name: 'NSO' }]);
    expect(found.map((m) => m.text)).toEqual(['NSO', 'nso']);
  });

  it('returns code point offsets of the NFC text, also after astral characters and decomposed input', () => {
    const text = '👩‍💻 🚀 Omri Lavie met Gary Miller. Société';
    const found = find(text, [
      { id: 'o', name: 'Omri Lavie' },
      { id: 's', name: 'societe' },
    ]);
    const o = found.find((m) => m.owner === 'o');
    expect(o?.text).toBe('Omri Lavie');
    expect(o?.start).toBe([...'👩‍💻 🚀 '].length);
    const decomposed = find('Socie\u0301te\u0301 X', [{ id: 's', name: 'Société' }]);
    expect(decomposed[0]).toMatchObject({ start: 0, end: 7, text: 'Société' });
  });

  it('counts a surname inside the full name once', () => {
    const found = find('Gary Miller said so. Miller later denied it.', [{ id: 'g', name: 'Gary Miller', aliases: ['Miller'] }]);
    expect(found.map((m) => m.text)).toEqual(['Gary Miller', 'Miller']);
  });

  it('finds Hebrew and Arabic names, with points dropped and one-letter prefixes allowed', () => {
    const he = find('פגישה עם אַבְרָהָם כהן, ולאברהם כהן אין תגובה', [{ id: 'h', name: 'אברהם כהן' }]);
    expect(he.map((m) => m.text)).toEqual(['אַבְרָהָם כהן', 'אברהם כהן']);
    const ar = find('قال محمّد النور إن ومحمد النور وصل. الأمير محمدالنور', [{ id: 'a', name: 'محمد النور' }]);
    expect(ar.map((m) => m.text)).toEqual(['محمّد النور', 'محمد النور']);
  });

  it('collapses whitespace runs and line breaks inside names', () => {
    expect(find('Ted\n  Lieu wrote', [{ id: 't', name: 'Ted Lieu' }]).map((m) => m.text)).toEqual(['Ted\n  Lieu']);
  });
});

describe('patterns', () => {
  it('finds phones, emails, URLs, checksum-valid IBANs and dates', () => {
    const found = findPatterns(
      'Call +33 1 42 68 53 00, mail jean@example.fr, see https://example.org/x. IBAN GB82WEST12345698765432, not GB82WEST12345698765433. On 14 August 2017 and en août 2017.',
    );
    const by = (k: string) => found.filter((f) => f.kind === k).map((f) => f.value);
    expect(by('Phone')).toEqual(['+33142685300']);
    expect(by('Email')).toEqual(['jean@example.fr']);
    expect(by('Url')).toEqual(['https://example.org/x']);
    expect(by('Iban')).toEqual(['GB82WEST12345698765432']);
    expect(by('Date')).toEqual(['2017-08-14', '2017-08']);
    expect(validIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(validIban('DE89 3704 0044 0532 0130 01')).toBe(false);
  });
});
