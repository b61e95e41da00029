import { hash32 } from '../quiz/pick.js';
import { renderClosedQuiz, renderDailyQuiz } from '../quiz/render.js';
import { shuffleOrder } from '../quiz/shuffle.js';
import { addClosedQuiz } from '../quiz/stats.js';
import { localTime } from '../quiz/time.js';
import type { PostedQuiz, ScheduleState } from '../store/records.js';
import type { SchedulerDeps, Sent } from './types.js';

/** a closed message that cannot be edited (deleted, no access) is given up after this many tries */
const MAX_EDIT_ATTEMPTS = 10;
const SENT: Sent = { ok: true };

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);
const failed = (err: unknown): Sent => ({ ok: false, error: errorText(err) });

/** Same for every retry of one quiz; Discord drops a second message with the same nonce. */
export function postNonce(guildId: string, quizId: string): string {
  return `q${quizId.replace(/-/g, '')}${hash32(guildId).toString(36)}`;
}

export function findQuiz(deps: SchedulerDeps, guildId: string, quizId: string): PostedQuiz | undefined {
  return deps.store.schedule(guildId).quizzes.find((q) => q.quizId === quizId);
}

export function withQuiz(s: ScheduleState, quizId: string, change: (q: PostedQuiz) => PostedQuiz): ScheduleState {
  return { ...s, quizzes: s.quizzes.map((q) => (q.quizId === quizId ? change(q) : q)) };
}

/** Sends a claimed quiz; on failure the claim stays and the next tick retries (same nonce). */
export async function attemptPost(deps: SchedulerDeps, guildId: string, quizId: string, now: Date): Promise<Sent> {
  const { store, service, quizChannel, logger } = deps;
  // one open quiz per server: yesterday's closes before today's goes out
  const stillOpen = store.schedule(guildId).quizzes.find((q) => q.state === 'posted');
  if (stillOpen) await closeQuiz(deps, guildId, stillOpen.quizId, now);

  let claim = findQuiz(deps, guildId, quizId);
  if (claim?.state !== 'posting') return SENT;
  const settings = store.settings(guildId);
  if (settings.channelId && settings.channelId !== claim.channelId) {
    // an admin fixed the channel while the post kept failing: retry in the new one
    const channelId = settings.channelId;
    await store.updateSchedule(guildId, (s) => withQuiz(s, quizId, (q) => ({ ...q, channelId })));
    claim = findQuiz(deps, guildId, quizId)!;
  }
  let question = service.questionIn(guildId, claim.questionId);
  if (!question && claim.attempts === 0) {
    // the question left the bank between claim and post, and nothing was sent: pick another
    const pick = service.pickDaily(
      guildId,
      store.schedule(guildId).used.filter((id) => id !== claim.questionId),
      `${guildId}:${quizId}`,
    );
    question = pick ? service.questionIn(guildId, pick.questionId) : undefined;
    if (pick && question) {
      const q = question;
      await store.updateSchedule(guildId, (s) => ({
        ...withQuiz(s, quizId, (c) => ({
          ...c,
          questionId: q.id,
          answer: q.answer,
          choiceCount: q.choices.length,
          order: shuffleOrder(q.choices.length, `${guildId}:${quizId}:${q.id}`),
          difficulty: q.difficulty,
        })),
        used: pick.used,
      }));
    }
  }
  if (!question) {
    await abandonClaim(deps, guildId, quizId);
    return { ok: false, error: 'question removed from the bank' };
  }
  const seq = store.schedule(guildId).seq + 1;
  const openUntil = now.getTime() + settings.openHours * 3_600_000;
  const reply = renderDailyQuiz(
    question,
    {
      quizId,
      seq,
      openUntil,
      timezone: settings.timezone,
      closeLabel: localTime(new Date(openUntil), settings.timezone).time,
      order: findQuiz(deps, guildId, quizId)?.order,
    },
    'both',
  );
  // the number and closing time go to the store before the message: a click in the
  // milliseconds between the message and its `posted` state is then an answer, not "not today's"
  await store.updateSchedule(guildId, (s) => withQuiz(s, quizId, (q) => ({ ...q, seq, openUntil })));
  let messageId: string;
  try {
    ({ messageId } = await quizChannel.postMessage(claim.channelId, reply, { nonce: postNonce(guildId, quizId) }));
  } catch (err) {
    const error = errorText(err);
    await store.updateSchedule(guildId, (s) =>
      withQuiz(s, quizId, (q) => ({ ...q, seq: null, openUntil: null, attempts: q.attempts + 1, lastError: error })),
    );
    logger.warn(
      { guildId, quizId, channelId: claim.channelId, attempts: claim.attempts + 1, err },
      'quiz post failed; retrying on the next tick',
    );
    deps.metrics?.quizEvents.inc({ event: 'post', outcome: 'failed' });
    return { ok: false, error };
  }
  await store.updateSchedule(guildId, (s) => ({
    ...withQuiz(s, quizId, (q) => ({
      ...q,
      state: 'posted' as const,
      messageId,
      seq: s.seq + 1,
      postedAt: now.getTime(),
      openUntil,
      attempts: q.attempts + 1,
      lastError: null,
    })),
    seq: s.seq + 1,
  }));
  logger.info(
    { guildId, quizId, questionId: question.id, seq, messageId, late: claim.late },
    claim.late ? 'quiz posted late' : 'quiz posted',
  );
  deps.metrics?.quizEvents.inc({ event: 'post', outcome: 'ok' });
  return SENT;
}

/** Closes once: freeze the tally, store the closed state, then edit the message (retried until it works). */
export async function closeQuiz(deps: SchedulerDeps, guildId: string, quizId: string, now: Date): Promise<Sent> {
  const { store, service, logger } = deps;
  const quiz = findQuiz(deps, guildId, quizId);
  if (quiz?.state !== 'posted') return SENT;
  const tallies = await service.settleAnswers(guildId, quiz);
  // counted once per quiz id, before the closed state: a crash in between counts it on the retried close
  await store.updateStats(guildId, (stats) => addClosedQuiz(stats, { ...quiz, tallies }));
  await store.updateSchedule(guildId, (s) => ({
    ...withQuiz(s, quizId, (q) => ({ ...q, state: 'closed' as const, closedAt: now.getTime(), tallies })),
    closedSeq: Math.max(s.closedSeq, quiz.seq ?? 0),
  }));
  service.closed(guildId, quizId);
  logger.info({ guildId, quizId, answered: tallies.reduce((a, b) => a + b, 0) }, 'quiz closed');
  deps.metrics?.quizEvents.inc({ event: 'close', outcome: 'ok' });
  return editClosed(deps, guildId, quizId);
}

export async function editClosed(deps: SchedulerDeps, guildId: string, quizId: string): Promise<Sent> {
  const { store, service, quizChannel, logger, sourceLink } = deps;
  const quiz = findQuiz(deps, guildId, quizId);
  if (quiz?.state !== 'closed' || quiz.closeEdited) return SENT;
  if (quiz.messageId) {
    const reply = renderClosedQuiz(
      service.questionIn(guildId, quiz.questionId),
      {
        quizId,
        seq: quiz.seq ?? 0,
        answer: quiz.answer,
        choiceCount: quiz.choiceCount,
        tallies: quiz.tallies ?? [],
        order: quiz.order,
      },
      sourceLink,
    );
    try {
      await quizChannel.editMessage(quiz.channelId, quiz.messageId, reply);
    } catch (err) {
      const attempts = quiz.editAttempts + 1;
      const giveUp = attempts >= MAX_EDIT_ATTEMPTS;
      await store.updateSchedule(guildId, (s) =>
        withQuiz(s, quizId, (q) => ({ ...q, editAttempts: attempts, closeEdited: giveUp, lastError: errorText(err) })),
      );
      logger.warn(
        { guildId, quizId, attempts, err },
        giveUp
          ? 'closing the quiz message failed; giving up'
          : 'closing the quiz message failed; retrying on the next tick',
      );
      return failed(err);
    }
  }
  await store.updateSchedule(guildId, (s) => withQuiz(s, quizId, (q) => ({ ...q, closeEdited: true })));
  return SENT;
}

/** A claim that never reached the channel: its question goes back to the pool; the day is not claimed again. */
export async function abandonClaim(deps: SchedulerDeps, guildId: string, quizId: string): Promise<void> {
  const claim = findQuiz(deps, guildId, quizId);
  await deps.store.updateSchedule(guildId, (s) => ({
    ...withQuiz(s, quizId, (q) => ({ ...q, state: 'failed' as const })),
    used: s.used.filter((id) => id !== claim?.questionId),
  }));
  deps.logger.warn({ guildId, quizId, attempts: claim?.attempts, lastError: claim?.lastError }, 'quiz claim given up');
}
