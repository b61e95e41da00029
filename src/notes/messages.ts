/** Korean and English wording of /ask and /note replies. */
export const M = {
  empty: {
    ko: '질문을 적어 주세요. 예: `/ask 파드와 컨테이너의 차이`',
    en: 'Please type a question, for example `/ask what is a Pod`.',
  },
  tooLong: {
    ko: '질문이 너무 길어요 ({length}자). {max}자 이내로 핵심만 물어봐 주세요.',
    en: 'That question is too long ({length} characters). Please keep it under {max}.',
  },
  noMatch: {
    ko: '노트에서 「{q}」에 대한 답을 찾지 못했어요.',
    en: 'The notes do not seem to answer “{q}”.',
  },
  suggestions: { ko: '이런 노트는 어때요?', en: 'Maybe one of these notes?' },
  tryOther: {
    ko: '쿠버네티스·컨테이너 낱말(한국어 또는 영어)을 넣어 다시 물어보세요. 예: `파드 재시작 정책`, `what is a Service`',
    en: 'Try again with the Kubernetes or container words you mean, in Korean or English, e.g. `pod restart policy`.',
  },
  more: { ko: '관련 내용 더 보기', en: 'More related sections' },
  open: { ko: '전체 보기', en: 'Read section' },
  source: { ko: '출처', en: 'Source' },
  notFound: {
    ko: '「{q}」 노트를 찾지 못했어요. 입력하면서 나오는 목록에서 골라 주세요.',
    en: 'No note matches “{q}”. Pick one from the suggestions as you type.',
  },
  page: { ko: '{n}/{total}쪽', en: 'page {n}/{total}' },
  prev: { ko: '◀ 이전', en: '◀ Prev' },
  next: { ko: '다음 ▶', en: 'Next ▶' },
  expired: {
    ko: '이 노트는 다시 불러오는 사이에 바뀌었어요. `/note`로 다시 찾아 주세요.',
    en: 'That note changed after a reload. Please look it up again with `/note`.',
  },
};
