/** vitest globalSetup: says once, in one line, when the interoperability suite is skipped. */
import { HAS_REFI, INTEROP_SKIPPED_LINE } from './reference.js';

export default function setup() {
  if (!HAS_REFI) console.log(INTEROP_SKIPPED_LINE);
}
