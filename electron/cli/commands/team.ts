/** weft commands for the team domain. */
import type { Command } from '../command.js';

export const teamCommands: Command[] = [];
