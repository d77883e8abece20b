/** weft pseudonymise / weft reidentify: a pseudonymised copy of a project to share, its key, and the way back (issue 16). */
import { basename } from 'node:path';
import { decodeText } from '../../../shared/import/decode.js';
import { parseTermsCsv } from '../../../shared/pseudonymise/terms.js';
import type { PseudonymisePlace, PseudonymisePreview, PseudonymiseResidue, PseudonymiseSummary } from '../../../shared/types/pseudonymise.js';
import { readUserFile, USER_FILE_KINDS } from '../../fs/user-files.js';
import { previewPseudonymisation, writePseudonymisedCopy, writeReidentifiedCopy } from '../../services/pseudonymise/copy.js';
import { EXIT, READ_ONLY, UsageError, jsonOption, printJson, requireProjectArg, withProjectAsync, withProject, type Command, type CommandContext } from '../command.js';

export const PASSPHRASE_ENV = 'WEFT_KEY_PASSPHRASE';
const MAX_PASSPHRASE_FILE = { maxBytes: 64 * 1024, what: 'passphrase file' };

const keyOptions = {
  output: { type: 'string' as const, short: 'o' },
  key: { type: 'string' as const },
  'passphrase-file': { type: 'string' as const },
};

/** The passphrase: the first line of --passphrase-file, else $WEFT_KEY_PASSPHRASE. Never a command-line argument (it would show in the process list). */
function passphrase(ctx: CommandContext): string {
  const file = ctx.values['passphrase-file'];
  if (typeof file === 'string') {
    const line = readUserFile(file, MAX_PASSPHRASE_FILE).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    if (line === '') throw new UsageError(`the passphrase file “${file}” is empty`);
    return line;
  }
  const env = process.env[PASSPHRASE_ENV];
  if (env) return env;
  throw new UsageError(`give the key's passphrase with --passphrase-file FILE or the environment variable ${PASSPHRASE_ENV}`);
}

const need = (ctx: CommandContext, name: 'output' | 'key' | 'terms', what: string): string => {
  const v = ctx.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing ${what}`);
  return v;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const where = (p: PseudonymisePlace) => `${p.what} “${p.label}” (${p.column})`;
const oneLine = (s: string) => s.replace(/\s+/gu, ' ');

function printSummary(ctx: CommandContext, s: PseudonymiseSummary) {
  ctx.out(`${plural(s.replacementsTotal, 'replacement')} (${plural(s.documentsChanged, 'document')} changed, and names, memos…); ${plural(s.codingsMoved, 'coding')} moved`);
  ctx.out(s.codingsAdjusted > 0 ? `, ${s.codingsAdjusted} began or ended inside a name and now take its whole pseudonym\n` : '\n');
  for (const t of s.terms) ctx.out(`  ${t.term} → ${t.pseudonym}: ${plural(t.occurrences, 'replacement')} (in ${plural(t.documents, 'document')})\n`);
}

function printResidue(ctx: CommandContext, residue: PseudonymiseResidue[], total: number) {
  if (total === 0) {
    ctx.out('no remaining occurrences found (terms inside words, parts of terms, near-misspellings)\n');
    return;
  }
  ctx.out(`${total} possible remaining occurrences to check by hand (not replaced):\n`);
  for (const r of residue) ctx.out(`  ${where(r)}: …${oneLine(r.before)}[${r.match}]${oneLine(r.after)}… (${r.kind.replace(/-/g, ' ')} of “${r.term}”)\n`);
}

function printPreview(ctx: CommandContext, p: PseudonymisePreview) {
  printSummary(ctx, p);
  ctx.out('replacements:\n');
  for (const r of p.replacements) ctx.out(`  ${where(r)}: …${oneLine(r.before)}[${r.match} → ${r.replacement}]${oneLine(r.after)}…\n`);
  if (p.replacements.length < p.replacementsTotal) ctx.out(`  … and ${p.replacementsTotal - p.replacements.length} more\n`);
  printResidue(ctx, p.residue, p.residueTotal);
}

export const pseudonymiseCommand: Command = {
  name: 'pseudonymise',
  summary: 'write a pseudonymised copy of a project to share, and its key in a separate encrypted file',
  usage: 'weft pseudonymise FILE.weft --terms TERMS.csv (-o OUT.weft --key KEY.weftkey [--passphrase-file FILE] | --dry-run) [--json]',
  details: [
    'TERMS.csv has one identifying term and its pseudonym per line: term,pseudonym (a header line "term,pseudonym"',
    'is optional; a third column "match case" = yes matches that spelling only). Terms are replaced as whole words,',
    'in any case ("Samantha\'s" becomes "P07\'s"), the longest first, in every document text, speaker, case,',
    'attribute, code, theme, memo and set; every coding and speaker turn is moved so that it covers exactly the',
    'pseudonymised version of what it covered. FILE.weft is not changed; OUT.weft must not exist yet.',
    'The key (which term became which pseudonym, and every replacement, to re-identify the copy exactly) is',
    'written to KEY.weftkey, encrypted (AES-256-GCM, scrypt) with the passphrase from the first line of',
    '--passphrase-file or the environment variable WEFT_KEY_PASSPHRASE (at least 8 characters). Keep the key',
    'apart from the copy.',
    '--dry-run writes nothing and prints every replacement in context and the residue report (terms inside',
    'words, parts of several-word terms, near-misspellings) to check by hand. --json prints the review',
    '({terms, documentsChanged, replacementsTotal, codingsMoved, codingsAdjusted, residueTotal, replacements, residue})',
    'or, when writing, {path, keyPath, size, …the counts, residue}.',
  ].join('\n'),
  options: { ...jsonOption, ...keyOptions, terms: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(ctx) {
    const project = requireProjectArg(ctx);
    if (ctx.positionals.length > 1) throw new UsageError(`unexpected argument “${ctx.positionals[1]}”`);
    const termsFile = need(ctx, 'terms', 'the terms: --terms TERMS.csv');
    const bytes = readUserFile(termsFile, USER_FILE_KINDS.table);
    const terms = parseTermsCsv(decodeText(basename(termsFile), bytes).text, basename(termsFile));
    if (ctx.values['dry-run']) {
      const preview = withProject(ctx, project, (s) => previewPseudonymisation(s.db, terms), READ_ONLY);
      if (ctx.values.json) printJson(ctx, preview);
      else printPreview(ctx, preview);
      return EXIT.ok;
    }
    const output = need(ctx, 'output', 'the pseudonymised copy to write: -o OUT.weft');
    const keyPath = need(ctx, 'key', 'the key file to write: --key KEY.weftkey');
    const secret = passphrase(ctx);
    const r = await withProjectAsync(ctx, project, (s) => writePseudonymisedCopy(s.db, s.path, { terms, output, keyPath, passphrase: secret }), READ_ONLY);
    if (ctx.values.json) {
      printJson(ctx, r);
      return EXIT.ok;
    }
    ctx.out(`wrote the pseudonymised copy ${r.path} (${r.size} bytes) and its key ${r.keyPath}\n`);
    if (r.recordingsUnlinked > 0) ctx.out(`${plural(r.recordingsUnlinked, 'recording')} not linked in the copy (a recording identifies its speakers); the key keeps the links\n`);
    printSummary(ctx, r);
    printResidue(ctx, r.residue, r.residueTotal);
    return EXIT.ok;
  },
};

export const reidentifyCommand: Command = {
  name: 'reidentify',
  summary: 'write a copy of a pseudonymised project with the original names back, using its key',
  usage: 'weft reidentify PSEUDO.weft --key KEY.weftkey -o OUT.weft [--passphrase-file FILE] [--json]',
  details: [
    'Reads KEY.weftkey (written by weft pseudonymise) with the passphrase from --passphrase-file or',
    'WEFT_KEY_PASSPHRASE, and writes OUT.weft (which must not exist yet): the texts as they were and every',
    'coding at its original position. PSEUDO.weft is not changed. A text changed since pseudonymisation is',
    'refused (it could not be restored exactly); codings added since are moved with their text.',
    '--json prints {path, size, documentsRestored, fieldsRestored, codingsMoved, recordingsRelinked}.',
  ].join('\n'),
  options: { ...jsonOption, ...keyOptions },
  async run(ctx) {
    const project = requireProjectArg(ctx);
    if (ctx.positionals.length > 1) throw new UsageError(`unexpected argument “${ctx.positionals[1]}”`);
    const keyPath = need(ctx, 'key', 'the key: --key KEY.weftkey');
    const output = need(ctx, 'output', 'the copy to write: -o OUT.weft');
    const secret = passphrase(ctx);
    const r = await withProjectAsync(ctx, project, (s) => writeReidentifiedCopy(s.db, s.path, { keyPath, passphrase: secret, output }), READ_ONLY);
    if (ctx.values.json) printJson(ctx, r);
    else ctx.out(`wrote ${r.path} (${r.size} bytes): ${r.documentsRestored} documents and ${r.fieldsRestored - r.documentsRestored} other texts restored, ${r.codingsMoved} codings moved back${r.recordingsRelinked ? `, ${r.recordingsRelinked} recording links put back` : ''}\n`);
    return EXIT.ok;
  },
};
