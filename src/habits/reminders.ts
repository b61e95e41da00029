import { localTime } from '../quiz/time.js';
import type { Button, Reply } from '../reply.js';
import type { Reminder } from './store.js';

/**
 * Review reminders as a rule: the local date a member's reminder is due for at
 * `now`, or null. Due once the member's local time passed their reminder time,
 * for a date after the last one claimed. Dates only move forward: a restart, a
 * missed tick or a clock set back never gives a second reminder for a day
 * (a clock that ran ahead and came back delays the next one instead).
 */
export function reminderDueDate(reminder: Reminder, serverZone: string, now: Date): string | null {
  if (!reminder.on) return null;
  const local = localTime(now, reminder.timezone ?? serverZone);
  if (local.time < reminder.time) return null;
  if (reminder.lastDate !== null && local.date <= reminder.lastDate) return null;
  return local.date;
}

/** The DM: both languages (a DM has no locale of its own), and a button that opens the review for that server. */
export function reminderMessage(guildId: string, due: number): Reply {
  const start: Button = { id: `review:dm:${guildId}`, label: '복습 시작 · Start review', style: 'primary' };
  return {
    content:
      `📚 복습할 카드 ${due}장이 있어요. 아래 버튼으로 바로 시작하거나 서버에서 \`/review start\`를 쓰세요.\n` +
      `📚 You have ${due} card${due === 1 ? '' : 's'} to review. Start with the button, or \`/review start\` in the server.\n` +
      '-# `/review remind state:off` 로 알림을 끌 수 있어요 · turn these off with `/review remind state:off`',
    buttons: [[start]],
  };
}
