/**
 * `weft` — the headless door to the same service the app uses. Every command has --help;
 * machine-readable output with --json. Exit statuses: electron/cli/exit-codes.ts (and README).
 * Every failure is reported here, in one place: one line on standard error, never a stack trace
 * unless --debug (or WEFT_DEBUG=1) is given.
 */
import { UsageError, parse, type Command, type CommandContext } from './command.js';
import { EXIT, EXIT_MEANINGS } from './exit-codes.js';
import { explainSystemError } from '../../shared/api/system-errors.js';
import { describeFailure } from './failure.js';
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
    'Exit status (--debug, or WEFT_DEBUG=1, adds the stack trace to an error):',
    ...EXIT_MEANINGS.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`),
    '',
  ].join('\n');
}

function help(c: Command): string {
  return `Usage: ${c.usage}\n\n${c.summary}\n${c.details ? `\n${c.details}\n` : ''}`;
}

/** Takes --debug out of the arguments (it is accepted anywhere, before a `--`). */
function takeDebugFlag(argv: string[]): { args: string[]; debug: boolean } {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  const args = [...head.filter((a) => a !== '--debug'), ...(end === -1 ? [] : argv.slice(end))];
  return { args, debug: args.length !== argv.length || process.env.WEFT_DEBUG === '1' };
}

export async function runCli(argv: string[], out = (t: string) => process.stdout.write(t), err = (t: string) => process.stderr.write(t)): Promise<number> {
  const { args, debug } = takeDebugFlag(argv);
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(overview());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err(`weft: unknown command “${name}”\n\n${overview()}`);
    return EXIT.usage;
  }
  const fail = (e: unknown): number => {
    const failure = describeFailure(e, debug);
    err(`weft ${command.name}: ${failure.line}\n`);
    if (e instanceof UsageError) err(`Usage: ${command.usage}   (weft ${command.name} --help for details)\n`);
    if (failure.trace) err(`${failure.trace}\n`);
    return failure.exitCode;
  };
  let parsed;
  try {
    parsed = parse(command, rest);
  } catch (e) {
    return fail(new UsageError((e as Error).message));
  }
  if (parsed.values.help) {
    out(help(command));
    return EXIT.ok;
  }
  const ctx: CommandContext = { positionals: parsed.positionals, values: parsed.values as CommandContext['values'], out, err };
  try {
    return await command.run(ctx);
  } catch (e) {
    return fail(e);
  }
}

// `weft … | head` closes the pipe early: that is not an error. Any other failure to write the
// output is an I/O failure, said in one line where that is still possible.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream !== process.stderr) process.stderr.write(`weft: cannot write the output: ${explainSystemError(err)?.message ?? err.message}\n`);
    process.exit(EXIT.io);
  });
}

// Run when executed as the program (bin/weft.mjs imports this module).
process.exitCode = await runCli(process.argv.slice(2));
