import { describe, expect, it, vi } from 'vitest';
import { localTime, postInstant, zonedInstant } from '../src/quiz/time.js';
import { MemoryQuizChannel, type QuizChannel } from '../src/scheduler/quiz-channel.js';
import { closeStore } from '../src/store/open.js';
import type { Reply } from '../src/reply.js';
import { bank, CHANNEL, configure, GUILD, harness, logSink, manualClock, tempSqlite, user } from './quiz-helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('scheduler: posting once per local day', () => {
  it('a restart across the post time gives exactly one post (SQLite)', async () => {
    const url = await tempSqlite();
    const gateway = new MemoryQuizChannel();
    const c = manualClock('2024-10-01T23:58:00Z'); // 08:58 in Seoul

    let h = await harness({ clock: c.clock, storeUrl: url, gateway });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    expect(gateway.messages).toHaveLength(0);
    await h.quiz.stop();
    await closeStore(h.store);

    for (const at of ['2024-10-02T00:01:00Z', '2024-10-02T00:02:00Z', '2024-10-02T05:00:00Z']) {
      c.set(at);
      h = await harness({ clock: c.clock, storeUrl: url, gateway });
      await h.quiz.scheduler.reconcile();
      await h.quiz.scheduler.reconcile();
      await h.quiz.stop();
      await closeStore(h.store);
    }
    expect(gateway.messages).toHaveLength(1);
    expect(gateway.messages[0]!.channelId).toBe(CHANNEL);
  });

  it('downtime over the post time gives one late post, then the normal rhythm', async () => {
    const url = await tempSqlite();
    const gateway = new MemoryQuizChannel();
    const c = manualClock('2024-10-01T23:00:00Z'); // 08:00 KST
    let h = await harness({ clock: c.clock, storeUrl: url, gateway });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    await closeStore(h.store);

    c.set('2024-10-02T06:00:00Z'); // back at 15:00 KST
    h = await harness({ clock: c.clock, storeUrl: url, gateway });
    for (let i = 0; i < 5; i++) {
      await h.quiz.scheduler.reconcile();
      c.advance(MINUTE);
    }
    expect(gateway.messages).toHaveLength(1);
    const first = h.quiz.service.schedule(GUILD).quizzes[0]!;
    expect(first).toMatchObject({ quizId: '2024-10-02', state: 'posted', late: true, seq: 1 });

    // the next day: yesterday's late quiz closes (open 12 h), today's goes out at 09:00
    c.set('2024-10-03T00:00:00Z');
    await h.quiz.scheduler.reconcile();
    expect(gateway.messages).toHaveLength(2);
    const quizzes = h.quiz.service.schedule(GUILD).quizzes;
    expect(quizzes.map((q) => [q.quizId, q.state, q.late])).toEqual([
      ['2024-10-02', 'closed', true],
      ['2024-10-03', 'posted', false],
    ]);
    await closeStore(h.store);
  });

  it('a day entirely missed is skipped, not posted on the next day twice', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    c.set('2024-10-05T01:00:00Z'); // down for three days
    await h.quiz.scheduler.reconcile();
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages).toHaveLength(2);
    expect(h.quiz.service.schedule(GUILD).quizzes.map((q) => q.quizId)).toEqual(['2024-10-02', '2024-10-05']);
  });

  it('a failed post (500, 429) is retried on the next tick and posted once', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    h.gateway.failNext(1, new Error('500 Internal Server Error'));
    h.gateway.failNext(1, new Error('429 Too Many Requests'));
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages).toHaveLength(0);
    expect(h.quiz.service.schedule(GUILD).quizzes[0]).toMatchObject({ state: 'posting', attempts: 1, lastError: '500 Internal Server Error' });
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages).toHaveLength(0);
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages).toHaveLength(1);
    expect(h.quiz.service.schedule(GUILD).quizzes[0]).toMatchObject({ state: 'posted', attempts: 3, seq: 1, lastError: null });
  });

  it('a post whose response was lost is not duplicated (same nonce), even across a restart', async () => {
    const url = await tempSqlite();
    const inner = new MemoryQuizChannel();
    let loseResponse = true;
    const flaky: QuizChannel = {
      async postMessage(channelId: string, reply: Reply, options) {
        const result = await inner.postMessage(channelId, reply, options);
        if (loseResponse) throw new Error('socket hang up'); // Discord created it; we never heard back
        return result;
      },
      editMessage: (channelId, messageId, reply) => inner.editMessage(channelId, messageId, reply),
      checkChannel: (guildId, channelId) => inner.checkChannel(guildId, channelId),
    };
    const c = manualClock('2024-10-02T00:00:00Z');
    let h = await harness({ clock: c.clock, storeUrl: url, gateway: flaky as MemoryQuizChannel });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    await closeStore(h.store);
    loseResponse = false;
    c.advance(MINUTE);
    h = await harness({ clock: c.clock, storeUrl: url, gateway: flaky as MemoryQuizChannel });
    await h.quiz.scheduler.reconcile();
    expect(inner.messages).toHaveLength(1);
    expect(h.quiz.service.schedule(GUILD).quizzes[0]).toMatchObject({ state: 'posted', messageId: inner.messages[0]!.messageId });
    await closeStore(h.store);
  });

  it('a click in the moment between the message and its stored `posted` state is an answer', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const inner = new MemoryQuizChannel();
    let h!: Awaited<ReturnType<typeof harness>>;
    let early: unknown;
    const clicking: QuizChannel = {
      postMessage: async (channelId, reply, options) => {
        const sent = await inner.postMessage(channelId, reply, options);
        // a member clicks before postMessage has even returned to the scheduler
        const [, , quizId, choice] = reply.buttons![0]![0]!.id.split(':');
        early = await h.quiz.service.answerDaily(GUILD, user(1), quizId!, Number(choice));
        return sent;
      },
      editMessage: (a, b, r) => inner.editMessage(a, b, r),
      checkChannel: (a, b) => inner.checkChannel(a, b),
    };
    h = await harness({ clock: c.clock, gateway: clicking as MemoryQuizChannel });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    expect(early).toMatchObject({ kind: 'recorded' });
    const quiz = h.quiz.service.schedule(GUILD).quizzes[0]!;
    expect(quiz).toMatchObject({ state: 'posted', seq: 1 });
    c.advance(12 * HOUR);
    await h.quiz.scheduler.reconcile();
    expect(h.quiz.service.schedule(GUILD).quizzes[0]!.tallies!.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('a failed post leaves no number or closing time on the claim: nothing to answer', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    h.gateway.failNext(1);
    await h.quiz.scheduler.reconcile();
    expect(h.quiz.service.schedule(GUILD).quizzes[0]).toMatchObject({ state: 'posting', seq: null, openUntil: null });
    expect((await h.quiz.service.answerDaily(GUILD, user(1), '2024-10-02', 0)).kind).toBe('not-current');
    expect(h.quiz.service.openQuiz(GUILD)).toBeUndefined();
  });

  it('a claim that never posted is given up when the day is over, and its question returns to the pool', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    h.gateway.failNext(1000);
    await h.quiz.scheduler.reconcile();
    const claimed = h.quiz.service.schedule(GUILD).quizzes[0]!.questionId;
    c.set('2024-10-03T00:00:00Z');
    h.gateway.clearFailures();
    await h.quiz.scheduler.reconcile();
    const quizzes = h.quiz.service.schedule(GUILD).quizzes;
    expect(quizzes.map((q) => [q.quizId, q.state])).toEqual([
      ['2024-10-02', 'failed'],
      ['2024-10-03', 'posted'],
    ]);
    expect(quizzes[1]!.seq).toBe(1); // the failed day does not count as a posted quiz
    expect(h.quiz.service.schedule(GUILD).used).toEqual([quizzes[1]!.questionId]);
    expect(claimed).toBeTruthy();
  });

  it('a post failing in a broken channel moves to the channel an admin fixes', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    h.gateway.failNext(1, new Error('50013 Missing Permissions'));
    await h.quiz.scheduler.reconcile();
    await h.quiz.service.updateSettings(GUILD, { channelId: '200000000000000002' });
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages.map((m) => m.channelId)).toEqual(['200000000000000002']);
  });

  it('changing the time zone backwards never posts a second quiz for a day', async () => {
    const c = manualClock('2024-10-02T01:00:00Z'); // 10:00 Seoul
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    await h.quiz.service.updateSettings(GUILD, { timezone: 'Pacific/Honolulu', postTime: '00:00' }); // still Oct 1 there
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages).toHaveLength(1);
  });

  it('disabled or without a channel: nothing is posted', async () => {
    const c = manualClock('2024-10-02T01:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz, { enabled: false });
    await h.quiz.scheduler.reconcile();
    await h.quiz.service.updateSettings(GUILD, { enabled: true, channelId: null });
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages).toHaveLength(0);
  });

  it('post-now posts today once; a second post-now and the tick do not post again', async () => {
    const c = manualClock('2024-10-01T20:00:00Z'); // 05:00 Seoul, before the post time
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    expect((await h.quiz.scheduler.postNow(GUILD)).kind).toBe('posted');
    expect((await h.quiz.scheduler.postNow(GUILD)).kind).toBe('already');
    c.set('2024-10-02T00:05:00Z');
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages).toHaveLength(1);
  });
});

describe('scheduler: clock jumps', () => {
  const DAY = 24 * HOUR;

  it.each([3, 30])('%i days ahead for 2 minutes: the early quiz is closed, every real day gets one', async (days) => {
    const sink = logSink('warn');
    const c = manualClock('2024-10-01T23:00:00Z'); // 08:00 KST on 2024-10-02, before the 09:00 post
    const h = await harness({ clock: c.clock, logger: sink.logger, questions: bank(40) });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    c.advance(days * DAY + 2 * HOUR); // 10:00 KST, `days` days later
    await h.quiz.scheduler.reconcile();
    const early = h.quiz.service.openQuiz(GUILD)!;
    const future = `2024-10-${String(2 + days).padStart(2, '0')}`.replace('2024-10-32', '2024-11-01');
    expect(early.quizId).toBe(future);
    expect((await h.quiz.service.answerDaily(GUILD, user(1), early.quizId, early.answer)).kind).toBe('recorded');
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();

    c.set('2024-10-01T23:02:00Z'); // corrected
    await h.quiz.scheduler.reconcile();
    const wrong = h.quiz.service.schedule(GUILD).quizzes.find((q) => q.quizId === future);
    expect(wrong).toMatchObject({ state: 'closed', closeEdited: true });
    expect(h.gateway.messages[0]!.edits).toHaveLength(1);
    expect(sink.lines().filter((l) => String(l.msg).startsWith('clock error'))).toHaveLength(2);
    expect((await h.quiz.service.userRecord(GUILD, user(1))).points).toBeGreaterThan(0); // answers are kept

    // every real day from today to the wrong date (and the day after) gets one quiz at 09:00
    const ids: string[] = [];
    for (let d = 0; d <= days + 1; d++) {
      c.set(new Date(Date.parse('2024-10-02T00:00:00Z') + d * DAY));
      await h.quiz.scheduler.reconcile();
      await h.quiz.scheduler.reconcile();
      const open = h.quiz.service.openQuiz(GUILD);
      ids.push(open?.quizId ?? 'none');
      // the member who answered the wrong clock's quiz answers the real one of that date too
      if (d === days) expect((await h.quiz.service.answerDaily(GUILD, user(1), open!.quizId, 0)).kind).toBe('recorded');
    }
    expect(ids).toHaveLength(days + 2);
    expect(new Set(ids).size).toBe(days + 2);
    expect(ids[0]).toBe('2024-10-02');
    expect(ids[days]).toBe(`${future}.2`); // the wrong clock's id stays taken: answers are keyed by it
    expect(h.gateway.messages).toHaveLength(days + 3);
    expect(sink.lines().filter((l) => String(l.msg).startsWith('clock error'))).toHaveLength(2); // logged once
  });

  it('a jump after the post time: the real quiz it closed early opens again until its real closing time', async () => {
    const c = manualClock('2024-10-02T00:00:00Z'); // 09:00 KST: today's quiz goes out
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    const today = h.quiz.service.openQuiz(GUILD)!;
    expect((await h.quiz.service.answerDaily(GUILD, user(1), today.quizId, today.answer)).kind).toBe('recorded');
    c.set('2024-10-05T01:00:00Z'); // 10:00 KST three days ahead: today's is closed, 2024-10-05's posted
    await h.quiz.scheduler.reconcile();
    expect(h.quiz.service.schedule(GUILD).quizzes.map((q) => [q.quizId, q.state])).toEqual([
      ['2024-10-02', 'closed'],
      ['2024-10-05', 'posted'],
    ]);
    c.set('2024-10-02T01:02:00Z'); // corrected
    await h.quiz.scheduler.reconcile();
    await h.quiz.scheduler.reconcile();
    expect(h.quiz.service.openQuiz(GUILD)).toMatchObject({ quizId: '2024-10-02', openUntil: today.openUntil });
    expect(h.gateway.messages).toHaveLength(2); // nothing new posted: today's is back
    const edits = h.gateway.messages[0]!.edits;
    expect(edits.at(-1)!.buttons![0]!.every((b) => !b.disabled)).toBe(true);
    expect((await h.quiz.service.answerDaily(GUILD, user(2), today.quizId, 0)).kind).toBe('recorded');
    expect((await h.quiz.service.answerDaily(GUILD, user(1), today.quizId, 0)).kind).toBe('already');
    c.set('2024-10-02T12:00:00Z'); // 21:00 KST: closes at its real time, with both answers
    await h.quiz.scheduler.reconcile();
    const closed = h.quiz.service.schedule(GUILD).quizzes.find((q) => q.quizId === '2024-10-02')!;
    expect(closed.state).toBe('closed');
    expect(closed.tallies!.reduce((a, b) => a + b, 0)).toBe(2);
    expect(h.quiz.service.schedule(GUILD).closedSeq).toBe(1);
  });

  it('a quiz posted under a wrong clock breaks no streak', async () => {
    const c = manualClock('2024-10-01T00:00:00Z'); // 09:00 KST on 2024-10-01
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    const answerRight = async () => {
      await h.quiz.scheduler.reconcile();
      const open = h.quiz.service.openQuiz(GUILD)!;
      return h.quiz.service.answerDaily(GUILD, user(2), open.quizId, open.answer);
    };
    expect(await answerRight()).toMatchObject({ kind: 'recorded', streak: 1 });
    c.set('2024-10-04T01:00:00Z'); // the clock runs ahead: the 2024-10-04 quiz goes out and nobody answers it
    await h.quiz.scheduler.reconcile();
    c.set('2024-10-01T23:30:00Z'); // corrected: 08:30 KST on 2024-10-02
    await h.quiz.scheduler.reconcile();
    expect((await h.quiz.service.score(GUILD, user(2))).streak).toBe(1);
    c.set('2024-10-02T00:00:00Z');
    expect(await answerRight()).toMatchObject({ kind: 'recorded', streak: 2 });
  });

  it('a quiz claimed under a wrong clock whose post failed is given up, and today is posted', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    c.advance(3 * DAY);
    h.gateway.failNext(1);
    await h.quiz.scheduler.reconcile();
    expect(h.quiz.service.schedule(GUILD).quizzes[0]).toMatchObject({ quizId: '2024-10-05', state: 'posting' });
    c.set('2024-10-02T00:01:00Z');
    expect((await h.quiz.scheduler.postNow(GUILD)).kind).toBe('posted');
    expect(h.quiz.service.schedule(GUILD).quizzes.map((q) => [q.quizId, q.state])).toEqual([
      ['2024-10-05', 'failed'],
      ['2024-10-02', 'posted'],
    ]);
  });

  it('changing the zone by a day is not a clock error', async () => {
    const sink = logSink('warn');
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock, logger: sink.logger });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    await configure(h.quiz, { timezone: 'Pacific/Pago_Pago' }); // 2024-10-01 13:00 there
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();
    expect(h.quiz.service.openQuiz(GUILD)?.quizId).toBe('2024-10-02');
    expect(sink.lines().filter((l) => String(l.msg).startsWith('clock error'))).toHaveLength(0);
  });
});

describe('scheduler: closing', () => {
  it('closes once after the open hours: buttons disabled, answer, explanation, source, distribution, count', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock, questions: bank(1) });
    await configure(h.quiz, { openHours: 2 });
    await h.quiz.scheduler.reconcile();
    const quiz = h.quiz.service.openQuiz(GUILD)!;
    await h.quiz.service.answerDaily(GUILD, user(1), quiz.quizId, 1);
    await h.quiz.service.answerDaily(GUILD, user(2), quiz.quizId, 1);
    await h.quiz.service.answerDaily(GUILD, user(3), quiz.quizId, 3);

    c.advance(2 * HOUR - MINUTE);
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages[0]!.edits).toHaveLength(0);
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();
    await h.quiz.scheduler.reconcile();
    const message = h.gateway.messages[0]!;
    expect(message.edits).toHaveLength(1);
    const closed = message.edits[0]!;
    expect(closed.buttons![0]!.every((b) => b.disabled)).toBe(true);
    // the letters are the ones the quiz was shown with: bank choice i sits at order.indexOf(i)
    const { order } = h.quiz.service.schedule(GUILD).quizzes[0]!;
    const letter = (choice: number) => 'ABCDE'[order!.indexOf(choice)]!;
    const marked = closed.buttons![0]!.filter((b) => b.style === 'success');
    expect(marked.map((b) => [b.label, b.id])).toEqual([[letter(1), `quiz:a:${quiz.quizId}:1`]]);
    const embed = closed.embeds![0]!;
    const text = JSON.stringify(embed);
    expect(text).toContain('because q-000');
    expect(text).toContain('2024-10-01-pod-basics.md § Pods');
    expect(text).toContain(`**${letter(1)}** 2 (67%)`);
    expect(text).toContain(`**${letter(3)}** 1 (33%)`);
    expect(text).toContain('3명 참여');
    expect(h.quiz.service.schedule(GUILD).quizzes[0]).toMatchObject({ state: 'closed', tallies: [0, 2, 0, 1, ], closeEdited: true });
    expect(h.quiz.service.schedule(GUILD).closedSeq).toBe(1);
  });

  it('a failed close edit is retried on the next tick; the tally stays frozen', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz, { openHours: 1 });
    await h.quiz.scheduler.reconcile();
    c.advance(HOUR);
    h.gateway.failNext(1);
    await h.quiz.scheduler.reconcile();
    expect(h.quiz.service.schedule(GUILD).quizzes[0]).toMatchObject({ state: 'closed', closeEdited: false, editAttempts: 1 });
    expect(h.gateway.messages[0]!.edits).toHaveLength(0);
    c.advance(MINUTE);
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages[0]!.edits).toHaveLength(1);
    expect(h.quiz.service.schedule(GUILD).quizzes[0]!.closeEdited).toBe(true);
  });

  it('close-now closes early, once', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    expect((await h.quiz.scheduler.closeNow(GUILD)).kind).toBe('closed');
    expect((await h.quiz.scheduler.closeNow(GUILD)).kind).toBe('none');
    await h.quiz.scheduler.reconcile();
    expect(h.gateway.messages[0]!.edits).toHaveLength(1);
    expect(h.gateway.messages).toHaveLength(1);
  });

  it('no repeats until the bank is exhausted, per server', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock, questions: bank(4) });
    await configure(h.quiz);
    const picked: string[] = [];
    for (let day = 0; day < 9; day++) {
      await h.quiz.scheduler.reconcile();
      picked.push(h.quiz.service.latestPosted(GUILD)!.questionId);
      c.advance(24 * HOUR);
    }
    expect(new Set(picked.slice(0, 4)).size).toBe(4);
    expect(new Set(picked.slice(4, 8)).size).toBe(4);
    expect(picked[4]).not.toBe(picked[3]); // a new cycle does not start with yesterday's question
  });
});

describe('scheduler: DST (America/New_York)', () => {
  async function postTimes(start: string, days: number, postTime: string): Promise<string[]> {
    const c = manualClock(start);
    const posted: string[] = [];
    const gateway = new MemoryQuizChannel({ onMessage: (event) => event === 'post' && posted.push(c.clock().toISOString()) });
    const h = await harness({ clock: c.clock, gateway, tz: 'America/New_York' });
    await configure(h.quiz, { timezone: 'America/New_York', postTime, openHours: 3 });
    const end = new Date(start).getTime() + days * 24 * HOUR;
    while (c.clock().getTime() < end) {
      await h.quiz.scheduler.reconcile();
      c.advance(MINUTE);
    }
    return posted;
  }

  it('posts at 09:00 local before and after spring forward and fall back', async () => {
    expect(await postTimes('2024-03-09T05:00:00Z', 3, '09:00')).toEqual([
      '2024-03-09T14:00:00.000Z', // EST
      '2024-03-10T13:00:00.000Z', // EDT from 2024-03-10 02:00
      '2024-03-11T13:00:00.000Z',
    ]);
    expect(await postTimes('2024-11-02T04:00:00Z', 3, '09:00')).toEqual([
      '2024-11-02T13:00:00.000Z', // EDT
      '2024-11-03T14:00:00.000Z', // EST from 2024-11-03 02:00
      '2024-11-04T14:00:00.000Z',
    ]);
  });

  it('a post time inside the skipped hour posts right after the jump; a repeated hour posts once', async () => {
    // 02:30 does not exist on 2024-03-10: the first tick at or after it is 03:00 EDT (07:00Z)
    expect(await postTimes('2024-03-10T05:00:00Z', 1, '02:30')).toEqual(['2024-03-10T07:00:00.000Z']);
    // 01:30 happens twice on 2024-11-03: posted at the first (EDT, 05:30Z), not again at 06:30Z
    expect(await postTimes('2024-11-03T04:00:00Z', 1, '01:30')).toEqual(['2024-11-03T05:30:00.000Z']);
  });

  it('postInstant is the minute the tick really posts, also inside a skipped hour (Chatham 02:45)', async () => {
    expect(postInstant('2024-03-10', '02:30', 'America/New_York').toISOString()).toBe('2024-03-10T07:00:00.000Z');
    expect(postInstant('2024-03-10', '09:00', 'America/New_York').toISOString()).toBe('2024-03-10T13:00:00.000Z');
    expect(postInstant('2024-11-03', '01:30', 'America/New_York').toISOString()).toBe('2024-11-03T05:30:00.000Z');
    expect(postInstant('2024-09-29', '02:45', 'Pacific/Chatham').toISOString()).toBe('2024-09-28T14:00:00.000Z');
    const c = manualClock('2024-09-28T13:50:00Z');
    const h = await harness({ clock: c.clock, tz: 'Pacific/Chatham' });
    await configure(h.quiz, { timezone: 'Pacific/Chatham', postTime: '02:45' });
    const posted: string[] = [];
    for (let i = 0; i < 30 && posted.length === 0; i++, c.advance(MINUTE)) {
      await h.quiz.scheduler.reconcile();
      if (h.gateway.messages.length) posted.push(c.clock().toISOString());
    }
    expect(posted).toEqual(['2024-09-28T14:00:00.000Z']);
    expect(h.quiz.service.schedule(GUILD).quizzes[0]!.late).toBe(false);
  });

  it('zonedInstant and localTime agree across the transitions', () => {
    expect(zonedInstant('2024-03-10', '09:00', 'America/New_York').toISOString()).toBe('2024-03-10T13:00:00.000Z');
    expect(zonedInstant('2024-03-10', '02:30', 'America/New_York').toISOString()).toBe('2024-03-10T07:30:00.000Z');
    expect(zonedInstant('2024-11-03', '01:30', 'America/New_York').toISOString()).toBe('2024-11-03T05:30:00.000Z');
    expect(zonedInstant('2024-10-02', '09:00', 'Asia/Seoul').toISOString()).toBe('2024-10-02T00:00:00.000Z');
    expect(localTime(new Date('2024-11-03T06:30:00Z'), 'America/New_York')).toMatchObject({ date: '2024-11-03', time: '01:30' });
  });
});

describe('scheduler: tick and stop', () => {
  it('start() reconciles at once; stop() stops the cron task and waits for work in flight', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = new MemoryQuizChannel();
    const slow: QuizChannel = {
      postMessage: async (channelId, reply, options) => {
        await gate;
        return inner.postMessage(channelId, reply, options);
      },
      editMessage: (a, b, r) => inner.editMessage(a, b, r),
      checkChannel: (a, b) => inner.checkChannel(a, b),
    };
    const h = await harness({ clock: c.clock, gateway: slow as MemoryQuizChannel });
    await configure(h.quiz);
    h.quiz.scheduler.start();
    let stopped = false;
    const stopping = h.quiz.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false); // the post is still in flight
    release();
    await stopping;
    expect(inner.messages).toHaveLength(1);
    expect(h.quiz.service.schedule(GUILD).quizzes[0]!.state).toBe('posted');
  });

  it.each([
    ['2 hours', 2 * HOUR],
    ['30 days', 30 * 24 * HOUR],
  ])('the clock %s ahead at one tick a second: one warning, no catch-up, ticks go on after', async (_, jump) => {
    const now = new Date('2024-10-01T22:00:00Z');
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'performance'], now });
    try {
      const sink = logSink('warn');
      const h = await harness({ clock: () => new Date(), logger: sink.logger, cron: '* * * * * *' });
      await configure(h.quiz);
      const reconcile = vi.spyOn(h.quiz.scheduler, 'reconcile');
      h.quiz.scheduler.start();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(reconcile.mock.calls.length).toBeGreaterThanOrEqual(3);

      vi.setSystemTime(Date.now() + jump);
      let before = reconcile.mock.calls.length;
      await vi.advanceTimersByTimeAsync(120_000); // ahead for 2 minutes
      expect(reconcile.mock.calls.length - before).toBeGreaterThanOrEqual(100);
      const warnings = () =>
        sink.lines().filter((l) => l.job === 'quiz-tick' || /missed execution/.test(String(l.msg)));
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatchObject({ msg: expect.stringMatching(/late/), lateMs: expect.any(Number) });

      vi.setSystemTime(Date.now() - jump); // corrected
      before = reconcile.mock.calls.length;
      await vi.advanceTimersByTimeAsync(65_000);
      expect(reconcile.mock.calls.length - before).toBeGreaterThanOrEqual(5); // not stalled until the clock catches up
      expect(warnings()).toHaveLength(1);
      await h.quiz.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a tick that throws is logged, not thrown', async () => {
    const sink = logSink('warn');
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock, logger: sink.logger });
    await configure(h.quiz);
    (h.store as unknown as { set: () => Promise<boolean> }).set = async () => {
      throw new Error('disk full');
    };
    await expect(h.quiz.scheduler.tick()).resolves.toBeUndefined();
    expect(h.gateway.messages).toHaveLength(0);
    // the server whose reconcile failed is named at error level, with the store's error
    const failed = sink.lines().filter((l) => l.level === 50);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ guildId: GUILD, msg: 'quiz reconcile failed', err: { message: 'disk full' } });
  });
});
