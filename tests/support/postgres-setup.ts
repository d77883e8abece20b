/** vitest globalSetup: says once, in one line, when the team server tests are skipped (no PostgreSQL). */
import { HAS_POSTGRES, POSTGRES_SKIPPED_LINE } from './postgres.js';

export default function setup() {
  if (!HAS_POSTGRES) console.log(POSTGRES_SKIPPED_LINE);
}
