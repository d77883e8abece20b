/** The SVG charts render standalone SVG: bars per value in the given order, legend, axis, titles. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from './BarChart';
import { HeatMap } from './HeatMap';
import { mix, niceTicks } from './scale';

const series = [
  { key: 'T3', label: 'T3', color: '#0ca678' },
  { key: 'T1', label: 'T1', color: '#4263eb' },
  { key: 'T2', label: 'T2', color: '#f59f00' },
];
const categories = [
  { key: 'a', label: 'Homework', depth: 0 },
  { key: 'b', label: 'Goals & <plans>', depth: 0 },
];
const values = [
  [2, 2, 3],
  [1, 0, 0],
];

describe('charts', () => {
  it('picks 1/2/5 axis steps that reach the maximum', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(130)).toEqual([0, 50, 100, 150]);
    expect(mix('#000000', 1)).toBe('rgb(0, 0, 0)');
    expect(mix('#000000', 0)).toBe('rgb(255, 255, 255)');
  });

  it('stacks one segment per non-zero value, in the order given, with a legend and titles', () => {
    const svg = renderToStaticMarkup(createElement(BarChart, { title: 'Codes by time', categories, series, values, mode: 'stacked', unit: 'codings' }));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*role="img"/);
    expect([...svg.matchAll(/data-legend="(T\d)"/g)].map((m) => m[1])).toEqual(['T3', 'T1', 'T2']);
    const homework = svg.match(/<g data-category="Homework">.*?<\/g>/s)![0];
    const bars = [...homework.matchAll(/<rect x="([\d.]+)"[^>]*data-series="(T\d)" data-value="(\d+)"/g)].map((m) => [m[2], Number(m[3]), Number(m[1])]);
    expect(bars.map(([s, v]) => `${s}=${v}`)).toEqual(['T3=2', 'T1=2', 'T2=3']);
    // stacked: each segment starts where the previous ended
    expect(bars[0]![2]).toBeLessThan(bars[1]![2] as number);
    expect(bars[1]![2]).toBeLessThan(bars[2]![2] as number);
    expect(svg).toContain('<title>Homework — T2: 3 codings</title>');
    expect(svg).toContain('Goals &amp; &lt;plans&gt;'); // text is escaped, never markup
    expect((svg.match(/<g data-category="Goals &amp; &lt;plans&gt;">.*?<\/g>/s)![0].match(/<rect/g) ?? []).length).toBe(1);
  });

  it('groups bars side by side from the same baseline', () => {
    const svg = renderToStaticMarkup(createElement(BarChart, { title: 't', categories, series, values, mode: 'grouped', unit: 'cases' }));
    const xs = [...svg.match(/<g data-category="Homework">.*?<\/g>/s)![0].matchAll(/<rect x="([\d.]+)" y="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(new Set(xs.map(([x]) => x)).size).toBe(1);
    expect(new Set(xs.map(([, y]) => y)).size).toBe(3);
  });

  it('draws a heat map cell per pair with its count and a label', () => {
    const svg = renderToStaticMarkup(createElement(HeatMap, { title: 'Co-occurrence', labels: ['A', 'B'], counts: [[3, 1], [1, 2]], onSelect: () => {} }));
    expect([...svg.matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([3, 1, 1, 2]);
    expect(svg).toContain('aria-label="A and B: 1"');
    expect(svg).toContain('role="button"');
  });
});
