const formats = new Map<number, Intl.NumberFormat>();

function formatNumber(value: number, digits: number): string {
  let format = formats.get(digits);
  if (format === undefined) {
    // morePrecision keeps every integer digit (1234568, not 1235000) and `digits` significant ones below 1.
    const options = {
      maximumSignificantDigits: digits,
      maximumFractionDigits: 0,
      useGrouping: false,
    } as const;
    format = new Intl.NumberFormat('en-US', { ...options, roundingPriority: 'morePrecision' });
    formats.set(digits, format);
  }
  return format.format(value);
}

/**
 * A metric's value for people: 4 significant digits (every digit of the integer part), then the unit.
 * Given `near`, adds digits until the text no longer reads as `near`, so that 299.99 against a
 * threshold of 300 shows as 299.99, not 300.
 *
 * @param unit - `'ms'` and `'B'` follow a space, `'/s'` follows directly; default `''`.
 * @param near - a value the text must not seem equal to unless it is, such as a threshold's target.
 * @returns the text, or `'no samples'` for `NaN`.
 * @example formatValue(312.417, 'ms'); // '312.4 ms'
 */
export function formatValue(value: number, unit = '', near?: number): string {
  if (Number.isNaN(value)) return 'no samples';
  let digits = 4;
  let text = formatNumber(value, digits);
  while (near !== undefined && value !== near && Number(text) === near && digits < 17) {
    text = formatNumber(value, ++digits);
  }
  if (unit === '') return text;
  return unit.startsWith('/') ? `${text}${unit}` : `${text} ${unit}`;
}
