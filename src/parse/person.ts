/**
 * Authors: an Atom person construct (`<name>`, `<email>` children) or RSS's one string, which
 * RSS 2.0 says is an e-mail address but feeds write as "me@x.org (Me)", "Me <me@x.org>" or just
 * "Me". The name is kept when there is one, else the address (CONTRACT.md).
 */
import { vocabularyName } from './namespaces.js';
import { childElements, textOf, type XmlElement } from './xml-tree.js';

export interface Person {
  name: string | null;
  email: string | null;
}

/** feedparser's address pattern: what it removes from "Name (address)" is what is left as the name. */
const EMAIL = /[A-Za-z0-9_.+-]+@(?:\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.|(?:[A-Za-z0-9-]+\.)+)(?:[A-Za-z]{2,4}|[0-9]{1,3})\]?(?:\?subject=\S+)?/;

export function readPerson(element: XmlElement): Person {
  let name: string | null = null;
  let email: string | null = null;
  let structured = false;
  for (const child of childElements(element)) {
    const key = vocabularyName(child);
    if (key === 'name') {
      structured = true;
      name ??= emptyToNull(textOf(child));
    } else if (key === 'email') {
      structured = true;
      email ??= emptyToNull(textOf(child));
    } else if (key === 'uri' || key === 'url') {
      structured = true;
    }
  }
  if (structured) return { name, email };
  return splitAuthorText(textOf(element));
}

/** "me@x.org (Me)" → { name: "Me", email: "me@x.org" }; "Me <me@x.org>" likewise. */
function splitAuthorText(text: string): Person {
  const found = EMAIL.exec(text);
  if (!found) return { name: emptyToNull(text), email: null };
  const email = found[0];
  let rest = text.replace(found[0], '').replace('()', '').replace('<>', '').replace('&lt;&gt;', '').trim();
  if (rest.startsWith('(')) rest = rest.slice(1);
  if (rest.endsWith(')')) rest = rest.slice(0, -1);
  return { name: emptyToNull(rest), email };
}

function emptyToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
