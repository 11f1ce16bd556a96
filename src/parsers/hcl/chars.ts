/** Character classification for the scanners, ASCII fast paths first. */

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Length in UTF-16 units of the identifier-start character at `i`, or 0 if none. */
export function identStartLength(text: string, i: number, c: number): number {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) return 1;
  if (c < 128) return 0;
  return nonAsciiIdentLength(text, i, c, ID_START);
}

/** Length in UTF-16 units of the identifier-continue character at `i`, or 0 if none. */
export function identPartLength(text: string, i: number, c: number): number {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45) return 1;
  if (c < 128) return 0;
  return nonAsciiIdentLength(text, i, c, ID_CONTINUE);
}

function nonAsciiIdentLength(text: string, i: number, c: number, pattern: RegExp): number {
  // Rare path: only reached for non-ASCII identifier characters.
  const width = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  return pattern.test(text.slice(i, i + width)) ? width : 0;
}

/** Unicode White_Space, as Go's unicode.IsSpace (used by strip markers and `<<-` indentation). */
export function isUnicodeSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isUnicodeSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function trimRightSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isUnicodeSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}
