/** weft commands for the themes domain. */
import type { Command } from '../command.js';

export const themesCommands: Command[] = [];
