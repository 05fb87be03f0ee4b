import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SEEDS_DIR = path.join(ROOT, 'seeds');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
export const WEB_HOST_BUNDLE = path.join(ROOT, 'out', 'main', 'casefile-web.cjs');
export const SCREENS_DIR = path.join(ROOT, 'test-results', 'screens');
