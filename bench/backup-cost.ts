/**
 * Figure 3d: what an automatic backup costs coding. Codings are applied through the in-process
 * dispatcher while `ProjectSession.backup` copies the project with SQLite's online backup API (it
 * steps between other work); the baseline is the same codings applied just before, with no backup.
 */
import type { AppService } from '../electron/services/app-service.js';
import type { Dispatcher } from '../electron/ipc/dispatch.js';
import { fmtBytes, fmtMs, percentile, type Figure } from './report.js';

export const BACKUP_LABEL = 'Apply one coding (in-process) while an automatic backup runs';

interface CodingInput {
  documentId: number;
  codeId: number;
  start: number;
  end: number;
}

const now = () => performance.now();
const stats = (s: number[]) => ({ p50: percentile(s, 50), p99: percentile(s, 99), n: s.length });

async function applyAs(dispatch: Dispatcher, coder: string, inputs: CodingInput[], during?: () => boolean): Promise<number[]> {
  const set = await dispatch('app.setCoder', { name: coder });
  if (!set.ok) throw new Error(set.error.message);
  const times: number[] = [];
  for (const input of inputs) {
    if (during && !during()) break;
    // Requests arrive as separate events (HTTP, IPC): let the backup's next step run in between.
    await new Promise((r) => setImmediate(r));
    const t = now();
    const r = await dispatch('codings.create', input);
    times.push(now() - t);
    if (!r.ok) throw new Error(`codings.create: ${r.error.message}`);
  }
  return times;
}

export async function measureCodingDuringBackup(service: AppService, dispatch: Dispatcher, all: CodingInput[]): Promise<Figure> {
  const inputs = all.slice(0, Math.min(300, all.length));
  const session = service.current();
  const without = await applyAs(dispatch, 'Bench no backup', inputs);

  // Backups in the background, one after another, until every call below ran during one.
  let running = true;
  let backups = 0;
  let backupMs = 0;
  let size = 0;
  const loop = (async () => {
    while (running) {
      const t = now();
      const info = await session.backup('manual');
      backupMs += now() - t;
      size = info.size;
      backups++;
    }
  })();
  // Let the first backup start copying before the first call.
  await new Promise((r) => setImmediate(r));
  let during: number[];
  try {
    during = await applyAs(dispatch, 'Bench during backup', inputs);
  } finally {
    running = false;
    await loop;
  }
  const w = stats(without);
  const d = stats(during);
  return {
    id: '3d',
    label: BACKUP_LABEL,
    status: 'measured',
    value: d.p99,
    result: `p50 ${fmtMs(d.p50)} · p99 ${fmtMs(d.p99)} (n=${d.n}; ${backups} backups of ${fmtBytes(size)}, ${fmtMs(backupMs / Math.max(1, backups))} each)`,
    baseline: `same calls, no backup: p50 ${fmtMs(w.p50)} · p99 ${fmtMs(w.p99)}`,
    ratio: d.p99 / w.p99,
  };
}
