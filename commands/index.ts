import type { Command } from '../src/command.js';
import { command as ask } from './ask.js';
import { command as help } from './help.js';
import { command as note } from './note.js';
import { command as reload } from './reload.js';

/** Every slash command, in the order /help lists them; the router and the deploy script both read this list. */
export const commands: readonly Command[] = [ask, note, help, reload];
