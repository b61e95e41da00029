import type { GuildSettings, PeriodStats, ScheduleState, UserRecord } from '../store/records.js';
import { dueQuestions } from './review.js';
import { currentStreak } from './scoring.js';
import { isoWeek, localTime, monthOf } from './time.js';

/**
 * Standings: leaderboards (all time, this week, this month) and a member's score.
 * Leaderboards are derived data: an in-memory index per server, built at start
 * from the user records and updated after each write. Nothing here is stored.
 */

export type Period = 'all' | 'week' | 'month';

export interface BoardEntry extends PeriodStats {
  userId: string;
}

/** points first, then accuracy, then user id so the order is total and stable */
export function compareEntries(a: BoardEntry, b: BoardEntry): number {
  if (a.points !== b.points) return b.points - a.points;
  const accuracy = b.correct * a.answered - a.correct * b.answered;
  if (accuracy !== 0) return accuracy;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** A sorted array: rank = binary search, update = two splices (a memmove, fast at 100k). */
export class Board {
  private readonly byUser = new Map<string, BoardEntry>();

  private constructor(private readonly rows: BoardEntry[]) {
    for (const e of rows) this.byUser.set(e.userId, e);
  }

  static from(entries: BoardEntry[]): Board {
    return new Board(entries.sort(compareEntries));
  }

  get size(): number {
    return this.rows.length;
  }

  /** Puts a user's stats in (or takes them out when nobody answered in the period). */
  set(userId: string, stats: PeriodStats | undefined): void {
    const old = this.byUser.get(userId);
    if (
      old &&
      stats &&
      old.points === stats.points &&
      old.answered === stats.answered &&
      old.correct === stats.correct
    )
      return;
    if (old) {
      this.rows.splice(this.lowerBound(old), 1);
      this.byUser.delete(userId);
    }
    if (stats && stats.answered > 0) {
      const entry: BoardEntry = { userId, points: stats.points, answered: stats.answered, correct: stats.correct };
      this.rows.splice(this.lowerBound(entry), 0, entry);
      this.byUser.set(userId, entry);
    }
  }

  slice(offset: number, limit: number): BoardEntry[] {
    return this.rows.slice(offset, offset + limit);
  }

  /** Rank with ties sharing a rank (1 + number of users with more points), or null if unranked. */
  rankOf(userId: string): { rank: number; entry: BoardEntry } | null {
    const entry = this.byUser.get(userId);
    if (!entry) return null;
    return { rank: this.countAbove(entry.points) + 1, entry };
  }

  private lowerBound(entry: BoardEntry): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.rows[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private countAbove(points: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rows[mid]!.points > points) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The part of a user record the index keeps. */
export interface Summary {
  all: PeriodStats;
  weeks: Record<string, PeriodStats>;
  months: Record<string, PeriodStats>;
  /** for the weekly recap's longest streaks */
  streak: number;
  streakSeq: number;
}

export function summarize(rec: UserRecord): Summary {
  return {
    all: { points: rec.points, answered: rec.answered, correct: rec.correct },
    weeks: rec.weeks,
    months: rec.months,
    streak: rec.streak,
    streakSeq: rec.streakSeq,
  };
}

/** 'all', 'week:2024-W40' or 'month:2024-10' */
export type BoardKey = string;

function statsFor(summary: Summary, key: BoardKey): PeriodStats | undefined {
  if (key === 'all') return summary.all;
  const [kind, period] = key.split(':') as [string, string];
  return kind === 'week' ? summary.weeks[period] : summary.months[period];
}

/** One server's derived data: summaries, boards for the current periods, live answer tallies. */
export class GuildIndex {
  private readonly users = new Map<string, Summary>();
  private readonly boards = new Map<BoardKey, Board>();
  /** quiz id -> answers per choice, for the quizzes still open */
  private readonly tallies = new Map<string, number[]>();

  /** Called after a write was acknowledged (and while loading). */
  put(userId: string, rec: UserRecord): void {
    const summary = summarize(rec);
    this.users.set(userId, summary);
    for (const [key, board] of this.boards) board.set(userId, statsFor(summary, key));
  }

  /** The longest streaks still standing (see currentStreak), longest first, then by user id. */
  topStreaks(closedSeq: number, count: number): { userId: string; streak: number }[] {
    const standing: { userId: string; streak: number }[] = [];
    for (const [userId, s] of this.users) {
      if (s.streak > 0 && s.streakSeq >= closedSeq) standing.push({ userId, streak: s.streak });
    }
    return standing
      .sort((a, b) => b.streak - a.streak || (a.userId < b.userId ? -1 : 1))
      .slice(0, count);
  }

  countAnswer(quizId: string, choice: number): void {
    const counts = this.tallies.get(quizId) ?? [];
    while (counts.length <= choice) counts.push(0);
    counts[choice]! += 1;
    this.tallies.set(quizId, counts);
  }

  tally(quizId: string, choiceCount: number): number[] {
    const counts = this.tallies.get(quizId) ?? [];
    return Array.from({ length: Math.max(choiceCount, counts.length) }, (_, i) => counts[i] ?? 0);
  }

  forgetTally(quizId: string): void {
    this.tallies.delete(quizId);
  }

  /** The board for a period, built on first use; boards of past weeks/months are dropped. */
  board(key: BoardKey): Board {
    let board = this.boards.get(key);
    if (board) return board;
    const kind = key.split(':')[0];
    for (const old of this.boards.keys()) if (old !== 'all' && old.split(':')[0] === kind) this.boards.delete(old);
    const entries: BoardEntry[] = [];
    for (const [userId, summary] of this.users) {
      const stats = statsFor(summary, key);
      if (stats && stats.answered > 0) entries.push({ userId, ...stats });
    }
    board = Board.from(entries);
    this.boards.set(key, board);
    return board;
  }
}

export interface LeaderboardView {
  period: Period;
  /** '2024-W40', '2024-10' or 'all' */
  label: string;
  rows: (BoardEntry & { rank: number })[];
  total: number;
  page: number;
  pages: number;
  me: { rank: number; entry: BoardEntry } | null;
}

export interface ScoreView {
  record: UserRecord;
  streak: number;
  week: PeriodStats;
  month: PeriodStats;
  rank: { all: number | null; week: number | null; month: number | null };
  dueCount: number;
  deckSize: number;
}

export const PAGE_SIZE = 10;

const zero: PeriodStats = { points: 0, answered: 0, correct: 0 };

/** What standings read from the quiz store (the store keeps the index; nothing here writes). */
export interface StandingsSource {
  settings(guildId: string): GuildSettings;
  schedule(guildId: string): ScheduleState;
  getUser(guildId: string, userId: string): Promise<UserRecord>;
  index(guildId: string): GuildIndex;
  guildIds(): Iterable<string>;
}

export class Standings {
  constructor(
    private readonly store: StandingsSource,
    /** whether a server can still ask a question (shipped, or its own `s.<id>`): deck cards of others are gone */
    private readonly known: (guildId: string, questionId: string) => boolean,
    private readonly clock: () => Date,
  ) {}

  private boardKey(guildId: string, period: Period, now: Date): { key: string; label: string } {
    if (period === 'all') return { key: 'all', label: 'all' };
    const date = localTime(now, this.store.settings(guildId).timezone).date;
    const label = period === 'week' ? isoWeek(date) : monthOf(date);
    return { key: `${period}:${label}`, label };
  }

  /** Builds the current boards of every server now, so the first /leaderboard after a start is not the slow one. */
  warmBoards(): void {
    const now = this.clock();
    for (const guildId of this.store.guildIds()) {
      for (const period of ['all', 'week', 'month'] as const)
        this.store.index(guildId).board(this.boardKey(guildId, period, now).key);
    }
  }

  leaderboard(guildId: string, period: Period, page: number, userId: string): LeaderboardView {
    const { key, label } = this.boardKey(guildId, period, this.clock());
    const board = this.store.index(guildId).board(key);
    const pages = Math.max(1, Math.ceil(board.size / PAGE_SIZE));
    const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    const rows = board
      .slice((current - 1) * PAGE_SIZE, PAGE_SIZE)
      .map((entry) => ({ ...entry, rank: board.rankOf(entry.userId)!.rank }));
    const mine = board.rankOf(userId);
    return {
      period,
      label,
      rows,
      total: board.size,
      page: current,
      pages,
      me: mine ? { rank: mine.rank, entry: mine.entry } : null,
    };
  }

  async score(guildId: string, userId: string): Promise<ScoreView> {
    const now = this.clock();
    const rec = await this.store.getUser(guildId, userId);
    const index = this.store.index(guildId);
    const week = this.boardKey(guildId, 'week', now);
    const month = this.boardKey(guildId, 'month', now);
    const inBank = (id: string) => this.known(guildId, id);
    return {
      record: rec,
      streak: currentStreak(rec, this.store.schedule(guildId).closedSeq),
      week: rec.weeks[week.label] ?? zero,
      month: rec.months[month.label] ?? zero,
      rank: {
        all: index.board('all').rankOf(userId)?.rank ?? null,
        week: index.board(week.key).rankOf(userId)?.rank ?? null,
        month: index.board(month.key).rankOf(userId)?.rank ?? null,
      },
      dueCount: dueQuestions(rec, now, inBank).length,
      deckSize: Object.keys(rec.deck).filter(inBank).length,
    };
  }
}
