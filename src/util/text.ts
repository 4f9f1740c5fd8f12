/** `text` cut to `max` characters, the last one an ellipsis, when it is longer; line breaks kept. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
