import type { GuildSettings, ServerBank, StoredQuestion } from '../store/records.js';
import type { Question, QuestionBank } from './bank.js';
import { pickDaily } from './pick.js';

/*
 * The questions one server can be asked: the shipped bank and the server's own
 * bank, side by side. A server's own questions are named `s.<id>` wherever a
 * question is referred to (posted quizzes, practice cards, review decks, buttons),
 * so an id of its own never shadows a shipped one.
 */

export const OWN_PREFIX = 's.';
export const ownId = (id: string) => `${OWN_PREFIX}${id}`;
export const isOwnId = (id: string) => id.startsWith(OWN_PREFIX);
/** the id as the server's bank and its files spell it */
export const bareId = (id: string) => (isOwnId(id) ? id.slice(OWN_PREFIX.length) : id);

export interface GuildBankSource {
  settings(guildId: string): GuildSettings;
  bank(guildId: string): ServerBank;
}

export class GuildQuestions {
  /** the server's questions as Questions, per stored bank value (a new value on every write) */
  private readonly converted = new WeakMap<ServerBank, Map<string, Question>>();

  constructor(
    private readonly shipped: QuestionBank,
    private readonly source: GuildBankSource,
    /** question ids not to draw in a server besides the disabled ones (those with open reports) */
    private readonly held: (guildId: string) => ReadonlySet<string> = () => new Set(),
  ) {}

  /** The server's own questions, by their `s.` id, in the order they were added. */
  own(guildId: string): Map<string, Question> {
    const bank = this.source.bank(guildId);
    let byId = this.converted.get(bank);
    if (!byId) {
      byId = new Map(bank.questions.map((q) => [ownId(q.id), asQuestion(q)]));
      this.converted.set(bank, byId);
    }
    return byId;
  }

  /** A question this server can refer to (asked before, in a deck): disabled ones too, so old cards still grade. */
  get(guildId: string, id: string): Question | undefined {
    return isOwnId(id) ? this.own(guildId).get(id) : this.shipped.get(id);
  }

  has(guildId: string, id: string): boolean {
    return this.get(guildId, id) !== undefined;
  }

  /** Not to be drawn here: turned off for this server, or reported and not yet looked at. */
  isHeld(guildId: string, id: string): boolean {
    return this.source.bank(guildId).disabled.includes(id) || this.held(guildId).has(id);
  }

  /**
   * What the daily quiz may draw, by the server's `draw` setting: `all` the ids in play,
   * `preferred` the ones to ask first while unseen (the server's own, when drawing from both).
   */
  drawable(guildId: string): { all: string[]; preferred: string[] } {
    const draw = this.source.settings(guildId).draw ?? 'both';
    // built once per draw, not once per question: a server may hold 2,000 questions of its own
    const disabled = new Set(this.source.bank(guildId).disabled);
    const held = this.held(guildId);
    const free = (id: string) => !disabled.has(id) && !held.has(id);
    const own = draw === 'shipped' ? [] : [...this.own(guildId).keys()].filter(free);
    const shipped = draw === 'server' ? [] : this.shipped.ids().filter(free);
    return { all: [...own, ...shipped], preferred: draw === 'both' ? own : [] };
  }

  /** Practice draws from the same questions as the daily quiz. */
  practicePool(guildId: string): Question[] {
    return this.drawable(guildId)
      .all.map((id) => this.get(guildId, id))
      .filter((q): q is Question => q !== undefined);
  }

  /** The daily question: the preferred ones not yet asked in this cycle come first, then pickDaily over all. */
  pickDaily(guildId: string, used: readonly string[], seed: string): { questionId: string; used: string[] } | null {
    const { all, preferred } = this.drawable(guildId);
    return pickPreferring(all, preferred, used, seed);
  }

  tags(guildId: string): string[] {
    const tags = new Set<string>();
    for (const q of this.practicePool(guildId)) for (const tag of q.tags) tags.add(tag);
    return [...tags].sort();
  }
}

/** pickDaily, but an unseen id of `preferred` is taken first (the server's own questions before the shipped ones). */
export function pickPreferring(
  all: readonly string[],
  preferred: readonly string[],
  used: readonly string[],
  seed: string,
): { questionId: string; used: string[] } | null {
  const usedSet = new Set(used);
  const fresh = [...preferred].filter((id) => !usedSet.has(id)).sort();
  if (fresh.length === 0) return pickDaily(all, used, seed);
  const first = pickDaily(fresh, [], seed)!;
  const inPlay = new Set(all);
  return { questionId: first.questionId, used: [...used.filter((id) => inPlay.has(id)), first.questionId] };
}

export function asQuestion(q: StoredQuestion): Question {
  return { ...q, id: ownId(q.id), file: 'server' };
}

/** A question as the server's bank stores it: its own id, no file. */
export function toStored(q: Question): StoredQuestion {
  const { file: _file, ...rest } = q;
  return { ...rest, id: bareId(q.id) };
}
