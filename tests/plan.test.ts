import { describe, expect, it } from 'vitest';
import { nextPost, plan, type Action } from '../src/scheduler/plan.js';
import { emptySchedule, type GuildSettings, type PostedQuiz, type ScheduleState } from '../src/store/records.js';

// the scheduler's rules with plain records: no store, no chat service, no clock

const HOUR = 3_600_000;
const seoul: GuildSettings = { channelId: '123456789012345678', postTime: '09:00', timezone: 'Asia/Seoul', openHours: 12, enabled: true, draw: 'both', reviewerRoleId: null, selfApprove: false };

function quiz(quizId: string, state: PostedQuiz['state'], over: Partial<PostedQuiz> = {}): PostedQuiz {
  return {
    quizId,
    questionId: 'q1',
    answer: 0,
    choiceCount: 4,
    difficulty: 1,
    channelId: seoul.channelId!,
    messageId: state === 'posting' ? null : 'm1',
    state,
    seq: state === 'posting' ? null : 1,
    claimedAt: Date.parse(`${quizId.slice(0, 10)}T00:00:00Z`),
    postedAt: null,
    openUntil: null,
    closedAt: null,
    late: false,
    attempts: 0,
    lastError: null,
    tallies: null,
    closeEdited: false,
    editAttempts: 0,
    ...over,
  } as PostedQuiz;
}

function schedule(quizzes: PostedQuiz[], lastDate = quizzes.map((q) => q.quizId.slice(0, 10)).sort().at(-1) ?? null): ScheduleState {
  return { ...emptySchedule(), lastDate, quizzes };
}

const actions = (p: ReturnType<typeof plan>): Action[] => (p.kind === 'act' ? p.actions : []);
const kinds = (p: ReturnType<typeof plan>) => actions(p).map((a) => `${a.kind}${'quizId' in a ? ` ${a.quizId}` : ''}`);

describe('plan: the tick', () => {
  it('nothing before the post time; a claim at and after it, late beyond five minutes', () => {
    expect(kinds(plan(emptySchedule(), seoul, new Date('2024-10-01T23:59:00Z')))).toEqual([]); // 08:59 KST
    const onTime = actions(plan(emptySchedule(), seoul, new Date('2024-10-02T00:00:00Z')));
    expect(onTime).toEqual([expect.objectContaining({ kind: 'claim-and-post', late: false })]);
    expect(onTime[0]).toMatchObject({ local: { date: '2024-10-02', time: '09:00' } });
    const late = actions(plan(emptySchedule(), seoul, new Date('2024-10-02T00:06:00Z')));
    expect(late).toEqual([expect.objectContaining({ kind: 'claim-and-post', late: true })]);
  });

  it('a local date already claimed is never claimed again', () => {
    const s = schedule([quiz('2024-10-02', 'posted', { openUntil: Date.parse('2024-10-02T12:00:00Z') })]);
    expect(kinds(plan(s, seoul, new Date('2024-10-02T05:00:00Z')))).toEqual([]);
    // given up counts as claimed too
    expect(kinds(plan(schedule([quiz('2024-10-02', 'failed')]), seoul, new Date('2024-10-02T05:00:00Z')))).toEqual([]);
  });

  it('disabled or without a channel: no claim, but due closes still happen', () => {
    const open = quiz('2024-10-01', 'posted', { openUntil: Date.parse('2024-10-01T12:00:00Z') });
    const now = new Date('2024-10-02T01:00:00Z');
    expect(kinds(plan(schedule([open]), { ...seoul, enabled: false }, now))).toEqual(['close 2024-10-01']);
    expect(kinds(plan(schedule([open]), { ...seoul, channelId: null }, now))).toEqual(['close 2024-10-01']);
  });

  it('closes what is due, finishes a close whose edit failed, then claims today', () => {
    const s = schedule([
      quiz('2024-09-30', 'closed', { closeEdited: false }),
      quiz('2024-10-01', 'posted', { openUntil: Date.parse('2024-10-01T12:00:00Z') }),
    ]);
    expect(kinds(plan(s, seoul, new Date('2024-10-02T00:00:00Z')))).toEqual([
      'finish-close 2024-09-30',
      'close 2024-10-01',
      'claim-and-post',
    ]);
  });

  it('a failed claim is retried today (if enabled), given up once its day is over', () => {
    const pending = schedule([quiz('2024-10-02', 'posting', { attempts: 2 })]);
    expect(kinds(plan(pending, seoul, new Date('2024-10-02T03:00:00Z')))).toEqual(['post-claimed 2024-10-02']);
    expect(kinds(plan(pending, { ...seoul, enabled: false }, new Date('2024-10-02T03:00:00Z')))).toEqual([]);
    expect(kinds(plan(pending, seoul, new Date('2024-10-03T00:00:00Z')))).toEqual(['abandon 2024-10-02', 'claim-and-post']);
  });

  it('the day is the server zone’s day, not the host’s', () => {
    const ny = { ...seoul, timezone: 'America/New_York' };
    // 2024-10-02T12:00Z is 08:00 in New York: not yet
    expect(kinds(plan(emptySchedule(), ny, new Date('2024-10-02T12:00:00Z')))).toEqual([]);
    expect(actions(plan(emptySchedule(), ny, new Date('2024-10-02T13:00:00Z')))[0]).toMatchObject({ local: { date: '2024-10-02' } });
  });
});

describe('plan: clock errors', () => {
  const now = new Date('2024-10-02T01:00:00Z'); // 10:00 KST, 2 October
  const ahead = Date.parse('2024-10-05T01:00:00Z'); // a clock three days ahead

  it('a stored local date later than today: its quiz is closed, lastDate set back, today is posted', () => {
    const real = quiz('2024-10-01', 'closed', { closeEdited: true });
    const wrong = quiz('2024-10-05', 'posted', { claimedAt: ahead, openUntil: ahead + 12 * HOUR });
    const p = plan(schedule([real, wrong]), seoul, now);
    expect(actions(p)).toEqual([
      { kind: 'close', quizId: '2024-10-05', reason: 'clock-error' },
      { kind: 'set-last-date', lastDate: '2024-10-01', was: '2024-10-05' },
      // the close edits the message; a failed edit is tried again at once
      { kind: 'finish-close', quizId: '2024-10-05' },
      expect.objectContaining({ kind: 'claim-and-post', local: expect.objectContaining({ date: '2024-10-02' }) }),
    ]);
  });

  it('a claim under a wrong clock that never posted is given up, not retried', () => {
    const wrong = quiz('2024-10-05', 'posting', { claimedAt: ahead });
    expect(kinds(plan(schedule([wrong]), seoul, now))).toEqual(['abandon 2024-10-05', 'set-last-date', 'claim-and-post']);
  });

  it('a real quiz the wrong clock closed early opens again until its real closing time', () => {
    const real = quiz('2024-10-02', 'closed', {
      claimedAt: Date.parse('2024-10-02T00:00:00Z'),
      openUntil: Date.parse('2024-10-02T12:00:00Z'),
      closedAt: ahead,
      closeEdited: true,
    });
    const wrong = quiz('2024-10-05', 'closed', { claimedAt: ahead, closedAt: ahead, closeEdited: true });
    // today (2 October) was claimed under a sane clock: nothing more is posted
    expect(kinds(plan(schedule([real, wrong]), seoul, now))).toEqual(['reopen 2024-10-02', 'set-last-date']);
  });

  it('a skew within ten minutes is not a clock error', () => {
    const s = schedule([quiz('2024-10-02', 'posted', { claimedAt: now.getTime() + 9 * 60_000, openUntil: now.getTime() + HOUR })]);
    expect(kinds(plan(s, seoul, now))).toEqual([]);
  });
});

describe('plan: DST-skipped post times (America/New_York, 2024-03-10)', () => {
  const ny: GuildSettings = { ...seoul, postTime: '02:30', timezone: 'America/New_York' };

  it('a post time inside the skipped hour is due right after the jump, and late only after five more minutes', () => {
    // 01:59 EST: not yet; 03:00 EDT (07:00Z) is the first minute at or after 02:30
    expect(kinds(plan(emptySchedule(), ny, new Date('2024-03-10T06:59:00Z')))).toEqual([]);
    expect(actions(plan(emptySchedule(), ny, new Date('2024-03-10T07:00:00Z')))).toEqual([
      expect.objectContaining({ kind: 'claim-and-post', late: false }),
    ]);
    expect(actions(plan(emptySchedule(), ny, new Date('2024-03-10T07:06:00Z')))[0]).toMatchObject({ late: true });
  });

  it('the next-quiz line names the jump, not the skipped time', () => {
    const next = nextPost({ lastDate: null }, ny, new Date('2024-03-10T05:00:00Z')); // 00:00 EST
    expect(next).toMatchObject({ doneToday: false, date: '2024-03-10', time: '03:00', due: false });
    expect(next.at.toISOString()).toBe('2024-03-10T07:00:00.000Z');
  });
});

describe('nextPost', () => {
  it('today once claimed is done: the next one is tomorrow', () => {
    const next = nextPost({ lastDate: '2024-10-02' }, seoul, new Date('2024-10-02T01:00:00Z'));
    expect(next).toMatchObject({ doneToday: true, date: '2024-10-03', time: '09:00', due: false });
  });

  it('a post time passed today and not done is due at the next tick', () => {
    expect(nextPost({ lastDate: '2024-10-01' }, seoul, new Date('2024-10-02T01:00:00Z'))).toMatchObject({ date: '2024-10-02', due: true });
  });
});

describe('plan: post-now and close-now', () => {
  const now = new Date('2024-10-01T23:00:00Z'); // 08:00 KST, before the post time

  it('post-now claims today whatever the post time, once', () => {
    expect(kinds(plan(emptySchedule(), seoul, now, 'post-now'))).toEqual(['claim-and-post']);
    const claimed = { claimedAt: now.getTime() - 60_000 };
    expect(plan(schedule([quiz('2024-10-02', 'posted', claimed)]), seoul, now, 'post-now')).toEqual({ kind: 'already', date: '2024-10-02' });
    expect(plan(emptySchedule(), { ...seoul, channelId: null }, now, 'post-now')).toEqual({ kind: 'no-channel' });
  });

  it('post-now sends a pending claim of today instead of claiming again', () => {
    const pending = quiz('2024-10-02', 'posting', { claimedAt: now.getTime() - 60_000 });
    expect(kinds(plan(schedule([pending]), seoul, now, 'post-now'))).toEqual(['post-claimed 2024-10-02']);
  });

  it('post-now after a clock error repairs first, then posts today', () => {
    const ahead = Date.parse('2024-10-05T01:00:00Z');
    const s = schedule([quiz('2024-10-05', 'posted', { claimedAt: ahead })]);
    expect(kinds(plan(s, seoul, now, 'post-now'))).toEqual(['close 2024-10-05', 'set-last-date', 'claim-and-post']);
  });

  it('close-now closes the open quiz, or says none is open', () => {
    expect(actions(plan(schedule([quiz('2024-10-01', 'posted')]), seoul, now, 'close-now'))).toEqual([
      { kind: 'close', quizId: '2024-10-01', reason: 'now' },
    ]);
    expect(plan(schedule([quiz('2024-10-01', 'closed')]), seoul, now, 'close-now')).toEqual({ kind: 'none-open' });
  });
});
