import type { HandlersFor } from '../../../shared/api/contract.js';
import type { teamMethods } from '../../../shared/api/methods/team.js';
import type { CoderIdentity } from '../../../shared/types/team.js';
import { prepareThenChange } from '../undo-steps.js';
import { provisionalPending } from '../project-session.js';
import type { AppService } from '../app-service.js';
import { agreementReport, reliabilityFromCsv, unitAgreement } from '../team/agreement.js';
import { coderIdByName, listCoders } from '../team/coders.js';
import { decideConsensus, startConsensus } from '../team/consensus.js';
import { exportCoderSet } from '../team/export-set.js';
import { loadIncoming } from '../team/load.js';
import { listMerges, mergeIncoming } from '../team/merge.js';

export const DEFAULT_CONSENSUS_NAME = 'Consensus';

export const teamHandlers = (app: AppService): HandlersFor<typeof teamMethods> => {
  const identity = (): CoderIdentity => {
    const s = app.settings.get();
    const session = app.currentOrNull();
    return { name: s.coderName, confirmed: s.coderConfirmed === true, coderId: session ? coderIdByName(session.db, s.coderName) : null };
  };
  return {
    'team.identity': () => identity(),
    'app.setCoder': async ({ name }) => {
      app.settings.update({ coderName: name, coderConfirmed: true });
      const session = app.currentOrNull();
      if (session) {
        session.setCoder(name);
        // the provisional “me”'s work becomes theirs as one undo step (through the undo wrapper)
        if (!session.readOnly && provisionalPending(session.db)) await app.handlers['team.takeOverProvisional']({});
        session.coderId(); // the project now knows this coder
      }
      return identity();
    },
    'team.takeOverProvisional': () => {
      app.current().coderId();
      return identity();
    },
    'team.coders': () => listCoders(app.current().db, app.settings.get().coderName),

    'team.mergePreview': async ({ path, limits }) => {
      const s = app.current();
      const incoming = await loadIncoming(path, s.path, s.coderName, limits);
      return mergeIncoming(s.db, incoming, { dryRun: true });
    },
    'team.merge': prepareThenChange(
      async ({ path, limits }) => {
        const s = app.current();
        const incoming = await loadIncoming(path, s.path, s.coderName, limits);
        await s.backupBefore('merge');
        return incoming;
      },
      ({ decisions }, incoming) => {
        const s = app.current();
        return mergeIncoming(s.db, incoming, { decisions: decisions ?? {}, mergedBy: s.coderName }).summary;
      },
    ),
    'team.merges': () => listMerges(app.current().db),

    'team.agreement': (input) => agreementReport(app.current().db, input),
    'team.unitAgreement': (input) => unitAgreement(app.current().db, input),
    'team.reliability': ({ csv, level, bootstrap }) => reliabilityFromCsv(csv, level, undefined, bootstrap ? { bootstrap } : {}),

    'team.consensusStart': ({ name, ...rest }) => startConsensus(app.current().db, { ...rest, name: name ?? DEFAULT_CONSENSUS_NAME }),
    'team.consensusDecide': (input) => decideConsensus(app.current().db, input),
    'team.exportCoderSet': ({ coderId, path }) => exportCoderSet(app.current().db, coderId, path),
  };
};
