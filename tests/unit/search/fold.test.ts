import { describe, expect, it } from 'vitest';
import { fold, foldWithMap, foldWords, originalRange, tokenize } from '../../../shared/search/fold';
import { lightStem, stemVariants } from '../../../shared/search/stem';

describe('folding', () => {
  it('ignores case and accents', () => {
    expect(fold('Sécurité ÉTAT Ça Noël')).toBe('securite etat ca noel');
    // Decomposed input folds like composed input.
    expect(fold('Se\u0301curite\u0301')).toBe('securite');
  });

  it('expands ligatures and special letters', () => {
    expect(fold('cœur Œuvre')).toBe('coeur oeuvre');
    expect(fold('Æsop ex æquo')).toBe('aesop ex aequo');
    expect(fold('Straße STRASSE')).toBe('strasse strasse');
    expect(fold('ﬁnance ﬂow oﬀshore')).toBe('finance flow offshore');
    expect(fold('Øresund Łódź')).toBe('oresund lodz');
    expect(fold('l’État')).toBe("l'etat");
  });

  it('strips Hebrew niqqud and cantillation', () => {
    expect(fold('שָׁלוֹם')).toBe('שלום');
    expect(foldWords('בְּרֵאשִׁית')).toEqual(foldWords('בראשית'));
    // Gershayim inside an acronym disappear, so צה״ל and צהל meet.
    expect(fold('צה״ל')).toBe('צהל');
  });

  it('strips Arabic harakat and tatweel and normalises alef, yeh and teh marbuta', () => {
    expect(fold('مُحَمَّد')).toBe('محمد');
    expect(fold('مـــحمد')).toBe('محمد');
    expect(fold('أحمد إبراهيم آمنة')).toBe('احمد ابراهيم امنه');
    expect(fold('مصطفى')).toBe('مصطفي');
    // Presentation forms (as PDF text layers give them) fold to the letters.
    expect(fold('\ufef1\ufee3')).toBe(fold('يم'));
  });

  it('tokenises any script on word characters, not on Latin letters only', () => {
    expect(foldWords('NSO Group — שלום, مرحبا! 2021-01-01')).toEqual(['nso', 'group', 'שלום', 'مرحبا', '2021', '01', '01']);
    expect(tokenize('ab, cd')).toEqual([
      { text: 'ab', start: 0, end: 2 },
      { text: 'cd', start: 4, end: 6 },
    ]);
  });

  it('maps folded offsets back to code points of the original', () => {
    const text = '😀 Cœur de la Sécurité';
    const { folded, toOriginal } = foldWithMap(text);
    const at = folded.indexOf('securite');
    expect(originalRange(toOriginal, at, at + 'securite'.length)).toEqual({ start: 13, end: 21 });
    expect([...text].slice(13, 21).join('')).toBe('Sécurité');
    const oe = folded.indexOf('coeur');
    expect(originalRange(toOriginal, oe, oe + 5)).toEqual({ start: 2, end: 6 });
    // Folding each code point on its own gives the same text as folding the whole.
    expect(folded).toBe(fold(text));
  });
});

describe('light stemming', () => {
  it('merges plural and feminine forms in English and French', () => {
    const same = [
      ['company', 'companies'],
      ['société', 'sociétés'],
      ['journal', 'journaux'],
      ['président', 'présidente'],
      ['protégé', 'protégées'],
      ['bureau', 'bureaux'],
      ['source', 'sources'],
      ['box', 'boxes'],
      ['tax', 'taxes'],
      ['business', 'businesses'],
    ];
    for (const [a, b] of same) expect(lightStem(fold(a ?? '')), `${a} / ${b}`).toBe(lightStem(fold(b ?? '')));
    expect(lightStem('analysis')).toBe('analysis');
    expect(lightStem('status')).toBe('status');
    expect(lightStem('cash')).not.toBe(lightStem('case'));
  });

  it('drops the Arabic article but leaves Hebrew alone', () => {
    expect(lightStem(fold('الشركة'))).toBe(lightStem(fold('شركة')));
    expect(lightStem(fold('والشركة'))).toBe(lightStem(fold('شركة')));
    expect(lightStem('הבנק')).toBe('הבנק');
  });

  it('generates every indexed form that shares a stem (its inverse is complete)', () => {
    const words = `company companies companys societe societes journal journaux president presidente presidentes protege protegee
      protegees bureau bureaux source sources box boxes agency agencies key keys series serie cheval chevaux jeu feu feux
      bribe bribes cash case cases tax taxes business businesses boss bosses minister ministers ministre ministres payment payments analysis status`
      .split(/\s+/)
      .filter(Boolean);
    for (const word of words) {
      for (const other of words) {
        if (lightStem(other) === lightStem(word)) expect(stemVariants(word), `${word} → ${other}`).toContain(other);
      }
      for (const variant of stemVariants(word)) expect(lightStem(variant)).toBe(lightStem(word));
    }
  });
});
