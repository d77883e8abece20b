import { useState, type Dispatch, type SetStateAction } from 'react';

/**
 * Local, editable state that starts from `source` and starts over from it whenever `source`
 * changes (a field's draft of a name the store may rename elsewhere). It is React's "adjusting
 * state when a prop changes": the reset happens during render, not in an effect that would first
 * paint the stale value and then render again.
 */
export function useSyncedState<T>(source: T): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState(source);
  const [seen, setSeen] = useState(source);
  if (!Object.is(seen, source)) {
    setSeen(source);
    setValue(source);
  }
  return [value, setValue];
}
