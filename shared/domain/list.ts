/** `list` with `item` added at its end, or without it when it is there (a ticked box, a multiple selection). A new array. */
export const toggled = <T>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
