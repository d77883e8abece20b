/** weft new / weft sample / weft summary */
import { existsSync, rmSync } from 'node:fs';
import { publishNewFile, temporaryBeside } from '../../fs/user-files.js';
import { resolve } from 'node:path';
import { ProjectSession } from '../../services/project-session.js';
import { newProjectPath } from '../../services/new-project-path.js';
import { buildSampleProject } from '../../services/sample/build-sample.js';
import { projectSummary } from '../../services/summary.js';
import { EXIT, coderName, coderOption, jsonOption, printJson, requireProjectArg, withProject, DomainError, READ_ONLY, type Command } from '../command.js';

export const newCommand: Command = {
  name: 'new',
  summary: 'create an empty project file',
  usage: 'weft new FILE.weft [--json]',
  details: 'FILE gets “.weft” added when it has another ending; a folder is refused (give a file name inside it).',
  options: { ...jsonOption, ...coderOption },
  run(ctx) {
    const path = newProjectPath(requireProjectArg(ctx));
    const session = ProjectSession.create(path, coderName(ctx));
    const info = session.info();
    session.close();
    if (ctx.values.json) printJson(ctx, info);
    else ctx.out(`created ${info.path}\n`);
    return EXIT.ok;
  },
};

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'write the sample project (a small nursing study) to a new file',
  usage: 'weft sample FILE.weft [--json]',
  options: { ...jsonOption, ...coderOption },
  run(ctx) {
    const path = resolve(requireProjectArg(ctx));
    if (existsSync(path)) throw new DomainError('CONFLICT', `“${path}” already exists; choose a new file name.`);
    const tmp = temporaryBeside(path, 'building');
    try {
      buildSampleProject(tmp, coderName(ctx), { recordingFor: path }).close();
      publishNewFile(tmp, path, (p) => new DomainError('CONFLICT', `“${p}” was created while the sample was being written; it was left as it is.`));
    } finally {
      for (const f of ['', '-wal', '-shm', '-journal']) rmSync(`${tmp}${f}`, { force: true });
    }
    const summary = withProject(ctx, path, (s) => projectSummary(s.db), READ_ONLY);
    if (ctx.values.json) printJson(ctx, { path, ...summary });
    else ctx.out(`wrote the sample project to ${path} (${summary.documents} documents, ${summary.codes} codes, ${summary.codings} codings)\n`);
    return EXIT.ok;
  },
};

export const summaryCommand: Command = {
  name: 'summary',
  summary: 'counts of documents, words, codes, codings, coders, cases, themes and memos',
  usage: 'weft summary FILE.weft [--json]',
  options: jsonOption,
  run(ctx) {
    const path = requireProjectArg(ctx);
    const summary = withProject(ctx, path, (s) => projectSummary(s.db), READ_ONLY);
    if (ctx.values.json) printJson(ctx, summary);
    else for (const [k, v] of Object.entries(summary)) ctx.out(`${k.padEnd(10)} ${v}\n`);
    return EXIT.ok;
  },
};
