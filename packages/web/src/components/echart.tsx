/** ECharts in React, with only the charts and components the pages use (tree-shaken). */
import { BarChart, LineChart, PieChart, TreeChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  TreeChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  DataZoomComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type EChartOption = echarts.EChartsCoreOption;

/** Palette shared by the charts: calm utility colours, TOU periods from cheap (green) to dear (red). */
export const PALETTE = ['#2f6fb0', '#4aa37a', '#e0a030', '#c8553d', '#7b5ea7', '#3a9fb5', '#8c8c8c'];

export function EChart(props: {
  option: EChartOption;
  height?: number;
  testId?: string;
  className?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, animationDuration: 300, ...props.option }, { notMerge: true });
  }, [props.option]);

  return (
    <div
      ref={el}
      className={`echart ${props.className ?? ''}`}
      style={{ height: props.height ?? 240 }}
      data-testid={props.testId}
    />
  );
}
