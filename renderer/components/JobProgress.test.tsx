/**
 * JobProgress as the window draws it: a bar of done of total with its count, or, while a job has
 * not counted its work yet (total 0), an indeterminate bar without a count (not “0 %”).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JobProgress } from './JobProgress';

const draw = (done: number, total: number) =>
  renderToStaticMarkup(<JobProgress inline label="Export progress" unit="documents" job={{ done, total, current: 'Writing', state: 'running' }} cancelLabel="Cancel export" onCancel={() => {}} />);

describe('JobProgress', () => {
  it('shows done of total as a bar and in words', () => {
    const html = draw(30, 120);
    expect(html).toContain('aria-valuenow="30"');
    expect(html).toContain('aria-valuemax="120"');
    expect(html).toContain('width:25%');
    expect(html).toContain('30 of 120 documents');
  });

  it('is indeterminate while the job has no total yet', () => {
    const html = draw(0, 0);
    expect(html).toContain('progress indeterminate');
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain('aria-valuenow');
    expect(html).not.toContain('0 of 0');
  });
});
