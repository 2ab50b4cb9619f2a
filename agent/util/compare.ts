// String order for identifiers (names, keys, paths). Plain code-unit order: `localeCompare` would
// give the same order for these but builds an ICU collator on first use (~5 ms), which a CLI
// command or a provider start would pay every time.

/** Array.sort comparator in code-unit order. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
