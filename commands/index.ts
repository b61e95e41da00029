import type { Command } from '../src/command.js';
import { command as ask } from './ask.js';
import { command as config } from './config.js';
import { command as help } from './help.js';
import { command as leaderboard } from './leaderboard.js';
import { command as note } from './note.js';
import { command as quiz } from './quiz.js';
import { command as reload } from './reload.js';
import { command as review } from './review.js';
import { command as score } from './score.js';

/** Every slash command, in the order /help lists them; the router and the deploy script both read this list. */
export const commands: readonly Command[] = [ask, note, quiz, review, leaderboard, score, config, help, reload];
