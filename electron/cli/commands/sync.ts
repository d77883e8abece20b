/** weft sync / weft publish / weft join: a project on a team server (issue 17), for scripted pipelines. */
import { existsSync, readFileSync } from 'node:fs';
import { syncStatusLabel, type SyncStatus } from '../../../shared/sync/status.js';
import { joinInto, listServerProjects, ProjectSync, publish, setMember, signIn } from '../../services/sync/client.js';
import { replicaOf, syncActor } from '../../services/sync/replica-of.js';
import { normalizeServerUrl, TokenStore } from '../../services/sync/tokens.js';
import { newProjectPath } from '../../services/new-project-path.js';
import { countOf } from '../../../shared/domain/plural.js';
import { DomainError, EXIT, UsageError, coderOption, jsonOption, openProject, printJson, requireProjectArg, withProject, type Command, type CommandContext } from '../command.js';

const serverOptions = {
  server: { type: 'string' as const },
  user: { type: 'string' as const },
  'password-file': { type: 'string' as const },
};

const PASSWORD_HELP =
  'The password is read from --password-file FILE (its first line) or the environment variable WEFT_PASSWORD,\n' +
  'never from the command line (where other users of the machine could see it). Signing in keeps a token for\n' +
  'the server on this machine (in the user’s configuration folder, readable by the user only; WEFT_CONFIG_DIR\n' +
  'overrides it), never in the project file; later commands use it, so the password is needed only once.';

function requireServer(ctx: CommandContext): string {
  const server = ctx.values.server;
  if (typeof server !== 'string' || !server.trim()) throw new UsageError('give the team server’s address with --server URL');
  return normalizeServerUrl(server);
}

function password(ctx: CommandContext): string | null {
  const file = ctx.values['password-file'];
  if (typeof file === 'string') {
    if (!existsSync(file)) throw new DomainError('NOT_FOUND', `The password file “${file}” does not exist.`);
    const first = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
    if (!first) throw new DomainError('VALIDATION', `The password file “${file}” is empty: write the password on its first line.`);
    return first;
  }
  return process.env.WEFT_PASSWORD || null;
}

/** Signs in when a password is given (or no token is kept for this server and user): the token is kept on the machine. */
async function signedIn(ctx: CommandContext, tokens: TokenStore, server: string): Promise<void> {
  const user = typeof ctx.values.user === 'string' ? ctx.values.user.trim() : '';
  const kept = tokens.get(server);
  const pw = password(ctx);
  if (pw !== null) {
    if (!user) throw new UsageError('give your user name on the team server with --user');
    await signIn(tokens, server, user, pw, 'cli');
    return;
  }
  if (kept && (!user || kept.user === user)) return;
  throw new UsageError(`not signed in to ${server}${user ? ` as ${user}` : ''}: give the password with --password-file FILE or WEFT_PASSWORD`);
}

function printStatus(ctx: CommandContext, status: SyncStatus) {
  ctx.out(`server:    ${status.serverUrl}\nproject:   ${status.projectGuid}\nsigned in: ${status.user ?? 'no'}\nstatus:    ${syncStatusLabel(status)}\n`);
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'send a synced project’s waiting changes to its team server and bring in the team’s',
  usage: 'weft sync FILE.weft [--json]',
  details:
    'Pushes every change made here that the server has not accepted, then pulls and applies everything the\n' +
    'team sent since the last sync (merge rules: README “Working as a team”). Uses the sign-in kept on this\n' +
    'machine for the project’s server (weft publish/join, or the app’s Team server… dialog).\n' +
    'Exits 1 (UNAVAILABLE) when the server cannot be reached, 4 when it refuses the sign-in, 5 (CONFLICT) when\n' +
    'your role forbids it or the file is an older copy of a synced file (its own changes came back: it sends\n' +
    'nothing more; join again), 3 when the project is not there for you; the changes stay waiting in the file.\n' +
    '--json prints {pushed, received: {applied, conflicts, notices, undoCleared}, status: {linked, serverUrl,\n' +
    'projectGuid, user, online, pending, conflicts, auto, syncing, lastSyncAt, problem}}.',
  options: { ...jsonOption, ...coderOption },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const session = openProject(ctx, path, { writes: true });
    try {
      const replica = replicaOf(session);
      if (!replica.link()) throw new DomainError('CONFLICT', `“${path}” is not synced with a team server: publish it (weft publish) or join a project (weft join) first.`);
      const sync = new ProjectSync(replica, { tokens: new TokenStore(), auto: false, usable: () => session.db.open });
      const result = await sync.syncNow();
      if (ctx.values.json) printJson(ctx, result);
      else {
        ctx.out(`sent ${countOf(result.pushed, 'change')}, applied ${countOf(result.received.applied, 'change')} from the team\n`);
        for (const n of result.received.notices) ctx.out(`note: ${n}\n`);
        printStatus(ctx, result.status);
      }
      return EXIT.ok;
    } finally {
      session.close();
    }
  },
};

export const publishCommand: Command = {
  name: 'publish',
  summary: 'publish a project to a team server (you become its owner) and start syncing it',
  usage: 'weft publish FILE.weft --server URL --user USER [--password-file FILE] [--json]',
  details:
    'Creates the project on the server under its GUID and name, uploads the whole project, and from then on\n' +
    'records every change to the file so that weft sync (or the app) sends it. Add members on the server.\n' +
    PASSWORD_HELP,
  options: { ...jsonOption, ...coderOption, ...serverOptions },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const server = requireServer(ctx);
    const tokens = new TokenStore();
    await signedIn(ctx, tokens, server);
    const session = openProject(ctx, path, { writes: true });
    try {
      const replica = replicaOf(session);
      const info = session.info();
      await publish(tokens, replica, { guid: info.guid, name: info.name }, server, () => syncActor(session, true));
      const sync = new ProjectSync(replica, { tokens, auto: false, usable: () => session.db.open });
      const result = await sync.syncNow();
      if (ctx.values.json) printJson(ctx, { path: info.path, guid: info.guid, name: info.name, ...result });
      else {
        ctx.out(`published ${info.name} (${info.guid}) to ${server}\n`);
        printStatus(ctx, result.status);
      }
      return EXIT.ok;
    } finally {
      session.close();
    }
  },
};

export const joinCommand: Command = {
  name: 'join',
  summary: 'download a project from a team server into a new project file that syncs with it',
  usage: 'weft join --server URL --user USER --project GUID -o FILE.weft [--password-file FILE] [--json]',
  details:
    'FILE must not exist (“.weft” is added when it has another ending). Every change the team made is\n' +
    'downloaded into it; a failure leaves no file. Without --project, lists the projects you may join.\n' +
    PASSWORD_HELP,
  options: { ...jsonOption, ...coderOption, ...serverOptions, project: { type: 'string' }, output: { type: 'string', short: 'o' } },
  async run(ctx) {
    const server = requireServer(ctx);
    const tokens = new TokenStore();
    await signedIn(ctx, tokens, server);
    const guid = ctx.values.project;
    if (typeof guid !== 'string' || !guid.trim()) {
      const projects = await listServerProjects(tokens, server);
      if (ctx.values.json) printJson(ctx, projects);
      else if (projects.length === 0) ctx.out(`no projects for you on ${server}\n`);
      else for (const p of projects) ctx.out(`${p.guid}  ${p.role.padEnd(6)}  ${p.name}\n`);
      return EXIT.ok;
    }
    const output = ctx.values.output;
    if (typeof output !== 'string' || !output.trim()) throw new UsageError('give the new project file with -o FILE.weft');
    const path = newProjectPath(output);
    const r = await joinInto(tokens, server, guid.trim(), path);
    const status = withProject(ctx, path, (s) => {
      syncActor(s);
      return new ProjectSync(replicaOf(s), { tokens, auto: false, usable: () => s.db.open }).status();
    });
    if (ctx.values.json) printJson(ctx, { path, project: r.project, operations: r.operations, status });
    else {
      ctx.out(`joined ${r.project.name} (${r.project.guid}, ${r.project.role}) from ${server} into ${path}: ${countOf(r.operations, 'change')}\n`);
      printStatus(ctx, status);
    }
    return EXIT.ok;
  },
};

const ROLES = ['owner', 'coder', 'viewer'] as const;

export const membersCommand: Command = {
  name: 'members',
  summary: 'add a member to a synced project on its team server, change their role, or remove them (owners)',
  usage: 'weft members FILE.weft --add USER [--role coder|viewer|owner] | weft members FILE.weft --remove USER [--json]',
  details:
    'Works on the project’s team server with the sign-in kept on this machine; only the project’s owners may.\n' +
    '--role defaults to coder (codes and edits); a viewer only reads; an owner also manages members.\n' +
    '--json prints {members: [{user, role}]}.',
  options: { ...jsonOption, add: { type: 'string' }, remove: { type: 'string' }, role: { type: 'string' } },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const add = typeof ctx.values.add === 'string' ? ctx.values.add.trim() : '';
    const remove = typeof ctx.values.remove === 'string' ? ctx.values.remove.trim() : '';
    if (!!add === !!remove) throw new UsageError('give either --add USER or --remove USER');
    const roleArg = typeof ctx.values.role === 'string' ? ctx.values.role : 'coder';
    const role = ROLES.find((r) => r === roleArg);
    if (!role) throw new UsageError(`--role is coder, viewer or owner, not “${roleArg}”`);
    const session = openProject(ctx, path, { readonly: true });
    let link;
    try {
      link = replicaOf(session).link();
    } finally {
      session.close();
    }
    if (!link) throw new DomainError('CONFLICT', `“${path}” is not synced with a team server: publish it first (weft publish).`);
    const r = await setMember(new TokenStore(), link, add || remove, add ? role : null);
    if (ctx.values.json) printJson(ctx, r);
    else for (const m of r.members) ctx.out(`${m.role.padEnd(6)}  ${m.user}\n`);
    return EXIT.ok;
  },
};

export const syncCommands: Command[] = [syncCommand, publishCommand, joinCommand, membersCommand];
