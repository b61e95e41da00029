import { describe, expect, it } from 'vitest';
import { Bm25BigramIndex, bigramTerms } from '../bench/bm25-bigram.js';

// The benchmark's bigram BM25 baseline (bench/bm25-bigram.ts): if it broke, the bench would
// compare our engine with a weaker baseline than the one it claims.
describe('bench: BM25 over Hangul syllable bigrams', () => {
  it('turns Hangul runs into overlapping bigrams and Latin/digit runs into lowercase words', () => {
    expect(bigramTerms('컨테이너는')).toEqual(['컨테', '테이', '이너', '너는']);
    expect(bigramTerms('파드')).toEqual(['파드']);
    expect(bigramTerms('앱 OS에서 kube-proxy v1.24')).toEqual(['앱', 'os', '에서', 'kube', 'proxy', 'v1', '24']);
    expect(bigramTerms('ＫＵＢＥＬＥＴ이')).toEqual(['kubelet', '이']); // NFKC folds full-width letters
  });

  it('ranks the document with the word, whatever particle it carries, above the others', () => {
    const docs = [
      '노드는 클러스터의 작업 머신이다.',
      '컨테이너를 실행하려면 이미지가 필요하다. 이미지는 레지스트리에서 받는다.',
      '서비스는 파드 집합에 대한 안정적인 주소를 준다.',
      'Deployment는 레플리카셋을 관리한다.',
    ];
    const index = new Bm25BigramIndex(docs);
    const hits = index.search('컨테이너는 뭐야?');
    expect(hits[0]?.doc).toBe(1);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]?.score ?? 0);
    expect(index.search('deployment가 뭐야', 1).map((h) => h.doc)).toEqual([3]);
    expect(index.search('zzz 없는말')).toEqual([]);
  });

  it('scores with classic BM25 (k1 1.2, b 0.75, Lucene idf)', () => {
    const index = new Bm25BigramIndex(['파드 파드', '노드']);
    // one term, df 1 of N 2: idf = ln(1 + 1.5 / 1.5); tf 2, length 2, average length 1.5
    const idf = Math.log(2);
    const norm = 1.2 * (1 - 0.75 + (0.75 * 2) / 1.5);
    expect(index.search('파드')[0]?.score).toBeCloseTo((idf * 2 * 2.2) / (2 + norm), 10);
  });
});
