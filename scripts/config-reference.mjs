// Prints the README's config reference (Markdown) from feeds.schema.json, so the table cannot
// drift from the schema: `node scripts/config-reference.mjs`.
import { readFileSync } from 'node:fs';

const schema = JSON.parse(readFileSync(new URL('../feeds.schema.json', import.meta.url), 'utf8'));
const rows = [];

function typeOf(node) {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.anyOf) return node.anyOf.map(typeOf).join(' \\| ');
  if (node.type === 'array') return `${typeOf(node.items ?? {})}[]`;
  return node.type ?? 'any';
}

function walk(node, path) {
  if (node.type === 'object' && node.properties) {
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
  }
}

walk(schema, '');
console.log('| key | type | default | meaning |\n|---|---|---|---|\n' + rows.join('\n'));
