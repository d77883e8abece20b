/** weft commands for the coding domain: extracts, codes, import-codebook, memos. */
import { basename } from 'node:path';
import { readUserFile, USER_FILE_KINDS } from '../../fs/user-files.js';
import type { CodeWithCounts } from '../../../shared/types/entities.js';
import { codePaths, findCodes, listCodes } from '../../services/codes.js';
import { listExtracts, type ExtractFilter } from '../../services/extracts.js';
import { quoteAttributeLabel } from '../../../shared/codebook/attribution.js';
import { listMemos, searchMemos } from '../../services/memos.js';
import { ACCEPTED_COLUMNS_HELP } from '../../../shared/codebook/csv.js';
import { DomainError, EXIT, UsageError, jsonOption, printJson, requireProjectArg, withProject, READ_ONLY, type Command } from '../command.js';
import { FORMULA_PROTECTION_HELP, extractsExportOptions, extractsExportRequest, importCodebookFile, writeExtractsExport } from './exchange.js';
import { extractsTable } from '../../services/exchange/tables.js';
import type { ExtractsTable } from '../../../shared/exchange/index.js';
import { formatTimestamp } from '../../../shared/media/timeline.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []);

export const extractsCommand: Command = {
  name: 'extracts',
  summary: 'print the coded extracts (retrieval), optionally for some codes or coders',
  usage: 'weft extracts FILE.weft [--code NAME]... [--coder NAME]... [--document NAME]... [--attribute NAME=VALUE] [--json | --format csv|xlsx -o OUT [--no-formula-protection]]',
  details: [
    '--code NAME      a code name or its full path (Parent/Child); its sub-codes are included. Repeatable.',
    '--coder NAME     only codings by this coder. Repeatable.',
    '--document NAME  only this document. Repeatable.',
    '--attribute N=V  only extracts whose participant has attribute N equal to V (e.g. role=coach).',
    '--json           an array of {document, code, coder, start, end, text, speaker, participant, role,',
    '                 participants, attribution, quoteAttributes} (attribution: speakers, document, interviewer or none);',
    '                 code is the code’s path (Parent/Child); start/end are UTF-16 offsets, end-exclusive;',
    '                 text is exactly the coded characters.',
    '--format csv|xlsx -o OUT  write a spreadsheet instead: document, participant, one column per participant',
    '                 attribute, code, themes, text, start, end (UTF-16), start_cp, end_cp (code points), coder.',
    '                 CSV is RFC 4180, UTF-8 with BOM; without -o (or with -o -) it goes to standard output.',
    FORMULA_PROTECTION_HELP,
  ].join('\n'),
  options: { ...jsonOption, code: { type: 'string', multiple: true }, coder: { type: 'string', multiple: true }, document: { type: 'string', multiple: true }, attribute: { type: 'string' }, ...extractsExportOptions },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const exportRequest = extractsExportRequest(ctx);
    let exportTable: ExtractsTable | null = null;
    const attribute = ctx.values.attribute;
    let caseAttribute: ExtractFilter['caseAttribute'];
    if (typeof attribute === 'string') {
      const eq = attribute.indexOf('=');
      if (eq <= 0) throw new UsageError('--attribute takes NAME=VALUE, e.g. --attribute role=coach');
      caseAttribute = { name: attribute.slice(0, eq), value: attribute.slice(eq + 1) };
    }
    const extracts = withProject(ctx, path, (s) => {
      const filter: ExtractFilter = { includeChildren: true, ...(caseAttribute ? { caseAttribute } : {}) };
      const codes = list(ctx.values.code);
      if (codes.length) {
        filter.codeIds = codes.flatMap((name) => {
          const found = findCodes(s.db, name);
          if (found.length === 0) {
            const known = [...codePaths(s.db).values()].sort();
            throw new DomainError(
              'NOT_FOUND',
              `There is no code named “${name}” in ${basename(path)}.${known.length ? ` Codes: ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', …' : ''}` : ' It has no codes.'}`,
            );
          }
          return found;
        });
      }
      const coders = list(ctx.values.coder);
      if (coders.length) {
        const all = s.db.prepare('SELECT id, name FROM coders').all() as { id: number; name: string }[];
        filter.coderIds = coders.map((name) => {
          const c = all.find((x) => x.name.toLocaleLowerCase() === name.trim().toLocaleLowerCase());
          if (!c) throw new DomainError('NOT_FOUND', `There is no coder named “${name}”. Coders: ${all.map((x) => x.name).join(', ') || 'none'}.`);
          return c.id;
        });
      }
      const docs = list(ctx.values.document);
      if (docs.length) {
        const all = s.db.prepare('SELECT id, name FROM documents').all() as { id: number; name: string }[];
        filter.documentIds = docs.map((name) => {
          const d = all.find((x) => x.name.toLocaleLowerCase() === name.trim().toLocaleLowerCase());
          if (!d) throw new DomainError('NOT_FOUND', `There is no document named “${name}”.`);
          return d.id;
        });
      }
      if (exportRequest) exportTable = extractsTable(s.db, filter);
      return listExtracts(s.db, filter);
    }, READ_ONLY);
    if (exportRequest && exportTable) return writeExtractsExport(ctx, exportTable, exportRequest, basename(path).replace(/\.weft$/i, ''));
    if (ctx.values.json) {
      printJson(
        ctx,
        extracts.map((e) => ({
          document: e.document,
          code: e.code,
          coder: e.coder,
          start: e.start,
          end: e.end,
          text: e.text,
          speaker: e.speaker,
          participant: e.participant,
          role: e.role,
          participants: e.participantIds.length,
          attribution: e.attributionBasis,
          quoteAttributes: e.quoteAttributes,
          time: e.time ?? null,
        })),
      );
    } else {
      for (const e of extracts) {
        const who = e.participant ?? e.speaker;
        const label = quoteAttributeLabel(e);
        ctx.out(`${e.time ? `${formatTimestamp(e.time.start)} ` : ''}${e.document} [${e.start}–${e.end}] ${e.code} (${e.coder})${who ? ` — ${who}${label ? ` (${label})` : ''}` : ''}\n  "${e.text.replace(/\n/g, '\n   ')}"\n`);
      }
      ctx.out(`${extracts.length} extract${extracts.length === 1 ? '' : 's'}\n`);
    }
    return EXIT.ok;
  },
};

interface CodeTreeNode {
  id: number;
  name: string;
  path: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  /** Codings of this code and its sub-codes. */
  codings: number;
  /** Documents with a coding of this code or a sub-code. */
  documents: number;
  children: CodeTreeNode[];
}

function codeTree(codes: CodeWithCounts[], paths: Map<number, string>): CodeTreeNode[] {
  const kids = new Map<number | null, CodeWithCounts[]>();
  for (const c of codes) kids.set(c.parentId, [...(kids.get(c.parentId) ?? []), c]);
  const build = (parent: number | null): CodeTreeNode[] =>
    (kids.get(parent) ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      path: paths.get(c.id)!,
      color: c.color,
      definition: c.definition,
      inclusion: c.inclusion,
      exclusion: c.exclusion,
      example: c.example,
      codings: c.codings,
      documents: c.documents,
      children: build(c.id),
    }));
  return build(null);
}

export const codesCommand: Command = {
  name: 'codes',
  summary: 'print the codebook as a tree with counts of codings and documents',
  usage: 'weft codes FILE.weft [--json]',
  details: 'Counts include sub-codes. --json prints [{id, name, path, color, definition, inclusion, exclusion, example, codings, documents, children}].',
  options: jsonOption,
  run(ctx) {
    const tree = withProject(ctx, requireProjectArg(ctx), (s) => codeTree(listCodes(s.db), codePaths(s.db)), READ_ONLY);
    if (ctx.values.json) printJson(ctx, tree);
    else {
      const print = (nodes: CodeTreeNode[], depth: number) => {
        for (const n of nodes) {
          ctx.out(`${'  '.repeat(depth)}${n.name}  (${n.codings} codings in ${n.documents} documents)\n`);
          print(n.children, depth + 1);
        }
      };
      print(tree, 0);
    }
    return EXIT.ok;
  },
};

export const importCodebookCommand: Command = {
  name: 'import-codebook',
  summary: 'add codes from a codebook: CSV (e.g. category,topic) or REFI-QDA (.qdc)',
  usage: 'weft import-codebook FILE.weft IN.qdc|IN.csv [--json]',
  details: `Accepted columns: ${ACCEPTED_COLUMNS_HELP}.\nCodes that already exist at the same path are kept. --json prints {created, existing, warnings} (code paths).\nA REFI-QDA codebook (.qdc, or the codebook of a .qde) is merged by GUID, then by path, with its themes and code sets;\n--json then prints {format, created, imported, matched, warnings}.`,
  options: jsonOption,
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const csv = ctx.positionals[1];
    if (!csv) throw new UsageError('give the codebook CSV file to import');
    const bytes = readUserFile(csv, USER_FILE_KINDS.codebook);
    return importCodebookFile(ctx, path, csv, bytes);
  },
};

export const memosCommand: Command = {
  name: 'memos',
  summary: 'list memos (project journal, documents, codes, codings), or search them',
  usage: 'weft memos FILE.weft [--search TEXT] [--json]',
  details: '--json prints [{title, body, target: {kind, label}, coder, createdAt, updatedAt}].',
  options: { ...jsonOption, search: { type: 'string' } },
  run(ctx) {
    const q = ctx.values.search;
    const memos = withProject(ctx, requireProjectArg(ctx), (s) => (typeof q === 'string' ? searchMemos(s.db, q) : listMemos(s.db)), READ_ONLY);
    if (ctx.values.json) {
      printJson(
        ctx,
        memos.map((m) => ({ title: m.title, body: m.body, target: { kind: m.target.kind, label: m.target.label }, coder: m.coder, createdAt: m.createdAt, updatedAt: m.updatedAt })),
      );
    } else {
      for (const m of memos) ctx.out(`${m.target.label}${m.title ? ` — ${m.title}` : ''}\n  ${m.body.replace(/\n/g, '\n  ')}\n`);
    }
    return EXIT.ok;
  },
};

export const codingCommands: Command[] = [codesCommand, extractsCommand, importCodebookCommand, memosCommand];
