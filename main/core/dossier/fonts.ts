/**
 * The print document's body face, Source Serif 4 (shipped as @fontsource-variable/source-serif-4), inlined as data:
 * URLs: the print page loads nothing, from the network or from disk. Hebrew and Arabic have no glyphs in it and fall
 * back to the system's fonts (DejaVu on Debian), which Chromium embeds as it prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = path.join('node_modules', '@fontsource-variable', 'source-serif-4');
/** Subsets worth carrying: English and French (with œ, ’, «, …) need latin and latin-ext only. */
const SUBSETS = /source-serif-4-(latin|latin-ext)-wght-(normal|italic)\.woff2/;

let cached: string | null = null;

function packageDir(): string | null {
  const starts = [path.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = path.join(dir, PACKAGE);
      if (existsSync(path.join(candidate, 'wght.css'))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

/** @font-face rules for 'Casefile Serif', or '' when the package is not there (system serif fonts take over). */
export function serifFontFaces(): string {
  if (cached !== null) return cached;
  const dir = packageDir();
  if (!dir) return (cached = '');
  const rules: string[] = [];
  for (const file of ['wght.css', 'wght-italic.css']) {
    let css: string;
    try {
      css = readFileSync(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
      const url = /url\(\.\/files\/([^)]+)\)/.exec(block);
      if (!url?.[1] || !SUBSETS.test(url[1])) continue;
      let data: Buffer;
      try {
        data = readFileSync(path.join(dir, 'files', url[1]));
      } catch {
        continue;
      }
      rules.push(
        block
          .replace(/font-family:[^;]+;/, "font-family: 'Casefile Serif';")
          .replace(/font-display:[^;]+;/, 'font-display: block;')
          .replace(/url\([^)]+\)/, `url(data:font/woff2;base64,${data.toString('base64')})`),
      );
    }
  }
  return (cached = rules.join('\n'));
}
