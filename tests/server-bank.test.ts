import { describe, expect, it } from 'vitest';
import {
  exportCsv,
  exportYaml,
  MAX_SERVER_QUESTIONS,
  parseBankFile,
  planImport,
} from '../src/quiz/bank-files.js';
import { QuestionBank } from '../src/quiz/bank.js';
import { GuildQuestions, pickPreferring } from '../src/quiz/guild-bank.js';
import { defaultSettings, emptyServerBank, emptyUser, type GuildSettings, type ServerBank } from '../src/store/records.js';
import { command as quizCommand } from '../commands/quiz.js';
import { command as review } from '../commands/review.js';
import { configure, ctxFor, GUILD, harness, manualClock, question } from './quiz-helpers.js';

const CSV_HEADER = 'id,question,choice_a,choice_b,choice_c,choice_d,choice_e,answer,explanation,tags,difficulty,source';

const GOOD_CSV = [
  CSV_HEADER,
  'svc-dns-1,"서비스 이름은 어떻게 찾나요, ""DNS""로?",CoreDNS,etcd,kubelet,,,A,"클러스터 DNS가 이름을 풀어 준다.\n두 줄 설명",service;dns,2,2024-10-01-pod-basics.md#Pods',
  'port-1,API 서버 포트는?,443,6443,,,,b,6443이다.,apiserver,1,',
].join('\r\n');

describe('bank files: parsing and validation', () => {
  it('reads CSV with quoting, a line break in a field, a BOM, a lower-case answer and ; tags', () => {
    for (const text of [GOOD_CSV, `\uFEFF${GOOD_CSV}`]) {
      const parsed = parseBankFile('csv', text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.lines).toEqual([2, 4]);
      expect(parsed.questions[0]).toMatchObject({
        id: 'svc-dns-1',
        question: '서비스 이름은 어떻게 찾나요, "DNS"로?',
        choices: ['CoreDNS', 'etcd', 'kubelet'],
        answer: 0,
        tags: ['service', 'dns'],
        difficulty: 2,
        source: { note: '2024-10-01-pod-basics.md', section: 'Pods' },
      });
      expect(parsed.questions[1]).toMatchObject({ id: 'port-1', choices: ['443', '6443'], answer: 1 });
      expect(parsed.questions[1]!.source).toBeUndefined();
    }
  });

  it('lists every bad row as line N: field: reason, and takes nothing', () => {
    const long = 'x'.repeat(81);
    const text = [
      CSV_HEADER,
      'ok-1,fine?,a,b,,,,A,e,t,1,',
      `bad-choice,q?,a,${long},,,,A,e,t,1,`,
      'Bad Id,q?,a,b,,,,F,e,t,4,',
      'gap-1,q?,a,,c,,,A,e,t,1,',
      'no-section,q?,a,b,,,,A,e,t,1,note.md',
      'ok-1,again?,a,b,,,,A,e,t,1,',
    ].join('\n');
    const parsed = parseBankFile('csv', text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'line 3: choice_b: must be at most 80 characters',
      'line 4: id: must be lowercase letters, digits and single hyphens (e.g. pod-shared-network-1)',
      'line 4: answer: must be one letter A to E',
      'line 4: difficulty: must be 1, 2 or 3',
      'line 5: choice_b: is empty but a later choice is filled',
      'line 6: source: must be <note>.md#<heading>',
    ]);
    // a file with only a duplicate id is refused too
    const dup = parseBankFile('csv', [CSV_HEADER, 'a-1,q?,a,b,,,,A,e,t,1,', 'a-1,q2?,a,b,,,,A,e,t,1,'].join('\n'));
    expect(dup).toEqual({ ok: false, problems: ['line 3: id: a-1 is also on line 2'] });
  });

  it('names a broken header, broken quoting and a file over 1 MB', () => {
    expect(parseBankFile('csv', 'id,question,colour\n')).toMatchObject({
      ok: false,
      problems: [
        'line 1: header: unknown column(s) colour',
        'line 1: header: missing column(s) choice_a, choice_b, answer, explanation, tags, difficulty',
      ],
    });
    const unclosed = parseBankFile('csv', `${CSV_HEADER}\na-1,"q?,a,b,,,,A,e,t,1,\n`);
    expect(unclosed.ok).toBe(false);
    if (!unclosed.ok) expect(unclosed.problems[0]).toMatch(/^line 2: csv: Quote Not Closed/);
    const big = parseBankFile('csv', `${CSV_HEADER}\n${'x'.repeat(1024 * 1024)}`);
    expect(big).toEqual({ ok: false, problems: ['file: size: the file is larger than 1 MB'] });
  });

  it('reads YAML in the content format with the server limits (explanation up to 1,000, source optional)', () => {
    const yaml = `- id: own-1\n  question: 무엇?\n  choices: [a, b]\n  answer: B\n  explanation: ${'e'.repeat(900)}\n  tags: [x]\n  difficulty: 1\n- id: own-2\n  question: q\n  choices: [a]\n  answer: A\n  explanation: e\n  tags: [x]\n  difficulty: 1\n`;
    const parsed = parseBankFile('yaml', yaml);
    expect(parsed).toEqual({ ok: false, problems: ['line 8: choices: needs 2 to 5 choices'] });
    const fixed = parseBankFile('yaml', yaml.replace('choices: [a]', 'choices: [a, c]'));
    expect(fixed.ok && fixed.questions.map((q) => q.id)).toEqual(['own-1', 'own-2']);
    expect(fixed.ok && fixed.lines).toEqual([1, 8]);
  });

  it('YAML and CSV exports read back to the same questions', () => {
    const parsed = parseBankFile('csv', GOOD_CSV);
    if (!parsed.ok) throw new Error('fixture');
    const questions = parsed.questions.map((q, i) => (i === 0 ? { ...q, author: '300000000000000009' } : q));
    const fromYaml = parseBankFile('yaml', exportYaml(questions));
    expect(fromYaml.ok && fromYaml.questions.map(({ file: _f, ...q }) => q)).toEqual(
      questions.map(({ file: _f, ...q }) => q),
    );
    const csv = exportCsv(questions);
    expect(csv.split('\r\n')[0]).toBe(CSV_HEADER);
    const fromCsv = parseBankFile('csv', csv);
    expect(fromCsv.ok && exportCsv(fromCsv.questions)).toBe(csv);
  });
});

describe('import plan', () => {
  const file = (ids: string[]) => ({ ok: true as const, questions: ids.map((id) => question(id)), lines: ids.map((_, i) => i + 2) });

  it('adds new ids, refuses existing ones unless updating, and keeps to the limit', () => {
    const current = [question('a-1'), question('b-1')];
    expect(planImport(current, file(['b-1', 'c-1']), { update: false })).toEqual({
      ok: false,
      problems: ["line 2: id: b-1 is already in this server's bank; import with update (--update) to replace it"],
    });
    const updated = planImport(current, file(['b-1', 'c-1']), { update: true, author: 'u1' });
    expect(updated).toMatchObject({ ok: true, added: 1, updated: 1 });
    expect(updated.ok && updated.questions.map((q) => [q.id, q.author])).toEqual([
      ['a-1', undefined],
      ['b-1', 'u1'],
      ['c-1', 'u1'],
    ]);
    const full = Array.from({ length: MAX_SERVER_QUESTIONS }, (_, i) => question(`q-${i}`));
    const over = planImport(full, file(['one-more']), { update: false });
    expect(over).toEqual({
      ok: false,
      problems: ['file: questions: the bank would hold 2001 questions; a server keeps at most 2000'],
    });
  });
});

describe('drawing from a server', () => {
  const shipped = new QuestionBank([question('ship-1'), question('ship-2')]);
  const source = (draw: GuildSettings['draw'], bank: ServerBank) => ({
    settings: () => ({ ...defaultSettings('Asia/Seoul'), draw }),
    bank: () => bank,
  });
  const own: ServerBank = {
    ...emptyServerBank(),
    questions: [question('own-1'), question('own-2')].map(({ file: _f, ...q }) => q),
  };

  it('draws per setting; disabled and reported questions are not drawn', () => {
    const reported = new Set(['s.own-2']);
    const both = new GuildQuestions(shipped, source('both', { ...own, disabled: ['ship-1'] }), () => reported);
    expect(both.drawable(GUILD)).toEqual({ all: ['s.own-1', 'ship-2'], preferred: ['s.own-1'] });
    expect(new GuildQuestions(shipped, source('shipped', own)).drawable(GUILD).all).toEqual(['ship-1', 'ship-2']);
    expect(new GuildQuestions(shipped, source('server', own)).drawable(GUILD).all).toEqual(['s.own-1', 's.own-2']);
    // a disabled question still grades: an old card or an open quiz can refer to it
    expect(both.get(GUILD, 'ship-1')?.id).toBe('ship-1');
    expect(both.get(GUILD, 's.own-2')?.file).toBe('server');
  });

  it("both: the server's own first while unseen, then every question in cycles", () => {
    const all = ['s.own-1', 's.own-2', 'ship-1', 'ship-2', 'ship-3'];
    const preferred = ['s.own-1', 's.own-2'];
    let used: string[] = [];
    const picks: string[] = [];
    for (let day = 0; day < 7; day++) {
      const pick = pickPreferring(all, preferred, used, `g:${day}`)!;
      picks.push(pick.questionId);
      used = pick.used;
    }
    expect(picks.slice(0, 2).sort()).toEqual(preferred);
    expect(picks.slice(0, 5).sort()).toEqual(all);
    expect(new Set(picks.slice(5)).size).toBe(2);
  });

  it('posts a question of the server, imported from a file, with shuffled buttons, and grades it', async () => {
    const c = manualClock('2026-03-02T00:30:00Z');
    const { quiz, gateway } = await harness({ clock: c.clock });
    await configure(quiz);
    await quiz.service.updateSettings(GUILD, { draw: 'server' });
    const imported = await quiz.service.importBank(GUILD, { name: 'mine.csv', text: GOOD_CSV }, { update: false });
    expect(imported).toEqual({ ok: true, added: 2, updated: 0, total: 2 });
    await quiz.scheduler.reconcile();
    const open = quiz.service.openQuiz(GUILD)!;
    expect(open.questionId).toMatch(/^s\.(svc-dns-1|port-1)$/);
    const posted = gateway.messages[0]!.reply;
    expect(posted.buttons![0]!.map((b) => b.id)).toEqual(open.order!.map((i) => `quiz:a:${open.quizId}:${i}`));
    const right = await quiz.service.answerDaily(GUILD, '300000000000000001', open.quizId, open.answer);
    expect(right).toMatchObject({ kind: 'recorded', correct: true });
  });

  it('an import with a bad row changes nothing', async () => {
    const c = manualClock('2026-03-02T00:30:00Z');
    const { quiz } = await harness({ clock: c.clock });
    await quiz.service.importBank(GUILD, { name: 'a.csv', text: GOOD_CSV }, { update: false });
    const before = quiz.service.exportBank(GUILD, 'yaml');
    const bad = `${GOOD_CSV.replace('port-1', 'port-2')}\r\nnew-1,q?,a,b,,,,Z,e,t,1,`;
    const result = await quiz.service.importBank(GUILD, { name: 'b.csv', text: bad }, { update: true });
    expect(result).toEqual({ ok: false, problems: ['line 5: answer: must be one letter A to E'] });
    expect(quiz.service.exportBank(GUILD, 'yaml')).toBe(before);
    // /quiz import says so in the reader's language, in the message and in the attached list
    quiz.fetchFile = async () => ({ name: 'b.csv', text: bad });
    const ask = (lang: 'ko' | 'en') =>
      quizCommand.execute(ctxFor(quiz, { subcommand: 'import', admin: true, lang, options: { file: 'https://cdn.discordapp.com/b.csv', update: true } }));
    const ko = await ask('ko');
    expect(ko.content).toContain('5번째 줄 · answer: A\\~E 중 한 글자여야 해요'); // ~ escaped: not strikethrough
    expect(ko.files![0]!.data.toString('utf8')).toBe('5번째 줄 · answer: A~E 중 한 글자여야 해요\n');
    expect((await ask('en')).content).toContain('line 5: answer: must be one letter A to E');
  });

  it('names the line of a YAML syntax error and says in Korean what kind of problem each line has', async () => {
    const c = manualClock('2026-03-02T00:30:00Z');
    const { quiz } = await harness({ clock: c.clock });
    const importAs = (name: string, text: string) => {
      quiz.fetchFile = async () => ({ name, text });
      return quizCommand.execute(
        ctxFor(quiz, { subcommand: 'import', admin: true, lang: 'ko', options: { file: `https://cdn.discordapp.com/${name}`, update: false } }),
      );
    };
    const yaml = await importAs('a.yaml', '- id: x\n  choices: [a, b\n');
    expect(yaml.content).toContain('3번째 줄 · yaml: YAML 형식 오류예요');
    expect(yaml.content).toContain('Flow sequence'); // the parser's own words, kept
    const [header, , row] = GOOD_CSV.split('\r\n');
    const csv = await importAs('b.csv', `${header},colour\r\n${row},blue`);
    expect(csv.content).toContain('1번째 줄 · header: 모르는 열이 있어요: colour');
    const short = await importAs('c.csv', `${header}\r\nx,y`);
    expect(short.content).toContain('2번째 줄 · csv: CSV 형식 오류예요');
  });

  it("/score counts a due card of the server's own question, and not one of a question gone from both banks", async () => {
    const c = manualClock('2026-03-02T00:30:00Z');
    const { quiz, store } = await harness({ clock: c.clock });
    await quiz.service.importBank(GUILD, { name: 'a.csv', text: GOOD_CSV }, { update: false });
    const card = { due: c.clock().getTime() - 60_000, stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 1, lapses: 1, state: 1 };
    await store.set(`u:${GUILD}:300000000000000001`, { ...emptyUser(), deck: { 's.port-1': card, 'gone-1': card } });
    const view = await quiz.service.score(GUILD, '300000000000000001');
    expect(view.dueCount).toBe(1);
    expect(view.deckSize).toBe(1);
    // cram goes through the same card
    const cram = await review.execute(ctxFor(quiz, { userId: '300000000000000001', subcommand: 'cram' }));
    expect(cram.embeds?.[0]?.title).toBe('Cram 1/1');
    expect(cram.embeds?.[0]?.description).toContain('API 서버 포트는?');
  });
});
