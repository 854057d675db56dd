/** Small display helpers shared by the pages. Pure. */

/** An address (or any long hex) as "0x1234…abcd": its first 6 and last 4 characters. */
export const shortAddress = (a: string): string => (a.length <= 11 ? a : `${a.slice(0, 6)}…${a.slice(-4)}`);
