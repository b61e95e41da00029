import * as echarts from 'echarts';
import { t, type Lang } from '../i18n.js';
import { FONT_FAMILY, escapeXml, svgToPng } from './png.js';

/**
 * The weekly recap's chart: members who answered each day, as an echarts bar
 * chart rendered server-side to SVG (no DOM, no canvas), then to PNG.
 */
export function participationChartSvg(lang: Lang, days: readonly string[], counts: readonly number[]): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 320 });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#151a2d',
      textStyle: { fontFamily: FONT_FAMILY, color: '#f4f6fb' },
      title: {
        text: t(lang, { ko: '요일별 참여 인원', en: 'Members who answered, by day' }),
        left: 24,
        top: 16,
        textStyle: { fontFamily: FONT_FAMILY, color: '#f4f6fb', fontSize: 20, fontWeight: 'bold' },
      },
      grid: { left: 56, right: 24, top: 70, bottom: 44 },
      xAxis: {
        type: 'category',
        // labels are ours (weekday names), escaped all the same: the SVG is built as text
        data: days.map((d) => escapeXml(d)),
        axisLabel: { color: '#c9cfe0', fontSize: 15, fontFamily: FONT_FAMILY },
        axisLine: { lineStyle: { color: '#3a4366' } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: '#9aa3bf', fontSize: 13, fontFamily: FONT_FAMILY },
        splitLine: { lineStyle: { color: '#262e4a' } },
      },
      series: [
        {
          type: 'bar',
          data: [...counts],
          barWidth: '55%',
          itemStyle: { color: '#326ce5', borderRadius: [6, 6, 0, 0] },
          label: { show: true, position: 'top', color: '#f4f6fb', fontSize: 14, fontFamily: FONT_FAMILY },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export const participationChartPng = (lang: Lang, days: readonly string[], counts: readonly number[]): Buffer =>
  svgToPng(participationChartSvg(lang, days, counts));
