/**
 * The interoperability suite's access to third-party reference material (used by *.test.ts and e2e
 * specs only): where it lives, whether it is there, and schema validation through xmllint.
 *
 * The real exports from NVivo, MAXQDA, ATLAS.ti, qc and Taguette and the REFI-QDA schemas are not
 * part of this repository: they sit in `../shared/refi-qda/` beside the checkout (always in CI),
 * or wherever WEFT_REFI_QDA_DIR points. Tests that need them form the interoperability suite:
 * they run whenever that folder exists and are skipped otherwise; `setup.ts` beside it prints one
 * line saying so. Everything else uses fixtures under tests/fixtures/ or built in the test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The read-only reference folder (schemas, notes, samples). WEFT_REFI_QDA_DIR overrides. */
export const REFI_DIR = process.env.WEFT_REFI_QDA_DIR ?? process.env.REFI_QDA_DIR ?? resolve(repoRoot, '../shared/refi-qda');

export const SAMPLES = join(REFI_DIR, 'samples');
export const PROJECT_XSD = join(REFI_DIR, 'Project.xsd');
export const CODEBOOK_XSD = join(REFI_DIR, 'Codebook.xsd');

/** True when the real third-party exports and the REFI-QDA schemas are there to test against. */
export const HAS_REFI = existsSync(SAMPLES) && existsSync(PROJECT_XSD) && existsSync(CODEBOOK_XSD);

/** The one line printed when the interoperability suite cannot run. */
export const INTEROP_SKIPPED_LINE = `interoperability suite skipped: no REFI-QDA reference folder at ${REFI_DIR} (real NVivo/MAXQDA/ATLAS.ti/qc/Taguette exports and schema validation not checked; set WEFT_REFI_QDA_DIR)`;

/** Validates an XML document with `xmllint --noout --schema`. */
export function xmllint(xml: string | Uint8Array, schema: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'weft-xmllint-'));
  const file = join(dir, 'doc.xml');
  writeFileSync(file, xml);
  try {
    const out = execFileSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output: out };
  } catch (err) {
    const e = err as { code?: string; stderr?: string; stdout?: string; message: string };
    if (e.code === 'ENOENT') throw new Error('xmllint is not installed (apt-get install -y libxml2-utils)');
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
