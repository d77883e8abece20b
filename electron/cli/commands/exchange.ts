/** weft commands for the exchange domain. */
import type { Command } from '../command.js';

export const exchangeCommands: Command[] = [];
