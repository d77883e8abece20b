import { mkdirSync, writeFileSync } from 'node:fs';
import { ApiClient, BackendProcess } from './api-client.js';
const dir = '/tmp/wt-bench-runs/http-data';
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/settings.json`, JSON.stringify({ coderName: 'Prof', recent: [] }));
const b = await BackendProcess.start(dir, '');
const api = new ApiClient(b.info);
const t = async (m: string, input: unknown = {}, n = 5) => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) { const a = performance.now(); await api.call(m, input); times.push(performance.now() - a); }
  console.log(m, times.map((x) => x.toFixed(1)).join(' '));
};
await t('project.open', { path: process.argv[2] }, 1);
await t('codes.list', {}, 15);
await t('documents.list', {}, 5);
await t('undo.state', {}, 5);
if (process.argv[3]) { await new Promise((r) => setTimeout(r, 5000)); await t('codes.list', {}, 15); }
await b.stop();
