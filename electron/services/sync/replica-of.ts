/**
 * The Replica of an open project (its change log and merge rules, `replica.ts`): one per connection.
 */
import { DomainError } from '../../../shared/api/errors.js';
import type { ProjectSession } from '../project-session.js';
import type { Replica } from './replica-contract.js';

// INTEGRATE: replica.ts (helper sync-rules) implements the Replica; until it lands nothing syncs.
export function replicaOf(session: ProjectSession): Replica {
  void session;
  throw new DomainError('UNSUPPORTED', 'This build of Weft cannot sync yet: the change log (electron/services/sync/replica.ts) is missing.');
}
