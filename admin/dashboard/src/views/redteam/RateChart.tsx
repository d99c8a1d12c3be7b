import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface RateSeries {
  name: string;
  /** One rate (0-1) per category; null where the run had none of it. */
  values: (number | null)[];
  color: string;
}

/** Rates per category as percentage bars, one series per run. Loaded on demand: ECharts stays out of the first bundle. */
export default function RateChart({ categories, series, label }: { categories: string[]; series: RateSeries[]; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      // The table beside the chart carries the figures; the chart's accessible name says what it shows.
      aria: { enabled: true, label: { description: label } },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '–') },
      legend: { data: series.map((s) => s.name), top: 0, left: 'center' },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series.map((s) => ({
        name: s.name,
        type: 'bar',
        barMaxWidth: 40,
        itemStyle: { color: s.color },
        data: s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, label]);
  return <div ref={el} style={{ height: 280, width: '100%' }} role="img" aria-label={label} />;
}
