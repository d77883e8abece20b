/** Names for copies Weft keeps beside a project file before changing it in place (a repair, an upgrade). */
import { basename, dirname, join } from 'node:path';

const fileTimestamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

/** `<dir>/<name>.<what>-<timestamp>.weft`, e.g. `study.before-repair-2026-12-05T03-10-00Z.weft`. */
export function copyPathBeside(path: string, what: 'before-repair' | 'before-upgrade'): string {
  return join(dirname(path), `${basename(path).replace(/\.weft$/i, '')}.${what}-${fileTimestamp()}.weft`);
}
