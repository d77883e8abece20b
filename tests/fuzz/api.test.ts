/**
 * Fuzz: every API method through the real dispatcher and a real AppService on a temporary project.
 * Payloads come from the contract's zod schemas (payloads.ts) with junk mixed in. Every call must
 * end in time with a result or a typed refusal (a known code, never INTERNAL), and a refusal must
 * leave every table of the project unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract';
import type { ImportJob } from '../../shared/types/entities';
import { fuzzRuns, fuzzTimeout, newStats, runFuzz, type Seed } from './mutator';
import { payloadArb, type PayloadContext } from './payloads';
import { callChecked, openFuzzProject, type FuzzProject } from './project';
import { buildSmallProject, exchangeSeeds, fixtureSeeds } from './seeds';

let p: FuzzProject;
let ctx: PayloadContext;
beforeAll(async () => {
  p = openFuzzProject();
  const sandbox = join(p.dir, 'sandbox');
  mkdirSync(sandbox);
  const ex = await exchangeSeeds(sandbox);
  const seeds: Seed[] = [...fixtureSeeds(/./), ex.qdc, ex.qdpx];
  for (const s of seeds) writeFileSync(join(sandbox, s.name), s.bytes);
  const sandboxFiles = [...seeds.map((s) => join(sandbox, s.name)), join(sandbox, 'seed.weft')];
  ctx = { sandbox, sandboxFiles, seeds };
  buildSmallProject(join(p.dir, 'content.weft')).close();
  await p.dispatch('team.merge', { path: join(p.dir, 'content.weft') });
});
afterAll(() => p.close());

describe('fuzz: every API method through the dispatcher', () => {
  const total = fuzzRuns(600);
  const perMethod = Math.max(3, Math.ceil(total / API_METHODS.length));
  it(
    `api: ${API_METHODS.length} methods, ${perMethod} payloads each, end with a result or a typed refusal that changes nothing`,
    async () => {
      const all = newStats();
      for (const method of API_METHODS) {
        const stats = await runFuzz(
          `api ${method}`,
          payloadArb(method, ctx),
          async (payload, s) => {
            const r = await callChecked(p, method, payload, s);
            // a background import must end before the next call (its writes are not this call's)
            if (r.ok && method === 'imports.start') await p.service.importJobs.wait((r.value as ImportJob).id);
            // so must a .qdpx job (a worker thread): a refusal it ends with is reported in the job, not here
            if (r.ok && (method === 'exchange.startProjectImport' || method === 'exchange.startProjectExport' || method === 'pseudonymise.start' || method === 'pseudonymise.startReidentify')) await p.service.importJobs.finished((r.value as ImportJob).id);
          },
          perMethod,
          { quiet: true },
        );
        all.inputs += stats.inputs;
        all.ok += stats.ok;
        all.refused += stats.refused;
      }
      console.log(`fuzz api: ${all.inputs} payloads over ${API_METHODS.length} methods, 0 failures (calls: ${all.refused} refused, ${all.ok} succeeded)`);
      expect(all.ok).toBeGreaterThan(0);
      expect(all.refused).toBeGreaterThan(0);
    },
    fuzzTimeout(perMethod * API_METHODS.length, 300),
  );
});
