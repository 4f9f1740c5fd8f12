import { redactUrl } from '../util/redact.ts';
import type { SseUrlMatcher } from './route.ts';

/**
 * Whether `url` matches, as `sse.route()` and `sse.observe()` read a matcher: a RegExp is tested on
 * the whole URL; a function gets the parsed URL; a string is a glob (`*` within a path segment, `**`
 * across them, `{a,b}` either). A glob that is a path (`/events`, `/v1/*`) matches the URL's path,
 * query aside, on `baseURL`'s origin when there is one, else on any origin; any other glob matches
 * the whole URL, as `page.route()` does.
 *
 * @example
 * urlMatches('**\/v1/chat', 'http://app.test/v1/chat'); // true
 * urlMatches('/events', 'http://127.0.0.1:3000/events?since=4'); // true
 */
export function urlMatches(matcher: SseUrlMatcher, url: string, baseURL?: string): boolean {
  if (!URL.canParse(url)) return false;
  if (typeof matcher === 'function') return matcher(new URL(url));
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0;
    return matcher.test(url);
  }
  if (!matcher.startsWith('/') || matcher.startsWith('//')) return globToRegExp(matcher).test(url);
  const parsed = new URL(url);
  if (baseURL !== undefined && URL.canParse(baseURL) && new URL(baseURL).origin !== parsed.origin)
    return false;
  return globToRegExp(matcher).test(parsed.pathname);
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*') {
      const double = glob[i + 1] === '*';
      source += double ? '.*' : '[^/]*';
      if (double) i++;
    } else if (char === '{') {
      inGroup = true;
      source += '(?:';
    } else if (char === '}' && inGroup) {
      inGroup = false;
      source += ')';
    } else if (char === ',' && inGroup) {
      source += '|';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** A matcher as messages and report steps show it: the glob or RegExp (redacted), or `a predicate`. */
export function describeMatcher(matcher: SseUrlMatcher): string {
  return typeof matcher === 'function' ? 'a predicate' : redactUrl(String(matcher));
}
