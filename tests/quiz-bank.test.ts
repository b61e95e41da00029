import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.js';
import { formatProblem, loadQuizBank, parseQuizFile, validateQuizBank } from '../src/quiz/bank.js';
import { pickDaily } from '../src/quiz/pick.js';
import { answerIsLongest, bankStats, diceSimilarity, longestRotation, NEAR_DUPLICATE } from '../src/validate.js';
import { tempTree } from './helpers.js';
import { question } from './quiz-helpers.js';

const GOOD = `
- id: pod-shared-network-1
  question: 같은 파드 안의 두 컨테이너가 서로 통신할 때 주로 쓰는 주소는?
  choices: [각 컨테이너에 따로 할당된 IP, localhost, 노드의 외부 IP, 서비스의 ClusterIP]
  answer: B              # letter A–E
  explanation: 파드 안의 컨테이너는 네트워크 네임스페이스를 공유한다.
  source: { note: 2024-10-01-pod-basics.md, section: 파드 안의 컨테이너는 무엇을 공유할까? }
  tags: [pod, network]
  difficulty: 1
- id: api-port
  question: kube-apiserver가 기본으로 듣는 보안 포트는?
  choices: [443, 6443, 8080, 10250]
  answer: B
  explanation: 6443이다.
  source: { note: 2024-10-01-pod-basics.md, section: 파드 안의 컨테이너는 무엇을 공유할까? }
  tags: [apiserver]
  difficulty: 2
`;

describe('quiz bank', () => {
  it('loads questions; scalars stay as written (6443, 1.10 are text)', () => {
    const { questions, problems } = parseQuizFile('content/quizzes/pods.yaml', GOOD);
    expect(problems).toEqual([]);
    expect(questions).toHaveLength(2);
    expect(questions[0]).toMatchObject({ id: 'pod-shared-network-1', answer: 1, difficulty: 1, tags: ['pod', 'network'] });
    expect(questions[1]!.choices).toEqual(['443', '6443', '8080', '10250']);
  });

  it('names the file, the question and the field at fault', () => {
    const bad = `
- id: Bad_Id
  question: q?
  choices: [a, b]
  answer: B
  explanation: e
  source: { note: n.md, section: s }
  tags: [x]
  difficulty: 1
- id: out-of-range
  question: q2?
  choices: [a, b, c]
  answer: E
  explanation: e
  source: { note: n.md, section: s }
  tags: [x]
  difficulty: 4
- id: dup-choices
  question: q3?
  choices: [a, a]
  answer: A
  explanation: e
  source: { note: n.md }
  tags: []
  difficulty: 1
  explaination: typo
`;
    const { questions, problems } = parseQuizFile('content/quizzes/bad.yaml', bad);
    expect(questions).toEqual([]);
    const lines = problems.map(formatProblem);
    expect(lines).toContainEqual(expect.stringMatching(/^content\/quizzes\/bad\.yaml:2 #1 \(Bad_Id\) field 'id': must be lowercase/));
    expect(lines).toContainEqual(expect.stringMatching(/bad\.yaml:10 #2 \(out-of-range\) field 'answer': E is out of range: there are 3 choices/));
    expect(lines).toContainEqual(expect.stringMatching(/#2 \(out-of-range\) field 'difficulty': must be 1, 2 or 3/));
    expect(lines).toContainEqual(expect.stringMatching(/#3 \(dup-choices\) field 'choices': choices must be different/));
    expect(lines).toContainEqual(expect.stringMatching(/#3 \(dup-choices\) field 'source.section': is required/));
    expect(lines).toContainEqual(expect.stringMatching(/#3 \(dup-choices\) field 'tags': needs at least one tag/));
    expect(lines).toContainEqual(expect.stringMatching(/#3 \(dup-choices\): unknown field\(s\) explaination/));
  });

  it('reports broken YAML and a file that is not a list, with the path', async () => {
    const dir = await tempTree({ 'a.yaml': '- id: x\n  choices: [a, b\n', 'b.yaml': 'id: x\n', 'c.yml': GOOD, 'notes.txt': 'ignored' });
    const { questions, problems } = await loadQuizBank(dir);
    expect(questions).toHaveLength(2);
    expect(problems).toHaveLength(2);
    expect(problems[0]!.file).toContain('a.yaml');
    // the line the parser stopped at, not only the file
    expect(problems[0]).toMatchObject({ field: 'yaml', line: 3 });
    expect(formatProblem(problems[0]!)).toMatch(/a\.yaml:3 field 'yaml': /);
    expect(formatProblem(problems[1]!)).toMatch(/b\.yaml: the file must be a list/);
  });

  it('validates across the bank and against the notes', () => {
    const notes = [{ path: '2024-10-01-pod-basics.md', headings: ['파드(Pod)는 왜 쿠버네티스의 가장 작은 배포 단위일까?', 'The `emptyDir` volume'] }];
    const src = { note: '2024-10-01-pod-basics.md', section: '파드(Pod)는 왜 쿠버네티스의 가장 작은 배포 단위일까?' };
    const problems = validateQuizBank(
      [
        question('a', { source: src }),
        question('a', { source: src, question: 'other?', file: 'two.yaml' }),
        question('b', { source: src, question: 'question a?' }),
        question('c', { source: { note: 'missing.md', section: 'x' }, question: 'c?' }),
        question('d', { source: { note: '2024-10-01-pod-basics.md', section: 'Nope' }, question: 'd?' }),
        question('e', { source: { note: '2024-10-01-pod-basics.md', section: 'The emptyDir  volume' }, question: 'e?' }),
      ],
      notes,
    );
    expect(problems.map((p) => `${p.questionId} ${p.field}`)).toEqual(['a id', 'b question', 'c source.note', 'd source.section']);
    expect(formatProblem(problems[0]!)).toBe("two.yaml (a) field 'id': duplicate id, also in test.yaml");
  });

  it('the shipped bank is valid and every source section exists', async () => {
    const root = join(import.meta.dirname, '..', 'content');
    const { questions, problems } = await loadQuizBank(join(root, 'quizzes'));
    const corpus = await loadCorpus(join(root, 'notes'));
    expect(problems.map(formatProblem)).toEqual([]);
    expect(validateQuizBank(questions, corpus.notes).map(formatProblem)).toEqual([]);
    expect(questions.length).toBeGreaterThan(0);
  });

  it('the daily pick is deterministic and exhausts the bank before repeating', () => {
    const ids = ['a', 'b', 'c'];
    expect(pickDaily(ids, [], 'g:2024-10-01')).toEqual(pickDaily(ids, [], 'g:2024-10-01'));
    let used: string[] = [];
    const seen: string[] = [];
    for (let d = 0; d < 3; d++) {
      const pick = pickDaily(ids, used, `g:${d}`)!;
      seen.push(pick.questionId);
      used = pick.used;
    }
    expect(seen.sort()).toEqual(ids);
    const next = pickDaily(ids, used, 'g:new-cycle')!;
    expect(next.questionId).not.toBe(used[used.length - 1]);
    expect(next.used).toEqual([next.questionId]);
    expect(pickDaily([], [], 'x')).toBeNull();
  });
});

describe('quiz bank shape checks', () => {
  it('counts the answer as longest only when it is strictly longer than every other choice', () => {
    expect(answerIsLongest({ choices: ['짧음', '정답이 제일 김', '중간 길이'], answer: 1 })).toBe(true);
    expect(answerIsLongest({ choices: ['같은 길이', '같은 길이!', '같은 길이?'], answer: 1 })).toBe(false);
    expect(answerIsLongest({ choices: ['길고 긴 오답입니다', '정답'], answer: 1 })).toBe(false);
  });

  it('Dice similarity: 1 for the same text, 0 for nothing shared, spacing and punctuation ignored', () => {
    expect(diceSimilarity('파드 네트워크', '파드네트워크!')).toBe(1);
    expect(diceSimilarity('abc', 'xyz')).toBe(0);
    expect(diceSimilarity('', '')).toBe(0);
    const s = diceSimilarity('kube-proxy는 무엇을 하나요', 'kube-proxy가 하는 일은');
    expect(s).toBeGreaterThan(0.3);
    expect(s).toBeLessThan(1);
  });

  it('finds answers that step through the letters in order, wrapping around', () => {
    const seq = (...answers: number[]) => answers.map((answer) => ({ choices: ['a', 'b', 'c', 'd'], answer }));
    expect(longestRotation(seq(0, 1, 2, 3, 0))).toBe(5);
    expect(longestRotation(seq(2, 3, 0, 1))).toBe(4);
    expect(longestRotation(seq(2, 0, 3, 1, 1))).toBe(1);
    expect(longestRotation([])).toBe(0);
  });

  it('reports letters, the longest-answer share and similar pairs', () => {
    const stats = bankStats(
      [
        question('a', { question: '파드 안 컨테이너끼리 통신할 때 쓰는 주소는?', choices: ['localhost', '노드 IP'], answer: 0 }),
        question('b', { question: '파드 안 컨테이너끼리 통신할 때 쓰는 주소는 무엇인가요?', choices: ['노드 IP', 'localhost'], answer: 1 }),
        question('c', { question: 'etcd 백업 명령은?', choices: ['etcdctl snapshot save', 'kubectl get all'], answer: 0 }),
      ],
      0.5,
    );
    expect(stats.letters).toMatchObject({ A: 2, B: 1, C: 0 });
    expect(stats.longestAnswer).toBe(3);
    expect(stats.nearDuplicates.map((d) => `${d.a}~${d.b}`)).toEqual(['a~b']);
  });

  it('the shipped bank gives nothing away by shape: answer length, letter, near-duplicates', async () => {
    const { questions } = await loadQuizBank(join(import.meta.dirname, '..', 'content', 'quizzes'));
    const stats = bankStats(questions, NEAR_DUPLICATE);
    // chance is about 25% with four choices; well above that, "pick the longest" beats knowing the topic
    expect(stats.longestAnswerShare).toBeLessThanOrEqual(0.3);
    // each letter near 25%: none may carry more than 35% of the answers
    const shares = Object.fromEntries(Object.entries(stats.letters).map(([l, n]) => [l, n / stats.questions]));
    expect(Object.entries(shares).filter(([, share]) => share > 0.35)).toEqual([]);
    // no file walks A, B, C, D
    expect(stats.rotations).toEqual([]);
    // the same fact asked twice in other words (threshold and its reason: src/validate.ts)
    expect(stats.nearDuplicates).toEqual([]);
  });
});
