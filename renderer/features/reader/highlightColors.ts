export type ThemeName = 'light' | 'dark';
type Rgb = readonly [number, number, number];

/**
 * Tag colours: mid-tone hues far enough apart to tell side by side, and mid-luminance, so a tint of each
 * stays pale on the light paper and deep on the dark one, with reading text over it above WCAG AA in both.
 */
export const TAG_PALETTE: readonly string[] = [
  '#d9a21b', // amber
  '#3f7fd9', // blue
  '#e0684b', // coral
  '#1f9e8f', // teal
  '#8e5bd0', // violet
  '#4a9a3c', // green
  '#d6457a', // rose
  '#9a8f2a', // olive
  '#a86a3c', // brown
  '#6b7a90', // slate
];

/** The reader's paper and text in each theme (renderer/styles/tokens.css: --paper, --text-reading). */
export const READING: Record<ThemeName, { paper: string; text: string }> = {
  light: { paper: '#fffefb', text: '#23211e' },
  dark: { paper: '#1a1b1f', text: '#dedbd5' },
};

/** How much of the tag's colour the first layer mixes in, and each overlapping layer after it. */
const ALPHA: Record<ThemeName, { first: number; next: number }> = {
  light: { first: 0.34, next: 0.24 },
  dark: { first: 0.44, next: 0.28 },
};

export const MIN_TEXT_CONTRAST = 4.5;
/** Non-text contrast (WCAG 1.4.11) for the stripes under highlights. */
const MIN_STRIPE_CONTRAST = 3;

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return [128, 128, 128];
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => (from[i] as number) + ((to[i] as number) - (from[i] as number)) * amount) as unknown as Rgb;
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance(rgb: Rgb): number {
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function css(rgb: Rgb): string {
  return `rgb(${rgb.map((v) => Math.round(v)).join(' ')})`;
}

function composite(colors: readonly string[], theme: ThemeName, scale: number): Rgb {
  let bg = parseHex(READING[theme].paper);
  colors.forEach((hex, i) => {
    bg = mix(bg, parseHex(hex), (i === 0 ? ALPHA[theme].first : ALPHA[theme].next) * scale);
  });
  return bg;
}

/**
 * The background of a run covered by `colors` (outermost first). Each layer deepens the tint, so overlaps read
 * as overlaps; if a dark colour (or many layers) would push the reading text under AA, the whole stack is
 * thinned until it is not. Works for any #RRGGBB a researcher picks, not only the palette.
 */
export function layeredBackground(colors: readonly string[], theme: ThemeName): { rgb: Rgb; css: string } {
  const text = parseHex(READING[theme].text);
  let scale = 1;
  let bg = composite(colors, theme, scale);
  while (scale > 0 && contrastRatio(text, bg) < MIN_TEXT_CONTRAST) {
    scale = Math.max(0, scale - 0.05);
    bg = composite(colors, theme, scale);
  }
  return { rgb: bg, css: css(bg) };
}

/** The tag's colour as a line under the text: darkened on light paper, lightened on dark, until it stands out. */
export function stripeColor(hex: string, theme: ThemeName): string {
  const paper = parseHex(READING[theme].paper);
  const toward: Rgb = theme === 'light' ? [0, 0, 0] : [255, 255, 255];
  let rgb = parseHex(hex);
  for (let step = 0; step < 20 && contrastRatio(rgb, paper) < MIN_STRIPE_CONTRAST; step += 1) rgb = mix(rgb, toward, 0.1);
  return css(rgb);
}

/** The palette colour a new tag gets: the least used one, so a fresh codebook spreads across hues. */
export function nextTagColor(used: readonly string[]): string {
  const counts = new Map(TAG_PALETTE.map((hex) => [hex, 0]));
  for (const hex of used) {
    const key = hex.toLowerCase();
    if (counts.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = TAG_PALETTE[0] as string;
  for (const hex of TAG_PALETTE) if ((counts.get(hex) ?? 0) < (counts.get(best) ?? 0)) best = hex;
  return best;
}
