import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { AppService } from '../electron/services/app-service';
import { createDispatcher } from '../electron/ipc/dispatch';
const dir = '/tmp/wt-bench-runs/prof-data';
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/settings.json`, JSON.stringify({ coderName: 'Prof', recent: [] }));
const service = new AppService({ host: 'browser', dataDir: dir });
const dispatch = createDispatcher(service.handlers);
const t = async (m: string, input: unknown = {}, n = 5) => {
  const times: number[] = [];
  let r: any;
  for (let i = 0; i < n; i++) { const a = performance.now(); r = await dispatch(m, input); times.push(performance.now() - a); if (!r.ok) throw new Error(r.error.message); }
  const s = JSON.stringify(r.value).length;
  console.log(m, JSON.stringify(input).slice(0, 60), times.map((x) => x.toFixed(1)).join(' '), `${(s / 1024).toFixed(0)} KB`);
  return r.value;
};
await t('project.open', { path: process.argv[2] }, 1);
await t('documents.list');
await t('codes.list');
const codes = await t('codes.list', {}, 1);
const hot = [...codes].sort((a: any, b: any) => b.codings - a.codings).find((c: any) => c.parentId !== null);
console.log('hot', hot.id, hot.codings);
await t('extracts.list', { codeIds: [hot.id] }, 3);
await t('undo.state');
service.shutdown();
