// The config reference in docs/configuration.md, generated from feeds.schema.json so the table cannot
// drift from the schema. `node scripts/config-reference.mjs` prints it; `--write` replaces the
// generated part of docs/configuration.md; `--check` exits 1 when that part is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const START = '<!-- reference:start -->';
const END = '<!-- reference:end -->';
const DOC = new URL('../docs/configuration.md', import.meta.url);

function typeOf(node) {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.anyOf) return node.anyOf.map(typeOf).join(' \\| ');
  if (node.type === 'array') return `${typeOf(node.items ?? {})}[]`;
  return node.type ?? 'any';
}

/** Markdown table of every leaf key of the JSON schema. */
export function referenceTable(schema) {
  const rows = [];
  const walk = (node, path) => {
    if (node.type !== 'object' || !node.properties) return;
    for (const [key, child] of Object.entries(node.properties)) {
      if (key === '$schema') continue;
      const childPath = path ? `${path}.${key}` : key;
      const isLeafObject = child.type === 'object' && child.properties;
      const isArrayOfObjects = child.type === 'array' && child.items?.type === 'object' && child.items.properties;
      if (isLeafObject) walk(child, childPath);
      else if (isArrayOfObjects) walk(child.items, `${childPath}[]`);
      else {
        const def = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
        const required = node.required?.includes(key) && child.default === undefined ? ' (required)' : '';
        rows.push(`| \`${childPath}\` | ${typeOf(child)}${required} | ${def} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`);
      }
    }
  };
  walk(schema, '');
  return '| key | type | default | meaning |\n|---|---|---|---|\n' + rows.join('\n');
}

/** The document with its generated part replaced by `table`. */
export function withReference(doc, table) {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md: markers ${START} … ${END} missing`);
  return `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const schema = JSON.parse(readFileSync(new URL('../feeds.schema.json', import.meta.url), 'utf8'));
  const table = referenceTable(schema);
  const mode = process.argv[2];
  if (mode === '--write' || mode === '--check') {
    const doc = readFileSync(DOC, 'utf8');
    const fresh = withReference(doc, table);
    if (mode === '--write') writeFileSync(DOC, fresh);
    else if (fresh !== doc) {
      console.error('docs/configuration.md is stale: run `node scripts/config-reference.mjs --write`');
      process.exit(1);
    }
  } else {
    console.log(table);
  }
}
