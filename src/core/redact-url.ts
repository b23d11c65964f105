/**
 * The one place that makes a URL safe to print, log or publish: userinfo (`user:password@`) is
 * removed and the values of query parameters that look like secrets become `***`. Credentials in a
 * source URL are for fetching only (issue 14); everything feedloom shows passes through here.
 */

/** Query parameter names (compared lower-case) whose values are treated as secrets. */
const SECRET_PARAMS: readonly string[] = [
  'key', 'token', 'api_key', 'apikey', 'access_token', 'secret', 'password', 'sig', 'signature', 'auth',
];

let extraSecretParams: ReadonlySet<string> = new Set();

/** The operator's own additions (`output.secretParams`), set once when the config is read. */
export function setExtraSecretParams(names: readonly string[]): void {
  extraSecretParams = new Set(names.map((name) => name.toLowerCase()));
}

function isSecretParam(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_PARAMS.includes(lower) || extraSecretParams.has(lower);
}

/** True when the URL carries userinfo or a secret-looking query parameter. */
export function hasCredentials(url: string): boolean {
  return redactUrl(url) !== url;
}

/** The URL without userinfo and with secret query values replaced by `***`; non-URLs unchanged. */
export function redactUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
  }
  let changed = false;
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '';
    parsed.password = '';
    changed = true;
  }
  // Rewritten by hand rather than through URLSearchParams, which would re-encode the other
  // parameters and so change URLs that carry no secret at all.
  if (parsed.search.length > 1) {
    const parts = parsed.search.slice(1).split('&').map((part) => {
      const eq = part.indexOf('=');
      const name = decodeSafely(eq < 0 ? part : part.slice(0, eq));
      if (eq < 0 || !isSecretParam(name) || part.slice(eq + 1) === '***') return part;
      changed = true;
      return `${part.slice(0, eq)}=***`;
    });
    parsed.search = `?${parts.join('&')}`;
  }
  return changed ? parsed.href : url;
}

/** Every http(s) URL inside a free-text message (log lines, error messages) redacted. */
export function redactUrlsInText(text: string): string {
  // Trailing punctuation belongs to the sentence, not the URL ("failed at http://…/x?key=1, retrying").
  return text.replace(/\bhttps?:\/\/[^\s"'<>]*[^\s"'<>.,;:!?)\]]/gi, (url) => redactUrl(url));
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
