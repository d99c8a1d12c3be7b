import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface CategorySeries {
  categories: string[];
  day: number[];
  week: number[];
}

/** Blocked attacks per category, last 24 h beside last 7 days. Loaded on demand: ECharts stays out of the first bundle. */
export default function CategoryChart({ data }: { data: CategorySeries }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { data: ['24 h', '7 days'], top: 0, left: 'center' },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '24 h', type: 'bar', data: data.day, barMaxWidth: 48, itemStyle: { color: '#c92a2a' } },
        { name: '7 days', type: 'bar', data: data.week, barMaxWidth: 48, itemStyle: { color: '#364fc7' } },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [data]);
  return <div ref={el} style={{ height: 260, width: '100%' }} role="img" aria-label="Blocked attacks per category, last 24 hours and last 7 days" />;
}
