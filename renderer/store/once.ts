/**
 * The store's one guard against doing an action twice at once (a double click, Enter pressed
 * twice): actions that create something run through `once(flightKey(…), …)`; see shared/api/single-flight.ts.
 */
import { createSingleFlight, flightKey } from '../../shared/api/single-flight';

export const once = createSingleFlight();
export { flightKey };
