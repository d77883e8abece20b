/** Coders, merging projects, agreement and consensus (team coding). */
import { z } from 'zod';
import type {
  AgreementReport,
  CoderIdentity,
  CoderSummary,
  ConsensusState,
  Disagreement,
  MergeLogEntry,
  MergePreview,
  MergeSummary,
  ReliabilityCalculation,
  UnitAgreementReport,
} from '../../types/team.js';
import { id, change, method, name, none, path } from './base.js';
import { archiveLimits } from './exchange.js';

const ids = z.array(id).max(100000);
const overlap = z.number().gt(0).max(100);
const decision = z.discriminatedUnion('action', [
  z.object({ action: z.literal('merge'), targetId: id }).strict(),
  z.object({ action: z.literal('new') }).strict(),
]);
const pair = { coderA: id, coderB: id };

export const teamMethods = {
  /** Who is coding on this machine (and whether they have confirmed it). */
  'team.identity': method<CoderIdentity>()(none),
  /** Sets who is coding on this machine; remembered in the settings; new codings are recorded under it. */
  'app.setCoder': method<CoderIdentity>()(z.object({ name: name.max(100) }).strict()),
  /**
   * In the open project, the coder working now takes over the work of the provisional “me” (done
   * before anyone answered “Who is coding?”): “me” is renamed to them, or, when a coder of that name
   * exists, “me”'s codings move to them (identical ones merge) and “me” is removed. One undo step;
   * `app.setCoder` runs it when there is such work.
   */
  'team.takeOverProvisional': change<CoderIdentity>()(none, { undo: (_input, identity) => `Code as ${identity.name}` }),
  'team.coders': method<CoderSummary[]>()(none),

  /** Runs the merge of another .weft/.qdpx without writing: what would be added, and code matches to review. `limits`: a .qdpx's caps (as `weft merge --max-document-mb/--max-archive-mb`). */
  'team.mergePreview': method<MergePreview>()(z.object({ path, limits: archiveLimits }).strict()),
  /** Merges another .weft/.qdpx into the open project (one transaction), with decisions for reviewed code matches. */
  'team.merge': change<MergeSummary>()(
    z.object({ path, decisions: z.record(z.string().min(1).max(100), decision).optional(), limits: archiveLimits }).strict(),
    { undo: 'Merge a copy of the project' },
  ),
  'team.merges': method<MergeLogEntry[]>()(none),

  'team.agreement': method<AgreementReport>()(
    z
      .object({
        ...pair,
        documentIds: ids.optional(),
        codeIds: ids.optional(),
        minOverlapPercent: overlap.optional(),
        /** Leave out codings lying only in the interviewer's turns (absent: the project setting "exclude interviewer turns"). */
        excludeInterviewer: z.boolean().optional(),
      })
      .strict(),
  ),
  'team.unitAgreement': method<UnitAgreementReport>()(
    z
      .object({
        coderIds: z.array(id).min(2, 'Choose at least two coders').max(50),
        documentIds: ids.optional(),
        codeIds: ids.optional(),
        uncoded: z.enum(['missing', 'category']).optional(),
        /** Leave out the interviewer's turns (absent: the project setting "exclude interviewer turns"). */
        skipInterviewer: z.boolean().optional(),
      })
      .strict(),
  ),
  /**
   * Krippendorff's alpha (with an optional bootstrapped interval), Fleiss'/Cohen's kappa and the other
   * agreement coefficients for a reliability matrix in CSV; no project needed.
   */
  'team.reliability': method<ReliabilityCalculation>()(
    z
      .object({
        csv: z.string().min(1, 'Paste or load a CSV first').max(20_000_000),
        level: z.enum(['nominal', 'ordinal', 'interval', 'ratio']),
        bootstrap: z
          .object({
            samples: z.number().int('Bootstrap samples must be a whole number').min(1, 'Use at least 1 bootstrap sample').max(100_000, 'Use at most 100,000 bootstrap samples'),
            seed: z.number().int('The seed must be a whole number').min(0, 'The seed cannot be negative').max(4_294_967_295, 'The seed must be below 2^32'),
          })
          .strict()
          .optional(),
      })
      .strict(),
  ),

  /** Starts or resumes consensus between two coders: copies agreements, lists disagreements. */
  'team.consensusStart': change<ConsensusState>()(
    z.object({ ...pair, name: name.max(100).optional(), minOverlapPercent: overlap.optional(), documentIds: ids.optional() }).strict(),
    { undo: 'Start a consensus set' },
  ),
  'team.consensusDecide': change<{ item: Disagreement; consensusCodings: number }>()(
    z
      .object({
        ...pair,
        consensusId: id,
        documentId: id,
        key: z.string().min(1).max(100),
        decision: z.enum(['a', 'b', 'both', 'neither']),
        minOverlapPercent: overlap.optional(),
      })
      .strict(),
    { undo: 'Consensus decision' },
  ),
  /** Saves a copy of the project holding only this coder's codings (e.g. the consensus set). */
  'team.exportCoderSet': method<{ path: string; coder: string; codings: number; documents: number }>()(z.object({ coderId: id, path }).strict()),
} as const;
