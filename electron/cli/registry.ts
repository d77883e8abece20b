/** Every `weft` command, in the order `weft --help` lists them. Names must be unique. */
import type { Command } from './command.js';
import { newCommand, sampleCommand, summaryCommand } from './commands/project.js';
import { documentsCommand, importCasesCommand, importCommand, linkMediaCommand } from './commands/documents.js';
import { codingCommands } from './commands/coding.js';
import { themesCommands } from './commands/themes.js';
import { analysisCommands } from './commands/analysis.js';
import { teamCommands } from './commands/team.js';
import { exchangeCommands } from './commands/exchange.js';
import { checkCommand } from './commands/check.js';
import { backupsCommand } from './commands/backups.js';
import { pseudonymiseCommand, reidentifyCommand } from './commands/pseudonymise.js';
import { syncCommands } from './commands/sync.js';
import { serverCommands } from './commands/server.js';

export const COMMANDS: Command[] = [
  newCommand,
  sampleCommand,
  importCommand,
  summaryCommand,
  documentsCommand,
  linkMediaCommand,
  importCasesCommand,
  ...codingCommands,
  ...themesCommands,
  ...analysisCommands,
  ...teamCommands,
  ...exchangeCommands,
  checkCommand,
  backupsCommand,
  pseudonymiseCommand,
  reidentifyCommand,
  ...syncCommands,
  ...serverCommands,
];
