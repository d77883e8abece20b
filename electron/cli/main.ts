/**
 * `weft` — the headless door to the same service the app uses. Every command has --help;
 * machine-readable output with --json. Exit status: 0 success, 1 failure, 2 usage error,
 * 75 the project is in use (another door holds its lock).
 */
import { DomainError } from '../../shared/api/errors.js';
import { EXIT, UsageError, parse, type Command, type CommandContext } from './command.js';
import { COMMANDS } from './registry.js';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'weft — qualitative thematic analysis from the command line',
    '',
    'Usage: weft COMMAND [options]   (weft COMMAND --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

function help(c: Command): string {
  return `Usage: ${c.usage}\n\n${c.summary}\n${c.details ? `\n${c.details}\n` : ''}`;
}

export async function runCli(argv: string[], out = (t: string) => process.stdout.write(t), err = (t: string) => process.stderr.write(t)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(overview());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err(`weft: unknown command “${name}”\n\n${overview()}`);
    return EXIT.usage;
  }
  let parsed;
  try {
    parsed = parse(command, rest);
  } catch (e) {
    err(`weft ${command.name}: ${(e as Error).message}\n${help(command)}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    out(help(command));
    return EXIT.ok;
  }
  const ctx: CommandContext = { positionals: parsed.positionals, values: parsed.values as CommandContext['values'], out, err };
  try {
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`weft ${command.name}: ${e.message}\n${help(command)}`);
      return EXIT.usage;
    }
    if (e instanceof DomainError) {
      err(`weft ${command.name}: ${e.message}\n`);
      // The project is in use by another door: a temporary failure, worth retrying later.
      return e.code === 'READ_ONLY' ? EXIT.inUse : EXIT.failed;
    }
    err(`weft ${command.name}: unexpected error: ${(e as Error).stack ?? e}\n`);
    return EXIT.failed;
  }
}

// `weft … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// Run when executed as the program (bin/weft.mjs imports this module).
process.exitCode = await runCli(process.argv.slice(2));
