/** weft commands for the analysis domain. */
import type { Command } from '../command.js';

export const analysisCommands: Command[] = [];
