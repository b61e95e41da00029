import { renderDailyQuiz } from '../quiz/render.js';
import { shuffleOrder } from '../quiz/shuffle.js';
import { localTime, type LocalTime } from '../quiz/time.js';
import { KEEP_QUIZZES, type GuildSettings, type PostedQuiz, type ScheduleState } from '../store/records.js';
import { type Action, dateOf } from './plan.js';
import { abandonClaim, attemptPost, closeQuiz, editClosed, findQuiz } from './quiz-message.js';
import type { SchedulerDeps, Sent } from './types.js';

type Claim = { kind: 'claimed'; quizId: string } | { kind: 'empty-bank' };

/** Carries out the actions of plan() for the scheduler: claim, post, close, reopen, give up, edit. */
export class ActionRunner {
  private readonly deps: SchedulerDeps;
  private readonly warnedEmpty = new Set<string>();

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
  }

  /**
   * Carries out one action of the plan. Returns, for a post, the quiz and how sending it went
   * (undefined: the bank is empty, nothing was claimed).
   */
  async run(guildId: string, action: Action, now: Date): Promise<{ quizId: string; sent: Sent } | undefined> {
    const { deps } = this;
    const { store, logger } = deps;
    switch (action.kind) {
      case 'abandon':
        if (action.reason === 'clock-error') this.warnClockError(guildId, action.quizId, now);
        await abandonClaim(deps, guildId, action.quizId);
        return undefined;
      case 'close': {
        if (action.reason !== 'clock-error') {
          await closeQuiz(deps, guildId, action.quizId, now);
          return undefined;
        }
        const quiz = findQuiz(deps, guildId, action.quizId);
        this.warnClockError(guildId, action.quizId, now);
        await closeQuiz(deps, guildId, action.quizId, now);
        // its number goes to the next real quiz: missing a quiz that was out for minutes breaks no streak
        const before = (quiz?.seq ?? 1) - 1;
        await store.updateSchedule(guildId, (s) => ({
          ...s,
          seq: Math.min(s.seq, before),
          closedSeq: Math.min(s.closedSeq, before),
        }));
        return undefined;
      }
      case 'reopen': {
        const quiz = findQuiz(deps, guildId, action.quizId);
        if (quiz) await this.reopen(guildId, quiz);
        return undefined;
      }
      case 'set-last-date': {
        const fields = { guildId, lastDate: action.was, now: now.toISOString(), back: action.lastDate };
        logger.warn(fields, 'clock error: last quiz date set back');
        await store.updateSchedule(guildId, (s) => ({ ...s, lastDate: action.lastDate }));
        return undefined;
      }
      case 'finish-close':
        await editClosed(deps, guildId, action.quizId);
        return undefined;
      case 'post-claimed':
        return { quizId: action.quizId, sent: await attemptPost(deps, guildId, action.quizId, now) };
      case 'claim-and-post': {
        const claim = await this.claim(guildId, store.settings(guildId), action.local, action.late, now);
        if (claim.kind === 'empty-bank') return undefined;
        return { quizId: claim.quizId, sent: await attemptPost(deps, guildId, claim.quizId, now) };
      }
    }
  }

  /** A quiz claimed under a wrong clock (3 days ahead for 2 minutes): logged once, as it is closed or given up. */
  private warnClockError(guildId: string, quizId: string, now: Date): void {
    const quiz = findQuiz(this.deps, guildId, quizId);
    if (!quiz || (quiz.state !== 'posted' && quiz.state !== 'posting')) return;
    const fields = { guildId, quizId, claimedAt: new Date(quiz.claimedAt).toISOString(), now: now.toISOString() };
    this.deps.logger.warn(fields, 'clock error: this quiz was claimed at a later time than now; closing it');
  }

  /** Stores the intent to post today's quiz (question chosen) before anything is sent. */
  private async claim(
    guildId: string,
    settings: GuildSettings,
    local: LocalTime,
    late: boolean,
    now: Date,
  ): Promise<Claim> {
    const { store, service, logger } = this.deps;
    // the bank as stored now: an operator may have imported questions from the command line
    await store.loadBank(guildId);
    const pick = service.pickDaily(guildId, store.schedule(guildId).used, `${guildId}:${local.date}`);
    const question = pick && service.questionIn(guildId, pick.questionId);
    if (!pick || !question || !settings.channelId) {
      // once per server and day, not every minute
      const key = `${guildId}:${local.date}`;
      if (!this.warnedEmpty.has(key)) logger.warn({ guildId }, 'quiz bank is empty: nothing to post');
      this.warnedEmpty.add(key);
      return { kind: 'empty-bank' };
    }
    const quizId = freeQuizId(store.schedule(guildId), local.date);
    const quiz: PostedQuiz = {
      quizId,
      questionId: question.id,
      answer: question.answer,
      choiceCount: question.choices.length,
      // drawn once and stored with the claim: the post, a retry, the answers and the reveal all use it
      order: shuffleOrder(question.choices.length, `${guildId}:${quizId}:${question.id}`),
      difficulty: question.difficulty,
      channelId: settings.channelId,
      messageId: null,
      state: 'posting',
      seq: null,
      claimedAt: now.getTime(),
      postedAt: null,
      openUntil: null,
      closedAt: null,
      late,
      attempts: 0,
      lastError: null,
      tallies: null,
      closeEdited: false,
      editAttempts: 0,
    };
    await store.updateSchedule(guildId, (s) => ({
      ...s,
      lastDate: local.date,
      used: pick.used,
      quizzes: keepQuizzes([...s.quizzes, quiz], local.date),
    }));
    return { kind: 'claimed', quizId: quiz.quizId };
  }

  /** Undoes a close made under a wrong clock: open again (the latest quiz), live tally back, message edited back. */
  private async reopen(guildId: string, quiz: PostedQuiz): Promise<void> {
    const { store, service, quizChannel, logger } = this.deps;
    const reset = { closedAt: null, tallies: null, closeEdited: false, editAttempts: 0 };
    const open: PostedQuiz = { ...quiz, ...reset, state: 'posted' };
    await store.updateSchedule(guildId, (s) => ({
      ...s,
      closedSeq: Math.min(s.closedSeq, (quiz.seq ?? 1) - 1),
      // last in the list: answers go to the latest posted quiz
      quizzes: [...s.quizzes.filter((q) => q.quizId !== quiz.quizId), open],
    }));
    const index = store.index(guildId);
    (quiz.tallies ?? []).forEach((count, choice) => {
      for (let i = 0; i < count; i++) index.countAnswer(quiz.quizId, choice);
    });
    logger.warn({ guildId, quizId: quiz.quizId }, 'clock error: this quiz was closed early by it; open again');
    const question = service.questionIn(guildId, quiz.questionId);
    if (!quiz.messageId || !question || open.openUntil === null) return;
    const settings = store.settings(guildId);
    const closeLabel = localTime(new Date(open.openUntil), settings.timezone).time;
    const { timezone } = settings;
    const info = {
      quizId: quiz.quizId,
      seq: quiz.seq ?? 0,
      openUntil: open.openUntil,
      timezone,
      closeLabel,
      order: quiz.order,
    };
    try {
      await quizChannel.editMessage(quiz.channelId, quiz.messageId, renderDailyQuiz(question, info, 'both'));
    } catch (err) {
      // the quiz is open all the same: `/quiz today` shows it with its buttons
      logger.warn({ guildId, quizId: quiz.quizId, err }, 'opening the quiz message again failed');
    }
  }
}

/** The date as the quiz id, unless a quiz posted under a wrong clock already took it: answers are keyed by it. */
function freeQuizId(s: ScheduleState, date: string): string {
  const taken = new Set(s.quizzes.map((q) => q.quizId));
  let id = date;
  for (let n = 2; taken.has(id); n++) id = `${date}.${n}`;
  return id;
}

/** The newest KEEP_QUIZZES, and any dated after today (a wrong clock's): their ids stay taken until then. */
function keepQuizzes(quizzes: PostedQuiz[], today: string): PostedQuiz[] {
  const cut = quizzes.length - KEEP_QUIZZES;
  return quizzes.filter((q, i) => i >= cut || dateOf(q.quizId) > today);
}
