/** Every polyline's points in an SVG, as [x, y] pairs, in document order. */
export function polylines(svg: string): [number, number][][] {
  return [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((match) =>
    (match[1] ?? '')
      .split(' ')
      .filter(Boolean)
      .map((point) => point.split(',').map(Number) as [number, number]),
  );
}

/** The text of every `<text>` element in an SVG, markup inside it (a `<tspan>`) dropped. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>(.*?)<\/text>/g)].map((match) =>
    (match[1] ?? '').replace(/<[^>]*>/g, ''),
  );
}
