/** weft commands for the coding domain. */
import type { Command } from '../command.js';

export const codingCommands: Command[] = [];
